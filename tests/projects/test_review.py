"""STC review: conflict first, review drafts and submission, others' reviews only afterwards,
assignment by hand and automatic, ranking in the database, decisions published once, and the leak
test of the confidential comment."""

import pytest
from django.core import mail

from portal import roles
from portal.models import AuditEvent
from projects import services
from projects.models import Assignment, Proposal, Review
from tests.factories import UserFactory

from .factories import (
    AssignmentFactory,
    BudgetLineFactory,
    CallFactory,
    SubmittedProposalFactory,
    reviewing_call,
    submitted_review,
)

pytestmark = pytest.mark.django_db

SECRET = "PLANTED-CONFIDENTIAL-7f3a"


def _reviewer(**kwargs):
    return UserFactory(role=roles.STC_REVIEWER, **kwargs)


def _client(client, user):
    client.force_login(user)
    return client


def test_reviewer_sees_only_the_title_until_the_conflict_is_declared(client):
    assignment = AssignmentFactory(proposal__summary="Hidden summary text", reviewer=_reviewer())
    c = _client(client, assignment.reviewer)
    workspace = c.get("/en/review/").content.decode()
    assert assignment.proposal.title in workspace and "Hidden summary text" not in workspace
    response = c.get(f"/en/review/{assignment.pk}/")
    assert response.status_code == 302 and response["Location"] == "/en/review/"
    assert "Hidden summary text" not in c.get(response["Location"]).content.decode()


def test_no_conflict_opens_the_proposal(client):
    assignment = AssignmentFactory(proposal__summary="Readable summary", reviewer=_reviewer())
    c = _client(client, assignment.reviewer)
    response = c.post(f"/en/review/{assignment.pk}/conflict/", {"conflict": "no"}, follow=True)
    assert "Readable summary" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.conflict == "no" and assignment.conflict_declared_at is not None
    assert AuditEvent.objects.filter(verb="assignment.conflict_declared", object_id=assignment.pk).exists()


