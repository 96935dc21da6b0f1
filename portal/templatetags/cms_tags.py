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


@register.simple_tag(takes_context=True)
def cms_links(context):
    """The navigation's and footer's links (portal.navigation.site_links)."""
    from ..navigation import site_links

    return site_links(context.get("request"))
