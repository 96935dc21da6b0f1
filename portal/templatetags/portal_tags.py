from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """One entry per language: the same page in that language.

    For a CMS page it is the page's translation (or the locale's home while it has none); for any
    other page, the same URL under the other language prefix. The switcher and the hreflang links
    both use this, so they always agree.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    translations = {}
    if page is not None and hasattr(page, "get_translations"):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            url = translation.get_url(request)
            if url:
                translations[translation.locale.language_code] = url
    path = request.get_full_path()
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    entries = []
    for code, _name in settings.LANGUAGES:
        if page is not None and hasattr(page, "get_translations"):
            url = translations.get(code) or f"/{code}/"
        else:
            url = translate_url(path, code)
        info = get_language_info(code)
        entries.append({"code": code, "name_local": info["name_local"], "url": url, "current": code == current})
    return entries


@register.filter
def absolute(url, request):
    return request.build_absolute_uri(url) if request is not None else url
