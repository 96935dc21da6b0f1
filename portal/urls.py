from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LoginView as WagtailLoginView
from wagtail.documents import urls as wagtaildocs_urls

from . import sitemaps, views
from .permissions import permission_required

public = permission_required("portal.view_site")

# The Django admin logs in through allauth (rate limits, MFA) like everything else.
admin.site.login = secure_admin_login(admin.site.login)

portal_patterns = (
    [
        path("my/", views.dashboard, name="dashboard"),
        path("my/data/", views.my_data, name="my_data"),
        path("my/data.json", views.my_data_json, name="my_data_json"),
        path("my/data/erase/", views.erase_my_account, name="erase_account"),
        path("search/", views.search, name="search"),
        path("feeds/news.rss", views.news_rss, name="news_rss"),
        path("feeds/news.atom", views.news_atom, name="news_atom"),
        path("feeds/press.rss", views.press_releases_rss, name="press_rss"),
        path("feeds/press.atom", views.press_releases_atom, name="press_atom"),
        path("feeds/events.rss", views.events_rss, name="events_rss"),
        path("feeds/events.atom", views.events_atom, name="events_atom"),
        # Events calendars (iCalendar): all events, one world region, one event.
        path("feeds/events.ics", views.events_calendar, name="events_ics"),
        path("feeds/events/<slug:region>.ics", views.events_calendar, name="events_region_ics"),
        path("feeds/event/<int:pk>.ics", views.event_ics, name="event_ics"),
    ],
    "portal",
)

urlpatterns = [
    path("health/", views.health, name="health"),
    # Crawlers (no language prefix): robots.txt and the sitemap index of one sitemap per language.
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", public(sitemap_views.index), {"sitemaps": sitemaps.sitemaps(), "sitemap_url_name": "sitemap"}),
    path("sitemap-<section>.xml", public(sitemap_views.sitemap), {"sitemaps": sitemaps.sitemaps()}, name="sitemap"),
    # Public read API, not language-prefixed (DESIGN.md URL contract).
    path("api/v1/", include("practices.api_urls")),
    path("django-admin/", admin.site.urls),
    # Wagtail's own login form would skip allauth's second factor and limits: it sends to allauth too.
    path("cms/login/", secure_admin_login(WagtailLoginView.as_view()), name="cms_login"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # RFC 8058 one-click unsubscribe: the address in List-Unsubscribe has no language prefix.
    path("newsletter/", include("newsletter.unprefixed_urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include(portal_patterns)),
    path("", include("partners.urls")),
    path("practices/", include("practices.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("forum/", include("forum.urls")),
    # The annual call: /calls/, /my/proposals/, /review/, /funders/.
    path("", include("projects.urls")),
    # Friends, members, college and region spaces: /friends/join/, /members/, /colleges/, /regions/.
    path("", include("community.urls")),
    # The knowledge bank's page history: /knowledge/<pk>/history/ (its pages are Wagtail's).
    path("", include("knowledge.urls")),
    # Wagtail's catch-all comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
