import factory
from django.utils import timezone

from recruitment.models import Partner, Volunteer
from tests.factories.users import UserFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner Organization {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    contact_email = factory.Sequence(lambda n: f"partner{n}@example.org")


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory)
    postal_code = "48201"
    confirmed_at = factory.LazyFunction(timezone.now)
