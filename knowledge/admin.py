from django.contrib import admin

from . import services
from .models import CollegeModerator


@admin.register(CollegeModerator)
class CollegeModeratorAdmin(admin.ModelAdmin):
    """The secretariat names the moderators of a college's knowledge pages (through the services, so each
    appointment is in the audit trail; the group membership follows, knowledge.signals)."""

    list_display = ("user", "college")
    list_filter = ("college",)
    autocomplete_fields = ("user",)
    search_fields = ("user__email", "user__display_name")

    def has_change_permission(self, request, obj=None):
        return False  # appoint or dismiss, nothing to edit

    def save_model(self, request, obj, form, change):
        saved = services.appoint_moderator(obj.user, obj.college, by=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.dismiss_moderator(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for moderator in queryset:
            services.dismiss_moderator(moderator, by=request.user)
