"""The CMS page types of the communication site beyond home, standard and news (portal/models.py).

The tree (``parent_page_types`` / ``subpage_types`` keep it so):

    Home ─┬─ News index ─┬─ News item
          │              └─ Success story
          ├─ Events index ── Event
          ├─ Press releases ── Press release
          ├─ Press kit
          ├─ Key figures, Practical sheet, Training course (also under a standard page)
          ├─ About (governance) ── Standard page
          ├─ Contact
          └─ Legal page (privacy notice or legal notice)

Taxonomy (themes, regions, strategic-plan objectives) is a ParentalManyToManyField, so it lives in
page revisions and wagtail-localize copies it to translations unchanged (codes are language-free).
"""

import hashlib
import json
import zoneinfo

from django.apps import apps
from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks as wagtail_blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from . import localisation, timezones
from .blocks import BodyBlock, DocumentListBlock, KeyFigureBlock, PressContactBlock
from .choices import College
from .geo import parse_geojson_4326

__all__ = [
    "AboutPage",
    "ContactPage",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventSequence",
    "EventStatus",
    "KeyFiguresPage",
    "LegalPage",
    "PracticalSheetPage",
    "PressKitPage",
    "PressReleaseIndexPage",
    "PressReleasePage",
    "SuccessStoryPage",
    "TrainingCoursePage",
]

# --- Shared pieces ----------------------------------------------------------------------------------


def time_zone_choices():
    return list(timezones.choices())


def validate_time_zone(value):
    if not timezones.known(value):
        raise ValidationError(_("%(zone)s is not a known IANA time zone."), params={"zone": value})


class LeadImageMixin(models.Model):
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(_("caption"), max_length=250, blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=120, blank=True)

    lead_image_panels = [
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")],
            heading=_("Lead image"),
        )
    ]

    class Meta:
        abstract = True


class TaxonomyMixin(models.Model):
    themes = ParentalManyToManyField("portal.Theme", verbose_name=_("themes"), blank=True)
    regions = ParentalManyToManyField("portal.Region", verbose_name=_("world regions"), blank=True)
    objectives = ParentalManyToManyField("portal.Objective", verbose_name=_("strategic-plan objectives"), blank=True)

    taxonomy_panels = [
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("regions"), FieldPanel("objectives")],
            heading=_("Themes, regions and objectives"),
        )
    ]

    class Meta:
        abstract = True


def _intro_body_panels():
    return Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]


# --- News family ------------------------------------------------------------------------------------


class SuccessStoryPage(LeadImageMixin, TaxonomyMixin, Page):  # noqa: DJ008 - Page.__str__ (the title)
    """What a partner achieved on the ground, told as a story (listed with the news)."""

    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=400)
    place = models.CharField(_("where"), max_length=200, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = (
        Page.content_panels
        + [FieldPanel("date"), FieldPanel("summary"), FieldPanel("place")]
        + LeadImageMixin.lead_image_panels
        + [FieldPanel("body")]
        + TaxonomyMixin.taxonomy_panels
    )
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")


# --- Reference pages --------------------------------------------------------------------------------


class PracticalSheetPage(TaxonomyMixin, Page):  # noqa: DJ008 - Page.__str__ (the title)
    """A practical information sheet: how to join, how to apply to the call, how to describe a practice."""

    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("printable version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = (
        Page.content_panels
        + [FieldPanel("summary"), FieldPanel("body"), FieldPanel("document")]
        + TaxonomyMixin.taxonomy_panels
    )
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practical information sheet")
        verbose_name_plural = _("practical information sheets")


class KeyFiguresPage(Page):
    """The Initiative in figures."""

    intro = models.TextField(_("introduction"), blank=True)
    figures = StreamField(
        [("figure", KeyFigureBlock(label=_("key figure")))], blank=True, verbose_name=_("key figures")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("figures"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("key figures page")
        verbose_name_plural = _("key figures pages")


class TrainingCoursePage(TaxonomyMixin, Page):  # noqa: DJ008 - Page.__str__ (the title)
    """A training course offered for (or by) one college of partners."""

    college = models.CharField(_("college"), max_length=20, choices=College.choices)
    summary = models.TextField(_("summary"), max_length=400)
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    online = models.BooleanField(_("online"), default=False)
    registration_url = models.URLField(_("registration link"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("college"),
            FieldPanel("summary"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldRowPanel([FieldPanel("language"), FieldPanel("online")]),
            FieldPanel("registration_url"),
            FieldPanel("body"),
        ]
        + TaxonomyMixin.taxonomy_panels
    )
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="portal_trainingcourse_ends_after_start",
            )
        ]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})


