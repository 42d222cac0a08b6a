"""Demo volunteers, partners and consents. Idempotent: people are matched by their email address."""

import random
from collections.abc import Iterator
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale, Site

from portal.activities import Activity
from portal.i18n import translate_page
from recruitment import services
from recruitment.models import (
    Availability,
    Consent,
    HeardAbout,
    InternshipPage,
    Partner,
    Signup,
    Volunteer,
)

PARTNERS = [
    {
        "name": "Unidos Community Center",
        "slug": "unidos",
        "contact_email": "hola@unidos.example.org",
    },
    {
        "name": "Eastside Tenants Union",
        "slug": "eastside-tenants",
        "contact_email": "organize@eastside-tenants.example.org",
    },
]

# Made-up people; (given name, family name, ZIP, languages, pronouns).
PEOPLE = [
    ("María José", "Hernández", "85009", ["es", "en"], "ella"),
    ("José Luis", "García Márquez", "85033", ["es"], "él"),
    ("Lucía", "Fernández", "89104", ["es", "en"], ""),
    ("Ángel", "Ramírez", "85009", ["es", "en"], "él"),
    ("Sofía", "Núñez", "48207", ["es", "en"], "ella"),
    ("Íñigo", "Etxeberria", "19130", ["es", "en"], ""),
    ("Camila", "Ortiz", "89104", ["es"], ""),
    ("Mateo", "Álvarez", "85033", ["es", "en"], ""),
    ("Valentina", "Peña", "30303", ["es", "en"], "ella"),
    ("Guadalupe", "Torres", "85009", ["es"], ""),
    ("Renée", "Dubois", "19130", ["fr", "en"], "she/her"),
    ("Chloé", "Lefèvre", "48207", ["fr", "en"], ""),
    ("Siobhán", "O'Connor", "19130", ["en"], "she/her"),
    ("Darnell", "Washington", "48207", ["en"], "he/him"),
    ("Keisha", "Johnson", "30303", ["en"], "she/her"),
    ("Marcus", "Brown", "53212", ["en"], ""),
    ("Aaliyah", "Williams", "53212", ["en"], "she/her"),
    ("Jamal", "Carter", "30303", ["en"], "he/him"),
    ("Nguyễn Thị", "Lan", "89104", ["vi", "en"], ""),
    ("Trần", "Minh", "85033", ["vi"], ""),
    ("Wei", "Zhang", "19130", ["zh", "en"], ""),
    ("美咲", "佐藤", "48201", ["en"], ""),
    ("Jae-won", "Kim", "30303", ["ko", "en"], "they/them"),
    ("Layla", "Haddad", "48207", ["ar", "en"], ""),
    ("Omar", "Farouk", "48201", ["ar", "en"], "he/him"),
    ("Priya", "Raman", "85009", ["en"], "she/her"),
    ("Tomás", "Silva", "89104", ["pt", "es"], ""),
    ("Beatriz", "Costa", "19130", ["pt", "en"], ""),
    ("Jean-Baptiste", "Pierre", "30303", ["ht", "fr"], ""),
    ("Olena", "Kovalenko", "53212", ["ru", "en"], ""),
    ("Sam", "Rivera", "85033", ["en", "es"], "they/them"),
    ("Alex", "Morgan", "48207", ["en", "ase"], "they/them"),
    ("Grace", "Thompson", "53212", ["en"], ""),
    ("Henry", "Nakamura", "89104", ["en"], "he/him"),
    ("Fatima", "Diallo", "19130", ["fr", "en"], ""),
    ("Kwame", "Mensah", "30303", ["en"], ""),
    ("Ruth", "Goldberg", "48201", ["en"], "she/her"),
    ("Hannah", "Schmidt", "53212", ["en"], ""),
    ("Diego", "Castillo", "85009", ["es", "en"], "él"),
    ("Pilar", "Domínguez", "89104", ["es"], "ella"),
]

CAMPAIGNS = [
    ("flyer", "print", "fall-canvass"),
    ("instagram", "social", "fall-canvass"),
    ("newsletter", "email", "october"),
    ("", "", ""),
]


def _email(index: int) -> str:
    return f"demo.volunteer{index:02d}@example.org"


