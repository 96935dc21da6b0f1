"""Forum topics in the site search (/<lang>/search/, kind "topics"): only topics of categories the
searcher may read (forum.access), never hidden posts or topics; a planted string in a private
college category reaches nobody outside it, neither here nor in the forum's own search."""

import pytest
from django.test import Client

from forum import services
from forum.models import Status
from tests.partners.factories import EditorFactory, OrganisationFactory

from .conftest import PLANTED

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _topics_section(client, query, language="en"):
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    assert '<h2 id="results-topics">' in html, html[:400]
    return html.split('id="results-topics"')[1].split("</section>")[0]


def test_a_planted_string_in_a_college_category_is_found_only_inside_the_college(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    farmer = people["farmer"]
    topic = services.start_topic(
        cats["college"], by=farmer, title="Seed plan", body=f"The {PLANTED} figures.", language="en"
    )
    services.start_topic(cats["public"], by=farmer, title="Open Zanzibar talk", body="Zanzibar soils", language="en")
    researcher = EditorFactory(organisation=OrganisationFactory(college="research", name="Soil lab")).user

    inside = _topics_section(client_of(farmer), "Zanzibar")
    assert "Seed plan" in inside and topic.get_absolute_url() in inside
    assert "Open Zanzibar talk" in inside and "(2 results)" in inside
    assert "Forum topics · English" in inside  # each result says its type and language
    for outsider in (None, people["friend"], people["outsider"], researcher):
        section = _topics_section(client_of(outsider), "Zanzibar")
        assert "Seed plan" not in section and topic.get_absolute_url() not in section, outsider
        assert "Open Zanzibar talk" in section and "(1 result)" in section, outsider
        # The forum's own search, for those who may use it.
        forum_search = client_of(outsider).get("/en/forum/search/", {"q": "Zanzibar"}).content.decode()
        assert PLANTED not in forum_search and "Seed plan" not in forum_search, outsider
    assert "Seed plan" in client_of(farmer).get("/en/forum/search/", {"q": "Zanzibar"}).content.decode()


def test_hidden_posts_and_topics_are_never_results(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    farmer = people["farmer"]
    hidden_topic = services.start_topic(
        cats["public"], by=farmer, title="Hidden Zanzibar", body="Zanzibar again", language="en"
    )
    hidden_topic.status = Status.HIDDEN
    hidden_topic.save(update_fields=["status"])
    kept = services.start_topic(cats["public"], by=farmer, title="Kept topic", body="Nothing here", language="en")
    reply = services.reply(kept, by=farmer, body="A Zanzibar reply", language="en")
    reply.status = Status.HIDDEN
    reply.save(update_fields=["status"])
    for who in (None, people["secretariat"], farmer):
        section = _topics_section(client_of(who), "Zanzibar")
        assert "Hidden Zanzibar" not in section and "Kept topic" not in section and "(0 results)" in section


def test_topics_are_searched_in_the_current_language(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    services.start_topic(
        cats["public"], by=people["farmer"], title="Zanzibar en français", body="Zanzibar", language="fr"
    )
    assert "Zanzibar en français" in _topics_section(client_of(None), "Zanzibar", "fr")
    assert "Zanzibar en français" not in _topics_section(client_of(None), "Zanzibar", "en")
