"""Editions composed in the CMS: a NewsletterPage per language (wagtail-localize translations), sent to
each reader in their language (English when their language has no translation), optionally only the
sections matching the reader's interests, rendered once per (edition, language, chosen sections)."""

import collections

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from newsletter import editions, rendering
from newsletter.content import html_to_text
from newsletter.models import Edition, NewsletterIndexPage, NewsletterPage
from portal.models import Region, Theme

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SECTIONS = {
    # kind, theme, region, title per language
    "general": ("success_story", "", "", {"en": "Terraces hold carbon", "fr": "Les terrasses stockent"}),
    "cover": ("practical_sheet", "cover-crops", "", {"en": "Sowing cover crops", "fr": "Semer des couverts"}),
    "agro": ("practical_sheet", "agroforestry", "", {"en": "Planting hedgerows", "fr": "Planter des haies"}),
    "sahel": ("regions", "", "sub-saharan-africa", {"en": "News from the Sahel", "fr": "Nouvelles du Sahel"}),
}
SUBJECT = {"en": "Autumn: terraces and hedgerows", "fr": "Automne : terrasses et haies"}


def _translation(source, code):
    locale = Locale.objects.get(language_code=code)
    page = Page.objects.filter(translation_key=source.translation_key, locale=locale).first()
    page = (page or source.copy_for_translation(locale)).specific
    page.alias_of = None
    return page


def _fill(page, code):
    page.subject = SUBJECT[code]
    page.intro = f"intro-{code}"
    page.sections = [
        {
            "type": "section",
            "value": {
                "kind": kind,
                "title": titles[code],
                "body": f'<p>{titles[code]} body. <a href="/{code}/practices/">Read the sheet</a></p>',
                "theme": theme,
                "region": region,
            },
        }
        for kind, theme, region, titles in SECTIONS.values()
    ]
    page.save_revision().publish()
    return page


def make_newsletter(slug="autumn", languages=("en", "fr")):
    """An English newsletter page with the translations in ``languages`` published (others missing)."""
    folder = NewsletterIndexPage.objects.filter(locale__language_code="en").first()
    if folder is None:
        folder = Page.get_first_root_node().add_child(instance=NewsletterIndexPage(title="Newsletter", slug="nl"))
        folder.save_revision().publish()
        for code in ("fr", "es"):
            translated = _translation(folder, code)
            translated.slug = f"nl-{code}"
            translated.save_revision().publish()
    page = folder.add_child(instance=NewsletterPage(title=f"Autumn {slug}", slug=slug, subject="-"))
    _fill(page, "en")
    for code in languages:
        if code != "en":
            _fill(_translation(page, code), code)
    return NewsletterPage.objects.get(pk=page.pk)


def _sent(edition):
    Edition.objects.filter(pk=edition.pk).update(status="sent", started_at=timezone.now(), finished_at=timezone.now())
    edition.refresh_from_db()
    return edition


def _titles_in(text):
    return {name for name, (_k, _t, _r, titles) in SECTIONS.items() if titles["en"] in text or titles["fr"] in text}


