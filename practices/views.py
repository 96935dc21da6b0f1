import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.forms import NOTHING_CHOSEN, posted, posted_files
from portal.permissions import object_or_404, permission_required, require

from . import glossary, queries, services
from .forms import (
    DraftForm,
    MeasurementFormSet,
    PhotoFormSet,
    ReferenceFormSet,
    ReturnForm,
    StepFormSet,
    error_summary,
    measurements_data,
    sort_choices,
    steps_data,
    steps_initial,
)
from .models import Practice, PracticeDraft
from .pdf import render_sheet

PAGE_SIZE = 20


@permission_required("practices.view_list")
def practice_list(request):
    language = get_language()
    queryset, sort = queries.filtered(request.GET, language)
    # Counts (cached per filter set until a sheet changes) give the paginator its total too.
    facets = queries.facet_counts(queryset, request.GET, language)
    paginator = queries.CountedPaginator(queries.for_list(queryset), PAGE_SIZE, facets["total"])
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    selected = {key: set(request.GET.getlist(key)) for key in queries.FACET_KEYS}
    facets = {**facets, "chosen": bool(queries.selected_facets(request.GET))}
    for key, explanations in (("climate", glossary.CLIMATE_ZONES), ("soil", glossary.SOIL_GROUPS)):
        for term, _n in facets[key]:
            term.help = explanations.get(term.code.lower(), "")
    return render(
        request,
        "practices/list.html",
        {
            "page": page,
            "facets": facets,
            "selected": selected,
            "query": request.GET.get("q", ""),
            "sort": sort,
            "sorts": sort_choices(),
            "params": params.urlencode(),
            "get": request.GET,
        },
    )


def _practice(request, slug):
    return object_or_404(request, "practices.view_practice", queries.for_detail(Practice.objects.all()), slug=slug)


def practice_detail(request, slug):
    practice = _practice(request, slug)
    return render(request, "practices/detail.html", {"practice": practice})


