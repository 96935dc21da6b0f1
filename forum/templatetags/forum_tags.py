from django import template
from django.conf import settings
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_label(code):
    """The name of a post's language in the reader's language (French, francés)."""
    if code not in dict(settings.LANGUAGES):
        return code
    return get_language_info(code)["name_translated"]
