"""The public read API (/api/v1/, no language prefix), mounted by portal/urls.py with include().

The apps declare their endpoints (practices/api.py, partners/api.py); one django-ninja API joins their
routers so that one OpenAPI schema describes them all. It is assembled here, in the highest app that
has endpoints, because portal imports no domain app (tests/test_layers.py).
"""

from partners import api as partners_api
from portal import api

from . import api as practices_api

public_api = api.build(
    practices_api.router,
    partners_api.router,
    title="4 per 1000 open data API",
    version="1",
    description="Published practices, partners, initiatives and hotspots of the 4 per 1000 Initiative. "
    "No token; rate limited per IP address (429 with Retry-After). See docs/api.md.",
    openapi_extra={"info": {"license": {"name": "CC BY-SA 4.0 (practices: see each record's licence)"}}},
)

urlpatterns = public_api.urls[0]
app_name = "api"