def test_conflicted_reviewer_never_sees_the_proposal_again(client):
    assignment = AssignmentFactory(proposal__summary="Conflicted summary", reviewer=_reviewer())
    c = _client(client, assignment.reviewer)
    c.post(f"/en/review/{assignment.pk}/conflict/", {"conflict": "yes"})
    response = c.get(f"/en/review/{assignment.pk}/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    # The declaration cannot be changed back.
    response = c.post(f"/en/review/{assignment.pk}/conflict/", {"conflict": "no"})
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.conflict == "yes"
    workspace = c.get("/en/review/").content.decode()
    assert assignment.proposal.title not in workspace and "Withdrawn (conflict of interest)" in workspace


def _review_data(call, value="4", **extra):
    data = {"recommendation": "fund", "confidence": "3", "confidential_comment": "", "feedback": "Good"}
    for criterion in call.criteria.exclude(use="self"):
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = f"about {criterion.code}"
    data.update(extra)
    return data


def test_review_draft_then_submit(client):
    assignment = AssignmentFactory(reviewer=_reviewer(), conflict="no", conflict_declared_at="2030-01-01T00:00Z")
    call = assignment.proposal.call
    c = _client(client, assignment.reviewer)
    data = _review_data(call, recommendation="")
    data[f"score_{call.criteria.get(code='mrv').pk}"] = ""
    response = c.post(f"/en/review/{assignment.pk}/", {**data, "save": "1"}, follow=True)
    assert "Your draft review was saved." in response.content.decode()
    review = Review.objects.get(assignment=assignment)
    # The comment typed without a score is kept in the draft too.
    assert review.status == "draft" and review.scores.exclude(value=None).count() == 1
    assert review.scores.get(value=None).comment == "about mrv"
    # Submitting an incomplete review names what is missing and keeps what was typed.
    response = c.post(f"/en/review/{assignment.pk}/", {**data, "feedback": "Kept text", "submit": "1"})
    body = response.content.decode()
    assert "Give a score before you submit." in body and "Choose a recommendation before you submit." in body
    assert "Kept text" in body
    review.refresh_from_db()
    assert review.status == "draft"
    response = c.post(f"/en/review/{assignment.pk}/", {**_review_data(call), "submit": "1"}, follow=True)
    assert "Your review was submitted." in response.content.decode()
    review.refresh_from_db()
    assert review.status == "submitted" and sorted(review.scores.values_list("value", flat=True)) == [4, 4]


def test_score_outside_the_scale_is_refused(client):
    assignment = AssignmentFactory(reviewer=_reviewer(), conflict="no", conflict_declared_at="2030-01-01T00:00Z")
    c = _client(client, assignment.reviewer)
    response = c.post(
        f"/en/review/{assignment.pk}/", {**_review_data(assignment.proposal.call, value="9"), "save": "1"}
    )
    assert "Select a valid choice." in response.content.decode()
    assert not Review.objects.exists()


def test_service_refuses_a_score_outside_the_scale():
    assignment = AssignmentFactory(reviewer=_reviewer(), conflict="no", conflict_declared_at="2030-01-01T00:00Z")
    criterion = assignment.proposal.call.criteria.get(code="stock")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.save_review(assignment, by=assignment.reviewer, scores={criterion: (6, "")})
    assert "between 0 and 5" in str(excinfo.value)
    # The draft is kept, without the score outside the scale.
    assert not Review.objects.get(assignment=assignment).scores.exists()


def test_leak_confidential_comment_is_shown_to_no_one_who_must_not_see_it(client):
    """The planted string is in a submitted review's confidential comment. It must not appear on any
    page the applicant, a reviewer who has not yet submitted, a conflicted reviewer or a funder opens."""
    from django.test import Client

    call = reviewing_call()
    applicant = UserFactory()
    proposal = SubmittedProposalFactory(call=call, owner=applicant, title="Leak target")
    BudgetLineFactory(proposal=proposal)
    author = AssignmentFactory(proposal=proposal, reviewer=_reviewer())
    submitted_review(author, confidential=SECRET)
    pending = AssignmentFactory(
        proposal=proposal, reviewer=_reviewer(), conflict="no", conflict_declared_at=call.opens_at
    )
    conflicted = AssignmentFactory(
        proposal=proposal, reviewer=_reviewer(), conflict="yes", conflict_declared_at=call.opens_at
    )
    funder = UserFactory(role=roles.FUNDER)

    chair = UserFactory(role=roles.STC_CHAIR)
    chair_client = Client()
    chair_client.force_login(chair)
    # Control: the chair does see it (so the check below can fail).
    assert SECRET in chair_client.get(f"/en/review/proposals/{proposal.pk}/").content.decode()

    # Decide and publish positively so the funder can open the proposal too.
    services.stage_decision(proposal, "positive", "Feedback for all", by=chair)
    pages = {
        applicant: [f"/en/my/proposals/{proposal.pk}/", "/en/my/proposals/"],
        pending.reviewer: ["/en/review/", f"/en/review/{pending.pk}/"],
        conflicted.reviewer: ["/en/review/", f"/en/review/{conflicted.pk}/", f"/en/review/proposals/{proposal.pk}/"],
        funder: ["/en/funders/", f"/en/funders/{proposal.pk}/"],
    }
    seen = []
    for user, urls in pages.items():
        c = Client()
        c.force_login(user)
        for url in urls:
            body = c.get(url).content.decode()
            if SECRET in body or author.reviewer.email in body:
                seen.append((user.email, url))
    # Publish, then look again as applicant and funder (who now see decision and feedback).
    services.close_reviewing(call, by=chair)
    services.publish_decisions(call, by=chair)
    for user in (applicant, funder):
        c = Client()
        c.force_login(user)
        for url in pages[user]:
            body = c.get(url).content.decode()
            if SECRET in body or author.reviewer.email in body:
                seen.append((user.email, url))
    assert seen == []


def test_other_reviews_become_visible_after_submitting_ones_own(client):
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call)
    first = AssignmentFactory(proposal=proposal, reviewer=_reviewer())
    submitted_review(first, feedback="First reviewer's feedback")
    second = AssignmentFactory(
        proposal=proposal, reviewer=_reviewer(), conflict="no", conflict_declared_at=call.opens_at
    )
    c = _client(client, second.reviewer)
    assert "First reviewer&#x27;s feedback" not in c.get(f"/en/review/{second.pk}/").content.decode()
    c.post(f"/en/review/{second.pk}/", {**_review_data(call), "submit": "1"})
    assert "First reviewer&#x27;s feedback" in c.get(f"/en/review/{second.pk}/").content.decode()


