"""The annual call for projects: calls and their criteria, proposals, STC review, decisions, funders.

Models are thin: fields, database constraints, ``__str__`` and URLs. Every state change goes through
``projects.services``; who may see what is in ``projects.rules``.
"""

import datetime
import uuid
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal import timezones
from portal.storage import private_storage

# A decided call stays in the "decided" phase for this long, then it is archived.
ARCHIVE_AFTER = datetime.timedelta(days=365)


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open for submissions")
    REVIEWING = "reviewing", _("under review")
    DECIDED = "decided", _("decided")
    ARCHIVED = "archived", _("archived")


# The secretariat that runs the call works in Paris and has always announced its deadlines in Paris
# time (midnight CET/CEST); a call abroad can pick another zone. UTC is shown beside it everywhere.
DEFAULT_CALL_TIME_ZONE = "Europe/Paris"


def time_zone_choices():
    return list(timezones.choices())


def validate_time_zone(value):
    if not timezones.known(value):
        raise ValidationError(_("%(zone)s is not a known IANA time zone."), params={"zone": value})


class Call(models.Model):
    """One year's international call for projects. Its phase follows its dates.

    The dates are stored as aware datetimes (UTC in the database) and compared as such; ``time_zone``
    is the zone in which the secretariat sets and announces them (pages and mails show that zone and
    UTC beside it)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    rules = models.TextField(_("rules"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    submission_deadline = models.DateTimeField(_("submission deadline"))
    review_deadline = models.DateTimeField(_("review deadline"))
    decision_date = models.DateTimeField(_("decision date"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        validators=[validate_time_zone],
        default=DEFAULT_CALL_TIME_ZONE,
        help_text=_("The dates are typed and announced as local times in this zone (UTC is shown beside them)."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    decisions_published_at = models.DateTimeField(_("decisions published at"), null=True, blank=True)
    # Set when the chair closes reviewing before the review deadline (services.close_reviewing).
    reviewing_closed_at = models.DateTimeField(_("reviewing closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("submission_deadline"))
                & Q(submission_deadline__lte=models.F("review_deadline"))
                & Q(review_deadline__lte=models.F("decision_date")),
                name="projects_call_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000), name="projects_call_year_plausible"),
        ]

    def __str__(self):
        return f"{self.year} · {self.title}"

    def get_absolute_url(self):
        return reverse("projects:call", kwargs={"year": self.year})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def phase_at(self, moment):
        if moment < self.opens_at:
            return Phase.UPCOMING
        if moment < self.submission_deadline:
            return Phase.OPEN
        if moment < self.decision_date:
            return Phase.REVIEWING
        if moment < self.decision_date + ARCHIVE_AFTER:
            return Phase.DECIDED
        return Phase.ARCHIVED

    @property
    def phase(self):
        return self.phase_at(timezone.now())

    def get_phase_display(self):
        return Phase(self.phase).label

    @property
    def is_open(self):
        """Proposals can be started and submitted: within the dates, decisions not published yet."""
        return self.phase == Phase.OPEN and not self.decisions_published

    @property
    def decisions_published(self):
        return self.decisions_published_at is not None

    def reviewing_closed_on(self, moment):
        """Reviewing is over once the review deadline has passed or the chair closed it."""
        return self.reviewing_closed_at is not None or moment >= self.review_deadline

    @property
    def reviewing_closed(self):
        return self.reviewing_closed_on(timezone.now())


class CriterionGroup(models.Model):
    """A family of criteria: soil organic carbon impact, food security, adaptation and resilience..."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criterion_groups", verbose_name=_("call"))
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="projects_group_code_unique_per_call")]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """One indicator or criterion, with its scale, labelled levels, weight and use."""

    class Use(models.TextChoices):
        SELF = "self", _("self-assessment only")
        STC = "stc", _("STC score only")
        BOTH = "both", _("self-assessment and STC score")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    group = models.ForeignKey(
        CriterionGroup, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("group")
    )
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    # One label per line, from the lowest level of the scale upwards.
    level_labels = models.TextField(_("level labels"), blank=True, help_text=_("One label per line, lowest first."))
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    use = models.CharField(_("used for"), max_length=8, choices=Use.choices, default=Use.BOTH)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["group__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="projects_criterion_code_unique_per_call"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="projects_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_min__lt=models.F("scale_max")), name="projects_criterion_scale"),
            models.CheckConstraint(condition=Q(use__in=["self", "stc", "both"]), name="projects_criterion_use_known"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.group_id and self.call_id and self.group.call_id != self.call_id:
            raise ValidationError({"group": _("The group belongs to another call.")})

    @property
    def levels(self):
        """[(value, label)] for every point of the scale; unlabelled points get their number."""
        labels = [line.strip() for line in (self.level_labels or "").splitlines() if line.strip()]
        out = []
        for index, value in enumerate(range(self.scale_min, self.scale_max + 1)):
            label = labels[index] if index < len(labels) else ""
            out.append((value, f"{value} – {label}" if label else str(value)))
        return out

    def in_scale(self, value):
        return value is not None and self.scale_min <= value <= self.scale_max


class SelfAssessment(models.Model):
    """Answers of an applicant to the self-assessment of a call, saved to their account."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="self_assessments", verbose_name=_("call"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessments", verbose_name=_("owner")
    )
    answers = models.JSONField(_("answers"), default=dict)  # {criterion code: value}
    result = models.DecimalField(_("weighted result (%)"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(result__gte=0) & Q(result__lte=100), name="projects_selfassessment_pct")
        ]

    def __str__(self):
        return f"{self.call.year} · {self.owner} · {self.result} %"


class Proposal(models.Model):
    """A project submitted (or being drafted) for a call by its owner."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        DECIDED = "decided", _("decided")
        # The owner took it back after submitting, before the decisions were published.
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Decision(models.TextChoices):
        BLANK = "", _("no decision yet")
        POSITIVE = "positive", _("positive")
        NEGATIVE = "negative", _("negative")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("call"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("owner")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    practices = models.ManyToManyField(
        "practices.Practice", blank=True, related_name="proposals", verbose_name=_("practices used")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    country = CountryField(_("country"), blank=True)
    # Reviewers are chosen among those who read it; the form starts from the applicant's language.
    language = models.CharField(
        _("language of the proposal"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    location = gis_models.PointField(_("location"), srid=4326, null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    expected_soc_outcome = models.TextField(_("expected soil organic carbon outcome"), blank=True)
    mrv_plan = models.TextField(_("measurement, reporting and verification plan"), blank=True)
    requested_amount = models.DecimalField(
        _("requested amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    co_funding = models.DecimalField(_("co-funding"), max_digits=12, decimal_places=2, default=Decimal("0"))
    consent = models.BooleanField(_("declaration of consent"), default=False)
    self_assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("self-assessment"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Raised by each submission (1 for the first); a reopened draft keeps the number it was submitted as.
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The chair stages a decision here; applicants and funders see it once the call's decisions are published.
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default="", blank=True)
    feedback_to_applicant = models.TextField(_("STC feedback to the applicant"), blank=True)
    decision_mailed_at = models.DateTimeField(_("decision mailed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "decided", "withdrawn"]),
                name="projects_proposal_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="withdrawn", withdrawn_at__isnull=False)
                | (~Q(status="withdrawn") & Q(withdrawn_at__isnull=True)),
                name="projects_proposal_withdrawn_dated",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["", "positive", "negative"]), name="projects_proposal_decision_known"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="projects_proposal_submitted_dated"
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | ~Q(decision=""), name="projects_proposal_decided_has_decision"
            ),
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gte=0),
                name="projects_proposal_requested_not_negative",
            ),
            models.CheckConstraint(condition=Q(co_funding__gte=0), name="projects_proposal_cofunding_not_negative"),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _label in settings.LANGUAGES]),
                name="projects_proposal_language_known",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(version__gte=1), name="projects_proposal_submitted_has_version"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:proposal", kwargs={"pk": self.pk})

    @property
    def reopened(self):
        """A draft that was submitted before and taken back by its owner for changes."""
        return self.status == self.Status.DRAFT and self.version > 0


class ProposalSubmission(models.Model):
    """One submission of a proposal: its version number, when and by whom, and what was submitted
    (a snapshot of the fields, budget lines and documents, as the receipt listed them)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("proposal")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    snapshot = models.JSONField(_("what was submitted"), default=dict)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["proposal", "version"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "version"], name="projects_submission_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="projects_submission_version_positive"),
        ]

    def __str__(self):
        return f"{self.proposal} · v{self.version}"


# An invitation to join a proposal can be accepted for this long after it was sent.
INVITATION_VALID_FOR = datetime.timedelta(days=30)


class ProposalMemberQuerySet(models.QuerySet):
    def accepted(self):
        """Co-applicants who accepted their invitation and were not revoked since."""
        return self.filter(user__isnull=False, revoked_at__isnull=True)


class ProposalMember(models.Model):
    """A co-applicant of a proposal: invited by e-mail by the owner, with read or write access.

    The row is the invitation and, once accepted, the membership. The link mailed to the invitee
    carries a signature of ``key`` (random; the address is not in it). A revoked row is kept for the
    record; inviting the same address again reuses it with a new key."""

    class Access(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and edit the draft")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="members", verbose_name=_("proposal"))
    email = models.EmailField(_("e-mail address"))
    access = models.CharField(_("access"), max_length=8, choices=Access.choices, default=Access.READ)
    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposal_memberships",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ProposalMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-applicant")
        verbose_name_plural = _("co-applicants")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint("proposal", Lower("email"), name="projects_member_one_per_address"),
            models.UniqueConstraint(
                fields=["proposal", "user"], condition=Q(user__isnull=False), name="projects_member_one_per_user"
            ),
            models.CheckConstraint(condition=Q(access__in=["read", "write"]), name="projects_member_access_known"),
            models.CheckConstraint(
                condition=Q(user__isnull=True, accepted_at__isnull=True)
                | Q(user__isnull=False, accepted_at__isnull=False),
                name="projects_member_accepted_dated",
            ),
        ]

    def __str__(self):
        return f"{self.proposal} · {self.email}"

    @property
    def expires_at(self):
        return self.invited_at + INVITATION_VALID_FOR

    def has_expired(self, now=None):
        """An invitation not accepted within INVITATION_VALID_FOR can no longer be accepted."""
        return self.user_id is None and (now or timezone.now()) > self.expires_at


class BudgetLine(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("proposal")
    )
    label = models.CharField(_("budget item"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="projects_budgetline_not_negative")]

    def __str__(self):
        return f"{self.label}: {self.amount}"


class Assignment(models.Model):
    """A reviewer asked to review a proposal. The conflict of interest is declared before anything else."""

    class Conflict(models.TextChoices):
        UNKNOWN = "unknown", _("not declared yet")
        NO = "no", _("no conflict of interest")
        YES = "yes", _("conflict of interest")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("proposal")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("reviewer")
    )
    conflict = models.CharField(_("conflict of interest"), max_length=8, choices=Conflict.choices, default="unknown")
    conflict_declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["proposal", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="projects_assignment_unique"),
            models.CheckConstraint(
                condition=Q(conflict__in=["unknown", "no", "yes"]), name="projects_assignment_conflict_known"
            ),
            models.CheckConstraint(
                condition=Q(conflict="unknown") | Q(conflict_declared_at__isnull=False),
                name="projects_assignment_conflict_dated",
            ),
        ]

    def __str__(self):
        return f"{self.proposal} · {self.reviewer}"


class ReviewLanguage(models.Model):
    """A language an STC member reviews proposals in (one row per language). A member who declared
    none is taken to review in their preferred language (``User.language``)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_languages", verbose_name=_("reviewer")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("review language")
        verbose_name_plural = _("review languages")
        ordering = ["reviewer", "language"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "language"], name="projects_reviewlanguage_unique"),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _label in settings.LANGUAGES]),
                name="projects_reviewlanguage_known",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} · {self.language}"


