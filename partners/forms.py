"""Forms of the partners app: directory filters, the sheet editor and the secretariat's decisions."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.images.fields import WagtailImageField

from portal.forms import ModelMultipleChoiceField
from portal.geo import parse_geojson_4326
from portal.models import Region, Theme
from portal.widgets import LongSelect, country_choices

from .models import College, MembershipApplication, is_pdf


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    college = forms.ChoiceField(label=_("College"), required=False)
    region = forms.ModelChoiceField(
        label=_("World region"), queryset=Region.objects.all(), required=False, to_field_name="code"
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=LongSelect)
    theme = forms.ModelChoiceField(
        label=_("Activity or interest"), queryset=Theme.objects.all(), required=False, to_field_name="code"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["college"].choices = everything + list(College.choices)
        self.fields["country"].choices = everything + country_choices()
        self.fields["region"].empty_label = _("All")
        self.fields["theme"].empty_label = _("All")


class PointWidget(forms.Textarea):
    """The GeoJSON text of one point, visible, with a map under it (static/js/location_map.js): a click
    on the map or a drag of the marker writes the point into the same text, which stays the way to give
    it without JavaScript. What comes back is read through portal.geo (EPSG:4326 only)."""

    template_name = "partners/widgets/point_map.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 3, **(attrs or {})})


class GeoJSONPointField(forms.CharField):
    widget = PointWidget

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return parse_geojson_4326(value, allowed_types=["Point"])


MAX_DECLARATION_BYTES = 10 * 1024 * 1024
MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


class LogoField(WagtailImageField):
    """An image checked as Wagtail checks its own uploads (the format read from the content, matching the
    file's extension; the number of pixels), smaller than MAX_LOGO_BYTES."""

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.help_text = help_text  # Wagtail writes its own (every format it takes, its own size limit)
        self.max_upload_size = MAX_LOGO_BYTES
        self.error_messages["file_too_large"] = _("The logo must be smaller than 2 MB.")
        for key in ("invalid_image", "invalid_image_extension", "invalid_image_known_format"):
            self.error_messages[key] = _("The logo must be a PNG, JPEG, GIF or WebP image.")

    def to_python(self, data):
        upload = super().to_python(data)
        # Wagtail also takes AVIF and HEIC; a logo is one of the formats every browser shows.
        if upload is not None and upload.image.format_name.upper() not in LOGO_FORMATS:
            raise ValidationError(self.error_messages["invalid_image_known_format"], code="invalid_image_known_format")
        return upload

    def check_image_file_size(self, f):
        if f.size > self.max_upload_size:
            raise ValidationError(self.error_messages["file_too_large"], code="file_too_large")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "image/png,image/jpeg,image/gif,image/webp"
        return attrs


class SheetForm(forms.Form):
    """What a partner editor may change on the sheet (becomes a pending SheetRevision). The name is asked
    in each language (one is enough: the others fall back to it); the logo is a new file or nothing."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=200, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False)
    logo = LogoField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, smaller than 2 MB. Leave empty to keep the current logo."),
    )
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea, required=False)
    description_fr = forms.CharField(label=_("Description (French)"), widget=forms.Textarea, required=False)
    description_es = forms.CharField(label=_("Description (Spanish)"), widget=forms.Textarea, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    themes = ModelMultipleChoiceField(
        label=_("Activities and interests"),
        queryset=Theme.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = GeoJSONPointField(
        label=_("Location of the head office"),
        required=False,
        help_text=_("Click on the map or drag the marker to place your organisation, or type the point as GeoJSON."),
    )

    def clean(self):
        data = super().clean()
        if not any((data.get(f"name_{code}") or "").strip() for code in settings.LANGUAGE_CODES):
            self.add_error(
                f"name_{get_language() if get_language() in settings.LANGUAGE_CODES else 'en'}",
                _("Write the name of the organisation in at least one language."),
            )
        if not any(data.get(f"description_{code}") for code in settings.LANGUAGE_CODES):
            raise ValidationError(_("Write the description in at least one language."))
        return data

    @classmethod
    def initial_from(cls, data):
        """Form initial values from SheetRevision-shaped data."""
        initial = dict(data)
        location = data.get("location")
        if location:
            initial["location"] = f'{{"type": "Point", "coordinates": [{location[0]}, {location[1]}]}}'
        return initial

    def revision_data(self):
        data = self.cleaned_data
        point = data.get("location")
        return {
            "name_en": data["name_en"].strip(),
            "name_fr": data["name_fr"].strip(),
            "name_es": data["name_es"].strip(),
            "acronym": data["acronym"].strip(),
            "description_en": data["description_en"],
            "description_fr": data["description_fr"],
            "description_es": data["description_es"],
            "website": data["website"],
            "themes": sorted(theme.code for theme in data["themes"]),
            "location": [round(point.x, 6), round(point.y, 6)] if point else None,
        }


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the editors"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Say what needs to change before the sheet can be published."),
    )


class MembershipForm(forms.ModelForm):
    """The membership application. Files are checked by what they contain, not by their names."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = MembershipApplication
        fields = [
            "name",
            "acronym",
            "status",
            "college",
            "country",
            "region",
            "website",
            "description",
            "declaration",
            "logo",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declaration"].widget.attrs["accept"] = "application/pdf"
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg,image/gif,image/webp"

    def clean(self):
        from .country_regions import in_region

        cleaned = super().clean()
        country, region = cleaned.get("country"), cleaned.get("region")
        if country and region and not in_region(country, region.code):
            self.add_error(
                "country",
                _("%(country)s is not in %(region)s: choose the country's world region.")
                % {"country": countries.name(country), "region": region},
            )
        return cleaned

    def clean_declaration(self):
        upload = self.cleaned_data["declaration"]
        if upload.size > MAX_DECLARATION_BYTES:
            raise ValidationError(_("The declaration must be smaller than 10 MB."))
        if not is_pdf(upload):
            raise ValidationError(_("The declaration must be a PDF document."))
        return upload

    def clean_logo(self):
        from PIL import Image

        upload = self.cleaned_data["logo"]
        if upload.size > MAX_LOGO_BYTES:
            raise ValidationError(_("The logo must be smaller than 2 MB."))
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                image.verify()
                image_format = image.format
        except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds of errors on bad files
            raise ValidationError(_("The logo must be a PNG, JPEG, GIF or WebP image.")) from exc
        finally:
            upload.seek(0)
        if image_format not in LOGO_FORMATS:
            raise ValidationError(_("The logo must be a PNG, JPEG, GIF or WebP image."))
        return upload


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The applicant receives this reason by e-mail."),
    )


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=3000,
        help_text=_("The partner receives your message and your e-mail address so that they can answer you."),
    )
