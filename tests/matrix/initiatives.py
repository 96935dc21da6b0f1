"""Rows of the inventory of initiatives (partners app): public pages and open data."""

from . import NOT_FOUND, Entry, ok


def setup(data):
    from tests.partners.test_initiatives import make_initiative

    make_initiative("Matrix initiative", themes=("agroforestry",), regions=("oceania",))
    make_initiative("Matrix hidden initiative", published=False)
    return {}


ENTRIES = [
    Entry(pattern="<lang>/initiatives/", url=lambda d: "/en/initiatives/", default=ok("Matrix initiative")),
    Entry(
        pattern="<lang>/initiatives/<slug:slug>/",
        url=lambda d: "/en/initiatives/matrix-initiative/",
        default=ok("<h1>Matrix initiative</h1>"),
    ),
    Entry(
        pattern="<lang>/initiatives/gaps/",
        url=lambda d: "/en/initiatives/gaps/",
        default=ok("Research gaps"),
    ),
    Entry(pattern="api/v1/initiatives.csv", url=lambda d: "/api/v1/initiatives.csv", default=ok("#org+impl")),
    Entry(
        pattern="api/v1/initiatives.geojson",
        url=lambda d: "/api/v1/initiatives.geojson",
        default=ok("Matrix initiative"),
    ),
    Entry(
        pattern="<lang>/initiatives/<slug:slug>/",
        url=lambda d: "/en/initiatives/matrix-hidden-initiative/",
        default=NOT_FOUND,
        note="Unpublished initiatives are 404 for everybody on the public pages.",
    ),
]

ENTRIES += [
    Entry(
        pattern="api/v1/hotspots.geojson",
        url=lambda d: "/api/v1/hotspots.geojson",
        default=ok('"FeatureCollection"'),
        note="The hotspot layer is public open data.",
    ),
]
