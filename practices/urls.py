from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("compare/", views.practice_compare, name="compare"),
    path("mine/", views.my_drafts, name="my_drafts"),
    path("propose/", views.propose, name="propose"),
    path("drafts/<int:pk>/", views.draft_edit, name="draft_edit"),
    path("drafts/<int:pk>/delete/", views.draft_delete, name="draft_delete"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review_draft, name="review_draft"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/sheet.pdf", views.practice_pdf, name="pdf"),
    path("<slug:slug>/edit/", views.draft_edit, name="edit"),
]
