"""Rows of the annual call: calls and self-assessment (public), proposals (their owner and
co-applicants), review (assigned reviewers; chair and secretariat manage), funders (positively decided
proposals only).

Co-applicants of the draft: "friend" accepted read access, "partner" accepted write access,
"correspondent" is invited and has not accepted yet."""

from . import LOGIN, NOT_FOUND, Entry, Expect, ok, redirect, xlsx_text

MANAGERS = ("chair", "secretariat")
FORBIDDEN = Expect(403, "Forbidden")  # a co-applicant sees the proposal but may not do this
OTHER_ADDRESS = Expect(404, "sent to another e-mail address")


def setup(data):
    from projects.models import Assignment
    from tests.projects.factories import (
        AssignmentFactory,
        BudgetLineFactory,
        CallFactory,
        ProposalFactory,
        SubmittedProposalFactory,
        decided_call,
        submitted_review,
    )

    users = data["users"]
    call = CallFactory(title_en="Matrix call")
    draft = ProposalFactory(call=call, owner=users["applicant"], title="Matrix draft")
    submitted = SubmittedProposalFactory(call=call, owner=users["applicant"], title="Matrix submitted")
    BudgetLineFactory(proposal=submitted)
    from django.core.files.base import ContentFile

    from projects.models import ProposalDocument

    pdf = ContentFile(b"%PDF-1.4 matrix document", name="plan.pdf")
    document = ProposalDocument.objects.create(proposal=submitted, title="Plan", file=pdf, size=pdf.size)
    draft_pdf = ContentFile(b"%PDF-1.4 matrix draft document", name="draft.pdf")
    draft_document = ProposalDocument.objects.create(proposal=draft, title="Draft plan", file=draft_pdf, size=7)
    reviewed = AssignmentFactory(proposal=submitted, reviewer=users["reviewer"])
    Assignment.objects.filter(pk=reviewed.pk).update(conflict="no", conflict_declared_at=call.opens_at)
    other = SubmittedProposalFactory(call=call, title="Matrix undeclared")
    undeclared = AssignmentFactory(proposal=other, reviewer=users["reviewer"])
    old = decided_call(title_en="Matrix decided call")
    funded = SubmittedProposalFactory(call=old, title="Matrix funded", status="decided", decision="positive")
    submitted_review(AssignmentFactory(proposal=funded))
    old.decisions_published_at = old.decision_date
    old.save()
    from django.utils import timezone

    from projects.models import ProposalMember

    now = timezone.now()
    owner = users["applicant"]
    reader = ProposalMember.objects.create(
        proposal=draft,
        email="friend@example.org",
        access="read",
        invited_by=owner,
        user=users["friend"],
        accepted_at=now,
    )
    ProposalMember.objects.create(
        proposal=draft,
        email="partner@example.org",
        access="write",
        invited_by=owner,
        user=users["partner"],
        accepted_at=now,
    )
    pending = ProposalMember.objects.create(
        proposal=draft, email="Correspondent@example.org", access="read", invited_by=owner
    )
    return {
        "reader": reader,
        "pending": pending,
        "call": call,
        "draft": draft,
        "submitted": submitted,
        "reviewed": reviewed,
        "undeclared": undeclared,
        "funded": funded,
        "document": document,
        "draft_document": draft_document,
    }


def _invitation_url(member):
    from django.utils import translation

    from projects.services import invitation_path

    with translation.override("en"):
        return invitation_path(member)


def _managers(expect):
    return {"anonymous": LOGIN, **{role: expect for role in MANAGERS}}


