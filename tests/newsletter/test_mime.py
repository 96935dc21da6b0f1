"""The stamped message (built once per edition and language, then per recipient only the address, the
unsubscribe URL and the delivery id) is the message Django builds for that recipient."""

import email
import email.policy
import re

import pytest

from newsletter import editions, rendering, subscriptions
from newsletter.engine import smtp
from newsletter.engine.mime import MessageTemplate

from .factories import EditionFactory, SectionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

PER_MESSAGE = {"message-id", "date"}


def _parse(data, stuffed=True):
    """The message as the server stores it: SMTP's dot-stuffing undone."""
    if stuffed:
        data = re.sub(rb"(^|\r\n)\.", rb"\1", data)
    return email.message_from_bytes(data, policy=email.policy.default)


def _pair(rendered, *, to, unsubscribe, delivery_id=7):
    template = MessageTemplate(
        rendered,
        placeholder=rendering.UNSUBSCRIBE_PLACEHOLDER,
        headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    sender, recipients, data = template.stamp(to=to, unsubscribe=unsubscribe, delivery_id=delivery_id)
    django_message = rendering.build_message(rendered, to=to, unsubscribe=unsubscribe, delivery_id=delivery_id)
    expected = django_message.message().as_bytes(linesep="\r\n")
    assert not re.search(rb"(^|\r\n)\.", expected) or re.search(rb"(^|\r\n)\.\.", data)
    return sender, recipients, data, expected


def _assert_same(data, expected):
    ours, theirs = _parse(data), _parse(expected, stuffed=False)
    assert sorted(
        (k.lower(), str(v).strip()) for k, v in ours.items() if k.lower() not in PER_MESSAGE | {"content-type"}
    ) == (
        sorted(
            (k.lower(), str(v).strip()) for k, v in theirs.items() if k.lower() not in PER_MESSAGE | {"content-type"}
        )
    )
    assert ours.get_content_type() == theirs.get_content_type() == "multipart/alternative"
    assert ours["Message-ID"] and ours["Date"]
    for kind in ("plain", "html"):
        assert ours.get_body((kind,)).get_content() == theirs.get_body((kind,)).get_content()
    for line in data.split(b"\r\n"):
        assert len(line) <= 998
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.endswith(b"\r\n")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_stamped_message_is_the_one_django_builds(language, settings):
    settings.SITE_URL = "https://portal.example.org"
    edition = EditionFactory()
    SectionFactory(edition=edition, body_fr="Les couverts végétaux ont doublé le stock de carbone.")
    subscriber = SubscriberFactory(language=language)
    rendered = editions.render_edition(edition, language)
    url = subscriptions.unsubscribe_url(subscriber)
    sender, recipients, data, expected = _pair(rendered, to=subscriber.email, unsubscribe=url)
    assert sender == "4 per 1000 <noreply@4p1000.org>"
    assert recipients == [subscriber.email]
    _assert_same(data, expected)
    parsed = _parse(data)
    assert parsed["To"] == subscriber.email
    assert parsed["List-Unsubscribe"] == f"<{url}>"
    assert parsed["X-Newsletter-Delivery"] == "7"
    assert url in parsed.get_body(("plain",)).get_content()
    assert rendering.UNSUBSCRIBE_PLACEHOLDER.encode() not in data


def test_long_lines_are_quoted_printable_like_django(settings):
    # A paragraph over SMTP's 998-character line limit: Django quotes the part, and so do we, with the
    # URL inside a quoted line.
    settings.SITE_URL = "https://portal.example.org"
    edition = EditionFactory(intro_fr="Les sols vivants stockent du carbone. " * 40)
    SectionFactory(edition=edition, body_fr="Réussite au Sénégal. " * 80)
    rendered = editions.render_edition(edition, "fr")
    long_line = "Lisez aussi " * 60 + rendering.UNSUBSCRIBE_PLACEHOLDER + " fin."
    rendered.text += long_line + "\n"
    rendered.html += f"<p>{long_line}</p>\n"
    url = "https://portal.example.org/newsletter/unsubscribe/" + "a" * 32 + ":" + "b" * 43 + "/"
    _sender, _recipients, data, expected = _pair(rendered, to="lecteur@example.net", unsubscribe=url)
    assert b"quoted-printable" in data
    _assert_same(data, expected)
    assert long_line.replace(rendering.UNSUBSCRIBE_PLACEHOLDER, url) in _parse(data).get_body(("plain",)).get_content()


def test_a_line_that_the_url_pushes_past_the_limit_is_quoted():
    rendered = rendering.Rendered(
        subject="Soil news",
        text="x" * 950 + rendering.UNSUBSCRIBE_PLACEHOLDER + "\n",
        html="<p>" + "y" * 950 + rendering.UNSUBSCRIBE_PLACEHOLDER + "</p>\n",
    )
    url = "https://portal.example.org/newsletter/unsubscribe/" + "c" * 80 + "/"
    _sender, _recipients, data, expected = _pair(rendered, to="reader@example.net", unsubscribe=url)
    _assert_same(data, expected)


def test_lines_starting_with_a_dot_are_stuffed_for_smtp():
    rendered = rendering.Rendered(subject="Dots", text=".hidden\n..two\n", html="<p>\n.x</p>\n")
    _sender, _recipients, data, _expected = _pair(rendered, to="reader@example.net", unsubscribe="https://x.test/u/")
    assert b"\r\n..hidden\r\n...two\r\n" in data
    assert b"\r\n..x</p>\r\n" in data


def test_international_address_is_encoded_as_django_does(settings):
    settings.SITE_URL = "https://portal.example.org"
    edition = EditionFactory()
    rendered = editions.render_edition(edition, "es")
    _sender, recipients, data, expected = _pair(rendered, to="lectora@año.example", unsubscribe="https://x.test/u/")
    assert recipients == ["lectora@xn--ao-zja.example"]
    _assert_same(data, expected)


def test_every_message_gets_its_own_message_id():
    rendered = rendering.Rendered(subject="Ids", text="Hello\n", html="<p>Hello</p>\n")
    template = MessageTemplate(rendered, placeholder=rendering.UNSUBSCRIBE_PLACEHOLDER)
    ids = {
        _parse(template.stamp(to=f"r{i}@example.net", unsubscribe="https://x.test/u/")[2])["Message-ID"]
        for i in range(50)
    }
    assert len(ids) == 50


def test_unsubscribe_urls_match_the_single_url_function(settings):
    settings.SITE_URL = "https://portal.example.org"
    subscribers = [SubscriberFactory() for _i in range(5)]
    urls = subscriptions.UnsubscribeUrls()
    assert [urls(s) for s in subscribers] == [subscriptions.unsubscribe_url(s) for s in subscribers]


@pytest.mark.parametrize(
    "address",
    ["reader@example.net", "First.Last+news@sub.example.org", "o'neil@example.ie", "a..b@example.net", "x@localhost"],
)
def test_the_quick_address_paths_agree_with_the_slow_ones(address):
    import smtplib

    from django.core.mail.message import sanitize_address

    template = MessageTemplate(rendering.Rendered(subject="A", text="B\n", html="<p>C</p>\n"), placeholder="%%U%%")
    _sender, [recipient], data = template.stamp(to=address, unsubscribe="https://x.test/u/")
    assert recipient == sanitize_address(address, "utf-8")
    assert data.startswith(f"To: {recipient}\r\n".encode())
    assert smtp.route_address(recipient) == smtplib.quoteaddr(recipient)
