"""The practices part of the public read API (no language prefix), mounted by portal/urls.py."""

from . import api

app_name = "api"

urlpatterns = api.urlpatterns
