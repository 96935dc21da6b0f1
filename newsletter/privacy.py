"""The newsletter's part of a person's data (portal.privacy): their subscription, matched by the
account or by its address.

Erasure: the subscription goes through ``erase_subscribers`` (consent, deliveries, the press digests
recorded for the address). Deliveries are many and found by index there, so the final scrub of
every text column skips them (SCRUBBED_BY_APP).

Media contacts (``MediaContact``, newsletter/contacts.py) are journalists without an account: they are
not part of an account's data. The secretariat erases one on request by deleting the contact
(``contacts.delete_contact``, which also takes the name out of the audit trail).
"""

from django.db.models import Q

from .models import Subscriber
from .subscriptions import erase_subscribers

SCRUBBED_BY_APP = ["newsletter.Delivery", "newsletter.Subscriber"]


def _iso(value):
    return value.isoformat() if value else None


def _subscriptions(user):
    return Subscriber.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export(user) -> dict:
    return {
        "subscriptions": [
            {
                "email": s.email,
                "status": s.status,
                "language": s.language,
                "weekly_press_review": s.press_review,
                "themes": sorted(t.code for t in s.themes.all()),
                "regions": sorted(r.code for r in s.regions.all()),
                "consent_at": _iso(s.consent_at),
                "consent_ip": s.consent_ip,
                "created": _iso(s.created),
                "unsubscribed_at": _iso(s.unsubscribed_at),
                "editions_delivered": s.deliveries.filter(status="sent").count(),
            }
            for s in _subscriptions(user).prefetch_related("themes", "regions").order_by("pk")
        ]
    }


def erase(user, *, by):
    erase_subscribers(_subscriptions(user))
