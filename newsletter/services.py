"""Every state change of the newsletter: subscription (double opt-in, one-click unsubscribe) and the
sending engine (deliveries, claims, rate, retries, stale claims, pause/resume/cancel).

The engine guarantees "never twice, never lost" as far as SMTP allows: a delivery is claimed in one
transaction, and marked sent while the SMTP server still holds the message, just before the final "."
of DATA (see _smtp_send and marks.py). Only a worker killed between those two writes (microseconds on
PostgreSQL) leaves a marked message unsent; a crash anywhere else is sent exactly once after recovery.
"""

import functools
import logging
import smtplib
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import counters
from portal.exports import Column
from portal.mail import queue_message

from .content import edition_content, labelled
from .content import from_page as content_from_page
from .marks import SyncMarks, marks_for_worker
from .mime import SIMPLE_ADDRESS, MessageTemplate
from .models import LANGUAGE_CHOICES, Delivery, Edition, Subscriber

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PRESS_UNSUBSCRIBE_SALT = "newsletter.unsubscribe.press"
RATE_COUNTER = "newsletter:rate"  # shared with settings.MAIL_RATE_LIMITS
UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"

logger = logging.getLogger(__name__)


def _setting(name, default):
    return getattr(settings, name, default)


def confirm_max_age():
    return _setting("NEWSLETTER_CONFIRM_MAX_AGE", 3 * 24 * 3600)


def rate_per_second():
    """Messages per second across all workers (0: no limit)."""
    return _setting("NEWSLETTER_RATE_PER_SECOND", 50)


def claim_timeout():
    return _setting("NEWSLETTER_CLAIM_TIMEOUT", 600)


def max_attempts():
    return _setting("NEWSLETTER_MAX_ATTEMPTS", 5)


def retry_delay(attempts):
    """Backoff after the n-th temporary failure: 1, 2, 4, 8... minutes."""
    return timedelta(seconds=_setting("NEWSLETTER_RETRY_BASE_SECONDS", 60) * 2 ** max(attempts - 1, 0))


# --- Tokens ---------------------------------------------------------------------------------------
class InvalidToken(Exception):
    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def confirm_token(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscriber.key.hex)


def unsubscribe_token(subscriber):
    """Signed, never expires, holds a random key: reveals neither the address nor the row number."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscriber.key.hex)


def subscriber_from_token(token, *, salt, max_age=None):
    try:
        if salt == CONFIRM_SALT:
            key = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
        else:
            key = signing.Signer(salt=salt).unsign(token)
        subscriber = Subscriber.objects.filter(key=uuid.UUID(hex=key)).first()
    except signing.SignatureExpired as error:
        raise InvalidToken(expired=True) from error
    except (signing.BadSignature, ValueError) as error:
        raise InvalidToken() from error
    if subscriber is None:
        raise InvalidToken()
    return subscriber


def absolute(url):
    return settings.SITE_URL.rstrip("/") + url


def unsubscribe_url(subscriber):
    return absolute(reverse("newsletter_unsubscribe", args=[unsubscribe_token(subscriber)]))


def press_unsubscribe_url(subscriber):
    """The weekly press review's own unsubscribe link: it stops the digest and keeps the newsletter."""
    token = signing.Signer(salt=PRESS_UNSUBSCRIBE_SALT).sign(subscriber.key.hex)
    return absolute(reverse("newsletter_press_unsubscribe", args=[token]))


class UnsubscribeUrls:
    """unsubscribe_url for many subscribers: the URL is resolved once, then only the token changes."""

    MARK = "0" * 32

    def __init__(self):
        self.head, self.tail = absolute(reverse("newsletter_unsubscribe", args=[self.MARK])).split(self.MARK)
        self.signer = signing.Signer(salt=UNSUBSCRIBE_SALT)

    def __call__(self, subscriber):
        return self.head + self.signer.sign(subscriber.key.hex) + self.tail


