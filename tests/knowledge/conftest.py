"""A knowledge bank in three languages, the people around it: a member of the research college (an editor
of a research organisation), a member of the farmers' college, a plain account, the secretariat."""

import pytest
from wagtail.models import Locale

from knowledge import services
from knowledge.models import KnowledgeIndexPage, KnowledgePage
from portal import roles
from portal.demo_cms import page_in_languages, publish, translation
from portal.models import HomePage
from tests.factories import UserFactory
from tests.partners.factories import EditorFactory, OrganisationFactory


def make_page(bank, title, slug, scope="", publish_it=True, user=None, **fields):
    page = bank.add_child(
        instance=KnowledgePage(
            title=title, slug=slug, summary=fields.pop("summary", f"About {title}."), scope=scope, **fields
        )
    )
    revision = page.save_revision(user=user)
    if publish_it:
        revision.publish(user=user)
    return page


@pytest.fixture
def banks(db):
    home_en = HomePage.objects.get(locale__language_code="en")
    for code in ("fr", "es"):
        home = translation(home_en, code)
        home.title = {"fr": "Accueil", "es": "Inicio"}[code]
        publish(home)
    pages = page_in_languages(
        home_en,
        KnowledgeIndexPage,
        "knowledge",
        {
            "en": {"title": "Knowledge bank"},
            "fr": {"title": "Banque de connaissances", "slug": "connaissances"},
            "es": {"title": "Banco de conocimientos", "slug": "conocimientos"},
        },
    )
    services.sync_bank_rights()
    return pages


@pytest.fixture
def bank(banks):
    return banks["en"]


def college_member(college, email):
    user = UserFactory(email=email, role=roles.PARTNER_EDITOR)
    EditorFactory(user=user, organisation=OrganisationFactory(college=college))
    user.refresh_from_db()
    return user


@pytest.fixture
def people(db):
    return {
        "research": college_member("research", "researcher@example.org"),
        "farmers": college_member("farmers", "farmer@example.org"),
        "plain": UserFactory(email="plain@example.org"),
        "secretariat": UserFactory(email="secretariat@example.org", role=roles.SECRETARIAT),
    }


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get(language_code=code) for code in ("en", "fr", "es")}
