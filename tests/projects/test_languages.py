"""Language-aware review: proposals have a language, STC members declare the languages they review
in, automatic assignment and reassignment only pick readers of the proposal's language, and the
chair is told about every proposal that could not get enough of them."""

import pytest

from portal import roles
from portal.models import AuditEvent
from projects import services
from projects.models import Assignment, Proposal, ReviewLanguage
from tests.factories import UserFactory

from .factories import AssignmentFactory, SubmittedProposalFactory, reviewing_call

pytestmark = pytest.mark.django_db


def _reviewer(email, declared=(), **kwargs):
    reviewer = UserFactory(email=email, role=roles.STC_REVIEWER, **kwargs)
    for language in declared:
        ReviewLanguage.objects.create(reviewer=reviewer, language=language)
    return reviewer


@pytest.fixture
def pools():
    """Three readers of English (one also reads French), one French reader who declared nothing
    (preferred language French), one Spanish reader."""
    return {
        "a": _reviewer("a@example.org", ["en"]),
        "b": _reviewer("b@example.org", ["en"]),
        "c": _reviewer("c@example.org", ["en", "fr"]),
        "d": _reviewer("d@example.org", language="fr"),
        "e": _reviewer("e@example.org", ["es"]),
    }


def test_automatic_assignment_picks_readers_of_the_language_and_reports_shortfalls(pools):
    call = reviewing_call()
    english = [SubmittedProposalFactory(call=call, language="en") for _ in range(3)]
    french = [SubmittedProposalFactory(call=call, language="fr") for _ in range(2)]
    spanish = SubmittedProposalFactory(call=call, language="es", title="Suelos vivos")
    result = services.auto_assign(call, list(pools.values()), 2, by=None)

    reads = {"en": {"a", "b", "c"}, "fr": {"c", "d"}, "es": {"e"}}
    by_pk = {r.pk: name for name, r in pools.items()}
    for assignment in Assignment.objects.select_related("proposal"):
        assert by_pk[assignment.reviewer_id] in reads[assignment.proposal.language], assignment
    for proposal in french:
        assert {by_pk[pk] for pk in proposal.assignments.values_list("reviewer", flat=True)} == {"c", "d"}
    for proposal in english:
        assert proposal.assignments.count() == 2
    english_loads = [Assignment.objects.filter(reviewer=pools[n], proposal__language="en").count() for n in "ab"]
    all_loads = [Assignment.objects.filter(reviewer=pools[n]).count() for n in "abc"]
    assert english_loads == [3, 3] and max(all_loads) - min(all_loads) <= 1, all_loads
    # The Spanish proposal got its only reader and is reported, not silently under-assigned.
    assert list(spanish.assignments.values_list("reviewer", flat=True)) == [pools["e"].pk]
    assert [(s.proposal.pk, s.active, s.wanted) for s in result.short] == [(spanish.pk, 1, 2)]
    assert AuditEvent.objects.get(verb="assignment.automatic").data["short"] == [spanish.pk]


def test_the_scarce_reader_goes_to_the_proposal_that_needs_them():
    """c reads English and French; the English proposal comes first by id but has another reader."""
    call = reviewing_call()
    c = _reviewer("c@example.org", ["en", "fr"])
    a = _reviewer("a@example.org", ["en"])
    english = SubmittedProposalFactory(call=call, language="en")
    french = SubmittedProposalFactory(call=call, language="fr")
    result = services.auto_assign(call, [a, c], 1, by=None)
    assert list(french.assignments.values_list("reviewer", flat=True)) == [c.pk]
    assert list(english.assignments.values_list("reviewer", flat=True)) == [a.pk]
    assert result.short == []


def test_the_chair_sees_the_shortfall_on_the_page(client, pools):
    call = reviewing_call()
    SubmittedProposalFactory(call=call, language="es", title="Suelos vivos")
    SubmittedProposalFactory(call=call, language="en", title="Living soils")
    client.force_login(UserFactory(role=roles.STC_CHAIR))
    response = client.post(f"/en/review/calls/{call.year}/auto-assign/", {"per_proposal": 2}, follow=True)
    body = response.content.decode()
    assert "3 assignments were made." in body
    assert "“Suelos vivos” (Spanish) has 1 of the 2 reviewers asked" in body
    assert "Living soils” (English) has" not in body
    # The manual assignment list says which languages each reviewer reads.
    assert "c@example.org (English, French)</option>" in body
    assert "d@example.org (French)</option>" in body


