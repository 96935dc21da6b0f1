from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.forms import ModelMultipleChoiceField
from portal.models import Region, Theme

from .models import LANGUAGE_CHOICES, MediaContact, NewsletterPage, media_language_choices
from .press import earlier_entry
from .rules import correspondent_region_codes


def _page_language():
    """The language of the page being shown, as one of the newsletter's languages ("en" otherwise)."""
    current = (get_language() or "en")[:2]
    return current if current in dict(LANGUAGE_CHOICES) else "en"


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=LANGUAGE_CHOICES)
    themes = ModelMultipleChoiceField(
        label=_("Themes that interest you"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = ModelMultipleChoiceField(
        label=_("Regions that interest you"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    press_review = forms.BooleanField(
        label=_("Also send me the weekly press review"),
        help_text=_("Every Monday, the articles about soils and the Initiative published in the press."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["language"].initial = _page_language()


class PreferencesForm(SubscribeForm):
    """A logged-in person's own subscription: their account's address, so no e-mail field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label=_("Send a test to"),
        help_text=_("One or more e-mail addresses, separated by commas."),
        max_length=1000,
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    themes = ModelMultipleChoiceField(
        label=_("As a reader of these themes"),
        help_text=_("Only for an edition sent by interest; none: every section."),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = ModelMultipleChoiceField(
        label=_("As a reader of these regions"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_addresses(self):
        addresses = [a.strip() for a in self.cleaned_data["addresses"].replace(";", ",").split(",") if a.strip()]
        if not addresses:
            raise forms.ValidationError(_("Give at least one e-mail address."))
        if len(addresses) > 10:
            raise forms.ValidationError(_("Give at most 10 addresses."))
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("%(address)s is not a valid e-mail address."), params={"address": address}
                ) from error
        return addresses


# 100,000 subscribers with their consent times are about 6 MB of CSV.
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: email, language (en, fr or es), consent_at (date and time of consent). "
            "Rows without a consent time are not imported."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The CSV file must be smaller than 20 MB."))
        return upload


class EditionFromPageForm(forms.Form):
    page = forms.ModelChoiceField(
        label=_("Newsletter composed in the CMS"),
        help_text=_("Its English version; the French and Spanish translations are sent to their readers."),
        queryset=NewsletterPage.objects.filter(locale__language_code="en").order_by("-first_published_at", "-pk"),
    )
    by_interest = forms.BooleanField(
        label=_("Only the sections matching each reader's interests"),
        help_text=_("Sections without a theme or region go to everyone; readers who chose no interest get everything."),
        required=False,
    )


class PressFilterForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the articles"),
        choices=[("", _("All languages")), *LANGUAGE_CHOICES],
        required=False,
    )


class PressArchiveFilterForm(PressFilterForm):
    """The archive's filters (GET, works without JavaScript): theme, region, outlet, language."""

    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("position", "code"),
        to_field_name="code",
        empty_label=_("All themes"),
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("World region"),
        queryset=Region.objects.order_by("position", "code"),
        to_field_name="code",
        empty_label=_("All regions"),
        required=False,
    )
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)

    field_order = ["theme", "region", "outlet", "language"]

    def filters(self):
        """Keyword arguments of ``press.press_items`` (nothing for what is invalid or empty)."""
        valid = {}
        if self.is_bound:
            self.is_valid()  # an invalid filter shows its message; the valid ones still apply
            valid = self.cleaned_data
        return {
            "language": valid.get("language") or "",
            "theme": valid.get("theme"),
            "region": valid.get("region"),
            "outlet": valid.get("outlet") or "",
        }


class PressItemForm(forms.Form):
    """An article added on the site (newsletter.press.add_press_item). A correspondent chooses among
    their own regions; the secretariat among all, or none."""

    url = forms.URLField(label=_("Address of the article"), max_length=500, assume_scheme="https")
    title = forms.CharField(label=_("Title"), max_length=300, help_text=_("As published, in the article's language."))
    source = forms.CharField(label=_("Outlet"), max_length=200, help_text=_("The newspaper, magazine or site."))
    published_on = forms.DateField(
        label=_("Publication date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    language = forms.ChoiceField(label=_("Language of the article"), choices=LANGUAGE_CHOICES)
    summary = forms.CharField(
        label=_("Short summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In any one language; readers of the others see it until it is translated."),
    )
    summary_language = forms.ChoiceField(label=_("Language of the summary"), choices=LANGUAGE_CHOICES)
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ModelChoiceField(
        label=_("World region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("No particular region"),
        help_text=_("The region the article is about, if it is about one."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The summary is most likely written in the language of the page (a French correspondent on /fr/
        # had it stored as the English summary unless they changed the list).
        self.fields["summary_language"].initial = _page_language()
        if not user.has_perm("newsletter.add_press_item_for_region", None):
            # A correspondent: one of their regions, and a region is required.
            codes = correspondent_region_codes(user)
            self.fields["region"].queryset = Region.objects.filter(code__in=codes)
            self.fields["region"].required = True
            self.fields["region"].empty_label = None
            self.fields["region"].help_text = _("A regional correspondent adds articles for their own region.")

    def clean_url(self):
        url = self.cleaned_data["url"]
        earlier = earlier_entry(url)
        if earlier is not None:
            raise forms.ValidationError(
                _(
                    "This article is already in the press review: “%(title)s” (%(source)s, %(date)s), "
                    "added on %(added)s."
                ),
                code="duplicate",
                params={
                    "title": earlier.title,
                    "source": earlier.source,
                    "date": earlier.published_on.isoformat(),
                    "added": timezone.localtime(earlier.added).date().isoformat(),
                },
            )
        return url


class MediaContactFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), max_length=200, required=False, help_text=_("Name, outlet, e-mail or notes.")
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    beat = forms.ModelChoiceField(
        label=_("Beat"), queryset=Theme.objects.all(), to_field_name="code", empty_label=_("All beats"), required=False
    )
    region = forms.ModelChoiceField(
        label=_("World region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All regions"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages")), *media_language_choices()]

    def filters(self):
        valid = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "query": valid.get("q") or "",
            "language": valid.get("language") or "",
            "beat": valid.get("beat"),
            "region": valid.get("region"),
        }


class MediaContactForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False, widget=forms.SelectMultiple)

    class Meta:
        model = MediaContact
        fields = ["name", "outlet", "email", "phone", "languages", "beats", "region", "notes"]
        widgets = {"beats": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"beats": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = media_language_choices()
        self.fields["languages"].help_text = _("The languages they write or broadcast in.")
        if self.instance.pk:
            self.initial["languages"] = self.instance.language_codes

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])
