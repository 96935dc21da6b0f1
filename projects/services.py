"""Every state change of the call: copying a call, self-assessments, proposals, review, decisions,
funder interest. Each function is transactional and records its event in the audit trail
(portal.audit); actors are keyword-only."""

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal

import rules
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit, roles
from portal.mail import recipient_reference, send_once
from portal.models import User

from . import queries
from .models import (
    Assignment,
    BudgetLine,
    Call,
    Criterion,
    FunderInterest,
    Phase,
    Proposal,
    ProposalDocument,
    ProposalMember,
    ProposalSubmission,
    Reminder,
    Review,
    ReviewLanguage,
    Score,
    SelfAssessment,
)


def _same_day_in(moment, years, zone):
    """The same wall-clock time in ``zone``, ``years`` later: a deadline announced at 23:59 Paris time
    stays 23:59 Paris time, whichever side of a daylight-saving change it falls on next year."""
    local = timezone.localtime(moment, zone).replace(tzinfo=None)
    try:
        local = local.replace(year=local.year + years)
    except ValueError:  # 29 February
        local = local.replace(year=local.year + years, day=28)
    return timezone.make_aware(local, zone)


@transaction.atomic
def copy_call(previous, year, *, by=None):
    """Create the call of ``year`` from ``previous``: translated texts, currency, time zone, criteria
    and their groups are copied; the dates move by the number of years between the two calls, at the
    same local time in the call's zone."""
    shift = year - previous.year
    translated = {}
    for field in ("title", "rules"):
        for code in settings.LANGUAGE_CODES:
            name = f"{field}_{code}"
            value = getattr(previous, name) or ""
            translated[name] = value.replace(str(previous.year), str(year))
    zone = previous.zone
    call = Call.objects.create(
        year=year,
        currency=previous.currency,
        time_zone=previous.time_zone,
        opens_at=_same_day_in(previous.opens_at, shift, zone),
        submission_deadline=_same_day_in(previous.submission_deadline, shift, zone),
        review_deadline=_same_day_in(previous.review_deadline, shift, zone),
        decision_date=_same_day_in(previous.decision_date, shift, zone),
        **translated,
    )
    groups = {}
    for group in previous.criterion_groups.all():
        old_pk = group.pk
        group.pk = None
        group.call = call
        group.save()
        groups[old_pk] = group
    criteria = []
    for criterion in previous.criteria.all():
        criterion.pk = None
        criterion.call = call
        criterion.group = groups[criterion.group_id]
        criteria.append(criterion)
    Criterion.objects.bulk_create(criteria)
    audit.record("call.copied", call, by=by, source=previous.year)
    return call


# --- Self-assessment -------------------------------------------------------------------------------


def assess(call, answers):
    """Weighted result of self-assessment ``answers`` ({criterion code: value}); changes nothing.

    Returns a dict: ``percent`` (0-100), ``rows`` [(criterion, value, percent)], ``strengths`` and
    ``gaps`` (criteria at or above 75 %, at or below 40 %)."""
    criteria = [c for c in call.criteria.all() if c.use in (Criterion.Use.SELF, Criterion.Use.BOTH)]
    rows, total, weights = [], Decimal("0"), Decimal("0")
    for criterion in criteria:
        value = answers.get(criterion.code)
        if value is None:
            continue
        span = criterion.scale_max - criterion.scale_min
        fraction = Decimal(value - criterion.scale_min) / Decimal(span)
        rows.append((criterion, value, round(fraction * 100)))
        total += fraction * criterion.weight
        weights += criterion.weight
    percent = (total / weights * 100).quantize(Decimal("0.1")) if weights else Decimal("0")
    return {
        "percent": percent,
        "rows": rows,
        "strengths": [c for c, _v, pct in rows if pct >= 75],
        "gaps": [c for c, _v, pct in rows if pct <= 40],
    }


@transaction.atomic
def save_self_assessment(call, answers, *, by):
    result = assess(call, answers)
    saved = SelfAssessment.objects.create(call=call, owner=by, answers=answers, result=result["percent"])
    audit.record("self_assessment.saved", saved, by=by)
    return saved


# --- Proposals -------------------------------------------------------------------------------------


class ProposalLocked(Exception):
    """The proposal can no longer be changed (submitted, or the call's deadline has passed)."""


def accepted_members(proposal):
    """Accepted, not revoked co-applicants of ``proposal`` (their users selected)."""
    return ProposalMember.objects.accepted().filter(proposal=proposal).select_related("user")


def may_edit(proposal, user):
    """The owner and accepted co-applicants with write access edit a draft (deadline aside): the rule
    "projects.change_proposal" itself (projects/rules.py), without Django's superuser shortcut."""
    return user is not None and rules.has_perm("projects.change_proposal", user, proposal)


def can_still_edit(proposal, now=None):
    """A draft of an open call whose decisions are not published yet (the chair may close reviewing
    and publish before the submission deadline: then nothing more is started or submitted)."""
    now = now or timezone.now()
    return (
        proposal.status == Proposal.Status.DRAFT
        and proposal.call.phase_at(now) == Phase.OPEN
        and not proposal.call.decisions_published
    )


