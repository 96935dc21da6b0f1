from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("mine/", views.my_subscription, name="mine"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("archive/", views.archive, name="archive"),
    path("press/", views.press_review, name="press"),
    path("press/add/", views.press_add, name="press_add"),
    path("press/weeks/", views.press_weeks, name="press_weeks"),
    path("press/weeks/<str:week>/", views.press_week, name="press_week"),
    path("press/contacts/", views.media_contacts, name="media_contacts"),
    path("press/contacts/new/", views.media_contact_edit, name="media_contact_new"),
    path("press/contacts/<int:pk>/", views.media_contact_edit, name="media_contact"),
    path("press/contacts/export.csv", views.media_contacts_export, {"fmt": "csv"}, name="media_contacts_csv"),
    path("press/contacts/export.xlsx", views.media_contacts_export, {"fmt": "xlsx"}, name="media_contacts_xlsx"),
    path("archive/<slug:key>/", views.archive_detail, name="archive_detail"),
    path("editions/", views.edition_list, name="editions"),
    path("editions/new/", views.edition_new, name="edition_new"),
    path("editions/<int:pk>/", views.edition_detail, name="edition"),
    path("editions/<int:pk>/progress.json", views.edition_progress, name="edition_progress"),
    path("editions/<int:pk>/preview/<str:language>/", views.edition_preview, name="edition_preview"),
    path("editions/<int:pk>/action/", views.edition_action, name="edition_action"),
    path("editions/<int:pk>/start/", views.edition_start, name="edition_start"),
    path("editions/<int:pk>/test-send/", views.edition_test_send, name="edition_test_send"),
    path("subscribers/export.csv", views.subscribers_export, name="subscribers_export"),
    path("subscribers/import/", views.subscribers_import, name="subscribers_import"),
]
