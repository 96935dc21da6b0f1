"""Partner organisations, their offices and editors, and the revisions of their descriptive sheets."""

import uuid

from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.choices import College  # noqa: F401 - defined in portal, used here and by the CMS
from portal.storage import private_storage


def name_in_order(language, prefix=""):
    """The organisation's name in ``language``, falling back like modeltranslation (then the other
    languages in settings order), as a database expression. ``prefix`` is the path to the organisation
    from another model, e.g. "organisation__". The directory's indexes are on this expression."""
    order = [language, *(code for code in settings.LANGUAGE_CODES if code != language)]
    return Coalesce(
        *(NullIf(F(f"{prefix}name_{code}"), Value(""), output_field=models.CharField()) for code in order),
        Value(""),
        output_field=models.CharField(),
    )


class Organisation(models.Model):
    """A member or partner of the Initiative and its public descriptive sheet (the approved data)."""

    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PARTNER)
    college = models.CharField(_("college"), max_length=20, choices=College.choices)
    country = CountryField(_("country"))
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("world region"), on_delete=models.PROTECT, related_name="organisations"
    )
    website = models.URLField(_("website"), blank=True)
    # A Wagtail image, so the sheet, the directory and the secretariat's diff show renditions (thumbnails
    # made once, at the size shown) and the CMS image library holds the files under server-made names.
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField("portal.Theme", verbose_name=_("activities and interests"), blank=True)
    year_joined = models.PositiveSmallIntegerField(_("year joined"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=True)
    # Never shown publicly: messages reach the partner through the portal.
    contact_email = models.EmailField(_("contact e-mail (never shown publicly)"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        # The directory lists published organisations by name in the page's language (with
        # modeltranslation's fallback: ``name_in_order``), 24 at a time, with their count: one index per
        # language on that same expression, so the page is an index scan that stops at 24 rows and the
        # count an index-only scan (docs/scale.md).
        indexes = [
            models.Index(
                name_in_order(code), "id", name=f"partners_org_directory_{code}", condition=models.Q(published=True)
            )
            for code in settings.LANGUAGE_CODES
        ] + [
            # The directory filtered by college counts its organisations (1,500 of 10,000) through it.
            models.Index(fields=["college"], name="partners_org_college", condition=models.Q(published=True))
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["member", "partner"]), name="partners_organisation_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(college__in=[c.value for c in College]), name="partners_organisation_college_known"
            ),
            models.CheckConstraint(
                condition=models.Q(year_joined__isnull=True) | models.Q(year_joined__gte=2015, year_joined__lte=2100),
                name="partners_organisation_year_joined_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})


class OrganisationOffice(models.Model):
    """One location of an organisation on the map (an organisation may have several offices)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offices")
    label = models.CharField(_("label"), max_length=120, blank=True)
    location = gis_models.PointField(_("location"), srid=4326)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label or str(self.organisation)


class OrganisationEditor(models.Model):
    """A user who may propose changes to an organisation's sheet."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="editor_links")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner editor")
        verbose_name_plural = _("partner editors")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="partners_editor_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


class SheetRevision(models.Model):
    """An edit of a sheet proposed by an editor. Pending until the secretariat approves (the data is
    then copied onto the organisation) or returns it with a message. Approved revisions are the history."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("organisation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="sheet_revisions",
        verbose_name=_("author"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    data = models.JSONField(_("proposed data"), default=dict)
    message = models.TextField(_("message"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sheet revision")
        verbose_name_plural = _("sheet revisions")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="pending"),
                name="partners_one_pending_revision_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "returned"]),
                name="partners_revision_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(decided_at__isnull=False),
                name="partners_revision_decided_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_status_display()} · {self.created:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("partners:revision", kwargs={"pk": self.pk})


def _declaration_path(instance, filename):
    return f"partners/declarations/{uuid.uuid4().hex}.pdf"


class MembershipApplication(models.Model):
    """A request to join the Initiative, with the signed declaration of intent and the logo. The
    secretariat accepts (creating the organisation and its first editor) or declines with a reason."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_applications",
        verbose_name=_("applicant"),
    )
    name = models.CharField(_("name of the organisation"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    status = models.CharField(
        _("membership requested"),
        max_length=10,
        choices=Organisation.Status.choices,
        help_text=_("Members are non-profit organisations; companies and others join as partners."),
    )
    college = models.CharField(_("college"), max_length=20, choices=College.choices)
    country = CountryField(_("country"))
    region = models.ForeignKey("portal.Region", verbose_name=_("world region"), on_delete=models.PROTECT)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("what your organisation does for soil carbon"))
    # Confidential (a signed document): private storage, a random name, served only to the secretariat.
    declaration = models.FileField(
        _("signed declaration of intent (PDF)"), upload_to=_declaration_path, storage=private_storage
    )
    logo = models.ImageField(_("logo"), upload_to="partners/logos/")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    reason = models.TextField(_("reason for declining"), blank=True)
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("organisation"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["submitted", "accepted", "declined"]),
                name="partners_application_state_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="declined") | ~models.Q(reason=""),
                name="partners_application_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(state="submitted") | models.Q(decided_at__isnull=False),
                name="partners_application_decided_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.name} · {self.get_state_display()}"

    def get_absolute_url(self):
        return reverse("partners:application", kwargs={"pk": self.pk})


class Initiative(gis_models.Model):
    """An entry of the inventory of research actions and cooperation: who does what, where."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        PROGRAMME = "programme", _("Programme")
        NETWORK = "network", _("Network")
        CONSORTIUM = "consortium", _("Research consortium")

    class Status(models.IntegerChoices):
        # IATI ActivityStatus codelist.
        PIPELINE = 1, _("Pipeline / identification")
        IMPLEMENTATION = 2, _("Implementation")
        FINALISATION = 3, _("Finalisation")
        CLOSED = 4, _("Closed")
        CANCELLED = 5, _("Cancelled")
        SUSPENDED = 6, _("Suspended")

    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.PositiveSmallIntegerField(_("status"), choices=Status.choices, default=Status.IMPLEMENTATION)
    themes = models.ManyToManyField("portal.Theme", verbose_name=_("themes"), blank=True, related_name="initiatives")
    regions = models.ManyToManyField(
        "portal.Region", verbose_name=_("world regions"), blank=True, related_name="initiatives"
    )
    objectives = models.ManyToManyField(
        "portal.Objective", verbose_name=_("strategic-plan objectives"), blank=True, related_name="initiatives"
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    locations = gis_models.MultiPointField(_("places"), srid=4326, null=True, blank=True)
    # Each of the initiative's countries with the first of its places that lies in it ({alpha-2:
    # [longitude, latitude]}), kept by save() from the two fields above: the exports' one row per country
    # read it instead of testing every place against the countries' outlines at every download (that
    # test was a third of the initiatives CSV's time at 2,000 initiatives; docs/scale.md).
    country_places = models.JSONField(_("place in each country"), default=dict, blank=True, editable=False)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    research_needs = models.TextField(_("research needs addressed"), blank=True)
    website = models.URLField(_("website"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="initiative_planned_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="initiative_actual_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(status__gte=1, status__lte=6), name="initiative_iati_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:initiative", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.country_places = self.places_by_country()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"countries", "locations"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "country_places"}
        super().save(*args, **kwargs)

    def places_by_country(self):
        """What ``country_places`` holds for the current countries and places (bulk inserts, which
        skip save(), set it with this)."""
        from .country_shapes import places_by_country

        codes = [getattr(country, "code", country) for country in self.countries or []]
        points = [(point.x, point.y) for point in self.locations] if self.locations else []
        return places_by_country(points, codes)

    @property
    def start(self):
        return self.actual_start or self.planned_start

    @property
    def end(self):
        return self.actual_end or self.planned_end


class InitiativeRole(models.Model):
    """An organisation's part in an initiative."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        FUNDING = "funding", _("Funding")
        IMPLEMENTING = "implementing", _("Implementing")
        PARTNER = "partner", _("Partner")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="initiative_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "organisation", "role"], name="initiativerole_unique")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class InitiativeOutput(models.Model):
    """A result or output of an initiative, with its link."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="outputs")
    title = models.CharField(_("title"), max_length=250)
    url = models.URLField(_("link"))

    def __str__(self):
        return self.title


class Hotspot(gis_models.Model):
    """An area where soil carbon sequestration potential is highest, or soil carbon loss most urgent.

    Attributes follow FAO's GSOCseq layers: initial stock and sequestration rates under business as
    usual (BAU) and three sustainable soil management scenarios (SSM1-3), in t C/ha/yr."""

    class Kind(models.TextChoices):
        POTENTIAL = "potential", _("Sequestration potential")
        LOSS = "loss", _("Risk of soil carbon loss")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    area = gis_models.MultiPolygonField(_("area"), srid=4326)
    initial_stock = models.FloatField(_("initial SOC stock (t C/ha)"))
    rate_bau = models.FloatField(_("absolute rate, BAU (t C/ha/yr)"))
    rate_ssm1 = models.FloatField(_("absolute rate, SSM1 (t C/ha/yr)"))
    rate_ssm2 = models.FloatField(_("absolute rate, SSM2 (t C/ha/yr)"))
    rate_ssm3 = models.FloatField(_("absolute rate, SSM3 (t C/ha/yr)"))
    relative_ssm1 = models.FloatField(_("rate relative to BAU, SSM1 (t C/ha/yr)"))
    relative_ssm2 = models.FloatField(_("rate relative to BAU, SSM2 (t C/ha/yr)"))
    relative_ssm3 = models.FloatField(_("rate relative to BAU, SSM3 (t C/ha/yr)"))
    uncertainty = models.FloatField(_("uncertainty (%)"), null=True, blank=True)
    depth_cm = models.PositiveSmallIntegerField(_("depth (cm)"), default=30)
    source = models.CharField(_("source"), max_length=200)
    version = models.CharField(_("version"), max_length=40)
    imported = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "version", "name"], name="hotspot_unique_per_layer"),
            models.CheckConstraint(condition=Q(depth_cm__gt=0), name="hotspot_depth_positive"),
            models.CheckConstraint(condition=Q(initial_stock__gte=0), name="hotspot_stock_not_negative"),
        ]

    def __str__(self):
        return self.name


class RegionalCorrespondent(models.Model):
    """A regional correspondent and the world region they look after: shown on the region's page, in copy
    of the contact requests and membership applications of their region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="correspondent_regions", verbose_name=_("user")
    )
    region = models.ForeignKey(
        "portal.Region", on_delete=models.CASCADE, related_name="correspondents", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("regional correspondent")
        verbose_name_plural = _("regional correspondents")
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="correspondent_unique_region")]

    def __str__(self):
        return f"{self.user} — {self.region}"


def is_pdf(upload):
    """A PDF is recognised by its content (its first bytes), not by its name."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


MAX_CONSORTIUM_PDF_BYTES = 20 * 1024 * 1024


def validate_pdf(upload):
    """A Consortium poster or document: a PDF by its content, 20 MB at most (a poster is a large page)."""
    from django.core.exceptions import ValidationError

    if upload.size > MAX_CONSORTIUM_PDF_BYTES:
        raise ValidationError(_("The PDF must be smaller than 20 MB."))
    if not is_pdf(upload):
        raise ValidationError(_("This file is not a PDF."))


class ConsortiumDocument(models.Model):
    """A poster or document an organisation presented at a meeting of the Consortium."""

    class Kind(models.TextChoices):
        POSTER = "poster", _("Poster")
        DOCUMENT = "document", _("Document")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    meeting = models.CharField(_("meeting"), max_length=200, help_text=_("For example: Consortium meeting, Paris 2019"))
    year = models.PositiveSmallIntegerField(_("year"))
    file = models.FileField(_("PDF file"), upload_to="partners/consortium/", validators=[validate_pdf])

    class Meta:
        verbose_name = _("Consortium document")
        verbose_name_plural = _("Consortium documents")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2015, year__lte=2100), name="consortiumdocument_year")
        ]

    def __str__(self):
        return self.title