@transaction.atomic
def save_draft(proposal, *, by, budget_lines=None, practices=None):
    """Create or update a draft and (when given) replace its budget lines [(label, amount)].

    Refused (ProposalLocked) once submitted or outside the call's open phase: the server enforces
    the deadline, not only the page."""
    if proposal.pk:
        Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
        if not may_edit(proposal, by):
            raise PermissionDenied
    if not can_still_edit(proposal):
        raise ProposalLocked
    created = proposal.pk is None
    if created:
        proposal.owner = by
    proposal.save()
    if practices is not None:
        proposal.practices.set(practices)
    if budget_lines is not None:
        proposal.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(proposal=proposal, label=label, amount=amount, position=n)
            for n, (label, amount) in enumerate(budget_lines)
        )
    audit.record("proposal.created" if created else "proposal.saved", proposal, by=by)
    return proposal


@transaction.atomic
def add_document(proposal, *, by, title, upload):
    """Attach a checked PDF to a draft, before the deadline: its owner or a co-applicant with write
    access."""
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if not may_edit(proposal, by):
        raise PermissionDenied
    if not can_still_edit(proposal):
        raise ProposalLocked
    document = ProposalDocument.objects.create(proposal=proposal, title=title, file=upload, size=upload.size)
    audit.record("document.added", document, by=by)
    return document


@transaction.atomic
def remove_document(document, *, by):
    """Remove a document from a draft before it is submitted (the owner or a co-applicant with write
    access, before the deadline): the row goes, and the file leaves the private storage once the
    transaction commits. Recorded on the proposal (the document row is gone)."""
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=document.proposal_id)
    if not may_edit(proposal, by):
        raise PermissionDenied
    if not can_still_edit(proposal):
        raise ProposalLocked
    document = ProposalDocument.objects.get(pk=document.pk, proposal=proposal)
    storage, name = document.file.storage, document.file.name
    audit.record("document.removed", proposal, by=by, document=document.pk, title=document.title, size=document.size)
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return proposal


REQUIRED_FOR_SUBMISSION = (
    "organisation",
    "title",
    "summary",
    "country",
    "duration_months",
    "expected_soc_outcome",
    "mrv_plan",
    "requested_amount",
)


def completeness_errors(proposal):
    """{field: [message]} of what is missing before ``proposal`` can be submitted."""
    errors = {}
    for name in REQUIRED_FOR_SUBMISSION:
        value = getattr(proposal, name)
        if value in (None, ""):
            errors[name] = [_("This field is required before you submit.")]
    if not proposal.consent:
        errors["consent"] = [_("Please accept the declaration of consent.")]
    lines = list(proposal.budget_lines.all())
    if not lines:
        errors["budget"] = [_("Add at least one budget line.")]
    elif proposal.requested_amount is not None:
        total = sum((line.amount for line in lines), Decimal("0"))
        if proposal.requested_amount > total:
            errors["requested_amount"] = [_("The requested amount cannot exceed the budget total.")]
    return errors


def submission_snapshot(proposal):
    """What would be submitted now (the receipt's content): the proposal's fields, its budget lines
    and its documents, as JSON-ready values."""
    fields = {name: getattr(proposal, name) for name in REQUIRED_FOR_SUBMISSION + ("language", "co_funding")}
    fields["country"] = str(fields["country"] or "")
    for name in ("requested_amount", "co_funding"):
        fields[name] = None if fields[name] is None else str(fields[name])
    fields["location"] = proposal.location.wkt if proposal.location else None
    fields["budget"] = [[line.label, str(line.amount)] for line in proposal.budget_lines.order_by("position", "pk")]
    fields["documents"] = [[d.title, d.size] for d in proposal.documents.order_by("uploaded_at", "pk")]
    return fields


def snapshot_fingerprint(snapshot):
    """A short digest of a snapshot: the confirmation page carries it, so that what is submitted is
    what the owner was shown."""
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


class SubmissionChanged(Exception):
    """The draft changed between the confirmation page and the confirmation (a co-applicant saved)."""


@transaction.atomic
def submit_proposal(proposal, *, by, fingerprint=None):
    """Submit a complete draft before the deadline as its next version (1 the first time, one more
    after each reopening), record the submission with what was submitted, and queue a receipt naming
    the version to the owner and each accepted co-applicant, each in their language, once per version.

    Raises ProposalLocked after the deadline or when already submitted, ValidationError (per field)
    when something is missing, SubmissionChanged when ``fingerprint`` (of the snapshot the owner
    confirmed) no longer matches the draft. Only the owner submits (co-applicants with write access
    edit)."""
    proposal = Proposal.objects.select_for_update().select_related("call", "owner").get(pk=proposal.pk)
    if proposal.owner_id != by.pk or not can_still_edit(proposal):
        raise ProposalLocked
    errors = completeness_errors(proposal)
    if errors:
        raise ValidationError(errors)
    snapshot = submission_snapshot(proposal)
    if fingerprint is not None and fingerprint != snapshot_fingerprint(snapshot):
        raise SubmissionChanged
    now = timezone.now()
    proposal.status = Proposal.Status.SUBMITTED
    proposal.submitted_at = now
    proposal.version += 1
    proposal.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    submission = ProposalSubmission.objects.create(
        proposal=proposal, version=proposal.version, submitted_at=now, submitted_by=by, snapshot=snapshot
    )
    audit.record("proposal.submitted", proposal, by=by, version=proposal.version)
    context = {"proposal": proposal, "call": proposal.call, "submission": submission}
    for person in [proposal.owner] + [member.user for member in accepted_members(proposal)]:
        _mail(
            person,
            "projects/mail/receipt",
            context,
            key=f"projects:receipt:{proposal.pk}:v{proposal.version}:{person.pk}",
        )
    return proposal


