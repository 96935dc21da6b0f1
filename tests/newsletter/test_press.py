"""The press review: the secretariat's items on /newsletter/press/ (paginated, by language, summaries
translated), the subscribers' choice of the weekly digest, and the digest itself (past week's items,
in the reader's language, once per ISO week, with List-Unsubscribe headers that stop the digest only)."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from newsletter import press
from newsletter.models import PressItem, Subscriber
from newsletter.subscriptions import press_unsubscribe_url, unsubscribe_token
from newsletter.tasks import send_press_digest
from portal.models import SentMail, Theme

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db

# A Wednesday: the digest then covers Monday 2026-11-16 to Sunday 2026-11-22 (ISO week 47).
NOW = datetime.datetime(2026, 11, 25, 7, 0, tzinfo=datetime.UTC)
LAST_WEEK = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=datetime.UTC)


def make_item(n=0, *, language="fr", added=None, themes=(), **fields):
    item = PressItem.objects.create(
        title=fields.pop("title", f"Article {n} sur les sols"),
        source=fields.pop("source", "Le Quotidien agricole"),
        url=f"https://press.example.net/{n}-{language}",
        published_on=fields.pop("published_on", datetime.date(2026, 11, 10)),
        language=language,
        summary_en=fields.pop("summary_en", f"Summary {n} in English."),
        summary_fr=fields.pop("summary_fr", f"Résumé {n} en français."),
        summary_es=fields.pop("summary_es", f"Resumen {n} en español."),
        added=added or timezone.now(),
        **fields,
    )
    item.themes.set(themes)
    return item


# --- The public page ------------------------------------------------------------------------------
def test_the_press_review_shows_titles_as_published_and_summaries_in_the_readers_language(client):
    make_item(1, title="Les sols, puits de carbone", language="fr", published_on=datetime.date(2026, 11, 3))
    make_item(2, title="Soils under pressure", language="en", summary_es="", published_on=datetime.date(2026, 11, 5))
    page = client.get("/es/newsletter/press/").content.decode()
    assert "Revista de prensa" in page
    assert "Les sols, puits de carbone" in page and "Resumen 1 en español." in page
    assert "Soils under pressure" in page and "Summary 2 in English." in page  # no Spanish summary: English
    assert page.index("Soils under pressure") < page.index("Les sols, puits de carbone")  # newest first
    assert "2 artículos" in page


def test_the_press_review_filters_by_the_language_of_the_articles(client):
    make_item(1, title="Les sols, puits de carbone", language="fr")
    make_item(2, title="Soils under pressure", language="en")
    page = client.get("/en/newsletter/press/?language=en").content.decode()
    assert "Soils under pressure" in page and "Les sols, puits de carbone" not in page
    assert "1 article" in page


@pytest.mark.parametrize("language, button", [("fr", "Filtrer"), ("es", "Filtrar"), ("en", "Filter")])
def test_the_filter_button_is_a_verb_in_every_language(client, language, button):
    """Our catalogues, not Wagtail's noun ("Filtre", "Filtro"), name the button."""
    page = client.get(f"/{language}/newsletter/press/").content.decode()
    assert f'<button type="submit">{button}</button>' in page


def test_an_unknown_language_filter_says_so_and_lists_everything(client):
    make_item(1, title="Les sols, puits de carbone", language="fr")
    page = client.get("/en/newsletter/press/?language=xx").content.decode()
    assert "Select a valid choice. xx is not one of the available choices." in page
    assert "Les sols, puits de carbone" in page


