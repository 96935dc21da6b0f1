"""The press review: the public list of press items, the articles the secretariat and regional
correspondents add (``add_press_item``), the weekly issues and the weekly digest to the subscribers
who chose it.

One definition of "the week" (``week_bounds``): an ISO week, Monday 00:00 to Monday 00:00 UTC, and an
item belongs to the week it was *added* in, whatever its publication date. The weekly issue page
(/newsletter/press/weeks/2026-W47/) and the digest mail both list ``week_items(label)``; an issue is
published once its week has ended, the Monday the digest mails it.

The digest goes through the portal's mail engine (portal.mail.send_once): one mail per subscriber and
ISO week, in the subscriber's language, with List-Unsubscribe headers that stop the digest only (the
newsletter subscription stays)."""

import datetime
import re

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from portal import audit
from portal.mail import send_once

from .models import PressItem, Subscriber
from .rendering import UNSUBSCRIBE_PLACEHOLDER, unsubscribe_headers
from .subscriptions import press_unsubscribe_url

PAGE_SIZE = 20
CHUNK = 200  # subscribers recorded per transaction


def press_items(language="", *, theme=None, region=None, outlet=""):
    """The press review, newest first, optionally only the articles written in ``language``, about
    ``theme`` or ``region``, or from an outlet whose name contains ``outlet``."""
    items = PressItem.objects.select_related("region").prefetch_related("themes").order_by("-published_on", "-pk")
    if language:
        items = items.filter(language=language)
    if theme is not None:
        items = items.filter(themes=theme)
    if region is not None:
        items = items.filter(region=region)
    if outlet:
        items = items.filter(source__icontains=outlet.strip())
    return items


WEEK_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


def week_label(moment):
    """The ISO week of ``moment`` (aware datetime, read in UTC) as "2026-W47"."""
    year, week, _day = moment.astimezone(datetime.UTC).isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(label):
    """(start, end) of the ISO week ``label`` ("2026-W47"): Monday 00:00 UTC to the next Monday.
    ValueError for a label that names no week ("2026-W54", "2026-47")."""
    match = WEEK_LABEL.match(label or "")
    if not match:
        raise ValueError(label)
    monday = datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=datetime.UTC)
    return start, start + datetime.timedelta(days=7)


def digest_week(now=None):
    """The ISO week before the one of ``now``: (label such as "2026-W47", start, end), UTC."""
    now = now or timezone.now()
    label = week_label(now - datetime.timedelta(days=7))
    return (label, *week_bounds(label))


def week_items(label):
    """The items of the weekly issue ``label``: those added during that ISO week, newest first."""
    start, end = week_bounds(label)
    return press_items().filter(added__gte=start, added__lt=end)


def _this_monday(now=None):
    return week_bounds(week_label(now or timezone.now()))[0]


def is_published_week(label, now=None):
    """An issue is published once its week has ended (the Monday its digest is mailed)."""
    _start, end = week_bounds(label)
    return end <= (now or timezone.now())


def published_weeks(now=None):
    """The published weekly issues, newest first: [(label, start, number of articles)], one query.
    Weeks without an article have no issue."""
    rows = (
        PressItem.objects.filter(added__lt=_this_monday(now))
        .annotate(week=TruncWeek("added", tzinfo=datetime.UTC))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by("-week")
    )
    return [(week_label(row["week"]), row["week"], row["count"]) for row in rows]


def neighbour_weeks(label, now=None):
    """(previous, next) published issue labels around ``label`` (None at either end), two queries."""
    start, end = week_bounds(label)
    before = PressItem.objects.filter(added__lt=start).order_by("-added").values_list("added", flat=True).first()
    after = (
        PressItem.objects.filter(added__gte=end, added__lt=_this_monday(now))
        .order_by("added")
        .values_list("added", flat=True)
        .first()
    )
    return (week_label(before) if before else None, week_label(after) if after else None)


def earlier_entry(url):
    """The item already in the review for the article at ``url`` (the same ``article_key``), or None."""
    return PressItem(url=url).earlier_entry()


@transaction.atomic
def add_press_item(
    *, by, title, source, url, published_on, language, summary, summary_language, themes=(), region=None
):
    """Add an article to the press review, with its summary in one language (``summary_language``;
    readers of the others get modeltranslation's fallback). The secretariat adds for any region,
    a regional correspondent for their own (newsletter.add_press_item_for_region, asked here too).
    The model's validation refuses an article already in the review (ValidationError naming it).
    Recorded in the audit trail ("press_item.added")."""
    from django.core.exceptions import PermissionDenied

    if not by.has_perm("newsletter.add_press_item_for_region", region):
        raise PermissionDenied
    item = PressItem(title=title, source=source, url=url, published_on=published_on, language=language, region=region)
    setattr(item, f"summary_{summary_language}", summary)
    item.full_clean()
    item.save()
    item.themes.set(themes)
    audit.record(
        "press_item.added",
        item,
        by=by,
        url=item.url,
        region=region.code if region else None,
        themes=sorted(theme.code for theme in themes),
    )
    return item


def send_press_digest(now=None):
    """Mail the press items added during the past ISO week to every active subscriber who chose the
    press review, each in their language, once per week (engine key "newsletter:press-digest:<week>:
    <subscriber>"): running it again that week sends nothing more. No item, no mail. Returns how many
    mails were queued. Run weekly by beat (newsletter.tasks.send_press_digest)."""
    label, start, _end = digest_week(now)
    items = list(week_items(label))
    if not items:
        return 0
    queued = 0
    cache = {}  # the digest is rendered once per language; only the unsubscribe link differs
    readers = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE, press_review=True).order_by("pk")
    context = {"items": items, "start": start, "week": label, "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER}
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
