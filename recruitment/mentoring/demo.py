"""Demo mentoring: approved mentors, newcomers waiting for one, and a published matching with a
few active pairs (one with an overdue check-in). Idempotent: people are matched by email, and the
matching is published only once."""

from collections.abc import Iterator
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone

from portal.roles import roles_apply
from recruitment import services
from recruitment.mentoring import services as mentoring
from recruitment.mentoring.models import (
    MatchingRun,
    MentorPair,
    MentorProfile,
    MentorRequest,
    PairCheckIn,
)

MENTOR_PASSWORD = "mentor-demo-2026"
NEWCOMER_PASSWORD = "newcomer-demo-2026"

# Made-up people. Mentors: (given, family, ZIP, languages, places, interests, free times).
MENTORS = [
    (
        "Rosa",
        "Delgado",
        "85009",
        ["es", "en"],
        3,
        ["canvassing", "phone_banking"],
        ["weekend_mornings"],
    ),
    ("Miguel", "Santos", "85033", ["es", "en"], 2, ["voter_registration"], ["weekday_evenings"]),
    ("Carmen", "Vega", "85006", ["es"], 2, ["events", "hosting"], ["weekend_afternoons"]),
    (
        "Elena",
        "Navarro",
        "89104",
        ["es", "en"],
        3,
        ["phone_banking", "text_banking"],
        ["weekday_evenings"],
    ),
    ("Tyrone", "Jackson", "48207", ["en"], 2, ["canvassing"], ["weekend_mornings"]),
    (
        "Linda",
        "Kowalski",
        "48201",
        ["en", "ru"],
        2,
        ["data_entry", "office_help"],
        ["weekday_mornings"],
    ),
    (
        "Andrés",
        "Morales",
        "48209",
        ["es", "en"],
        3,
        ["canvassing", "voter_registration"],
        ["weekend_mornings", "weekday_evenings"],
    ),
    (
        "Denise",
        "Walker",
        "30303",
        ["en"],
        2,
        ["phone_banking", "fundraising"],
        ["weekday_evenings"],
    ),
    ("Yolanda", "Reyes", "30318", ["es", "en"], 1, ["events"], ["weekend_afternoons"]),
    ("Patrick", "Murphy", "19130", ["en"], 2, ["canvassing", "social_media"], ["weekend_mornings"]),
    ("Thu", "Pham", "19148", ["vi", "en"], 2, ["text_banking"], ["weekday_evenings"]),
    (
        "Gloria",
        "Ibarra",
        "53204",
        ["es", "en"],
        2,
        ["voter_registration", "events"],
        ["weekend_afternoons"],
    ),
    ("Bill", "Anderson", "53212", ["en"], 1, ["office_help"], ["weekday_afternoons"]),
    ("Lupe", "Contreras", "89110", ["es"], 2, ["canvassing"], ["weekend_mornings"]),
    ("Hassan", "Ali", "48126", ["ar", "en"], 2, ["phone_banking", "events"], ["weekday_evenings"]),
]

