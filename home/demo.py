"""Demo content for the site shell: a home page in English and Spanish, pages, offices, settings."""

from collections.abc import Iterator
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Locale, Page, Site

from home.models import HomePage, Office, OfficeIndexPage, SiteSettings, StandardPage
from portal.activities import Activity
from portal.i18n import translate_page

ORGANIZATION = "Neighbors United"

OFFICES = [
    {
        "name": "Detroit Eastside Office",
        "street_address": "2100 Gratiot Ave",
        "locality": "Detroit",
        "region": "MI",
        "postal_code": "48207",
        "hours": "Mon–Fri 10am–8pm\nSat 9am–5pm",
        "phone": "(313) 555-0142",
        "email": "detroit@example.org",
        "help_needed": [Activity.CANVASSING, Activity.PHONE_BANKING, Activity.DATA_ENTRY],
    },
    {
        "name": "Philadelphia Field Office",
        "street_address": "1500 Spring Garden St",
        "locality": "Philadelphia",
        "region": "PA",
        "postal_code": "19130",
        "hours": "Tue–Sat 11am–7pm",
        "phone": "(215) 555-0199",
        "email": "philly@example.org",
        "help_needed": [Activity.VOTER_REGISTRATION, Activity.CANVASSING, Activity.HOSTING],
    },
    {
        "name": "Phoenix Westside Office",
        "street_address": "3320 W McDowell Rd",
        "locality": "Phoenix",
        "region": "AZ",
        "postal_code": "85009",
        "hours": "Mon–Sat 9am–6pm\nOficina bilingüe",
        "phone": "(602) 555-0117",
        "email": "phoenix@example.org",
        "help_needed": [Activity.VOTER_REGISTRATION, Activity.TEXT_BANKING, Activity.EVENTS],
    },
    {
        "name": "Atlanta Community Office",
        "street_address": "245 Auburn Ave NE",
        "locality": "Atlanta",
        "region": "GA",
        "postal_code": "30303",
        "hours": "Mon–Fri noon–8pm",
        "phone": "(404) 555-0163",
        "email": "atlanta@example.org",
        "help_needed": [Activity.PHONE_BANKING, Activity.SOCIAL_MEDIA, Activity.FUNDRAISING],
    },
    {
        "name": "Milwaukee Northside Office",
        "street_address": "3500 N Martin Luther King Jr Dr",
        "locality": "Milwaukee",
        "region": "WI",
        "postal_code": "53212",
        "hours": "Wed–Sun 10am–6pm",
        "phone": "(414) 555-0128",
        "email": "milwaukee@example.org",
        "help_needed": [Activity.CANVASSING, Activity.OFFICE_HELP],
    },
    {
        "name": "Las Vegas East Office",
        "street_address": "1800 E Charleston Blvd",
        "locality": "Las Vegas",
        "region": "NV",
        "postal_code": "89104",
        "hours": "Mon–Fri 10am–7pm\nOficina bilingüe",
        "phone": "(702) 555-0175",
        "email": "vegas@example.org",
        "help_needed": [Activity.CANVASSING, Activity.VOTER_REGISTRATION, Activity.TEXT_BANKING],
    },
]

# The offices' words in Spanish, given to wagtail-localize as a translator's PO file would.
OFFICES_SPANISH = {
    "Detroit Eastside Office": "Oficina del Este de Detroit",
    "Philadelphia Field Office": "Oficina de campo de Filadelfia",
    "Phoenix Westside Office": "Oficina del Oeste de Phoenix",
    "Atlanta Community Office": "Oficina comunitaria de Atlanta",
    "Milwaukee Northside Office": "Oficina del Norte de Milwaukee",
    "Las Vegas East Office": "Oficina del Este de Las Vegas",
    "Mon–Fri 10am–8pm\nSat 9am–5pm": "Lun–vie 10:00–20:00\nSáb 9:00–17:00",
    "Tue–Sat 11am–7pm": "Mar–sáb 11:00–19:00",
    "Mon–Sat 9am–6pm\nOficina bilingüe": "Lun–sáb 9:00–18:00\nOficina bilingüe",
    "Mon–Fri noon–8pm": "Lun–vie 12:00–20:00",
    "Wed–Sun 10am–6pm": "Mié–dom 10:00–18:00",
    "Mon–Fri 10am–7pm\nOficina bilingüe": "Lun–vie 10:00–19:00\nOficina bilingüe",
}


def _office_words() -> dict[str, str]:
    # wagtail-localize offers a multi-line text as one string with <br/> for its line breaks.
    return {
        english.replace("\n", "<br/>"): spanish.replace("\n", "<br/>")
        for english, spanish in OFFICES_SPANISH.items()
    }


