"""An edition's content (newsletter.content) as an e-mail: its subject, text and HTML parts, and the
Django message of a test send or of a backend other than SMTP.

Below the models, like content.py: it imports none, so the CMS preview (models.NewsletterPage) can
render through it. Who reads what (editions, engine) is decided by the callers.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .content import labelled

# Where each reader's unsubscribe URL goes: a rendering is shared by many readers (engine.mime).
UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"


def absolute(url):
    """A link in a mailbox carries the site's address."""
    return settings.SITE_URL.rstrip("/") + url


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def render_content(edition, content, *, sections=None, unsubscribe=UNSUBSCRIBE_PLACEHOLDER):
    """HTML and text parts of ``content`` (see newsletter.content). ``sections``: the positions to keep
    (a reader's interests), all when None. The interface strings are in the content's language.
    ``edition`` (or None, a page not yet made an edition) gives the archive link."""
    chosen = content.sections if sections is None else [content.sections[i] for i in sections]
    with translation.override(content.language):
        context = {
            "subject": content.subject,
            "intro": content.intro,
            "sections": labelled(chosen),
            "unsubscribe_url": unsubscribe,
            "archive_url": absolute(reverse("newsletter:archive_detail", args=[edition.key])) if edition else "",
            "language": content.language,
        }
        return Rendered(
            subject=content.subject,
            text=render_to_string("newsletter/email/edition.txt", context),
            html=render_to_string("newsletter/email/edition.html", context),
        )


def unsubscribe_headers(url):
    """RFC 8058 one-click unsubscribe headers for a message whose reader unsubscribes at ``url``."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build_message(rendered, *, to, unsubscribe, delivery_id=None, connection=None):
    """The Django message of ``rendered`` for one reader (test sends, and backends other than SMTP;
    the engine stamps engine.mime.MessageTemplate for SMTP, which builds the same bytes)."""
    headers = unsubscribe_headers(unsubscribe)
    if delivery_id is not None:
        headers["X-Newsletter-Delivery"] = str(delivery_id)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe),
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(rendered.html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe), "text/html")
    return message
