"""Every state change of the practices database goes through these functions.

A sheet's content travels as a plain dict (``sheet_data``): translated fields with their language
suffix (``name_fr``), vocabulary codes for the many-to-many fields, and lists for steps, measurements
and references. Drafts store it, versions snapshot it, the importer and the demo build it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal import audit, roles
from portal.geo import parse_geojson_4326
from portal.mail import send_once
from portal.models import Region, Theme

from .models import (
    Category,
    ClimateZone,
    LandUse,
    Measurement,
    Photo,
    Practice,
    PracticeDraft,
    PracticeVersion,
    Reference,
    SoilClass,
    SoilGroup,
    Step,
)

# The translated fields (name_fr...) exist for these languages, in fallback order.
LANGUAGES = settings.LANGUAGE_CODES
TRANSLATED = ("name", "definition", "description", "introduction", "co_benefits", "adoption")
PLAIN = (
    "local_name",
    "measure_type",
    "contributor",
    "licence",
    "wocat_code",
    "wocat_url",
    "doi",
    "teca_url",
    "video_url",
    "evidence",
    "rainfall_min_mm",
    "rainfall_max_mm",
    "altitude_min_m",
    "altitude_max_m",
    "water_supply",
    "currency",
    "original_language",
)
DECIMALS = ("cost_establishment", "cost_maintenance")
VOCABULARIES = {
    "climate_zones": ClimateZone,
    "soil_groups": SoilGroup,
    "soil_classes": SoilClass,
    "land_uses": LandUse,
    "themes": Theme,
    "regions": Region,
}
MEASUREMENT_FIELDS = (
    "site",
    "country",
    "baseline_stock",
    "rate",
    "duration_years",
    "depth_from_cm",
    "depth_to_cm",
    "reference_practice",
    "method",
    "source",
)


def _first(values):
    """The first non-empty value (the translations in the order of LANGUAGES)."""
    return next((value for value in values if value), "")


def _related(practice, name):
    """The rows of a relation of ``practice``, from its prefetch cache when a bulk caller filled it."""
    if not practice.pk:
        return []
    manager = getattr(practice, name)
    if name == "measurements" and name not in getattr(practice, "_prefetched_objects_cache", {}):
        return list(manager.select_related("climate_zone", "soil_group"))
    return list(manager.all())


def sheet_data(practice):
    """The content of a sheet as a JSON-serialisable dict (relations read from the prefetch cache if
    there is one, so that a batch of sheets costs a query per relation, not per sheet)."""
    data = {f"{field}_{lang}": getattr(practice, f"{field}_{lang}") or "" for field in TRANSLATED for lang in LANGUAGES}
    for field in PLAIN:
        data[field] = getattr(practice, field)
    for field in DECIMALS:
        value = getattr(practice, field)
        data[field] = str(value) if value is not None else None
    data["category"] = practice.category.code if practice.category_id else ""
    data["countries"] = [c.code for c in practice.countries]
    data["documented_on"] = practice.documented_on.isoformat() if practice.documented_on else None
    data["location"] = [[p.x, p.y] for p in practice.location] if practice.location else []
    for field in VOCABULARIES:
        data[field] = sorted(o.code for o in _related(practice, field))
    data["steps"] = [
        {
            "phase": s.phase,
            **{f"{f}_{lang}": getattr(s, f"{f}_{lang}") or "" for f in ("text", "timing") for lang in LANGUAGES},
        }
        for s in _related(practice, "steps")
    ]
    data["measurements"] = [
        {
            **{f: (str(getattr(m, f)) if getattr(m, f) is not None else None) for f in MEASUREMENT_FIELDS},
            "climate_zone": m.climate_zone.code if m.climate_zone_id else "",
            "soil_group": m.soil_group.code if m.soil_group_id else "",
        }
        for m in _related(practice, "measurements")
    ]
    data["organisations"] = sorted(o.slug for o in _related(practice, "organisations"))
    data["initiatives"] = sorted(i.slug for i in _related(practice, "initiatives"))
    data["photos"] = [
        {"image": p.image_id, **{f"caption_{lang}": getattr(p, f"caption_{lang}") or "" for lang in LANGUAGES}}
        for p in _related(practice, "photos")
    ]
    data["references"] = [{"citation": r.citation, "doi": r.doi} for r in _related(practice, "references")]
    return data


def _vocabulary(model, code, field, errors):
    if not code:
        return None
    try:
        return model.objects.get(code=code)
    except model.DoesNotExist:
        errors.setdefault(field, []).append(_("Unknown code “%(code)s”.") % {"code": code})
        return None


def _decimal(value, field, errors):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        errors.setdefault(field, []).append(_("Enter a number."))
        return None


def _assign_fields(practice, data, errors, context=None):
    """Set the sheet's own fields from ``data`` (not its related rows); problems go to ``errors``.
    ``context`` (a SheetContext) answers category codes and free slugs from memory."""
    for field in TRANSLATED:
        for lang in LANGUAGES:
            key = f"{field}_{lang}"
            if key in data:
                setattr(practice, key, data[key] or "")
    # modeltranslation: the untranslated attribute mirrors the default language.
    practice.name = _first(getattr(practice, f"name_{lang}") for lang in LANGUAGES)
    practice.definition = _first(getattr(practice, f"definition_{lang}") for lang in LANGUAGES)
    for field in PLAIN:
        if field in data and data[field] is not None:
            setattr(practice, field, data[field])
    for field in DECIMALS:
        if field in data:
            setattr(practice, field, _decimal(data[field], field, errors))
    if "category" in data:
        if context is None:
            practice.category = _vocabulary(Category, data["category"], "category", errors)
        else:
            practice.category = context.term(Category, data["category"], "category", errors)
        if practice.category is None:
            errors.setdefault("category", []).append(_("Choose a category."))
    if "countries" in data:
        practice.countries = data["countries"]
    if data.get("documented_on"):
        practice.documented_on = data["documented_on"]
    if "location" in data:
        points = data["location"] or []
        if points:
            geojson = {"type": "MultiPoint", "coordinates": points}
            try:
                practice.location = parse_geojson_4326(geojson)
            except ValidationError as error:
                errors.setdefault("location", []).extend(error.messages)
        else:
            practice.location = None
    if not practice.slug:
        practice.slug = unique_slug(practice.name or "practice") if context is None else context.slug(practice.name)
    if not practice.name:
        errors.setdefault("name_en", []).append(_("Give the practice a name in at least one language."))


@transaction.atomic
def apply_sheet_data(practice, data):
    """Write ``data`` into ``practice`` (saved, with its related rows replaced). Raises ValidationError
    naming the fields at fault; the surrounding transaction then leaves nothing half-written."""
    errors = {}
    _assign_fields(practice, data, errors)
    if errors:
        raise ValidationError(errors)
    try:
        practice.full_clean(exclude=["slug", "owner", "search_text"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    practice.save()

    for field, model in VOCABULARIES.items():
        if field in data:
            codes = data[field] or []
            objects = list(model.objects.filter(code__in=codes))
            missing = set(codes) - {o.code for o in objects}
            if missing:
                errors.setdefault(field, []).append(
                    _("Unknown codes: %(codes)s.") % {"codes": ", ".join(sorted(missing))}
                )
            getattr(practice, field).set(objects)
    if "organisations" in data:
        from partners.models import Organisation

        slugs = data["organisations"] or []
        found = list(Organisation.objects.filter(slug__in=slugs, published=True))
        missing = set(slugs) - {o.slug for o in found}
        if missing:
            errors.setdefault("organisations", []).append(
                _("Unknown partners: %(slugs)s.") % {"slugs": ", ".join(sorted(missing))}
            )
        practice.organisations.set(found)
    if "initiatives" in data:
        from partners.models import Initiative

        slugs = data["initiatives"] or []
        found = list(Initiative.objects.filter(slug__in=slugs, published=True))
        missing = set(slugs) - {i.slug for i in found}
        if missing:
            errors.setdefault("initiatives", []).append(
                _("Unknown initiatives: %(slugs)s.") % {"slugs": ", ".join(sorted(missing))}
            )
        practice.initiatives.set(found)
    if "steps" in data:
        practice.steps.all().delete()
        positions = {}
        for step in data["steps"] or []:
            phase = step.get("phase") or Step.Phase.ESTABLISHMENT
            positions[phase] = positions.get(phase, 0) + 1
            Step.objects.create(
                practice=practice,
                phase=phase,
                position=positions[phase],
                **{f"{f}_{lang}": step.get(f"{f}_{lang}", "") or "" for f in ("text", "timing") for lang in LANGUAGES},
                text=_first(step.get(f"text_{lang}") for lang in LANGUAGES),
            )
    if "measurements" in data:
        practice.measurements.all().delete()
        for index, row in enumerate(data["measurements"] or [], start=1):
            measurement = Measurement(practice=practice)
            for f in MEASUREMENT_FIELDS:
                if row.get(f) not in (None, ""):
                    setattr(measurement, f, row[f])
            measurement.climate_zone = _vocabulary(ClimateZone, row.get("climate_zone"), "measurements", errors)
            measurement.soil_group = _vocabulary(SoilGroup, row.get("soil_group"), "measurements", errors)
            try:
                measurement.full_clean(exclude=["practice"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.setdefault("measurements", []).extend(
                        _("Result %(n)s, %(field)s: %(message)s") % {"n": index, "field": field, "message": m}
                        for m in messages
                    )
                continue
            measurement.save()
    if "photos" in data:
        practice.photos.all().delete()
        for position, row in enumerate(data["photos"] or []):
            captions = {f"caption_{lang}": row.get(f"caption_{lang}", "") or "" for lang in LANGUAGES}
            caption = _first(captions[f"caption_{lang}"] for lang in LANGUAGES)
            Photo.objects.create(
                practice=practice, image_id=row["image"], position=position, caption=caption, **captions
            )
    if "references" in data:
        practice.references.all().delete()
        for row in data["references"] or []:
            if row.get("citation"):
                Reference.objects.create(practice=practice, citation=row["citation"], doi=row.get("doi", ""))
    if errors:
        raise ValidationError(errors)
    refresh_max_rate(practice)
    return practice


def refresh_max_rate(practice):
    practice.max_rate = practice.measurements.aggregate(m=Max("rate"))["m"]
    Practice.objects.filter(pk=practice.pk).update(max_rate=practice.max_rate)


def unique_slug(name):
    base = slugify(name)[:100] or "practice"
    slug, n = base, 1
    while Practice.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def publish_practice(practice, *, by=None):
    """Make the sheet public and keep a snapshot of what was published. ``by`` is None for the importer
    and the demo data."""
    practice.published = True
    practice.published_at = timezone.now()
    practice.save(update_fields=["published", "published_at"])
    number = (practice.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    PracticeVersion.objects.create(
        practice=practice, number=number, data=sheet_data(practice), published_at=practice.published_at, published_by=by
    )
    audit.record("practice.published", practice, by=by, version=number)
    return practice


@transaction.atomic
def unpublish_practice(practice, *, by):
    """Take a published sheet off the public database (its versions stay; publishing it again makes a
    new version). Caller: the secretariat."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not practice.published:
        raise ValidationError(_("This practice is not published."))
    practice.published = False
    practice.save(update_fields=["published"])
    audit.record("practice.unpublished", practice, by=by)
    return practice