class ReopenRefused(Exception):
    """The proposal cannot be reopened; ``message`` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def reopen_refused(proposal, now=None):
    """Why the owner cannot reopen ``proposal`` for changes now (a message), or None: a submitted
    proposal can be reopened until the call's submission deadline, its decisions not published."""
    if proposal.status != Proposal.Status.SUBMITTED:
        return _("Only a submitted proposal can be reopened.")
    if proposal.call.phase_at(now or timezone.now()) != Phase.OPEN or proposal.call.decisions_published:
        return _("The submission deadline has passed: the proposal can no longer be reopened.")
    return None


@transaction.atomic
def reopen(proposal, *, by):
    """The owner takes a submitted proposal back to a draft to change it, before the deadline. It
    keeps its version number; it is reviewed again only once resubmitted (as the next version)
    before the deadline. The accepted co-applicants are told by mail (each in their language, once per
    reopening): a draft is not reviewed, and those with edit access may change it meanwhile.
    PermissionDenied unless ``by`` owns it; ReopenRefused otherwise."""
    proposal = Proposal.objects.select_for_update().select_related("call", "owner").get(pk=proposal.pk)
    _owner_only(proposal, by)
    refused = reopen_refused(proposal)
    if refused:
        raise ReopenRefused(refused)
    proposal.status = Proposal.Status.DRAFT
    proposal.save(update_fields=["status", "updated_at"])
    audit.record("proposal.reopened", proposal, by=by, version=proposal.version)
    for member in accepted_members(proposal).order_by("pk"):
        _mail(
            member.user,
            "projects/mail/reopened",
            {"proposal": proposal, "call": proposal.call, "member": member},
            # Once per reopening: after version N was submitted, it can be reopened once.
            key=f"projects:reopened:{proposal.pk}:{proposal.version}:{member.user_id}",
        )
    return proposal


class WithdrawalRefused(Exception):
    """The proposal cannot be withdrawn (any more); ``message`` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def withdrawal_refused(proposal):
    """Why ``proposal`` cannot be withdrawn now (a message in the active language), or None: a
    submitted proposal can be withdrawn until the call's decisions are published."""
    if proposal.call.decisions_published:
        return _("The decisions of this call are published: the proposal can no longer be withdrawn.")
    if proposal.status == Proposal.Status.WITHDRAWN:
        return _("This proposal was already withdrawn.")
    if proposal.status != Proposal.Status.SUBMITTED:
        return _("Only a submitted proposal can be withdrawn.")
    return None


@transaction.atomic
def withdraw(proposal, *, by):
    """The owner withdraws a submitted proposal: it leaves the review, the ranking and the funders'
    view, and stays in "My proposals" as withdrawn. The owner and accepted co-applicants get a
    confirmation, the reviewers assigned to it (conflicted ones aside) are told their review is no
    longer needed; each in their language, once.

    PermissionDenied unless ``by`` owns it; WithdrawalRefused when it is not submitted (a draft, a
    decision, already withdrawn) or the call's decisions are published."""
    proposal = Proposal.objects.select_for_update().select_related("call", "owner").get(pk=proposal.pk)
    _owner_only(proposal, by)
    refused = withdrawal_refused(proposal)
    if refused:
        raise WithdrawalRefused(refused)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.withdrawn_at = timezone.now()
    proposal.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit.record("proposal.withdrawn", proposal, by=by)
    context = {"proposal": proposal, "call": proposal.call}
    for person in [proposal.owner] + [member.user for member in accepted_members(proposal)]:
        _mail(
            person,
            "projects/mail/withdrawn",
            context,
            key=f"projects:withdrawn:{proposal.pk}:{person.pk}",
        )
    assignments = (
        Assignment.objects.filter(proposal=proposal)
        .exclude(conflict=Assignment.Conflict.YES)
        .select_related("reviewer")
        .order_by("pk")
    )
    for reviewer in [assignment.reviewer for assignment in assignments]:
        _mail(
            reviewer,
            "projects/mail/withdrawn_review",
            context,
            key=f"projects:withdrawn-review:{proposal.pk}:{reviewer.pk}",
        )
    return proposal


def _mail(user, template, context, *, email=None, key=None):
    """Mail ``template``.txt (subject on the first line) through the portal's engine (send_once) to
    ``user``, or to the address ``email`` (in the language of its account if any): in the recipient's
    language, after commit, recorded; with ``key``, never twice for the same key. The templates write
    their links themselves ({{ site_url }}{% url … %}): they are rendered in the recipient's language."""
    to = email or user.email
    send_once(
        key or f"{template}:{recipient_reference(to)}:{uuid.uuid4().hex}",  # a key never spells an address
        user=None if email else user,
        to=email,
        template=template,
        context=context,
    )


# --- Co-applicants ---------------------------------------------------------------------------------

INVITATION_SALT = "projects.invitation"


class InvitationError(Exception):
    """An invitation link that cannot be used by this person; ``reason`` says why."""

    INVALID = "invalid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    TAKEN = "taken"
    OTHER_ADDRESS = "other_address"
    UNVERIFIED = "unverified"
    OWNER = "owner"
    ALREADY_MEMBER = "already_member"

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def invitation_token(member):
    """The signed random key of the invitation (no address in it)."""
    return signing.Signer(salt=INVITATION_SALT).sign(member.key.hex)


def invitation_path(member):
    return reverse("projects:invitation", kwargs={"token": invitation_token(member)})


def member_from_token(token):
    """The invitation of ``token``; InvitationError(INVALID) for a forged or mangled token."""
    try:
        key = signing.Signer(salt=INVITATION_SALT).unsign(token)
        return ProposalMember.objects.select_related("proposal__call", "proposal__owner", "invited_by").get(key=key)
    except (signing.BadSignature, ValueError, ValidationError, ProposalMember.DoesNotExist) as error:
        raise InvitationError(InvitationError.INVALID) from error


