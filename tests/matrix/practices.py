"""Rows of the practices database: public pages and API, contribution, moderation."""

from . import LOGIN, NOT_FOUND, Entry, ok

CONTRIBUTORS = ("friend", "partner", "secretariat")


def setup(data):
    from practices.models import PracticeDraft
    from tests.practices.factories import make_practice

    practice = make_practice(name_en="Matrix agroforestry", slug="matrix-agroforestry")
    other = make_practice(name_en="Matrix cover crops", slug="matrix-cover-crops", category="cover-crops")
    draft = PracticeDraft.objects.create(
        author=data["users"]["friend"], status="submitted", data={"name_en": "Matrix proposal", "category": "biochar"}
    )
    return {"practice": practice, "other_practice": other, "practice_draft": draft}


def contributors(expect):
    return {role: expect for role in CONTRIBUTORS}


ENTRIES = [
    Entry(pattern="<lang>/practices/", url=lambda d: "/en/practices/", default=ok("Matrix agroforestry")),
    Entry(
        pattern="<lang>/practices/<slug:slug>/",
        url=lambda d: "/en/practices/matrix-agroforestry/",
        default=ok("<h1>Matrix agroforestry</h1>"),
    ),
    Entry(
        pattern="<lang>/practices/<slug:slug>/sheet.pdf",
        url=lambda d: "/en/practices/matrix-agroforestry/sheet.pdf",
        default=ok("%PDF-1.7"),
    ),
    Entry(
        pattern="<lang>/practices/compare/",
        url=lambda d: f"/en/practices/compare/?ids={d['practice'].pk},{d['other_practice'].pk}",
        default=ok("Matrix cover crops"),
    ),
    Entry(
        pattern="<lang>/practices/mine/",
        url=lambda d: "/en/practices/mine/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, **contributors(ok("My practices")), "friend": ok("Matrix proposal")},
    ),
    Entry(
        pattern="<lang>/practices/propose/",
        url=lambda d: "/en/practices/propose/",
        default=ok("Who may propose a practice"),
        expect={"anonymous": LOGIN, **contributors(ok("Propose a practice"))},
        note="Signed in but not a contributor: who may propose, and how to become one (not a 404).",
    ),
    Entry(
        pattern="<lang>/practices/drafts/<int:pk>/delete/",
        url=lambda d: f"/en/practices/drafts/{d['practice_draft'].pk}/delete/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "friend": ok("Delete the draft “Matrix proposal”?")},
        note="Only the author deletes a draft (after confirming by POST).",
    ),
    Entry(
        pattern="<lang>/practices/<slug:slug>/edit/",
        url=lambda d: "/en/practices/matrix-agroforestry/edit/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, **contributors(ok("Propose an edit of"))},
    ),
    Entry(
        pattern="<lang>/practices/drafts/<int:pk>/",
        url=lambda d: f"/en/practices/drafts/{d['practice_draft'].pk}/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "friend": ok("Matrix proposal")},
        note="Only the author opens a draft; everybody else gets 404.",
    ),
    Entry(
        pattern="<lang>/practices/review/",
        url=lambda d: "/en/practices/review/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "secretariat": ok("Matrix proposal")},
    ),
    Entry(
        pattern="<lang>/practices/review/<int:pk>/",
        url=lambda d: f"/en/practices/review/{d['practice_draft'].pk}/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "secretariat": ok("Review “Matrix proposal”")},
    ),
    Entry(pattern="api/v1/practices/", url=lambda d: "/api/v1/practices/", default=ok('"Matrix agroforestry"')),
    Entry(
        pattern="api/v1/practices.geojson",
        url=lambda d: "/api/v1/practices.geojson",
        default=ok('"FeatureCollection"'),
    ),
    Entry(
        pattern="api/v1/practice-places.geojson",
        url=lambda d: "/api/v1/practice-places.geojson",
        default=ok('"FeatureCollection"'),
    ),
    Entry(pattern="api/v1/practices.csv", url=lambda d: "/api/v1/practices.csv", default=ok("Matrix cover crops")),
    Entry(pattern="api/v1/openapi.json", url=lambda d: "/api/v1/openapi.json", default=ok('"openapi"')),
]
