"""Every state change of the partners app. Each function is transactional; mail leaves after commit."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal import audit, counters, roles
from portal.mail import send_once
from portal.models import Theme

from .models import MembershipApplication, Organisation, OrganisationEditor, OrganisationOffice, SheetRevision

# What an editor may change; the keys of SheetRevision.data (the name and the description in each
# language; "logo" is the id of a Wagtail image, uploaded with the revision and shown once approved).
NAMES = tuple(f"name_{code}" for code in settings.LANGUAGE_CODES)
DESCRIPTIONS = tuple(f"description_{code}" for code in settings.LANGUAGE_CODES)
SHEET_FIELDS = (*NAMES, "acronym", "logo", *DESCRIPTIONS, "website", "themes", "location")
LOGO_COLLECTION = "Partner logos"


class RevisionError(Exception):
    """A decision that cannot be taken (the revision or application was already decided)."""


def sheet_data(organisation):
    """The organisation's current (approved) values in the shape of SheetRevision.data."""
    office = organisation.offices.order_by("position", "pk").first()
    return {
        **{key: getattr(organisation, key) or "" for key in NAMES},
        "acronym": organisation.acronym or "",
        "logo": organisation.logo_id,
        **{key: getattr(organisation, key) or "" for key in DESCRIPTIONS},
        "website": organisation.website or "",
        "themes": sorted(organisation.themes.values_list("code", flat=True)),
        "location": [round(office.location.x, 6), round(office.location.y, 6)] if office else None,
    }


def _logo_collection():
    """The CMS image library's collection of partner logos (made the first time a logo arrives)."""
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=LOGO_COLLECTION).first()
    return found or root.add_child(name=LOGO_COLLECTION)


def store_logo(organisation, upload, *, by):
    """A Wagtail image holding ``upload`` (already checked by content and size, e.g. by the sheet form)
    under a name the server makes, never the uploader's file name. Not shown anywhere until a revision
    naming it is approved."""
    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    upload.seek(0)
    content = upload.read()
    with PILImage.open(ContentFile(content)) as picture:
        extension = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}[picture.format]
    name = f"logo-{organisation.slug[:60]}-{uuid.uuid4().hex}.{extension}"
    image = get_image_model()(
        title=f"Logo of {organisation.name_en or organisation.name}"[:255],
        file=ContentFile(content, name=name),
        collection=_logo_collection(),
        uploaded_by_user=by,
    )
    image.save()
    return image


def _discard_unapproved_logo(old_id, *keep):
    """An image uploaded with a pending revision and replaced by another before any approval is shown
    nowhere and named by no history: delete it. A logo that was ever published stays (the history)."""
    from wagtail.images import get_image_model

    if not old_id or old_id in keep or Organisation.objects.filter(logo_id=old_id).exists():
        return
    if SheetRevision.objects.filter(status=SheetRevision.Status.APPROVED, data__logo=old_id).exists():
        return
    get_image_model().objects.filter(pk=old_id).delete()


