import factory
from django.utils import timezone

from newsletter.models import Edition, Section, Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    language = "en"
    status = Subscriber.Status.ACTIVE
    consent_at = factory.LazyFunction(timezone.now)
    consent_ip = "192.0.2.1"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    title = factory.Sequence(lambda n: f"Edition {n}")
    key = factory.Sequence(lambda n: f"edition-{n}")
    subject_en = factory.Sequence(lambda n: f"Soil news {n}")
    subject_fr = factory.Sequence(lambda n: f"Nouvelles des sols {n}")
    subject_es = factory.Sequence(lambda n: f"Noticias de suelos {n}")
    intro_en = "Stories from the field."
    intro_fr = "Des histoires du terrain."
    intro_es = "Historias del campo."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    edition = factory.SubFactory(EditionFactory)
    title_en = "Success story"
    title_fr = "Réussite"
    title_es = "Caso de éxito"
    body_en = "Cover crops doubled the carbon stock."
    body_fr = "Les couverts végétaux ont doublé le stock de carbone."
    body_es = "Los cultivos de cobertura duplicaron el stock de carbono."
