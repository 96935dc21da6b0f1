"""The localisation rules of CMS pages, in one place (docs/architecture.md, Localisation):

- a page is *listed* (news lists, feeds, the sitemap) only when it is live, public and not an alias: an
  alias shows another language's page and is never presented as a translation; nor when an app keeps it
  for some readers only (``AppConfig.unlisted_pages``: the knowledge pages filed under a membership
  scope), which lists of that app show to those readers with ``listed(..., private=True)``;
- a page is *viewable by* a person (site search) when it is live, not an alias, not kept by an app from
  that person (``AppConfig.unlisted_pages`` called with the person: a college's knowledge pages are found
  by its members), and the person passes its view restrictions (login, groups);
- the *translations* of a page are its live, non-alias pages of other locales (hreflang, switcher);
- the *canonical* URL of an alias is its source page's URL;
- a new page, in whatever language it is written, is shown untranslated (an alias) in every other
  language (``alias_everywhere``; wagtail-localize's locale sync only copies the English tree);
- "Translate this page" over an alias makes a *draft* (``translation_starts_as_draft``).

Generic over Page subclasses: every function takes a page or a queryset of any page model.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils.module_loading import import_string
from wagtail.models import Locale, Page, PageViewRestriction, Revision


def private_pages(user=None):
    """The querysets of page ids the apps keep out of public lists (out of ``user``'s sight when given):
    each app that has such pages names a function in its AppConfig (``unlisted_pages =
    "knowledge.queries.private_page_ids"``) taking ``user=None`` and returning a lazy queryset of their
    ids, so ``listed`` and ``viewable_by`` stay one query."""
    return [
        import_string(config.unlisted_pages)(user)
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


def viewable_by(queryset, user):
    """``queryset`` (of any Page model) narrowed to live, non-alias pages ``user`` may open: of the pages
    an app keeps for some readers, those the app says ``user`` reads; pages under a login restriction
    for signed-in people, under a group restriction for members of one of its groups (and superusers, as
    Wagtail's own check), never under a password restriction (the search does not know who typed the
    password)."""
    queryset = queryset.live().filter(alias_of__isnull=True)
    for ids in private_pages(user):
        queryset = queryset.exclude(pk__in=ids)
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


def alias_everywhere(page):
    """Give ``page`` an alias in every locale where it has no page yet and its parent has one (an alias
    of a draft is a draft; publishing the page publishes its aliases). Run after a page is created in the
    CMS (``after_create_page``, after wagtail-localize's own sync of the English tree)."""
    parent = page.get_parent()
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if Page.objects.filter(translation_key=page.translation_key, locale=locale).exists():
            continue
        if parent.depth > 1 and not Page.objects.filter(translation_key=parent.translation_key, locale=locale).exists():
            continue  # a section that language does not have
        page.copy_for_translation(locale, copy_parents=True, alias=True)


def translation_starts_as_draft(sender, instance, created=False, **kwargs):
    """wagtail-localize turns an alias into the translation when someone starts translating it, and
    leaves that page live: readers would get the untranslated text as if it were the translation, in
    lists, feeds and the sitemap, before anyone has translated a word. Once that change is committed,
    such a page is a draft until its translation is published (the translation's own publication, when
    it was asked for at once, runs after this and puts it live)."""
    if not created or instance.action != "wagtail.convert_alias":
        return
    page_id = instance.page_id
    transaction.on_commit(lambda: _unpublish_unreviewed(page_id))


def _unpublish_unreviewed(page_id):
    page = Page.objects.filter(pk=page_id, live=True, alias_of__isnull=True).first()
    if page is None:
        return
    # An alias's live revision is its source's; Wagtail's own "convert alias" of a live page publishes
    # the page's first revision of its own: that page was reviewed as it is, leave it.
    if Revision.page_revisions.filter(pk=page.live_revision_id, object_id=str(page_id)).exists():
        return
    Page.objects.filter(pk=page_id).update(live=False, has_unpublished_changes=True)
