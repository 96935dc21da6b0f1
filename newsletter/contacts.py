"""The secretariat's media contacts: the searchable list, the changes (recorded in the audit trail)
and the CSV / XLSX export through portal.exports (formula-like cells neutralised).

Media contacts are not accounts, so they are not in a person's data download (portal.privacy); a
journalist who asks to be forgotten is erased by deleting their contact (``delete_contact``, the edit
page's "Delete" button, or the Django admin)."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.exports import Column

from .models import MediaContact

PAGE_SIZE = 50


def search(query="", *, language="", beat=None, region=None):
    """Contacts whose name, outlet, e-mail or notes contain ``query``, optionally writing in
    ``language``, covering the theme ``beat`` or in ``region``; by name."""
    contacts = MediaContact.objects.select_related("region").prefetch_related("beats").order_by("name", "pk")
    query = (query or "").strip()
    if query:
        matches = Q(name__icontains=query) | Q(outlet__icontains=query) | Q(email__icontains=query)
        contacts = contacts.filter(matches | Q(notes__icontains=query))
    if language:
        # Codes separated by commas: match one whole code (portable, no JSON or array lookups).
        contacts = contacts.filter(languages__regex=rf"(^|,){language}(,|$)")
    if beat is not None:
        contacts = contacts.filter(beats=beat)
    if region is not None:
        contacts = contacts.filter(region=region)
    return contacts


FIELDS = ["name", "outlet", "email", "phone", "languages", "region", "notes"]


@transaction.atomic
def save_contact(contact, *, by, beats):
    """Create or update ``contact`` (fields already set, validated) and its beats; recorded in the audit
    trail ("media_contact.added" / "media_contact.changed"). The secretariat only."""
    verb = "media_contact.changed" if contact.pk else "media_contact.added"
    contact.full_clean()
    contact.save()
    contact.beats.set(beats)
    audit.record(verb, contact, by=by)
    return contact


@transaction.atomic
def delete_contact(contact, *, by):
    """Erase a media contact for good (a journalist's request to be forgotten). The audit trail keeps
    that a contact was deleted, not who it was."""
    audit.record("media_contact.deleted", contact, by=by)
    # The event names the object by its text; a deleted contact's name goes too.
    from portal.models import AuditEvent

    AuditEvent.objects.filter(
        content_type__app_label="newsletter", content_type__model="mediacontact", object_id=contact.pk
    ).update(object_repr=f"#{contact.pk}")
    contact.delete()


def export_columns():
    return [
        Column("name", _("name")),
        Column("outlet", _("outlet")),
        Column("email", _("e-mail address")),
        Column("phone", _("telephone")),
        Column("languages", _("languages")),
        Column("beats", _("beats")),
        Column("region", _("world region")),
        Column("notes", _("notes")),
    ]


def export_rows(contacts):
    """One row per contact in ``export_columns``' order (``contacts`` with beats prefetched)."""
    for contact in contacts:
        yield [
            contact.name,
            contact.outlet,
            contact.email,
            contact.phone,
            ", ".join(contact.language_names()),
            ", ".join(theme.label for theme in contact.beats.all()),
            contact.region.label if contact.region else "",
            contact.notes,
        ]
