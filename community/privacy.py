"""The profile in a person's data download, and its erasure with the account (portal/privacy.py)."""

from .models import Profile


def export(user):
    profile = Profile.objects.filter(user=user).select_related("region").first()
    if profile is None:
        return {"profile": None}
    return {
        "profile": {
            "display_name": user.display_name,
            "country": str(profile.country),
            "region": profile.region.code,
            "occupation": profile.occupation,
            "languages": list(profile.languages),
            "themes": sorted(profile.themes.values_list("code", flat=True)),
            "objectives": sorted(profile.objectives.values_list("code", flat=True)),
            "about": profile.about,
            "visibility": {
                name: getattr(profile, f"{name}_visibility")
                for name in ("country", "occupation", "languages", "interests", "about")
            },
            "accepts_contact": profile.accepts_contact,
            "created": profile.created.isoformat(),
            "updated": profile.updated.isoformat(),
        }
    }


def erase(user, *, by):
    """The profile is only about the person: deleted (the account's deletion would cascade to it too)."""
    Profile.objects.filter(user=user).delete()