@transaction.atomic
def propose_revision(organisation, data, *, by, message="", logo=None):
    """Record an editor's proposed sheet as the organisation's pending revision (replacing an earlier
    pending one, so there is at most one). ``logo`` is a new logo file (checked by the caller's form):
    it is stored under a server-made name and named by the revision. The public sheet does not change.
    Caller: an editor."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    clean = {key: data.get(key) for key in SHEET_FIELDS}
    revision = organisation.revisions.filter(status=SheetRevision.Status.PENDING).first()
    if revision is None:
        revision = SheetRevision(organisation=organisation)
    earlier_logo = (revision.data or {}).get("logo") if revision.pk else None
    if logo is not None:
        clean["logo"] = store_logo(organisation, logo, by=by).pk
    elif "logo" not in data:
        # A form without a new file keeps what was proposed before, or the published logo.
        clean["logo"] = earlier_logo if earlier_logo is not None else organisation.logo_id
    _discard_unapproved_logo(earlier_logo, clean["logo"], organisation.logo_id)
    revision.author = by
    revision.data = clean
    revision.message = message
    revision.save()
    audit.record(
        "sheet_revision.proposed",
        revision,
        by=by,
        organisation=organisation.pk,
        changed=[key for key, value in sheet_data(organisation).items() if clean.get(key) != value],
    )
    _tell_reviewers_of_revision(revision)
    return revision


def _tell_reviewers_of_revision(revision):
    """The secretariat (who decide) and the region's correspondents get one mail per pending revision,
    each in their language, after commit; editing the pending revision again mails nobody again."""
    organisation = revision.organisation
    recipients = {user.pk: user for user in roles.members(roles.SECRETARIAT)}
    recipients.update({user.pk: user for user in correspondents_of(organisation.region)})
    for user in recipients.values():
        send_once(
            f"partners:revision:{revision.pk}:arrived:{user.pk}",
            user=user,
            template="partners/email/revision_arrived",
            context={
                "revision": revision,
                "organisation": organisation,
                "decides": roles.SECRETARIAT in roles.group_names(user),
            },
        )


def _apply(organisation, data):
    # A revision proposed before names were part of the sheet has no name keys: the names stay. An empty
    # language stays empty, so pages fall back to another.
    for key in NAMES:
        if key in data:
            setattr(organisation, key, data.get(key) or None)
    if "acronym" in data:
        organisation.acronym = data.get("acronym") or ""
    if "logo" in data:
        organisation.logo_id = data.get("logo") or None
    for key in (*DESCRIPTIONS, "website"):
        setattr(organisation, key, data.get(key) or "")
    organisation.save()
    organisation.themes.set(Theme.objects.filter(code__in=data.get("themes") or []))
    location = data.get("location")
    if location:
        point = Point(float(location[0]), float(location[1]), srid=4326)
        office = organisation.offices.order_by("position", "pk").first()
        if office is None:
            OrganisationOffice.objects.create(organisation=organisation, label=_("Head office"), location=point)
        else:
            office.location = point
            office.save(update_fields=["location"])


def _decide(revision, status, *, by, message=""):
    revision = SheetRevision.objects.select_for_update().select_related("organisation").get(pk=revision.pk)
    if revision.status != SheetRevision.Status.PENDING:
        raise RevisionError(_("This revision has already been decided."))
    revision.status = status
    revision.decided_by = by
    revision.decided_at = timezone.now()
    if message:
        revision.message = message
    revision.save()
    return revision


@transaction.atomic
def approve_revision(revision, *, by):
    """Copy the proposed data onto the organisation (the public sheet), keep the revision as history
    and tell the editors. Caller: the secretariat."""
    revision = _decide(revision, SheetRevision.Status.APPROVED, by=by)
    before = sheet_data(revision.organisation)
    _apply(revision.organisation, revision.data)
    changed = [key for key, value in sheet_data(revision.organisation).items() if before.get(key) != value]
    audit.record("sheet_revision.approved", revision, by=by, organisation=revision.organisation_id, changed=changed)

    _tell_editors(revision)
    return revision


@transaction.atomic
def return_revision(revision, *, by, message):
    """Send the revision back to the editors with the secretariat's message; the sheet is unchanged."""
    revision = _decide(revision, SheetRevision.Status.RETURNED, by=by, message=message)
    # The returned revision comes back into the editor's form with its logo: the image is kept.
    audit.record("sheet_revision.returned", revision, by=by, organisation=revision.organisation_id)
    _tell_editors(revision)
    return revision


def _tell_editors(revision):
    """Each editor gets the decision once (engine key), in their own language, after commit."""
    organisation = revision.organisation
    for link in organisation.editor_links.select_related("user"):
        send_once(
            f"partners:revision:{revision.pk}:{revision.status}:{link.user_id}",
            user=link.user,
            template="partners/email/revision_decided",
            context={"revision": revision, "organisation": organisation},
        )


@transaction.atomic
def submit_application(
    *, by, name, status, college, country, region, description, declaration, logo, acronym="", website=""
):
    """Store a membership application from ``by`` (any account) and send its region's correspondents a
    copy, each in their language. The values are already validated (the join form's cleaned data);
    ``declaration`` (PDF) and ``logo`` are uploaded files. Caller: the join page."""
    application = MembershipApplication.objects.create(
        applicant=by,
        name=name,
        acronym=acronym,
        status=status,
        college=college,
        country=country,
        region=region,
        website=website,
        description=description,
        declaration=declaration,
        logo=logo,
    )
    for user in correspondents_of(application.region):
        send_once(
            f"partners:application:{application.pk}:copy:{user.pk}",
            user=user,
            template="partners/email/application_copy",
            context={"application": application},
        )
    # The secretariat decides: each gets it once, in their language, with the link to the decision page.
    for user in roles.members(roles.SECRETARIAT):
        send_once(
            f"partners:application:{application.pk}:arrived:{user.pk}",
            user=user,
            template="partners/email/application_arrived",
            context={"application": application},
        )
    return application


def correspondents_of(region):
    """The users who are regional correspondents of ``region``."""
    from portal.models import User

    return list(User.objects.filter(correspondent_regions__region=region, is_active=True).order_by("pk"))


