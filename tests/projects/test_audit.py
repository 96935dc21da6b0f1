"""The chair's actions and the call's decisions leave events in the one audit trail (portal): who,
what, on which object; what the system does by itself has no actor."""

import pytest

from portal import roles
from portal.models import AuditEvent
from projects import services
from projects.models import Assignment
from tests.factories import UserFactory

from .factories import AssignmentFactory, SubmittedProposalFactory, reviewing_call

pytestmark = pytest.mark.django_db


def _events(verb):
    return [(e.actor, e.target, e.data) for e in AuditEvent.objects.filter(verb=verb)]


def test_chair_assignments_are_recorded_with_the_chair():
    call = reviewing_call()
    chair = UserFactory(role=roles.STC_CHAIR)
    proposal = SubmittedProposalFactory(call=call)
    reviewers = [UserFactory(role=roles.STC_REVIEWER) for _ in range(2)]
    assignment = services.assign(proposal, reviewers[0], by=chair)
    services.assign(proposal, reviewers[0], by=chair)  # idempotent: no second assignment, no second event
    assert _events("assignment.created") == [(chair, assignment, {"reviewer": reviewers[0].pk})]
    services.auto_assign(call, reviewers, 2, by=chair)
    assert _events("assignment.automatic") == [(chair, call, {"created": 1, "per_proposal": 2, "short": []})]


def test_staging_and_publishing_decisions_are_recorded_with_the_chair():
    call = reviewing_call()
    chair = UserFactory(role=roles.STC_CHAIR)
    proposal = SubmittedProposalFactory(call=call)
    services.stage_decision(proposal, "positive", "Well argued.", by=chair)
    assert _events("decision.staged") == [(chair, proposal, {"decision": "positive"})]
    services.close_reviewing(call, by=chair)
    assert _events("call.reviewing_closed") == [(chair, call, {"before_deadline": True})]
    services.publish_decisions(call, by=chair)
    assert _events("decision.published") == [(chair, call, {"count": 1})]


def test_a_reassignment_after_a_conflict_is_the_systems_and_the_declaration_the_reviewers():
    call = reviewing_call()
    assignment = AssignmentFactory(proposal=SubmittedProposalFactory(call=call))
    replacement = UserFactory(role=roles.STC_REVIEWER)
    services.declare_conflict(assignment, True, by=assignment.reviewer)
    new = Assignment.objects.get(reviewer=replacement)
    assert _events("assignment.conflict_declared") == [(assignment.reviewer, assignment, {"conflict": "yes"})]
    assert _events("assignment.reassigned") == [(None, new, {"reviewer": replacement.pk})]
