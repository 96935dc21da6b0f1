from modeltranslation.translator import TranslationOptions, register

from .models import Initiative, Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Initiative)
class InitiativeTranslationOptions(TranslationOptions):
    fields = ("title", "description", "results", "research_needs")
