"""The partners part of the public read API (no language prefix)."""

from django.urls import path

from . import hotspots, initiatives, views

app_name = "partners_api"

urlpatterns = [
    path("partners.geojson", views.geojson, name="geojson"),
    path("initiatives.geojson", initiatives.initiatives_geojson, name="initiatives_geojson"),
    path("initiatives.csv", initiatives.initiatives_csv, name="initiatives_csv"),
    path("hotspots.geojson", hotspots.hotspots_geojson, name="hotspots_geojson"),
]
