"""The localisation rules of CMS pages, in one place (docs/architecture.md, Localisation):

- a page is *listed* (news lists, feeds, the sitemap, search) only when it is live, public and not an
  alias: an alias shows another language's page and is never presented as a translation; nor when an app
  keeps it for some readers only (``AppConfig.unlisted_pages``: the knowledge pages filed under a
  membership scope), which lists of that app show to those readers with ``listed(..., private=True)``;
- the *translations* of a page are its live, non-alias pages of other locales (hreflang, switcher);
- the *canonical* URL of an alias is its source page's URL.

Generic over Page subclasses: every function takes a page or a queryset of any page model.
"""

from django.apps import apps
from django.utils.module_loading import import_string
from wagtail.models import Page


def private_pages():
    """The querysets of page ids the apps keep out of public lists: each app that has such pages names a
    function in its AppConfig (``unlisted_pages = "knowledge.queries.private_page_ids"``) returning a
    lazy queryset of their ids, so ``listed`` stays one query."""
    return [
        import_string(config.unlisted_pages)()
        for config in apps.get_app_configs()
        if getattr(config, "unlisted_pages", None)
    ]


def listed(queryset, *, private=False):
    """``queryset`` (of any Page model) narrowed to what readers may be shown in lists. ``private=True``
    keeps the pages an app shows to some readers only: the caller narrows them to its reader itself."""
    queryset = queryset.live().public().filter(alias_of__isnull=True)
    if not private:
        for ids in private_pages():
            queryset = queryset.exclude(pk__in=ids)
    return queryset


def is_alias(page):
    return page is not None and getattr(page, "alias_of_id", None) is not None


def source_of(page):
    """The page whose content an alias shows (the page itself when it is not an alias)."""
    return page.alias_of if is_alias(page) else page


def live_translations(page):
    """{language code: page} of the live, non-alias pages in any locale sharing ``page``'s
    translation key (the page itself included when it is one of them). Private pages are kept: their
    translations are private too, and the lists (sitemap, feeds, search) leave them out already."""
    pages = (
        Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True).live().select_related("locale")
    )
    return {p.locale.language_code: p for p in pages}


def canonical_url(page, request=None):
    """The absolute URL search engines should index for ``page``: an alias points at its source."""
    url = source_of(page).get_url(request)
    return request.build_absolute_uri(url) if request is not None else source_of(page).get_full_url()
