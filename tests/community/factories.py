import factory

from community.models import Occupation, Profile
from portal.models import Region
from tests.factories import UserFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    country = "FR"
    region = factory.LazyFunction(lambda: Region.objects.get(code="europe"))
    occupation = Occupation.FARMER
    languages = factory.LazyFunction(lambda: ["fr", "en"])
