"""The partners part of the public API described once: query parameters and the GeoJSON each endpoint
sends. The OpenAPI schema is generated from these classes (partners/api.py); the initiatives and
hotspots layers are serialised through them.

The partner map's features are written by partners/queries.py (``map_features``, kept fast for 10,000
offices); ``PartnerProperties`` declares no other key, so the schema tests fail when the two part.
"""

from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from portal.api import Blank, Code, CountryCode, Language, MultiPolygon, Point, Polygon, choices

from .models import College, Hotspot, Initiative

InitiativeKind = choices("InitiativeKind", Initiative.Kind)
InitiativeStatus = choices("InitiativeStatus", Initiative.Status)
HotspotKind = choices("HotspotKind", Hotspot.Kind)


class PartnerFilters(Schema):
    """The filters of the partner map and directory."""

    college: College | Blank = ""
    region: Code = Field("", description="World-region code.")
    country: CountryCode = Field("", description="ISO 3166-1 alpha-2 country code.")
    theme: Code = Field("", description="Activity or interest (theme) code.")
    lang: Language | Blank = Field("", description="Language of the organisations' names. Default: en.")


class PartnerProperties(Schema):
    """A published organisation at one of its offices; never contact data."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})

    slug: str = Field(description="The organisation's sheet: /<lang>/partners/<slug>/.")
    name: str
    acronym: str | None = None
    office: str | None = Field(None, description="Which office of the organisation.")
    college: College | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code of the organisation.")


class PartnerFeature(Schema):
    type: Literal["Feature"] = "Feature"
    geometry: Point
    properties: PartnerProperties


class PartnerCollection(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[PartnerFeature]


class InitiativeFilters(Schema):
    """The filters of the /initiatives/ page."""

    theme: Code = Field("", description="Theme code.")
    region: Code = Field("", description="World-region code.")
    kind: InitiativeKind | Blank = ""
    status: InitiativeStatus | Blank = Field("", description="IATI ActivityStatus code.")
    country: CountryCode = Field("", description="ISO 3166-1 alpha-2 country code.")


class InitiativeExportFilters(InitiativeFilters):
    lang: Language | Blank = Field("", description="Language of the texts. Default: en.")


class InitiativeProperties(Schema):
    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})

    name: str
    url: str = Field(description="The initiative's page on the portal (path).")

    @staticmethod
    def resolve_name(initiative):
        return initiative.title

    @staticmethod
    def resolve_url(initiative):
        return initiative.get_absolute_url()


class InitiativeFeature(Schema):
    type: Literal["Feature"] = "Feature"
    geometry: Point
    properties: InitiativeProperties


class InitiativeCollection(Schema):
    """One feature per place of an initiative."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[InitiativeFeature]


class HotspotProperties(Schema):
    """Soil organic carbon figures of a hotspot (t C/ha, t C/ha/yr) under business as usual (BAU) and
    three sustainable soil management scenarios (SSM1–3)."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})

    name: str
    kind: HotspotKind
    initial_stock: float
    rate_bau: float
    rate_ssm1: float
    rate_ssm2: float
    rate_ssm3: float
    relative_ssm1: float
    relative_ssm2: float
    relative_ssm3: float
    uncertainty: float | None
    depth_cm: int
    source: str
    version: str


class HotspotFeature(Schema):
    type: Literal["Feature"] = "Feature"
    geometry: Polygon | MultiPolygon = Field(description="The outline, simplified for a map.")
    properties: HotspotProperties


class HotspotCollection(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[HotspotFeature]
