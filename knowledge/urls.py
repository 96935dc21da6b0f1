"""Mounted at the root of the language-prefixed URLs (portal/urls.py), before Wagtail's pages."""

from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("knowledge/<int:pk>/history/", views.history, name="history"),
]