class Review(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    class Recommendation(models.TextChoices):
        BLANK = "", _("no recommendation yet")
        FUND = "fund", _("fund")
        FUND_WITH_CHANGES = "fund_with_changes", _("fund with changes")
        DO_NOT_FUND = "do_not_fund", _("do not fund")

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review", verbose_name=_("assignment")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, default="", blank=True
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), null=True, blank=True, choices=[(n, str(n)) for n in range(1, 6)]
    )
    confidential_comment = models.TextField(_("confidential comment to the STC"), blank=True)
    feedback = models.TextField(_("feedback to the applicant"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "submitted"]), name="projects_review_status_known"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(submitted_at__isnull=False) & ~Q(recommendation="")),
                name="projects_review_submitted_complete",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=1, confidence__lte=5),
                name="projects_review_confidence_range",
            ),
        ]

    def __str__(self):
        return f"{_('Review')} · {self.assignment}"


class Score(models.Model):
    """A reviewer's score on one criterion. The scale is checked by services (it lives on the criterion)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    # Empty only in a draft (a comment typed before the score); services refuse to submit without it.
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="projects_score_unique")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"

    def clean(self):
        if self.criterion_id and self.value is not None and not self.criterion.in_scale(self.value):
            raise ValidationError(
                {
                    "value": _("Choose a score between %(min)s and %(max)s.")
                    % {"min": self.criterion.scale_min, "max": self.criterion.scale_max}
                }
            )


class FunderInterest(models.Model):
    class Kind(models.TextChoices):
        INTEREST = "interest", _("interested in the project")
        FEASIBILITY = "feasibility", _("offer to support a feasibility study")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="funder_interests", verbose_name=_("proposal")
    )
    funder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funder_interests", verbose_name=_("funder")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INTEREST)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("expressed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("funder interest")
        verbose_name_plural = _("funder interests")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "funder"], name="projects_funderinterest_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["interest", "feasibility"]), name="projects_funderinterest_kind_known"
            ),
        ]

    def __str__(self):
        return f"{self.funder} → {self.proposal}"


class Reminder(models.Model):
    """A reminder mail sent (or being sent) to one person for one call, kind and step. The unique
    constraint is what makes each reminder go out once, even when two workers run the task."""

    class Kind(models.TextChoices):
        DRAFT = "draft", _("unsubmitted draft")
        REVIEW = "review", _("pending review")

    class Step(models.TextChoices):
        WEEK = "7d", _("7 days before the deadline")
        DAY = "1d", _("1 day before the deadline")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("call"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    step = models.CharField(_("step"), max_length=4, choices=Step.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "call", "kind", "step"], name="projects_reminder_once"),
            models.CheckConstraint(condition=Q(kind__in=["draft", "review"]), name="projects_reminder_kind_known"),
            models.CheckConstraint(condition=Q(step__in=["7d", "1d"]), name="projects_reminder_step_known"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.kind} · {self.step}"


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _document_path(instance, filename):
    # A random name: the file is only ever served through the permission-checked download view.
    return f"proposals/{uuid.uuid4().hex}.pdf"


class ProposalDocument(models.Model):
    """A PDF attached to a proposal (checked by content and size before it is stored)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="documents", verbose_name=_("proposal")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("PDF file"), upload_to=_document_path, storage=private_storage)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=MAX_DOCUMENT_BYTES), name="projects_document_size"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:document", kwargs={"pk": self.proposal_id, "document": self.pk})