def _owner_only(proposal, by):
    if by is None or proposal.owner_id != by.pk:
        raise PermissionDenied


@transaction.atomic
def invite_member(proposal, *, by, email, access):
    """The owner invites ``email`` as a co-applicant with ``access`` and the invitation is mailed (in
    the invitee's language when they have an account). ValidationError on ``email`` when it is the
    owner's own address or is already invited; an address whose invitation was revoked or expired
    unaccepted is invited again with a new link."""
    proposal = Proposal.objects.select_for_update().select_related("call", "owner").get(pk=proposal.pk)
    _owner_only(proposal, by)
    email = email.strip()
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise ValidationError({"email": [_("This proposal was withdrawn: nobody can be invited to it any more.")]})
    if access not in ProposalMember.Access.values:
        raise ValidationError({"access": [_("Choose read only or read and edit.")]})
    if email.lower() == proposal.owner.email.lower():
        raise ValidationError({"email": [_("This is your own address: you own this proposal already.")]})
    member = ProposalMember.objects.filter(proposal=proposal, email__iexact=email).first()
    if member is not None and member.revoked_at is None and not member.has_expired():
        raise ValidationError({"email": [_("%(email)s is already invited to this proposal.") % {"email": email}]})
    if member is None:
        member = ProposalMember(proposal=proposal)
    else:
        member.key = uuid.uuid4()  # the old link stays dead
        member.user, member.accepted_at, member.revoked_at = None, None, None
    member.email, member.access, member.invited_by, member.invited_at = email, access, by, timezone.now()
    member.save()
    audit.record("member.invited", member, by=by, access=access)
    context = {
        "proposal": proposal,
        "call": proposal.call,
        "member": member,
        "inviter": by,
        "token": invitation_token(member),
    }
    _mail(None, "projects/mail/invitation", context, email=email)
    return member


@transaction.atomic
def change_member_access(member, access, *, by):
    """The owner gives a co-applicant (or a pending invitation) read or write access."""
    member = ProposalMember.objects.select_for_update().select_related("proposal").get(pk=member.pk)
    _owner_only(member.proposal, by)
    if member.revoked_at is not None:
        raise PermissionDenied
    if access not in ProposalMember.Access.values:
        raise ValidationError({"access": [_("Choose read only or read and edit.")]})
    if member.access != access:
        member.access = access
        member.save(update_fields=["access"])
        audit.record("member.access_changed", member, by=by, access=access)
    return member


@transaction.atomic
def revoke_member(member, *, by):
    """The owner revokes an invitation or a membership: the link stops working and the person no
    longer sees the proposal."""
    member = ProposalMember.objects.select_for_update().select_related("proposal").get(pk=member.pk)
    _owner_only(member.proposal, by)
    if member.revoked_at is None:
        member.revoked_at = timezone.now()
        member.save(update_fields=["revoked_at"])
        audit.record("member.revoked", member, by=by)
    return member


def check_invitation(member, user, now=None):
    """Raise InvitationError unless ``user`` may accept ``member`` now (changes nothing).

    The accepting account must hold the invited address, verified: a forwarded link is useless to
    anybody else. An invitation already accepted by this account passes (accepting is idempotent)."""
    now = now or timezone.now()
    if member.revoked_at is not None:
        raise InvitationError(InvitationError.REVOKED)
    if member.user_id is not None:
        if member.user_id == user.pk:
            return
        raise InvitationError(InvitationError.TAKEN)
    if member.has_expired(now):
        raise InvitationError(InvitationError.EXPIRED)
    if member.proposal.owner_id == user.pk:
        raise InvitationError(InvitationError.OWNER)
    address = EmailAddress.objects.filter(user=user, email__iexact=member.email).first()
    if address is None:
        raise InvitationError(InvitationError.OTHER_ADDRESS)
    if not address.verified:
        raise InvitationError(InvitationError.UNVERIFIED)
    if ProposalMember.objects.accepted().filter(proposal_id=member.proposal_id, user=user).exists():
        raise InvitationError(InvitationError.ALREADY_MEMBER)


@transaction.atomic
def accept_invitation(member, *, by):
    """``by`` accepts the invitation and becomes a co-applicant (see check_invitation)."""
    member = (
        ProposalMember.objects.select_for_update().select_related("proposal__call", "proposal__owner").get(pk=member.pk)
    )
    check_invitation(member, by)
    if member.user_id is None:
        member.user, member.accepted_at = by, timezone.now()
        member.save(update_fields=["user", "accepted_at"])
        audit.record("member.accepted", member, by=by)
    return member


# --- Review ----------------------------------------------------------------------------------------


@transaction.atomic
def assign(proposal, reviewer, *, by):
    """Ask ``reviewer`` to review ``proposal`` (chair or secretariat). Idempotent. Never a withdrawn
    proposal; never its owner or a co-applicant (ValidationError saying which), like auto_assign and
    the reassignment after a conflict."""
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise PermissionDenied
    if reviewer.pk == proposal.owner_id:
        raise ValidationError(_("A reviewer cannot review their own proposal."))
    if accepted_members(proposal).filter(user=reviewer).exists():
        raise ValidationError(_("A reviewer cannot review a proposal they are a co-applicant of."))
    assignment, created = Assignment.objects.get_or_create(proposal=proposal, reviewer=reviewer)
    if created:
        audit.record("assignment.created", assignment, by=by, reviewer=reviewer.pk)
        _mail_assigned(reviewer, [assignment])
    return assignment


