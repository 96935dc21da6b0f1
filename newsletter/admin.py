from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .models import Delivery, Edition, Section, Subscriber


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


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "status", "consent_at", "created"]
    list_filter = ["status", "language"]
    search_fields = ["email"]
    readonly_fields = ["key", "consent_at", "consent_ip", "created", "unsubscribed_at"]
    filter_horizontal = ["themes", "regions"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["edition", "subscriber", "status", "attempts", "sent_at"]
    list_filter = ["status", "edition"]
    list_select_related = ["edition", "subscriber"]
    raw_id_fields = ["subscriber"]