def test_each_reader_gets_the_page_in_their_language_or_english_once(smtp_server, django_capture_on_commit_callbacks):
    page = make_newsletter()
    edition = editions.create_edition_from_page(page)
    assert edition.languages() == ["en", "fr"]
    readers = {code: SubscriberFactory(email=f"{code}@example.net", language=code) for code in ("en", "fr", "es")}
    with django_capture_on_commit_callbacks(execute=True):
        editions.start_sending(edition)

    assert collections.Counter(r for _t, rcpts, _m in smtp_server.messages for r in rcpts) == {
        "en@example.net": 1,
        "fr@example.net": 1,
        "es@example.net": 1,
    }
    expected_language = {"en": "en", "fr": "fr", "es": "en"}  # no Spanish translation: the English page
    for code, reader in readers.items():
        [message] = smtp_server.to(reader.email)
        language = expected_language[code]
        assert message["Subject"] == SUBJECT[language]
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        assert f'<html lang="{language}">' in html
        assert f"intro-{language}" in html and f"intro-{language}" in text
        assert _titles_in(html) == _titles_in(text) == set(SECTIONS)
        # Rich text links become absolute in both parts; the text part keeps the address readable.
        assert f'href="https://portal.example.org/{language}/practices/"' in html
        assert f"Read the sheet (https://portal.example.org/{language}/practices/)" in text
        assert "<p>" not in text
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_readers_with_different_interests_get_their_sections_once_each_rendered_once_per_choice(
    smtp_server, django_capture_on_commit_callbacks, monkeypatch
):
    page = make_newsletter()
    edition = editions.create_edition_from_page(page, by_interest=True)
    cover, agro = Theme.objects.get(code="cover-crops"), Theme.objects.get(code="agroforestry")
    europe = Region.objects.get(code="europe")
    cover_reader = SubscriberFactory(email="cover@example.net")
    cover_reader.themes.set([cover])
    cover_twin = SubscriberFactory(email="cover-twin@example.net")
    cover_twin.themes.set([cover])
    agro_in_europe = SubscriberFactory(email="agro@example.net")
    agro_in_europe.themes.set([agro])
    agro_in_europe.regions.set([europe])
    SubscriberFactory(email="all@example.net")
    french_cover = SubscriberFactory(email="fr-cover@example.net", language="fr")
    french_cover.themes.set([cover])

    renders = []
    real_render = rendering.render_content

    def counting_render(edition, content, **kwargs):
        renders.append((content.language, kwargs.get("sections")))
        return real_render(edition, content, **kwargs)

    monkeypatch.setattr(rendering, "render_content", counting_render)
    with django_capture_on_commit_callbacks(execute=True):
        editions.start_sending(edition)

    received = collections.Counter(r for _t, rcpts, _m in smtp_server.messages for r in rcpts)
    assert set(received.values()) == {1} and len(received) == 5

    def sections_of(address):
        [message] = smtp_server.to(address)
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        assert _titles_in(html) == _titles_in(text)
        return _titles_in(html)

    # No region chosen: every region's news; a chosen theme hides the other themes' sections.
    assert sections_of("cover@example.net") == {"general", "cover", "sahel"}
    assert sections_of("cover-twin@example.net") == {"general", "cover", "sahel"}
    assert sections_of("agro@example.net") == {"general", "agro"}
    assert sections_of("all@example.net") == set(SECTIONS)
    assert sections_of("fr-cover@example.net") == {"general", "cover", "sahel"}
    [french] = smtp_server.to("fr-cover@example.net")
    assert "Semer des couverts" in french.get_body(("html",)).get_content()
    # The two readers of cover crops in English share one render: 4 renders for 5 readers.
    assert sorted(renders) == sorted({("en", (0, 1, 3)), ("en", (0, 2)), ("en", (0, 1, 2, 3)), ("fr", (0, 1, 3))})


def test_an_edition_not_sent_by_interest_gives_everybody_every_section():
    page = make_newsletter()
    edition = editions.create_edition_from_page(page, by_interest=False)
    rendered = editions.render_edition(edition, "en", interests=({"cover-crops"}, {"europe"}))
    assert _titles_in(rendered.html) == set(SECTIONS)


def test_edition_written_in_the_admin_can_go_by_interest_too():
    from .factories import EditionFactory, SectionFactory

    edition = EditionFactory(by_interest=True)
    SectionFactory(edition=edition, title_en="For everyone")
    SectionFactory(edition=edition, title_en="Only cover crops", theme=Theme.objects.get(code="cover-crops"))
    agro = editions.render_edition(edition, "en", interests=({"agroforestry"}, set()))
    assert "For everyone" in agro.text and "Only cover crops" not in agro.text
    nothing_chosen = editions.render_edition(edition, "en", interests=(set(), set()))
    assert "Only cover crops" in nothing_chosen.text


