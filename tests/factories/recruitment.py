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


def internship_page(parent, **overrides):
    """A published internship opportunity under `parent` (a HomePage)."""
    from recruitment.models import InternshipPage

    fields = {
        "title": "Field organizing intern",
        "slug": "field-organizing-intern",
        "role": "Field organizing intern",
        "summary": "Help plan canvasses and train new volunteers.",
        "hours_per_week": 15,
        "minimum_weeks": 10,
        "stipend": "$500 per month",
        "school_credit": True,
        "location": "Detroit",
        **overrides,
    }
    page = InternshipPage(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
