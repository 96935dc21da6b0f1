"""Funders see positively decided proposals of published calls only, and express interest once."""

import pytest
from django.core import mail

from portal import roles
from projects.models import FunderInterest
from tests.factories import UserFactory

from .factories import AssignmentFactory, BudgetLineFactory, SubmittedProposalFactory, decided_call, submitted_review

pytestmark = pytest.mark.django_db


def _published_call():
    call = decided_call()
    call.decisions_published_at = call.decision_date
    call.save()
    return call


def _decided(call, decision, title, **kwargs):
    proposal = SubmittedProposalFactory(call=call, status="decided", decision=decision, title=title, **kwargs)
    BudgetLineFactory(proposal=proposal)
    submitted_review(AssignmentFactory(proposal=proposal, reviewer=UserFactory(role=roles.STC_REVIEWER)), value=4)
    return proposal


def test_funder_sees_positive_proposals_only(client):
    call = _published_call()
    positive = _decided(call, "positive", "Funded idea", feedback_to_applicant="STC liked it")
    negative = _decided(call, "negative", "Rejected idea")
    unpublished_call = decided_call()
    staged = _decided(unpublished_call, "positive", "Not yet published idea")
    client.force_login(UserFactory(role=roles.FUNDER))
    body = client.get("/en/funders/").content.decode()
    assert "Funded idea" in body
    assert "Rejected idea" not in body and "Not yet published idea" not in body
    detail = client.get(f"/en/funders/{positive.pk}/").content.decode()
    assert "STC liked it" in detail and "4.00" in detail
    for hidden in (negative, staged):
        response = client.get(f"/en/funders/{hidden.pk}/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode() and hidden.title not in response.content.decode()


def test_funder_filters_by_country(client):
    call = _published_call()
    _decided(call, "positive", "Senegal idea", country="SN")
    _decided(call, "positive", "Peru idea", country="PE")
    client.force_login(UserFactory(role=roles.FUNDER))
    body = client.get("/en/funders/?country=PE").content.decode()
    assert "Peru idea" in body and "Senegal idea" not in body


def test_interest_is_recorded_once_and_tells_applicant_and_secretariat(client, django_capture_on_commit_callbacks):
    call = _published_call()
    proposal = _decided(call, "positive", "Funded idea")
    secretariat = UserFactory(role=roles.SECRETARIAT)
    funder = UserFactory(role=roles.FUNDER)
    client.force_login(funder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/funders/{proposal.pk}/", {"kind": "feasibility", "message": "Let us talk"}, follow=True
        )
    assert "were told of your interest" in response.content.decode()
    assert "You expressed interest: offer to support a feasibility study." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([proposal.owner.email, secretariat.email])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/funders/{proposal.pk}/", {"kind": "interest"})
    assert FunderInterest.objects.get().kind == "feasibility"
    assert len(mail.outbox) == 2


def test_applicant_cannot_express_interest_or_see_the_funder_page(client):
    proposal = _decided(_published_call(), "positive", "Funded idea")
    client.force_login(proposal.owner)
    response = client.post(f"/en/funders/{proposal.pk}/", {"kind": "interest"})
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert not FunderInterest.objects.exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_funder_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    call = _published_call()
    for n in range(rows):
        _decided(call, "positive", f"Idea {n}")
    client.force_login(UserFactory(role=roles.FUNDER))
    with django_assert_num_queries(6):
        response = client.get("/en/funders/")
    assert response.content.decode().count("/en/funders/") - 1 >= rows


def test_the_country_filter_lists_country_names_in_the_pages_language(client):
    call = _published_call()
    _decided(call, "positive", "Peru idea", country="PE")
    client.force_login(UserFactory(role=roles.FUNDER))
    spanish = client.get("/es/funders/?country=PE").content.decode()
    assert '<option value="PE" selected>Perú</option>' in spanish and "Peru idea" in spanish
    assert '<option value="DE">Alemania</option>' in spanish
    french = client.get("/fr/funders/").content.decode()
    assert '<option value="DE">Allemagne</option>' in french
