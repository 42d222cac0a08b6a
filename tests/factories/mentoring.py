import factory

from recruitment.mentoring.models import MentorProfile, MentorRequest
from tests.factories.recruitment import VolunteerFactory


class MentorProfileFactory(factory.django.DjangoModelFactory):
    """An approved mentor in Detroit who speaks English, with two places."""

    class Meta:
        model = MentorProfile

    volunteer = factory.SubFactory(VolunteerFactory, postal_code="48207")
    capacity = 2
    languages = factory.LazyFunction(lambda: ["en"])
    interests = factory.LazyFunction(list)
    availability = factory.LazyFunction(list)
    status = MentorProfile.Status.APPROVED


class MentorRequestFactory(factory.django.DjangoModelFactory):
    """An open request from a confirmed newcomer in Detroit."""

    class Meta:
        model = MentorRequest

    newcomer = factory.SubFactory(VolunteerFactory, postal_code="48201")
    interests = factory.LazyFunction(list)
