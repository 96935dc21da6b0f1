"""Sending e-mail from the portal: render now (in the recipient's language), send after commit.

A message is rendered in the request or service that decides to send it, turned into a plain dict
and handed to a Celery task once the transaction commits, so a rolled-back change never mails anyone.

``send_once`` is the engine for everything the portal sends on its own (decisions, reminders, sheet
approvals, the press review digest): each mail has a unique key, recorded in ``SentMail`` in the
caller's transaction, so the same occasion never mails the same person twice. The newsletter's bulk
engine (deliveries, rates) is separate; allauth's account mails use ``queue_message`` directly.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation


@contextmanager
def recipient_language(email=None, user=None):
    """Activate the language a recipient chose (their account's, see language_of), else keep the
    current one."""
    language = language_of(user=user, email=email)
    with translation.override(language):
        yield language


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


def language_of(*, user=None, email=None, default=None):
    """The language a recipient reads: their account's, else ``default``, else the site's default."""
    known = dict(settings.LANGUAGES)
    if user is None and email:
        from .models import User

        user = User.objects.filter(email__iexact=email).only("language").first()
    for candidate in (getattr(user, "language", None), default, translation.get_language()):
        code = (candidate or "")[:2]
        if code in known:
            return code
    return settings.LANGUAGE_CODE[:2]


def render_mail(template, context, language):
    """Render ``template``.txt (its first line is the subject) and, when it exists, ``template``.html
    in ``language``. Returns (subject, text, html or None)."""
    with translation.override(language):
        text = render_to_string(f"{template}.txt", context).strip()
        try:
            html = get_template(f"{template}.html").render(context)
        except TemplateDoesNotExist:
            html = None
    subject, _sep, body = text.partition("\n")
    return " ".join(subject.split()), body.strip() + "\n", html


def send_once(
    key,
    *,
    template,
    context=None,
    user=None,
    to=None,
    language=None,
    headers=None,
    reply_to=None,
    replace=None,
    cache=None,
):
    """Send the mail named ``key`` once, ever: render ``template`` in the recipient's language, record
    it (``SentMail``, unique key) in the current transaction and queue it once that commits.

    The recipient is ``user`` (their address and language) or the address ``to`` (the language of the
    account with that address, else ``language``). ``language`` wins when given (a subscriber's
    choice). Returns the record, or None when a mail with this key was already recorded (sent
    before, or by another worker at the same moment: the unique constraint decides).

    A mailing of the same text to many people renders it once per language: pass the same ``cache``
    dict to every call, and put what differs per person (an unsubscribe link) in ``replace``
    ({placeholder written in the template's context: value for this recipient})."""
    from .models import SentMail

    key = key[:200]
    if SentMail.objects.filter(key=key).exists():  # cheap early exit; the insert below is the guard
        return None
    address = to or user.email
    if language is None or language not in dict(settings.LANGUAGES):
        language = language_of(user=user, email=None if user else address, default=language)
    if cache is not None and (template, language) in cache:
        subject, body, html = cache[(template, language)]
    else:
        context = {"site_url": settings.SITE_URL, "user": user, **(context or {})}
        subject, body, html = render_mail(template, context, language)
        if cache is not None:
            cache[(template, language)] = (subject, body, html)
    for placeholder, value in (replace or {}).items():
        body = body.replace(placeholder, value)
        html = html.replace(placeholder, value) if html else html
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=[address], headers=headers or {}, reply_to=reply_to or []
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        with transaction.atomic():
            record = SentMail.objects.create(
                key=key,
                to=address,
                template=template,
                language=language,
                subject=subject[:300],
                payload=message_to_payload(message),
            )
    except IntegrityError:
        return None
    from .tasks import send_recorded_mail

    send_recorded_mail.delay_on_commit(record.pk)
    return record
