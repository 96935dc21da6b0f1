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


def recipient_counts(edition):
    """Who a start would mail: active subscribers per language (in the order of settings.LANGUAGES),
    and, for an edition sent by interest, per theme and per region (a reader with several counts in
    each) with those who chose no interest (they get every section). Six queries at most."""
    from django.conf import settings

    from portal.models import Region, Theme

    from .models import Subscriber

    active = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
    per_language = dict(active.values_list("language").annotate(n=Count("pk")).values_list("language", "n"))
    summary = {
        "total": sum(per_language.values()),
        "languages": [(name, per_language.get(code, 0)) for code, name in settings.LANGUAGES],
    }
    if edition.by_interest:
        summary["themes"] = _per_term(Subscriber.themes.through, "theme", Theme)
        summary["regions"] = _per_term(Subscriber.regions.through, "region", Region)
        summary["no_interest"] = active.filter(themes=None, regions=None).count()
    return summary


def _per_term(through, field, vocabulary):
    from .models import Subscriber

    counts = dict(
        through.objects.filter(subscriber__status=Subscriber.Status.ACTIVE)
        .values_list(f"{field}_id")
        .annotate(n=Count("pk"))
        .values_list(f"{field}_id", "n")
    )
    return [(term.label, counts.get(term.pk, 0)) for term in vocabulary.objects.all()]