def _mail_assigned(reviewer, assignments):
    """Tell ``reviewer`` (once, in their language) which proposals were just assigned to them: one
    mail per batch (a manual assignment, an automatic run, a reassignment), keyed by the batch's
    assignments so it never leaves twice."""
    assignments = sorted(assignments, key=lambda a: a.pk)
    proposals = [a.proposal for a in assignments]
    _mail(
        reviewer,
        "projects/mail/assigned",
        {"proposals": proposals, "call": proposals[0].call},
        key=f"projects:assigned:{reviewer.pk}:{'-'.join(str(a.pk) for a in assignments)}",
    )


def reviewer_languages(reviewers):
    """{reviewer pk: set of language codes they review in}: the declared ones, else their preferred
    language. One query."""
    declared = {}
    for row in ReviewLanguage.objects.filter(reviewer__in=reviewers).values_list("reviewer_id", "language"):
        declared.setdefault(row[0], set()).add(row[1])
    return {r.pk: declared.get(r.pk) or {r.language} for r in reviewers}


def reads_language(language):
    """Q on User: reviews in ``language`` (declared, or preferred when nothing is declared)."""
    declared = ReviewLanguage.objects.filter(reviewer=OuterRef("pk"))
    return Exists(declared.filter(language=language)) | (~Exists(declared) & Q(language=language))


@transaction.atomic
def set_review_languages(reviewer, languages, *, by):
    """Replace the languages ``reviewer`` reviews in (themselves only; at least one)."""
    if by.pk != reviewer.pk or not languages:
        raise PermissionDenied
    ReviewLanguage.objects.filter(reviewer=reviewer).exclude(language__in=languages).delete()
    for language in languages:
        ReviewLanguage.objects.get_or_create(reviewer=reviewer, language=language)
    audit.record("reviewer.languages", reviewer, by=by, languages=sorted(languages))


@dataclass
class Shortfall:
    """A proposal that could not get the asked number of reviewers."""

    proposal: Proposal
    active: int
    wanted: int


@dataclass
class LeftOut:
    """An STC member the automatic assignment gave nothing new, and why."""

    CHAIR = "chair"  # chairs are not in the automatic pool (they assign; assign them by hand)
    LANGUAGE = "language"  # reads none of the languages of the proposals
    OWN = "own"  # every proposal they read is theirs or one they co-apply for
    CONFLICT = "conflict"  # declared a conflict on every other proposal they read
    ALREADY = "already"  # already assigned to every other proposal they read
    LOAD = "load"  # the proposals they read had enough reviewers, or less loaded reviewers were chosen

    reviewer: User
    reason: str
    languages: list = dataclass_field(default_factory=list)  # the languages they review in


@dataclass
class AutoAssignment:
    created: list = dataclass_field(default_factory=list)
    short: list = dataclass_field(default_factory=list)  # [Shortfall]
    left_out: list = dataclass_field(default_factory=list)  # [LeftOut], by reviewer pk


def _left_out_reason(reviewer, proposals, reads, team):
    readable = [p for p in proposals if p.language in reads]
    if not readable:
        return LeftOut.LANGUAGE
    others = [p for p in readable if p.owner_id != reviewer.pk and reviewer.pk not in team.get(p.pk, ())]
    if not others:
        return LeftOut.OWN
    mine = {p.pk: a for p in others for a in p.assignments.all() if a.reviewer_id == reviewer.pk}
    free = [p for p in others if p.pk not in mine or mine[p.pk].conflict != Assignment.Conflict.YES]
    if not free:
        return LeftOut.CONFLICT
    if all(p.pk in mine for p in free):
        return LeftOut.ALREADY
    return LeftOut.LOAD