HOME = {
    "en": {
        "title": "Home",
        "hero_heading": "Your neighbors are organizing. Join them.",
        "hero_text": "Knock doors, make calls, register voters, or host a meeting at home. "
        "Two hours a week makes a difference, and we will train you first.",
        "cta_text": "Find your local office",
        "body": [
            {
                "type": "call_to_action",
                "value": {
                    "heading": "New here? Start with a call.",
                    "text": "Every office has an organizer whose job is to welcome you. "
                    "Tell them what you like doing and when you are free.",
                    "button_text": "See offices near you",
                    "page": None,
                },
            }
        ],
    },
    "es": {
        "title": "Inicio",
        "hero_heading": "Sus vecinos se están organizando. Únase a ellos.",
        "hero_text": "Toque puertas, haga llamadas, registre votantes u organice una reunión en su "
        "casa. Dos horas a la semana hacen la diferencia, y primero le capacitamos.",
        "cta_text": "Encuentre su oficina local",
        "body": [
            {
                "type": "call_to_action",
                "value": {
                    "heading": "¿Es nuevo? Empiece con una llamada.",
                    "text": "Cada oficina tiene un organizador cuyo trabajo es darle la bienvenida. "
                    "Cuéntele qué le gusta hacer y cuándo tiene tiempo.",
                    "button_text": "Vea las oficinas cercanas",
                    "page": None,
                },
            }
        ],
    },
}

ABOUT = {
    "en": {
        "title": "About us",
        "introduction": "Neighbors United is a volunteer-powered campaign: people who live here, "
        "talking with people who live here, about what matters to them.",
        "body": [
            {"type": "heading", "value": {"text": "How we work", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>We hold small events every week in every neighborhood we serve. "
                "New volunteers are paired with a mentor for their first shifts, and every "
                "canvass starts with a short training.</p>",
            },
            {
                "type": "quote",
                "value": {
                    "text": "I came to one phone bank to see what it was like. "
                    "Six months later I run the Tuesday one.",
                    "attribution": "Marisol, volunteer in Phoenix",
                },
            },
        ],
    },
    "es": {
        "title": "Quiénes somos",
        "introduction": "Neighbors United es una campaña impulsada por voluntarios: gente de "
        "aquí que conversa con gente de aquí sobre lo que les importa.",
        "body": [
            {"type": "heading", "value": {"text": "Cómo trabajamos", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Organizamos pequeños eventos cada semana en cada barrio. Los "
                "voluntarios nuevos tienen un mentor en sus primeros turnos, y cada salida a "
                "tocar puertas empieza con una breve capacitación.</p>",
            },
            {
                "type": "quote",
                "value": {
                    "text": "Vine a un banco telefónico para ver cómo era. Seis meses después "
                    "dirijo el de los martes.",
                    "attribution": "Marisol, voluntaria en Phoenix",
                },
            },
        ],
    },
}

PRIVACY = {
    "en": {
        "title": "Privacy policy",
        "introduction": "What we collect, why, who sees it, and how to have it deleted.",
        "body": [
            {
                "type": "paragraph",
                "value": "<p>We collect only what we need to organize with you: your name, how "
                "to reach you, your ZIP code and what you would like to do. Only the organizers "
                "who work with you can see it. We never sell it. You can download or delete "
                "your data at any time from your dashboard.</p>",
            }
        ],
    },
    "es": {
        "title": "Política de privacidad",
        "introduction": "Qué datos recopilamos, por qué, quién los ve y cómo borrarlos.",
        "body": [
            {
                "type": "paragraph",
                "value": "<p>Recopilamos solo lo necesario para organizarnos con usted: su "
                "nombre, cómo contactarle, su código postal y lo que le gustaría hacer. Solo "
                "los organizadores que trabajan con usted pueden verlo. Nunca lo vendemos. "
                "Puede descargar o borrar sus datos cuando quiera desde su panel.</p>",
            }
        ],
    },
}

OFFICE_INDEX = {
    "en": {
        "title": "Local offices",
        "introduction": "The fastest way to get involved is to call or visit your local office. "
        "Enter your ZIP code to see the nearest one.",
    },
    "es": {
        "title": "Oficinas locales",
        "introduction": "La forma más rápida de participar es llamar o visitar su oficina local. "
        "Escriba su código postal para ver la más cercana.",
    },
}


def _home_page() -> HomePage:
    """The English home page, replacing Wagtail's placeholder welcome page the first time."""
    home = HomePage.objects.filter(locale__language_code="en").first()
    if home is not None:
        return home
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=Locale.get_default())
    )
    site = Site.objects.filter(is_default_site=True).first()
    placeholder = site.root_page if site else None
    if placeholder is not None:
        # Wagtail's "Welcome" page holds the slug we want; move it aside before replacing it.
        placeholder.slug = "wagtail-welcome"
        placeholder.save(update_fields=["slug", "url_path"])
    data = HOME["en"]
    home = HomePage(
        title=data["title"],
        slug="home",
        hero_heading=data["hero_heading"],
        hero_text=data["hero_text"],
        cta_text=data["cta_text"],
        locale=Locale.objects.get(language_code="en"),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, root_page=home)
    site.root_page = home
    site.site_name = ORGANIZATION
    site.save()
    if placeholder is not None:
        placeholder.delete()
    return home


