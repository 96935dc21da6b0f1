"""Views of the partners app (thin: forms, queries and services do the work)."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import compression, languages
from portal.api import refuse
from portal.forms import ALREADY_DECIDED, NOTHING_CHOSEN, posted
from portal.models import Theme
from portal.permissions import object_or_404, permission_required, require

from . import queries, services
from .cache import map_version
from .forms import ContactForm, DeclineForm, DirectoryFilterForm, MembershipForm, ReturnForm, SheetForm
from .models import MembershipApplication, Organisation, SheetRevision

PAGE_SIZE = 24
MAP_CACHE_SECONDS = 3600


@permission_required("partners.view_directory")
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(queries.directory(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partners/directory.html",
        {"form": form, "page": page, "organisations": page.object_list, "query": query.urlencode()},
    )


def detail(request, slug):
    organisation = object_or_404(request, "partners.view_organisation", queries.sheet(slug))
    return render(
        request,
        "partners/detail.html",
        {
            "organisation": organisation,
            "offices": list(organisation.offices.all()),
            "neighbours": queries.neighbours(organisation),
            "practices": list(organisation.practices.filter(published=True).order_by("name")),
            "can_edit": request.user.has_perm("partners.edit_organisation", organisation),
        },
    )


@permission_required("partners.use_sheet_editor")
def my_organisations(request):
    """A partner editor's entry point: straight to the sheet editor when they edit one organisation."""
    organisations = list(queries.editable_by(request.user))
    if len(organisations) == 1:
        return redirect("partners:edit_sheet", slug=organisations[0].slug)
    return render(request, "partners/my_organisations.html", {"organisations": organisations})


@login_required
@require_http_methods(["GET", "POST"])
def edit_sheet(request, slug):
    organisation = object_or_404(request, "partners.edit_organisation", Organisation, slug=slug)
    latest = organisation.revisions.order_by("-created", "-pk").first()
    pending = latest if latest and latest.status == SheetRevision.Status.PENDING else None
    returned = latest if latest and latest.status == SheetRevision.Status.RETURNED else None
    # A returned revision comes back into the form, so the editor fixes it instead of starting over.
    current = latest.data if (pending or returned) else services.sheet_data(organisation)
    if request.method == "POST":
        form = SheetForm(request.POST, request.FILES)
        if form.is_valid():
            services.propose_revision(
                organisation, form.revision_data(), by=request.user, logo=form.cleaned_data.get("logo")
            )
            messages.success(
                request, _("Thank you. Your changes will be published once the secretariat has reviewed them.")
            )
            return redirect("partners:edit_sheet", slug=organisation.slug)
    else:
        form = SheetForm(initial=SheetForm.initial_from(current))
    return render(
        request,
        "partners/edit_sheet.html",
        {
            "organisation": organisation,
            "form": form,
            "pending": pending,
            "returned": returned,
            "current_logo": _images([current.get("logo")]).get(current.get("logo")),
            "history": organisation.revisions.filter(status=SheetRevision.Status.APPROVED)
            .select_related("author", "decided_by")
            .order_by("-decided_at", "-pk")[:20],
        },
    )


@permission_required("partners.review_revisions")
def revisions(request):
    return render(
        request,
        "partners/revisions.html",
        {"pending": list(queries.pending_revisions()), "decided": list(queries.recent_decisions())},
    )


_LABELS = {
    "name_en": SheetForm.base_fields["name_en"].label,
    "name_fr": SheetForm.base_fields["name_fr"].label,
    "name_es": SheetForm.base_fields["name_es"].label,
    "acronym": SheetForm.base_fields["acronym"].label,
    "logo": _("Logo"),
    "description_en": SheetForm.base_fields["description_en"].label,
    "description_fr": SheetForm.base_fields["description_fr"].label,
    "description_es": SheetForm.base_fields["description_es"].label,
    "website": SheetForm.base_fields["website"].label,
    "themes": SheetForm.base_fields["themes"].label,
    "location": SheetForm.base_fields["location"].label,
}


def _display(key, value, theme_labels):
    if value in (None, "", []):
        return "—"
    if key == "themes":
        return ", ".join(theme_labels.get(code, code) for code in value)
    if key == "location":
        return f"{value[1]:.5f}, {value[0]:.5f}"
    return value


def _images(ids):
    """{id: Wagtail image} for the logo ids given (one query; unknown ids are left out)."""
    from wagtail.images import get_image_model

    wanted = [pk for pk in ids if pk]
    return {image.pk: image for image in get_image_model().objects.filter(pk__in=wanted)} if wanted else {}


def field_diff(before, after):
    """[{label, before, after, changed}] for every field of the sheet; the logo row carries the images
    (before_image, after_image), which the page shows as thumbnails."""
    theme_labels = {theme.code: theme.label for theme in Theme.objects.all()}
    images = _images([before.get("logo"), after.get("logo")])
    rows = []
    for key in services.SHEET_FIELDS:
        # A key the revision does not hold (proposed before it was part of the sheet) is not changed by it.
        old, new = before.get(key), after.get(key, before.get(key))
        row = {
            "label": _LABELS[key],
            "before": _display(key, old, theme_labels),
            "after": _display(key, new, theme_labels),
            "changed": (old or None) != (new or None),
        }
        if key == "logo":
            row["before_image"], row["after_image"] = images.get(old), images.get(new)
            row["before"] = row["after"] = "—"
        rows.append(row)
    return rows


