"""State changes of the site shell's CMS pages (keyword-only actor ``by``)."""

import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F

from . import mail
from .pages import EventPage, EventSequence


def record_event_publication(page, *, by=None):
    """After ``page`` (an EventPage) was published: when what a calendar shows changed since the last
    publication, raise its iCalendar SEQUENCE by one (RFC 5545 §3.8.7.4). The first publication is
    sequence 0. Returns the sequence."""
    page = page.specific if not isinstance(page, EventPage) else page
    fingerprint = page.ical_fingerprint()
    with transaction.atomic():
        record, created = EventSequence.objects.select_for_update().get_or_create(
            page_id=page.pk, defaults={"fingerprint": fingerprint}
        )
        if not created and record.fingerprint != fingerprint:
            EventSequence.objects.filter(pk=record.pk).update(sequence=F("sequence") + 1, fingerprint=fingerprint)
            record.refresh_from_db()
    return record.sequence


def send_contact_message(page, *, by, name, email, subject, message, language):
    """Mail a visitor's message to the secretariat (``page.recipient``), once. ``by`` is the person
    writing (an anonymous user is fine). Returns the SentMail record."""
    key = f"portal:contact:{page.pk}:{uuid.uuid4().hex}"
    return mail.send_once(
        key,
        template="portal/mail/contact_message",
        to=page.recipient or settings.DEFAULT_FROM_EMAIL,
        reply_to=[email],
        context={
            "name": name,
            "email": email,
            "subject": subject,
            "message": message,
            "written_in": language,
            "page": page,
            "account": by if getattr(by, "is_authenticated", False) else None,
        },
    )
