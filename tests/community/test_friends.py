"""Joining the Friends, profiles and who sees what of them, the directory, contact through the portal."""

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.models import Occupation, Profile, Visibility
from portal import membership, roles
from portal.models import AuditEvent, Objective, Region, Theme, User
from tests.factories import PASSWORD, UserFactory
from tests.partners.factories import EditorFactory, OrganisationFactory

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db


def _signup_data(**extra):
    return {
        "email": "rosa.farmer@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "profile-display_name": "Rosa",
        "profile-country": "PE",
        "profile-region": "",
        "profile-occupation": "farmer",
        "profile-languages": ["es", "en"],
        "profile-themes": [Theme.objects.get(code="agroforestry").pk],
        "profile-objectives": [Objective.objects.order_by("position").first().pk],
        "profile-country_visibility": "members",
        "profile-occupation_visibility": "members",
        "profile-languages_visibility": "nobody",
        "profile-interests_visibility": "members",
        "profile-about_visibility": "members",
        "profile-accepts_contact": "on",
        **extra,
    }


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_visitor_joins_with_one_form_and_gets_the_verification_mail(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/friends/join/", _signup_data())
    assert response.status_code == 302 and response["Location"] == "/es/accounts/confirm-email/"
    user = User.objects.get(email="rosa.farmer@example.org")
    assert (user.display_name, user.language) == ("Rosa", "es")
    assert roles.FRIEND in set(user.groups.values_list("name", flat=True))
    profile = user.community_profile
    # Peru lies in one region only: the profile's region comes from the country.
    assert (str(profile.country), profile.region.code, profile.occupation) == ("PE", "south-america", "farmer")
    assert profile.languages == ["es", "en"] and profile.languages_visibility == Visibility.NOBODY
    assert [t.code for t in profile.themes.all()] == ["agroforestry"]
    assert AuditEvent.objects.filter(verb="community.friend_joined", object_id=profile.pk).exists()
    assert [m.to for m in mail.outbox] == [["rosa.farmer@example.org"]]
    assert "confirm-email" in mail.outbox[0].body and mail.outbox[0].subject.startswith("[4 por 1000]")


def test_a_country_outside_the_chosen_region_is_refused_and_nothing_is_stored(client):
    response = client.post("/en/friends/join/", _signup_data(**{"profile-country": "MX", "profile-region": "europe"}))
    html = response.content.decode()
    assert response.status_code == 200 and "Mexico is not in this region." in html
    assert 'value="rosa.farmer@example.org"' in html  # what the person typed stays
    assert not User.objects.filter(email="rosa.farmer@example.org").exists()


def test_a_boundary_country_takes_the_region_the_person_chooses(client):
    client.post("/en/friends/join/", _signup_data(**{"profile-country": "MX", "profile-region": "north-america"}))
    assert Profile.objects.get(user__email="rosa.farmer@example.org").region.code == "north-america"
    other = Client()
    other.post(
        "/en/friends/join/",
        _signup_data(
            email="two@example.org", **{"profile-country": "MX", "profile-region": "central-america-caribbean"}
        ),
    )
    assert Profile.objects.get(user__email="two@example.org").region.code == "central-america-caribbean"


def test_a_signed_in_account_becomes_a_friend_and_may_then_propose(role_users):
    applicant = role_users["applicant"]
    client = _logged_in(applicant)
    assert "Who may propose a practice" in client.get("/en/practices/propose/").content.decode()
    page = client.get("/en/friends/join/").content.decode()
    assert "Password" not in page and "Your profile" in page
    data = {k: v for k, v in _signup_data().items() if k.startswith("profile-")}
    response = client.post("/en/friends/join/", data)
    assert response["Location"] == f"/en/members/{applicant.pk}/"
    applicant = User.objects.get(pk=applicant.pk)
    assert applicant.display_name == "Rosa" and roles.FRIEND in roles.group_names(applicant)
    assert membership.region("south-america") in membership.scopes(applicant)
    assert "Who may propose a practice" not in _logged_in(applicant).get("/en/practices/propose/").content.decode()
    # Once a Friend with a profile, the page leads to the profile.
    assert _logged_in(applicant).get("/en/friends/join/")["Location"] == f"/en/members/{applicant.pk}/"


def test_profile_fields_kept_for_nobody_are_shown_to_their_owner_only(role_users):
    owner = UserFactory(display_name="Quiet Farmer")
    ProfileFactory(
        user=owner, occupation=Occupation.FORESTER, occupation_visibility=Visibility.NOBODY, about="Planted 400 trees."
    )
    seen = _logged_in(role_users["friend"]).get(f"/en/members/{owner.pk}/").content.decode()
    assert "Quiet Farmer" in seen and "Planted 400 trees." in seen and "France" in seen
    assert "Forester" not in seen and owner.email not in seen
    own = _logged_in(owner).get(f"/en/members/{owner.pk}/").content.decode()
    assert "Forester" in own and "This is your profile" in own
    # Visitors: profiles do not exist.
    response = Client().get(f"/en/members/{owner.pk}/")
    assert response.status_code == 404 and "Quiet Farmer" not in response.content.decode()


def test_the_owner_edits_and_deletes_the_profile_but_keeps_the_account(role_users):
    friend = role_users["friend"]
    ProfileFactory(user=friend)
    client = _logged_in(friend)
    data = _signup_data(**{"profile-display_name": "Nuevo nombre"})
    data = {k: v for k, v in data.items() if k.startswith("profile-")}
    assert client.post("/en/members/profile/", data)["Location"] == f"/en/members/{friend.pk}/"
    assert User.objects.get(pk=friend.pk).display_name == "Nuevo nombre"
    assert Profile.objects.get(user=friend).region.code == "south-america"
    page = client.get("/en/members/profile/delete/").content.decode()
    assert "Your account stays" in page
    assert client.post("/en/members/profile/delete/")["Location"] == "/en/my/"
    assert not Profile.objects.filter(user=friend).exists()
    assert User.objects.filter(pk=friend.pk, groups__name=roles.FRIEND).exists()
    assert AuditEvent.objects.filter(verb="community.profile_deleted", object_id=friend.pk).exists()
    assert client.get("/en/members/profile/").status_code == 404


def test_the_database_refuses_unknown_choices():
    profile = ProfileFactory()
    for field, value in (("occupation", "astronaut"), ("about_visibility", "everyone")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Profile.objects.filter(pk=profile.pk).update(**{field: value})


# --- The directory ----------------------------------------------------------------------------------------


def test_the_directory_never_shows_an_address_and_filters_only_on_what_people_show(role_users):
    africa = Region.objects.get(code="sub-saharan-africa")
    shown = ProfileFactory(user=UserFactory(display_name="Awa Shown"), country="SN", region=africa)
    ProfileFactory(
        user=UserFactory(display_name="Moussa Hidden"),
        country="SN",
        region=africa,
        country_visibility=Visibility.NOBODY,
        occupation_visibility=Visibility.NOBODY,
    )
    editor = UserFactory(display_name="Lab Editor")
    ProfileFactory(user=editor, occupation=Occupation.RESEARCHER)
    EditorFactory(user=editor, organisation=OrganisationFactory(college="research"))
    client = _logged_in(role_users["friend"])
    everyone = client.get("/en/members/").content.decode()
    assert "Awa Shown" in everyone and "Moussa Hidden" in everyone and "Lab Editor" in everyone
    assert "@" not in everyone.split("<main", 1)[1].split("</main>", 1)[0]
    assert shown.user.email not in everyone
    by_region = client.get("/en/members/?region=sub-saharan-africa").content.decode()
    assert "Awa Shown" in by_region and "Moussa Hidden" not in by_region and "1 member" in by_region
    assert "Moussa Hidden" not in client.get("/en/members/?occupation=farmer").content.decode()
    by_college = client.get("/en/members/?college=research").content.decode()
    assert "Lab Editor" in by_college and "Awa Shown" not in by_college
    by_theme = client.get("/en/members/?theme=agroforestry").content.decode()
    assert "No member matches these filters." in by_theme
    assert Client().get("/en/members/")["Location"].startswith("/en/accounts/login/")


def _directory_queries(client, n):
    themes = list(Theme.objects.all()[:3])
    for i in range(n):
        profile = ProfileFactory(user=UserFactory(display_name=f"Member {i:03}"))
        profile.themes.set(themes)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/members/")
    assert response.status_code == 200 and "Member 000" in response.content.decode()
    return len(queries)


def test_the_directory_costs_the_same_queries_for_few_and_many_members(role_users):
    client = _logged_in(role_users["friend"])
    client.get("/en/members/")  # warm the session and the navigation
    few = _directory_queries(client, 3)
    Profile.objects.all().delete()
    many = _directory_queries(client, 40)  # more than a page
    assert few == many


# --- Contact through the portal ----------------------------------------------------------------------------


def test_a_member_writes_through_the_portal_in_the_recipients_language(role_users, django_capture_on_commit_callbacks):
    recipient = UserFactory(display_name="Claire", language="fr", email="claire.hidden@example.org")
    ProfileFactory(user=recipient)
    sender = role_users["partner"]
    client = _logged_in(sender)
    page = client.get(f"/en/members/{recipient.pk}/contact/").content.decode()
    assert "claire.hidden@example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/members/{recipient.pk}/contact/", {"message": "Shall we compare our compost?"})
    assert response["Location"] == f"/en/members/{recipient.pk}/"
    (message,) = mail.outbox
    assert message.to == ["claire.hidden@example.org"] and message.reply_to == [sender.email]
    assert "vous a écrit" in message.subject and "Shall we compare our compost?" in message.body


def test_contact_is_rate_limited_and_can_be_turned_off(role_users, django_capture_on_commit_callbacks):
    recipient = ProfileFactory().user
    client = _logged_in(role_users["partner"])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(6):
            response = client.post(f"/en/members/{recipient.pk}/contact/", {"message": "Hello"})
    assert "You have sent many messages in the last hour" in response.content.decode()
    assert len(mail.outbox) == 5
    closed = ProfileFactory(accepts_contact=False).user
    assert client.get(f"/en/members/{closed.pk}/contact/").status_code == 404
    assert "Write to" not in client.get(f"/en/members/{closed.pk}/").content.decode()
    assert client.post(f"/en/members/{closed.pk}/contact/", {"message": "Hello"}).status_code == 404
    assert len(mail.outbox) == 5


# --- Memberships and personal data ----------------------------------------------------------------------------


def test_the_profile_region_is_a_membership_and_its_data_is_exported_then_erased():
    from community import privacy

    profile = ProfileFactory(region=Region.objects.get(code="oceania"), country="NZ", about="Kiwi")
    user = profile.user
    assert membership.region("oceania") in membership.scopes(user)
    exported = privacy.export(user)["profile"]
    assert exported["country"] == "NZ" and exported["region"] == "oceania" and exported["about"] == "Kiwi"
    assert "email" not in exported
    privacy.erase(user, by=user)
    assert privacy.export(user) == {"profile": None}
    membership.forget(user)
    assert membership.region("oceania") not in membership.scopes(user)
