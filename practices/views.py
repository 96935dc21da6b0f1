import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.permissions import object_or_404, permission_required

from . import queries, services
from .forms import (
    DraftForm,
    MeasurementFormSet,
    PhotoFormSet,
    ReferenceFormSet,
    ReturnForm,
    StepFormSet,
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
    selected = {key: set(request.GET.getlist(key)) for key in queries.FACETS}
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


@permission_required("practices.propose")
@require_http_methods(["GET", "POST"])
def draft_edit(request, pk=None, slug=None):
    """Propose a new sheet (no pk), resume a draft (pk) or start an edit of a published sheet (slug)."""
    draft, practice = None, None
    if pk is not None:
        draft = object_or_404(request, "practices.edit_draft", PracticeDraft.objects.select_related("practice"), pk=pk)
        practice = draft.practice
    elif slug is not None:
        practice = object_or_404(request, "practices.view_practice", Practice, slug=slug)
    language = get_language()
    data = draft.data if draft else services.sheet_data(practice) if practice else {}
    form = DraftForm(request.POST or None, initial=DraftForm.initial_from(data, language))
    steps = StepFormSet(request.POST or None, prefix="steps", initial=steps_initial(data.get("steps"), language))
    results = MeasurementFormSet(request.POST or None, prefix="results", initial=data.get("measurements") or [])
    references = ReferenceFormSet(request.POST or None, prefix="references", initial=data.get("references") or [])
    attached = {row["image"]: row for row in data.get("photos") or []}
    photos = PhotoFormSet(
        request.POST or None,
        request.FILES or None,
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
        data.setdefault("original_language", language)
        draft = services.save_draft(author=request.user, data=data, draft=draft, practice=practice)
        context["draft"] = draft
        if "submit" in request.POST:
            try:
                services.submit_draft(draft, by=request.user)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
                messages.warning(request, _("Your draft is saved, but it is not complete yet."))
                return render(request, "practices/draft_form.html", context)
            messages.success(request, _("Thank you: your proposal was sent to the secretariat."))
            return redirect("practices:my_drafts")
        messages.success(request, _("Draft saved. You can come back to it from “My practices”."))
        return redirect("practices:draft_edit", pk=draft.pk)
    return render(request, "practices/draft_form.html", context)


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
