"""Demo newsletter archive, a draft newsletter in English and Spanish, and a thank-you wall with
a few public shout-outs. Idempotent: each piece is looked up before it is made."""

from collections.abc import Iterator

from django.utils import timezone
from wagtail.models import Locale

from home.models import HomePage
from portal.newsletters.models import (
    Milestone,
    NewsletterIndexPage,
    NewsletterPage,
    ShoutOut,
    ThankYouWallPage,
)

SHOUTOUTS = [
    "Thank you for knocking on 300 doors in the rain on Saturday. You kept everyone smiling.",
    "You trained six new phone bankers this month. They all came back the next week!",
    "Thanks for translating our flyers into Spanish overnight.",
]

NEWSLETTER = {
    "en": {
        "title": "December update",
        "subject": "December: what we did, and what comes next",
        "preheader": "4,000 doors, 2,500 calls, and three ways to help this month",
        "body": [
            {
                "type": "text",
                "value": "<p>This month neighbors knocked on <b>4,000 doors</b> and made "
                "<b>2,500 calls</b>. Thank you to everyone who came out.</p>",
            },
            {"type": "shoutouts", "value": {"heading": "Thank you!", "count": 3}},
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Join a phone bank from home",
                    "text": "Two hours, a phone and a script. We train you first.",
                    "button_text": "Find a shift",
                    "url": "http://127.0.0.1:8000/events/",
                },
            },
        ],
    },
    "es": {
        "title": "Novedades de diciembre",
        "subject": "Diciembre: lo que logramos y lo que viene",
        "preheader": "4.000 puertas, 2.500 llamadas y tres formas de ayudar este mes",
        "body": [
            {
                "type": "text",
                "value": "<p>Este mes los vecinos tocaron <b>4.000 puertas</b> e hicieron "
                "<b>2.500 llamadas</b>. Gracias a todos los que participaron.</p>",
            },
            {"type": "shoutouts", "value": {"heading": "¡Gracias!", "count": 3}},
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Únase a un banco telefónico desde casa",
                    "text": "Dos horas, un teléfono y un guion. Primero le capacitamos.",
                    "button_text": "Encuentre un turno",
                    "url": "http://127.0.0.1:8000/es/events/",
                },
            },
        ],
    },
}


def _child(parent, page_class, slug, fields):
    existing = page_class.objects.child_of(parent).first()
    if existing is not None:
        return existing
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page, locale, fields, publish=True):
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translation = page.copy_for_translation(locale, copy_parents=False)
    for name, value in fields.items():
        setattr(translation, name, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
    return translation


FEATURED_COURSE_NOTE = {
    "en": "Fifteen minutes on your phone, and you are ready for your first door.",
    "es": "Quince minutos en su teléfono y estará listo para su primera puerta.",
}


def _fields_with_course(language: str) -> dict:
    """The demo newsletter's fields, with Canvassing 101 featured when the training demo made it."""
    from training.models import CoursePage

    fields = {**NEWSLETTER[language], "body": list(NEWSLETTER[language]["body"])}
    course = CoursePage.objects.filter(slug="canvassing-101", locale__language_code="en").first()
    if course is not None:
        block = {"training": course.pk, "note": FEATURED_COURSE_NOTE[language]}
        fields["body"].insert(2, {"type": "featured_training", "value": block})
    return fields


def seed() -> Iterator[str]:
    from recruitment.models import Consent, Volunteer
    from recruitment.selectors import with_consent

    home = HomePage.objects.filter(locale__language_code="en").first()
    if home is None:
        yield "Newsletters: skipped, there is no home page"
        return
    spanish = Locale.objects.filter(language_code="es").first()

    archive = _child(
        home,
        NewsletterIndexPage,
        "newsletters",
        {"title": "Newsletters", "introduction": "Every newsletter we have sent."},
    )
    wall = _child(
        home,
        ThankYouWallPage,
        "thank-you",
        {
            "title": "Thank you",
            "introduction": "The people who make this campaign happen, in their neighbors' words.",
        },
    )
    draft = NewsletterPage.objects.child_of(archive).first()
    if draft is None:
        draft = NewsletterPage(slug="december-update", **_fields_with_course("en"))
        archive.add_child(instance=draft)
        draft.save_revision().publish()
    # Spanish pages need the Spanish home page above them (the home demo makes it).
    if spanish is not None and home.get_translation_or_none(spanish) is not None:
        _translate(
            archive,
            spanish,
            {"title": "Boletines", "introduction": "Todos los boletines que hemos enviado."},
        )
        _translate(
            wall,
            spanish,
            {
                "title": "Gracias",
                "introduction": "Las personas que hacen posible esta campaña, en palabras de "
                "sus vecinos.",
            },
        )
        _translate(draft, spanish, _fields_with_course("es"))
    yield f"Newsletters: archive, “{draft.subject}” (unsent, with Spanish), thank-you wall"

    people = list(
        with_consent(Volunteer.objects.all(), channel=Consent.Channel.EMAIL)
        .select_related("user")
        .order_by("pk")[: len(SHOUTOUTS)]
    )
    created = 0
    for volunteer, message in zip(people, SHOUTOUTS, strict=False):
        _shoutout, was_created = ShoutOut.objects.get_or_create(
            recipient=volunteer.user,
            message=message,
            defaults={
                "status": ShoutOut.Status.APPROVED,
                "approved_at": timezone.now(),
                "notified_at": timezone.now(),
                "show_publicly": True,
            },
        )
        created += was_created
    yield f"Shout-outs: {ShoutOut.objects.count()} ({created} new)"


def record_as_told(*, now=None) -> int:
    """Record the milestones the demo's history earns as already thanked: the history is made
    up, so its thank-you emails must not go out at the first nightly run."""
    from portal.mail import DEMO_ADDRESS_SUFFIX
    from portal.newsletters.milestones import milestones_award

    now = now or timezone.now()
    milestones_award(now=now)
    return Milestone.objects.filter(
        user__email__iendswith=DEMO_ADDRESS_SUFFIX, notified_at__isnull=True
    ).update(notified_at=now)
