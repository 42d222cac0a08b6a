import factory
from wagtail.models import Locale, Page, Site

from home.models import HomePage, Office
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


def published_home_page(**fields) -> HomePage:
    """A published English home page that the default site serves at `/`, in place of
    Wagtail's welcome page."""
    root = Page.get_first_root_node()
    site = Site.objects.get(is_default_site=True)
    placeholder = site.root_page
    placeholder.slug = "wagtail-welcome"
    placeholder.save()
    home = HomePage(
        **{
            "title": "Home",
            "slug": "home",
            "hero_heading": "Your neighbors are organizing",
            "hero_text": "Join them this weekend.",
            "cta_text": "Volunteer",
            "cta_url": "/offices/",
            "locale": Locale.get_default(),
            **fields,
        }
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site.root_page = home
    site.save()
    placeholder.delete()
    home.refresh_from_db()
    return home
