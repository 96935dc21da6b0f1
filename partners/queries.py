"""Reusable querysets of the partners app, with what their pages need already joined."""

from django.conf import settings
from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import Distance
from django.db import connection
from django.db.models import FloatField, Func, Prefetch, Q, Value
from django.utils.translation import get_language

from portal.models import Theme

from .models import Organisation, OrganisationOffice, SheetRevision, name_in_order


def name_in_language(prefix=""):
    """The organisation's name in the active language, falling back like modeltranslation (en → fr → es),
    as a database expression: for ordering (the directory's indexes are on it: ``models.name_in_order``),
    and for querysets of other models (offices) that read the name through a join, where
    modeltranslation's own rewriting does not reach. ``prefix`` is the path to the organisation, e.g.
    "organisation__"."""
    language = get_language() if get_language() in settings.LANGUAGE_CODES else settings.LANGUAGE_CODES[0]
    return name_in_order(language, prefix)


def name_matches(text, prefix=""):
    """A filter for organisations whose name (in any language) or acronym contains ``text``."""
    condition = Q(**{f"{prefix}acronym__icontains": text})
    for code in settings.LANGUAGE_CODES:
        condition |= Q(**{f"{prefix}name_{code}__icontains": text})
    return condition


def published_organisations():
    return Organisation.objects.filter(published=True)


def directory(filters=None):
    """Published organisations for the directory, filtered by the directory form's cleaned data."""
    filters = filters or {}
    qs = (
        published_organisations()
        .select_related("region")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position", "code")))
    )
    if filters.get("college"):
        qs = qs.filter(college=filters["college"])
    if filters.get("region"):
        qs = qs.filter(region=filters["region"])
    if filters.get("country"):
        qs = qs.filter(country=filters["country"])
    if filters.get("theme"):
        qs = qs.filter(themes=filters["theme"])
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(
            name_matches(text)
            | Q(description_en__icontains=text)
            | Q(description_fr__icontains=text)
            | Q(description_es__icontains=text)
        )
    return qs.order_by(name_in_language(), "pk")


def sheet(slug):
    """One organisation with its region, themes and offices (what the public sheet shows)."""
    return (
        Organisation.objects.select_related("region", "logo")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("position", "code")),
            "offices",
            "documents",
            "logo__renditions",
        )
        .filter(slug=slug)
    )


def neighbours(organisation, limit=5):
    """The published organisations nearest to ``organisation``'s first office, as
    (organisation, distance in km), nearest first. One query: GeoDjango's Distance computes a
    geodetic distance in metres on both PostGIS and SpatiaLite for SRID 4326 points."""
    offices = list(organisation.offices.all())
    if not offices:
        return []
    origin = offices[0].location
    candidates = OrganisationOffice.objects.filter(organisation__published=True).exclude(organisation=organisation)
    if connection.vendor == "postgresql":
        # PostGIS walks its spatial index nearest-first (<->, in degrees) instead of measuring the
        # distance to every office (120 ms at 12,000 offices); the geodetic order is then taken among
        # the nearest 50 by degrees, which always holds the nearest few on the ground.
        point = Value(origin, output_field=PointField(srid=4326))
        nearest = Func("location", point, template="%(expressions)s", arg_joiner=" <-> ", output_field=FloatField())
        candidates = candidates.filter(pk__in=candidates.order_by(nearest).values("pk")[:50])
    rows = (
        candidates.select_related("organisation")
        .annotate(distance=Distance("location", origin))
        .order_by("distance", "pk")[: limit * 4]
    )
    seen, result = set(), []
    for office in rows:
        if office.organisation_id in seen:
            continue
        seen.add(office.organisation_id)
        result.append((office.organisation, office.distance.km))
        if len(result) == limit:
            break
    return result


def editable_by(user):
    return Organisation.objects.filter(editor_links__user=user).order_by(name_in_language(), "pk")


def pending_revisions():
    return (
        SheetRevision.objects.filter(status=SheetRevision.Status.PENDING)
        .select_related("organisation", "author")
        .order_by("created", "pk")
    )


def recent_decisions(limit=30):
    return (
        SheetRevision.objects.exclude(status=SheetRevision.Status.PENDING)
        .select_related("organisation", "author", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


# Decimal places of the map's coordinates: 4 is about 11 m, finer than any office marker needs.
MAP_PRECISION = 4


def map_features(filters=None):
    """GeoJSON features of every office of the published organisations (one query, no contact data),
    with only what the map shows (partners/static/partners/map.js): the point, and the organisation's
    slug (its link), name and acronym and the office's label (the popup)."""
    filters = filters or {}
    qs = OrganisationOffice.objects.filter(organisation__published=True)
    if filters.get("college"):
        qs = qs.filter(organisation__college=filters["college"])
    if filters.get("region"):
        qs = qs.filter(organisation__region=filters["region"])
    if filters.get("country"):
        qs = qs.filter(organisation__country=filters["country"])
    if filters.get("theme"):
        qs = qs.filter(organisation__themes=filters["theme"])
    # ST_X/ST_Y exist on PostGIS and SpatiaLite; reading plain numbers skips building 10,000 GEOS points.
    qs = qs.annotate(
        lon=Func("location", function="ST_X", output_field=FloatField()),
        lat=Func("location", function="ST_Y", output_field=FloatField()),
        organisation_name=name_in_language("organisation__"),
    )
    rows = qs.order_by("organisation_name", "pk").values_list(
        "lon", "lat", "label", "organisation__slug", "organisation_name", "organisation__acronym"
    )
    features = []
    for lon, lat, label, slug, name, acronym in rows:
        properties = {"slug": slug, "name": name}
        if acronym:
            properties["acronym"] = acronym
        if label:
            properties["office"] = label
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(lon, MAP_PRECISION), round(lat, MAP_PRECISION)],
                },
                "properties": properties,
            }
        )
    return features


def applications_for_review():
    from .models import MembershipApplication

    qs = MembershipApplication.objects.select_related("applicant", "region", "decided_by", "organisation")
    return (
        qs.filter(state=MembershipApplication.State.SUBMITTED).order_by("created", "pk"),
        qs.exclude(state=MembershipApplication.State.SUBMITTED).order_by("-decided_at", "-pk")[:30],
    )


def site_search_organisations(query, language, limit):
    """The site search's partners (portal.sitesearch): the directory's text search."""
    from portal.sitesearch import Result

    matches = directory({"q": query})
    return matches.count(), [Result(o.name, o.get_absolute_url(), o.acronym) for o in matches[:limit]]


def site_search_initiatives(query, language, limit):
    """The site search's initiatives: published initiatives whose title or description has ``query``."""
    from portal.sitesearch import Result

    from .models import Initiative

    matches = (
        Initiative.objects.filter(published=True)
        .filter(Q(title__icontains=query) | Q(description__icontains=query))
        .order_by("title", "pk")
    )
    return matches.count(), [Result(i.title, i.get_absolute_url()) for i in matches[:limit]]
