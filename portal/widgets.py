"""Form widgets the portal's pages share."""

import functools
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.safestring import mark_safe
from django_countries import countries


class LongSelect(forms.Select):
    """A ``<select>`` of hundreds of options (the 250 countries), written with plain string operations.
    Django's Select builds a context dictionary and renders a template for every option, and the
    escaping helpers check each argument for lazy text: for the country list that was most of the
    partner directory's time. Same markup as Select (tests/portal/test_widgets.py compares them)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        chosen = False

        def option(choice_value, label):
            nonlocal chosen
            text = "" if choice_value is None else str(choice_value)
            mark = ""
            if text in selected and (self.allow_multiple_selected or not chosen):
                mark, chosen = " selected", True
            return f'<option value="{escape(text)}"{mark}>{escape(str(label))}</option>'

        parts = []
        for choice_value, label in self.choices:
            if isinstance(label, list | tuple):
                inner = "".join(option(v, sub_label) for v, sub_label in label)
                parts.append(f'<optgroup label="{escape(str(choice_value))}">{inner}</optgroup>')
            else:
                parts.append(option(choice_value, label))
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final_attrs)}>{"".join(parts)}</select>')  # noqa: S308 (every value escaped)


@functools.cache
def _country_choices(language):
    return tuple(countries)


def country_choices():
    """The (code, name) pairs of every country, by name in the active language. django-countries
    translates and sorts the 250 names each time it is iterated; they are read once per language."""
    return list(_country_choices(translation.get_language()))
