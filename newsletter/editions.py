"""Editions: making one from a CMS page, its state (start, pause, resume, cancel), its progress, and
what it says in a language (render_edition, the test send).

Sending itself is newsletter.engine: start and resume queue its workers by task name
(portal.celery.enqueue_on_commit), so this module imports neither the tasks nor the engine.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal import audit
from portal.celery import enqueue_on_commit, run_in_background_on_commit

from .content import edition_content, page_in
from .models import Delivery, Edition, Subscriber
from .rendering import UNSUBSCRIBE_PLACEHOLDER, build_message, render_content
from .subscriptions import test_unsubscribe_url

SEND_EDITION_TASK = "newsletter.tasks.send_edition"


class EditionStateError(Exception):
    pass


class EditionFromPageError(Exception):
    pass


# --- Making an edition ----------------------------------------------------------------------------
@transaction.atomic
def create_edition_from_page(page, *, by_interest=False, by=None):
    """Secretariat: a draft Edition whose content is ``page`` (its English version, whose translations
    give the other languages). The English page must be published; a page has at most one edition
    that is not cancelled (database constraint)."""
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


# --- State ----------------------------------------------------------------------------------------
def _lock(edition):
    return Edition.objects.select_for_update().get(pk=edition.pk)


def _enqueue(edition):
    if run_in_background_on_commit(SEND_EDITION_TASK, edition.pk):
        return  # embedded default: one worker in a thread of the web process
    workers = getattr(settings, "NEWSLETTER_WORKERS_PER_EDITION", 2) - 1
    for _i in range(workers):
        enqueue_on_commit(SEND_EDITION_TASK, edition.pk)


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
    deliveries = edition.deliveries.count()
    audit.record("edition.started", edition, by=by, deliveries=deliveries)
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
    audit.record("edition.paused", edition, by=by)
    return edition


@transaction.atomic
def resume_sending(edition, *, by=None):
    """Secretariat: a paused edition is sent on; workers start once this commits."""
    edition = _lock(edition)
    if edition.status != Edition.Status.PAUSED:
        raise EditionStateError(edition.status)
    edition.status = Edition.Status.SENDING
    edition.save(update_fields=["status"])
    audit.record("edition.resumed", edition, by=by)
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
    audit.record("edition.cancelled", edition, by=by)
    return edition


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


# --- What an edition says -------------------------------------------------------------------------
def render_edition(edition, language, unsubscribe=UNSUBSCRIBE_PLACEHOLDER, interests=None):
    """The edition in ``language``: from its CMS page's translation (English page when that language is
    missing) or from its own fields (modeltranslation falls back to English). ``interests``: a reader's
    (theme codes, region codes); only used when the edition is sent by interest."""
    content = edition_content(edition, language)
    sections = content.select(*interests) if edition.by_interest and interests is not None else None
    return render_content(edition, content, sections=sections, unsubscribe=unsubscribe)


def send_test(edition, addresses, *, language, interests=None, by=None):
    """Secretariat: the edition as ``language`` readers (with these ``interests``, when the edition goes
    by interest) get it, to the given addresses (no delivery)."""
    rendered = render_edition(edition, language, interests=interests)
    with get_connection() as connection:
        for address in addresses:
            # The test recipient's own one-click unsubscribe, as the real send would carry it.
            message = build_message(rendered, to=address, unsubscribe=test_unsubscribe_url(address))
            message.subject = f"[TEST] {message.subject}"
            message.connection = connection
            message.send()
