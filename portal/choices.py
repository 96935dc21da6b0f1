"""Choices shared by the site shell and the domain apps. They live in portal because the CMS pages
(a training course for a college) use them and portal imports no domain app; partners re-exports
``College`` from its models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class College(models.TextChoices):
    STATES = "states", _("States and local authorities")
    INTERNATIONAL = "international", _("International organisations")
    DONORS = "donors", _("Public or private donors and foundations")
    FARMERS = "farmers", _("Farmers' and foresters' organisations")
    RESEARCH = "research", _("Research and education institutions")
    CIVIL_SOCIETY = "civil-society", _("Civil society, associations and NGOs")
    PRIVATE = "private", _("Private companies")