def practice_pdf(request, slug):
    practice = _practice(request, slug)
    response = HttpResponse(render_sheet(practice, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{practice.slug}.pdf"'
    return response


@permission_required("practices.view_list")
def practice_compare(request):
    # ?ids=1,2,3 (shareable) or ?ids=1&ids=2 (the list's checkboxes).
    raw = ",".join(request.GET.getlist("ids"))
    try:
        ids = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        ids = []
    practices = list(queries.for_detail(queries.public()).filter(pk__in=ids))
    practices.sort(key=lambda p: ids.index(p.pk))
    error = ""
    if not 2 <= len(practices) <= 4:
        error = _("Choose two to four published practices to compare.")
    return render(request, "practices/compare.html", {"practices": practices, "error": error})


# --- Contribution ---------------------------------------------------------------------------------


@permission_required("practices.propose")
def my_drafts(request):
    drafts = PracticeDraft.objects.filter(author=request.user).select_related("practice")
    return render(request, "practices/my_drafts.html", {"drafts": drafts})


# The Friends' sign-up, once the community pages provide it (the first of these names that exists).
FRIENDS_SIGNUP_URLS = ("portal:friends_join", "portal:friend_signup", "community:join")


def _friends_signup_url():
    for name in FRIENDS_SIGNUP_URLS:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


@permission_required("practices.view_propose_page")
@require_http_methods(["GET", "POST"])
def propose(request):
    """A new proposal; a signed-in person who may not propose learns who may and how to become one."""
    if not request.user.has_perm("practices.propose"):
        return render(request, "practices/who_may_propose.html", {"friends_signup_url": _friends_signup_url()})
    return draft_edit(request)


@permission_required("practices.propose")
@require_http_methods(["GET", "POST"])
def draft_edit(request, pk=None, slug=None):
    """Propose a new sheet (no pk), resume a draft (pk) or start an edit of a published sheet (slug).

    Post/redirect/get: a saved draft is shown at its own address. The form carries a proposal key, so
    that sending the same new proposal twice (a double click, the back button) keeps one draft."""
    draft, practice = None, None
    if pk is not None:
        draft = object_or_404(request, "practices.edit_draft", PracticeDraft.objects.select_related("practice"), pk=pk)
        practice = draft.practice
    elif slug is not None:
        practice = object_or_404(request, "practices.view_practice", Practice, slug=slug)
    language = get_language()
    key = _proposal_key(request) if draft is None and practice is None else None
    if key is not None and draft is None:
        draft = PracticeDraft.objects.filter(author=request.user, proposal_key=key).first()
        if draft is not None:
            require(request, "practices.edit_draft", draft)
    data = draft.data if draft else services.sheet_data(practice) if practice else {}
    initial = {**DraftForm.initial_from(data, language), "proposal_key": key or uuid.uuid4()}
    form = DraftForm(posted(request), initial=initial, language=language)
    steps = StepFormSet(posted(request), prefix="steps", initial=steps_initial(data.get("steps"), language))
    results = MeasurementFormSet(posted(request), prefix="results", initial=data.get("measurements") or [])
    references = ReferenceFormSet(posted(request), prefix="references", initial=data.get("references") or [])
    attached = {row["image"]: row for row in data.get("photos") or []}
    photos = PhotoFormSet(
        posted(request),
        posted_files(request),
        prefix="photos",
        initial=[
            {"image_id": image, "caption": row.get(f"caption_{language}") or row.get("caption_en") or ""}
            for image, row in attached.items()
        ],
    )
    context = {
        "form": form,
        "steps": steps,
        "results": results,
        "references": references,
        "photos": photos,
        "draft": draft,
        "practice": practice,
    }
    formsets_valid = all([steps.is_valid(), results.is_valid(), references.is_valid(), photos.is_valid()])
    if request.method == "POST" and form.is_valid() and formsets_valid:
        data = form.sheet_data(language)
        data["steps"] = steps_data(steps, language)
        data["measurements"] = measurements_data(results)
        data["references"] = [row for row in references.cleaned_data if row and row.get("citation")]
        data["photos"] = services.store_photos(photos.cleaned_data, attached=attached, language=language)
        if not (draft and draft.data.get("original_language")):
            data["original_language"] = language
        draft = services.save_draft(author=request.user, data=data, draft=draft, practice=practice, proposal_key=key)
        context["draft"] = draft
        if "submit" in request.POST:
            try:
                services.submit_draft(draft, by=request.user, language=language)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
                messages.warning(request, _("Your draft is saved, but it is not complete yet."))
                context["errors"] = error_summary(form, steps, results, references, photos)
                return render(request, "practices/draft_form.html", context)
            messages.success(request, _("Thank you: your proposal was sent to the secretariat."))
            return redirect("practices:my_drafts")
        messages.success(request, _("Draft saved. You can come back to it from “My practices”."))
        return redirect("practices:draft_edit", pk=draft.pk)
    if request.method == "POST":
        context["errors"] = error_summary(form, steps, results, references, photos)
    return render(request, "practices/draft_form.html", context)


def _proposal_key(request):
    """The key of a new proposal's form, as posted (None on a GET or when it is not a UUID)."""
    try:
        return uuid.UUID(request.POST.get("proposal_key", ""))
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def draft_delete(request, pk):
    """The author deletes a draft, after confirming."""
    draft = object_or_404(request, "practices.delete_draft", PracticeDraft.objects.select_related("practice"), pk=pk)
    if request.method == "POST":
        title = str(draft)
        services.delete_draft(draft, by=request.user)
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": title})
        return redirect("practices:my_drafts")
    return render(request, "practices/draft_delete.html", {"draft": draft})


@permission_required("practices.moderate")
def review_queue(request):
    drafts = PracticeDraft.objects.filter(status=PracticeDraft.Status.SUBMITTED).select_related("author", "practice")
    return render(request, "practices/review_queue.html", {"drafts": drafts})


@permission_required("practices.moderate")
@require_http_methods(["GET", "POST"])
def review_draft(request, pk):
    draft = object_or_404(
        request, "practices.moderate_draft", PracticeDraft.objects.select_related("author", "practice"), pk=pk
    )
    return_form = ReturnForm(request.POST if request.POST.get("action") == "return" else None)
    if request.method == "POST":
        try:
            with transaction.atomic():
                if request.POST.get("action") == "publish":
                    practice = services.publish_draft(draft, by=request.user)
                    messages.success(request, _("Published: %(name)s.") % {"name": practice.name})
                    return redirect(practice.get_absolute_url())
                if return_form.is_valid():
                    services.return_draft(draft, by=request.user, comment=return_form.cleaned_data["comment"])
                    messages.success(request, _("The proposal was returned to its author."))
                    return redirect("practices:review_queue")
                if not return_form.is_bound:
                    messages.error(request, NOTHING_CHOSEN)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    current = services.sheet_data(draft.practice) if draft.practice else {}
    changes = [
        (key, current.get(key), value)
        for key, value in sorted(draft.data.items())
        if value not in (None, "", []) or current.get(key) not in (None, "", [])
        if current.get(key) != value
    ]
    return render(
        request,
        "practices/review_draft.html",
        {"draft": draft, "changes": changes, "return_form": return_form, "data_json": json.dumps(draft.data)},
    )
