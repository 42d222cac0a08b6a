import factory

from home.models import Office
from portal.activities import Activity


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Field Office {n}")
    street_address = "100 Main St"
    locality = "Detroit"
    region = "MI"
    postal_code = "48201"
    phone = "(313) 555-0100"
    email = factory.Sequence(lambda n: f"office{n}@example.org")
    hours = "Mon-Fri 10am-6pm"
    help_needed = factory.LazyFunction(lambda: [Activity.CANVASSING.value])
