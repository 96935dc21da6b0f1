"""The querysets of the community pages, each with what its page shows fetched up front."""

from django.db.models import Exists, OuterRef, Prefetch

from partners.models import Organisation, OrganisationEditor
from portal import localisation
from portal.models import Objective, Theme, User
from portal.pages import EventPage, TrainingCoursePage

from .models import Profile, Visibility

MEMBERS = Visibility.MEMBERS


def profiles():
    """Profiles with their owner, region and interests (themes, objectives) in three queries a page."""
    return (
        Profile.objects.filter(user__is_active=True)
        .select_related("user", "region")
        .prefetch_related(
            Prefetch("themes", Theme.objects.order_by("position", "code")),
            Prefetch("objectives", Objective.objects.order_by("position", "code")),
        )
    )


def directory(filters):
    """The member directory: active profiles filtered by region, occupation, college and theme, by name.
    A filter only matches what the person shows to members: filtering on a hidden field would tell it."""
    found = profiles()
    if filters.get("region"):
        found = found.filter(region=filters["region"], country_visibility=MEMBERS)
    if filters.get("occupation"):
        found = found.filter(occupation=filters["occupation"], occupation_visibility=MEMBERS)
    if filters.get("theme"):
        found = found.filter(themes=filters["theme"], interests_visibility=MEMBERS)
    if filters.get("college"):
        edits = OrganisationEditor.objects.filter(
            user=OuterRef("user"), organisation__college=filters["college"], organisation__published=True
        )
        found = found.filter(Exists(edits))
    return found.order_by("user__display_name", "user__last_name", "user__first_name", "pk")


def organisations_of(user):
    """The published organisations ``user`` edits (a partner editor's college and region come from them)."""
    return list(
        Organisation.objects.filter(editor_links__user=user, published=True).select_related("region").order_by("name")
    )


def college_members(college):
    """The active editors of the college's published organisations, each with their organisations."""
    links = OrganisationEditor.objects.filter(
        organisation__college=college, organisation__published=True
    ).select_related("organisation")
    people = (
        User.objects.filter(is_active=True, organisation_links__in=links.values("pk"))
        .distinct()
        .select_related("community_profile")
        .prefetch_related(Prefetch("organisation_links", links.order_by("organisation__name"), to_attr="college_links"))
        .order_by("display_name", "last_name", "first_name", "pk")
    )
    return people


def college_organisations(college):
    return Organisation.objects.filter(college=college, published=True).select_related("region").order_by("name")


def training_courses(college, language):
    """The live training courses of the college in the reader's language (aliases excluded)."""
    return localisation.listed(
        TrainingCoursePage.objects.filter(college=college, locale__language_code=language)
    ).order_by("start_date", "title")


def upcoming_events(language, now, **where):
    return localisation.listed(
        EventPage.objects.filter(locale__language_code=language, end__gte=now, **where)
    ).order_by("start")


def region_members(region):
    """The profiles of a region that show their region to members."""
    return profiles().filter(region=region, country_visibility=MEMBERS).order_by("user__display_name", "pk")