def test_the_press_review_is_paginated_and_keeps_the_filter(client):
    for n in range(press.PAGE_SIZE + 3):
        make_item(n, language="fr", published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    make_item(99, language="en")
    first = client.get("/en/newsletter/press/?language=fr").content.decode()
    assert "Article 22 sur les sols" in first and "Article 2 sur les sols" not in first
    assert "Page 1 of 2" in first and 'href="?language=fr&amp;page=2"' in first
    second = client.get("/en/newsletter/press/?language=fr&page=2").content.decode()
    assert "Article 2 sur les sols" in second and "Article 0 sur les sols" in second
    assert "Article 99" not in second


def test_the_press_review_costs_the_same_queries_with_3_or_30_items(client):
    themes = list(Theme.objects.all()[:3])

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/fr/newsletter/press/")
        assert response.status_code == 200
        return len(queries)

    for n in range(3):
        make_item(n, themes=themes)
    small = count()
    for n in range(3, 30):
        make_item(n, themes=themes)
    # The count, one page of items (with their regions), their themes, the published weeks, the theme
    # and region filters' options.
    assert count() == small == 6


# --- Choosing the digest --------------------------------------------------------------------------
def test_signing_up_for_the_press_review_is_stored(client, django_capture_on_commit_callbacks):
    page = client.get("/fr/newsletter/subscribe/").content.decode()
    assert "Envoyez-moi aussi la revue de presse hebdomadaire" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/newsletter/subscribe/", {"email": "ana@example.net", "language": "es", "press_review": "on"})
        client.post("/en/newsletter/subscribe/", {"email": "bo@example.net", "language": "fr"})
    chosen = dict(Subscriber.objects.values_list("email", "press_review"))
    assert chosen == {"ana@example.net": True, "bo@example.net": False}


def test_a_logged_in_person_chooses_the_press_review_on_their_page(client_for):
    client = client_for("friend")
    client.post("/en/newsletter/mine/", {"language": "fr", "press_review": "on", "save": ""})
    subscriber = Subscriber.objects.get(email="friend@example.org")
    assert subscriber.press_review is True
    page = client.get("/en/newsletter/mine/").content.decode()
    assert re.search(r'<input type="checkbox" name="press_review"[^>]* checked>', page)
    client.post("/en/newsletter/mine/", {"language": "fr", "save": ""})
    subscriber.refresh_from_db()
    assert subscriber.press_review is False and subscriber.status == "active"


# --- The weekly digest ----------------------------------------------------------------------------
def test_beat_sends_the_digest_every_monday_morning():
    row = PeriodicTask.objects.get(name="Press review: weekly digest", enabled=True)
    assert row.task == "newsletter.tasks.send_press_digest"
    assert (row.crontab.day_of_week, row.crontab.hour, row.crontab.minute) == ("1", "7", "0")


def test_the_digest_week_is_the_iso_week_before():
    label, start, end = press.digest_week(NOW)
    assert label == "2026-W47"
    assert start == datetime.datetime(2026, 11, 16, tzinfo=datetime.UTC)
    assert end == datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
    assert press.digest_week(datetime.datetime(2027, 1, 4, 7, tzinfo=datetime.UTC))[0] == "2026-W53"


def test_the_digest_goes_once_to_those_who_chose_it_in_their_language(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://portal.example.org"
    make_item(1, title="Les sols, puits de carbone", added=LAST_WEEK)
    make_item(2, title="Older news", language="en", added=LAST_WEEK - datetime.timedelta(days=7))
    make_item(3, title="This week's news", language="en", added=NOW)
    spanish = SubscriberFactory(email="ana@example.net", language="es", press_review=True)
    french = SubscriberFactory(email="fr@example.net", language="fr", press_review=True)
    SubscriberFactory(email="newsletter-only@example.net", press_review=False)
    SubscriberFactory(email="left@example.net", press_review=True, status="unsubscribed")
    SubscriberFactory(email="pending@example.net", press_review=True, status="pending", consent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert press.send_press_digest(NOW) == 2
        assert press.send_press_digest(NOW + datetime.timedelta(days=1)) == 0  # same week: nothing more
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.net", "fr@example.net"]
    message = next(m for m in mail.outbox if m.to == ["ana@example.net"])
    assert message.subject == "Revista de prensa de la 4 por 1000, semana del 16 de noviembre de 2026"
    assert "Les sols, puits de carbone" in message.body and "Resumen 1 en español." in message.body
    assert "Older news" not in message.body and "This week's news" not in message.body
    assert "https://portal.example.org/es/newsletter/press/" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{press_unsubscribe_url(spanish)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert press_unsubscribe_url(spanish) in message.body
    # Rendered once per language, but each reader gets their own unsubscribe link.
    to_french = next(m for m in mail.outbox if m.to == ["fr@example.net"])
    assert press_unsubscribe_url(french) in to_french.body and press_unsubscribe_url(spanish) not in to_french.body
    assert to_french.extra_headers["List-Unsubscribe"] == f"<{press_unsubscribe_url(french)}>"
    assert "Résumé 1 en français." in to_french.body
    # The HTML part: the same digest, for mail programs that show HTML, with the reader's own link.
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and '<html lang="es">' in html
    assert '<a href="https://press.example.net/1-fr">Les sols, puits de carbone</a>' in html
    assert "Resumen 1 en español." in html and "Older news" not in html
    assert f'<a href="{press_unsubscribe_url(spanish)}">Dejar la revista de prensa</a>' in html
    assert press_unsubscribe_url(french) not in html
    assert SentMail.objects.filter(key__startswith="newsletter:press-digest:2026-W47:").count() == 2
    assert all(SentMail.objects.values_list("sent_at", flat=True))


def test_no_item_last_week_means_no_digest(django_capture_on_commit_callbacks):
    make_item(1, added=NOW)
    SubscriberFactory(press_review=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert press.send_press_digest(NOW) == 0
    assert mail.outbox == [] and not SentMail.objects.exists()


def test_the_next_week_brings_the_next_digest(django_capture_on_commit_callbacks):
    make_item(1, added=LAST_WEEK)
    make_item(2, title="Next week's article", added=LAST_WEEK + datetime.timedelta(days=7))
    SubscriberFactory(email="ana@example.net", press_review=True)
    with django_capture_on_commit_callbacks(execute=True):
        press.send_press_digest(NOW)
        press.send_press_digest(NOW + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2
    assert "Next week's article" in mail.outbox[1].body and "Next week's article" not in mail.outbox[0].body


def test_the_weekly_task_mails_through_a_real_smtp_server(smtp_server, django_capture_on_commit_callbacks):
    make_item(1, title="Les sols, puits de carbone", added=timezone.now() - datetime.timedelta(days=7))
    reader = SubscriberFactory(email="ana@example.net", language="fr", press_review=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_press_digest.delay().get() == 1
    [received] = smtp_server.to("ana@example.net")
    assert received["Subject"].startswith("Revue de presse 4 pour 1000")
    assert received["List-Unsubscribe"].strip() == f"<{press_unsubscribe_url(reader)}>"  # folded: long line
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Les sols, puits de carbone" in received.get_body().get_content()


def test_the_digest_link_stops_the_press_review_and_keeps_the_newsletter(client, django_capture_on_commit_callbacks):
    make_item(1, added=LAST_WEEK)
    reader = SubscriberFactory(email="ana@example.net", language="es", press_review=True)
    with django_capture_on_commit_callbacks(execute=True):
        press.send_press_digest(NOW)
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body and "el boletín se mantiene" in message.body
    path = link.removeprefix("https://portal.example.org")
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "¿Quiere dejar de recibir la revista de prensa semanal?" in page
    assert Subscriber.objects.get(pk=reader.pk).press_review is True  # looking changes nothing

    # RFC 8058: the mail client POSTs without cookies or CSRF token.
    done = client.post(path, {"List-Unsubscribe": "One-Click"}, HTTP_ACCEPT_LANGUAGE="es")
    assert done.status_code == 200
    stored = Subscriber.objects.get(pk=reader.pk)
    assert (stored.press_review, stored.status) == (False, "active")
    text = done.content.decode()
    assert "Ya no recibirá la revista de prensa semanal." in text
    assert f'href="/newsletter/unsubscribe/{unsubscribe_token(reader)}/"' in text  # the newsletter, one step away
    assert client.post(path).status_code == 200  # twice: still fine, nothing changes
    assert Subscriber.objects.get(pk=reader.pk).press_review is False

    # No digest next week.
    make_item(2, added=LAST_WEEK + datetime.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert press.send_press_digest(NOW + datetime.timedelta(days=7)) == 0


def test_the_press_and_newsletter_unsubscribe_tokens_are_not_interchangeable(client):
    reader = SubscriberFactory(press_review=True)
    press_token = press_unsubscribe_url(reader).rsplit("/", 2)[1]
    assert client.post(f"/newsletter/unsubscribe/{press_token}/").status_code == 400
    assert client.post(f"/newsletter/unsubscribe/press/{unsubscribe_token(reader)}/").status_code == 400
    refused = client.get("/newsletter/unsubscribe/press/forged:token/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "This unsubscribe link does not work" in refused.content.decode()
    stored = Subscriber.objects.get(pk=reader.pk)
    assert (stored.press_review, stored.status) == (True, "active")
    assert reader.email not in press_unsubscribe_url(reader)


def test_the_digest_keeps_to_the_newsletter_rate(smtp_server, settings, django_capture_on_commit_callbacks):
    import time

    settings.NEWSLETTER_RATE_PER_SECOND = 10
    make_item(1, added=LAST_WEEK)
    readers = [SubscriberFactory(email=f"reader{i}@example.net", press_review=True) for i in range(25)]
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        assert press.send_press_digest(NOW) == 25
    elapsed = time.monotonic() - started
    assert sorted(r for _t, [r], _m in smtp_server.messages) == sorted(r.email for r in readers)
    # 25 messages at 10 a second need three one-second windows: more than one second in all.
    assert elapsed >= 1.0


# --- The secretariat publishes --------------------------------------------------------------------
def test_the_secretariat_adds_press_items_in_the_admin_and_a_partner_cannot(client_for):
    page = client_for("secretariat").get("/django-admin/newsletter/pressitem/add/").content.decode()
    assert 'name="summary_fr"' in page and 'name="summary_es"' in page and 'name="source"' in page
    refused = client_for("partner").get("/django-admin/newsletter/pressitem/add/")
    assert refused.status_code == 302 and refused["Location"].startswith("/django-admin/login/")
    assert not PressItem.objects.exists()


def test_demo_press_items_are_idempotent_and_on_the_page(client):
    import io

    from newsletter import demo

    demo.seed(1, io.StringIO())
    demo.seed(1, io.StringIO())
    assert PressItem.objects.count() == 3
    assert len(press.published_weeks()) == 2  # two weekly issues to read, last week's for the digest
    assert set(PressItem.objects.values_list("region__code", flat=True)) == {
        "sub-saharan-africa",
        "europe",
        "south-america",
    }
    from newsletter.models import MediaContact

    assert MediaContact.objects.count() == 3
    page = client.get("/fr/newsletter/press/").content.decode()
    assert "Au Sahel, les parcs agroforestiers redonnent vie aux sols" in page
    assert "Partout en Europe, les couverts d&#x27;hiver stockent du carbone" in page
    assert 'href="/fr/newsletter/press/"' in page  # in the main navigation