@transaction.atomic
def auto_assign(call, reviewers, per_proposal, *, by, chairs=()):
    """Give every submitted proposal of ``call`` ``per_proposal`` non-conflicted reviewers who read
    its language, choosing each time the one with the fewest assignments in this call (ties by id),
    never someone who declared a conflict on it, never the proposal's owner or co-applicants. Proposals left with
    fewer reviewers than asked are returned in ``short`` for the chair, never silently skipped.

    Every STC member who gets nothing new is in ``left_out`` with the reason (``chairs``, not in the
    automatic pool, with LeftOut.CHAIR). Each reviewer who gets proposals is mailed once for the run,
    in their language, with the list."""
    reviewers = sorted(reviewers, key=lambda r: r.pk)
    languages = reviewer_languages(reviewers)
    proposals = list(
        call.proposals.filter(status=Proposal.Status.SUBMITTED)
        .select_related("call")
        .order_by("pk")
        .prefetch_related("assignments")
    )
    load = {r.pk: 0 for r in reviewers}
    for proposal in proposals:
        for a in proposal.assignments.all():
            if a.reviewer_id in load and a.conflict != Assignment.Conflict.YES:
                load[a.reviewer_id] += 1
    result = AutoAssignment()
    # The proposals with the fewest suitable reviewers choose first, so a scarce reader of a language
    # is not used up elsewhere before the proposals that need them.
    team = {}
    accepted = ProposalMember.objects.accepted().filter(proposal__in=proposals)
    for proposal_id, user_id in accepted.values_list("proposal_id", "user_id"):
        team.setdefault(proposal_id, set()).add(user_id)
    pool = {
        p.pk: [
            r
            for r in reviewers
            if p.language in languages[r.pk] and r.pk != p.owner_id and r.pk not in team.get(p.pk, ())
        ]
        for p in proposals
    }
    for proposal in sorted(proposals, key=lambda p: (len(pool[p.pk]), p.pk)):
        taken = {a.reviewer_id for a in proposal.assignments.all()}
        active = sum(1 for a in proposal.assignments.all() if a.conflict != Assignment.Conflict.YES)
        candidates = [r for r in pool[proposal.pk] if r.pk not in taken]
        while active < per_proposal and candidates:
            best = min(candidates, key=lambda r: (load[r.pk], r.pk))
            candidates.remove(best)
            result.created.append(Assignment(proposal=proposal, reviewer=best))
            load[best.pk] += 1
            active += 1
        if active < per_proposal:
            result.short.append(Shortfall(proposal=proposal, active=active, wanted=per_proposal))
    Assignment.objects.bulk_create(result.created)
    result.short.sort(key=lambda s: s.proposal.pk)
    batches = {}
    for assignment in result.created:
        batches.setdefault(assignment.reviewer_id, []).append(assignment)
    by_pk = {r.pk: r for r in reviewers}
    for reviewer_id, batch in sorted(batches.items()):
        _mail_assigned(by_pk[reviewer_id], batch)
    if proposals:
        for reviewer in reviewers:
            if reviewer.pk not in batches:
                reason = _left_out_reason(reviewer, proposals, languages[reviewer.pk], team)
                result.left_out.append(LeftOut(reviewer, reason, sorted(languages[reviewer.pk])))
        pool_pks = set(by_pk)
        for chair in sorted(chairs, key=lambda c: c.pk):
            if chair.pk not in pool_pks:
                result.left_out.append(LeftOut(chair, LeftOut.CHAIR))
        result.left_out.sort(key=lambda left: left.reviewer.pk)
    audit.record(
        "assignment.automatic",
        call,
        by=by,
        created=len(result.created),
        per_proposal=per_proposal,
        short=[s.proposal.pk for s in result.short],
    )
    return result


@transaction.atomic
def declare_conflict(assignment, conflicted, *, by):
    """The assigned reviewer says whether they have a conflict of interest. Declared once: a
    conflicted reviewer never sees the proposal again."""
    assignment = Assignment.objects.select_for_update().select_related("proposal__call").get(pk=assignment.pk)
    if assignment.reviewer_id != by.pk or assignment.conflict != Assignment.Conflict.UNKNOWN:
        raise PermissionDenied
    if assignment.proposal.status == Proposal.Status.WITHDRAWN:
        raise PermissionDenied
    assignment.conflict = Assignment.Conflict.YES if conflicted else Assignment.Conflict.NO
    assignment.conflict_declared_at = timezone.now()
    assignment.save(update_fields=["conflict", "conflict_declared_at"])
    audit.record("assignment.conflict_declared", assignment, by=by, conflict=assignment.conflict)
    if conflicted and _reassign(assignment.proposal) is None:
        _tell_chairs_nobody_is_free(assignment)
    return assignment


def _tell_chairs_nobody_is_free(assignment):
    """No reviewer could replace the conflicted one: every STC chair is told once, in their language,
    with a link to the call's assignment page."""
    proposal = assignment.proposal
    audit.record("assignment.reassignment_failed", assignment, by=None)
    for chair in User.objects.filter(groups__name=roles.STC_CHAIR, is_active=True).order_by("pk"):
        _mail(
            chair,
            "projects/mail/no_replacement",
            {"proposal": proposal},
            key=f"projects:no-replacement:{assignment.pk}:{chair.pk}",
        )


def _reassign(proposal):
    """Give a proposal whose reviewer declared a conflict to the STC reviewer with the fewest active
    assignments in its call who reads its language, is not already assigned to it and neither owns it nor
    co-applies for it. A withdrawn proposal gets nobody."""
    if proposal.status == Proposal.Status.WITHDRAWN:
        return None
    active_in_call = Q(assignments__proposal__call_id=proposal.call_id) & ~Q(assignments__conflict="yes")
    replacement = (
        User.objects.filter(groups__name=roles.STC_REVIEWER, is_active=True)
        .filter(reads_language(proposal.language))
        .exclude(pk=proposal.owner_id)
        .exclude(pk__in=accepted_members(proposal).values("user"))
        .exclude(assignments__proposal=proposal)
        .annotate(load=Count("assignments", filter=active_in_call))
        .order_by("load", "pk")
        .first()
    )
    if replacement is not None:
        new = Assignment.objects.create(proposal=proposal, reviewer=replacement)
        audit.record("assignment.reassigned", new, by=None, reviewer=replacement.pk)
        _mail_assigned(replacement, [new])
    return replacement


class ReviewLocked(Exception):
    """Reviewing of the call is closed (review deadline passed, or closed by the chair)."""


REVIEW_FIELDS = ("recommendation", "confidence", "confidential_comment", "feedback")


def may_change_review(assignment, now=None):
    """A review can be written, submitted and changed until reviewing of its call is closed."""
    return not assignment.proposal.call.reviewing_closed_on(now or timezone.now())


def save_review(assignment, *, by, scores, submit=False, **fields):
    """Save the reviewer's review (``scores``: {criterion: (value, comment)}); with ``submit`` also
    check it is complete and submit it.

    A draft keeps what was typed on every save, even when the submission is refused for what is
    missing (ValidationError per field, raised after the draft is stored). A submitted review can be
    changed until reviewing is closed: it must stay complete (nothing is stored otherwise) and each
    change is recorded in the audit trail with the fields it touched. ReviewLocked once reviewing is
    closed."""
    review, errors = _store_review(assignment, by=by, scores=scores, submit=submit, fields=fields)
    if errors:
        raise ValidationError(errors)
    return review


