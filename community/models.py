"""A member's profile: what a Friend of the 4 per 1000 (or any member who joins them) tells the others.

Each field but the display name (``User.display_name``, always shown to members) has its own visibility,
chosen by the person: the other signed-in members, or nobody. The e-mail address is never part of it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# Languages a member may say they speak: the portal's three, then the most spoken others (ISO 639-1).
SPOKEN_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("hi", _("Hindi")),
    ("sw", _("Swahili")),
    ("wo", _("Wolof")),
]
SPOKEN_LANGUAGE_CODES = [code for code, _label in SPOKEN_LANGUAGES]


class Occupation(models.TextChoices):
    FARMER = "farmer", _("Farmer")
    FORESTER = "forester", _("Forester")
    RESEARCHER = "researcher", _("Researcher")
    EXTENSION = "extension", _("Extension worker")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Signed-in members")
    NOBODY = "nobody", _("Nobody")


# The profile's fields that have a visibility of their own: (field, visibility field).
VISIBLE_FIELDS = ("country", "occupation", "languages", "interests", "about")


def _visibility(label):
    return models.CharField(label, max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS)


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_profile", verbose_name=_("user")
    )
    country = CountryField(_("country"))
    # Derived from the country (partners.country_regions); a country on a boundary lets the person choose.
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("world region"), on_delete=models.PROTECT, related_name="profiles"
    )
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    themes = models.ManyToManyField("portal.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    objectives = models.ManyToManyField(
        "portal.Objective", verbose_name=_("strategic-plan objectives"), blank=True, related_name="+"
    )
    about = models.TextField(_("about me"), max_length=500, blank=True)
    country_visibility = _visibility(_("who sees my country and region"))
    occupation_visibility = _visibility(_("who sees my occupation"))
    languages_visibility = _visibility(_("who sees my languages"))
    interests_visibility = _visibility(_("who sees my interests"))
    about_visibility = _visibility(_("who sees what I wrote about me"))
    accepts_contact = models.BooleanField(
        _("members may write to me through the portal"),
        default=True,
        help_text=_("Their message reaches you by e-mail; your address stays hidden until you answer."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(occupation__in=Occupation.values), name="community_profile_occupation_known"
            ),
            models.CheckConstraint(condition=~models.Q(country=""), name="community_profile_country_given"),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}_visibility__in": Visibility.values}),
                    name=f"community_profile_{name}_visibility_known",
                )
                for name in VISIBLE_FIELDS
            ),
        ]

    def __str__(self):
        return str(self.user.public_name)

    def get_absolute_url(self):
        return reverse("community:profile", kwargs={"pk": self.user_id})

    def shows(self, name):
        """True when the field ``name`` (one of VISIBLE_FIELDS) is shown to the other members."""
        return getattr(self, f"{name}_visibility") == Visibility.MEMBERS

    @property
    def language_labels(self):
        labels = dict(SPOKEN_LANGUAGES)
        return [labels[code] for code in self.languages if code in labels]