# Newcomers: (given, family, ZIP, languages, language asked for, must?, same area?, interests).
NEWCOMERS = [
    ("Ximena", "Cruz", "85009", ["es"], "es", True, False, ["canvassing"]),
    ("Joaquín", "Flores", "85031", ["es", "en"], "es", False, True, ["voter_registration"]),
    ("Daniela", "Ríos", "85007", ["es"], "es", True, True, ["events"]),
    ("Brandon", "Lee", "48208", ["en"], "", False, False, ["canvassing"]),
    ("Mariana", "Gómez", "48209", ["es", "en"], "es", False, False, ["voter_registration"]),
    ("Kevin", "O'Neal", "48214", ["en"], "", False, True, ["data_entry"]),
    ("Ana Sofía", "Herrera", "89104", ["es"], "es", True, False, ["phone_banking"]),
    ("Luis", "Medina", "89121", ["es", "en"], "es", False, False, ["text_banking"]),
    ("Jasmine", "Brooks", "30303", ["en"], "", False, False, ["fundraising"]),
    ("Isabel", "Ortega", "30318", ["es"], "es", True, False, ["events"]),
    ("Connor", "Walsh", "19130", ["en"], "", False, True, ["social_media"]),
    ("Minh", "Tran", "19148", ["vi"], "vi", True, False, ["text_banking"]),
    ("Rafael", "Soto", "53204", ["es", "en"], "es", False, False, ["voter_registration"]),
    ("Emily", "Nguyen", "53212", ["en", "vi"], "", False, False, ["office_help"]),
    ("Fernanda", "Lima", "89110", ["pt", "es"], "es", True, False, ["canvassing"]),
    ("Yusuf", "Karim", "48126", ["ar"], "ar", True, False, ["phone_banking"]),
    ("Paola", "Jiménez", "85033", ["es"], "es", True, False, ["phone_banking"]),
    ("Tomás", "Aguilar", "85006", ["es", "en"], "es", False, True, ["hosting"]),
    ("Samantha", "Price", "48201", ["en"], "", False, False, ["office_help"]),
    ("Héctor", "Campos", "89104", ["es"], "es", True, True, ["canvassing"]),
    ("Rocío", "Vargas", "30303", ["es", "en"], "es", False, False, ["events"]),
    ("Derrick", "Moore", "30318", ["en"], "", False, False, ["phone_banking"]),
    ("Valeria", "Paredes", "19121", ["es"], "es", True, False, ["voter_registration"]),
    ("Nadia", "Hussein", "48126", ["ar", "en"], "ar", False, False, ["events"]),
    ("Gabriel", "Estrada", "53204", ["es"], "es", True, True, ["canvassing"]),
    ("Olivia", "Schultz", "53212", ["en"], "", False, False, ["fundraising"]),
    ("Esperanza", "Luna", "85009", ["es"], "es", True, False, ["events"]),
    ("Marco", "Bianchi", "19130", ["en", "fr"], "", False, False, ["canvassing"]),
    ("Wen", "Li", "19148", ["zh"], "zh", True, False, ["text_banking"]),
    ("Ricardo", "Peña", "89110", ["es", "en"], "es", False, False, ["voter_registration"]),
]
# The first few newcomers were paired last month; everyone after them is still waiting.
ALREADY_PAIRED = 5
# Signed up for the same upcoming shift at the Phoenix office: mentor Rosa, newcomer Ximena (paired
# in the published matching) and newcomer Esperanza (waiting), so explanations show "both signed
# up for …" and Ximena's introduction suggests meeting there.
BUDDY_ZIP = "85009"
BUDDY_MENTORS = (0,)
BUDDY_NEWCOMERS = (0, 26)


def _email(kind: str, index: int) -> str:
    return f"demo.{kind}{index + 1:02d}@example.org"


def _person(email: str, given: str, family: str, postal_code: str, languages, interests, password):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and hasattr(user, "volunteer"):
        return user.volunteer, False
    signup = services.volunteer_signup(
        email=email,
        profile={
            "first_name": given,
            "last_name": family,
            "postal_code": postal_code,
            "phone": "",
            "interests": interests,
            "languages": languages,
            "preferred_language": "es" if languages[0] == "es" else "en",
        },
        consents=["email"],
        source=services.SignupSource(utm_source="mentoring-demo"),
        language="es" if languages[0] == "es" else "en",
        send_confirmation=False,
    )
    volunteer = services.signup_confirm(signup=signup)
    if password:
        volunteer.user.set_password(password)
        volunteer.user.save(update_fields=["password"])
    return volunteer, True


def _sign_up_buddies(people) -> str:
    """Put the buddies on one upcoming shift of the events demo (once; idempotent)."""
    from events import services as events_services
    from events.models import RSVP, Shift

    users = [volunteer.user for volunteer in people]
    upcoming = RSVP.objects.filter(
        status__in=RSVP.ACTIVE, shift__start_at__gt=timezone.now(), shift__page__live=True
    )
    shared = None
    for user in users:
        mine = set(upcoming.filter(person=user).values_list("shift_id", flat=True))
        shared = mine if shared is None else shared & mine
    if shared:
        return "Buddies already share an upcoming shift"
    shift = (
        Shift.objects.filter(
            start_at__gt=timezone.now() + timedelta(days=1),
            page__live=True,
            page__is_cancelled=False,
            page__is_virtual=False,
            page__postal_code=BUDDY_ZIP,
        )
        .filter(Q(capacity__isnull=True) | Q(capacity__gte=F("attendee_count") + len(users)))
        .select_related("page")
        .order_by("start_at", "pk")
        .first()
    )
    if shift is None:
        return "No upcoming shift in Phoenix for the mentoring buddies (seed the events first)"
    for user in users:
        if not upcoming.filter(person=user, shift=shift).exists():
            events_services.rsvp_create(
                event=shift.page, shift_ids=[shift.pk], person=user, source=RSVP.Source.WEB
            )
    return f"Mentoring buddies signed up for {shift.page.title} ({shift.start_at:%Y-%m-%d})"