ENTRIES = [
    Entry(pattern="<lang>/calls/", url=lambda d: "/en/calls/", default=ok("Matrix call")),
    Entry(
        pattern="<lang>/calls/<int:year>/",
        url=lambda d: f"/en/calls/{d['call'].year}/",
        default=ok("Carbon stock"),
    ),
    Entry(
        pattern="<lang>/calls/<int:year>/self-assessment/",
        url=lambda d: f"/en/calls/{d['call'].year}/self-assessment/",
        default=ok("Team readiness"),
    ),
    Entry(
        pattern="<lang>/my/proposals/",
        url=lambda d: "/en/my/proposals/",
        default=ok("You have no proposal yet."),
        expect={
            "anonymous": LOGIN,
            "applicant": ok("Matrix draft"),
            "friend": ok("co-applicant (read only)"),
            "partner": ok("co-applicant (can edit)"),
            "correspondent": ok("Invitations waiting for you"),
        },
    ),
    Entry(
        pattern="<lang>/my/proposals/new/<int:year>/",
        url=lambda d: f"/en/my/proposals/new/{d['call'].year}/",
        default=ok("New proposal"),
        expect={"anonymous": LOGIN},
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/",
        url=lambda d: f"/en/my/proposals/{d['draft'].pk}/",
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "applicant": ok("Send the invitation"),
            "partner": ok("Save draft"),
            "friend": ok("read-only access"),
        },
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/withdraw/",
        url=lambda d: f"/en/my/proposals/{d['submitted'].pk}/withdraw/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "applicant": ok("Withdraw this proposal?")},
        note="Only the owner withdraws (co-applicants get a 404 too); GET only asks to confirm. "
        "tests/projects/test_withdraw.py covers withdrawing and the refusals.",
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/submit/",
        url=lambda d: f"/en/my/proposals/{d['draft'].pk}/submit/",
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "applicant": ok("Submit this proposal?"),
            "friend": FORBIDDEN,
            "partner": FORBIDDEN,
        },
        note="Only the owner confirms a submission; GET shows what would be submitted (here: what is missing). "
        "tests/projects/test_submission.py covers confirming, versions and a draft changed meanwhile.",
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/reopen/",
        url=lambda d: f"/en/my/proposals/{d['submitted'].pk}/reopen/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "applicant": ok("Reopen this proposal for changes?")},
        note="Only the owner reopens, until the submission deadline; GET only asks to confirm.",
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/documents/<int:document>/remove/",
        url=lambda d: f"/en/my/proposals/{d['draft'].pk}/documents/{d['draft_document'].pk}/remove/",
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "applicant": ok("Remove this document?"),
            "partner": ok("Remove this document?"),
            "friend": FORBIDDEN,
        },
        note="Those who edit the draft; GET only asks to confirm. tests/projects/test_submission.py removes.",
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/documents/",
        url=lambda d: f"/en/my/proposals/{d['draft'].pk}/documents/",
        method="post",
        post_data=lambda d: {"title": "No file"},
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "applicant": redirect("/en/my/proposals/"),
            "partner": redirect("/en/my/proposals/"),
            "friend": FORBIDDEN,
        },
        note="Without a file the form is refused and nothing is stored; tests/projects covers uploads.",
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/members/",
        url=lambda d: f"/en/my/proposals/{d['draft'].pk}/members/",
        method="post",
        post_data=lambda d: {"invite-email": "new.colleague@example.org", "invite-access": "read"},
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "applicant": redirect("/en/my/proposals/"),
            "friend": FORBIDDEN,
            "partner": FORBIDDEN,
        },
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/members/<int:member>/",
        url=lambda d: f"/en/my/proposals/{d['draft'].pk}/members/{d['reader'].pk}/",
        method="post",
        post_data=lambda d: {"access": "write"},
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "applicant": redirect("/en/my/proposals/"),
            "friend": FORBIDDEN,
            "partner": FORBIDDEN,
        },
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/members/<int:member>/revoke/",
        url=lambda d: f"/en/my/proposals/{d['draft'].pk}/members/{d['reader'].pk}/revoke/",
        method="post",
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "applicant": redirect("/en/my/proposals/"),
            "friend": FORBIDDEN,
            "partner": FORBIDDEN,
        },
    ),
    Entry(
        pattern="<lang>/my/proposals/invitations/<str:token>/",
        url=lambda d: _invitation_url(d["pending"]),
        default=OTHER_ADDRESS,
        expect={
            "anonymous": LOGIN,
            "correspondent": ok("Accept the invitation"),
            "applicant": Expect(404, "You own this proposal already."),
        },
        note="Only the account of the invited, verified address may accept; tests/projects/test_members.py "
        "covers accepting, expired, revoked and mangled links.",
    ),
    Entry(
        pattern="<lang>/my/proposals/<int:pk>/documents/<int:document>/",
        url=lambda d: f"/en/my/proposals/{d['submitted'].pk}/documents/{d['document'].pk}/",
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "applicant": ok("%PDF-1.4 matrix document"),
            "reviewer": ok("%PDF-1.4 matrix document"),
            "chair": ok("%PDF-1.4 matrix document"),
            "secretariat": ok("%PDF-1.4 matrix document"),
        },
    ),
    Entry(
        pattern="<lang>/review/",
        url=lambda d: "/en/review/",
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "reviewer": ok("Matrix undeclared"),
            "chair": ok("No proposal is assigned to you."),
            "secretariat": ok("Manage calls"),
        },
    ),
    Entry(
        pattern="<lang>/review/languages/",
        url=lambda d: "/en/review/languages/",
        method="post",
        post_data=lambda d: {"languages": ["en", "fr"]},
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "reviewer": redirect("/en/review/"), "chair": redirect("/en/review/")},
        note="Only STC members declare review languages; tests/projects/test_languages.py covers the rest.",
    ),
    Entry(
        pattern="<lang>/review/<int:pk>/",
        url=lambda d: f"/en/review/{d['reviewed'].pk}/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "reviewer": ok("Submit my review")},
    ),
    Entry(
        pattern="<lang>/review/<int:pk>/conflict/",
        url=lambda d: f"/en/review/{d['undeclared'].pk}/conflict/",
        method="post",
        post_data=lambda d: {"conflict": "no"},
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "reviewer": redirect("/en/review/")},
    ),
    Entry(
        pattern="<lang>/review/calls/<int:year>/",
        url=lambda d: f"/en/review/calls/{d['call'].year}/",
        default=NOT_FOUND,
        expect=_managers(ok("Matrix submitted")),
    ),
    Entry(
        pattern="<lang>/review/calls/<int:year>/ranking.csv",
        url=lambda d: f"/en/review/calls/{d['call'].year}/ranking.csv",
        default=NOT_FOUND,
        expect=_managers(ok("Matrix submitted")),
    ),
    Entry(
        pattern="<lang>/review/calls/<int:year>/ranking.xlsx",
        url=lambda d: f"/en/review/calls/{d['call'].year}/ranking.xlsx",
        default=NOT_FOUND,
        expect=_managers(Expect(200, "Matrix submitted", read=xlsx_text)),
        note="A spreadsheet: the matrix reads its cells; test_ranking_exports_as_xlsx checks the columns.",
    ),
    Entry(
        pattern="<lang>/review/calls/<int:year>/assign/",
        url=lambda d: f"/en/review/calls/{d['call'].year}/assign/",
        method="post",
        post_data=lambda d: {"proposal": d["submitted"].pk, "reviewer": d["users"]["chair"].pk},
        default=NOT_FOUND,
        expect=_managers(redirect("/en/review/calls/")),
    ),
    Entry(
        pattern="<lang>/review/calls/<int:year>/auto-assign/",
        url=lambda d: f"/en/review/calls/{d['call'].year}/auto-assign/",
        method="post",
        post_data=lambda d: {"per_proposal": 1},
        default=NOT_FOUND,
        expect=_managers(redirect("/en/review/calls/")),
    ),
    Entry(
        pattern="<lang>/review/calls/<int:year>/close-reviewing/",
        url=lambda d: f"/en/review/calls/{d['call'].year}/close-reviewing/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "chair": ok("Confirm: close reviewing")},
        note="Only the chair closes reviewing; GET asks to confirm. tests/projects/test_phases.py covers it.",
    ),
    Entry(
        pattern="<lang>/review/calls/<int:year>/publish/",
        url=lambda d: f"/en/review/calls/{d['call'].year}/publish/",
        method="post",
        default=NOT_FOUND,
        expect=_managers(ok("Reviewing is still open")),
        note="A POST without the confirmation (and any POST while reviewing is open) shows the summary and "
        "publishes nothing; tests/projects/test_phases.py covers publishing.",
    ),
    Entry(
        pattern="<lang>/review/proposals/<int:pk>/",
        url=lambda d: f"/en/review/proposals/{d['submitted'].pk}/",
        default=NOT_FOUND,
        expect=_managers(ok("Stage the decision")),
    ),
    Entry(
        pattern="<lang>/funders/",
        url=lambda d: "/en/funders/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "funder": ok("Matrix funded"), "secretariat": ok("Matrix funded")},
    ),
    Entry(
        pattern="<lang>/funders/<int:pk>/",
        url=lambda d: f"/en/funders/{d['funded'].pk}/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "funder": ok("Express interest"), "secretariat": ok("Matrix funded")},
    ),
]