def test_automatic_assignment_is_balanced_and_respects_conflicts_and_owners():
    call = reviewing_call()
    reviewers = [_reviewer() for _ in range(4)]
    proposals = [SubmittedProposalFactory(call=call) for _ in range(6)]
    # reviewers[0] declared a conflict on proposals[0]; reviewers[1] owns proposals[1].
    AssignmentFactory(proposal=proposals[0], reviewer=reviewers[0], conflict="yes", conflict_declared_at=call.opens_at)
    Proposal.objects.filter(pk=proposals[1].pk).update(owner=reviewers[1])
    result = services.auto_assign(call, reviewers, 2, by=None)
    assert len(result.created) == 12 and result.short == []
    for proposal in proposals:
        active = Assignment.objects.filter(proposal=proposal).exclude(conflict="yes")
        assert active.count() == 2
    assert not Assignment.objects.filter(proposal=proposals[0], reviewer=reviewers[0], conflict="unknown").exists()
    assert not Assignment.objects.filter(proposal=proposals[1], reviewer=reviewers[1]).exists()
    loads = [Assignment.objects.filter(reviewer=r).exclude(conflict="yes").count() for r in reviewers]
    assert max(loads) - min(loads) <= 1, loads
    # Running it again adds nothing.
    assert services.auto_assign(call, reviewers, 2, by=None).created == []


def test_manual_assignment_by_the_chair_and_refused_to_a_reviewer(client):
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call)
    reviewer = _reviewer()
    c = _client(client, reviewer)
    response = c.post(f"/en/review/calls/{call.year}/assign/", {"proposal": proposal.pk, "reviewer": reviewer.pk})
    assert response.status_code == 404
    assert not Assignment.objects.exists()
    chair = UserFactory(role=roles.STC_CHAIR)
    c.force_login(chair)
    response = c.post(
        f"/en/review/calls/{call.year}/assign/", {"proposal": proposal.pk, "reviewer": reviewer.pk}, follow=True
    )
    assert f"{reviewer} was assigned." in response.content.decode()
    assert Assignment.objects.filter(proposal=proposal, reviewer=reviewer).exists()


def test_ranking_is_computed_in_the_database_and_exported(client):
    call = reviewing_call()
    top = SubmittedProposalFactory(call=call, title="Top project")
    low = SubmittedProposalFactory(call=call, title="Low project")
    submitted_review(AssignmentFactory(proposal=top, reviewer=_reviewer()), value=5)
    submitted_review(AssignmentFactory(proposal=top, reviewer=_reviewer()), value=3)
    submitted_review(AssignmentFactory(proposal=low, reviewer=_reviewer()), value=1)
    AssignmentFactory(proposal=low, reviewer=_reviewer())  # not reviewed yet
    from projects import queries

    rows = list(queries.ranking(call))
    assert [p.title for p in rows] == ["Top project", "Low project"]
    assert rows[0].weighted_score == pytest.approx(4.0) and rows[0].reviews_done == 2
    assert rows[0].spread == pytest.approx(1.0) and rows[1].reviews_done == 1
    c = _client(client, UserFactory(role=roles.STC_CHAIR))
    import csv
    from io import StringIO

    csv_body = c.get(f"/en/review/calls/{call.year}/ranking.csv").content.decode("utf-8-sig")
    lines = list(csv.reader(StringIO(csv_body)))
    assert lines[0] == [
        "Rank",
        "Title",
        "Weighted score",
        "Mean",
        "Median",
        "Spread",
        "Reviews done",
        "Reviews asked",
        "Reviewers",
        "Decision",
        "Language",
    ]
    assert lines[1][:8] == ["1", "Top project", "4.00", "4.00", "4.00", "1.00", "2", "2"]
    sorted_page = c.get(f"/en/review/calls/{call.year}/?sort=title").content.decode()
    assert sorted_page.index("Low project") < sorted_page.index("Top project")


