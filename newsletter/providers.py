"""Bounce and complaint webhooks of e-mail providers, through django-anymail.

The secretariat chooses its provider with EMAIL_PROVIDER (one of anymail's: mailgun, postmark,
sendgrid, brevo, mailjet, sparkpost, postal, resend, mailersend, mailtrap, mandrill, unisender_go,
amazon_ses). Anymail checks the call the way that provider signs it (Mailgun's HMAC with
ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY, SparkPost's and Postmark's basic auth, …) and always the shared
basic-auth secret ANYMAIL_WEBHOOK_SECRET ("user:password" in the webhook address the provider calls);
then it sends a normalised ``tracking`` signal, which ``record_tracking_event`` turns into
subscriptions.record_bounce. Only the chosen provider's address exists, and only when the shared secret is
set: an unsigned webhook could suppress any subscriber."""

import functools

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import subscriptions

# Anymail's normalised event types -> what the newsletter records (subscriptions.record_bounce).
KINDS = {"bounced": "hard", "deferred": "soft", "complained": "complaint"}
# A provider that refuses to send because of an earlier bounce or complaint reports "rejected".
REJECTED = {"bounced": "hard", "spam": "complaint"}


@functools.cache
def tracking_views():
    """{provider: anymail's tracking webhook view}, read from anymail's own URL list."""
    from anymail import urls

    views = {}
    for pattern in urls.urlpatterns:
        name = pattern.name or ""
        if name.endswith("_tracking_webhook"):
            views[name.removesuffix("_tracking_webhook")] = pattern.callback
    return views


def configured():
    """The provider whose webhook is open, or "" (none chosen, or no shared secret)."""
    provider = getattr(settings, "EMAIL_PROVIDER", "")
    anymail = getattr(settings, "ANYMAIL", {}) or {}
    if provider and anymail.get("WEBHOOK_SECRET") and provider in tracking_views():
        return provider
    return ""


@csrf_exempt  # the provider signs the call (anymail checks it); it has no session
def webhook(request, provider):
    """/newsletter/webhooks/<provider>/tracking/: anymail's view for the chosen provider. The events of
    one call are recorded together or not at all; a call anymail cannot verify is a 400 (raised as
    SuspiciousOperation) and records nothing."""
    from anymail.exceptions import AnymailConfigurationError

    # Refused like the portal's own webhook (403): a 404 here would be redirected to /en/… by
    # LocaleMiddleware, since the CMS answers every prefixed path.
    closed = JsonResponse({"error": f"no webhook for {provider!r} here"}, status=403)
    if provider != configured():
        return closed
    try:
        with transaction.atomic():
            response = tracking_views()[provider](request)
            if response.status_code >= 400:
                transaction.set_rollback(True)
    except AnymailConfigurationError:  # reported by the system check newsletter.E002
        return closed
    return response


def record_tracking_event(sender, event, esp_name, **kwargs):
    """Receiver of anymail's ``tracking`` signal: bounces and complaints as subscriptions.record_bounce, an
    unsubscribe made at the provider (its own link or suppression list) as subscriptions.unsubscribe_address."""
    if not event.recipient:
        return
    if event.event_type == "unsubscribed":
        subscriptions.unsubscribe_address(event.recipient)
        return
    kind = KINDS.get(event.event_type)
    if event.event_type == "rejected":
        kind = REJECTED.get(event.reject_reason or "")
    if kind == "hard" and esp_name == "Postmark" and (event.esp_event or {}).get("Type") == "SoftBounce":
        kind = "soft"  # anymail files Postmark's soft bounce under "bounced"
    if kind:
        subscriptions.record_bounce(event.recipient, kind)
