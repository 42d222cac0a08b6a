"""Demo events: a month of every kind of event around the demo offices, some full, some online."""

from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale

from events import services
from events.models import RSVP, AccessibilityStatus, EventIndexPage, EventPage, Shift
from portal.activities import EventType
from portal.roles import INTERNS_GROUP, roles_apply
from training.models import CoursePage, Qualification

CITIES = [
    # (slug prefix, city, state, ZIP, time zone, venue, street)
    ("detroit", "Detroit", "MI", "48207", "America/Detroit", "Eastside Office", "2100 Gratiot Ave"),
    (
        "philly",
        "Philadelphia",
        "PA",
        "19130",
        "America/New_York",
        "Field Office",
        "1500 Spring Garden St",
    ),
    (
        "phoenix",
        "Phoenix",
        "AZ",
        "85009",
        "America/Phoenix",
        "Westside Office",
        "3320 W McDowell Rd",
    ),
    (
        "atlanta",
        "Atlanta",
        "GA",
        "30303",
        "America/New_York",
        "Community Office",
        "245 Auburn Ave NE",
    ),
    (
        "milwaukee",
        "Milwaukee",
        "WI",
        "53212",
        "America/Chicago",
        "Northside Office",
        "3500 N Martin Luther King Jr Dr",
    ),
    (
        "vegas",
        "Las Vegas",
        "NV",
        "89104",
        "America/Los_Angeles",
        "East Office",
        "1800 E Charleston Blvd",
    ),
]

KINDS = [
    (
        EventType.CANVASS,
        "Neighborhood canvass",
        "Knock doors in pairs and talk with neighbors about fair wages.",
        10,
        3,
        20,
    ),
    (
        EventType.PHONE_BANK,
        "Evening phone bank",
        "Call supporters from the office; scripts and snacks provided.",
        18,
        2,
        12,
    ),
    (
        EventType.VOTER_REGISTRATION,
        "Voter registration drive",
        "Help neighbors register at the farmers market.",
        11,
        3,
        8,
    ),
    (
        EventType.TEXT_BANK,
        "Text bank",
        "Send texts from your own laptop with our peer-to-peer tool.",
        19,
        2,
        None,
    ),
    (
        EventType.TRAINING,
        "New volunteer training",
        "Learn the basics of talking with voters in an hour.",
        18,
        1,
        25,
    ),
    (
        EventType.COMMUNITY_MEETING,
        "Community meeting",
        "Hear what neighbors care about and plan the next month.",
        18,
        2,
        40,
    ),
    (EventType.RALLY, "Rally for fair wages", "Bring a sign and a friend.", 12, 2, None),
    (
        EventType.FUNDRAISER,
        "House party fundraiser",
        "A potluck to raise money for the field offices.",
        17,
        3,
        3,
    ),
]

INTERN_EMAIL = "intern@example.org"
INTERN_PASSWORD = "intern-demo-2026"


