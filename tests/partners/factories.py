"""factory-boy factories of the partners app."""

import factory
from django.contrib.gis.geos import Point

from partners.models import (
    College,
    MembershipApplication,
    Organisation,
    OrganisationEditor,
    OrganisationOffice,
    SheetRevision,
)
from portal.models import Region

from ..factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Soil Institute {n}")
    acronym = factory.Sequence(lambda n: f"SI{n}")
    slug = factory.Sequence(lambda n: f"soil-institute-{n}")
    college = College.RESEARCH
    country = "FR"
    region = factory.LazyFunction(lambda: Region.objects.get(code="europe"))
    description_en = factory.Sequence(lambda n: f"Research on soil carbon number {n}.")
    description_fr = factory.Sequence(lambda n: f"Recherche sur le carbone du sol numéro {n}.")
    description_es = factory.Sequence(lambda n: f"Investigación sobre el carbono del suelo número {n}.")
    year_joined = 2016
    contact_email = factory.Sequence(lambda n: f"secret-contact-{n}@hidden.example")

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationOffice

    organisation = factory.SubFactory(OrganisationFactory)
    label = "Head office"
    location = factory.LazyFunction(lambda: Point(2.35, 48.85, srid=4326))


class EditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationEditor

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SheetRevision

    organisation = factory.SubFactory(OrganisationFactory)
    author = factory.SubFactory(UserFactory)
    data = factory.LazyFunction(lambda: {"website": "https://changed.example"})


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    applicant = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Applicant Org {n}")
    status = "member"
    college = College.CIVIL_SOCIETY
    country = "BF"
    region = factory.LazyFunction(lambda: Region.objects.get(code="sub-saharan-africa"))
    description = "We restore soils."
    declaration = factory.django.FileField(filename="declaration.pdf", data=b"%PDF-1.4\n%%EOF\n")
    logo = factory.django.ImageField(filename="logo.png")
