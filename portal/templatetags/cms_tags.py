"""Template helpers of the CMS pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The escapes of Django's json_script: nothing inside can close the <script> element or start markup.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """``data`` as a schema.org JSON-LD block: a non-executable <script type="application/ld+json">,
    serialised with json_script's escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


# Top-level pages the navigation and the footer link to, by page type (model name).
_LINKED_TYPES = {
    "newsindexpage": "news",
    "eventindexpage": "events",
    "pressreleaseindexpage": "press_releases",
    "presskitpage": "press_kit",
    "aboutpage": "about",
    "contactpage": "contact",
}


@register.simple_tag(takes_context=True)
def cms_links(context):
    """URLs of the current language's top-level CMS pages: news, events, press releases, press kit,
    about, contact, privacy, legal and press (the page with the English slug "press" under the home
    page, in its current-language version). One query per request, cached on the request."""
    from django.conf import settings
    from django.db.models import Exists, OuterRef, Subquery
    from django.utils.translation import get_language
    from wagtail.models import Page

    from ..pages import LegalPage

    request = context.get("request")
    if request is not None and hasattr(request, "_cms_links"):
        return request._cms_links
    press = Page.objects.filter(
        translation_key=OuterRef("translation_key"), depth=3, slug="press", locale__language_code=settings.LANGUAGE_CODE
    )
    pages = (
        Page.objects.live()
        .filter(locale__language_code=get_language(), depth=3)
        .select_related("content_type")
        .annotate(
            is_press=Exists(press),
            legal_kind=Subquery(LegalPage.objects.filter(pk=OuterRef("pk")).values("kind")[:1]),
        )
        .only("id", "url_path", "path", "depth", "translation_key", "locale_id", "content_type")
        .order_by("path")
    )
    links = {}
    for page in pages:
        name = _LINKED_TYPES.get(page.content_type.model) or page.legal_kind
        if name:
            links.setdefault(name, page.get_url(request))
        if page.is_press:
            links["press"] = page.get_url(request)
    links.setdefault("press", links.get("press_releases") or links.get("press_kit") or "")
    if request is not None:
        request._cms_links = links
    return links
