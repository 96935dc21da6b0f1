"""The practices database: one standardized sheet per practice (inspired by WOCAT and the FAO GSP).

The public ``Practice`` row holds what is published. Proposals and edits are ``PracticeDraft`` rows
(the proposed content as JSON) that the secretariat publishes or returns; each publication is kept as a
``PracticeVersion`` snapshot, so a published sheet changes only on publication and its history stays.
"""

from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.models import Region, Theme, Vocabulary

from . import search


# --- Vocabularies (tables with stable codes and translated labels, loaded by a migration) ----------
class Category(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("practice category")
        verbose_name_plural = _("practice categories")


class ClimateZone(Vocabulary):
    """The 13 climate zones of the IPCC 2019 Refinement (Vol. 4, ch. 3)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("IPCC climate zone")
        verbose_name_plural = _("IPCC climate zones")


class SoilGroup(Vocabulary):
    """The 32 Reference Soil Groups of the World Reference Base (WRB 2022)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("WRB reference soil group")
        verbose_name_plural = _("WRB reference soil groups")


class SoilClass(Vocabulary):
    """IPCC default mineral and organic soil classes (2006 Guidelines, Vol. 4, ch. 3)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("IPCC soil class")
        verbose_name_plural = _("IPCC soil classes")


class LandUse(Vocabulary):
    """IPCC land-use categories."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("IPCC land-use category")
        verbose_name_plural = _("IPCC land-use categories")


class MeasureType(models.TextChoices):
    AGRONOMIC = "agronomic", _("Agronomic")
    VEGETATIVE = "vegetative", _("Vegetative")
    STRUCTURAL = "structural", _("Structural")
    MANAGEMENT = "management", _("Management")


class Evidence(models.TextChoices):
    FIELD = "field", _("Field experience")
    SCIENTIFIC = "scientific", _("Scientific")
    BOTH = "both", _("Field experience and scientific")


class WaterSupply(models.TextChoices):
    RAINFED = "rainfed", _("Rainfed")
    IRRIGATED = "irrigated", _("Irrigated")
    MIXED = "mixed", _("Rainfed and irrigated")


class Method(models.TextChoices):
    PAIRED = "paired", _("Paired plots")
    CHRONOSEQUENCE = "chronosequence", _("Chronosequence")
    MODEL = "model", _("Model")
    TIER1 = "tier1", _("IPCC Tier 1")
    REPEATED = "repeated", _("Repeated sampling")


class Practice(gis_models.Model):
    """A published (or not yet published) practice sheet. Only ``published`` rows are ever public."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    local_name = models.CharField(_("local name"), max_length=200, blank=True)
    definition = models.CharField(_("definition"), max_length=400, help_text=_("One sentence."))
    description = models.TextField(_("description"), blank=True)
    original_language = models.CharField(_("original language"), max_length=8, default="en")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))
    measure_type = models.CharField(_("measure type"), max_length=20, choices=MeasureType.choices)
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"), related_name="practices")
    organisations = models.ManyToManyField(
        "partners.Organisation", blank=True, verbose_name=_("partners who use it"), related_name="practices"
    )
    initiatives = models.ManyToManyField(
        "partners.Initiative", blank=True, verbose_name=_("initiatives that use it"), related_name="practices"
    )
    contributor = models.CharField(_("contributing organisation or people"), max_length=300, blank=True)
    documented_on = models.DateField(_("date documented"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=40, default="CC BY-SA 4.0")
    wocat_code = models.CharField(_("WOCAT code"), max_length=40, blank=True)
    wocat_url = models.URLField(_("WOCAT permalink"), blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    teca_url = models.URLField(_("TECA link"), blank=True)
    video_url = models.URLField(_("video"), blank=True)
    evidence = models.CharField(_("evidence"), max_length=20, choices=Evidence.choices, blank=True)
    introduction = models.TextField(_("how it was introduced"), blank=True)
    # Areas concerned
    countries = CountryField(_("countries"), multiple=True, blank=True)
    regions = models.ManyToManyField(Region, blank=True, verbose_name=_("world regions"), related_name="practices")
    objectives = models.ManyToManyField(
        "portal.Objective", blank=True, verbose_name=_("strategic-plan objectives"), related_name="practices"
    )
    location = gis_models.MultiPointField(_("places on the map"), srid=4326, null=True, blank=True)
    climate_zones = models.ManyToManyField(ClimateZone, blank=True, verbose_name=_("climate zones"))
    soil_groups = models.ManyToManyField(SoilGroup, blank=True, verbose_name=_("soil groups"))
    soil_classes = models.ManyToManyField(SoilClass, blank=True, verbose_name=_("IPCC soil classes"))
    land_uses = models.ManyToManyField(LandUse, blank=True, verbose_name=_("land uses"))
    rainfall_min_mm = models.PositiveIntegerField(_("rainfall from (mm/yr)"), null=True, blank=True)
    rainfall_max_mm = models.PositiveIntegerField(_("rainfall to (mm/yr)"), null=True, blank=True)
    altitude_min_m = models.IntegerField(_("altitude from (m)"), null=True, blank=True)
    altitude_max_m = models.IntegerField(_("altitude to (m)"), null=True, blank=True)
    water_supply = models.CharField(_("water supply"), max_length=20, choices=WaterSupply.choices, blank=True)
    # Impacts
    co_benefits = models.TextField(_("co-benefits and trade-offs"), blank=True)
    cost_establishment = models.DecimalField(
        _("establishment cost per ha"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cost_maintenance = models.DecimalField(
        _("maintenance cost per ha and year"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    adoption = models.TextField(_("adoption level and barriers"), blank=True)
    # Derived: the best documented sequestration rate, for sorting and the rate filter.
    max_rate = models.DecimalField(
        _("highest sequestration rate (t C/ha/yr)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # Normalised words of every language, for search on databases without full-text search.
    search_text = models.TextField(editable=False, blank=True, default="", verbose_name=_("search text"))
    # Publication
    published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rainfall_min_mm__isnull=True)
                | Q(rainfall_max_mm__isnull=True)
                | Q(rainfall_min_mm__lte=F("rainfall_max_mm")),
                name="practice_rainfall_range",
            ),
            models.CheckConstraint(
                condition=Q(altitude_min_m__isnull=True)
                | Q(altitude_max_m__isnull=True)
                | Q(altitude_min_m__lte=F("altitude_max_m")),
                name="practice_altitude_range",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_at__isnull=False), name="practice_published_at"
            ),
            models.UniqueConstraint(
                fields=["wocat_code"], condition=~Q(wocat_code=""), name="practice_unique_wocat_code"
            ),
        ]
        # Public lists read published sheets only: full-text search per language (GIN on PostgreSQL),
        # the name order of each language and the newest first.
        indexes = [
            *(
                search.SearchIndex(
                    fields=[search.field_name(code)], name=f"practice_search_{code}", condition=Q(published=True)
                )
                for code in search.languages()
            ),
            *(
                models.Index(fields=[f"name_{code}", "id"], name=f"practice_name_{code}", condition=Q(published=True))
                for code in search.languages()
            ),
            models.Index(fields=["-published_at", "id"], name="practice_newest", condition=Q(published=True)),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.search_text = search.document(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


# The stored full-text vector of each language (``search_en``, ``search_fr``, …): generated by the
# database from the sheet's texts, so that every write path (forms, imports, bulk inserts) keeps it right.
for _code in search.languages():
    Practice.add_to_class(
        search.field_name(_code),
        models.GeneratedField(
            expression=search.LanguageVector(_code), output_field=SearchVectorField(), db_persist=True
        ),
    )


class Step(models.Model):
    """Tutorial: establishment and maintenance steps, in order."""

    class Phase(models.TextChoices):
        ESTABLISHMENT = "establishment", _("Establishment")
        MAINTENANCE = "maintenance", _("Maintenance")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="steps")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("step"))
    timing = models.CharField(_("timing"), max_length=120, blank=True)

    class Meta:
        ordering = ["phase", "position"]
        constraints = [models.UniqueConstraint(fields=["practice", "phase", "position"], name="step_unique_position")]

    def __str__(self):
        return self.text[:60]


class Photo(models.Model):
    """A photo of the practice (tutorial); pages show resized renditions, never the original."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption


class Reference(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="references")
    citation = models.TextField(_("reference"))
    doi = models.CharField(_("DOI"), max_length=200, blank=True)

    def __str__(self):
        return self.citation[:60]


class Measurement(models.Model):
    """A soil organic carbon result documented for the practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="measurements")
    site = models.CharField(_("site"), max_length=200)
    country = CountryField(_("country"), blank=True)
    climate_zone = models.ForeignKey(
        ClimateZone, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("climate zone")
    )
    soil_group = models.ForeignKey(
        SoilGroup, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("soil group")
    )
    baseline_stock = models.DecimalField(
        _("baseline stock (t C/ha)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    rate = models.DecimalField(_("sequestration rate (t C/ha/yr)"), max_digits=6, decimal_places=2)
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"))
    depth_from_cm = models.PositiveSmallIntegerField(_("depth from (cm)"), default=0)
    depth_to_cm = models.PositiveSmallIntegerField(_("depth to (cm)"))
    reference_practice = models.CharField(_("reference practice"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    source = models.CharField(_("source"), max_length=400, blank=True)

    class Meta:
        ordering = ["-rate"]
        constraints = [
            models.CheckConstraint(condition=Q(depth_to_cm__gt=F("depth_from_cm")), name="measurement_depth_order"),
            models.CheckConstraint(condition=Q(duration_years__gt=0), name="measurement_duration_positive"),
            models.CheckConstraint(condition=Q(rate__gte=-50, rate__lte=50), name="measurement_rate_plausible"),
        ]

    def __str__(self):
        return f"{self.site}: {self.rate} t C/ha/yr"


class PracticeDraft(models.Model):
    """A proposed new sheet or an edit of a published one, waiting for the secretariat."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with comments")
        PUBLISHED = "published", _("Published")

    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("practice")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_drafts", verbose_name=_("author")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField(_("proposed content"), default=dict)
    comment = models.TextField(_("comments of the secretariat"), blank=True)
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    # The proposal form's own key (sent with every submit of that form): a second POST of the same
    # form finds this draft instead of creating another one.
    proposal_key = models.UUIDField(_("proposal key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("practice draft")
        verbose_name_plural = _("practice drafts")
        ordering = ["-updated"]
        constraints = [
            # One open edit per author and sheet: coming back to a sheet resumes the same draft.
            models.UniqueConstraint(
                fields=["practice", "author"],
                condition=Q(status__in=["draft", "submitted", "returned"]) & Q(practice__isnull=False),
                name="practicedraft_one_open_per_author",
            ),
            # One proposal form, one draft.
            models.UniqueConstraint(
                fields=["author", "proposal_key"],
                condition=Q(proposal_key__isnull=False),
                name="practicedraft_one_per_proposal_key",
            ),
        ]

    def __str__(self):
        """The name in the reader's language, else in whichever language it was written."""
        current = get_language()
        codes = [current, self.data.get("original_language"), *settings.LANGUAGE_CODES]
        names = (self.data.get(f"name_{code}") for code in codes if code)
        return next(filter(None, names), None) or self.data.get("name") or str(_("Untitled practice"))

    @property
    def title(self):
        return str(self)


class PracticeVersion(models.Model):
    """Snapshot of a sheet as published, kept for its history."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="versions", verbose_name=_("practice")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    data = models.JSONField(verbose_name=_("data"))
    published_at = models.DateTimeField(verbose_name=_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("practice version")
        verbose_name_plural = _("practice versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="practiceversion_unique_number")]

    def __str__(self):
        return f"{self.practice} v{self.number}"


# --- Import from WOCAT QCAT --------------------------------------------------------------------------
class QcatMapping(models.Model):
    """What a value keyword of a QCAT technology becomes in the portal. Data, not code: loaded from
    practices/data/qcat_mapping.tsv by a migration, read and extended by the secretariat in the admin.
    An empty target means "known to QCAT, no equivalent in the portal" (the import counts it); a value
    without any row is unknown (the import reports it)."""

    class Kind(models.TextChoices):
        CATEGORY = "category", _("practice category")
        MEASURE_TYPE = "measure_type", _("measure type")
        LAND_USE = "land_use", _("land use")
        CLIMATE_ZONE = "climate_zone", _("climate zone")
        RAINFALL = "rainfall", _("rainfall range (mm/yr)")
        ALTITUDE = "altitude", _("altitude range (m)")
        WATER_SUPPLY = "water_supply", _("water supply")
        COUNTRY = "country", _("country")

    questiongroup = models.CharField(
        _("QCAT question group"), max_length=40, blank=True, help_text=_("Empty: the key in any question group.")
    )
    key = models.CharField(_("QCAT key"), max_length=80)
    value = models.CharField(_("QCAT value keyword"), max_length=80)
    label_en = models.CharField(_("QCAT label (English)"), max_length=300, blank=True)
    kind = models.CharField(_("portal vocabulary"), max_length=20, choices=Kind.choices)
    target = models.CharField(
        _("portal term"),
        max_length=64,
        blank=True,
        help_text=_(
            "The code of the term in the portal vocabulary (a category code, an ISO country code …); a range "
            "such as 251-500 or 4001- for rainfall and altitude. Empty: no equivalent in the portal."
        ),
    )
    editions = models.CharField(_("QCAT editions"), max_length=20, default="2015 2018")
    position = models.PositiveIntegerField(
        _("precedence"),
        default=0,
        help_text=_("For a field with a single term (category, measure type, water supply), the lowest wins."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("QCAT mapping")
        verbose_name_plural = _("QCAT mappings")
        ordering = ["position", "key", "value", "target"]
        constraints = [
            models.UniqueConstraint(fields=["questiongroup", "key", "value", "target"], name="qcatmapping_unique"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "category",
                        "measure_type",
                        "land_use",
                        "climate_zone",
                        "rainfall",
                        "altitude",
                        "water_supply",
                        "country",
                    ]
                ),
                name="qcatmapping_kind_known",
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.key} {self.value} → {self.target or '—'}"


class SynonymGroup(models.Model):
    """Words that mean the same practice across the portal's languages (abono verde = engrais vert =
    green manure = cover crop): a search for one of them finds sheets written with any other. The
    secretariat edits them in the Django admin."""

    label = models.CharField(_("label"), max_length=200, help_text=_("For the secretariat only."))

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["label"]

    def __str__(self):
        return self.label


class Synonym(models.Model):
    group = models.ForeignKey(SynonymGroup, on_delete=models.CASCADE, related_name="terms", verbose_name=_("group"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    term = models.CharField(_("term"), max_length=200)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["group", "language", "term"]
        constraints = [models.UniqueConstraint(fields=["group", "language", "term"], name="synonym_unique_term")]

    def __str__(self):
        return self.term
