"""Newsletter: subscribers (double opt-in), trilingual editions and one Delivery per edition and
subscriber. An edition's content is either a NewsletterPage composed in the CMS (one translation per
locale, wagtail-localize) or, for older editions, its own modeltranslation fields and Section rows."""

import functools
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.blocks import NewsletterSectionsBlock
from portal.blocks import region_choices as _region_choices  # noqa: F401 - named by migration 0003
from portal.blocks import theme_choices as _theme_choices  # noqa: F401 - named by migration 0003
from portal.models import Region, Theme

LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        ACTIVE = "active", _("active")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        SUPPRESSED = "suppressed", _("suppressed")

    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("regions"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    # Tokens sign this random key, never the address or the primary key.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("key"))
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_ip = models.GenericIPAddressField(_("consent given from"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscriptions",
        verbose_name=_("user"),
    )
    # Also (or only) the weekly digest of the press review (newsletter/press.py).
    press_review = models.BooleanField(_("weekly press review"), default=False)
    soft_bounces = models.PositiveIntegerField(_("soft bounces"), default=0)
    hard_bounces = models.PositiveIntegerField(_("hard bounces"), default=0)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique"),
            # Proof of consent: nobody is active without a recorded confirmation.
            models.CheckConstraint(
                condition=~Q(status="active") | Q(consent_at__isnull=False),
                name="newsletter_subscriber_active_has_consent",
            ),
            models.CheckConstraint(
                condition=Q(language__in=list(settings.LANGUAGE_CODES)), name="newsletter_subscriber_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "active", "unsubscribed", "suppressed"]),
                name="newsletter_subscriber_status_valid",
            ),
        ]

    def __str__(self):
        return self.email


class NewsletterIndexPage(Page):
    """Where the newsletter pages of one locale are kept. It sits at the root of the tree, outside every
    site: a newsletter is read in the mailbox and in the archive (/newsletter/archive/), not as a page."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsletter.NewsletterPage"]

    class Meta:
        verbose_name = _("newsletter folder")

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        return redirect("newsletter:archive")


class NewsletterPage(Page):
    """A newsletter composed in the CMS. Its translation in a locale is the newsletter in that language;
    the secretariat makes an Edition of it to send (newsletter/editions/new/)."""

    subject = models.CharField(_("subject"), max_length=200, help_text=_("The subject line of the e-mail."))
    intro = models.TextField(_("introduction"), blank=True)
    sections = StreamField(NewsletterSectionsBlock(), blank=True, verbose_name=_("sections"))

    content_panels = Page.content_panels + [FieldPanel("subject"), FieldPanel("intro"), FieldPanel("sections")]
    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []
    preview_modes = [("", _("E-mail"))]

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def serve(self, request, *args, **kwargs):
        # Read in the archive once sent; before that the page has no public address.
        from django.http import Http404
        from django.shortcuts import redirect

        edition = self.source_editions().filter(status="sent").first()
        if edition is None:
            raise Http404
        return redirect("newsletter:archive_detail", edition.key)

    def serve_preview(self, request, mode_name):
        """The CMS preview is the e-mail as readers of this page's language get it (this very object: a
        draft shows as it would be mailed). content and rendering import no model, so no circle."""
        from django.http import HttpResponse

        from .content import from_page
        from .rendering import render_content

        edition = self.source_editions().exclude(status=Edition.Status.CANCELLED).first()
        return HttpResponse(render_content(edition, from_page(self), unsubscribe="#").html)

    @classmethod
    def published_translations(cls, translation_key):
        """The published translations of one newsletter (aliases, which only mirror another locale, are
        not translations): what readers of those languages get."""
        return cls.objects.filter(translation_key=translation_key, live=True, alias_of__isnull=True)

    def source_editions(self):
        return Edition.objects.filter(page__translation_key=self.translation_key)


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENDING = "sending", _("sending")
        PAUSED = "paused", _("paused")
        CANCELLED = "cancelled", _("cancelled")
        SENT = "sent", _("sent")

    title = models.CharField(_("internal title"), max_length=200)
    key = models.SlugField(_("key"), max_length=80, unique=True, help_text=_("The same in every language."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Translated (modeltranslation): subject_en/fr/es, intro_en/fr/es.
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    # Composed in the CMS: the content comes from this page's translation in the reader's language.
    page = models.ForeignKey(
        NewsletterPage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("newsletter page"),
    )
    by_interest = models.BooleanField(
        _("only the sections matching the reader's interests"),
        default=False,
        help_text=_("Sections without a theme or region go to everyone; readers who chose no interest get everything."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "sending", "paused", "cancelled", "sent"]),
                name="newsletter_edition_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(finished_at__isnull=False),
                name="newsletter_edition_sent_has_finished_at",
            ),
            # One newsletter page is sent once: a second edition only after the first was cancelled.
            models.UniqueConstraint(
                fields=["page"], condition=~Q(status="cancelled"), name="newsletter_edition_one_per_page"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletter:edition", args=[self.pk])

    def languages(self):
        """The languages this edition is written in (others fall back to English): those with a subject,
        or, composed in the CMS, those with a published translation of the page (not an alias)."""
        if self.page_id is not None:
            written = set(
                NewsletterPage.published_translations(self.page.translation_key).values_list(
                    "locale__language_code", flat=True
                )
            )
            return [code for code, _label in LANGUAGE_CHOICES if code in written]
        return [code for code, _label in LANGUAGE_CHOICES if getattr(self, f"subject_{code}", "")]


class Section(models.Model):
    """A part of an edition (success story, key figures, news from the regions...)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Translated: title_en/fr/es, body_en/fr/es.
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        CLAIMED = "claimed", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("edition"))
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscriber")
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    claimed_by = models.CharField(max_length=100, blank=True, verbose_name=_("claimed by"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    # A temporary failure waits until then before it is claimed again (backoff).
    not_before = models.DateTimeField(null=True, blank=True, verbose_name=_("not before"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    error = models.TextField(blank=True, verbose_name=_("error"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["edition", "subscriber"], name="newsletter_delivery_once"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="newsletter_delivery_sent_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="claimed") | Q(claimed_at__isnull=False),
                name="newsletter_delivery_claimed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "claimed", "sent", "failed"]), name="newsletter_delivery_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="newsletter_delivery_progress")]

    def __str__(self):
        return f"{self.edition_id}/{self.subscriber_id}: {self.status}"


# Query parameters that only say where a reader came from: the same article with or without them is
# the same article.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "xtor")


def article_key(url):
    """``url`` reduced to what names the article: no scheme, "www.", fragment, trailing slash or
    tracking parameters, host in lower case, remaining parameters sorted."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit((url or "").strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(TRACKING_PARAMETERS)
    )
    return host + (parts.path.rstrip("/") or "") + (f"?{urlencode(query)}" if query else "")


class PressItem(models.Model):
    """An article in the press review: the secretariat (anywhere) and regional correspondents (for
    their region) add it on /newsletter/press/add/ (newsletter.press.add_press_item), the secretariat
    also in the Django admin; it appears on /newsletter/press/ at once, and in the weekly issue of the
    ISO week it was added in (/newsletter/press/weeks/<week>/, the page the digest mails). The title is
    in the article's own language; the short summary is translated (summary_en/fr/es, modeltranslation)."""

    title = models.CharField(_("title"), max_length=300, help_text=_("As published, in the article's language."))
    source = models.CharField(_("source"), max_length=200, help_text=_("The newspaper, magazine or site."))
    url = models.URLField(_("address of the article"), max_length=500, unique=True)
    published_on = models.DateField(_("publication date"))
    language = models.CharField(_("language of the article"), max_length=2, choices=LANGUAGE_CHOICES)
    # Any one language is enough (clean); readers of the others get modeltranslation's fallback.
    summary = models.TextField(_("short summary"), max_length=600, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("world region"),
        help_text=_("The region the article is about, if it is about one."),
    )
    # The weekly digest takes the items added during the past week, whatever their publication date.
    added = models.DateTimeField(_("added"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("press review item")
        verbose_name_plural = _("press review")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=list(settings.LANGUAGE_CODES)), name="newsletter_pressitem_language_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def earlier_entry(self):
        """The item already in the review for the same article (``article_key``), or None."""
        key = article_key(self.url)
        if not key:
            return None
        host_and_path = key.split("?", 1)[0].split("/", 1)[-1] or key
        candidates = PressItem.objects.filter(url__icontains=host_and_path).exclude(pk=self.pk)
        return next((item for item in candidates if article_key(item.url) == key), None)

    def clean(self):
        from django.core.exceptions import ValidationError

        fields = [f"summary_{code}" for code in settings.LANGUAGE_CODES]
        if not any((getattr(self, field, None) or "").strip() for field in fields):
            raise ValidationError({fields[0]: _("Write the short summary in at least one language.")})
        earlier = self.earlier_entry()
        if earlier is not None:
            raise ValidationError(
                {
                    "url": _(
                        "This article is already in the press review: “%(title)s” (%(source)s, %(date)s), "
                        "added on %(added)s."
                    )
                    % {
                        "title": earlier.title,
                        "source": earlier.source,
                        "date": earlier.published_on.isoformat(),
                        "added": timezone.localtime(earlier.added).date().isoformat(),
                    }
                }
            )


def media_language_choices():
    """The languages a journalist may write in: the portal's and the other languages Django names
    (ISO 639-1 codes), each in the reader's language."""
    from django.utils.translation import get_language

    return _media_language_choices(get_language() or "en")


@functools.lru_cache(maxsize=8)
def _media_language_choices(_active_language):
    from django.conf.locale import LANG_INFO
    from django.utils.translation import gettext

    portal = [code for code, _label in LANGUAGE_CHOICES]
    others = sorted(
        (code for code, info in LANG_INFO.items() if "-" not in code and "name" in info and code not in portal),
        key=lambda code: gettext(LANG_INFO[code]["name"]),
    )
    return [(code, gettext(LANG_INFO[code]["name"])) for code in portal + others]


class MediaContact(models.Model):
    """A journalist or an outlet's desk the secretariat writes to (press releases, invitations). The
    secretariat's only: no one else reads or exports them (newsletter.manage_media_contacts). These
    people have no account; on request the secretariat erases a contact by deleting it (the list's
    edit page or the Django admin)."""

    name = models.CharField(_("name"), max_length=200)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True, help_text=_("Newspaper, magazine, radio, site."))
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    # ISO 639-1 codes separated by commas ("en,fr"), portable across PostgreSQL and SQLite.
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    beats = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("beats"))
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("world region")
    )
    notes = models.TextField(_("notes"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="newsletter_mediacontact_email_unique",
                violation_error_message=_("A media contact with this e-mail address already exists."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.outlet})" if self.outlet else self.name

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    def language_names(self):
        names = dict(media_language_choices())
        return [names.get(code, code) for code in self.language_codes]
