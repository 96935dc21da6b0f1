from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Category, ClimateZone, LandUse, Photo, Practice, SoilClass, SoilGroup, Step


class LabelOptions(TranslationOptions):
    fields = ("label",)
    required_languages = settings.LANGUAGE_CODES


for vocabulary in (Category, ClimateZone, SoilGroup, SoilClass, LandUse):
    register(vocabulary)(type(f"{vocabulary.__name__}TranslationOptions", (LabelOptions,), {}))


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    # Fallback en → fr → es (settings): a sheet written in one language shows in the others until translated.
    fields = ("name", "definition", "description", "introduction", "co_benefits", "adoption")


@register(Step)
class StepTranslationOptions(TranslationOptions):
    fields = ("text", "timing")


@register(Photo)
class PhotoTranslationOptions(TranslationOptions):
    fields = ("caption",)