def seed() -> Iterator[str]:
    partners = []
    for data in PARTNERS:
        partner, _created = Partner.objects.get_or_create(slug=data["slug"], defaults=data)
        partners.append(partner)
    yield f"Partner organizations: {', '.join(p.name for p in partners)}"

    User = get_user_model()
    rng = random.Random(2026)  # the same demo every time
    activities = [choice.value for choice in Activity]
    availability = [choice.value for choice in Availability]
    created = 0
    first_volunteer = None
    for index, (given, family, postal_code, languages, pronouns) in enumerate(PEOPLE):
        email = _email(index)
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None and hasattr(existing, "volunteer"):
            first_volunteer = first_volunteer or existing.volunteer
            continue
        utm_source, utm_medium, utm_campaign = CAMPAIGNS[index % len(CAMPAIGNS)]
        partner = partners[index % 2] if index % 5 == 0 else None
        consents = [Consent.Channel.EMAIL]
        if index % 3 == 0:
            consents.append(Consent.Channel.SMS)
        if partner is not None:
            consents.append(Consent.Channel.PARTNERS)
        signup = services.volunteer_signup(
            email=email,
            profile={
                "first_name": given,
                "last_name": family,
                "pronouns": pronouns,
                "postal_code": postal_code,
                "phone": f"+1602555{1000 + index:04d}",
                "interests": rng.sample(activities, k=rng.randint(1, 3)),
                "availability": rng.sample(availability, k=rng.randint(1, 3)),
                "languages": languages,
                "preferred_language": "es" if languages[0] == "es" else "en",
                "heard_about": rng.choice(HeardAbout.values),
            },
            consents=consents,
            source=services.SignupSource(
                utm_source=utm_source,
                utm_medium=utm_medium,
                utm_campaign=utm_campaign,
                partner=partner,
                referred_by=first_volunteer if index % 4 == 1 else None,
            ),
            language="es" if languages[0] == "es" else "en",
            send_confirmation=False,
        )
        # Spread the joining dates over the last four months so reports have a shape.
        joined = timezone.now() - timedelta(days=rng.randint(1, 120))
        Volunteer.objects.filter(pk=signup.volunteer_id).update(created_at=joined)
        Signup.objects.filter(pk=signup.pk).update(created_at=joined)
        if index % 8 != 7:  # a few people have not confirmed yet
            services.signup_confirm(signup=signup)
        first_volunteer = first_volunteer or signup.volunteer
        created += 1
    yield f"Volunteers: {Volunteer.objects.count()} ({created} new)"
    yield from _seed_internship()


def _seed_internship() -> Iterator[str]:
    # The internship hangs off the home page, which home's demo makes the default site's root;
    # reading it from the site keeps recruitment from importing home (they share a floor).
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else None
    if home is None or not InternshipPage.can_create_at(home):
        return
    page = InternshipPage.objects.filter(
        slug="field-organizing-internship", locale=home.locale
    ).first()
    if page is None:
        page = InternshipPage(
            title="Field organizing internship",
            slug="field-organizing-internship",
            role="Field organizing intern",
            summary="Plan canvasses, train new volunteers and learn how campaigns win, "
            "alongside a mentor.",
            description="<p>You will join a field office for the season, help run weekend "
            "canvasses and phone banks, and lead a project of your own.</p>",
            hours_per_week=15,
            minimum_weeks=10,
            stipend="$500 per month",
            school_credit=True,
            location="Detroit or remote",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    yield f"Internship: {page.title}"
    spanish = Locale.objects.filter(language_code="es").first()
    if spanish is not None and page.get_translation_or_none(spanish) is None:
        # One pipeline: applications made on the Spanish page join the English page's.
        translate_page(page, "es", INTERNSHIP_SPANISH)
        yield "Internship in Spanish"


INTERNSHIP_SPANISH = {
    "Field organizing internship": "Pasantía de organización de campo",
    "Field organizing intern": "Pasante de organización de campo",
    "Plan canvasses, train new volunteers and learn how campaigns win, alongside a mentor.": (
        "Planifique visitas puerta a puerta, capacite a nuevos voluntarios y aprenda cómo se "
        "ganan las campañas, junto a un mentor."
    ),
    "You will join a field office for the season, help run weekend canvasses and phone banks, "
    "and lead a project of your own.": (
        "Se unirá a una oficina de campo durante la temporada, ayudará a organizar visitas y "
        "llamadas los fines de semana y dirigirá un proyecto propio."
    ),
    "$500 per month": "500 dólares al mes",
    "Detroit or remote": "Detroit o a distancia",
}
