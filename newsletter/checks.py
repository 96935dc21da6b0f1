"""System checks of the provider webhook settings (newsletter/providers.py) and of the engine's timeouts."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def provider_webhook(app_configs, **kwargs):
    from anymail.exceptions import AnymailConfigurationError

    from .providers import tracking_views

    provider = getattr(settings, "EMAIL_PROVIDER", "")
    if not provider:
        return []
    views = tracking_views()
    if provider not in views:
        return [
            Error(
                f"EMAIL_PROVIDER={provider!r} is not a provider django-anymail can take webhooks from.",
                hint="One of: " + ", ".join(sorted(views)),
                id="newsletter.E001",
            )
        ]
    if not (getattr(settings, "ANYMAIL", {}) or {}).get("WEBHOOK_SECRET"):
        return [
            Warning(
                "EMAIL_PROVIDER is set but ANYMAIL_WEBHOOK_SECRET is not: the bounce webhook stays closed.",
                hint="Set ANYMAIL_WEBHOOK_SECRET=user:password and give the provider "
                f"https://user:password@<host>/newsletter/webhooks/{provider}/tracking/",
                id="newsletter.W001",
            )
        ]
    try:
        views[provider].view_class()
    except AnymailConfigurationError as error:
        return [Error(f"The {provider} webhook is not configured: {error}", id="newsletter.E002")]
    return []


@register()
def mark_timeout(app_configs, **kwargs):
    """A worker stuck on a mark must give up while its claim is still its own (docs/newsletter-engine.md)."""
    mark = getattr(settings, "NEWSLETTER_MARK_TIMEOUT", 30)
    claim = getattr(settings, "NEWSLETTER_CLAIM_TIMEOUT", 600)
    if mark * 2 < claim:
        return []
    return [
        Warning(
            f"NEWSLETTER_MARK_TIMEOUT ({mark} s) is not below half NEWSLETTER_CLAIM_TIMEOUT ({claim} s): a worker "
            "waiting for a silent database could still be waiting when its claim is recovered as stale.",
            hint="Lower NEWSLETTER_MARK_TIMEOUT (default 30) or raise NEWSLETTER_CLAIM_TIMEOUT (default 600).",
            id="newsletter.W002",
        )
    ]
