"""Every state change of the community app: joining the Friends, profiles, messages between members.
Each function is transactional and recorded in the audit trail; mail leaves after commit."""

import uuid

from django.contrib.auth.models import Group
from django.db import transaction

from partners.country_regions import REGION_COUNTRIES
from portal import audit, counters, membership, roles
from portal.mail import send_once
from portal.models import Region

from .models import Profile

CONTACT_LIMIT = 5  # messages per person per hour, like "contact this partner"
CONTACT_WINDOW = 3600

PROFILE_FIELDS = (
    "country",
    "region",
    "occupation",
    "languages",
    "about",
    "country_visibility",
    "occupation_visibility",
    "languages_visibility",
    "interests_visibility",
    "about_visibility",
    "accepts_contact",
)


class RateLimited(Exception):
    pass


def regions_of_country(country):
    """The codes of the world regions ``country`` (ISO 3166-1 alpha-2) lies in, in the table's order
    (partners/country_regions.py): one for most countries, two or three on a boundary, none when unknown."""
    country = str(country).upper()
    return [code for code, countries in REGION_COUNTRIES.items() if country in countries.split()]


def derive_region(country, chosen=None):
    """The world region of a profile: ``chosen`` when the country lies in it (or is not in the table),
    else the country's first region; None when neither tells."""
    codes = regions_of_country(country)
    if chosen is not None and (not codes or chosen.code in codes):
        return chosen
    if codes:
        return Region.objects.filter(code=codes[0]).first()
    return None


def _save_profile(user, *, display_name, themes=(), objectives=(), **fields):
    if display_name is not None and user.display_name != display_name:
        user.display_name = display_name
        user.save(update_fields=["display_name"])
    values = {name: fields[name] for name in PROFILE_FIELDS if name in fields}
    profile, created = Profile.objects.update_or_create(user=user, defaults=values)
    profile.themes.set(themes)
    profile.objectives.set(objectives)
    return profile, created


@transaction.atomic
def join_friends(user, *, by, display_name, **fields):
    """Make ``user`` a Friend of the 4 per 1000 with the profile given in ``fields`` (those of
    PROFILE_FIELDS, ``themes`` and ``objectives``): the Friend group, the profile, the display name.
    Caller: the person themself (the sign-up form, or a signed-in account joining)."""
    profile, _created = _save_profile(user, display_name=display_name, **fields)
    user.groups.add(Group.objects.get_or_create(name=roles.FRIEND)[0])
    membership.forget(user)
    audit.record("community.friend_joined", profile, by=by, region=profile.region.code, occupation=profile.occupation)
    return profile


@transaction.atomic
def update_profile(user, *, by, display_name, **fields):
    """Change the person's profile (and display name). Caller: the person themself."""
    profile, _created = _save_profile(user, display_name=display_name, **fields)
    membership.forget(user)
    audit.record("community.profile_updated", profile, by=by)
    return profile


@transaction.atomic
def delete_profile(profile, *, by):
    """Delete the profile (out of the directory, no more messages through the portal). The account,
    its Friend membership and its display name stay: deleting the account is a separate step
    (portal.privacy). Caller: the person themself."""
    user = profile.user
    audit.record("community.profile_deleted", user, by=by)
    profile.delete()
    membership.forget(user)


def send_member_message(profile, *, by, message):
    """Forward a signed-in member's message to the profile's owner, in the owner's language, with the
    sender's address as Reply-To (the owner's address is never shown to the sender). At most
    CONTACT_LIMIT messages per sender and hour, counted in the shared cache. Caller: a member allowed
    by ``community.contact_member`` (the owner accepts messages)."""
    if counters.hit(f"community:contact:{by.pk}", CONTACT_WINDOW) > CONTACT_LIMIT:
        raise RateLimited
    message_id = uuid.uuid4().hex
    return send_once(
        f"community:contact:{message_id}:{profile.user_id}",
        user=profile.user,
        template="community/email/contact",
        context={"sender": by, "message": message},
        reply_to=[by.email],
    )
