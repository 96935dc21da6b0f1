"""Demo Friends of the 4 per 1000 with profiles in French, English and Spanish, and a profile for
friend@demo.test. Idempotent: running it again updates the same rows."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from portal import roles
from portal.models import Objective, Region, Theme, User

from .models import Occupation, Profile, Visibility

# (e-mail, language, display name, country, region, occupation, languages, themes, objectives, about)
FRIENDS = [
    (
        "friend@demo.test",
        "es",
        "Lucía Quispe",
        "PE",
        "south-america",
        Occupation.FARMER,
        ["es", "en"],
        ["agroforestry", "soil-restoration"],
        ["a2"],
        "Cultivo café bajo sombra en Junín y pruebo abonos orgánicos en laderas.",
    ),
    (
        "amadou@friends.demo.test",
        "fr",
        "Amadou Sow",
        "SN",
        "sub-saharan-africa",
        Occupation.EXTENSION,
        ["fr", "wo"],
        ["conservation-agriculture", "organic-amendments"],
        [],
        "Conseiller agricole dans le bassin arachidier : compost, zaï et haies vives avec les groupements.",
    ),
    (
        "claire@friends.demo.test",
        "fr",
        "Claire Martin",
        "FR",
        "europe",
        Occupation.RESEARCHER,
        ["fr", "en", "es"],
        ["measurement-mrv", "research"],
        [],
        "Je mesure le carbone des sols de prairies dans le Massif central.",
    ),
    (
        "tom@friends.demo.test",
        "en",
        "Tom Wilson",
        "AU",
        "oceania",
        Occupation.FARMER,
        ["en"],
        ["grazing-management", "cover-crops"],
        [],
        "Mixed cropping and rotational grazing on 900 ha in New South Wales.",
    ),
    (
        "ana@friends.demo.test",
        "es",
        "Ana Gómez",
        "MX",
        "central-america-caribbean",
        Occupation.STUDENT,
        ["es", "en"],
        ["biodiversity"],
        [],
        "Estudiante de agronomía en Chapingo; mi tesis trata de la milpa y la materia orgánica.",
    ),
    (
        "joseph@friends.demo.test",
        "en",
        "Joseph Mwangi",
        "KE",
        "sub-saharan-africa",
        Occupation.FORESTER,
        ["en", "sw"],
        ["agroforestry", "forest-management"],
        [],
        "Community forester; farmer-managed natural regeneration around Mount Kenya.",
    ),
]


@transaction.atomic
def seed(scale, out):
    friend_group = Group.objects.get_or_create(name=roles.FRIEND)[0]
    regions = {r.code: r for r in Region.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    objectives = {o.code: o for o in Objective.objects.all()}
    for email, language, name, country, region, occupation, spoken, theme_codes, objective_codes, about in FRIENDS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=settings.DEMO_PASSWORD, language=language)
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
        user.display_name = name
        user.save(update_fields=["display_name"])
        user.groups.add(friend_group)
        profile, _created = Profile.objects.update_or_create(
            user=user,
            defaults={
                "country": country,
                "region": regions[region],
                "occupation": occupation,
                "languages": spoken,
                "about": about,
                # One demo Friend keeps their occupation to themself, to show the per-field choice.
                "occupation_visibility": Visibility.NOBODY if email.startswith("ana@") else Visibility.MEMBERS,
            },
        )
        profile.themes.set([themes[c] for c in theme_codes if c in themes])
        profile.objectives.set([objectives[c] for c in objective_codes if c in objectives])
    out.write(f"community: {len(FRIENDS)} Friends with profiles (password {settings.DEMO_PASSWORD}).\n")
