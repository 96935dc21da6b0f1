"""Mounted at the root of the language-prefixed URLs (portal/urls.py): the public pages live under
/partners/, a partner editor's sheet editor under /my/organisation/."""

from django.urls import path

from . import initiatives, views

app_name = "partners"

urlpatterns = [
    path("partners/", views.directory, name="directory"),
    path("initiatives/", initiatives.initiative_list, name="initiatives"),
    path("initiatives/gaps/", initiatives.gaps, name="initiative_gaps"),
    path("initiatives/<slug:slug>/", initiatives.initiative_detail, name="initiative"),
    path("partners/map/", views.partner_map, name="map"),
    path("partners/join/", views.join, name="join"),
    path("partners/applications/", views.applications, name="applications"),
    path("partners/applications/<int:pk>/", views.application, name="application"),
    path(
        "partners/applications/<int:pk>/declaration.pdf",
        views.application_declaration,
        name="application_declaration",
    ),
    path("partners/revisions/", views.revisions, name="revisions"),
    path("partners/revisions/<int:pk>/", views.revision, name="revision"),
    path("partners/<slug:slug>/", views.detail, name="detail"),
    path("partners/<slug:slug>/contact/", views.contact, name="contact"),
    path("my/organisation/", views.my_organisations, name="edit"),
    path("my/organisation/<slug:slug>/", views.edit_sheet, name="edit_sheet"),
]
