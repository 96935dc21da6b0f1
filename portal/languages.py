"""The languages of the portal, read from ``settings.LANGUAGES`` when asked (not copied at import), so
that every place which lists or accepts a language follows the settings.

Loops over translated model fields (``name_fr``...) use ``settings.LANGUAGE_CODES`` instead: those
fields are built once, at start-up, from the same list."""

from django.conf import settings


def codes():
    """The codes of ``settings.LANGUAGES``, in their order ("en", "fr", "es")."""
    return tuple(code for code, _name in settings.LANGUAGES)


def known(code):
    """``code`` if it is one of the portal's languages, else the default language."""
    return code if code in codes() else settings.LANGUAGE_CODE