def test_secretariat_makes_the_edition_from_the_page_once(client_for):
    page = make_newsletter()
    secretariat = client_for("secretariat")
    form = secretariat.get(f"/en/newsletter/editions/new/?page={page.pk}").content.decode()
    assert f'<option value="{page.pk}" selected>Autumn autumn</option>' in form

    response = secretariat.post("/en/newsletter/editions/new/", {"page": page.pk, "by_interest": "on"})
    edition = Edition.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/newsletter/editions/{edition.pk}/"
    assert (edition.page_id, edition.by_interest, edition.status, edition.subject_en) == (
        page.pk,
        True,
        "draft",
        SUBJECT["en"],
    )
    detail = secretariat.get(response["Location"]).content.decode()
    assert "The edition is ready" in detail and "only those matching each reader" in detail

    again = secretariat.post("/en/newsletter/editions/new/", {"page": page.pk})
    assert again.status_code == 400
    assert "This newsletter already has an edition." in again.content.decode()
    assert Edition.objects.count() == 1


def test_an_unpublished_english_page_cannot_become_an_edition(client_for):
    page = make_newsletter()
    page.unpublish()
    response = client_for("secretariat").post("/en/newsletter/editions/new/", {"page": page.pk})
    assert response.status_code == 400
    assert "Publish the English version of this newsletter first." in response.content.decode()
    assert not Edition.objects.exists()


@pytest.mark.parametrize("role", ["friend", "partner", "chair"])
def test_other_roles_cannot_make_an_edition(client_for, role):
    page = make_newsletter()
    response = client_for(role).post("/en/newsletter/editions/new/", {"page": page.pk})
    assert response.status_code == 404
    assert not Edition.objects.exists()


def test_a_page_has_one_edition_that_is_not_cancelled():
    page = make_newsletter()
    first = editions.create_edition_from_page(page)
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(title="twin", key="twin", subject_en="x", page=page)
    editions.cancel_sending(first)
    second = editions.create_edition_from_page(page)
    assert second.key == "autumn-2" and Edition.objects.filter(page=page).count() == 2


def test_preview_and_test_send_of_a_page_edition(client_for, mailoutbox):
    page = make_newsletter()
    edition = editions.create_edition_from_page(page, by_interest=True)
    secretariat = client_for("secretariat")
    french = secretariat.get(f"/en/newsletter/editions/{edition.pk}/preview/fr/").content.decode()
    assert SUBJECT["fr"] in french and _titles_in(french) == set(SECTIONS)
    agro = secretariat.get(f"/en/newsletter/editions/{edition.pk}/preview/en/?theme=agroforestry").content.decode()
    assert _titles_in(agro) == {"general", "agro", "sahel"}

    theme = Theme.objects.get(code="cover-crops")
    response = secretariat.post(
        f"/en/newsletter/editions/{edition.pk}/test-send/",
        {"addresses": "proof@example.org", "language": "fr", "themes": [theme.pk]},
    )
    assert response.status_code == 302
    [message] = mailoutbox
    assert message.subject == f"[TEST] {SUBJECT['fr']}" and message.to == ["proof@example.org"]
    assert _titles_in(message.body) == {"general", "cover", "sahel"}


def test_archive_lists_page_editions_in_the_languages_they_were_translated_into(client):
    english_only = _sent(editions.create_edition_from_page(make_newsletter("only-en", languages=("en",))))
    both = _sent(editions.create_edition_from_page(make_newsletter("both", languages=("en", "fr"))))
    english_archive = client.get("/en/newsletter/archive/").content.decode()
    assert english_archive.count(SUBJECT["en"]) == 2
    french_archive = client.get("/fr/newsletter/archive/").content.decode()
    assert f'href="/fr/newsletter/archive/{both.key}/">{SUBJECT["fr"]}</a>' in french_archive
    assert english_only.key not in french_archive
    assert SUBJECT["en"] not in french_archive
    # Reached anyway (a shared link): the English page.
    page = client.get(f"/fr/newsletter/archive/{english_only.key}/").content.decode()
    assert f"<h1>{SUBJECT['en']}</h1>" in page and "Planting hedgerows" in page
    page = client.get(f"/fr/newsletter/archive/{both.key}/").content.decode()
    assert f"<h1>{SUBJECT['fr']}</h1>" in page and "Planter des haies" in page


