"""Thin views: public sign-up, confirmation, one-click unsubscribe and archive; the secretariat's
editions, progress, preview and test send."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.forms import posted
from portal.net import client_ip
from portal.permissions import object_or_404, permission_required

from . import contacts, editions, press, queries, subscriptions
from .content import edition_content, labelled
from .forms import (
    EditionFromPageForm,
    ImportForm,
    MediaContactFilterForm,
    MediaContactForm,
    PreferencesForm,
    PressArchiveFilterForm,
    PressItemForm,
    SubscribeForm,
    TestSendForm,
)
from .models import LANGUAGE_CHOICES, Edition, MediaContact


def _client_ip(request):
    return client_ip(request)


@permission_required("newsletter.subscribe")
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            subscriptions.subscribe(
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                themes=form.cleaned_data["themes"],
                regions=form.cleaned_data["regions"],
                press_review=form.cleaned_data["press_review"],
                user=request.user,
            )
            return redirect("newsletter:subscribe_sent")
    else:
        initial = {"email": request.user.email} if request.user.is_authenticated else {}
        form = SubscribeForm(initial=initial)
    return render(request, "newsletter/subscribe.html", {"form": form})


@permission_required("newsletter.subscribe")
def subscribe_sent(request):
    return render(request, "newsletter/subscribe_sent.html")


@never_cache
@permission_required("newsletter.subscribe")
def confirm(request, token):
    try:
        subscriptions.confirm(token, ip=_client_ip(request))
    except subscriptions.InvalidToken as error:
        return render(request, "newsletter/confirm_invalid.html", {"expired": error.expired}, status=400)
    return render(request, "newsletter/confirmed.html")


@csrf_exempt  # RFC 8058: the mail client POSTs without a session or CSRF token; the signed token is the proof.
@never_cache
@permission_required("newsletter.unsubscribe")
def unsubscribe(request, token):
    if request.method == "POST":
        try:
            subscriptions.unsubscribe(token)
        except subscriptions.InvalidToken:
            return render(request, "newsletter/unsubscribe_invalid.html", status=400)
        return render(request, "newsletter/unsubscribed.html")
    try:
        subscriptions.check_unsubscribe_token(token)
    except subscriptions.InvalidToken:
        return render(request, "newsletter/unsubscribe_invalid.html", status=400)
    return render(request, "newsletter/unsubscribe.html", {"token": token})


@csrf_exempt  # RFC 8058, as above: the digest's List-Unsubscribe address.
@never_cache
@permission_required("newsletter.unsubscribe")
def press_unsubscribe(request, token):
    """Stop the weekly press review only; the page offers the newsletter's own unsubscribe next."""
    try:
        if request.method == "POST":
            subscriber = subscriptions.unsubscribe_press_review(token)
        else:
            subscriber = subscriptions.subscriber_from_token(token, salt=subscriptions.PRESS_UNSUBSCRIBE_SALT)
    except subscriptions.InvalidToken:
        return render(request, "newsletter/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        context = {"newsletter_token": subscriptions.unsubscribe_token(subscriber), "subscriber": subscriber}
        return render(request, "newsletter/press_unsubscribed.html", context)
    return render(request, "newsletter/press_unsubscribe.html", {"token": token})


@permission_required("newsletter.view_archive")
def archive(request):
    language = (get_language() or "en")[:2]
    return render(request, "newsletter/archive.html", {"editions": queries.archive(language)})


def archive_detail(request, key):
    edition = object_or_404(
        request, "newsletter.view_archived_edition", Edition.objects.select_related("page"), key=key
    )
    language = (get_language() or "en")[:2]
    content = edition_content(edition, language)
    sections = labelled(content.sections)
    return render(
        request, "newsletter/archive_detail.html", {"edition": edition, "content": content, "sections": sections}
    )


@permission_required("newsletter.manage_editions")
def edition_list(request):
    return render(request, "newsletter/edition_list.html", {"editions": queries.editions_with_progress()})


def _detail_context(edition, test_form=None):
    return {
        "edition": edition,
        "progress": editions.progress(edition),
        "test_form": test_form or TestSendForm(initial={"language": (get_language() or "en")[:2]}),
        "languages": LANGUAGE_CHOICES,
    }


@permission_required("newsletter.manage_editions")
def edition_detail(request, pk):
    edition = get_object_or_404(Edition.objects.select_related("page"), pk=pk)
    return render(request, "newsletter/edition_detail.html", _detail_context(edition))


@permission_required("newsletter.manage_editions")
def edition_new(request):
    """Make the edition to send of a newsletter page composed in the CMS (the CMS's "Send as a
    newsletter" button comes here with ?page=<id>)."""
    if request.method == "POST":
        form = EditionFromPageForm(request.POST)
        if form.is_valid():
            try:
                edition = editions.create_edition_from_page(
                    form.cleaned_data["page"], by_interest=form.cleaned_data["by_interest"], by=request.user
                )
            except editions.EditionFromPageError as error:
                form.add_error("page", str(error))
            else:
                messages.success(request, _("The edition is ready: preview it, send a test, then start sending."))
                return redirect(edition)
        return render(request, "newsletter/edition_new.html", {"form": form}, status=400)
    form = EditionFromPageForm(initial={"page": request.GET.get("page")})
    return render(request, "newsletter/edition_new.html", {"form": form})


@permission_required("newsletter.manage_editions")
@never_cache
def edition_progress(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    return JsonResponse(editions.progress(edition))


def _interests(data):
    """Interests to preview or test with: ?theme=code&region=code (several allowed)."""
    return (set(data.getlist("theme")), set(data.getlist("region")))


@permission_required("newsletter.manage_editions")
def edition_preview(request, pk, language):
    """The e-mail as readers of ``language`` get it; for an edition sent by interest, as readers with
    the interests given in the query (?theme=...&region=...), everything when none is given."""
    edition = get_object_or_404(Edition.objects.select_related("page"), pk=pk)
    if language not in dict(LANGUAGE_CHOICES):
        raise Http404
    rendered = editions.render_edition(edition, language, unsubscribe="#", interests=_interests(request.GET))
    return HttpResponse(rendered.html)


@permission_required("newsletter.manage_editions")
def edition_start(request, pk):
    """Starting a send mails every active subscriber: this page first says how many (per language, and
    per interest for an edition sent by interest); only its POST starts."""
    edition = get_object_or_404(Edition.objects.select_related("page"), pk=pk)
    if edition.status != Edition.Status.DRAFT:
        messages.error(
            request,
            _("This cannot be done while the edition is %(status)s.") % {"status": edition.get_status_display()},
        )
        return redirect(edition)
    if request.method == "POST":
        try:
            editions.start_sending(edition, by=request.user)
        except editions.EditionStateError:
            messages.error(request, _("This edition has already been started."))
        else:
            messages.success(request, _("Sending has started."))
        return redirect(edition)
    return render(
        request,
        "newsletter/edition_start.html",
        {"edition": edition, "recipients": queries.recipient_counts(edition)},
    )


ACTIONS = {
    "pause": editions.pause_sending,
    "resume": editions.resume_sending,
    "cancel": editions.cancel_sending,
}


@permission_required("newsletter.manage_editions")
@require_POST
def edition_action(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    if request.POST.get("action") == "start":  # never on a single click: the confirmation page first
        return redirect("newsletter:edition_start", pk=edition.pk)
    action = ACTIONS.get(request.POST.get("action"))
    if action is None:
        messages.error(request, _("Unknown action."))
        return redirect(edition)
    try:
        action(edition, by=request.user)
    except editions.EditionStateError:
        messages.error(
            request,
            _("This cannot be done while the edition is %(status)s.") % {"status": edition.get_status_display()},
        )
    return redirect(edition)


@permission_required("newsletter.manage_editions")
@require_POST
def edition_test_send(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    form = TestSendForm(request.POST)
    if form.is_valid():
        editions.send_test(
            edition,
            form.cleaned_data["addresses"],
            language=form.cleaned_data["language"],
            interests=(
                {t.code for t in form.cleaned_data["themes"]},
                {r.code for r in form.cleaned_data["regions"]},
            ),
        )
        messages.success(
            request, _("Test sent to %(count)d address(es).") % {"count": len(form.cleaned_data["addresses"])}
        )
        return redirect(edition)
    return render(request, "newsletter/edition_detail.html", _detail_context(edition, form), status=400)


@permission_required("newsletter.manage_editions")
def subscribers_export(request):
    from portal.exports import csv_response

    rows = subscriptions.export_rows(queries.subscribers_for_export())
    return csv_response("subscribers.csv", rows, header=subscriptions.export_columns())


@permission_required("newsletter.manage_editions")
def subscribers_import(request):
    import csv
    import io

    from portal.exports import keyed_rows

    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = io.TextIOWrapper(form.cleaned_data["file"], encoding="utf-8-sig")
                rows = keyed_rows(csv.DictReader(text), subscriptions.export_columns())
                report = subscriptions.import_subscribers(rows)
            except (UnicodeDecodeError, csv.Error):
                form.add_error("file", _("This file is not a UTF-8 CSV file."))
    else:
        form = ImportForm()
    return render(request, "newsletter/subscribers_import.html", {"form": form, "report": report})


@csrf_exempt  # a provider's server calls it; the HMAC signature of the body is the proof
@require_POST
def bounce_webhook(request):
    import hmac
    import json

    given = request.headers.get("X-Signature", "")
    if not hmac.compare_digest(given, subscriptions.webhook_signature(request.body)):
        return JsonResponse({"error": "bad signature"}, status=403)
    try:
        events = json.loads(request.body)
        events = events if isinstance(events, list) else [events]
        with transaction.atomic():  # all events of a call or none
            for event in events:
                subscriptions.record_bounce(event["email"], event["type"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse({"error": "expected {email, type: hard|soft|complaint}"}, status=400)
    return JsonResponse({"ok": True, "events": len(events)})


@permission_required("newsletter.manage_own_subscription")
def my_subscription(request):
    """A logged-in person's own subscription: subscribe, change language and interests, unsubscribe."""
    subscriber = subscriptions.subscription_of(request.user)
    initial = {}
    if subscriber is not None:
        initial = {
            "language": subscriber.language,
            "themes": list(subscriber.themes.all()),
            "regions": list(subscriber.regions.all()),
            "press_review": subscriber.press_review,
        }
    form = PreferencesForm(posted(request), initial=initial)
    if request.method == "POST":
        if "unsubscribe" in request.POST:
            subscriptions.unsubscribe_account(request.user)
            messages.success(request, _("You are unsubscribed. You will get no more newsletters."))
            return redirect("newsletter:mine")
        if form.is_valid():
            subscriber = subscriptions.subscribe_account(
                request.user,
                language=form.cleaned_data["language"],
                themes=form.cleaned_data["themes"],
                regions=form.cleaned_data["regions"],
                press_review=form.cleaned_data["press_review"],
                ip=client_ip(request),
            )
            if subscriber.status == subscriber.Status.SUPPRESSED:
                messages.error(
                    request, _("We cannot send newsletters to this address. Please contact the secretariat.")
                )
            else:
                messages.success(request, _("Your newsletter subscription is saved."))
            return redirect("newsletter:mine")
    return render(request, "newsletter/my_subscription.html", {"form": form, "subscriber": subscriber})


@permission_required("newsletter.view_press_review")
def press_review(request):
    """The public press review, newest first, 20 a page, filtered by theme, region, outlet and language
    (a GET form); the published weekly issues are linked beside it."""
    form = PressArchiveFilterForm(request.GET or None)
    page = Paginator(press.press_items(**form.filters()), press.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "newsletter/press/list.html",
        {
            "form": form,
            "page": page,
            "items": page.object_list,
            "query": query.urlencode(),
            "latest_weeks": press.published_weeks()[:5],
            "can_add": request.user.has_perm("newsletter.add_press_item"),
            "can_manage_contacts": request.user.has_perm("newsletter.manage_media_contacts"),
        },
    )


@permission_required("newsletter.view_press_week")
def press_weeks(request):
    """Every published weekly issue, newest first."""
    return render(request, "newsletter/press/weeks.html", {"weeks": press.published_weeks()})


@permission_required("newsletter.view_press_week")
def press_week(request, week):
    """One weekly issue: the articles added that ISO week (what its digest mailed). A week that names
    no week, has not ended yet or has no article is a 404."""
    try:
        start, end = press.week_bounds(week)
    except ValueError:
        raise Http404 from None
    if not press.is_published_week(week):
        raise Http404
    items = list(press.week_items(week))
    if not items:
        raise Http404
    previous, following = press.neighbour_weeks(week)
    return render(
        request,
        "newsletter/press/week.html",
        {
            "week": week,
            "start": start,
            "last_day": (end - datetime.timedelta(days=1)).date(),
            "items": items,
            "previous": previous,
            "next": following,
        },
    )


@never_cache
@permission_required("newsletter.add_press_item")
def press_add(request):
    """The secretariat and regional correspondents add an article; a URL already in the review is
    refused with the earlier entry named, and what was typed stays in the form."""
    form = PressItemForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = press.add_press_item(by=request.user, **data)
        except ValidationError as error:  # a duplicate added meanwhile, or the model's own rules
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, _("“%(title)s” is in the press review.") % {"title": item.title})
            return redirect("newsletter:press")
    status = 400 if request.method == "POST" else 200
    return render(request, "newsletter/press/add.html", {"form": form}, status=status)


@never_cache
@permission_required("newsletter.manage_media_contacts")
def media_contacts(request):
    """The secretariat's media contacts: search, filters, 50 a page, the export of what is shown."""
    form = MediaContactFilterForm(request.GET or None)
    page = Paginator(contacts.search(**form.filters()), contacts.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "newsletter/press/contacts.html",
        {"form": form, "page": page, "contacts": page.object_list, "query": query.urlencode()},
    )


@never_cache
@permission_required("newsletter.manage_media_contacts")
def media_contacts_export(request, fmt):
    """The contacts the list's filters select, as CSV or XLSX (portal.exports neutralises formulas)."""
    from portal import exports

    form = MediaContactFilterForm(request.GET or None)
    rows = contacts.export_rows(contacts.search(**form.filters()))
    if fmt == "xlsx":
        return exports.xlsx_response(
            "media-contacts.xlsx", rows, header=contacts.export_columns(), title=_("Media contacts")
        )
    return exports.csv_response("media-contacts.csv", rows, header=contacts.export_columns())


@never_cache
@permission_required("newsletter.manage_media_contacts")
def media_contact_edit(request, pk=None):
    """Add (no ``pk``) or change a media contact; the edit page can also delete it."""
    contact = get_object_or_404(MediaContact, pk=pk) if pk else MediaContact()
    if request.method == "POST" and "delete" in request.POST and contact.pk:
        contacts.delete_contact(contact, by=request.user)
        messages.success(request, _("The contact is deleted."))
        return redirect("newsletter:media_contacts")
    form = MediaContactForm(posted(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        contacts.save_contact(form.save(commit=False), by=request.user, beats=form.cleaned_data["beats"])
        messages.success(request, _("The contact is saved."))
        return redirect("newsletter:media_contacts")
    status = 400 if request.method == "POST" else 200
    return render(request, "newsletter/press/contact_form.html", {"form": form, "contact": contact}, status=status)
