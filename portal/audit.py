"""The audit trail: who did what, when, to which object (``portal.models.AuditEvent``).

Every app's services call ``record`` inside the transaction of the change they record, so an event
exists exactly when its change was committed. The secretariat reads the trail in the Django admin."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def record(verb: str, obj, *, by, **data) -> AuditEvent:
    """Record that ``by`` did ``verb`` (``"app.object.verb"``-style, e.g. ``"sheet_revision.approved"``)
    to ``obj``; ``data`` (JSON-serialisable) tells the details. ``by`` is None, or an anonymous user,
    for what the system did by itself."""
    return AuditEvent.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:250],
        data=data,
    )
