"""Rows of the knowledge app: the history of a knowledge page (its bank and pages are Wagtail pages,
served by the catch-all). The page here belongs to the research college: the partner account (an editor
of Matrix Soil Lab, research college, hence a knowledge member) and the secretariat see its history;
everyone else gets a 404, visitors too (the page does not exist for them)."""

from . import NOT_FOUND, Entry, ok


def setup(data):
    from knowledge import services
    from knowledge.models import KnowledgeIndexPage, KnowledgePage
    from portal.models import HomePage

    home = HomePage.objects.get(locale__language_code="en")
    bank = home.add_child(instance=KnowledgeIndexPage(title="Knowledge bank", slug="knowledge"))
    bank.save_revision().publish()
    page = bank.add_child(
        instance=KnowledgePage(
            title="Matrix research plan", slug="matrix-plan", summary="First.", scope="college:research"
        )
    )
    page.save_revision(user=data["users"]["secretariat"]).publish()
    page.summary = "Second."
    page.save_revision(user=data["users"]["secretariat"]).publish()
    services.sync_bank_rights()
    return {"knowledge_pk": page.pk}


ENTRIES = [
    Entry(
        pattern="<lang>/knowledge/<int:pk>/history/",
        url=lambda d: f"/en/knowledge/{d['knowledge_pk']}/history/",
        default=NOT_FOUND,
        expect={
            "partner": ok("Compare with the revision before"),
            "secretariat": ok("Compare with the revision before"),
        },
        note="Knowledge members and the secretariat, on pages they may read (a research-college page here).",
    ),
]
