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
    """Sent editions readable in ``language`` (public archive of that language): written in it in the
    admin, or composed in the CMS with a published translation (not an alias) in that locale. Each
    carries ``headline``, its subject in that language. One query."""
    from django.db.models import CharField, Exists, F, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .models import NewsletterPage

    translation = NewsletterPage.published_translations(OuterRef("page__translation_key")).filter(
        locale__language_code=language
    )
    own_fields = Q(page__isnull=True) & ~Q(**{f"subject_{language}": ""})
    return (
        Edition.objects.filter(status=Edition.Status.SENT)
        .annotate(has_translation=Exists(translation))
        .filter(own_fields | Q(page__isnull=False, has_translation=True))
        .annotate(
            headline=Coalesce(
                Subquery(translation.values("subject")[:1]), F(f"subject_{language}"), output_field=CharField()
            )
        )
        .order_by("-finished_at")
    )


def subscribers_for_export():
    from .models import Subscriber

    return Subscriber.objects.prefetch_related("themes", "regions").order_by("email")
