"""Sending e-mail from the portal: render now (in the recipient's language), send after commit.

A message is rendered in the request or service that decides to send it, turned into a plain dict
and handed to a Celery task once the transaction commits, so a rolled-back change never mails anyone.
The newsletter issue builds the bulk engine (deliveries, rates) on top of this.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import translation


@contextmanager
def recipient_language(email=None, user=None):
    """Activate the language a recipient chose (their account's), else keep the current one."""
    language = None
    if user is None and email:
        from .models import User

        user = User.objects.filter(email__iexact=email).only("language").first()
    if user is not None and getattr(user, "language", None):
        language = user.language
    if language in dict(settings.LANGUAGES):
        with translation.override(language):
            yield language
    else:
        yield translation.get_language()


def message_to_payload(message: EmailMessage) -> dict:
    payload = {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [],
        "content_subtype": message.content_subtype,
    }
    for alternative in getattr(message, "alternatives", []) or []:
        content, mimetype = alternative[0], alternative[1]
        payload["alternatives"].append([str(content), mimetype])
    return payload


def payload_to_message(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=payload.get("to") or [],
        cc=payload.get("cc") or [],
        bcc=payload.get("bcc") or [],
        reply_to=payload.get("reply_to") or [],
        headers=payload.get("headers") or {},
    )
    message.content_subtype = payload.get("content_subtype") or "plain"
    for content, mimetype in payload.get("alternatives") or []:
        message.attach_alternative(content, mimetype)
    return message


def queue_message(message: EmailMessage) -> None:
    """Send ``message`` through the Celery mail task once the current transaction commits."""
    from .tasks import send_email

    send_email.delay_on_commit(message_to_payload(message))
