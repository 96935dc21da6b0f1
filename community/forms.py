"""What people type on the community pages. Forms validate; views hand cleaned data to services."""

from allauth.account.forms import SignupForm
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.choices import College
from portal.models import Objective, Region, Theme

from . import services
from .models import SPOKEN_LANGUAGES, Occupation, Profile


class ProfileForm(forms.ModelForm):
    """The short profile of a Friend: who they are for the other members, and who sees what."""

    display_name = forms.CharField(
        label=_("Your name as members see it"),
        max_length=80,
        help_text=_("Your first name, full name or a nickname. Your e-mail address is never shown."),
    )
    region = forms.ModelChoiceField(
        label=_("World region"),
        queryset=Region.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("The one of my country"),
        help_text=_("Chosen from your country; choose only if your country lies in two regions."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=SPOKEN_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes that interest you"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives of the Initiative that interest you"),
        queryset=Objective.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Profile
        fields = [
            "country",
            "region",
            "occupation",
            "languages",
            "themes",
            "objectives",
            "about",
            "country_visibility",
            "occupation_visibility",
            "languages_visibility",
            "interests_visibility",
            "about_visibility",
            "accepts_contact",
        ]
        labels = {
            "country": _("Country"),
            "occupation": _("Occupation"),
            "about": _("A few words about you (optional)"),
            "country_visibility": _("Who sees your country and region"),
            "occupation_visibility": _("Who sees your occupation"),
            "languages_visibility": _("Who sees your languages"),
            "interests_visibility": _("Who sees your interests"),
            "about_visibility": _("Who sees your few words"),
            "accepts_contact": _("Members may write to me through the portal"),
        }
        widgets = {"about": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].choices = [("", _("Choose…")), *Occupation.choices]
        self.fields["country"].choices = [("", _("Choose…")), *countries]
        if user is not None and user.is_authenticated:
            self.fields["display_name"].initial = user.display_name or user.get_full_name()
        if self.instance.pk:
            self.fields["region"].initial = self.instance.region.code

    def clean(self):
        data = super().clean()
        country = data.get("country")
        if country:
            region = services.derive_region(country, data.get("region"))
            if region is None:
                self.add_error("region", _("Choose the world region you live in."))
            elif data.get("region") and region != data["region"]:
                self.add_error("region", _("%(country)s is not in this region.") % {"country": countries.name(country)})
            data["region"] = region
        return data

    @property
    def profile_data(self):
        """What services.join_friends and update_profile take."""
        data = dict(self.cleaned_data)
        data["themes"] = list(data.get("themes") or ())
        data["objectives"] = list(data.get("objectives") or ())
        return data


class FriendSignupForm(SignupForm):
    """allauth's sign-up (e-mail and password; the verification mail follows) without the first and last
    name: the profile's display name says how the person wants to be called."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields.pop(name, None)


class DirectoryFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("World region"), queryset=Region.objects.all(), required=False, to_field_name="code"
    )
    occupation = forms.ChoiceField(label=_("Occupation"), required=False)
    college = forms.ChoiceField(label=_("College"), required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False, to_field_name="code")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["occupation"].choices = everything + list(Occupation.choices)
        self.fields["college"].choices = everything + list(College.choices)
        self.fields["region"].empty_label = _("All")
        self.fields["theme"].empty_label = _("All")


class ContactForm(forms.Form):
    message = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
