"""Reviewers: the draft kept on every submit with an error summary, their own review headed as
theirs and changeable until the review deadline (recorded), mails on assignment, what is due on
/review/, the spread between reviewers, and why automatic assignment left someone out."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from portal import roles
from portal.models import AuditEvent
from projects import queries, services
from projects.models import Assignment, Call, Proposal, Review, Score
from tests.factories import UserFactory

from .factories import (
    AssignmentFactory,
    SubmittedProposalFactory,
    declared,
    reviewing_call,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def _reviewer(**kwargs):
    return UserFactory(role=roles.STC_REVIEWER, **kwargs)


def _assignment(call=None):
    call = call or reviewing_call()
    return declared(AssignmentFactory(proposal=SubmittedProposalFactory(call=call), reviewer=_reviewer()))


def _data(call, value="4", **extra):
    data = {"recommendation": "fund", "confidence": "3", "confidential_comment": "", "feedback": "Good"}
    for criterion in call.criteria.exclude(use="self"):
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = f"about {criterion.code}"
    data.update(extra)
    return data


def test_a_refused_submission_keeps_the_draft_and_lists_the_errors_at_the_top(client):
    assignment = _assignment()
    call = assignment.proposal.call
    mrv = call.criteria.get(code="mrv")
    client.force_login(assignment.reviewer)
    data = _data(call, recommendation="", feedback="Typed feedback")
    data[f"score_{mrv.pk}"] = ""
    data[f"comment_{mrv.pk}"] = "Comment without a score yet"
    response = client.post(f"/en/review/{assignment.pk}/", {**data, "submit": "1"})
    body = response.content.decode()
    # The summary comes first and links to each field by its id.
    summary = body.index('class="error-summary"')
    assert summary < body.index("<h1>")
    assert f'<a href="#id_score_{mrv.pk}">MRV plan: Give a score before you submit.</a>' in body
    assert '<a href="#id_recommendation">Recommendation: Choose a recommendation before you submit.</a>' in body
    assert f'id="id_score_{mrv.pk}"' in body and "Typed feedback" in body
    # What was typed is stored as the draft, the comment without a score included.
    review = Review.objects.get(assignment=assignment)
    assert review.status == "draft" and review.feedback == "Typed feedback"
    scores = {s.criterion.code: (s.value, s.comment) for s in review.scores.select_related("criterion")}
    assert scores == {"stock": (4, "about stock"), "mrv": (None, "Comment without a score yet")}
    # Coming back later, the draft is there.
    again = client.get(f"/en/review/{assignment.pk}/").content.decode()
    assert "Comment without a score yet" in again and "Typed feedback" in again
    # A draft with an empty score never counts in the ranking.
    assert queries.ranking(call).get().reviews_done == 0


def test_the_reviewers_own_review_is_headed_as_theirs(client):
    assignment = _assignment()
    submitted_review(assignment)
    submitted_review(declared(AssignmentFactory(proposal=assignment.proposal, reviewer=_reviewer())))
    client.force_login(assignment.reviewer)
    body = client.get(f"/en/review/{assignment.pk}/").content.decode()
    assert body.count("<h3>Your review ·") == 1
    assert "Another reviewer" not in body.split("Other reviews")[0]


def test_a_submitted_review_is_changed_until_the_deadline_and_each_change_is_recorded(client):
    assignment = _assignment()
    call = assignment.proposal.call
    submitted_review(assignment, value=2, feedback="First thoughts")
    client.force_login(assignment.reviewer)
    page = client.get(f"/en/review/{assignment.pk}/?change=1").content.decode()
    assert "Save my changes" in page and "First thoughts" in page
    response = client.post(
        f"/en/review/{assignment.pk}/", {**_data(call, value="5", feedback="Second thoughts"), "submit": "1"}
    )
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert review.status == "submitted" and review.feedback == "Second thoughts"
    assert sorted(review.scores.values_list("value", flat=True)) == [5, 5]
    event = AuditEvent.objects.get(verb="review.changed", object_id=review.pk)
    assert event.actor == assignment.reviewer
    assert event.data["changed"] == ["feedback", "score:mrv", "score:stock"]
    # An incomplete change is refused and the submitted review stays whole.
    data = _data(call, value="1", recommendation="")
    response = client.post(f"/en/review/{assignment.pk}/", {**data, "submit": "1"})
    assert "Choose a recommendation before you submit." in response.content.decode()
    review.refresh_from_db()
    assert review.recommendation == "fund" and sorted(review.scores.values_list("value", flat=True)) == [5, 5]
    # Past the review deadline nothing changes any more.
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - datetime.timedelta(days=30),
        submission_deadline=now - datetime.timedelta(days=20),
        review_deadline=now - datetime.timedelta(days=1),
        decision_date=now + datetime.timedelta(days=5),
    )
    page = client.get(f"/en/review/{assignment.pk}/?change=1").content.decode()
    assert "Save my changes" not in page and "Change my review" not in page
    assert "reviews can no longer be changed" in page
    client.post(f"/en/review/{assignment.pk}/", {**_data(call, value="0"), "submit": "1"})
    assert sorted(review.scores.values_list("value", flat=True)) == [5, 5]
    assignment.refresh_from_db()
    with pytest.raises(services.ReviewLocked):
        services.save_review(assignment, by=assignment.reviewer, scores={}, feedback="Late")
    assert AuditEvent.objects.filter(verb="review.changed").count() == 1


def test_reviewers_are_mailed_once_in_their_language_when_assigned(client, django_capture_on_commit_callbacks):
    call = reviewing_call()
    proposals = [SubmittedProposalFactory(call=call, title=f"Project {n}") for n in range(3)]
    french = _reviewer(email="fr@example.org", language="fr")
    services.set_review_languages(french, ["en", "fr"], by=french)  # the proposals are in English
    chair = UserFactory(role=roles.STC_CHAIR)
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/review/calls/{call.year}/assign/", {"proposal": proposals[0].pk, "reviewer": french.pk})
        client.post(f"/en/review/calls/{call.year}/assign/", {"proposal": proposals[0].pk, "reviewer": french.pk})
    assert [m.to for m in mail.outbox] == [["fr@example.org"]]
    assert mail.outbox[0].subject.startswith("Une proposition")
    assert "Project 0" in mail.outbox[0].body and "/fr/review/" in mail.outbox[0].body
    mail.outbox.clear()
    # An automatic run sends one mail per reviewer listing every proposal of the run.
    spanish = _reviewer(email="es@example.org", language="es")
    services.set_review_languages(spanish, ["en", "es"], by=spanish)
    with django_capture_on_commit_callbacks(execute=True):
        services.auto_assign(call, [french, spanish], 2, by=chair)
    assert sorted(m.to[0] for m in mail.outbox) == ["es@example.org", "fr@example.org"]
    to_spanish = next(m for m in mail.outbox if m.to == ["es@example.org"])
    assert all(f"Project {n}" in to_spanish.body for n in range(3)) and "UTC" in to_spanish.body
    to_french = next(m for m in mail.outbox if m.to == ["fr@example.org"])
    assert "Project 0" not in to_french.body and "Project 1" in to_french.body


def test_the_review_page_lists_what_is_due_with_the_deadline(client):
    assignment = _assignment()
    deadline = assignment.proposal.call.review_deadline
    client.force_login(assignment.reviewer)
    body = client.get("/en/review/").content.decode()
    assert "1 review is due by" in body
    assert f"{deadline:%Y}" in body and "Europe/Paris (" in body and " UTC)" in body


def test_spread_is_the_standard_deviation_of_the_reviewers_weighted_totals(client):
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call, title="Split")
    stock, mrv = call.criteria.get(code="stock"), call.criteria.get(code="mrv")  # weights 3 and 1
    for values in ((5, 1), (1, 5)):
        review = submitted_review(declared(AssignmentFactory(proposal=proposal, reviewer=_reviewer())))
        Score.objects.filter(review=review, criterion=stock).update(value=values[0])
        Score.objects.filter(review=review, criterion=mrv).update(value=values[1])
    # Totals: (5×3 + 1)/4 = 4 and (1×3 + 5)/4 = 2 → population standard deviation 1. The spread of
    # every criterion score (5, 1, 1, 5) would be 2.
    row = queries.ranking(call).get()
    assert row.spread == pytest.approx(1.0)
    client.force_login(UserFactory(role=roles.STC_CHAIR))
    body = client.get(f"/en/review/calls/{call.year}/").content.decode()
    assert "Spread: the standard deviation of the reviewers' weighted totals" in body
    assert "<td>1.00</td>" in body and "<td>2 / 2</td>" in body


def test_automatic_assignment_says_why_each_member_got_nothing(client):
    call = reviewing_call()
    english = SubmittedProposalFactory(call=call, language="en", title="English project")
    busy = _reviewer()
    conflicted = _reviewer()
    AssignmentFactory(proposal=english, reviewer=conflicted, conflict="yes", conflict_declared_at=call.opens_at)
    spanish = _reviewer(language="es")
    owner = _reviewer()
    Proposal.objects.filter(pk=english.pk).update(owner=owner)
    chair = UserFactory(role=roles.STC_CHAIR)
    client.force_login(chair)
    response = client.post(f"/en/review/calls/{call.year}/auto-assign/", {"per_proposal": 1}, follow=True)
    body = response.content.decode()
    assert Assignment.objects.filter(proposal=english, reviewer=busy).exists()
    assert f"{chair} got no new proposal: chairs are not assigned automatically" in body
    assert f"{spanish} got no new proposal: reviews in Spanish, and no proposal is written in it." in body
    assert f"{owner} got no new proposal: every proposal in their languages is their own" in body
    assert f"{conflicted} got no new proposal: declared a conflict of interest" in body
    assert f"{busy} got no new proposal" not in body
    # Run again: the one who has it is now told they are already assigned.
    body = client.post(f"/en/review/calls/{call.year}/auto-assign/", {"per_proposal": 1}, follow=True)
    assert f"{busy} got no new proposal: already assigned" in body.content.decode()


def test_the_ranking_exports_carry_every_column_in_the_pages_language(client):
    import csv
    from io import BytesIO, StringIO

    from openpyxl import load_workbook

    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call, title="=Érosión y ñandú")
    first = submitted_review(declared(AssignmentFactory(proposal=proposal, reviewer=_reviewer(email="a@example.org"))))
    Score.objects.filter(review=first).update(value=2)
    submitted_review(declared(AssignmentFactory(proposal=proposal, reviewer=_reviewer(email="b@example.org"))))
    declared(AssignmentFactory(proposal=proposal, reviewer=_reviewer(email="c@example.org")))
    chair = UserFactory(role=roles.STC_CHAIR)
    services.stage_decision(proposal, "positive", "Bien", by=chair)
    client.force_login(chair)
    raw = client.get(f"/fr/review/calls/{call.year}/ranking.csv").content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    rows = list(csv.reader(StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "Rang",
        "Titre",
        "Note pondérée",
        "Moyenne",
        "Médiane",
        "Dispersion",
        "Évaluations faites",
        "Évaluations demandées",
        "Évaluateurs",
        "Décision",
        "Langue",
    ]
    # Totals 2 and 4: weighted 3, mean 3, median 3, spread 1; the title cannot run as a formula.
    assert rows[1] == [
        "1",
        "'=Érosión y ñandú",
        "3.00",
        "3.00",
        "3.00",
        "1.00",
        "2",
        "3",
        "a@example.org; b@example.org; c@example.org",
        "positive",
        "Anglais",
    ]
    sheet = load_workbook(BytesIO(client.get(f"/es/review/calls/{call.year}/ranking.xlsx").content)).active
    header, row = list(sheet.iter_rows(values_only=True))[:2]
    assert header[6:9] == ("Evaluaciones hechas", "Evaluaciones solicitadas", "Evaluadores")
    assert row[2:8] == (3.0, 3.0, 3.0, 1.0, 2, 3) and row[9] == "positiva"


def test_the_reviewer_who_replaces_a_conflicted_one_is_mailed(django_capture_on_commit_callbacks):
    assignment = AssignmentFactory(proposal=SubmittedProposalFactory(call=reviewing_call()), reviewer=_reviewer())
    replacement = _reviewer(email="replacement@example.org", language="es")
    services.set_review_languages(replacement, ["en"], by=replacement)
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(assignment, True, by=assignment.reviewer)
    assert [m.to for m in mail.outbox] == [["replacement@example.org"]]
    assert mail.outbox[0].subject.startswith("Se le ha asignado una propuesta")
