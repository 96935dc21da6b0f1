from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.geo import parse_geojson_4326
from portal.models import Region

from .models import Category, ClimateZone, Evidence, LandUse, MeasureType, SoilGroup, WaterSupply
from .queries import SORTS

SORT_LABELS = {
    "relevance": _("Relevance"),
    "name": _("Name"),
    "new": _("Newest"),
    "rate": _("Highest sequestration rate"),
}


class DraftForm(forms.Form):
    """A practice sheet proposed or edited in the browser. Fields map onto services.sheet_data keys."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=200, required=False)
    local_name = forms.CharField(label=_("Local name"), max_length=200, required=False)
    definition_en = forms.CharField(label=_("Definition in one sentence (English)"), max_length=400, required=False)
    definition_fr = forms.CharField(label=_("Definition in one sentence (French)"), max_length=400, required=False)
    definition_es = forms.CharField(label=_("Definition in one sentence (Spanish)"), max_length=400, required=False)
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea, required=False)
    description_fr = forms.CharField(label=_("Description (French)"), widget=forms.Textarea, required=False)
    description_es = forms.CharField(label=_("Description (Spanish)"), widget=forms.Textarea, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="code", required=False
    )
    measure_type = forms.ChoiceField(label=_("Measure type"), choices=[("", "—"), *MeasureType.choices], required=False)
    evidence = forms.ChoiceField(label=_("Evidence"), choices=[("", "—"), *Evidence.choices], required=False)
    countries = forms.MultipleChoiceField(label=_("Countries"), choices=list(countries), required=False)
    climate_zones = forms.ModelMultipleChoiceField(
        label=_("Climate zones"), queryset=ClimateZone.objects.all(), to_field_name="code", required=False
    )
    soil_groups = forms.ModelMultipleChoiceField(
        label=_("Soil groups"), queryset=SoilGroup.objects.all(), to_field_name="code", required=False
    )
    land_uses = forms.ModelMultipleChoiceField(
        label=_("Land uses"), queryset=LandUse.objects.all(), to_field_name="code", required=False
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("World regions"), queryset=Region.objects.all(), to_field_name="code", required=False
    )
    water_supply = forms.ChoiceField(label=_("Water supply"), choices=[("", "—"), *WaterSupply.choices], required=False)
    location = forms.CharField(
        label=_("Places on the map (GeoJSON, EPSG:4326)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_('For example {"type": "Point", "coordinates": [-1.5, 12.3]} (longitude, latitude).'),
    )
    contributor = forms.CharField(label=_("Contributing organisation or people"), max_length=300, required=False)

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

    def sheet_data(self):
        data = dict(self.cleaned_data)
        data["category"] = data["category"].code if data.get("category") else ""
        for field in ("climate_zones", "soil_groups", "land_uses", "regions"):
            data[field] = [term.code for term in data.get(field) or []]
        return data

    @staticmethod
    def initial_from(data):
        initial = dict(data)
        if data.get("location"):
            import json

            initial["location"] = json.dumps({"type": "MultiPoint", "coordinates": data["location"]})
        return initial


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 4}))


def sort_choices():
    return [(key, SORT_LABELS[key]) for key in SORTS]
