"""College spaces (a 404 outside the college) and region spaces (members for members, requests for the
region's correspondents), with the panels the apps contribute."""

import pytest
from django.core import mail
from django.test import Client

from partners.models import RegionalCorrespondent
from partners.services import send_contact_message
from portal.models import HomePage, Region
from portal.pages import TrainingCoursePage
from tests.factories import UserFactory
from tests.partners.factories import ApplicationFactory, EditorFactory, OrganisationFactory

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def colleges(db):
    research = OrganisationFactory(name="Soil Research Lab", college="research")
    farmers = OrganisationFactory(name="Farmers Union", college="farmers")
    researcher = EditorFactory(organisation=research, user=UserFactory(display_name="Dr Humus")).user
    farmer = EditorFactory(organisation=farmers, user=UserFactory(display_name="Union Editor")).user
    home = HomePage.objects.get(locale__language_code="en")
    home.add_child(
        instance=TrainingCoursePage(
            title="Measuring soil carbon stocks", slug="measuring-soc", college="research", summary="Five days."
        )
    )
    home.add_child(
        instance=TrainingCoursePage(title="Cooperative compost", slug="coop-compost", college="farmers", summary="Two.")
    )
    return researcher, farmer


def test_a_college_space_shows_its_members_partners_and_courses_to_them(colleges):
    researcher, _farmer = colleges
    html = _logged_in(researcher).get("/en/colleges/research/").content.decode()
    assert "<h1>Research and education institutions</h1>" in html
    assert "Dr Humus" in html and "Soil Research Lab" in html and "Measuring soil carbon stocks" in html
    assert "Farmers Union" not in html and "Cooperative compost" not in html and "Union Editor" not in html
    assert researcher.email not in html


def test_a_college_space_is_a_404_for_other_colleges_visitors_and_friends(colleges, role_users):
    _researcher, farmer = colleges
    for client in (_logged_in(farmer), Client(), _logged_in(role_users["friend"]), _logged_in(role_users["funder"])):
        response = client.get("/en/colleges/research/")
        body = response.content.decode()
        assert response.status_code == 404 and "Page not found" in body
        assert "Soil Research Lab" not in body and "Dr Humus" not in body
    assert _logged_in(farmer).get("/en/colleges/no-such-college/").status_code == 404
    # The secretariat sees every college's space.
    assert "Dr Humus" in _logged_in(role_users["secretariat"]).get("/en/colleges/research/").content.decode()


def test_the_region_space_shows_members_to_members_and_requests_to_its_correspondents(
    role_users, django_capture_on_commit_callbacks
):
    africa = Region.objects.get(code="sub-saharan-africa")
    correspondent = role_users["correspondent"]
    RegionalCorrespondent.objects.create(user=correspondent, region=africa)
    ProfileFactory(user=UserFactory(display_name="Awa in Thiès"), country="SN", region=africa)
    ApplicationFactory(name="Sahel Soil Alliance", region=africa)
    organisation = OrganisationFactory(name="Dakar Soil Lab", region=africa, contact_email="lab@dakar.example")
    with django_capture_on_commit_callbacks(execute=True):
        send_contact_message(organisation, by=role_users["applicant"], message="Can we visit your trials in May?")
    assert "lab@dakar.example" in [m.to[0] for m in mail.outbox]

    theirs = _logged_in(correspondent).get("/en/regions/sub-saharan-africa/").content.decode()
    assert "Requests of the region" in theirs and "Sahel Soil Alliance" in theirs
    assert "Can we visit your trials in May?" in theirs and "Awa in Thiès" in theirs and "Dakar Soil Lab" in theirs

    member = _logged_in(role_users["friend"]).get("/en/regions/sub-saharan-africa/").content.decode()
    assert "Awa in Thiès" in member and "Sahel Soil Alliance" not in member and "Can we visit" not in member

    visitor = Client().get("/en/regions/sub-saharan-africa/").content.decode()
    assert "Dakar Soil Lab" in visitor and "log in to see them" in visitor
    assert "Awa in Thiès" not in visitor and "Sahel Soil Alliance" not in visitor


def test_the_old_region_page_moved_for_good(client):
    response = client.get("/fr/partners/regions/europe/")
    assert response.status_code == 301 and response["Location"] == "/fr/regions/europe/"
    assert "<h1>Europe</h1>" in client.get("/fr/regions/europe/").content.decode()
    assert client.get("/en/regions/atlantis/").status_code == 404


def test_demo_data_gives_friend_demo_a_profile(client):
    from io import StringIO

    from django.core.management import call_command

    from portal.models import User

    call_command("seed_demo", force=True, stdout=StringIO())
    friend = User.objects.get(email="friend@demo.test")
    assert friend.community_profile.region.code == "south-america" and friend.display_name == "Lucía Quispe"
    client.force_login(friend)
    html = client.get("/es/members/").content.decode()
    assert "Lucía Quispe" in html and "Amadou Sow" in html and "Tom Wilson" in html and "demo.test" not in html


def test_the_desk_links_the_profile_and_the_college_spaces(colleges, role_users):
    researcher, _farmer = colleges
    ProfileFactory(user=researcher)
    html = _logged_in(researcher).get("/en/my/").content.decode()
    assert f'href="/en/members/{researcher.pk}/"' in html and "My member profile" in html
    assert 'href="/en/colleges/research/"' in html and "College space: Research and education institutions" in html
    assert "/en/colleges/farmers/" not in html
    friend = _logged_in(role_users["friend"]).get("/en/my/").content.decode()
    assert "Add my member profile" in friend and 'href="/en/friends/join/"' in friend
