"""Forum fixtures: categories of each kind of scope and people inside and outside them."""

import pytest

from portal import roles
from tests.factories import UserFactory

PLANTED = "Zanzibar-7f3q-confidential"


@pytest.fixture
def forum(db):
    from forum.models import Category
    from partners.models import RegionalCorrespondent
    from portal.models import Region
    from tests.partners.factories import EditorFactory, OrganisationFactory

    cats = {
        "public": Category.objects.create(
            slug="cover-crops", name="Cover crops", read_scope="public", post_scope="member"
        ),
        "friends": Category.objects.create(
            slug="friends", name="Friends' corner", read_scope="friend", post_scope="friend"
        ),
        "college": Category.objects.create(
            slug="college-farmers",
            name="Farmers' college",
            read_scope="college:farmers",
            post_scope="college:farmers",
            space="college:farmers",
        ),
        "region": Category.objects.create(
            slug="region-europe", name="Europe", read_scope="public", post_scope="member", space="region:europe"
        ),
        "secretariat": Category.objects.create(
            slug="secretariat", name="Secretariat", read_scope="secretariat", post_scope="secretariat"
        ),
    }
    farmer = EditorFactory(organisation=OrganisationFactory(college="farmers", name="Farmers' union")).user
    farmer.display_name = "Awa Farmer"
    farmer.save()
    correspondent = UserFactory(email="corr@example.org", role=roles.CORRESPONDENT, display_name="Elena Corresponsal")
    RegionalCorrespondent.objects.create(user=correspondent, region=Region.objects.get(code="europe"))
    people = {
        "secretariat": UserFactory(email="sec@example.org", role=roles.SECRETARIAT, display_name="Sam Secretariat"),
        "friend": UserFactory(email="friend@example.org", role=roles.FRIEND, display_name="Fatou Friend"),
        "friend2": UserFactory(
            email="friend2@example.org", role=roles.FRIEND, display_name="Pedro Amigo", language="es"
        ),
        "outsider": UserFactory(email="outsider@example.org", display_name="Oscar Outsider"),
        "farmer": farmer,
        "correspondent": correspondent,
    }
    return {"categories": cats, "people": people}


@pytest.fixture
def seasoned(settings):
    """Approval of first posts and new-account limits off, for tests about something else."""
    settings.FORUM_APPROVE_FIRST_POSTS = 0
    settings.FORUM_NEW_ACCOUNT_POSTS = 0