# --- Subscription ---------------------------------------------------------------------------------
@transaction.atomic
def subscribe(*, email, language, themes=(), regions=(), user=None, press_review=False):
    """Record a sign-up (pending until confirmed) and mail the confirmation link in ``language``.

    Anyone may call it. An address that is already known keeps one row; a suppressed address (hard
    bounce, complaint) is left alone and gets no mail. The caller shows the same page in every case
    so the form does not reveal who is subscribed."""
    email = email.strip()
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.SUPPRESSED:
        return subscriber
    if subscriber is None:
        subscriber = Subscriber(email=email)
    if subscriber.status != Subscriber.Status.ACTIVE:
        subscriber.status = Subscriber.Status.PENDING
    subscriber.language = language
    subscriber.press_review = press_review
    if user is not None and user.is_authenticated and user.email.lower() == email.lower():
        subscriber.user = user
    subscriber.save()
    subscriber.themes.set(themes)
    subscriber.regions.set(regions)
    send_confirmation(subscriber)
    return subscriber


def send_confirmation(subscriber):
    with translation.override(subscriber.language):
        context = {
            "confirm_url": absolute(reverse("newsletter:confirm", args=[confirm_token(subscriber)])),
            "days": confirm_max_age() // (24 * 3600),
        }
        message = EmailMultiAlternatives(
            subject=render_to_string("newsletter/email/confirm_subject.txt", context).strip(),
            body=render_to_string("newsletter/email/confirm.txt", context),
            to=[subscriber.email],
        )
    queue_message(message)


@transaction.atomic
def confirm(token, *, ip):
    """Activate the subscription of a valid, unexpired confirmation token; keep time and IP as proof
    of consent. Raises InvalidToken."""
    subscriber = subscriber_from_token(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.SUPPRESSED:
        raise InvalidToken()
    if subscriber.status != Subscriber.Status.ACTIVE:
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.consent_at = timezone.now()
        subscriber.consent_ip = ip or None
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "consent_at", "consent_ip", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def unsubscribe(token):
    """One-click unsubscribe (RFC 8058): anybody holding the token. Idempotent. Raises InvalidToken."""
    subscriber = subscriber_from_token(token, salt=UNSUBSCRIBE_SALT)
    if subscriber.status in (Subscriber.Status.ACTIVE, Subscriber.Status.PENDING):
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
        )
        subscriber.refresh_from_db()
    return subscriber


@transaction.atomic
def unsubscribe_press_review(token):
    """One-click stop of the weekly press review only (RFC 8058 on the digest). Idempotent; the
    newsletter subscription stays as it is. Raises InvalidToken."""
    subscriber = subscriber_from_token(token, salt=PRESS_UNSUBSCRIBE_SALT)
    if subscriber.press_review:
        Subscriber.objects.filter(pk=subscriber.pk).update(press_review=False)
        subscriber.press_review = False
    return subscriber


# --- Editions: state ------------------------------------------------------------------------------
class EditionStateError(Exception):
    pass


def _lock(edition):
    return Edition.objects.select_for_update().get(pk=edition.pk)


def _enqueue(edition):
    from . import tasks

    workers = _setting("NEWSLETTER_WORKERS_PER_EDITION", 2)
    for _i in range(workers):
        tasks.send_edition.delay_on_commit(edition.pk)


def create_deliveries(edition):
    """One queued Delivery per active subscriber; running it again adds only the missing ones."""
    subscriber_ids = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).values_list("pk", flat=True)
    batch = []
    for subscriber_id in subscriber_ids.iterator(chunk_size=2000):
        batch.append(Delivery(edition_id=edition.pk, subscriber_id=subscriber_id))
        if len(batch) >= 2000:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    return Delivery.objects.filter(edition=edition).count()


@transaction.atomic
def start_sending(edition, *, by=None):
    """Secretariat: a draft edition gets its deliveries and workers start once this commits."""
    edition = _lock(edition)
    if edition.status != Edition.Status.DRAFT:
        raise EditionStateError(edition.status)
    create_deliveries(edition)
    edition.status = Edition.Status.SENDING
    edition.started_at = timezone.now()
    edition.save(update_fields=["status", "started_at"])
    _enqueue(edition)
    return edition


@transaction.atomic
def pause_sending(edition, *, by=None):
    """Secretariat: workers stop claiming; claimed messages in flight are finished or released."""
    edition = _lock(edition)
    if edition.status != Edition.Status.SENDING:
        raise EditionStateError(edition.status)
    edition.status = Edition.Status.PAUSED
    edition.save(update_fields=["status"])
    return edition


@transaction.atomic
def resume_sending(edition, *, by=None):
    edition = _lock(edition)
    if edition.status != Edition.Status.PAUSED:
        raise EditionStateError(edition.status)
    edition.status = Edition.Status.SENDING
    edition.save(update_fields=["status"])
    _enqueue(edition)
    return edition