@transaction.atomic
def _store_review(assignment, *, by, scores, submit, fields):
    assignment = Assignment.objects.select_for_update().select_related("proposal__call").get(pk=assignment.pk)
    if assignment.reviewer_id != by.pk or assignment.conflict != Assignment.Conflict.NO:
        raise PermissionDenied
    if assignment.proposal.status not in (Proposal.Status.SUBMITTED, Proposal.Status.DECIDED):
        raise PermissionDenied  # withdrawn, or reopened by its owner
    if not may_change_review(assignment):
        raise ReviewLocked
    review, _created = Review.objects.get_or_create(assignment=assignment)
    was_submitted = review.status == Review.Status.SUBMITTED
    if was_submitted:
        submit = True  # a submitted review is changed as a whole, never turned back into a draft
    before = {name: getattr(review, name) for name in REVIEW_FIELDS}
    for name, value in fields.items():
        if name in REVIEW_FIELDS:
            setattr(review, name, value)
    errors = {}
    criteria = list(assignment.proposal.call.criteria.exclude(use=Criterion.Use.SELF))
    existing = {s.criterion_id: s for s in review.scores.all()}
    to_save, to_delete = [], []
    for criterion in criteria:
        value, comment = scores.get(criterion, (None, ""))
        comment = comment or ""
        if value is not None and not criterion.in_scale(value):
            errors[f"score_{criterion.pk}"] = [
                _("Choose a score between %(min)s and %(max)s.")
                % {"min": criterion.scale_min, "max": criterion.scale_max}
            ]
            value = None
        elif value is None and submit:
            errors[f"score_{criterion.pk}"] = [_("Give a score before you submit.")]
        score = existing.get(criterion.pk)
        if value is None and not comment:
            if score is not None:
                to_delete.append(score)
            continue
        score = score or Score(review=review, criterion=criterion)
        if score.pk is None or (score.value, score.comment) != (value, comment):
            score.value, score.comment = value, comment
            to_save.append(score)
    if submit and not review.recommendation:
        errors["recommendation"] = [_("Choose a recommendation before you submit.")]
    if errors and was_submitted:
        # Nothing is stored: the submitted review stays as it was; the page keeps what was typed.
        return review, errors
    for score in to_save:
        score.save()
    for score in to_delete:
        score.delete()
    if errors:
        review.save()
        audit.record("review.saved", review, by=by, refused_submission=sorted(errors))
        return review, errors
    if was_submitted:
        changed = sorted(name for name in REVIEW_FIELDS if before[name] != getattr(review, name))
        codes = {c.pk: c.code for c in criteria}
        changed += sorted(f"score:{codes[s.criterion_id]}" for s in to_save + to_delete)
        review.save()
        if changed:
            audit.record("review.changed", review, by=by, changed=changed)
        return review, {}
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    audit.record("review.submitted" if submit else "review.saved", review, by=by)
    return review, {}


# --- Decisions -------------------------------------------------------------------------------------


@transaction.atomic
def stage_decision(proposal, decision, feedback, *, by):
    """The chair stages a decision and the STC's feedback; nobody outside the STC sees it until
    the call's decisions are published together."""
    if proposal.status != Proposal.Status.SUBMITTED or proposal.call.decisions_published:
        raise PermissionDenied
    proposal.decision = decision
    proposal.feedback_to_applicant = feedback
    proposal.save(update_fields=["decision", "feedback_to_applicant", "updated_at"])
    audit.record("decision.staged", proposal, by=by, decision=decision)
    return proposal


class PublicationRefused(Exception):
    """The decisions of the call cannot be published now; ``message`` says why (active language)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def publication_refused(call, now=None):
    """Why the staged decisions of ``call`` cannot be published now, or None."""
    if not call.reviewing_closed_on(now or timezone.now()):
        return _(
            "Reviewing is still open (the review deadline has not passed): decisions can be published "
            "once it has, or once the chair closes reviewing."
        )
    return None


@transaction.atomic
def close_reviewing(call, *, by):
    """The chair closes reviewing before the review deadline, so that decisions can be published.
    Recorded in the audit trail; closing twice changes nothing. PermissionDenied for anybody but a
    chair, or once the decisions are published."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not rules.has_perm("projects.close_reviewing", by, call) or call.decisions_published:
        raise PermissionDenied
    if call.reviewing_closed_at is None:
        call.reviewing_closed_at = timezone.now()
        call.save(update_fields=["reviewing_closed_at"])
        audit.record("call.reviewing_closed", call, by=by, before_deadline=timezone.now() < call.review_deadline)
    return call


@dataclass
class PublicationSummary:
    """What publishing the decisions of a call will do (shown before the chair confirms)."""

    positive: int
    negative: int
    undecided: int  # submitted proposals without a staged decision: they stay unpublished
    incomplete: list  # proposals in review with fewer reviews done than asked (reviews_done, reviews_asked)
    recipients: int  # people mailed: owners and accepted co-applicants, each once


