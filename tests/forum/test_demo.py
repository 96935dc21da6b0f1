import io

import pytest

from forum import demo
from forum.models import Category, Post, Topic
from portal import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_forum_has_categories_of_every_kind_and_topics_in_three_languages():
    for email, role in [
        ("friend@demo.test", roles.FRIEND),
        ("partner@demo.test", roles.PARTNER_EDITOR),
        ("correspondent@demo.test", roles.CORRESPONDENT),
    ]:
        UserFactory(email=email, role=role)
    demo.seed(1, io.StringIO())
    demo.seed(1, io.StringIO())  # twice: nothing duplicated
    kinds = set(Category.objects.values_list("kind", flat=True))
    assert kinds == {"general", "theme", "college", "region", "secretariat"}
    college = Category.objects.get(slug="college-farmers")
    assert (college.read_scope, college.space, college.name_fr) == (
        "college:farmers",
        "college:farmers",
        "Collège : Organisations d'agriculteurs et de forestiers",
    )
    assert Topic.objects.count() == 3 and Topic.objects.filter(status="published").count() == 3
    assert set(Post.objects.values_list("language", flat=True)) == {"en", "fr", "es"}
