"""Views of the site shell: health check and the signed-in person's dashboard."""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from . import calendars, counters, desk, languages, privacy, roles, services
from .forms import ContactForm, EraseAccountForm, posted
from .models import Region
from .net import client_ip
from .pages import EventPage
from .permissions import permission_required, require

# A visitor (one address) may send this many messages through the contact form per hour.
CONTACT_LIMIT = 5
CONTACT_WINDOW = 3600


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    key = "health:probe"
    value = str(time.time())
    cache.set(key, value, 10)
    # django-redis ignores a Redis that is down (a miss, a dropped write): a lost value is the sign.
    if cache.get(key) != value:
        raise ConnectionError("the cache did not keep a value")


def _check_broker():
    from .celery import app, broker_is_back

    if app.conf.task_always_eager:
        return "eager"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    broker_is_back()
    return "ok"


# The database is required: without it nothing works (503). Redis (cache and broker) is not: the
# portal still serves every page without it (the cache degrades, rate limits fail open, recorded
# work waits in the database), so it is reported as "degraded" with a 200, and a load balancer
# or the container's health check keeps sending traffic (docs/security.md, "Faults").
REQUIRED = {"database"}


@never_cache
@permission_required("portal.view_health")
def health(request):
    """Each dependency's state; 503 when a required one (the database) is down, 200 with
    ``"status": "degraded"`` and the names under ``"down"`` when only the cache or broker is."""
    report = {}
    down = []
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            outcome = check()
            report[name] = outcome or "ok"
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is a failed check
            down.append(name)
            report[name] = f"error: {exc.__class__.__name__}"
    report["down"] = down
    if REQUIRED.intersection(down):
        report["status"] = "error"
    else:
        report["status"] = "degraded" if down else "ok"
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)


@permission_required("portal.view_dashboard")
def dashboard(request):
    names = roles.group_names(request.user)
    my_roles = [label for key, label in roles.GROUPS.items() if key in names]
    return render(
        request,
        "portal/dashboard.html",
        {"my_roles": my_roles, "work_queues": desk.work_queues(request.user), "debug": settings.DEBUG},
    )


@permission_required("portal.export_own_data")
def my_data(request):
    """What the portal holds about the signed-in person, the download button and the way to erase the
    account."""
    can_erase = request.user.has_perm("portal.erase_own_account") and not request.user.is_superuser
    return render(request, "portal/my_data.html", {"can_erase": can_erase})


