"""Mounted at the root of the language-prefixed URLs (portal/urls.py)."""

from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("friends/join/", views.join, name="join"),
    path("members/", views.directory, name="directory"),
    path("members/profile/", views.edit_profile, name="edit_profile"),
    path("members/profile/delete/", views.delete_profile, name="delete_profile"),
    path("members/<int:pk>/", views.profile, name="profile"),
    path("members/<int:pk>/contact/", views.contact, name="contact"),
    path("colleges/<slug:code>/", views.college_space, name="college"),
    path("regions/<slug:code>/", views.region_space, name="region"),
    # The region page moved here from partners (a permanent redirect keeps old links and bookmarks).
    path("partners/regions/<slug:code>/", views.old_region_page, name="old_region"),
]