def _child_page(parent, page_class, slug, fields) -> Page:
    existing = page_class.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = page_class(slug=slug, **{"show_in_menus": True, **fields})
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page, locale, fields) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translation = page.copy_for_translation(locale, copy_parents=False)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def _with_page(body: list[dict], page: Page) -> list[dict]:
    """The body with every call to action pointing at `page` (templates localize the link)."""
    return [
        {**block, "value": {**block["value"], "page": page.pk}}
        if block["type"] == "call_to_action"
        else block
        for block in body
    ]


def seed() -> Iterator[str]:
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    spanish, _created = Locale.objects.get_or_create(language_code="es")

    home = _home_page()
    about = _child_page(home, StandardPage, "about", ABOUT["en"])
    offices_page = _child_page(home, OfficeIndexPage, "offices", OFFICE_INDEX["en"])
    privacy = _child_page(home, StandardPage, "privacy", {**PRIVACY["en"], "show_in_menus": False})
    if home.cta_page_id is None:
        home.cta_page = offices_page
        home.body = _with_page(HOME["en"]["body"], offices_page)
        home.save_revision().publish()
    yield f"English pages: {home.title}, {about.title}, {offices_page.title}, {privacy.title}"

    home_es = _translate(
        home, spanish, {**HOME["es"], "body": _with_page(HOME["es"]["body"], offices_page)}
    )
    for page, fields in (
        (about, ABOUT["es"]),
        (offices_page, OFFICE_INDEX["es"]),
        (privacy, PRIVACY["es"]),
    ):
        _translate(page, spanish, fields)
    yield f"Spanish translations: {home_es.title} and its pages"

    created = 0
    english = Locale.get_default()
    for data in OFFICES:
        office, was_created = Office.objects.get_or_create(
            name=data["name"], locale=english, defaults=data
        )
        created += was_created
        if office.get_translation_or_none(spanish) is None:
            translate_page(office, "es", _office_words())
    yield f"Local offices: {len(OFFICES)} in English and Spanish ({created} new)"

    site = Site.objects.get(is_default_site=True)
    # Links in emails are built from the site record; point it where `make run` serves.
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if base.hostname and (site.hostname, site.port) != (base.hostname, base.port or 80):
        site.hostname, site.port = base.hostname, base.port or 80
        site.save()
    site_settings = SiteSettings.for_site(site)
    if not site_settings.organization_name:
        site_settings.organization_name = ORGANIZATION
        site_settings.tagline = "A volunteer-powered campaign for fair wages and fair elections."
        site_settings.contact_email = "hello@example.org"
        site_settings.contact_phone = "(313) 555-0100"
        site_settings.social_links = [
            {"type": "link", "value": {"platform": "bluesky", "url": "https://bsky.app/"}},
            {
                "type": "link",
                "value": {"platform": "instagram", "url": "https://www.instagram.com/"},
            },
        ]
        site_settings.privacy_notice = (
            "<p>We use your details only to organize with you, and never sell them.</p>"
        )
        site_settings.privacy_page = privacy
        site_settings.paid_for_by = "Paid for by Neighbors United (demo content)."
        site_settings.save()
    if not site_settings.postal_address:
        # Emails sign with these (issue 18): the sender's address stays the server's default,
        # which the development mail backend accepts whatever it is.
        site_settings.sender_name = ORGANIZATION
        site_settings.postal_address = "2100 Gratiot Ave\nDetroit, MI 48207"
        site_settings.save()
    yield f"Site settings for {site_settings.organization_name}"
    yield _site_texts(site_settings, spanish)


SITE_TEXTS_SPANISH = {
    "A volunteer-powered campaign for fair wages and fair elections.": (
        "Una campaña impulsada por voluntarios por salarios justos y elecciones limpias."
    ),
    "We use your details only to organize with you, and never sell them.": (
        "Usamos sus datos solo para organizarnos con usted y nunca los vendemos."
    ),
    "Paid for by Neighbors United (demo content).": (
        "Pagado por Neighbors United (contenido de demostración)."
    ),
}


def _site_texts(site_settings: SiteSettings, spanish: Locale) -> str:
    """The settings' words as a translatable snippet, and their Spanish through wagtail-localize."""
    from home.models import SiteTexts

    english = SiteTexts.objects.filter(locale=Locale.get_default()).first()
    if english is None:
        english = SiteTexts.objects.create(
            locale=Locale.get_default(),
            tagline=site_settings.tagline,
            privacy_notice=site_settings.privacy_notice,
            paid_for_by=site_settings.paid_for_by,
        )
    if english.get_translation_or_none(spanish) is None:
        translate_page(english, "es", SITE_TEXTS_SPANISH)
    return "Site texts in English and Spanish"
