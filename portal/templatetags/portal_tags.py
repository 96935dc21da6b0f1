from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from portal import localisation

register = template.Library()

# The image shown by link previews (Open Graph, Twitter cards) when a page has none of its own.
DEFAULT_SHARE_IMAGE = "img/share-default.png"
# Attributes of a page model that may hold its share image, in order of preference.
SHARE_IMAGE_FIELDS = ("social_image", "lead_image", "image")


def _is_cms_page(page):
    return page is not None and hasattr(page, "get_translations")


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """One entry per language of ``settings.LANGUAGES`` for the switcher: ``url`` is the same page in
    that language, and ``available`` says whether it really exists there.

    For a CMS page it is its live, non-alias translation; when there is none, the entry points at that
    language's home page with ``available`` false (the switcher says so). For any other page, the same
    URL under the other language prefix. hreflang links use only the available entries.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    translations = None
    if _is_cms_page(page):
        translations = {code: p.get_url(request) for code, p in localisation.live_translations(page).items()}
    path = request.get_full_path()
    entries = []
    for code, _name in settings.LANGUAGES:
        if translations is not None:
            url = translations.get(code)
            available = bool(url)
            url = url or f"/{code}/"
        else:
            url, available = translate_url(path, code), True
        info = get_language_info(code)
        with translation.override(code):
            missing = _("not translated yet")
        entries.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": url,
                "current": code == current,
                "available": available,
                "missing_note": missing,
            }
        )
    return entries


@register.simple_tag(takes_context=True)
def page_meta(context):
    """What the <head> says about the page: canonical URL, share image, and, for an alias, the
    language its content is written in (``content_lang``) so the template can mark and announce it."""
    request = context.get("request")
    page = context.get("page")
    meta = {"canonical": "", "image": "", "content_lang": "", "og_type": "website"}
    if request is None:
        return meta
    if _is_cms_page(page):
        meta["canonical"] = localisation.canonical_url(page, request)
        if localisation.is_alias(page):
            meta["content_lang"] = page.alias_of.locale.language_code
        source = localisation.source_of(page).specific
        if hasattr(source, "date"):
            meta["og_type"] = "article"
        for field in SHARE_IMAGE_FIELDS:
            image = getattr(source, field, None)
            if image is not None and hasattr(image, "get_rendition"):
                meta["image"] = request.build_absolute_uri(image.get_rendition("fill-1200x630").url)
                break
    else:
        meta["canonical"] = request.build_absolute_uri(request.path)
    if not meta["image"]:
        meta["image"] = request.build_absolute_uri(static(DEFAULT_SHARE_IMAGE))
    return meta


@register.filter
def language_name(code):
    """The name of a language in the reader's language ("anglais" for "en" on the French site)."""
    return get_language_info(code)["name_translated"]


@register.filter
def absolute(url, request):
    return request.build_absolute_uri(url) if request is not None else url
