from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LoginView as WagtailLoginView
from wagtail.documents import urls as wagtaildocs_urls

from . import views

# The Django admin logs in through allauth (rate limits, MFA) like everything else.
admin.site.login = secure_admin_login(admin.site.login)

portal_patterns = (
    [path("my/", views.dashboard, name="dashboard")],
    "portal",
)

urlpatterns = [
    path("health/", views.health, name="health"),
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
    # The annual call: /calls/, /my/proposals/, /review/, /funders/.
    path("", include("projects.urls")),
    # Wagtail's catch-all comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