def test_archive_of_page_editions_costs_the_same_queries_for_2_and_6(client):
    for n in range(2):
        _sent(editions.create_edition_from_page(make_newsletter(f"a{n}")))
    client.get("/fr/newsletter/archive/")
    with CaptureQueriesContext(connection) as small:
        page = client.get("/fr/newsletter/archive/").content.decode()
    assert page.count(SUBJECT["fr"]) == 2
    for n in range(4):
        _sent(editions.create_edition_from_page(make_newsletter(f"b{n}")))
    client.get("/fr/newsletter/archive/")  # publishing pages cleared the navigation's cache: warm it again
    with CaptureQueriesContext(connection) as large:
        page = client.get("/fr/newsletter/archive/").content.decode()
    assert page.count(SUBJECT["fr"]) == 6
    assert len(small) == len(large)


def test_the_cms_offers_to_send_a_newsletter_page_and_previews_it_as_the_email(client_for):
    page = make_newsletter()
    french = page.get_translation(Locale.objects.get(language_code="fr"))
    secretariat = client_for("secretariat")
    edit = secretariat.get(f"/cms/pages/{french.pk}/edit/").content.decode()
    # From the French translation too, the edition is made of the English page.
    assert f"/en/newsletter/editions/new/?page={page.pk}" in edit and "Send as a newsletter" in edit

    # Composing a new one: the section's theme and region offer the portal's vocabularies.
    folder = NewsletterIndexPage.objects.get(locale__language_code="en")
    add = secretariat.get(f"/cms/pages/add/newsletter/newsletterpage/{folder.pk}/").content.decode()
    assert "Cover crops" in add and "Sub-Saharan Africa" in add and "Practical sheet" in add

    from django.test import RequestFactory

    preview = french.specific.serve_preview(RequestFactory().get("/"), "").content.decode()
    assert '<html lang="fr">' in preview and SUBJECT["fr"] in preview and "Semer des couverts" in preview


def test_a_newsletter_page_has_no_public_address_until_sent(client):
    page = make_newsletter()
    from django.http import Http404
    from django.test import RequestFactory

    with pytest.raises(Http404):
        page.serve(RequestFactory().get("/"))
    edition = _sent(editions.create_edition_from_page(page))
    response = page.serve(RequestFactory().get("/"))
    assert response["Location"] == f"/en/newsletter/archive/{edition.key}/"


def test_plain_text_of_rich_text_keeps_lists_and_links():
    html = (
        '<h3>Steps</h3><ul><li>Sow <b>early</b></li><li>Mix</li></ul><p>See <a href="https://x.org/a?b=1&amp;c=2">'
        'the guide</a> &amp; <a href="https://x.org/">https://x.org/</a>.</p>'
    )
    assert html_to_text(html) == (
        "Steps\n\n- Sow early\n- Mix\n\nSee the guide (https://x.org/a?b=1&c=2) & https://x.org/."
    )


def test_a_translation_made_with_wagtail_localize_is_what_its_readers_get(django_capture_on_commit_callbacks):
    from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

    page = make_newsletter(languages=("en",))
    edition = editions.create_edition_from_page(page, by_interest=True)
    spanish = Locale.objects.get(language_code="es")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=spanish)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        data = segment.string.data
        data = f"es-{data}" if segment.context.path == "slug" else f"ES {data}"
        StringTranslation.from_text(segment.string, spanish, segment.context, data)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)

    assert edition.languages() == ["en", "es"]
    rendered = editions.render_edition(edition, "es", interests=({"agroforestry"}, set()))
    assert rendered.subject == f"ES {SUBJECT['en']}"
    assert '<html lang="es">' in rendered.html
    # Theme and region are synchronised from the English page: the Spanish reader of agroforestry does
    # not get the cover-crops sheet either.
    assert "ES Planting hedgerows" in rendered.text and "Sowing cover crops" not in rendered.text
    assert "ES News from the Sahel" in rendered.text