@permission_required("partners.review_revisions")
@require_http_methods(["GET", "POST"])
def revision(request, pk):
    revision = get_object_or_404(SheetRevision.objects.select_related("organisation", "author", "decided_by"), pk=pk)
    return_form = ReturnForm()
    if request.method == "POST" and revision.status != SheetRevision.Status.PENDING:
        messages.error(request, ALREADY_DECIDED)
    elif request.method == "POST":
        if request.POST.get("action") == "approve":
            services.approve_revision(revision, by=request.user)
            messages.success(request, _("The revision is approved and the sheet is published."))
            return redirect("partners:revisions")
        if request.POST.get("action") == "return":
            return_form = ReturnForm(request.POST)
            if return_form.is_valid():
                services.return_revision(revision, by=request.user, message=return_form.cleaned_data["message"])
                messages.success(request, _("The revision was returned to the editors."))
                return redirect("partners:revisions")
        else:
            messages.error(request, NOTHING_CHOSEN)
    before = services.sheet_data(revision.organisation)
    return render(
        request,
        "partners/revision.html",
        {"revision": revision, "diff": field_diff(before, revision.data), "return_form": return_form},
    )


@permission_required("partners.view_directory")
def partner_map(request):
    form = DirectoryFilterForm(request.GET or None)
    form.fields.pop("q")
    return render(request, "partners/map.html", {"form": form})


class UnknownFilter(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


def _map_key(params):
    filters = sorted((key, params.get(key, "")) for key in ("college", "region", "country", "theme"))
    # The names are in the language asked (the map's page passes its own), so each language has its copy.
    return f"partners:map:{map_version()}:{languages.known(params.get('lang'))}:{urlencode(filters)}"


def geojson_body(params):
    """Published organisations' offices as GeoJSON (UTF-8 bytes), cached per filter set. No contact data.
    Raises UnknownFilter (the form's messages per field) for a filter value the directory does not offer."""
    key = _map_key(params)
    body = cache.get(key)
    if body is None:
        # Only valid filters reach the cache, so a warm answer needs no database at all.
        form = DirectoryFilterForm(params or None)
        if form.is_bound and not form.is_valid():
            raise UnknownFilter({field: list(messages) for field, messages in form.errors.items()})
        with translation.override(languages.known(params.get("lang"))):
            features = queries.map_features(form.cleaned_data if form.is_bound else {})
        body = json.dumps(
            {"type": "FeatureCollection", "features": features}, separators=(",", ":"), ensure_ascii=False
        ).encode()
        cache.set(key, body, MAP_CACHE_SECONDS)
    return body


def geojson(request):
    """Public API (/api/v1/partners.geojson, declared in partners/api.py): the partner map's data, with
    its compressed variants (brotli, gzip) cached beside it, so that a warm answer needs neither the
    database nor a compression."""
    require(request, "partners.view_directory")
    encoding = compression.accepted(request)
    variant = f"{_map_key(request.GET)}:{encoding}" if encoding else None
    body = cache.get(variant) if variant else None
    if body is None:
        try:
            plain = geojson_body(request.GET)
        except UnknownFilter as refused:
            return refuse(request, _("Unknown filter value."), refused.errors)
        body = compression.compress(plain, encoding, quality=9) if encoding else plain
        if encoding:
            cache.set(variant, body, MAP_CACHE_SECONDS)
    response = HttpResponse(content_type="application/geo+json")
    if encoding:
        compression.encode(response, encoding, body)
    else:
        response.content = body
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@permission_required("partners.apply_for_membership")
@require_http_methods(["GET", "POST"])
def join(request):
    """Membership application: the form, the signed declaration (PDF) and the logo."""
    if request.method == "POST":
        form = MembershipForm(request.POST, request.FILES)
        if form.is_valid():
            services.submit_application(by=request.user, **form.cleaned_data)
            messages.success(
                request, _("Thank you. The secretariat will review your application and answer you by e-mail.")
            )
            return redirect("partners:join")
    else:
        form = MembershipForm()
    return render(request, "partners/join.html", {"form": form})


@permission_required("partners.review_applications")
def applications(request):
    pending, decided = queries.applications_for_review()
    return render(request, "partners/applications.html", {"pending": list(pending), "decided": list(decided)})


@permission_required("partners.review_applications")
@require_http_methods(["GET", "POST"])
def application(request, pk):
    application = get_object_or_404(
        MembershipApplication.objects.select_related("applicant", "region", "organisation"), pk=pk
    )
    decline_form = DeclineForm()
    if request.method == "POST" and application.state != MembershipApplication.State.SUBMITTED:
        messages.error(request, ALREADY_DECIDED)
    elif request.method == "POST":
        if request.POST.get("action") == "accept":
            application = services.accept_application(application, by=request.user)
            messages.success(request, _("The application is accepted and the organisation created."))
            return redirect("partners:applications")
        if request.POST.get("action") == "decline":
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                services.decline_application(application, by=request.user, reason=decline_form.cleaned_data["reason"])
                messages.success(request, _("The application was declined."))
                return redirect("partners:applications")
        else:
            messages.error(request, NOTHING_CHOSEN)
    return render(request, "partners/application.html", {"application": application, "decline_form": decline_form})


@permission_required("partners.review_applications")
def application_declaration(request, pk):
    """The signed declaration of an application, for the secretariat only (404 for everyone else)."""
    application = get_object_or_404(MembershipApplication.objects.exclude(declaration=""), pk=pk)
    return FileResponse(
        application.declaration.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{slugify(application.name) or 'application'}-declaration.pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact(request, slug):
    """ "Contact this partner": the message goes through the portal; the address is never shown."""
    organisation = object_or_404(request, "partners.contact_organisation", Organisation, slug=slug)
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.send_contact_message(organisation, by=request.user, message=form.cleaned_data["message"])
        except services.RateLimited:
            form.add_error(None, _("You have sent many messages in the last hour. Please try again later."))
        else:
            messages.success(request, _("Your message was sent to %(name)s.") % {"name": organisation.name})
            return redirect(organisation)
    return render(request, "partners/contact.html", {"organisation": organisation, "form": form})
