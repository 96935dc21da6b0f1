"""Rows of the public API's own patterns (the endpoints are in the rows of their apps)."""

from . import Entry, ok

ENTRIES = [
    # django-ninja's root of the API (it finds its operations through it): where the schema is.
    Entry(
        pattern="api/v1/", url=lambda d: "/api/v1/", default=ok('"openapi": "http://testserver/api/v1/openapi.json"')
    ),
]
