from django.db.models import Count, Q

from .models import Edition


def editions_with_progress():
    """Editions with their delivery counts, computed in the database (one query for the list)."""
    return Edition.objects.annotate(
        total=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status="sent")),
        failed=Count("deliveries", filter=Q(deliveries__status="failed")),
    ).order_by("-created")


def archive(language):
    """Sent editions that were written in ``language`` (public archive of that language)."""
    return (
        Edition.objects.filter(status=Edition.Status.SENT)
        .exclude(**{f"subject_{language}": ""})
        .order_by("-finished_at")
    )


def subscribers_for_export():
    from .models import Subscriber

    return Subscriber.objects.prefetch_related("themes", "regions").order_by("email")
