from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .models import Delivery, Edition, MediaContact, PressItem, Section, Subscriber


class SectionInline(TranslationStackedInline):
    model = Section
    extra = 0


@admin.register(Edition)
class EditionAdmin(TranslationAdmin):
    list_display = ["title", "key", "status", "created"]
    list_filter = ["status"]
    prepopulated_fields = {"key": ["title"]}
    readonly_fields = ["status", "started_at", "finished_at"]
    inlines = [SectionInline]


@admin.action(description=_("Erase the selected people for good (GDPR)"))
def erase_for_good(modeladmin, request, queryset):
    from django.contrib import messages

    from .subscriptions import erase_subscribers

    count = erase_subscribers(queryset)
    modeladmin.message_user(
        request,
        _("%(count)s people erased, with their consent records and deliveries.") % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    actions = [erase_for_good]
    list_display = ["email", "language", "status", "consent_at", "created"]
    list_filter = ["status", "language", "press_review"]
    search_fields = ["email"]
    readonly_fields = ["key", "consent_at", "consent_ip", "created", "unsubscribed_at"]
    filter_horizontal = ["themes", "regions"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["edition", "subscriber", "status", "attempts", "sent_at"]
    list_filter = ["status", "edition"]
    list_select_related = ["edition", "subscriber"]
    raw_id_fields = ["subscriber"]


@admin.register(PressItem)
class PressItemAdmin(TranslationAdmin):
    """The secretariat publishes the press review here (Secretariat group: all newsletter permissions)."""

    list_display = ["title", "source", "published_on", "language", "region", "added"]
    list_filter = ["language", "region", "themes"]
    search_fields = ["title", "source", "summary"]
    date_hierarchy = "published_on"
    filter_horizontal = ["themes"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(MediaContact)
class MediaContactAdmin(admin.ModelAdmin):
    """The secretariat's media contacts (also on /newsletter/press/contacts/). Deleting one erases the
    person for good: they have no account, so nothing else holds them."""

    list_display = ["name", "outlet", "email", "region", "updated"]
    list_filter = ["region", "beats"]
    search_fields = ["name", "outlet", "email", "notes"]
    filter_horizontal = ["beats"]
