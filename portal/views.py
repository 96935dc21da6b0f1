"""Views of the site shell: health check and the signed-in person's dashboard."""

import time

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

from . import calendars, counters, roles, services
from .forms import ContactForm
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
    if cache.get(key) != value:
        raise RuntimeError("cache did not return the value it was given")


def _check_broker():
    from .celery import app

    if app.conf.task_always_eager:
        return "eager"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
@permission_required("portal.view_health")
def health(request):
    """200 when the database, the cache and the Celery broker all answer, 503 otherwise."""
    report = {}
    healthy = True
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            outcome = check()
            report[name] = outcome or "ok"
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is a failed check
            healthy = False
            report[name] = f"error: {exc.__class__.__name__}"
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)


@permission_required("portal.view_dashboard")
def dashboard(request):
    names = roles.group_names(request.user)
    my_roles = [label for key, label in roles.GROUPS.items() if key in names]
    return render(
        request,
        "portal/dashboard.html",
        {"my_roles": my_roles, "debug": settings.DEBUG},
    )


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
    form = ContactForm(request.POST or None)
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
