from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Objective, Region, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = settings.LANGUAGE_CODES


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = settings.LANGUAGE_CODES


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = settings.LANGUAGE_CODES