def test_a_conflict_is_reassigned_to_a_reader_of_the_language():
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call, language="fr")
    conflicted = AssignmentFactory(proposal=proposal, reviewer=_reviewer("x@example.org", ["fr"]))
    _reviewer("idle@example.org", ["en"])  # the least loaded, but reads no French
    french = _reviewer("busy@example.org", ["fr"])
    AssignmentFactory(proposal=SubmittedProposalFactory(call=call, language="fr"), reviewer=french)
    services.declare_conflict(conflicted, True, by=conflicted.reviewer)
    assert set(proposal.assignments.values_list("reviewer__email", "conflict")) == {
        ("x@example.org", "yes"),
        ("busy@example.org", "unknown"),
    }


def test_when_nobody_can_replace_a_conflicted_reviewer_the_chairs_are_told(django_capture_on_commit_callbacks):
    from django.core import mail

    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call, language="es", title="Suelos vivos & carbono")
    conflicted = AssignmentFactory(proposal=proposal, reviewer=_reviewer("x@example.org", ["es"]))
    _reviewer("english@example.org", ["en"])  # free, but reads no Spanish
    UserFactory(email="chair@example.org", role=roles.STC_CHAIR, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(conflicted, True, by=conflicted.reviewer)
    assert list(proposal.assignments.values_list("reviewer__email", "conflict")) == [("x@example.org", "yes")]
    [message] = mail.outbox
    assert message.to == ["chair@example.org"]
    assert message.subject == "Plus aucun évaluateur pour « Suelos vivos & carbono »"
    assert "aucun autre évaluateur libre du STC n'évalue dans sa langue (Espagnol)" in message.body
    assert f"/fr/review/calls/{call.year}/" in message.body
    assert AuditEvent.objects.filter(verb="assignment.reassignment_failed").count() == 1


def test_a_reviewer_declares_review_languages(client):
    reviewer = _reviewer("r@example.org", language="es")
    client.force_login(reviewer)
    page = client.get("/en/review/").content.decode()
    assert "You have not declared your review languages yet" in page
    assert 'value="es" id="id_languages_2" checked' in page
    response = client.post("/en/review/languages/", {"languages": ["fr", "es"]}, follow=True)
    assert "Your review languages were saved." in response.content.decode()
    assert set(reviewer.review_languages.values_list("language", flat=True)) == {"fr", "es"}
    body = response.content.decode()
    assert 'value="fr" id="id_languages_1" checked' in body and "not declared your review languages" not in body
    response = client.post("/en/review/languages/", {"languages": ["en"]}, follow=True)
    assert set(reviewer.review_languages.values_list("language", flat=True)) == {"en"}


def test_no_language_is_refused_and_nothing_changes(client):
    reviewer = _reviewer("r@example.org", ["fr"])
    client.force_login(reviewer)
    response = client.post("/en/review/languages/", {})
    body = response.content.decode()
    assert "Choose at least one language." in body and "nothing was saved" in body
    assert list(reviewer.review_languages.values_list("language", flat=True)) == ["fr"]


def test_an_applicant_cannot_declare_review_languages(client):
    applicant = UserFactory()
    client.force_login(applicant)
    response = client.post("/en/review/languages/", {"languages": ["fr"]})
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert not ReviewLanguage.objects.exists()


def test_a_new_proposal_starts_in_the_applicants_language_and_can_change(client):
    from .factories import CallFactory

    call = CallFactory()
    applicant = UserFactory(language="es")
    client.force_login(applicant)
    form = client.get(f"/en/my/proposals/new/{call.year}/").content.decode()
    assert '<option value="es" selected>Spanish</option>' in form
    client.post(
        f"/en/my/proposals/new/{call.year}/",
        {
            "title": "Sols vivants",
            "language": "fr",
            "co_funding": "0",
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "save": "1",
        },
    )
    assert Proposal.objects.get(title="Sols vivants").language == "fr"
