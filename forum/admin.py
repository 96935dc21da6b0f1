from django.contrib import admin

from .models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "kind", "read_scope", "post_scope", "space", "position")
    list_filter = ("kind", "read_scope")
    search_fields = ("slug", "name")
