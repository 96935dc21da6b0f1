"""Rows of the partners app: directory, sheets, map and its GeoJSON, sheet editor, secretariat review."""

from . import LOGIN, NOT_FOUND, Entry, Expect, ok


def setup(data):
    from tests.partners.factories import (
        ApplicationFactory,
        EditorFactory,
        OfficeFactory,
        OrganisationFactory,
        RevisionFactory,
    )

    mine = OrganisationFactory(name="Matrix Soil Lab", slug="matrix-soil-lab")
    OfficeFactory(organisation=mine, label="Matrix HQ")
    other = OrganisationFactory(name="Other Soil Lab", slug="other-soil-lab")
    hidden = OrganisationFactory(name="Unpublished Lab", slug="unpublished-lab", published=False)
    EditorFactory(user=data["users"]["partner"], organisation=mine)
    revision = RevisionFactory(organisation=other)
    application = ApplicationFactory(name="Matrix Applicant Org")
    return {
        "org_mine": mine,
        "org_other": other,
        "org_hidden": hidden,
        "revision": revision,
        "application": application,
    }


ENTRIES = [
    Entry(pattern="<lang>/partners/", url=lambda d: "/en/partners/", default=ok("Matrix Soil Lab")),
    Entry(
        pattern="<lang>/partners/<slug:slug>/",
        url=lambda d: "/en/partners/matrix-soil-lab/",
        default=ok("Neighbouring partners"),
        expect={"partner": ok("Edit this sheet")},
    ),
    Entry(
        pattern="<lang>/partners/map/",
        url=lambda d: "/en/partners/map/",
        default=ok("Map of the partners"),
    ),
    Entry(
        pattern="api/v1/partners.geojson",
        url=lambda d: "/api/v1/partners.geojson",
        default=ok('"Matrix Soil Lab"'),
    ),
    Entry(
        pattern="<lang>/partners/revisions/",
        url=lambda d: "/en/partners/revisions/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "secretariat": ok("Other Soil Lab")},
    ),
    Entry(
        pattern="<lang>/partners/revisions/<int:pk>/",
        url=lambda d: f"/en/partners/revisions/{d['revision'].pk}/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "secretariat": ok("Changes field by field")},
    ),
    Entry(
        pattern="<lang>/my/organisation/",
        url=lambda d: "/en/my/organisation/",
        default=ok("You do not edit any organisation"),
        expect={"anonymous": LOGIN, "partner": Expect(302, "/en/my/organisation/matrix-soil-lab/")},
    ),
    Entry(
        pattern="<lang>/my/organisation/<slug:slug>/",
        url=lambda d: "/en/my/organisation/matrix-soil-lab/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "partner": ok("Submit for review")},
    ),
]

ENTRIES += [
    Entry(
        pattern="<lang>/partners/join/",
        url=lambda d: "/en/partners/join/",
        default=ok("Send the application"),
        expect={"anonymous": LOGIN},
    ),
    Entry(
        pattern="<lang>/partners/applications/",
        url=lambda d: "/en/partners/applications/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "secretariat": ok("Matrix Applicant Org")},
    ),
    Entry(
        pattern="<lang>/partners/applications/<int:pk>/",
        url=lambda d: f"/en/partners/applications/{d['application'].pk}/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "secretariat": ok("Accept and create the organisation")},
    ),
    Entry(
        pattern="<lang>/partners/applications/<int:pk>/declaration.pdf",
        url=lambda d: f"/en/partners/applications/{d['application'].pk}/declaration.pdf",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "secretariat": ok("%PDF-1.4")},
        note="The signed declaration lives in the private storage; only the secretariat downloads it.",
    ),
]

ENTRIES += [
    Entry(
        pattern="<lang>/partners/<slug:slug>/contact/",
        url=lambda d: "/en/partners/matrix-soil-lab/contact/",
        default=ok("Send the message"),
        expect={"anonymous": LOGIN},
    ),
]
