from modeltranslation.translator import TranslationOptions, register

from .models import Edition, Section


@register(Edition)
class EditionTranslationOptions(TranslationOptions):
    fields = ("subject", "intro")
    required_languages = ("en",)


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)