def _index() -> EventIndexPage:
    from home.models import HomePage

    existing = EventIndexPage.objects.filter(locale__language_code="en").first()
    if existing is not None:
        return existing
    home = HomePage.objects.get(locale__language_code="en")
    index = EventIndexPage(
        title="Events",
        slug="events",
        show_in_menus=True,
        introduction="Canvasses, phone banks, trainings and meetings near you. "
        "Pick a shift: we will send the details and a reminder the day before.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _translate_index(index: EventIndexPage) -> None:
    spanish = Locale.objects.filter(language_code="es").first()
    if spanish is None or index.get_translation_or_none(spanish) is not None:
        return
    if index.get_parent().specific.get_translation_or_none(spanish) is None:
        return
    translation = index.copy_for_translation(spanish, copy_parents=False)
    translation.title = "Eventos"
    translation.introduction = (
        "Salidas a tocar puertas, bancos telefónicos, capacitaciones y reuniones cerca de usted."
    )
    translation.save_revision().publish()


def _intern():
    User = get_user_model()
    intern = User.objects.filter(email=INTERN_EMAIL).first()
    if intern is None:
        intern = User.objects.create_user(
            email=INTERN_EMAIL,
            password=INTERN_PASSWORD,
            first_name="Ida",
            last_name="Intern",
            is_staff=True,
        )
        roles_apply()
        intern.groups.add(Group.objects.get(name=INTERNS_GROUP))
    return intern


def _people(count: int) -> list:
    from events.people import person_match_or_create

    first_names = ["Maya", "Luis", "Aisha", "Tom", "Mei", "Jamal", "Rosa", "Ken", "Nadia", "Sam"]
    return [
        person_match_or_create(
            email=f"demo.volunteer{n}@example.org",
            first_name=first_names[n % len(first_names)],
            last_name=f"Demo{n}",
            postal_code="48207",
        )
        for n in range(count)
    ]


def _demo_readiness(event_type: str) -> str:
    if event_type == EventType.CANVASS:
        return (
            "New to canvassing? Take the short online course first; on the day an organizer "
            "will show you the ropes."
        )
    return "No experience needed: an organizer will show you the ropes."


def _event(index, *, slug, city, kind, day, intern, virtual: bool) -> tuple[EventPage, bool]:
    existing = EventPage.objects.filter(slug=slug, locale=index.locale).first()
    if existing is not None:
        return existing, False
    prefix, locality, region, postal_code, zone, venue, street = city
    event_type, title, summary, hour, hours, capacity = kind
    tz = EventPage(timezone=zone).zone
    local_start = datetime.combine(day, time(hour, 0))
    start = timezone.make_aware(local_start, tz)
    event = EventPage(
        title=f"{title} · {'Online' if virtual else locality}",
        slug=slug,
        summary=summary,
        # Canvasses ask for the canvassing course first (the gate shown beside the form), so
        # their text must not promise "no experience needed" just above that requirement.
        description=f"<p>{summary} {_demo_readiness(event_type)}</p>",
        event_type=EventType.VIRTUAL_MEETING
        if virtual and event_type == EventType.COMMUNITY_MEETING
        else event_type,
        timezone=zone,
        is_virtual=virtual,
        virtual_join_url="https://meet.example.org/neighbors-united" if virtual else "",
        venue="" if virtual else venue,
        street_address="" if virtual else street,
        locality="" if virtual else locality,
        region="" if virtual else region,
        postal_code="" if virtual else postal_code,
        accessibility_status=AccessibilityStatus.ACCESSIBLE,
        accessibility_notes="Step-free entrance; ASL interpretation on request."
        if not virtual
        else "Live captions on.",
        contact_name="Neighbors United organizer",
        contact_email=f"{prefix}@example.org",
        private_instructions="Arrive ten minutes early and ask for the organizer at the front desk."
        if not virtual
        else "Join five minutes early to test your audio.",
    )
    for number in range(2 if event_type == EventType.CANVASS else 1):
        shift_start = start + timedelta(hours=number * hours)
        event.shifts.add(
            Shift(
                start_at=shift_start,
                end_at=shift_start + timedelta(hours=hours),
                capacity=capacity,
                instructions="Bring comfortable shoes and a charged phone."
                if event_type == EventType.CANVASS
                else "",
            )
        )
    index.add_child(instance=event)
    event.interns.add(intern)
    event.save_revision().publish()
    return event, True


def seed() -> Iterator[str]:
    index = _index()
    _translate_index(index)
    yield f"Events listing at {index.get_url() or index.url_path}"
    intern = _intern()
    yield f"Intern for the check-in desk: {INTERN_EMAIL} / {INTERN_PASSWORD}"

    today = timezone.localdate()
    created = 0
    events = []
    slot = 0
    for day_offset in range(1, 31):
        day = today + timedelta(days=day_offset)
        for city_number, city in enumerate(CITIES):
            # Each office holds an event every few days, so the month looks lived-in.
            if (day_offset + city_number) % 4:
                continue
            kind = KINDS[slot % len(KINDS)]
            online_kinds = (EventType.TEXT_BANK, EventType.TRAINING, EventType.COMMUNITY_MEETING)
            virtual = kind[0] in online_kinds and slot % 2 == 0
            slot += 1
            slug = f"{city[0]}-{kind[0].lower().replace('_', '-')}-{day:%Y-%m-%d}"
            event, was_created = _event(
                index, slug=slug, city=city, kind=kind, day=day, intern=intern, virtual=virtual
            )
            created += was_created
            events.append(event)
    yield f"Events: {len(events)} this month ({created} new)"

    people = _people(12)
    filled = 0
    for event in events:
        for shift in event.shifts.all():
            if shift.capacity and shift.capacity <= 3 and shift.attendee_count == 0:
                # Small shifts fill up, with someone on the waitlist, so "full" shows in the demo.
                for who in people[: shift.capacity + 1]:
                    if not RSVP.objects.filter(shift=shift, person=who).exists():
                        services.rsvp_create(
                            event=event, shift_ids=[shift.pk], person=who, source=RSVP.Source.WEB
                        )
                filled += 1
    yield f"Full shifts with a waitlist: {filled}"

    linked = _link_live_trainings()
    gated = _gate_michigan_registration()
    yield f"Live trainings linked to courses: {linked} new; Michigan events gated: {gated}"
    yield f"Events translated into Spanish: {_translate_events(events)} new"


# Training seeds first (seed_demo's order); without its courses and qualifications the two
# steps below find nothing to link and leave the events as they are.
LIVE_TRAINING_COURSE_SLUG = "canvassing-101"
MICHIGAN_QUALIFICATION = "Michigan voter registrar"


def _link_live_trainings() -> int:
    """Point the next training events at Canvassing 101 when none of its linked ones is
    upcoming, so the course page lists them."""
    course = CoursePage.objects.filter(
        slug=LIVE_TRAINING_COURSE_SLUG, locale__language_code="en"
    ).first()
    now = timezone.now()
    if course is None or course.live_trainings.filter(ends_at__gt=now).exists():
        return 0
    events = list(
        EventPage.objects.live()
        .filter(event_type=EventType.TRAINING, ends_at__gt=now, is_cancelled=False, course=None)
        .filter(locale__language_code="en")
        .order_by("starts_at")[:3]
    )
    for event in events:
        draft = event.get_latest_revision_as_object()
        draft.course = course
        draft.save_revision().publish()
    return len(events)


def _gate_michigan_registration() -> int:
    """Michigan voter-registration shifts need the Michigan registrar qualification (a
    shift-level requirement, beside Canvass-ready's event-type one)."""
    qualification = Qualification.objects.filter(name=MICHIGAN_QUALIFICATION).first()
    if qualification is None:
        return 0
    gated = 0
    events = EventPage.objects.live().filter(
        event_type=EventType.VOTER_REGISTRATION,
        region="MI",
        ends_at__gt=timezone.now(),
        locale__language_code="en",
    )
    for event in events:
        if not event.shifts.filter(required_qualification__isnull=True).exists():
            continue
        draft = event.get_latest_revision_as_object()
        shifts = list(draft.shifts.all())
        for shift in shifts:
            shift.required_qualification = qualification
        draft.shifts = shifts
        draft.save_revision().publish()
        gated += 1
    return gated


# The demo's words in Spanish (formal "usted"), fed to wagtail-localize as a translator's PO file.
SPANISH = {
    "Neighborhood canvass": "Visitas puerta a puerta en el barrio",
    "Knock doors in pairs and talk with neighbors about fair wages.": (
        "Toque puertas en pareja y converse con sus vecinos sobre salarios justos."
    ),
    "Evening phone bank": "Llamadas por la tarde",
    "Call supporters from the office; scripts and snacks provided.": (
        "Llame a simpatizantes desde la oficina; le damos guiones y algo de comer."
    ),
    "Voter registration drive": "Jornada de inscripción de votantes",
    "Help neighbors register at the farmers market.": (
        "Ayude a sus vecinos a inscribirse para votar en el mercado agrícola."
    ),
    "Text bank": "Mensajes de texto a votantes",
    "Send texts from your own laptop with our peer-to-peer tool.": (
        "Envíe mensajes desde su propia computadora con nuestra herramienta."
    ),
    "New volunteer training": "Capacitación para nuevos voluntarios",
    "Learn the basics of talking with voters in an hour.": (
        "Aprenda en una hora lo básico para conversar con los votantes."
    ),
    "Community meeting": "Reunión comunitaria",
    "Hear what neighbors care about and plan the next month.": (
        "Escuche lo que preocupa a sus vecinos y planifique el próximo mes."
    ),
    "Rally for fair wages": "Manifestación por salarios justos",
    "Bring a sign and a friend.": "Traiga un cartel y a un amigo.",
    "House party fundraiser": "Reunión en casa para recaudar fondos",
    "A potluck to raise money for the field offices.": (
        "Una comida compartida para recaudar fondos para las oficinas locales."
    ),
    "No experience needed: an organizer will show you the ropes.": (
        "No necesita experiencia: un organizador le enseñará todo."
    ),
    (
        "New to canvassing? Take the short online course first; on the day an organizer "
        "will show you the ropes."
    ): (
        "¿Es nuevo en las visitas puerta a puerta? Haga primero el breve curso en línea; "
        "ese día un organizador le enseñará todo."
    ),
    "Step-free entrance; ASL interpretation on request.": (
        "Entrada sin escalones; interpretación en lengua de señas a pedido."
    ),
    "Live captions on.": "Subtítulos en vivo activados.",
    "Neighbors United organizer": "Organizador de la campaña",
    "Arrive ten minutes early and ask for the organizer at the front desk.": (
        "Llegue diez minutos antes y pregunte por el organizador en la recepción."
    ),
    "Join five minutes early to test your audio.": (
        "Conéctese cinco minutos antes para probar su audio."
    ),
    "Eastside Office": "Oficina del Este",
    "Field Office": "Oficina de campo",
    "Westside Office": "Oficina del Oeste",
    "Community Office": "Oficina comunitaria",
    "Northside Office": "Oficina del Norte",
    "East Office": "Oficina Este",
    "Online": "En línea",
}


def _spanish_words(event: EventPage) -> dict[str, str]:
    words = dict(SPANISH)
    title, _sep, place = event.title.partition(" · ")
    words[event.title] = f"{SPANISH.get(title, title)} · {SPANISH.get(place, place)}"
    summary = SPANISH.get(event.summary, event.summary)
    readiness = _demo_readiness(event.event_type)
    words[f"{event.summary} {readiness}"] = f"{summary} {SPANISH[readiness]}"
    return words


def _translate_events(events: list[EventPage]) -> int:
    """Every demo event in Spanish: the translation shares the English event's shifts."""
    from portal.i18n import translate_page

    spanish = Locale.objects.filter(language_code="es").first()
    if spanish is None:
        return 0
    made = 0
    for event in events:
        if event.get_translation_or_none(spanish) is not None:
            continue
        translate_page(EventPage.objects.get(pk=event.pk), "es", _spanish_words(event))
        made += 1
    return made


def record_as_told(*, now=None) -> int:
    """Record the demo's sign-ups as already confirmed and their due reminders as already sent.

    Demo people were "told" when the demo says they signed up; without this the first worker
    run would email them all (confirmations, then every reminder already due).
    """
    from events.models import Notice
    from portal.mail import DEMO_ADDRESS_SUFFIX

    now = now or timezone.now()
    demo = RSVP.objects.filter(person__email__iendswith=DEMO_ADDRESS_SUFFIX)
    confirmed = demo.filter(notices__kind=Notice.Kind.CONFIRMATION).values("pk")
    rows = [
        Notice(rsvp_id=rsvp_id, kind=Notice.Kind.CONFIRMATION, key="", sent_at=now)
        for rsvp_id in demo.exclude(pk__in=confirmed).values_list("pk", flat=True)
    ]
    demo_ids = set(demo.values_list("pk", flat=True))
    rows += [
        Notice(rsvp_id=rsvp_id, kind=kind, key=key, sent_at=now)
        for rsvp_id, kind, key in services.reminders_due(now=now)
        if rsvp_id in demo_ids
    ]
    Notice.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)