def test_decisions_are_staged_then_published_together_and_mailed_once(client, django_capture_on_commit_callbacks):
    call = reviewing_call()
    yes = SubmittedProposalFactory(call=call, owner=UserFactory(language="es"), title="Yes")
    no = SubmittedProposalFactory(call=call, title="No")
    chair = UserFactory(role=roles.STC_CHAIR)
    c = _client(client, chair)
    c.post(f"/en/review/proposals/{yes.pk}/", {"decision": "positive", "feedback": "Bravo"})
    c.post(f"/en/review/proposals/{no.pk}/", {"decision": "negative", "feedback": "Not this time"})
    yes.refresh_from_db()
    assert yes.decision == "positive" and yes.status == "submitted"
    # Staged decisions are not shown to the applicant yet.
    applicant = _client_for(yes.owner)
    assert "Bravo" not in applicant.get(f"/en/my/proposals/{yes.pk}/").content.decode()
    services.close_reviewing(call, by=chair)
    with django_capture_on_commit_callbacks(execute=True):
        c.post(f"/en/review/calls/{call.year}/publish/", {"confirm": "yes"})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([yes.owner.email, no.owner.email])
    spanish = next(m for m in mail.outbox if m.to == [yes.owner.email])
    assert spanish.subject == "Decisión sobre su propuesta: Yes" and "Bravo" in spanish.body
    assert "Bravo" in applicant.get(f"/en/my/proposals/{yes.pk}/").content.decode()
    # Publishing again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/en/review/calls/{call.year}/publish/", {"confirm": "yes"}, follow=True)
    assert "already published" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_decisions(call, by=chair)
    assert len(mail.outbox) == 2


def _client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("rows", [3, 30])
def test_review_workspace_query_count_does_not_grow(client, django_assert_num_queries, rows):
    call = CallFactory()
    reviewer = _reviewer()
    for _ in range(rows):
        AssignmentFactory(proposal=SubmittedProposalFactory(call=call), reviewer=reviewer)
    c = _client(client, reviewer)
    with django_assert_num_queries(8):
        response = c.get("/en/review/")
    assert response.content.decode().count("/conflict/") == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_ranking_query_count_does_not_grow(client, django_assert_num_queries, rows):
    call = reviewing_call()
    for _ in range(rows):
        submitted_review(AssignmentFactory(proposal=SubmittedProposalFactory(call=call), reviewer=_reviewer()))
    c = _client(client, UserFactory(role=roles.STC_CHAIR))
    with django_assert_num_queries(13):
        response = c.get(f"/en/review/calls/{call.year}/")
    assert response.content.decode().count("/en/review/proposals/") == rows


def test_another_reviewer_cannot_post_a_review_on_someone_elses_assignment(client):
    assignment = AssignmentFactory(reviewer=_reviewer(), conflict="no", conflict_declared_at="2030-01-01T00:00Z")
    c = _client(client, _reviewer())
    response = c.post(f"/en/review/{assignment.pk}/", {**_review_data(assignment.proposal.call), "submit": "1"})
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert not Review.objects.exists()


def test_a_declared_conflict_reassigns_the_proposal_to_the_least_loaded_reviewer():
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call)
    conflicted = AssignmentFactory(proposal=proposal, reviewer=_reviewer())
    busy, free = _reviewer(), _reviewer()
    AssignmentFactory(proposal=SubmittedProposalFactory(call=call), reviewer=busy)
    services.declare_conflict(conflicted, True, by=conflicted.reviewer)
    reviewers = set(Assignment.objects.filter(proposal=proposal).values_list("reviewer", "conflict"))
    assert reviewers == {(conflicted.reviewer.pk, "yes"), (free.pk, "unknown")}
    assert AuditEvent.objects.filter(verb="assignment.reassigned").count() == 1


def test_ranking_page_charts_the_score_distribution(client):
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call)
    submitted_review(AssignmentFactory(proposal=proposal, reviewer=_reviewer()), value=5)
    submitted_review(AssignmentFactory(proposal=proposal, reviewer=_reviewer()), value=2)
    submitted_review(AssignmentFactory(proposal=SubmittedProposalFactory(call=call), reviewer=_reviewer()), value=5)
    from projects import queries

    assert queries.score_distribution(call) == [(2, 2, 50), (5, 4, 100)]
    body = _client(client, UserFactory(role=roles.STC_CHAIR)).get(f"/en/review/calls/{call.year}/").content.decode()
    assert "Score distribution" in body and '<meter class="bar" min="0" max="100" value="50"' in body


def test_ranking_exports_as_xlsx(client):
    from io import BytesIO

    from openpyxl import load_workbook

    call = reviewing_call()
    submitted_review(AssignmentFactory(proposal=SubmittedProposalFactory(call=call, title="Sheet project")), value=3)
    response = _client(client, UserFactory(role=roles.STC_CHAIR)).get(f"/en/review/calls/{call.year}/ranking.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rank", "Title", "Weighted score")
    assert rows[0][3:6] == ("Mean", "Median", "Spread")
    assert rows[1][:7] == (1, "Sheet project", 3.0, 3.0, 3.0, 0.0, 1)
