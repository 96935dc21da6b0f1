from modeltranslation.translator import TranslationOptions, register

from .models import Edition, PressItem, Section


@register(Edition)
class EditionTranslationOptions(TranslationOptions):
    fields = ("subject", "intro")
    required_languages = ("en",)


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)


@register(PressItem)
class PressItemTranslationOptions(TranslationOptions):
    fields = ("summary",)
    required_languages = ("en",)
