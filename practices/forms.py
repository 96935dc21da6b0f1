from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from partners.models import Initiative, Organisation
from portal.forms import ModelMultipleChoiceField
from portal.geo import parse_geojson_4326
from portal.models import Region

from .models import Category, ClimateZone, Evidence, LandUse, MeasureType, Method, SoilGroup, Step, WaterSupply
from .queries import SORTS

SORT_LABELS = {
    "relevance": _("Relevance"),
    "name": _("Name"),
    "new": _("Newest"),
    "rate": _("Highest sequestration rate"),
}


class DraftForm(forms.Form):
    """A practice sheet proposed or edited in the browser. Fields map onto services.sheet_data keys."""

    local_name = forms.CharField(label=_("Local name"), max_length=200, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="code", required=False
    )
    measure_type = forms.ChoiceField(label=_("Measure type"), choices=[("", "—"), *MeasureType.choices], required=False)
    evidence = forms.ChoiceField(label=_("Evidence"), choices=[("", "—"), *Evidence.choices], required=False)
    # Evaluated at each render: the names in the page's language, sorted in that language.
    countries = forms.MultipleChoiceField(label=_("Countries"), choices=lambda: list(countries), required=False)
    climate_zones = ModelMultipleChoiceField(
        label=_("Climate zones"), queryset=ClimateZone.objects.all(), to_field_name="code", required=False
    )
    soil_groups = ModelMultipleChoiceField(
        label=_("Soil groups"), queryset=SoilGroup.objects.all(), to_field_name="code", required=False
    )
    land_uses = ModelMultipleChoiceField(
        label=_("Land uses"), queryset=LandUse.objects.all(), to_field_name="code", required=False
    )
    regions = ModelMultipleChoiceField(
        label=_("World regions"), queryset=Region.objects.all(), to_field_name="code", required=False
    )
    organisations = ModelMultipleChoiceField(
        label=_("Partners who use it"),
        queryset=Organisation.objects.filter(published=True).order_by("name"),
        to_field_name="slug",
        required=False,
    )
    initiatives = ModelMultipleChoiceField(
        label=_("Initiatives that use it"),
        queryset=Initiative.objects.filter(published=True).order_by("title"),
        to_field_name="slug",
        required=False,
    )
    water_supply = forms.ChoiceField(label=_("Water supply"), choices=[("", "—"), *WaterSupply.choices], required=False)
    location = forms.CharField(
        label=_("Places on the map (GeoJSON, EPSG:4326)"),
        # static/practices/place-picker.js puts a map above the field and writes the points into it.
        widget=forms.Textarea(attrs={"rows": 2, "data-place-picker": ""}),
        required=False,
        help_text=_('For example {"type": "Point", "coordinates": [-1.5, 12.3]} (longitude, latitude).'),
    )
    contributor = forms.CharField(label=_("Contributing organisation or people"), max_length=300, required=False)
    # Written in the contributor's language (the page's); stored under that language.
    introduction = forms.CharField(
        label=_("How it was introduced"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    co_benefits = forms.CharField(
        label=_("Co-benefits and trade-offs"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    adoption = forms.CharField(
        label=_("Adoption and barriers"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    rainfall_min_mm = forms.IntegerField(label=_("Rainfall from (mm/yr)"), min_value=0, required=False)
    rainfall_max_mm = forms.IntegerField(label=_("Rainfall to (mm/yr)"), min_value=0, required=False)
    altitude_min_m = forms.IntegerField(label=_("Altitude from (m)"), required=False)
    altitude_max_m = forms.IntegerField(label=_("Altitude to (m)"), required=False)
    cost_establishment = forms.DecimalField(
        label=_("Establishment cost per ha"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    cost_maintenance = forms.DecimalField(
        label=_("Maintenance cost per ha and year"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    currency = forms.CharField(label=_("Currency (ISO code, e.g. EUR)"), max_length=3, required=False)
    documented_on = forms.DateField(
        label=_("Date documented"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    doi = forms.CharField(label=_("DOI"), max_length=200, required=False)
    teca_url = forms.URLField(label=_("TECA link"), required=False, assume_scheme="https")
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    proposal_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    LANGUAGE_FIELDS = ("introduction", "co_benefits", "adoption")
    # Written in every language (name_fr...), the page's language first.
    TRANSLATED = {
        "name": (_("Name (%(language)s)"), forms.CharField, {"max_length": 200}),
        "definition": (_("Definition in one sentence (%(language)s)"), forms.CharField, {"max_length": 400}),
        "description": (_("Description (%(language)s)"), forms.CharField, {"widget": forms.Textarea}),
    }
    # Needed in one language at least (services.check_complete): marked so in the page's language.
    NEEDED = ("name", "definition")

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language if language in settings.LANGUAGE_CODES else settings.LANGUAGE_CODES[0]
        names = dict(settings.LANGUAGES)
        self.languages = [self.language, *(code for code in settings.LANGUAGE_CODES if code != self.language)]
        translated = {}
        for code in self.languages:
            for field, (label, kind, options) in self.TRANSLATED.items():
                options = {**options}
                if "widget" in options:
                    options["widget"] = forms.Textarea(attrs={"rows": 4})
                # A form lives for one request: its labels are written in the request's language.
                label_text = str(label) % {"language": str(names[code])}
                translated[f"{field}_{code}"] = kind(label=label_text, required=False, **options)
                if code == self.language and field in self.NEEDED:
                    translated[f"{field}_{code}"].widget.attrs["aria-describedby"] = "needed-help"
        self.fields = {**translated, **self.fields}

    def language_groups(self):
        """[(language code, language name, needed, bound fields)], the page's language first."""
        names = dict(settings.LANGUAGES)
        return [
            (code, names[code], code == self.language, [self[f"{field}_{code}"] for field in self.TRANSLATED])
            for code in self.languages
        ]

    def others_filled(self):
        """Whether anything is written (or wrong) in the languages other than the page's."""
        return any(
            field.value() or field.errors
            for _code, _name, needed, fields in self.language_groups()
            if not needed
            for field in fields
        )

    def other_fields(self):
        translated = {f"{field}_{code}" for field in self.TRANSLATED for code in self.languages}
        return [self[name] for name in self.fields if name not in translated and name != "proposal_key"]

    def clean(self):
        data = super().clean()
        for low, high in (("rainfall_min_mm", "rainfall_max_mm"), ("altitude_min_m", "altitude_max_m")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, _("The upper bound must not be below the lower bound."))
        return data

    def clean_location(self):
        text = self.cleaned_data["location"].strip()
        if not text:
            return []
        geometry = parse_geojson_4326(text)
        if geometry.geom_type == "Point":
            return [[geometry.x, geometry.y]]
        if geometry.geom_type == "MultiPoint":
            return [[p.x, p.y] for p in geometry]
        raise forms.ValidationError(_("Give a Point or a MultiPoint."))

    def sheet_data(self, language):
        data = dict(self.cleaned_data)
        data.pop("proposal_key", None)
        for field in self.LANGUAGE_FIELDS:
            data[f"{field}_{language}"] = data.pop(field, "")
        for field in ("cost_establishment", "cost_maintenance"):
            data[field] = str(data[field]) if data.get(field) is not None else None
        data["documented_on"] = data["documented_on"].isoformat() if data.get("documented_on") else None
        data["currency"] = (data.get("currency") or "").upper()
        data["category"] = data["category"].code if data.get("category") else ""
        for field in ("climate_zones", "soil_groups", "land_uses", "regions"):
            data[field] = [term.code for term in data.get(field) or []]
        data["organisations"] = [organisation.slug for organisation in data.get("organisations") or []]
        data["initiatives"] = [initiative.slug for initiative in data.get("initiatives") or []]
        return data

    @classmethod
    def initial_from(cls, data, language):
        initial = dict(data)
        for field in cls.LANGUAGE_FIELDS:
            initial[field] = data.get(f"{field}_{language}") or data.get(f"{field}_en") or ""
        if data.get("location"):
            import json

            initial["location"] = json.dumps({"type": "MultiPoint", "coordinates": data["location"]})
        return initial


def error_summary(form, *formsets):
    """[(field id, label, message)] of every error of the page, in the order of the page, for the
    summary at its top (each links to its field; errors not of a field link to the form)."""
    rows = [("", "", message) for message in form.non_field_errors()]
    names = [name for _code, _name, _needed, fields in form.language_groups() for name in (f.name for f in fields)]
    names += [field.name for field in form.other_fields()]
    for name in names:
        for message in form.errors.get(name, []):
            rows.append((form[name].id_for_label, form[name].label, message))
    for formset in formsets:
        rows += [("", "", message) for message in formset.non_form_errors()]
        for row in formset.forms:
            for name, messages in row.errors.items():
                if name in row.fields:
                    rows += [(row[name].id_for_label, row[name].label, message) for message in messages]
    return rows


class StepForm(forms.Form):
    """A tutorial step, written in the contributor's language."""

    # An empty first choice: an untouched extra row must post nothing, or it would count as changed.
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", "—"), *Step.Phase.choices])
    text = forms.CharField(label=_("Step"), widget=forms.Textarea(attrs={"rows": 2}))
    timing = forms.CharField(label=_("Timing"), max_length=120, required=False)


class MeasurementForm(forms.Form):
    """A soil organic carbon result."""

    site = forms.CharField(label=_("Site"), max_length=200)
    rate = forms.DecimalField(label=_("Sequestration rate (t C/ha/yr)"), min_value=-50, max_value=50, decimal_places=2)
    duration_years = forms.IntegerField(label=_("Duration (years)"), min_value=1)
    depth_from_cm = forms.IntegerField(label=_("Depth from (cm)"), min_value=0, initial=0)
    depth_to_cm = forms.IntegerField(label=_("Depth to (cm)"), min_value=1)
    method = forms.ChoiceField(label=_("Method"), choices=[("", "—"), *Method.choices])
    source = forms.CharField(label=_("Source"), max_length=400, required=False)

    def clean(self):
        data = super().clean()
        top, bottom = data.get("depth_from_cm"), data.get("depth_to_cm")
        if top is not None and bottom is not None and bottom <= top:
            self.add_error("depth_to_cm", _("The lower depth must be below the upper depth."))
        return data


class ReferenceForm(forms.Form):
    citation = forms.CharField(label=_("Reference"), widget=forms.Textarea(attrs={"rows": 2}))
    doi = forms.CharField(label=_("DOI"), max_length=200, required=False)


MAX_PHOTO_BYTES = 10 * 1024 * 1024


class PhotoForm(forms.Form):
    """A tutorial photo: a new upload, or one already attached to the draft (``image_id``)."""

    image = forms.ImageField(label=_("Photo"), required=False)
    image_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("image")
        if upload and upload.size > MAX_PHOTO_BYTES:
            self.add_error("image", _("The photo must be smaller than 10 MB."))
        if (upload or data.get("image_id")) and not data.get("caption"):
            self.add_error("caption", _("Describe the photo in a few words."))
        return data


PhotoFormSet = forms.formset_factory(PhotoForm, extra=1, max_num=12, validate_max=True)
ReferenceFormSet = forms.formset_factory(ReferenceForm, extra=1, max_num=30, validate_max=True)
StepFormSet = forms.formset_factory(StepForm, extra=1, max_num=30, validate_max=True)
MeasurementFormSet = forms.formset_factory(MeasurementForm, extra=1, max_num=30, validate_max=True)


def steps_data(formset, language):
    """Formset rows → the services format, the text in the contributor's language."""
    return [
        {"phase": row["phase"], f"text_{language}": row["text"], f"timing_{language}": row.get("timing", "")}
        for row in formset.cleaned_data
        if row and not row.get("DELETE") and row.get("text")
    ]


def steps_initial(steps, language):
    def text(step):
        # The contributor's language, else the first translation there is.
        candidates = [step.get(f"text_{language}"), *(step.get(f"text_{code}") for code in settings.LANGUAGE_CODES)]
        return next(filter(None, candidates), "")

    return [
        {
            "phase": step.get("phase"),
            "text": text(step),
            "timing": step.get(f"timing_{language}") or step.get("timing_en") or "",
        }
        for step in steps or []
    ]


def measurements_data(formset):
    return [
        {key: (str(value) if value is not None else None) for key, value in row.items()}
        for row in formset.cleaned_data
        if row and row.get("site")
    ]


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 4}))


def sort_choices():
    return [(key, SORT_LABELS[key]) for key in SORTS]