@permission_required("portal.export_own_data")
def my_data_json(request):
    """The signed-in person's data as JSON (portal.privacy.export_data), as a download."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    body = json.dumps(privacy.export_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data-4p1000.json"'
    return response


@permission_required("portal.erase_own_account")
def erase_my_account(request):
    """Say exactly what goes and what stays anonymised, ask for the password and a confirmation, then
    erase (portal.privacy.erase_account) and sign out."""
    from django.contrib.auth import logout

    if request.user.is_superuser:  # passes every rule; refused here (privacy.ErasureRefused)
        raise Http404
    form = EraseAccountForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        privacy.erase_account(user, by=user)
        logout(request)
        messages.success(request, _("Your account has been erased. A last e-mail confirms it."))
        return redirect("/")
    return render(request, "portal/erase_account.html", {"form": form})


# Paths crawlers must not visit; the language-prefixed ones also under every language prefix.
ROBOTS_DISALLOW = ["/cms/", "/django-admin/"]
ROBOTS_DISALLOW_PREFIXED = ["/accounts/", "/my/", "/review/"]


@permission_required("portal.view_site")
def robots_txt(request):
    """Crawlers stay out of the admins, accounts and personal spaces, and find the sitemap index."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW + ROBOTS_DISALLOW_PREFIXED]
    lines += [f"Disallow: /{code}{path}" for path in ROBOTS_DISALLOW_PREFIXED for code in languages.codes()]
    lines.append(f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@permission_required("portal.view_site")
def search(request):
    """Site search in the current language, across every kind registered in portal.sitesearch. Each
    ``type`` keeps that kind (one kind: its full list, up to 50 results); a kind's own filters (events:
    ``when``, ``region``) are further GET parameters. Results are those the person may see."""
    from . import sitesearch

    query = request.GET.get("q", "")[:200]
    only = [code for code in request.GET.getlist("type") if code in sitesearch.KINDS]
    found = sitesearch.search(
        query,
        get_language(),
        only=only or None,
        limit=50 if len(only) == 1 else 10,
        user=request.user,
        params=request.GET,
    )
    kinds, chosen = [], {}
    for kind in sitesearch.KINDS.values():
        filters = []
        for item in kind.filters:
            choices = item.choices()
            value = request.GET.get(item.name, "")
            value = value if value in {code for code, _label in choices} else ""
            if value:
                chosen[item.name] = value
            filters.append((item, choices, value))
        kinds.append({"kind": kind, "checked": kind.code in only, "filters": filters})
    return render(
        request,
        "portal/search.html",
        {
            "query": query.strip(),
            "only": only,
            "found": found,
            "kinds": kinds,
            "language": get_language(),
            # The links to one type keep the chosen filters ("&amp;when=past").
            "filter_query": "".join(f"&{name}={quote(value)}" for name, value in chosen.items()),
        },
    )


@permission_required("portal.view_site")
def news_rss(request):
    from . import feeds

    return feeds.NewsFeed()(request)


@permission_required("portal.view_site")
def news_atom(request):
    from . import feeds

    return feeds.NewsAtomFeed()(request)


@permission_required("portal.view_site")
def press_releases_rss(request):
    from . import feeds

    return feeds.PressReleaseFeed()(request)


@permission_required("portal.view_site")
def press_releases_atom(request):
    from . import feeds

    return feeds.PressReleaseAtomFeed()(request)


@permission_required("portal.view_site")
def events_rss(request):
    from . import feeds

    return feeds.EventFeed()(request)


@permission_required("portal.view_site")
def events_atom(request):
    from . import feeds

    return feeds.EventAtomFeed()(request)


def _locale():
    try:
        return Locale.objects.get(language_code=get_language())
    except Locale.DoesNotExist as exc:
        raise Http404 from exc


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required("portal.view_event_calendar")
def events_calendar(request, region=None):
    """Every published event of the current language (or of one world region) as an iCalendar feed."""
    region_obj = get_object_or_404(Region, code=region) if region else None
    name = _("4 per 1000 events")
    if region_obj is not None:
        name = f"{name} · {region_obj.label}"
    content = calendars.calendar_for(calendars.published_events(_locale(), region_obj), request, name=name)
    return _ics(content, f"events-{region or 'all'}.ics")


@permission_required("portal.view_event_calendar")
def event_ics(request, pk):
    """One event as an .ics file to import (a live, public event page; anything else is a 404)."""
    page = get_object_or_404(EventPage.objects.live().public(), pk=pk)
    return _ics(calendars.calendar_for([page], request), f"{page.slug}.ics")


def contact_page(request, page):
    """The contact page (a Wagtail ContactPage), served through portal.wagtail_hooks: the form on GET,
    the message on POST. A refused form (errors, too many messages) shows again with what was typed."""
    require(request, "portal.send_contact_message")
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request) or "unknown"
        if counters.hit(f"portal:contact:{ip}", CONTACT_WINDOW) > CONTACT_LIMIT:
            form.add_error(None, _("Too many messages from your connection. Please try again in an hour."))
        else:
            data = form.cleaned_data
            services.send_contact_message(
                page,
                by=request.user,
                name=data["name"],
                email=data["email"],
                subject=data["subject"],
                message=data["message"],
                language=get_language(),
            )
            messages.success(request, page.thanks or _("Thank you: your message was sent to the secretariat."))
            return redirect(page.get_url(request))
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=400 if form.errors else 200)
