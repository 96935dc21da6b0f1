"""The press review: the public list of press items and the weekly digest to the subscribers who
chose it. The digest goes through the portal's mail engine (portal.mail.send_once): one mail per
subscriber and ISO week, in the subscriber's language, with List-Unsubscribe headers that stop the
digest only (the newsletter subscription stays)."""

import datetime

from django.db import transaction
from django.utils import timezone

from portal.mail import send_once

from .models import PressItem, Subscriber
from .rendering import UNSUBSCRIBE_PLACEHOLDER, unsubscribe_headers
from .subscriptions import press_unsubscribe_url

PAGE_SIZE = 20
CHUNK = 200  # subscribers recorded per transaction


def press_items(language=""):
    """The press review, newest first, optionally only the articles written in ``language``."""
    items = PressItem.objects.prefetch_related("themes").order_by("-published_on", "-pk")
    return items.filter(language=language) if language else items


def digest_week(now=None):
    """The ISO week before the one of ``now``: (label such as "2026-W47", start, end), UTC."""
    now = now or timezone.now()
    today = now.astimezone(datetime.UTC).date()
    monday = today - datetime.timedelta(days=today.weekday())
    start = datetime.datetime.combine(monday - datetime.timedelta(days=7), datetime.time(), tzinfo=datetime.UTC)
    year, week, _day = start.isocalendar()
    return f"{year}-W{week:02d}", start, start + datetime.timedelta(days=7)


def send_press_digest(now=None):
    """Mail the press items added during the past ISO week to every active subscriber who chose the
    press review, each in their language, once per week (engine key "newsletter:press-digest:<week>:
    <subscriber>"): running it again that week sends nothing more. No item, no mail. Returns how many
    mails were queued. Run weekly by beat (newsletter.tasks.send_press_digest)."""
    label, start, end = digest_week(now)
    items = list(press_items().filter(added__gte=start, added__lt=end))
    if not items:
        return 0
    queued = 0
    cache = {}  # the digest is rendered once per language; only the unsubscribe link differs
    readers = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE, press_review=True).order_by("pk")
    context = {"items": items, "start": start, "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER}
    batch = []
    for subscriber in readers.iterator(chunk_size=CHUNK):
        batch.append(subscriber)
        if len(batch) == CHUNK:
            queued += _send_digests(batch, label, context, cache)
            batch = []
    return queued + _send_digests(batch, label, context, cache)


def _send_digests(subscribers, label, context, cache):
    # One transaction per chunk: one commit for many records (a crash loses no mail: the keys of an
    # uncommitted chunk were never used, the next run sends them).
    queued = 0
    with transaction.atomic():
        for subscriber in subscribers:
            unsubscribe = press_unsubscribe_url(subscriber)
            record = send_once(
                f"newsletter:press-digest:{label}:{subscriber.pk}",
                to=subscriber.email,
                language=subscriber.language,
                template="newsletter/press/email/digest",
                context=context,
                cache=cache,
                replace={UNSUBSCRIBE_PLACEHOLDER: unsubscribe},
                headers=unsubscribe_headers(unsubscribe),
            )
            queued += record is not None
    return queued
