from modeltranslation.translator import TranslationOptions, register

from .models import Objective, Region, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ("en", "fr", "es")


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ("en", "fr", "es")


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ("en", "fr", "es")
