from modeltranslation.translator import TranslationOptions, register

from .models import Call, Criterion, CriterionGroup


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "rules")
    required_languages = ("en",)


@register(CriterionGroup)
class CriterionGroupTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("name", "guidance", "level_labels")
    required_languages = ("en",)
