"""Template tags other apps' pages use to show practices, so that those apps never import practices
(partners ← practices: practices knows partners, not the other way round)."""

from django import template

from .. import queries

register = template.Library()


@register.inclusion_tag("practices/includes/used_by.html")
def practices_used_by_initiative(initiative):
    """The heading and list of the published practices ``initiative`` uses (nothing when none)."""
    return {"practices": list(queries.used_by_initiative(initiative))}