class SheetContext:
    """What a batch of imported sheets looks up, read once: vocabulary terms, taken slugs and codes."""

    def __init__(self):
        self.terms = {Category: {c.code: c for c in Category.objects.all()}}
        for model in VOCABULARIES.values():
            self.terms[model] = {t.code: t for t in model.objects.all()}
        self.slugs = set(Practice.objects.values_list("slug", flat=True))
        self.codes = dict(Practice.objects.exclude(wocat_code="").values_list("wocat_code", "pk"))

    def term(self, model, code, field, errors):
        if not code:
            return None
        found = self.terms[model].get(code)
        if found is None:
            errors.setdefault(field, []).append(_("Unknown code “%(code)s”.") % {"code": code})
        return found

    def slug(self, name):
        base = slugify(name or "")[:100] or "practice"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug


# What an imported sheet may carry: its fields and vocabularies (no steps, results, photos or links).
IMPORTABLE_RELATIONS = ("climate_zones", "soil_groups", "soil_classes", "land_uses", "themes", "regions")


def _check_ranges(practice, errors):
    """The sheet's CheckConstraints, asked in Python (Django asks the database, once per constraint)."""
    for low, high in (("rainfall_min_mm", "rainfall_max_mm"), ("altitude_min_m", "altitude_max_m")):
        low_value, high_value = getattr(practice, low), getattr(practice, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            errors.setdefault(high, []).append(_("The upper bound is below the lower one."))


def publish_imported(items, *, context, by=None):
    """Create or update and publish a batch of imported sheets: ``items`` is a list of
    ``(key, practice or None, data)``; returns ``[(key, practice or ValidationError)]``.

    The same fields, validation and published version as apply_sheet_data + publish_practice, but a
    batch costs a few queries per relation instead of some thirty per sheet: each sheet is saved in its
    own savepoint (a refused sheet leaves nothing), its vocabularies and versions are written together.
    ``data`` holds fields and IMPORTABLE_RELATIONS only."""
    from django.db import IntegrityError

    now = timezone.now()
    results, saved = [], []
    for key, practice, data in items:
        extra = set(data) & {"steps", "measurements", "photos", "references", "organisations", "initiatives"}
        if extra:
            raise ValueError(f"publish_imported does not write {sorted(extra)}: use apply_sheet_data")
        practice = practice or Practice(original_language=data.get("original_language", "en"))
        errors, relations = {}, {}
        _assign_fields(practice, data, errors, context)
        code = practice.wocat_code
        if code and context.codes.get(code, practice.pk) != practice.pk:
            errors.setdefault("wocat_code", []).append(_("Another sheet has this WOCAT code."))
        for field in IMPORTABLE_RELATIONS:
            if field in data:
                model = VOCABULARIES[field]
                relations[field] = [t for c in data[field] or [] if (t := context.term(model, c, field, errors))]
        if not errors:
            try:
                # The category came from the context (it exists): asking the database again is waste.
                practice.full_clean(
                    exclude=["slug", "owner", "search_text", "category"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                errors = error.message_dict
        _check_ranges(practice, errors)
        if errors:
            results.append((key, ValidationError(errors)))
            continue
        practice.published, practice.published_at = True, now
        try:
            with transaction.atomic():
                practice.save()
        except IntegrityError as error:
            results.append((key, ValidationError({"__all__": [str(error)]})))
            continue
        if code:
            context.codes[code] = practice.pk
        saved.append((practice, relations))
        results.append((key, practice))
    if not saved:
        return results
    practices = [practice for practice, _relations in saved]
    for field in IMPORTABLE_RELATIONS:
        written = [(p, r[field]) for p, r in saved if field in r]
        if not written:
            continue
        through = getattr(Practice, field).through
        column = VOCABULARIES[field]._meta.model_name + "_id"
        through.objects.filter(practice_id__in=[p.pk for p, _terms in written]).delete()
        through.objects.bulk_create(
            [through(practice_id=p.pk, **{column: t.pk}) for p, terms in written for t in terms], ignore_conflicts=True
        )
    prefetch_related_objects(
        practices,
        "category",
        *VOCABULARIES,
        "steps",
        Prefetch("measurements", queryset=Measurement.objects.select_related("climate_zone", "soil_group")),
        "organisations",
        "initiatives",
        "photos",
        "references",
    )
    numbers = dict(
        PracticeVersion.objects.filter(practice__in=practices)
        .values_list("practice")
        .annotate(n=Max("number"))
        .values_list("practice", "n")
    )
    PracticeVersion.objects.bulk_create(
        PracticeVersion(
            practice=p, number=numbers.get(p.pk, 0) + 1, data=sheet_data(p), published_at=now, published_by=by
        )
        for p in practices
    )
    return results


# --- Contribution and moderation --------------------------------------------------------------------
def store_photos(rows, *, attached, language):
    """Photo rows of a proposal form → draft data. New uploads become Wagtail images now (so a draft can
    be left and resumed); rows may only keep images the draft already had."""
    from wagtail.images.models import Image

    photos = []
    for row in rows:
        if not row or not row.get("caption"):
            continue
        caption = {f"caption_{language}": row["caption"]}
        if row.get("image"):
            image = Image.objects.create(title=row["caption"][:255], file=row["image"])
            photos.append({"image": image.pk, **caption})
        elif row.get("image_id") in attached:
            photos.append({**attached[row["image_id"]], **caption})
    return photos


@transaction.atomic
def save_draft(*, author, data, draft=None, practice=None, proposal_key=None):
    """Create or update an author's draft (a new sheet, or an edit of ``practice``). ``proposal_key``
    names the proposal form: the same form sent twice updates the draft its first submit created."""
    if draft is None and proposal_key is not None:
        draft = PracticeDraft.objects.select_for_update().filter(author=author, proposal_key=proposal_key).first()
    if draft is None:
        if practice is not None:
            draft = PracticeDraft.objects.filter(
                practice=practice, author=author, status__in=["draft", "submitted", "returned"]
            ).first()
        draft = draft or PracticeDraft(
            author=author, practice=practice, data=sheet_data(practice) if practice else {}, proposal_key=proposal_key
        )
    if draft.status == PracticeDraft.Status.PUBLISHED:
        raise ValidationError(_("This proposal is already published."))
    draft.data = {**draft.data, **data}
    draft.status = PracticeDraft.Status.DRAFT
    draft.save()
    return draft


@transaction.atomic
def delete_draft(draft, *, by):
    """The author withdraws a proposal that is not published (a published one is the sheet's history)."""
    draft = PracticeDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.author_id != by.pk:
        raise ValidationError(_("Only the author can delete this proposal."))
    if draft.status == PracticeDraft.Status.PUBLISHED:
        raise ValidationError(_("This proposal is already published."))
    audit.record("practice_draft.deleted", draft, by=by, title=str(draft))
    draft.delete()


@transaction.atomic
def submit_draft(draft, *, by, language=None):
    if draft.author_id != by.pk:
        raise ValidationError(_("Only the author can submit this proposal."))
    check_complete(draft.data, language=language)
    already = draft.status == PracticeDraft.Status.SUBMITTED
    draft.status = PracticeDraft.Status.SUBMITTED
    draft.save(update_fields=["status", "updated"])
    if not already:
        _tell_reviewers(draft)
    return draft


def _tell_reviewers(draft):
    """Those who review practice drafts (the secretariat) get one mail per submission, each in their
    language, after commit (a draft returned and submitted again is a new submission)."""
    for user in roles.members(roles.SECRETARIAT):
        send_once(
            f"practices:draft:{draft.pk}:submitted:{draft.updated.isoformat()}:{user.pk}",
            user=user,
            template="practices/email/draft_submitted",
            context={"draft": draft, "name": _first_name(draft.data)},
        )


def _first_name(data):
    """The draft's name in the first language that has one (the portal's usual fallback order)."""
    for code in settings.LANGUAGE_CODES:
        if data.get(f"name_{code}"):
            return data[f"name_{code}"]
    return ""


def check_complete(data, *, language=None):
    """Raise ValidationError naming what a sheet still lacks. A missing name or definition is the
    field of ``language`` (the form's page), else of the language the sheet was written in."""
    errors = {}
    language = language if language in LANGUAGES else data.get("original_language")
    language = language if language in LANGUAGES else LANGUAGES[0]
    if not any(data.get(f"name_{lang}") for lang in LANGUAGES):
        errors[f"name_{language}"] = [_("Give the practice a name in at least one language.")]
    if not any(data.get(f"definition_{lang}") for lang in LANGUAGES):
        errors[f"definition_{language}"] = [_("Define the practice in one sentence.")]
    if not data.get("category"):
        errors["category"] = [_("Choose a category.")]
    if not data.get("measure_type"):
        errors["measure_type"] = [_("Choose a measure type.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publish_draft(draft, *, by):
    """The secretariat publishes a submitted proposal: a new sheet, or the new version of a published one."""
    draft = PracticeDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.status != PracticeDraft.Status.SUBMITTED:
        raise ValidationError(_("Only submitted proposals can be published."))
    check_complete(draft.data)
    practice = draft.practice or Practice(
        owner=draft.author, original_language=draft.data.get("original_language", "en")
    )
    apply_sheet_data(practice, draft.data)
    publish_practice(practice, by=by)
    draft.practice = practice
    draft.status = PracticeDraft.Status.PUBLISHED
    draft.decided_by = by
    draft.decided_at = timezone.now()
    draft.save()
    audit.record("practice_draft.published", draft, by=by, practice=practice.pk)
    return practice


@transaction.atomic
def return_draft(draft, *, by, comment):
    if draft.status != PracticeDraft.Status.SUBMITTED:
        raise ValidationError(_("Only submitted proposals can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what should change.")]})
    draft.status = PracticeDraft.Status.RETURNED
    draft.comment = comment
    draft.decided_by = by
    draft.decided_at = timezone.now()
    draft.save()
    audit.record("practice_draft.returned", draft, by=by)
    return draft
