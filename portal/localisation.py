"""The localisation rules of CMS pages, in one place (docs/architecture.md, Localisation):

- a page is *listed* (news lists, feeds, the sitemap) only when it is live, public and not an alias: an
  alias shows another language's page and is never presented as a translation;
- a page is *viewable by* a person (site search) when it is live, not an alias and the person passes
  its view restrictions (login, groups);
- the *translations* of a page are its live, non-alias pages of other locales (hreflang, switcher);
- the *canonical* URL of an alias is its source page's URL.

Generic over Page subclasses: every function takes a page or a queryset of any page model.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction


def listed(queryset):
    """``queryset`` (of any Page model) narrowed to what readers may be shown in lists."""
    return queryset.live().public().filter(alias_of__isnull=True)


def viewable_by(queryset, user):
    """``queryset`` (of any Page model) narrowed to live, non-alias pages ``user`` may open: pages
    under a login restriction for signed-in people, under a group restriction for members of one of
    its groups (and superusers, as Wagtail's own check), never under a password restriction (the
    search does not know who typed the password)."""
    queryset = queryset.live().filter(alias_of__isnull=True)
    restrictions = list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))
    if not restrictions:
        return queryset
    signed_in = getattr(user, "is_authenticated", False) and user.is_active
    groups = None
    hidden = Q()
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN and signed_in:
            continue
        if restriction.restriction_type == PageViewRestriction.GROUPS and signed_in:
            if user.is_superuser:
                continue
            if groups is None:
                groups = set(user.groups.values_list("pk", flat=True))
            if groups & {group.pk for group in restriction.groups.all()}:
                continue
        hidden |= Q(path__startswith=restriction.page.path)
    return queryset.exclude(hidden) if hidden else queryset


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
