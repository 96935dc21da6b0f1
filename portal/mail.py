"""Sending e-mail from the portal: render now (in the recipient's language), send after commit.

A message is rendered in the request or service that decides to send it, turned into a plain dict
and handed to a Celery task once the transaction commits, so a rolled-back change never mails anyone.

``send_once`` is the engine for everything the portal sends on its own (decisions, reminders, sheet
approvals, the press review digest): each mail has a unique key, recorded in ``SentMail`` in the
caller's transaction, so the same occasion never mails the same person twice; ``send_recorded`` claims
such a record, sends it and marks it sent. The newsletter's bulk engine (deliveries, rates) is separate;
allauth's account mails use ``queue_message`` directly.

The Celery tasks of portal/tasks.py wrap these functions; this module queues them by name
(portal.celery.enqueue_on_commit) and never imports portal.tasks, which imports it.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from . import counters
from .celery import enqueue_on_commit

SEND_EMAIL_TASK = "portal.tasks.send_email"
SEND_RECORDED_MAIL_TASK = "portal.tasks.send_recorded_mail"
# A claim older than this belongs to a dead worker (sending one message takes seconds).
MAIL_CLAIM_TIMEOUT = timedelta(minutes=10)
# After this many failed attempts a recorded mail is left for a person to look at (admin, "last error").
MAIL_MAX_ATTEMPTS = 10


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
    enqueue_on_commit(SEND_EMAIL_TASK, message_to_payload(message))


def send_payload(payload: dict) -> int:
    """Send one message given as ``message_to_payload`` made it. Returns how many the backend accepted."""
    message = payload_to_message(payload)
    with get_connection() as connection:
        message.connection = connection
        return message.send()


def recipient_reference(address) -> str:
    """A keyed hash of an address (HMAC of SECRET_KEY): what a recorded mail keeps of its recipient
    after its body is pruned, and what a key holds instead of an address."""
    return salted_hmac("portal.mail.recipient", (address or "").strip().lower()).hexdigest()[:32]


def forget_recipients(addresses) -> int:
    """Erasure: the recorded mails to ``addresses`` lose the address, its reference, the subject and
    the message (found by the indexed reference); the account mails whose key spelt an address out
    (``projects/mail/…`` keys written before keys held references) get the reference instead. The
    keys and dates stay, so none of these mails is ever sent again. Returns how many records changed."""
    from .models import SentMail

    addresses = sorted({(address or "").strip().lower() for address in addresses} - {""})
    if not addresses:
        return 0
    now = timezone.now()
    references = {address: recipient_reference(address) for address in addresses}
    changed = 0
    for start in range(0, len(addresses), 1000):
        chunk = [references[address] for address in addresses[start : start + 1000]]
        changed += SentMail.objects.filter(recipient__in=chunk).update(
            to="", recipient="", subject="", payload={}, error="", pruned_at=now
        )
    legacy = SentMail.objects.filter(key__startswith="projects/mail/", key__contains="@")
    for pk, key in legacy.values_list("pk", "key"):
        for address in addresses:
            index = key.lower().find(address)
            if index >= 0:
                key = key[:index] + references[address] + key[index + len(address) :]
                SentMail.objects.filter(pk=pk).update(key=key)
                changed += 1
    return changed


def forget_recipient(address) -> int:
    return forget_recipients([address])


def prune_mail_bodies(now=None, batch=2000) -> int:
    """Recorded mails sent more than MAIL_BODY_RETENTION_DAYS ago (or given up after MAIL_MAX_ATTEMPTS
    failures that long ago) keep their key, recipient reference, state and dates; the address, subject,
    message and last error go. ``batch`` rows per UPDATE, so 100,000s of rows never hold one long
    lock; running it again changes nothing. Returns how many records were pruned."""
    from .models import SentMail

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MAIL_BODY_RETENTION_DAYS)
    due = SentMail.objects.filter(pruned_at__isnull=True, queued_at__lt=cutoff).filter(
        Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, attempts__gte=MAIL_MAX_ATTEMPTS)
    )
    pruned = 0
    while True:
        rows = list(due.order_by("queued_at").values_list("pk", "to", "recipient")[:batch])
        if not rows:
            return pruned
        missing = [(pk, to) for pk, to, recipient in rows if not recipient and to]
        with transaction.atomic():
            for pk, to in missing:  # records older than the reference: computed once, now
                SentMail.objects.filter(pk=pk).update(recipient=recipient_reference(to))
            pruned += SentMail.objects.filter(pk__in=[row[0] for row in rows]).update(
                to="", subject="", payload={}, error="", pruned_at=now
            )


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
                recipient=recipient_reference(address),
                template=template,
                language=language,
                subject=subject[:300],
                payload=message_to_payload(message),
            )
    except IntegrityError:
        return None
    enqueue_on_commit(SEND_RECORDED_MAIL_TASK, record.pk)
    return record


def send_recorded(mail_id: int) -> int:
    """Send one recorded mail (``send_once``) and mark it sent. The mail is claimed first with a
    conditional UPDATE: a mail already sent, or being sent by another worker, is not sent again (the
    broker hands a task out twice when a worker dies before acknowledging it). A failure releases the
    claim, records the error and raises (the task retries). Returns the number of messages the backend
    accepted (0: nothing to do). Called by the task portal.tasks.send_recorded_mail."""
    from .models import SentMail

    now = timezone.now()
    claimed = (
        SentMail.objects.filter(pk=mail_id, sent_at__isnull=True, pruned_at__isnull=True)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - MAIL_CLAIM_TIMEOUT))
        .update(sending_since=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return 0
    record = SentMail.objects.get(pk=mail_id)
    message = payload_to_message(record.payload)
    for prefix, (counter, rate_setting) in getattr(settings, "MAIL_RATE_LIMITS", {}).items():
        if record.key.startswith(prefix):  # a mailing to many (the press digest): the newsletter's rate
            counters.wait_for_slot(counter, getattr(settings, rate_setting, 0))
            break
    try:
        with get_connection() as connection:
            message.connection = connection
            accepted = message.send()
    except Exception as error:
        # Released, so that the retry (or the sweep) can claim it again.
        SentMail.objects.filter(pk=mail_id).update(sending_since=None, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    SentMail.objects.filter(pk=mail_id).update(sent_at=timezone.now(), sending_since=None, error="")
    return accepted


def unsent_mail_due(limit=1000) -> list:
    """Ids of recorded mails still unsent a quarter of an hour after they were queued (the broker lost
    the task, or its retries ran out), fewer than MAIL_MAX_ATTEMPTS attempts, and not being sent."""
    from .models import SentMail

    now = timezone.now()
    due = (
        SentMail.objects.filter(sent_at__isnull=True, queued_at__lt=now - timedelta(minutes=15))
        .filter(attempts__lt=MAIL_MAX_ATTEMPTS)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - MAIL_CLAIM_TIMEOUT))
        .values_list("pk", flat=True)
    )
    return list(due[:limit])