def _unique_slug(name):
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def accept_application(application, *, by):
    """Create the organisation (published, with the applicant as its first editor) from a submitted
    application and tell the applicant. Caller: the secretariat."""
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != MembershipApplication.State.SUBMITTED:
        raise RevisionError(_("This application has already been decided."))
    organisation = Organisation(
        name=application.name,
        acronym=application.acronym,
        slug=_unique_slug(application.acronym or application.name),
        status=application.status,
        college=application.college,
        country=application.country,
        region=application.region,
        website=application.website,
        description_en=application.description,
        year_joined=timezone.now().year,
        published=True,
        contact_email=application.applicant.email,
    )
    organisation.save()
    if application.logo:
        with application.logo.open("rb") as upload:
            organisation.logo = store_logo(organisation, upload, by=by)
        organisation.save(update_fields=["logo"])
    OrganisationEditor.objects.get_or_create(user=application.applicant, organisation=organisation)
    application.applicant.groups.add(Group.objects.get(name=roles.PARTNER_EDITOR))
    application.state = MembershipApplication.State.ACCEPTED
    application.organisation = organisation
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    audit.record("membership_application.accepted", application, by=by, organisation=organisation.pk)
    _tell_applicant(application)
    return application


@transaction.atomic
def decline_application(application, *, by, reason):
    """Decline a submitted application with a reason the applicant receives. Caller: the secretariat."""
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != MembershipApplication.State.SUBMITTED:
        raise RevisionError(_("This application has already been decided."))
    application.state = MembershipApplication.State.DECLINED
    application.reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    audit.record("membership_application.declined", application, by=by)
    _tell_applicant(application)
    return application


def _tell_applicant(application):
    """The applicant gets the decision once (engine key), in their language, after commit."""
    user = application.applicant
    send_once(
        f"partners:application:{application.pk}:{application.state}:{user.pk}",
        user=user,
        template="partners/email/application_decided",
        context={"application": application},
    )


CONTACT_LIMIT = 5  # messages per person per hour
CONTACT_WINDOW = 3600


class RateLimited(Exception):
    pass


def send_contact_message(organisation, *, by, message):
    """Forward a logged-in person's message to the organisation's contact address (which they never
    see), with their address as Reply-To. At most CONTACT_LIMIT messages per person per hour, counted
    in the shared cache (Redis on real services)."""
    if counters.hit(f"partners:contact:{by.pk}", CONTACT_WINDOW) > CONTACT_LIMIT:
        raise RateLimited
    if not organisation.contact_email:
        return False
    # One record per message and recipient (the engine retries a failed send, never sends twice).
    message_id = uuid.uuid4().hex
    context = {"organisation": organisation, "sender": by, "message": message}
    send_once(
        f"partners:contact:{message_id}:organisation",
        to=organisation.contact_email,
        template="partners/email/contact",
        context=context,
        reply_to=[by.email],
    )
    # The region's correspondents receive a copy, in their own language.
    for user in correspondents_of(organisation.region):
        send_once(
            f"partners:contact:{message_id}:copy:{user.pk}",
            user=user,
            template="partners/email/contact",
            context={**context, "copy": True},
            reply_to=[by.email],
        )
    return True


STALE_AFTER_DAYS = 365


def remind_stale_sheets(now=None):
    """Mail the editors of every published sheet not updated for a year (no change approved or made
    by the secretariat since, and no revision waiting for the secretariat), each in their language,
    with the link to their sheet editor. Once per sheet, editor and year of staleness: the engine key
    holds the date of the last update and the number of whole years since, so running the task again
    sends nothing and a sheet still untouched a year later gets one more reminder. Returns how many
    mails were queued. Run daily by beat (partners.tasks.remind_stale_sheets)."""
    now = now or timezone.now()
    stale = (
        Organisation.objects.filter(published=True, updated__lte=now - timedelta(days=STALE_AFTER_DAYS))
        .exclude(revisions__status=SheetRevision.Status.PENDING)
        .prefetch_related(
            Prefetch("editor_links", OrganisationEditor.objects.filter(user__is_active=True).select_related("user"))
        )
        .order_by("pk")
    )
    queued = 0
    for organisation in stale:
        years = (now - organisation.updated).days // STALE_AFTER_DAYS
        period = f"{organisation.updated:%Y-%m-%d}:{years}"
        for link in organisation.editor_links.all():
            record = send_once(
                f"partners:stale-sheet:{organisation.pk}:{period}:{link.user_id}",
                user=link.user,
                template="partners/email/stale_sheet",
                context={"organisation": organisation, "updated": organisation.updated},
            )
            queued += record is not None
    return queued
