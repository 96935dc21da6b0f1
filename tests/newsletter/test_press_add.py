"""Adding an article on the site (/newsletter/press/add/): the secretariat for any region, a regional
correspondent for their own only; everyone else gets a 404. A URL already in the review is refused
with the earlier entry named and what was typed kept; each addition is in the audit trail."""

import datetime
import re

import pytest

from newsletter.models import PressItem
from partners.models import RegionalCorrespondent
from portal.models import AuditEvent, Region, Theme

pytestmark = pytest.mark.django_db

ADD = "/en/newsletter/press/add/"


def _form(**fields):
    data = {
        "url": "https://www.lemonde.fr/planete/article/sols.html",
        "title": "Les sols, puits de carbone oubliés",
        "source": "Le Monde",
        "published_on": "2026-11-20",
        "language": "fr",
        "summary": "Les sols stockent plus de carbone que l'atmosphère.",
        "summary_language": "fr",
        "themes": [Theme.objects.get(code="agroforestry").pk],
        "region": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def oceania():
    return Region.objects.get(code="oceania")


@pytest.fixture
def correspondent(client_for, role_users, oceania):
    RegionalCorrespondent.objects.create(user=role_users["correspondent"], region=oceania)
    return client_for("correspondent")


def _earlier():
    return PressItem.objects.create(
        title="Le sol, allié du climat",
        source="Le Monde",
        url="https://www.lemonde.fr/planete/article/sols.html",
        published_on=datetime.date(2026, 11, 18),
        language="fr",
        summary_fr="Le sol stocke du carbone.",
    )


def test_the_secretariat_adds_an_article_with_its_summary_in_one_language(client_for, role_users):
    secretariat = client_for("secretariat")
    europe = Region.objects.get(code="europe")
    response = secretariat.post(ADD, _form(region=europe.pk))
    assert response.status_code == 302 and response["Location"] == "/en/newsletter/press/"
    item = PressItem.objects.get()
    assert (item.title, item.source, item.region, item.language) == (
        "Les sols, puits de carbone oubliés",
        "Le Monde",
        europe,
        "fr",
    )
    assert item.summary_fr == "Les sols stockent plus de carbone que l'atmosphère." and not item.summary_en
    assert [t.code for t in item.themes.all()] == ["agroforestry"]
    event = AuditEvent.objects.get(verb="press_item.added")
    assert event.actor == role_users["secretariat"] and event.data["region"] == "europe"
    page = secretariat.get("/es/newsletter/press/").content.decode()
    # Readers of the other languages see the one summary written, and the region.
    assert "Les sols stockent plus de carbone que l&#x27;atmosphère." in page and "Europa" in page


def test_the_secretariat_may_add_an_article_about_no_region(client_for):
    client_for("secretariat").post(ADD, _form())
    assert PressItem.objects.get().region is None


def test_a_url_already_in_the_review_is_refused_naming_the_earlier_entry_and_keeping_what_was_typed(client_for):
    _earlier()
    again = "http://lemonde.fr/planete/article/sols.html/?utm_source=newsletter&utm_medium=mail"
    response = client_for("secretariat").post(ADD, _form(url=again, title="Un titre tapé à la main"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "This article is already in the press review: “Le sol, allié du climat” (Le Monde, 2026-11-18)" in page
    assert 'value="Un titre tapé à la main"' in page
    assert "Les sols stockent plus de carbone que l&#x27;atmosphère.</textarea>" in page
    assert PressItem.objects.count() == 1 and not AuditEvent.objects.filter(verb="press_item.added").exists()


def test_the_message_is_in_the_readers_language(client_for):
    _earlier()
    page = client_for("secretariat").post("/fr/newsletter/press/add/", _form()).content.decode()
    assert "Cet article est déjà dans la revue de presse : « Le sol, allié du climat » (Le Monde, 2026-11-18)" in page


def test_a_correspondent_adds_an_article_for_their_region(correspondent, oceania):
    page = correspondent.get(ADD).content.decode()
    options = re.findall(r'<option value="(\d*)"', page.split('name="region"')[1].split("</select>")[0])
    assert options == [str(oceania.pk)]  # their region only, and no "no region"
    response = correspondent.post(ADD, _form(region=oceania.pk))
    assert response.status_code == 302
    assert PressItem.objects.get().region == oceania


@pytest.mark.parametrize("region", ["europe", ""])
def test_a_correspondent_cannot_add_for_another_region_or_none(correspondent, region):
    other = str(Region.objects.get(code=region).pk) if region else ""
    response = correspondent.post(ADD, _form(region=other))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in page or "This field is required." in page
    assert not PressItem.objects.exists()


def test_a_correspondent_without_a_region_has_no_form(client_for):
    """The group alone is not enough: a correspondent adds for the regions partners gives them."""
    response = client_for("correspondent").get(ADD)
    assert response.status_code == 404 and "Page not found" in response.content.decode()


@pytest.mark.parametrize("role", ["partner", "friend", "reviewer"])
def test_other_roles_get_a_404_and_add_nothing(client_for, role):
    response = client_for(role).post(ADD, _form())
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert not PressItem.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.post(ADD, _form())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not PressItem.objects.exists()


def test_the_add_link_shows_only_to_those_who_may_add(client, client_for, correspondent):
    assert "Add an article" not in client.get("/en/newsletter/press/").content.decode()
    assert "Add an article" not in client_for("partner").get("/en/newsletter/press/").content.decode()
    page = correspondent.get("/en/newsletter/press/").content.decode()
    assert 'href="/en/newsletter/press/add/"' in page
    assert 'href="/en/newsletter/press/contacts/"' not in page  # the secretariat's only
    secretariat = client_for("secretariat").get("/en/newsletter/press/").content.decode()
    assert 'href="/en/newsletter/press/add/"' in secretariat and 'href="/en/newsletter/press/contacts/"' in secretariat


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_the_summary_is_taken_to_be_in_the_language_of_the_page(client_for, language):
    page = client_for("secretariat").get(f"/{language}/newsletter/press/add/").content.decode()
    summary_language = page.split('name="summary_language"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="(\w+)" selected>', summary_language) == [language]


def test_an_empty_post_is_refused_with_the_missing_fields_named_and_nothing_stored(client_for):
    response = client_for("secretariat").post("/fr/newsletter/press/add/", {})
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("Champ requis.") >= 4  # address, title, outlet, date, languages
    assert not PressItem.objects.exists()