def publication_summary(call):
    rows = list(
        queries.with_review_counts(call.proposals.filter(status=Proposal.Status.SUBMITTED)).order_by("title", "pk")
    )
    staged = [p for p in rows if p.decision]
    owners = {p.owner_id for p in staged if p.decision_mailed_at is None}
    members = ProposalMember.objects.accepted().filter(
        proposal__in=[p.pk for p in staged if p.decision_mailed_at is None]
    )
    people = owners | set(members.values_list("user_id", flat=True))
    return PublicationSummary(
        positive=sum(1 for p in staged if p.decision == Proposal.Decision.POSITIVE),
        negative=sum(1 for p in staged if p.decision == Proposal.Decision.NEGATIVE),
        undecided=len(rows) - len(staged),
        incomplete=[p for p in rows if p.reviews_done < p.reviews_asked],
        recipients=len(people),
    )


@transaction.atomic
def publish_decisions(call, *, by):
    """Publish every staged decision of ``call`` at once and mail each proposal's owner and accepted
    co-applicants its decision. Only once reviewing is closed (the review deadline passed, or the
    chair closed it): PublicationRefused otherwise. Publishing again does nothing (returns []):
    a decision is mailed once."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.decisions_published:
        return []
    refused = publication_refused(call)
    if refused:
        raise PublicationRefused(refused)
    proposals = list(
        call.proposals.select_for_update()
        .filter(status=Proposal.Status.SUBMITTED)
        .exclude(decision="")
        .select_related("owner", "call")
        .prefetch_related(
            Prefetch("members", queryset=ProposalMember.objects.accepted().select_related("user"), to_attr="accepted")
        )
    )
    now = timezone.now()
    for proposal in proposals:
        proposal.status = Proposal.Status.DECIDED
        if proposal.decision_mailed_at is None:
            proposal.decision_mailed_at = now
            for person in [proposal.owner] + [member.user for member in proposal.accepted]:
                _mail(
                    person,
                    "projects/mail/decision",
                    {"proposal": proposal, "call": call},
                    key=f"projects:decision:{proposal.pk}:{person.pk}",
                )
        proposal.save(update_fields=["status", "decision_mailed_at", "updated_at"])
    call.decisions_published_at = now
    call.save(update_fields=["decisions_published_at"])
    audit.record("decision.published", call, by=by, count=len(proposals))
    return proposals


# --- Funders ---------------------------------------------------------------------------------------


@transaction.atomic
def express_interest(proposal, *, by, kind, message=""):
    """A funder says they are interested (or offer a feasibility study); the applicant and the
    secretariat are told. Once per funder and proposal."""
    interest, created = FunderInterest.objects.get_or_create(
        proposal=proposal, funder=by, defaults={"kind": kind, "message": message}
    )
    if not created:
        return interest
    audit.record("funder.interest", interest, by=by, kind=kind)
    context = {"proposal": proposal, "interest": interest, "funder": by}
    _mail(proposal.owner, "projects/mail/interest", context)
    for person in User.objects.filter(groups__name=roles.SECRETARIAT, is_active=True).distinct():
        _mail(person, "projects/mail/interest", context)
    return interest


# --- Reminders -------------------------------------------------------------------------------------


def _reminder_step(deadline, now):
    left = deadline - now
    if left <= datetime.timedelta(0):
        return None
    if left <= datetime.timedelta(days=1):
        return Reminder.Step.DAY
    if left <= datetime.timedelta(days=7):
        return Reminder.Step.WEEK
    return None


def _claim_reminder(recipient, call, kind, step):
    """Insert the reminder row; False when it already exists (sent before, or by another worker)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(recipient=recipient, call=call, kind=kind, step=step)
    except IntegrityError:
        return False
    return True


def send_due_reminders(now=None):
    """Remind applicants of unsubmitted drafts 7 days and 1 day before the submission deadline, and
    reviewers of pending reviews 7 days and 1 day before the review deadline. Each person gets each
    step once (a Reminder row claims it). Returns the number of reminders queued. Run hourly by beat."""
    now = now or timezone.now()
    sent = 0
    # A call whose decisions are published takes no more submissions; one whose reviewing the chair
    # closed takes no more reviews: nobody is reminded of them.
    for call in Call.objects.filter(submission_deadline__gt=now, opens_at__lte=now, decisions_published_at=None):
        step = _reminder_step(call.submission_deadline, now)
        if step is None:
            continue
        owners = User.objects.filter(proposals__call=call, proposals__status=Proposal.Status.DRAFT).distinct()
        for owner in owners:
            with transaction.atomic():
                if _claim_reminder(owner, call, Reminder.Kind.DRAFT, step):
                    _mail(
                        owner,
                        "projects/mail/reminder_draft",
                        {"call": call},
                        key=f"projects:reminder:{call.pk}:draft:{step}:{owner.pk}",
                    )
                    sent += 1
    for call in Call.objects.filter(review_deadline__gt=now, submission_deadline__lte=now, reviewing_closed_at=None):
        step = _reminder_step(call.review_deadline, now)
        if step is None:
            continue
        pending = (
            Assignment.objects.filter(proposal__call=call)
            .filter(proposal__status__in=[Proposal.Status.SUBMITTED, Proposal.Status.DECIDED])
            .exclude(conflict=Assignment.Conflict.YES)
            .exclude(review__status=Review.Status.SUBMITTED)
            .values_list("reviewer", flat=True)
            .distinct()
        )
        for reviewer in User.objects.filter(pk__in=pending):
            with transaction.atomic():
                if _claim_reminder(reviewer, call, Reminder.Kind.REVIEW, step):
                    _mail(
                        reviewer,
                        "projects/mail/reminder_review",
                        {"call": call},
                        key=f"projects:reminder:{call.pk}:review:{step}:{reviewer.pk}",
                    )
                    sent += 1
    return sent