class AboutPage(Page):
    """About the Initiative and its governance (Forum, Consortium, Bureau, STC, Secretariat)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    governance = StreamField(
        [
            (
                "body",
                wagtail_blocks.StructBlock(
                    [
                        ("name", wagtail_blocks.CharBlock(label=_("name"), max_length=120)),
                        ("description", wagtail_blocks.RichTextBlock(label=_("role and members"))),
                    ],
                    label=_("governing body"),
                    template="blocks/governing_body.html",
                ),
            )
        ],
        blank=True,
        verbose_name=_("governance"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("governance")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("about page")
        verbose_name_plural = _("about pages")


class ContactPage(Page):
    """A form to the secretariat. Served by portal.wagtail_hooks (the form and its view live in the
    form and view layers); the message is mailed once through portal.mail.send_once."""

    intro = models.TextField(_("introduction"), blank=True)
    recipient = models.EmailField(_("recipient"), help_text=_("The secretariat's address that receives the messages."))
    thanks = models.TextField(_("thank-you message"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("recipient"), FieldPanel("thanks")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")


class LegalPage(Page):
    """The privacy notice or the legal notice: a dedicated type so each exists once per site and the
    footer can find it by kind."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")
        LEGAL = "legal", _("Legal notice")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    last_updated = models.DateField(_("last updated"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("last_updated"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("privacy or legal notice")
        verbose_name_plural = _("privacy and legal notices")


# --- Press ------------------------------------------------------------------------------------------


class PressReleaseIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.PressReleasePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("press releases index")
        verbose_name_plural = _("press releases indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["releases"] = localisation.listed(PressReleasePage.objects.child_of(self)).order_by("-date", "-pk")[:50]
        return context


class PressReleasePage(TaxonomyMixin, Page):  # noqa: DJ008 - Page.__str__ (the title)
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    documents = StreamField([("documents", DocumentListBlock())], blank=True, verbose_name=_("documents"))
    contacts = StreamField([("contact", PressContactBlock())], blank=True, verbose_name=_("press contacts"))

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("date"),
            FieldPanel("summary"),
            FieldPanel("body"),
            FieldPanel("documents"),
            FieldPanel("contacts"),
        ]
        + TaxonomyMixin.taxonomy_panels
    )
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.PressReleaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")


class PressKitPage(Page):
    """What a journalist needs: downloadable files, key messages and whom to call."""

    intro = models.TextField(_("introduction"), blank=True)
    key_messages = StreamField(
        [("message", wagtail_blocks.TextBlock(label=_("key message")))], blank=True, verbose_name=_("key messages")
    )
    documents = StreamField([("documents", DocumentListBlock())], blank=True, verbose_name=_("downloadable files"))
    contacts = StreamField([("contact", PressContactBlock())], blank=True, verbose_name=_("contacts for journalists"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("key_messages"),
        FieldPanel("documents"),
        FieldPanel("contacts"),
    ]
    parent_page_types = ["portal.HomePage", "portal.PressReleaseIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("press kit")
        verbose_name_plural = _("press kits")


# --- Events -----------------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    REGIONAL_FORUM = "regional-forum", _("Regional forum")
    WEBINAR = "webinar", _("Webinar")
    FORUM = "forum", _("Forum meeting")
    CONSORTIUM = "consortium", _("Consortium meeting")
    STC = "stc", _("STC meeting")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other event")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
    MOVED_ONLINE = "moved-online", _("Moved online")


def wall_clock_in_zone(value, zone_name):
    """``value`` (aware, read in the current time zone) with the same wall-clock reading in
    ``zone_name`` instead."""
    naive = timezone.make_naive(value, timezone.get_current_timezone())
    return timezone.make_aware(naive, zoneinfo.ZoneInfo(zone_name))


class EventPageForm(WagtailAdminPageForm):
    """Editors type the start, end and registration deadline as wall-clock times in the event's own
    time zone (the time printed on the invitation), whatever their own time zone is; the place is
    GeoJSON in EPSG:4326, read through portal.geo."""

    LOCAL_FIELDS = ("start", "end", "registration_deadline")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self._zone(self.instance.time_zone)
        for name in self.LOCAL_FIELDS:
            value = getattr(self.instance, name, None)
            if value is not None and name in self.fields:
                self.initial[name] = timezone.make_naive(value, zone)
        if "place" in self.fields:
            self.fields["place"].help_text = _("A point on the map (GeoJSON, longitude/latitude).")

    @staticmethod
    def _zone(name):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            return timezone.get_current_timezone()

    def clean_place(self):
        value = self.data.get(self.add_prefix("place"))
        if not value or not str(value).strip():
            return None
        return parse_geojson_4326(value, allowed_types=["Point"])

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("time_zone")
        if timezones.known(name):
            for field in self.LOCAL_FIELDS:
                value = cleaned.get(field)
                if value is not None:
                    # The widget's value was read in the editor's time zone: keep the wall-clock
                    # reading and place it in the event's zone instead.
                    cleaned[field] = wall_clock_in_zone(value, name)
        return cleaned


class EventIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = localisation.listed(EventPage.objects.child_of(self)).select_related("region")
        filters = {
            "kind": dict(EventKind.choices),
            "region": {r.code: r.label for r in apps.get_model("portal", "Region").objects.all()},
            "language": dict(settings.LANGUAGES),
        }
        chosen = {}
        for name, options in filters.items():
            value = request.GET.get(name, "")
            if value in options:
                chosen[name] = value
        if "kind" in chosen:
            events = events.filter(kind=chosen["kind"])
        if "region" in chosen:
            events = events.filter(region__code=chosen["region"])
        if "language" in chosen:
            events = events.filter(language=chosen["language"])
        now = timezone.now()
        context["upcoming"] = events.filter(end__gte=now).order_by("start", "pk")[:100]
        context["past"] = events.filter(end__lt=now).order_by("-start", "-pk")[:50]
        context["filters"] = [
            {"name": name, "label": label, "options": list(filters[name].items()), "chosen": chosen.get(name, "")}
            for name, label in (("kind", _("Kind")), ("region", _("Region")), ("language", _("Language")))
        ]
        return context


class EventPage(TaxonomyMixin, Page):  # noqa: DJ008 - Page.__str__ (the title)
    """A regional forum, a webinar, a statutory meeting (Forum, Consortium, STC), a training."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    summary = models.TextField(_("summary"), max_length=400)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        validators=[validate_time_zone],
        default="Europe/Paris",
        help_text=_("Start, end and deadline are typed as local times in this zone."),
    )
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    place = gis_models.PointField(_("place on the map"), srid=4326, null=True, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    interpretation = models.CharField(
        _("interpretation"), max_length=200, blank=True, help_text=_("Languages of simultaneous interpretation.")
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    college = models.CharField(_("college"), max_length=20, choices=College.choices, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    agenda = StreamField(BodyBlock(), blank=True, verbose_name=_("agenda"))
    recording_url = models.URLField(_("recording"), blank=True, help_text=_("After the event: the video."))
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("After the event."),
    )

    base_form_class = EventPageForm
    content_panels = (
        Page.content_panels
        + [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
            FieldPanel("summary"),
            MultiFieldPanel(
                [
                    FieldPanel("time_zone"),
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                ],
                heading=_("When"),
            ),
            MultiFieldPanel(
                [FieldPanel("venue"), FieldPanel("place"), FieldPanel("online_url")],
                heading=_("Where"),
            ),
            FieldRowPanel([FieldPanel("registration_url"), FieldPanel("registration_deadline")]),
            FieldRowPanel([FieldPanel("language"), FieldPanel("interpretation")]),
            FieldRowPanel([FieldPanel("organiser"), FieldPanel("region"), FieldPanel("college")]),
            FieldPanel("body"),
            FieldPanel("agenda"),
            MultiFieldPanel([FieldPanel("recording_url"), FieldPanel("slides")], heading=_("Afterwards")),
        ]
        + [MultiFieldPanel([FieldPanel("themes"), FieldPanel("objectives")], heading=_("Themes and objectives"))]
    )
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="portal_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in EventStatus]), name="portal_event_status_known"
            ),
        ]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    # --- reading the times -------------------------------------------------------------------------

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    @property
    def is_past(self):
        return self.end < timezone.now()

    def ical_uid(self):
        """Stable across edits, moves and slug changes: the translation key and the language."""
        return f"event-{self.translation_key}-{self.locale.language_code}@4p1000.org"

    def ical_fingerprint(self):
        """What a calendar shows: when it changes on publication, SEQUENCE goes up (RFC 5545)."""
        parts = [
            self.title,
            self.summary,
            self.start.isoformat(),
            self.end.isoformat(),
            self.time_zone,
            self.status,
            self.venue,
            self.place.wkt if self.place else "",
            self.online_url,
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    @property
    def sequence(self):
        record = EventSequence.objects.filter(page_id=self.pk).only("sequence").first()
        return record.sequence if record else 0

    def json_ld(self, request=None):
        """schema.org Event, for search engines (serialised safely by the cms_tags ld_json filter)."""
        attendance = {
            "online": "https://schema.org/OnlineEventAttendanceMode",
            "offline": "https://schema.org/OfflineEventAttendanceMode",
            "mixed": "https://schema.org/MixedEventAttendanceMode",
        }
        in_person = bool(self.venue or self.place) and self.status != EventStatus.MOVED_ONLINE
        online = bool(self.online_url) or self.status == EventStatus.MOVED_ONLINE
        mode = "mixed" if in_person and online else ("online" if online else "offline")
        statuses = {
            EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
            EventStatus.POSTPONED: "https://schema.org/EventPostponed",
            EventStatus.CANCELLED: "https://schema.org/EventCancelled",
            EventStatus.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
        }
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": self.local_start.isoformat(),
            "endDate": self.local_end.isoformat(),
            "eventStatus": statuses.get(self.status, statuses[EventStatus.SCHEDULED]),
            "eventAttendanceMode": attendance[mode],
            "inLanguage": self.language,
        }
        locations = []
        if in_person:
            place = {"@type": "Place", "name": self.venue or self.title}
            if self.place:
                place["geo"] = {"@type": "GeoCoordinates", "latitude": self.place.y, "longitude": self.place.x}
            locations.append(place)
        if online and self.online_url:
            locations.append({"@type": "VirtualLocation", "url": self.online_url})
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        if self.organiser:
            data["organizer"] = {"@type": "Organization", "name": self.organiser}
        url = self.get_full_url(request)
        if url:
            data["url"] = url
        return data


class EventSequence(models.Model):
    """The iCalendar SEQUENCE of an event page, kept outside its revisions (a revision carries the
    values it was saved with; a counter there would go back when an older draft is published).
    Incremented by portal.services.record_event_publication when a published revision changes what
    a calendar shows."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("page")
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("event calendar sequence")
        verbose_name_plural = _("event calendar sequences")

    def __str__(self):
        return f"{self.page_id}: {self.sequence}"
