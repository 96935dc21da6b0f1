"""{% space_panel panel %}: a panel of a college or region space (portal.spaces.SpacePanel), rendered with
its own context (plus the request, for csrf and the person), as portal/spaces.py promises providers."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def space_panel(context, panel):
    request = context.get("request")
    return render_to_string(panel.template, {**panel.context, "panel": panel}, request=request)
