"""portal.membership: the scopes private content is filed under, contributed by the apps."""

import pytest

from partners.models import RegionalCorrespondent
from portal import membership, roles
from portal.models import Region
from tests.factories import UserFactory
from tests.partners.factories import EditorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_visitor_and_an_inactive_account_have_no_scope():
    from django.contrib.auth.models import AnonymousUser

    assert membership.scopes(AnonymousUser()) == frozenset()
    assert membership.scopes(UserFactory(is_active=False)) == frozenset()


def test_a_plain_account_is_a_member_only_and_a_friend_is_a_friend():
    assert membership.scopes(UserFactory()) == {"member"}
    assert membership.scopes(UserFactory(role=roles.FRIEND)) == {"member", "friend"}
    assert "secretariat" in membership.scopes(UserFactory(role=roles.SECRETARIAT))


def test_an_editor_belongs_to_the_college_and_region_of_their_organisation():
    europe = Region.objects.get(code="europe")
    editor = UserFactory()
    EditorFactory(user=editor, organisation=OrganisationFactory(college="farmers", region=europe))
    assert membership.scopes(editor) == {"member", "college:farmers", "region:europe"}


def test_a_correspondent_belongs_to_their_region_as_its_correspondent(django_assert_max_num_queries):
    person = UserFactory(role=roles.CORRESPONDENT)
    RegionalCorrespondent.objects.create(user=person, region=Region.objects.get(code="europe"))
    # One query per source: groups, partners' editors and correspondents, community's profile.
    with django_assert_max_num_queries(4):
        found = membership.scopes(person)
    assert {"region:europe", "correspondent:europe"} <= found
    # Cached for the request, and forgotten on demand.
    with django_assert_max_num_queries(0):
        membership.scopes(person)
    membership.forget(person)
    RegionalCorrespondent.objects.filter(user=person).delete()
    assert "region:europe" not in membership.scopes(person)
