"""Accounts and the CMS pages of the site shell."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from . import localisation
from .blocks import BodyBlock


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. The e-mail address is the login; there is no user name."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("E-mails from the portal are written in this language."),
    )
    # The name other members see (forum, member directory, knowledge bank); never the e-mail address.
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name other members see on the portal. Your e-mail address is never shown."),
    )
    # Set when the account was erased but its row must stay (proposals kept for the call's record,
    # reviews whose scores still count): the row then holds no personal data (portal.privacy).
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _label in settings.LANGUAGES]),
                name="portal_user_language_known",
            ),
        ]

    def __str__(self):
        if self.erased_at:
            return str(_("Former member"))
        return self.get_full_name() or self.email

    @property
    def public_name(self):
        """What other people see of this person: the display name, else the full name, else a neutral
        label; never the e-mail address. An erased account is a "former member"."""
        if self.erased_at:
            return _("Former member")
        return self.display_name or self.get_full_name() or _("Member %(number)s") % {"number": self.pk}


class HomePage(Page):
    """The home page of one locale: news, key figures and the map teaser."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.NewsIndexPage",
        "portal.StandardPage",
        "portal.EventIndexPage",
        "portal.PressReleaseIndexPage",
        "portal.PressKitPage",
        "portal.KeyFiguresPage",
        "portal.PracticalSheetPage",
        "portal.TrainingCoursePage",
        "portal.AboutPage",
        "portal.ContactPage",
        "portal.LegalPage",
        # The knowledge bank (its own app; a model named by string, portal imports no domain app).
        "knowledge.KnowledgeIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .pages import EventPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = localisation.listed(NewsPage.objects.filter(locale=self.locale)).order_by(
            "-date", "-pk"
        )[:3]
        context["next_events"] = (
            localisation.listed(EventPage.objects.filter(locale=self.locale, end__gte=timezone.now()))
            .select_related("region")
            .order_by("start", "pk")[:3]
        )
        return context


class StandardPage(Page):
    """A plain content page (about, the Initiative, legal notices)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage", "portal.AboutPage"]
    subpage_types = [
        "portal.StandardPage",
        "portal.PracticalSheetPage",
        "portal.KeyFiguresPage",
        "portal.TrainingCoursePage",
    ]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage", "portal.SuccessStoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from .pages import SuccessStoryPage

        context = super().get_context(request, *args, **kwargs)
        context["news"] = (
            localisation.listed(NewsPage.objects.child_of(self))
            .select_related("lead_image")
            .order_by("-date", "-pk")[:50]
        )
        context["stories"] = localisation.listed(SuccessStoryPage.objects.child_of(self)).order_by("-date", "-pk")[:12]
        return context


class NewsPage(Page):
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=400)
    body = RichTextField(_("body"), blank=True)
    author = models.CharField(_("author"), max_length=150, blank=True)
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
    themes = ParentalManyToManyField("portal.Theme", verbose_name=_("themes"), blank=True, related_name="news")
    regions = ParentalManyToManyField("portal.Region", verbose_name=_("world regions"), blank=True, related_name="news")
    objectives = ParentalManyToManyField(
        "portal.Objective", verbose_name=_("strategic-plan objectives"), blank=True, related_name="news"
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("author"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")],
            heading=_("Lead image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("regions"), FieldPanel("objectives")],
            heading=_("Themes, regions and objectives"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class Vocabulary(models.Model):
    """A controlled term with a stable code and a translated label (DESIGN.md: vocabularies are data)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self):
        return self.label


class Theme(Vocabulary):
    """Activities and interests shared by partners' sheets, practices and initiatives."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Region(Vocabulary):
    """The world regions used by the Initiative (regional correspondents, maps, statistics)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("world region")
        verbose_name_plural = _("world regions")


class Objective(Vocabulary):
    """An objective of the Initiative's strategic plan (A1…F3), shared by news, events, initiatives and
    practices. The code is the plan's number in lower case ("a6"); the label starts with it."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("strategic-plan objective")
        verbose_name_plural = _("strategic-plan objectives")


class SentMail(models.Model):
    """One mail the portal decided to send (portal.mail.send_once), kept as a record.

    The unique ``key`` names the occasion ("partners:stale-sheet:12:2025-03-01:1:7"): inserting it is
    what claims the right to send, so the same reminder is never sent twice, even by two workers.
    ``sent_at`` is set once the mail server accepted the message."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    # The address, until the body is pruned (portal.privacy.prune, MAIL_BODY_RETENTION_DAYS) or the
    # person is erased; ``recipient`` (a keyed hash of the address) is what stays after that.
    to = models.EmailField(_("recipient"), blank=True)
    recipient = models.CharField(_("recipient reference"), max_length=64, blank=True, db_index=True)
    template = models.CharField(_("template"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    # The rendered message (subject, text, html, headers): the task sends it from here, so a lost
    # broker message can be sent again from the database.
    payload = models.JSONField(_("message"), default=dict)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    # A worker claims the mail before talking to the mail server: a second worker (a task delivered
    # twice) finds it claimed and does nothing; a claim older than the timeout is a dead worker's.
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # When the address, subject and message were removed (retention period or erasure): the key and
    # the dates stay, so the mail is still never sent twice.
    pruned_at = models.DateTimeField(_("pruned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _label in settings.LANGUAGES]),
                name="portal_sentmail_language_known",
            ),
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(sent_at__gte=models.F("queued_at")),
                name="portal_sentmail_sent_after_queued",
            ),
        ]
        indexes = [
            models.Index(fields=["queued_at"], condition=models.Q(sent_at__isnull=True), name="portal_sentmail_unsent"),
            # What the pruning task looks for: mails not pruned yet, oldest first.
            models.Index(
                fields=["queued_at"], condition=models.Q(pruned_at__isnull=True), name="portal_sentmail_unpruned"
            ),
        ]

    def __str__(self):
        return self.key


class AuditEvent(models.Model):
    """Who did what, when, to which object: the one audit trail of every app, written through
    ``portal.audit.record`` and read by the secretariat in the Django admin. ``actor`` is empty for
    what the system did by itself (a beat task, an automatic reassignment)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    verb = models.CharField(_("what"), max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("object type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=250)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="portal_audit_target")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_repr}"


class SecurityEvent(models.Model):
    """One line of the security log (portal.securitylog): sign-ins and failures, lockouts, permission
    denials, downloads, erasures. Times in UTC; never a password, token, message body or secret. The
    person is named by account id only (``user_id``, no foreign key: the line outlives the account);
    a failed sign-in keeps no typed address. Read by the secretariat in the Django admin; lines older
    than SECURITY_LOG_RETENTION_DAYS are pruned by the daily privacy task. Staff decisions are in
    the audit trail (AuditEvent)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOCKED_OUT = "locked_out", _("locked out")
        LOGOUT = "logout", _("signed out")
        DENIED = "denied", _("permission denied")
        EXPORT = "export", _("download")
        ERASURE = "erasure", _("erasure")

    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    user_id = models.PositiveBigIntegerField(_("account id"), null=True, blank=True, db_index=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when (UTC)"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["login", "login_failed", "locked_out", "logout", "denied", "export", "erasure"]
                ),
                name="portal_securityevent_kind_known",
            )
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.kind} {self.user_id or '-'} {self.path}"


# The CMS page types beyond home, standard and news (portal/pages.py); imported last because they use
# the vocabularies above.
from .pages import *  # noqa: E402, F401, F403
