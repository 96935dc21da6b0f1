from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from practices import api as practices_api

from . import views

# The Django admin logs in through allauth (rate limits, MFA) like everything else.
admin.site.login = secure_admin_login(admin.site.login)

portal_patterns = (
    [
        path("my/", views.dashboard, name="dashboard"),
        # Events calendars (iCalendar): all events, one world region, one event.
        path("feeds/events.ics", views.events_calendar, name="events_ics"),
        path("feeds/events/<slug:region>.ics", views.events_calendar, name="events_region_ics"),
        path("feeds/event/<int:pk>.ics", views.event_ics, name="event_ics"),
    ],
    "portal",
)

urlpatterns = [
    path("health/", views.health, name="health"),
    # Public read API, not language-prefixed (DESIGN.md URL contract).
    path("api/v1/", include((practices_api.urlpatterns, "api"))),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("partners.api_urls")),
    # RFC 8058 one-click unsubscribe: the address in List-Unsubscribe has no language prefix.
    path("newsletter/", include("newsletter.unprefixed_urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include(portal_patterns)),
    path("", include("partners.urls")),
    path("practices/", include("practices.urls")),
    path("newsletter/", include("newsletter.urls")),
    # The annual call: /calls/, /my/proposals/, /review/, /funders/.
    path("", include("projects.urls")),
    # Wagtail's catch-all comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