@transaction.atomic
def cancel_sending(edition, *, by=None):
    """Secretariat: nothing more is sent; what was sent stays recorded."""
    edition = _lock(edition)
    if edition.status not in (Edition.Status.DRAFT, Edition.Status.SENDING, Edition.Status.PAUSED):
        raise EditionStateError(edition.status)
    edition.status = Edition.Status.CANCELLED
    edition.finished_at = timezone.now()
    edition.save(update_fields=["status", "finished_at"])
    return edition


def finish_if_done(edition_id):
    """Mark a sending edition sent once no delivery is queued or claimed. One conditional UPDATE: atomic
    on both databases, and it never waits for a lock that another worker's marks hold."""
    unfinished = Delivery.objects.filter(edition_id=OuterRef("pk"), status__in=["queued", "claimed"])
    return bool(
        Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING)
        .exclude(Exists(unfinished))
        .update(status=Edition.Status.SENT, finished_at=timezone.now())
    )


def progress(edition):
    counts = dict(
        Delivery.objects.filter(edition=edition)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    sent, failed = counts.get("sent", 0), counts.get("failed", 0)
    remaining = counts.get("queued", 0) + counts.get("claimed", 0)
    total = sent + failed + remaining
    rate = 0.0
    end = None
    if edition.started_at and sent:
        last = edition.finished_at or timezone.now()
        elapsed = max((last - edition.started_at).total_seconds(), 0.001)
        rate = sent / elapsed
        if remaining and edition.status == Edition.Status.SENDING:
            end = timezone.now() + timedelta(seconds=remaining / rate)
    return {
        "status": edition.status,
        "total": total,
        "sent": sent,
        "failed": failed,
        "remaining": remaining,
        "percent": round(100 * (sent + failed) / total, 1) if total else 0.0,
        "rate": round(rate, 1),
        "expected_end": end.isoformat() if end else None,
    }


# --- Rendering ------------------------------------------------------------------------------------
@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def render_content(edition, content, *, sections=None, unsubscribe=UNSUBSCRIBE_PLACEHOLDER):
    """HTML and text parts of ``content`` (see newsletter.content). ``sections``: the positions to keep
    (a reader's interests), all when None. The interface strings are in the content's language."""
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


def render_edition(edition, language, unsubscribe=UNSUBSCRIBE_PLACEHOLDER, interests=None):
    """The edition in ``language``: from its CMS page's translation (English page when that language is
    missing) or from its own fields (modeltranslation falls back to English). ``interests``: a reader's
    (theme codes, region codes); only used when the edition is sent by interest."""
    content = edition_content(edition, language)
    sections = content.select(*interests) if edition.by_interest and interests is not None else None
    return render_content(edition, content, sections=sections, unsubscribe=unsubscribe)


def render_page(page, unsubscribe=UNSUBSCRIBE_PLACEHOLDER):
    """A NewsletterPage as it would be mailed in its own locale's language (the CMS preview, before any
    edition exists)."""
    edition = page.source_editions().exclude(status=Edition.Status.CANCELLED).first()
    return render_content(edition, content_from_page(page), unsubscribe=unsubscribe)


class RenderCache:
    """Renders of a batch: once per (edition, language), or per (edition, language, chosen sections)
    when the edition goes by interest. Readers' interests come in two queries for the whole batch."""

    def __init__(self, editions, deliveries):
        self.editions = editions
        self.contents = {}
        self.rendered = {}
        self.interests = {}
        if any(edition.by_interest for edition in editions.values()):
            ids = [d.subscriber_id for d in deliveries if editions[d.edition_id].by_interest]
            self.interests = {pk: (set(), set()) for pk in ids}
            themes = Subscriber.themes.through.objects.filter(subscriber_id__in=ids)
            for subscriber_id, code in themes.values_list("subscriber_id", "theme__code"):
                self.interests[subscriber_id][0].add(code)
            regions = Subscriber.regions.through.objects.filter(subscriber_id__in=ids)
            for subscriber_id, code in regions.values_list("subscriber_id", "region__code"):
                self.interests[subscriber_id][1].add(code)

    def get(self, edition_id, subscriber, language):
        edition = self.editions[edition_id]
        if (edition_id, language) not in self.contents:
            self.contents[edition_id, language] = edition_content(edition, language)
        content = self.contents[edition_id, language]
        sections = content.select(*self.interests[subscriber.pk]) if edition.by_interest else None
        key = (edition_id, language, sections)
        if key not in self.rendered:
            self.rendered[key] = render_content(edition, content, sections=sections)
        return self.rendered[key]


class EditionFromPageError(Exception):
    pass


@transaction.atomic
def create_edition_from_page(page, *, by_interest=False, by=None):
    """Secretariat: a draft Edition whose content is ``page`` (its English version, whose translations
    give the other languages). The English page must be published; a page has at most one edition
    that is not cancelled (database constraint)."""
    from django.db import IntegrityError
    from django.utils.text import slugify

    from .content import page_in

    source = page_in(page, "en")
    if source.locale.language_code != "en" or not source.live:
        raise EditionFromPageError(_("Publish the English version of this newsletter first."))
    if source.source_editions().exclude(status=Edition.Status.CANCELLED).exists():
        raise EditionFromPageError(_("This newsletter already has an edition."))
    base = slugify(source.slug)[:70] or "edition"
    key, n = base, 1
    while Edition.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    try:
        with transaction.atomic():
            return Edition.objects.create(
                title=source.title,
                key=key,
                subject_en=source.subject,
                intro_en=source.intro,
                page=source,
                by_interest=by_interest,
            )
    except IntegrityError as error:  # a simultaneous request made it first
        raise EditionFromPageError(_("This newsletter already has an edition.")) from error


def unsubscribe_headers(url):
    """RFC 8058 one-click unsubscribe headers for a message whose reader unsubscribes at ``url``."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build_message(rendered, *, to, unsubscribe, delivery_id=None, connection=None):
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


def send_test(edition, addresses, *, language, interests=None, by=None):
    """Secretariat: the edition as ``language`` readers (with these ``interests``, when the edition goes
    by interest) get it, to the given addresses (no delivery)."""
    # A test message has no reader to unsubscribe: its links lead to the archive.
    archive = absolute(reverse("newsletter:archive"))
    rendered = render_edition(edition, language, unsubscribe=archive, interests=interests)
    with get_connection() as connection:
        for address in addresses:
            message = build_message(rendered, to=address, unsubscribe=archive)
            message.subject = f"[TEST] {message.subject}"
            message.connection = connection
            message.send()


# --- Sending engine -------------------------------------------------------------------------------
def wait_for_rate_slot(rate=None):
    """Block until the global rate (NEWSLETTER_RATE_PER_SECOND) allows one more message. The counter
    lives in the shared cache (Redis on real services), so the rate holds across every worker; the
    press digest (portal.tasks.send_recorded_mail, settings.MAIL_RATE_LIMITS) counts in it too."""
    counters.wait_for_slot(RATE_COUNTER, rate_per_second() if rate is None else rate)


def recover_stale_claims(timeout=None):
    """Claims older than the timeout (a worker died) go back to the queue. Returns how many."""
    limit = timezone.now() - timedelta(seconds=claim_timeout() if timeout is None else timeout)
    return Delivery.objects.filter(status=Delivery.Status.CLAIMED, claimed_at__lt=limit).update(
        status=Delivery.Status.QUEUED, claimed_by="", claimed_at=None
    )


def claim_batch(worker_id, size, edition_id=None):
    """Claim up to ``size`` queued deliveries of sending editions for ``worker_id``.

    PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so workers never wait for each other. SpatiaLite
    has no row locks: one UPDATE ... WHERE pk IN (SELECT ... LIMIT n) statement takes the write lock
    before it reads, so two worker processes on one file never pick the same rows (and never fail on
    a read snapshot that another writer made stale, as a read-then-write transaction can)."""
    now = timezone.now()
    candidates = Delivery.objects.filter(status=Delivery.Status.QUEUED, edition__status=Edition.Status.SENDING)
    candidates = candidates.filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
    if edition_id is not None:
        candidates = candidates.filter(edition_id=edition_id)
    candidates = candidates.order_by("pk")
    if db_connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
            ids = list(candidates.values_list("pk", flat=True)[:size])
            if not ids:
                return []
            Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.CLAIMED, claimed_at=now, claimed_by=worker_id
            )
        mine = Delivery.objects.filter(pk__in=ids)
    else:
        claimed = Delivery.objects.filter(pk__in=candidates.values("pk")[:size], status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.CLAIMED, claimed_at=now, claimed_by=worker_id
        )
        if not claimed:
            return []
        mine = Delivery.objects.filter(claimed_at=now)
    return list(
        mine.filter(status=Delivery.Status.CLAIMED, claimed_by=worker_id).select_related("subscriber").order_by("pk")
    )


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0


def _is_temporary(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Lost connection, timeouts: the server did not accept the message.
    return isinstance(error, smtplib.SMTPServerDisconnected | OSError)


def _describe(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {msg!r}" for code, msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error!r}"
    return f"{type(error).__name__}: {error}"


def _release(deliveries, worker_id):
    return Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], status=Delivery.Status.CLAIMED, claimed_by=worker_id
    ).update(status=Delivery.Status.QUEUED, claimed_by="", claimed_at=None)


def _mine(delivery, worker_id):
    # SENT too: a failure reported after the mark (see _smtp_send) takes the mark back.
    return Delivery.objects.filter(
        pk=delivery.pk, status__in=[Delivery.Status.CLAIMED, Delivery.Status.SENT], claimed_by=worker_id
    )


@functools.lru_cache(maxsize=64)
def _route_address(address):
    """<address> as MAIL FROM and RCPT TO want it (smtplib.quoteaddr, whose parsing is slow)."""
    return f"<{address}>" if SIMPLE_ADDRESS.fullmatch(address) else smtplib.quoteaddr(address)


def _smtp_send(backend, envelope, mark_sent):
    """Send one message over the open SMTP connection of Django's backend. ``mark_sent`` (see
    newsletter/marks.py) starts the delivery's mark after the whole body went out but BEFORE the final
    "." of DATA, and returns a callable that waits for the mark's result (its row count).
    ``envelope`` is (sender, recipients, data) from MessageTemplate.stamp: data is dot-stuffed with
    CRLF line ends.

    Why: until the server reads that "." it discards the message if the connection drops. So a worker
    killed before the mark leaves a claim that is safely sent again later (nobody got it), and a worker
    killed after the "." was written has handed both the mark and the end of the message to the kernel,
    which delivers them although the process is gone. On PostgreSQL the mark is pipelined: its UPDATE is
    written, the "." follows at once, and both answers are read afterwards, so the window that remains
    is the time between those two writes (microseconds): a worker killed exactly there has marked a
    message whose "." never left (one reader missing; README, "Newsletter"). Marking after the
    server's "250" instead would leave a window of a full round trip and a commit in which a kill means
    a second copy. A refusal of the "." itself (4xx/5xx) raises, and the caller takes the mark back.

    When the server offers PIPELINING (RFC 2920; Postfix does), MAIL, RCPT and DATA go in one write and
    their replies are read together: two round trips a message instead of four."""
    smtp = backend.connection
    if getattr(smtp, "_newsletter_nodelay", False) is False and smtp.sock is not None:
        # The final "." goes in its own small write; with Nagle's algorithm it would wait for the
        # server's delayed ACK of the body (tens of milliseconds per message).
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtp._newsletter_nodelay = True
    sender, recipients, data = envelope
    smtp.ehlo_or_helo_if_needed()
    if smtp.has_extn("pipelining"):
        smtp.send(
            b"".join(
                [f"MAIL FROM:{_route_address(sender)}\r\n".encode()]
                + [f"RCPT TO:{_route_address(r)}\r\n".encode() for r in recipients]
                + [b"DATA\r\n"]
            )
        )
        mail_reply = smtp.getreply()
        rcpt_replies = [smtp.getreply() for _r in recipients]
        data_reply = smtp.getreply()
    else:
        mail_reply = smtp.mail(sender)
        rcpt_replies = [smtp.rcpt(r) for r in recipients] if mail_reply[0] == 250 else []
        data_reply = smtp.docmd("data") if mail_reply[0] == 250 and rcpt_replies else None
    refused = {r: reply for r, reply in zip(recipients, rcpt_replies, strict=False) if reply[0] not in (250, 251)}
    if mail_reply[0] != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(*mail_reply, sender)
    if len(refused) == len(recipients):
        if data_reply is not None and data_reply[0] == 354:
            # Pipelined DATA accepted although nobody may receive: end it empty, then forget it.
            smtp.send(b".\r\n")
            smtp.getreply()
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    if data_reply[0] != 354:
        smtp.rset()
        raise smtplib.SMTPDataError(*data_reply)
    smtp.send(data)
    marked = mark_sent()
    smtp.send(b".\r\n")
    if not marked():
        # Our claim was recovered as stale meanwhile, which send_batch's half-timeout guard prevents
        # unless this process stood still for minutes: the message went out, another worker may send it
        # too. Logged without the address (personal data stays out of logs).
        logger.warning("a newsletter message went out after its claim had been recovered as stale")
    code, reply = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def send_batch(worker_id, size=100, edition_id=None, connection=None, rate=None, marks=None):
    """Claim a batch and send it, honouring the global rate. Each message is marked sent as the SMTP
    server takes it (see _smtp_send); a temporary failure (4xx, lost connection) goes back to the queue
    with backoff until NEWSLETTER_MAX_ATTEMPTS, a permanent one (5xx) is recorded as failed with its
    reason. A delivery to somebody who unsubscribed meanwhile is recorded as failed, not sent."""
    result = BatchResult()
    deliveries = claim_batch(worker_id, size, edition_id=edition_id)
    result.claimed = len(deliveries)
    if not deliveries:
        return result
    editions = {e.pk: e for e in Edition.objects.filter(pk__in={d.edition_id for d in deliveries})}
    renders = RenderCache(editions, deliveries)
    templates = {}
    unsubscribe_urls = UnsubscribeUrls()
    own_connection = connection is None
    connection = connection or get_connection()
    # Open once for the batch: send_messages on a closed backend opens and closes per call.
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        # The server is unreachable: give the batch back at once rather than after the claim timeout.
        _release(deliveries, worker_id)
        raise
    is_smtp = isinstance(connection, SMTPBackend)
    marks = marks or SyncMarks()
    last_check = claimed = time.monotonic()
    # Past half the claim timeout (a very slow server), the rest of the batch goes back to the queue:
    # a claim this worker still uses must never look stale to the recovery of another.
    hold = claim_timeout() / 2
    try:
        for index, delivery in enumerate(deliveries):
            if time.monotonic() - claimed > hold:
                result.released = _release(deliveries[index:], worker_id)
                break
            if time.monotonic() - last_check > 1:
                # Pause and cancel take effect within a second: the rest of the batch is released.
                last_check = time.monotonic()
                live = set(
                    Edition.objects.filter(pk__in=editions, status=Edition.Status.SENDING).values_list("pk", flat=True)
                )
                if delivery.edition_id not in live:
                    result.released = _release(deliveries[index:], worker_id)
                    break
            subscriber = delivery.subscriber
            if subscriber.status != Subscriber.Status.ACTIVE:
                _mine(delivery, worker_id).update(status=Delivery.Status.FAILED, error="not subscribed any more")
                result.failed += 1
                continue
            language = subscriber.language if subscriber.language in dict(LANGUAGE_CHOICES) else "en"
            rendered = renders.get(delivery.edition_id, subscriber, language)
            # One MIME build per rendering (edition, language, chosen sections) and batch; the renders
            # live in ``renders`` for the whole batch, so their identity is a stable key.
            if id(rendered) not in templates:
                templates[id(rendered)] = MessageTemplate(
                    rendered,
                    placeholder=UNSUBSCRIBE_PLACEHOLDER,
                    headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                )
            template = templates[id(rendered)]
            unsubscribe = unsubscribe_urls(subscriber)

            def mark_sent(delivery=delivery):
                return marks.mark(delivery.pk, worker_id)

            wait_for_rate_slot(rate)
            try:
                if is_smtp:
                    envelope = template.stamp(to=subscriber.email, unsubscribe=unsubscribe, delivery_id=delivery.pk)
                    _smtp_send(connection, envelope, mark_sent)
                else:
                    # Other backends (console, file, locmem in tests) take Django messages.
                    message = build_message(
                        template.rendered,
                        to=subscriber.email,
                        unsubscribe=unsubscribe,
                        delivery_id=delivery.pk,
                        connection=connection,
                    )
                    connection.send_messages([message])
                    mark_sent()()
            except (smtplib.SMTPException, OSError) as error:
                attempts = delivery.attempts + 1
                if _is_temporary(error) and attempts < max_attempts():
                    _mine(delivery, worker_id).update(
                        status=Delivery.Status.QUEUED,
                        attempts=attempts,
                        claimed_by="",
                        claimed_at=None,
                        sent_at=None,
                        not_before=timezone.now() + retry_delay(attempts),
                        error=_describe(error),
                    )
                    result.retried += 1
                else:
                    _mine(delivery, worker_id).update(
                        status=Delivery.Status.FAILED, attempts=attempts, sent_at=None, error=_describe(error)
                    )
                    result.failed += 1
                if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                    connection.close()
                    try:
                        connection.open()
                    except (smtplib.SMTPException, OSError):
                        _release(deliveries[index + 1 :], worker_id)
                        raise
                continue
            result.sent += 1
    finally:
        if own_connection:
            connection.close()
    for edition_pk in editions:
        finish_if_done(edition_pk)
    return result


def use_wal(cursor, attempts=50):
    """Put a SQLite database file in WAL mode (kept in the file). Asked first: switching takes the
    database alone, which fails ("database is locked") while another worker sends, but a file another
    worker switched already needs nothing. Two workers starting together: the one that waits retries."""
    from sqlite3 import OperationalError

    from django.db import OperationalError as DjangoOperationalError

    for attempt in range(attempts):
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0].lower() in ("wal", "memory"):
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except (OperationalError, DjangoOperationalError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.1)


def run_worker(worker_id, edition_id=None, size=100, seconds=55, connection=None, stale_after=None):
    """Send batches until nothing is claimable or ``seconds`` have passed. Returns the totals."""
    total = BatchResult()
    durable = _setting("NEWSLETTER_DURABLE_MARKS", False)
    if db_connection.vendor == "sqlite" and not db_connection.in_atomic_block:
        # One small commit per message: with SQLite's default rollback journal every commit waits for
        # two fsyncs (~20 ms). WAL with synchronous=NORMAL keeps commits atomic and durable against a
        # crashed process (what we guard against) and costs one fsync per checkpoint instead.
        with db_connection.cursor() as cursor:
            use_wal(cursor)
            cursor.execute("PRAGMA synchronous=" + ("FULL" if durable else "NORMAL"))
    # On PostgreSQL the marks go over a second connection, pipelined with the SMTP "." (newsletter/marks.py);
    # by default their commits do not wait for the disk (~4 ms a message here), which only a crash of
    # the database server itself can undo (NEWSLETTER_DURABLE_MARKS=1 waits).
    marks = marks_for_worker(durable=durable)
    try:
        recover_stale_claims(stale_after)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            result = send_batch(worker_id, size=size, edition_id=edition_id, connection=connection, marks=marks)
            for field in ("claimed", "sent", "retried", "failed", "released"):
                setattr(total, field, getattr(total, field) + getattr(result, field))
            if not result.claimed or result.released:
                break
    finally:
        marks.close()
    return total


def editions_with_due_deliveries():
    now = timezone.now()
    return list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED, edition__status=Edition.Status.SENDING)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .values_list("edition_id", flat=True)
        .distinct()
    )


# --- Import and export (secretariat) --------------------------------------------------------------
def export_columns():
    """The subscribers export: the fields' own (translated) names. ``import_subscribers`` reads a file
    with these headers in any language (or the keys)."""
    return [Column(name, Subscriber._meta.get_field(name).verbose_name) for name in EXPORT_FIELDS]


EXPORT_FIELDS = ["email", "language", "status", "consent_at", "consent_ip", "created", "themes", "regions"]


def export_rows(subscribers):
    """Rows of ``subscribers`` (a queryset with themes and regions prefetched), in ``export_columns``'
    order; times in ISO 8601 with their offset, so an import reads them back exactly."""
    for s in subscribers:
        yield [
            s.email,
            s.language,
            s.get_status_display(),
            s.consent_at.isoformat() if s.consent_at else "",
            s.consent_ip or "",
            s.created.isoformat(),
            " ".join(t.code for t in s.themes.all()),
            " ".join(r.code for r in s.regions.all()),
        ]


@dataclass
class ImportReport:
    created: int = 0
    skipped: list = None


@transaction.atomic
def import_subscribers(rows, *, by=None):
    """Secretariat: add subscribers from CSV rows (dicts with email, language, consent_at). Only rows
    with a consent time become subscribers (active, as they already consented); known addresses are
    left as they are (an unsubscribed person is not re-subscribed by an import). All or nothing."""
    from django.core.validators import validate_email
    from django.forms import ValidationError
    from django.utils.dateparse import parse_datetime

    report = ImportReport(skipped=[])
    known = {e.lower() for e in Subscriber.objects.values_list("email", flat=True)}
    for number, row in enumerate(rows, start=2):
        address = (row.get("email") or "").strip()
        try:
            validate_email(address)
        except ValidationError:
            report.skipped.append((number, address, _("invalid address")))
            continue
        consent = parse_datetime((row.get("consent_at") or "").strip())
        if consent is None:
            report.skipped.append((number, address, _("no consent time")))
            continue
        if timezone.is_naive(consent):
            consent = timezone.make_aware(consent, UTC)
        if address.lower() in known:
            report.skipped.append((number, address, _("already known")))
            continue
        language = (row.get("language") or "en").strip().lower()
        Subscriber.objects.create(
            email=address,
            language=language if language in dict(LANGUAGE_CHOICES) else "en",
            status=Subscriber.Status.ACTIVE,
            consent_at=consent,
        )
        known.add(address.lower())
        report.created += 1
    return report


# --- Bounces and complaints -----------------------------------------------------------------------
def soft_bounce_threshold():
    return _setting("NEWSLETTER_SOFT_BOUNCE_THRESHOLD", 3)


def webhook_signature(body: bytes) -> str:
    import hashlib
    import hmac

    secret = _setting("NEWSLETTER_WEBHOOK_SECRET", "") or settings.SECRET_KEY
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@transaction.atomic
def record_bounce(email, kind):
    """A provider reported a bounce or complaint. Hard bounce and complaint suppress the address at
    once, soft bounces after NEWSLETTER_SOFT_BOUNCE_THRESHOLD. Unknown addresses are ignored."""
    if kind not in ("hard", "soft", "complaint"):
        raise ValueError(kind)
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email.strip()).first()
    if subscriber is None:
        return None
    if kind in ("hard", "complaint"):
        subscriber.hard_bounces += 1 if kind == "hard" else 0
        subscriber.status = Subscriber.Status.SUPPRESSED
    elif kind == "soft":
        subscriber.soft_bounces += 1
        if subscriber.soft_bounces >= soft_bounce_threshold():
            subscriber.status = Subscriber.Status.SUPPRESSED
    subscriber.save(update_fields=["hard_bounces", "soft_bounces", "status"])
    return subscriber


def unsubscribe_address(email):
    """The provider reports that this address unsubscribed with it (its own link or list). Idempotent;
    unknown addresses are ignored. Returns how many subscriptions ended."""
    return Subscriber.objects.filter(
        email__iexact=email.strip(), status__in=[Subscriber.Status.ACTIVE, Subscriber.Status.PENDING]
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())


@transaction.atomic
def erase_subscribers(subscribers):
    """GDPR erasure: the addresses and everything recorded about them (consent, deliveries) are deleted
    for good. Returns how many people were erased. Caller: the secretariat (admin action)."""
    ids = list(subscribers.values_list("pk", flat=True))
    Delivery.objects.filter(subscriber_id__in=ids).delete()
    Subscriber.objects.filter(pk__in=ids).delete()
    return len(ids)


# --- A logged-in person's own subscription -------------------------------------------------------
def subscription_of(user):
    return Subscriber.objects.filter(email__iexact=user.email).first()


@transaction.atomic
def subscribe_account(user, *, language, themes=(), regions=(), ip=None, press_review=False):
    """A logged-in person subscribes their account's address. allauth verified that address, so the
    click on this page is the consent: recorded now, with the IP. A suppressed address stays suppressed
    (returned unchanged)."""
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=user.email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.SUPPRESSED:
        return subscriber
    subscriber = subscriber or Subscriber(email=user.email)
    if subscriber.status != Subscriber.Status.ACTIVE:
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.consent_at = timezone.now()
        subscriber.consent_ip = ip or None
        subscriber.unsubscribed_at = None
    subscriber.user = user
    subscriber.language = language
    subscriber.press_review = press_review
    subscriber.save()
    subscriber.themes.set(themes)
    subscriber.regions.set(regions)
    return subscriber


@transaction.atomic
def unsubscribe_account(user):
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=user.email).first()
    if subscriber is not None and subscriber.status in (Subscriber.Status.ACTIVE, Subscriber.Status.PENDING):
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber
