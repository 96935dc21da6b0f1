from django import forms
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.forms import ModelMultipleChoiceField
from portal.models import Region, Theme

from .models import LANGUAGE_CHOICES, NewsletterPage


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
            current = (get_language() or "en")[:2]
            self.fields["language"].initial = current if current in dict(LANGUAGE_CHOICES) else "en"


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