def seed() -> Iterator[str]:
    roles_apply()  # organizers may run matching (portal/roles.py)
    created = 0
    mentor_people = []
    for index, (given, family, zip_code, languages, places, interests, times) in enumerate(MENTORS):
        volunteer, new = _person(
            _email("mentor", index),
            given,
            family,
            zip_code,
            languages,
            interests,
            MENTOR_PASSWORD if index == 0 else "",
        )
        created += new
        mentor_people.append(volunteer)
        if not MentorProfile.objects.filter(volunteer=volunteer).exists():
            profile = mentoring.mentor_offer(
                volunteer=volunteer,
                capacity=places,
                languages=languages,
                interests=interests,
                availability=times,
                share_phone=index % 3 == 0,
                about="Volunteering since the last cycle; happy to show people around.",
            )
            mentoring.mentor_set_status(profile=profile, status=MentorProfile.Status.APPROVED)
    yield f"Mentors: {MentorProfile.objects.count()} ({created} new people)"
    yield f"  log in as {_email('mentor', 0)} / {MENTOR_PASSWORD} to see a mentor's My portal"

    newcomers = []
    for index, (given, family, zip_code, languages, language, must, near, interests) in enumerate(
        NEWCOMERS
    ):
        volunteer, _new = _person(
            _email("newcomer", index),
            given,
            family,
            zip_code,
            languages,
            interests,
            NEWCOMER_PASSWORD if index == 0 else "",
        )
        newcomers.append((volunteer, language, must, near, interests))

    yield _sign_up_buddies(
        [mentor_people[index] for index in BUDDY_MENTORS]
        + [newcomers[index][0] for index in BUDDY_NEWCOMERS]
    )

    def ask(volunteer, language, must, near, interests):
        if MentorRequest.objects.filter(newcomer=volunteer).exists():
            return
        mentoring.mentor_request_create(
            newcomer=volunteer,
            language=language,
            language_required=must,
            same_area=near,
            interests=interests,
            share_phone=True,
            source=MentorRequest.Source.SIGNUP,
        )

    if not MatchingRun.objects.filter(status=MatchingRun.Status.PUBLISHED).exists():
        for row in newcomers[:ALREADY_PAIRED]:
            ask(*row)
        draft = MatchingRun.objects.filter(status=MatchingRun.Status.DRAFT).first()
        if draft is not None:
            mentoring.matching_run_discard(run=draft)
        run = mentoring.matching_run_create()
        pairs = mentoring.proposal_publish(run=run)
        # Backdate them: started a few weeks ago, so check-ins are due; one mentor fell behind.
        for number, pair in enumerate(pairs):
            started = timezone.now() - timedelta(days=12 + 3 * number)
            MentorPair.objects.filter(pk=pair.pk).update(started_at=started)
            for checkin in pair.checkins.all():
                due = started + timedelta(weeks=checkin.week)
                done = due + timedelta(days=1) if number and due < timezone.now() else None
                PairCheckIn.objects.filter(pk=checkin.pk).update(
                    due_at=due, done_at=done, reminder_sent_at=due if due < timezone.now() else None
                )
        yield f"Published a matching with {len(pairs)} pairs (one check-in overdue)"
    for row in newcomers[ALREADY_PAIRED:]:
        ask(*row)
    waiting = MentorRequest.objects.filter(status=MentorRequest.Status.OPEN).count()
    yield f"Newcomers waiting for a mentor: {waiting} (run matching in the admin: Mentoring)"
    yield (
        f"  log in as {_email('newcomer', 0)} / {NEWCOMER_PASSWORD} to see a newcomer's mentor "
        "on My portal"
    )


def record_as_told(*, now=None) -> int:
    """The demo's pairs were introduced when the demo says they were matched."""
    from portal.mail import DEMO_ADDRESS_SUFFIX
    from recruitment.mentoring.models import MentoringNotice, MentorPair

    now = now or timezone.now()
    rows = [
        MentoringNotice(
            pair=pair,
            recipient_id=recipient_id,
            kind=MentoringNotice.Kind.INTRODUCTION,
            key="",
            sent_at=now,
        )
        for pair in MentorPair.objects.filter(newcomer__user__email__iendswith=DEMO_ADDRESS_SUFFIX)
        for recipient_id in (pair.mentor_id, pair.newcomer_id)
    ]
    MentoringNotice.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
