"""Reusable querysets and the faceted search of the practices page and API."""

from collections import Counter
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q
from django_countries import countries as all_countries
from wagtail.images.models import Rendition

from partners.models import Initiative, Organisation
from portal.models import Region

from .models import Category, ClimateZone, Evidence, LandUse, Measurement, Photo, Practice, SoilGroup
from .search import search

# Sequestration-rate ranges (t C/ha/yr) offered as a facet.
RATE_RANGES = {
    "lt05": (None, Decimal("0.5")),
    "05-1": (Decimal("0.5"), Decimal("1")),
    "1-2": (Decimal("1"), Decimal("2")),
    "gt2": (Decimal("2"), None),
}
# The rendition every sheet page shows (resized and re-encoded; the original is never sent).
PHOTO_SPEC = "fill-640x400-c100|format-webp"
SORTS = {"name": "name", "new": "-published_at", "rate": "-max_rate", "relevance": "-rank"}
FACETS = {
    "category": ("category", Category),
    "climate": ("climate_zones", ClimateZone),
    "soil": ("soil_groups", SoilGroup),
    "landuse": ("land_uses", LandUse),
    "region": ("regions", Region),
}


def public():
    """What anybody may see: published sheets only."""
    return Practice.objects.filter(published=True)


def used_by_initiative(initiative):
    """The published practices that ``initiative`` uses, by name (the initiative page lists them)."""
    return public().filter(initiatives=initiative).order_by("name")


def for_list(queryset):
    return queryset.select_related("category")


def for_detail(queryset):
    return queryset.select_related("category").prefetch_related(
        "climate_zones",
        "soil_groups",
        "soil_classes",
        "land_uses",
        "regions",
        "themes",
        Prefetch("organisations", queryset=Organisation.objects.filter(published=True).order_by("name")),
        Prefetch("initiatives", queryset=Initiative.objects.filter(published=True).order_by("title")),
        "steps",
        "references",
        Prefetch("measurements", queryset=Measurement.objects.select_related("climate_zone", "soil_group")),
        "versions",
        Prefetch(
            "photos",
            queryset=Photo.objects.select_related("image").prefetch_related(
                Prefetch(
                    "image__renditions",
                    queryset=Rendition.objects.filter(filter_spec=PHOTO_SPEC),
                    to_attr="prefetched_renditions",  # where Image.get_rendition() looks first
                )
            ),
        ),
    )


def filtered(params, language):
    """Published practices matching the GET parameters (the same for the page and the API)."""
    queryset = public()
    for key, (field, _model) in FACETS.items():
        codes = [c for c in params.getlist(key) if c]
        if codes:
            lookup = f"{field}__code__in"
            queryset = queryset.filter(**{lookup: codes})
    country = params.get("country")
    if country:
        queryset = queryset.filter(countries__contains=country.upper()[:2])
    evidence = params.get("evidence")
    if evidence in Evidence.values:
        queryset = queryset.filter(evidence=evidence)
    rate = params.get("rate")
    if rate in RATE_RANGES:
        low, high = RATE_RANGES[rate]
        if low is not None:
            queryset = queryset.filter(max_rate__gte=low)
        if high is not None:
            queryset = queryset.filter(max_rate__lt=high)
    if any(params.getlist(k) for k in FACETS if k != "category"):
        queryset = queryset.distinct()  # several matching terms of one sheet would repeat it
    queryset = search(queryset, params.get("q", ""), language)
    sort = params.get("sort") or ("relevance" if params.get("q") else "name")
    if sort == "relevance" and not params.get("q"):
        sort = "name"
    order = SORTS.get(sort, "name")
    if order == "-max_rate":
        return queryset.order_by(F("max_rate").desc(nulls_last=True), "name"), sort
    return queryset.order_by(order, "name"), sort


def facet_counts(queryset):
    """Counts per facet value over ``queryset``: a fixed number of queries whatever the data size."""
    ids = queryset.values("pk")
    facets = {}
    for key, (field, model) in FACETS.items():
        counts = dict(
            Practice.objects.filter(pk__in=ids)
            .order_by()  # the model's default ordering would split the groups
            .values_list(f"{field}__code")
            .annotate(n=Count("pk", distinct=True))
            .values_list(f"{field}__code", "n")
        )
        facets[key] = [(term, counts.get(term.code, 0)) for term in model.objects.all()]
    by_country = Counter()
    for value in Practice.objects.filter(pk__in=ids).values_list("countries", flat=True):
        for code in filter(None, (value or "").split(",")):
            by_country[code] += 1
    facets["country"] = sorted(
        ((code, dict(all_countries).get(code, code), n) for code, n in by_country.items()), key=lambda row: row[1]
    )
    aggregates = Practice.objects.filter(pk__in=ids).aggregate(
        **{f"evidence_{value}": Count("pk", filter=Q(evidence=value)) for value in Evidence.values},
        **{
            f"rate_{key}": Count(
                "pk",
                filter=(Q(max_rate__gte=low) if low is not None else Q(max_rate__isnull=False))
                & (Q(max_rate__lt=high) if high is not None else Q()),
            )
            for key, (low, high) in RATE_RANGES.items()
        },
    )
    facets["evidence"] = [(value, label, aggregates[f"evidence_{value}"]) for value, label in Evidence.choices]
    facets["rate"] = [(key, aggregates[f"rate_{key}"]) for key in RATE_RANGES]
    return facets
