"""The partners part of the public read API (no language prefix)."""

from django.urls import path

from . import views

app_name = "partners_api"

urlpatterns = [
    path("partners.geojson", views.geojson, name="geojson"),
]
