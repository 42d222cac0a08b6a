"""Reads behind the home app's pages."""

from django.utils.translation import gettext as _

from home.models import Office
from portal.geo import distance_miles, is_us_zip, zip_centroid


def offices_in_default_language():
    """One row per office: the default-language one (translations only carry words)."""
    from portal.i18n import default_language

    return Office.objects.filter(locale__language_code=default_language())


def _in_reader_language(offices: list[Office]) -> list[Office]:
    from django.utils.translation import get_language

    from portal.i18n import default_language

    language = (get_language() or "").split("-")[0]
    if language == default_language():
        return offices
    translated = {
        office.translation_key: office
        for office in Office.objects.filter(
            locale__language_code=language,
            translation_key__in=[office.translation_key for office in offices],
        )
    }
    return [translated.get(office.translation_key, office) for office in offices]


def offices_for_directory(*, zip_query: str) -> dict:
    offices = _in_reader_language(list(offices_in_default_language()))
    zip_query = (zip_query or "").strip()[:10]
    if not zip_query:
        return {"offices": offices, "zip_query": "", "zip_error": ""}
    if not is_us_zip(zip_query):
        return {
            "offices": offices,
            "zip_query": zip_query,
            "zip_error": _("Enter a 5-digit ZIP code, like 48201."),
        }
    origin = zip_centroid(zip_query)
    if origin is None:
        return {
            "offices": offices,
            "zip_query": zip_query,
            "zip_error": _("We could not find that ZIP code. Check it and try again."),
        }
    for office in offices:
        office.distance = (
            round(distance_miles(origin, office.coordinates), 1) if office.coordinates else None
        )
    offices.sort(key=lambda o: (o.distance is None, o.distance or 0, o.name))
    return {"offices": offices, "zip_query": zip_query, "zip_error": ""}


def organization_contact() -> dict[str, str]:
    """The organization's name and contact details from the site settings (the site's name until
    they are filled in): what every message signs with."""
    from django.conf import settings
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    found = SiteSettings.for_site(site) if site else None
    return {
        "name": (found.organization_name if found else "") or settings.WAGTAIL_SITE_NAME,
        "email": found.contact_email if found else "",
        "phone": found.contact_phone if found else "",
    }


def organization_branding() -> dict[str, str]:
    """Everything an email needs to look and sign like the organization (issue 18): its name,
    the sender, logo, colours, postal address and web address, from the site settings.

    portal.mail reads it through settings.PORTAL_EMAIL_BRANDING (the base floor cannot import
    home); emails get it as `brand`."""
    from django.conf import settings
    from wagtail.models import Site

    from home.models import SiteSettings
    from portal.links import site_base_url

    contact = organization_contact()
    site = Site.objects.filter(is_default_site=True).first()
    found = SiteSettings.for_site(site) if site else None
    base_url = site_base_url()
    logo_url = ""
    if found is not None and found.logo_id:
        rendition = found.logo.get_rendition("height-96")
        logo_url = rendition.url if "://" in rendition.url else base_url + rendition.url
    return {
        "name": contact["name"],
        "email": contact["email"],
        "phone": contact["phone"],
        "sender_name": (found.sender_name if found else "") or contact["name"],
        "sender_email": found.sender_email if found else "",
        "postal_address": found.postal_address if found else "",
        "brand_colour": (found.brand_colour if found else "") or "#123a6b",
        "accent_colour": (found.accent_colour if found else "") or "#b4232a",
        "logo_url": logo_url,
        "site_url": base_url + "/",
        "default_from": settings.DEFAULT_FROM_EMAIL,
    }
