"""Subscriptions and consent: sign-up with double opt-in, the signed tokens of the confirmation and
unsubscribe links, one-click unsubscribe (RFC 8058), a logged-in person's own subscription, the
secretariat's import and export, bounces and complaints, and erasure (GDPR).

Every change of a Subscriber goes through here. No mail is sent from this module except the
confirmation (portal.mail.queue_message, after commit); editions go out through newsletter.engine.
"""

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.forms import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from portal.exports import Column
from portal.mail import queue_message

from .models import LANGUAGE_CHOICES, Delivery, Subscriber
from .rendering import absolute

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PRESS_UNSUBSCRIBE_SALT = "newsletter.unsubscribe.press"
# A test send's link for an address that has no subscription: the signed address itself.
TEST_UNSUBSCRIBE_SALT = "newsletter.unsubscribe.test"


def confirm_max_age():
    return getattr(settings, "NEWSLETTER_CONFIRM_MAX_AGE", 3 * 24 * 3600)


def soft_bounce_threshold():
    return getattr(settings, "NEWSLETTER_SOFT_BOUNCE_THRESHOLD", 3)


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


def unsubscribe_url(subscriber):
    return absolute(reverse("newsletter_unsubscribe", args=[unsubscribe_token(subscriber)]))


def test_unsubscribe_url(address):
    """The one-click unsubscribe of a test send to ``address``: the link its subscription gets in the real
    send when the address has one; otherwise a signed token of the address (test addresses are the
    secretariat's own), which ends any subscription the address has by the time it is used."""
    subscriber = Subscriber.objects.filter(email__iexact=address.strip()).order_by("pk").first()
    if subscriber is not None:
        return unsubscribe_url(subscriber)
    token = signing.dumps(address.strip().lower(), salt=TEST_UNSUBSCRIBE_SALT, compress=True)
    return absolute(reverse("newsletter_unsubscribe", args=[token]))


def _test_address(token):
    try:
        return signing.loads(token, salt=TEST_UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise InvalidToken() from error


def check_unsubscribe_token(token):
    """Raises InvalidToken unless ``token`` is a newsletter unsubscribe token (a subscriber's or a test send's)."""
    try:
        subscriber_from_token(token, salt=UNSUBSCRIBE_SALT)
    except InvalidToken:
        _test_address(token)


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
    """One-click unsubscribe (RFC 8058): anybody holding the token. Idempotent. Raises InvalidToken.
    A test send's token of an address ends that address's subscriptions (returns None)."""
    try:
        subscriber = subscriber_from_token(token, salt=UNSUBSCRIBE_SALT)
    except InvalidToken:
        unsubscribe_address(_test_address(token))
        return None
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
def webhook_signature(body: bytes) -> str:
    """HMAC-SHA256 of a bounce webhook's body (views.bounce_webhook compares it in constant time)."""
    secret = getattr(settings, "NEWSLETTER_WEBHOOK_SECRET", "") or settings.SECRET_KEY
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
    """GDPR erasure: the addresses and everything recorded about them (consent, deliveries, the press
    digests the mail engine recorded for them: address, subject and message; the keys stay, so no
    digest is sent twice) are deleted for good. Returns how many people were erased. Callers: the
    secretariat (admin action), the erasure of an account (newsletter.privacy)."""
    from portal.mail import forget_recipients

    rows = list(subscribers.values_list("pk", "email"))
    ids = [pk for pk, _email in rows]
    forget_recipients(email for _pk, email in rows)
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
