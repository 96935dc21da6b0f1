"""/my/: the work queues of the people who act (secretariat, STC chair, correspondents), with their counts
and links; a partner editor's link to their sheet editor; a bounded number of queries whatever the data."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter.models import Edition
from partners.models import RegionalCorrespondent
from portal.models import Region
from practices.models import PracticeDraft
from projects.models import Proposal
from tests.newsletter.factories import EditionFactory
from tests.partners.factories import ApplicationFactory, EditorFactory, OrganisationFactory, RevisionFactory
from tests.projects.factories import AssignmentFactory, SubmittedProposalFactory, reviewing_call

pytestmark = pytest.mark.django_db


def _queues(page):
    """{label: (href, count or None)} of the "My work" list."""
    block = page.split('<ul class="work-queues">', 1)[1].split("</ul>", 1)[0]
    found = {}
    for href, label, count in re.findall(r'<li><a href="([^"]+)">([^<]+)</a>(?:: <strong>(\d+)</strong>)?</li>', block):
        found[html.unescape(label)] = (href, int(count) if count else None)
    return found


def _data(size, role_users):
    call = reviewing_call(year=2040)
    for _i in range(size):
        SubmittedProposalFactory(call=call)  # nobody assigned
        AssignmentFactory(proposal=SubmittedProposalFactory(call=call, decision=Proposal.Decision.POSITIVE))
        RevisionFactory()
        ApplicationFactory()
        PracticeDraft.objects.create(author=role_users["friend"], status="submitted", data={"name_en": "Mulch"})
        EditionFactory()
    Edition.objects.filter(pk=EditionFactory().pk).update(status="sending", started_at=timezone.now())
    return call


def test_the_secretariat_sees_every_queue_with_its_count_and_link(client_for, role_users):
    _data(2, role_users)
    queues = _queues(client_for("secretariat").get("/en/my/").content.decode())
    assert queues["Sheet revisions waiting"] == ("/en/partners/revisions/", 2)
    assert queues["Membership applications waiting"] == ("/en/partners/applications/", 2)
    assert queues["Practice drafts to review"][1] == 2
    assert queues["Editions in preparation"] == ("/en/newsletter/editions/", 2)
    assert queues["Editions being sent"] == ("/en/newsletter/editions/", 1)
    assert queues["Proposals awaiting assignment, call 2040"][1] == 2
    assert queues["Decisions staged, call 2040"][1] == 2
    assert queues["Decisions staged, call 2040"][0].endswith("/review/calls/2040/")
    assert queues["Add an article to the press review"] == ("/en/newsletter/press/add/", None)
    assert queues["Media contacts"] == ("/en/newsletter/press/contacts/", None)
    for href, _count in queues.values():
        assert client_for("secretariat").get(href).status_code == 200, href


def test_the_chair_sees_the_call_and_nothing_of_the_secretariat(client_for, role_users):
    _data(1, role_users)
    queues = _queues(client_for("chair").get("/en/my/").content.decode())
    assert set(queues) == {"Proposals awaiting assignment, call 2040", "Decisions staged, call 2040"}
    assert client_for("chair").get(queues["Decisions staged, call 2040"][0]).status_code == 200


def test_a_correspondent_sees_what_waits_in_their_region(client_for, role_users):
    africa = Region.objects.get(code="sub-saharan-africa")
    RegionalCorrespondent.objects.create(user=role_users["correspondent"], region=africa)
    ApplicationFactory.create_batch(2)  # Sub-Saharan Africa
    ApplicationFactory(region=Region.objects.get(code="europe"))
    RevisionFactory(organisation=OrganisationFactory(region=africa))
    queues = _queues(client_for("correspondent").get("/en/my/").content.decode())
    assert queues[f"Membership applications waiting from {africa.label}"] == (
        "/en/regions/sub-saharan-africa/",
        2,
    )
    assert queues[f"Sheet revisions waiting in {africa.label}"][1] == 1
    assert "Membership applications waiting" not in queues
    assert queues["Add an article to the press review"] == ("/en/newsletter/press/add/", None)
    assert client_for("correspondent").get("/en/newsletter/press/add/").status_code == 200
    assert "Media contacts" not in queues  # the secretariat's only


def test_a_partner_editor_gets_the_link_to_their_sheet_editor(client_for, role_users):
    EditorFactory(user=role_users["partner"])
    queues = _queues(client_for("partner").get("/en/my/").content.decode())
    assert queues == {
        "Edit my organisation's sheet": ("/en/my/organisation/", None),
        "College space: Research and education institutions": ("/en/colleges/research/", None),
    }


def test_an_applicant_has_no_work_list(client_for):
    assert "My work" not in client_for("applicant").get("/en/my/").content.decode()


def test_the_desk_is_in_french(client_for, role_users):
    _data(1, role_users)
    queues = _queues(client_for("secretariat").get("/fr/my/").content.decode())
    assert queues["Révisions de fiches en attente"][1] == 1


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/my/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["secretariat", "chair"])
def test_the_desk_costs_the_same_queries_at_two_data_sizes(client_for, role_users, role):
    client = client_for(role)
    _data(1, role_users)
    client.get("/en/my/")  # the session and per-process caches, warm as for any later visit
    small = _count(client)
    call = reviewing_call(year=2041)
    for _i in range(12):
        SubmittedProposalFactory(call=call)
        RevisionFactory()
        ApplicationFactory()
        EditionFactory()
    large = _count(client)
    # The bound grows with the apps that add queues: community (college spaces) and forum (moderation).
    assert large == small <= 18
