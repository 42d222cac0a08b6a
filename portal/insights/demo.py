"""Sixteen weeks of history so the insights tell a story: past events around the six demo
offices with shifts, RSVPs, attendance and no-shows, shift reports, sign-ups from several
sources, partners and referrals, self-identification answers, and sent newsletters with bounces,
opens and clicks. Plus an organizer login and field goals in site settings.

Idempotent: the history is made once (its events' slugs start with "history-"); the rest is
looked up before it is made. Written in bulk, so it takes seconds.

The story: the Instagram push in the middle weeks brings many sign-ups who rarely show up;
referrals and partners bring fewer people who come back; phone banks fill, voter-registration
drives don't; and a group who came in the first weeks has drifted away (the lapsing segment).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Q
from django.utils import timezone

from events.demo import CITIES
from events.models import RSVP, EventIndexPage, EventPage, Shift, ShiftReport
from portal.activities import EventType
from portal.insights.bulk import EventSpec, bulk_events
from portal.roles import ORGANIZER_GROUPS, roles_apply
from recruitment.models import Consent, Partner, SelfIdentification, Signup, Volunteer
from recruitment.selectors import selfid_key

WEEKS = 16
PEOPLE = 360
ORGANIZER_EMAIL = "organizer@example.org"
ORGANIZER_PASSWORD = "organizer-demo-2026"

# (event type, title, hours, capacity, how full it gets, show-up rate)
KINDS = [
    (EventType.CANVASS, "Weekend canvass", 3, 20, 0.8, 0.75),
    (EventType.PHONE_BANK, "Evening phone bank", 2, 12, 0.95, 0.85),
    (EventType.VOTER_REGISTRATION, "Voter registration drive", 3, 15, 0.45, 0.7),
    (EventType.TEXT_BANK, "Text bank", 2, 25, 0.6, 0.8),
    (EventType.TRAINING, "New volunteer training", 1, 25, 0.7, 0.65),
]
# (source, weight early, weight in the Instagram weeks, how likely its people show up)
SOURCES = [
    ("flyer", 3, 2, 0.7),
    ("instagram", 1, 9, 0.35),
    ("newsletter", 2, 2, 0.75),
    ("partner", 2, 2, 0.8),
    ("referral", 2, 3, 0.9),
    ("", 1, 1, 0.6),
]
NEWSLETTERS = [
    ("history-october-update", "October update", 13),
    ("history-november-update", "November update", 8),
    ("history-holiday-push", "Holiday push", 3),
]
GOALS = {
    "goal_doors_knocked": 12000,
    "goal_calls_made": 15000,
    "goal_conversations": 9000,
    "goal_voter_registrations": 600,
}


def _organizer() -> str:
    User = get_user_model()
    roles_apply()  # the organizer groups and their permissions (portal/roles.py)
    moderators = Group.objects.get(name=ORGANIZER_GROUPS[0])
    if not User.objects.filter(email=ORGANIZER_EMAIL).exists():
        user = User.objects.create_user(
            email=ORGANIZER_EMAIL,
            password=ORGANIZER_PASSWORD,
            first_name="Olga",
            last_name="Organizer",
            is_staff=True,
        )
        user.groups.add(moderators)
    return f"Organizer (Insights, newsletters, events): {ORGANIZER_EMAIL} / {ORGANIZER_PASSWORD}"


def _goals() -> str:
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return "Field goals: skipped, there is no site"
    settings = SiteSettings.for_site(site)
    changed = [name for name, value in GOALS.items() if getattr(settings, name) is None]
    for name in changed:
        setattr(settings, name, GOALS[name])
    if changed:
        settings.save()
    return "Field goals in site settings: doors, calls, conversations, voter registrations"


def seed() -> Iterator[str]:
    yield _organizer()
    yield _goals()
    index = EventIndexPage.objects.filter(locale__language_code="en").first()
    if index is None:
        yield "Insights history: skipped, there is no events listing"
        return
    if EventPage.objects.filter(slug__startswith="history-").exists():
        yield "Insights history: already there"
        return
    rng = random.Random(8)  # the same history every time
    now = timezone.now()
    people = _people(rng, now)
    events, shifts = _events(rng, index, now)
    rsvps = _rsvps(rng, shifts, people, now)
    rsvps += _upcoming(rng, people, now)
    _reports(rng, shifts)
    _selfid(rng, people)
    sent = _newsletters(rng, people, now)
    yield (
        f"Insights history: {len(people)} volunteers over {WEEKS} weeks, {len(events)} past "
        f"events, {rsvps} RSVPs, {sent} newsletter deliveries"
    )


def _weekday_start(now: datetime, weeks_ago: int, day: int, hour: int, zone) -> datetime:
    monday = timezone.localdate(now) - timedelta(days=timezone.localdate(now).weekday())
    local_day = monday - timedelta(weeks=weeks_ago) + timedelta(days=day)
    return timezone.make_aware(datetime.combine(local_day, time(hour, 0)), zone)


def _people(rng: random.Random, now: datetime) -> list[dict]:
    """Volunteers who joined over the weeks, each with a source and how reliable they are."""
    User = get_user_model()
    partners = list(Partner.objects.order_by("pk"))
    # A few demo volunteers recruit, and two of them agreed to be named on the leaderboard.
    recruiters = list(
        Volunteer.objects.filter(
            user__email__startswith="demo.volunteer", user__isnull=False
        ).order_by("pk")[:6]
    )
    Volunteer.objects.filter(pk__in=[v.pk for v in recruiters[:2]]).update(show_on_leaderboard=True)
    first_names = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatou", "Gus", "Hana", "Ivan", "Jo"]
    last_names = ["Reyes", "Okafor", "Nguyen", "Smith", "Haddad", "Kim", "Lopez", "Novak"]
    zips = [city[3] for city in CITIES]
    rows = []
    for number in range(PEOPLE):
        weeks_ago = WEEKS - 1 - int((number / PEOPLE) * WEEKS)
        instagram_weeks = 6 <= weeks_ago <= 9
        weights = [source[2] if instagram_weeks else source[1] for source in SOURCES]
        source_index = rng.choices(range(len(SOURCES)), weights=weights)[0]
        source, _w1, _w2, reliability = SOURCES[source_index]
        joined = now - timedelta(weeks=weeks_ago, days=rng.random() * 6.5, hours=rng.random() * 8)
        rows.append(
            {
                "email": f"history.volunteer{number:03d}@example.org",
                "first_name": first_names[number % len(first_names)],
                "last_name": f"{last_names[number % len(last_names)]} {number}",
                "zip": zips[number % len(zips)],
                "joined": joined,
                "source": source,
                "reliability": reliability,
                "partner": partners[number % len(partners)]
                if source == "partner" and partners
                else None,
                "referrer": rng.choice(recruiters) if source == "referral" and recruiters else None,
                # Some of the earliest have drifted away: nothing after their first weeks.
                "drifts": weeks_ago >= 11 and rng.random() < 0.35,
                "confirmed": rng.random() < 0.85,
                # Only some people ever sign up for a shift; reliable sources bring more of them.
                "engaged": rng.random() < reliability + 0.1,
            }
        )
    users = User.objects.bulk_create(
        [
            User(
                email=row["email"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                password="!",  # no password: volunteers log in with an emailed code
                date_joined=row["joined"],
            )
            for row in rows
        ]
    )
    volunteers = Volunteer.objects.bulk_create(
        [
            Volunteer(
                user=user,
                postal_code=row["zip"],
                phone=f"+1313555{2000 + number:04d}",
                referred_by=row["referrer"],
                confirmed_at=row["joined"] + timedelta(minutes=20) if row["confirmed"] else None,
                created_at=row["joined"],
            )
            for number, (user, row) in enumerate(zip(users, rows, strict=True))
        ]
    )
    Signup.objects.bulk_create(
        [
            Signup(
                volunteer=volunteer,
                created_person=True,
                kind=Signup.Kind.IMPORT if row["partner"] and number % 2 else Signup.Kind.WEB,
                partner=row["partner"],
                referred_by=row["referrer"],
                utm_source=row["source"] if row["source"] not in ("partner", "referral") else "",
                utm_medium={"flyer": "print", "instagram": "social", "newsletter": "email"}.get(
                    row["source"], ""
                ),
                confirmed_at=volunteer.confirmed_at,
                created_at=row["joined"],
            )
            for number, (volunteer, row) in enumerate(zip(volunteers, rows, strict=True))
        ]
    )
    consents = []
    for number, (volunteer, row) in enumerate(zip(volunteers, rows, strict=True)):
        channels = [Consent.Channel.EMAIL] if number % 5 else []
        if number % 3 == 0:
            channels.append(Consent.Channel.SMS)
        consents += [
            Consent(
                volunteer=volunteer,
                channel=channel,
                granted=True,
                wording_version="2026-01",
                source=Consent.Source.SIGNUP,
                created_at=row["joined"],
            )
            for channel in channels
        ]
    Consent.objects.bulk_create(consents)
    for volunteer, user, row in zip(volunteers, users, rows, strict=True):
        row["volunteer"], row["user"] = volunteer, user
    return rows


def _events(rng: random.Random, index, now: datetime):
    specs, plans = [], []
    for weeks_ago in range(WEEKS, 0, -1):
        for city_number, city in enumerate(CITIES):
            prefix, locality, region, postal_code, zone, venue, street = city
            tz = EventPage(timezone=zone).zone
            for slot in range(2):
                kind = KINDS[(weeks_ago + city_number + slot * 2) % len(KINDS)]
                event_type, title, hours, capacity, fullness, show_up = kind
                day = 5 if slot == 0 else 2  # Saturday and Wednesday
                start = _weekday_start(now, weeks_ago, day, 10 if slot == 0 else 18, tz)
                virtual = event_type == EventType.TEXT_BANK
                slug = f"history-{prefix}-{event_type.lower().replace('_', '-')}-{start:%Y-%m-%d}"
                specs.append(
                    EventSpec(
                        slug=slug,
                        title=f"{title} · {'Online' if virtual else locality}",
                        event_type=event_type,
                        starts_at=start,
                        ends_at=start + timedelta(hours=hours),
                        timezone=zone,
                        postal_code="" if virtual else postal_code,
                        locality="" if virtual else locality,
                        region="" if virtual else region,
                        venue="" if virtual else venue,
                        street_address="" if virtual else street,
                        is_virtual=virtual,
                        summary="Part of the demo history.",
                    )
                )
                plans.append((start, hours, capacity, fullness, show_up, event_type))
    events = bulk_events(index, specs)
    shifts = Shift.objects.bulk_create(
        [
            Shift(
                page_id=event.pk,
                start_at=start,
                end_at=start + timedelta(hours=hours),
                capacity=capacity,
                sort_order=0,
            )
            for event, (start, hours, capacity, *_rest) in zip(events, plans, strict=True)
        ]
    )
    return events, [
        (shift, fullness, show_up, event_type)
        for shift, (_s, _h, _c, fullness, show_up, event_type) in zip(shifts, plans, strict=True)
    ]


def _rsvps(rng: random.Random, shifts, people: list[dict], now: datetime) -> int:
    rsvps = []
    for shift, fullness, show_up, _event_type in shifts:
        pool = [
            row
            for row in people
            if row["joined"] < shift.start_at
            and row["engaged"]
            and not (row["drifts"] and shift.start_at > row["joined"] + timedelta(weeks=3))
        ]
        wanted = min(len(pool), round(shift.capacity * fullness * rng.uniform(0.7, 1.1)))
        taken = rng.sample(pool, wanted) if wanted > 0 else []
        for row in taken[: shift.capacity]:
            came = rng.random() < show_up * (0.3 + row["reliability"] * 0.8)
            recorded = rng.random() < 0.95
            rsvps.append(
                RSVP(
                    shift=shift,
                    person=row["user"],
                    status=RSVP.Status.REGISTERED,
                    attendance=(RSVP.Attendance.ATTENDED if came else RSVP.Attendance.NO_SHOW)
                    if recorded
                    else RSVP.Attendance.UNKNOWN,
                    checked_in_at=shift.start_at + timedelta(minutes=5)
                    if came and recorded
                    else None,
                    source=RSVP.Source.WEB,
                    created_at=shift.start_at - timedelta(days=rng.randint(1, 9)),
                )
            )
        if rng.random() < 0.3 and pool and len(taken) < shift.capacity:
            walk_in = rng.choice(pool)
            if walk_in not in taken:
                rsvps.append(
                    RSVP(
                        shift=shift,
                        person=walk_in["user"],
                        status=RSVP.Status.WALK_IN,
                        attendance=RSVP.Attendance.ATTENDED,
                        checked_in_at=shift.start_at + timedelta(minutes=15),
                        source=RSVP.Source.DESK,
                        created_at=shift.start_at + timedelta(minutes=15),
                    )
                )
    RSVP.objects.bulk_create(rsvps, batch_size=1000)
    counts = (
        RSVP.objects.filter(shift__in=[item[0] for item in shifts])
        .values("shift")
        .annotate(taken=Count("pk", filter=~Q(status=RSVP.Status.CANCELLED)))
    )
    for row in counts:
        Shift.objects.filter(pk=row["shift"]).update(attendee_count=row["taken"])
    return len(rsvps)


def _upcoming(rng: random.Random, people: list[dict], now: datetime) -> int:
    """Sign-ups for the coming weeks' shifts: some fill, others still need people."""
    engaged = [row for row in people if row["engaged"] and not row["drifts"]]
    rsvps, counts = [], {}
    for shift in Shift.objects.filter(
        start_at__gt=now, capacity__gt=3, attendee_count=0, page__live=True
    ).order_by("start_at", "pk"):
        wanted = min(len(engaged), round(shift.capacity * rng.choice([0.1, 0.3, 0.6, 0.8, 1.0])))
        chosen = rng.sample(engaged, wanted)
        counts[shift.pk] = len(chosen)
        rsvps += [
            RSVP(
                shift=shift,
                person=row["user"],
                status=RSVP.Status.REGISTERED,
                source=RSVP.Source.WEB,
                created_at=now - timedelta(days=rng.randint(0, 6)),
            )
            for row in chosen
        ]
    RSVP.objects.bulk_create(rsvps, batch_size=1000)
    for pk, count in counts.items():
        Shift.objects.filter(pk=pk).update(attendee_count=count)
    return len(rsvps)


def _reports(rng: random.Random, shifts) -> None:
    reports = []
    for shift, _fullness, _show_up, event_type in shifts:
        came = RSVP.objects.filter(shift=shift, attendance=RSVP.Attendance.ATTENDED).count()
        if not came:
            continue
        doors = calls = conversations = registrations = 0
        if event_type == EventType.CANVASS:
            doors = came * rng.randint(25, 45)
            conversations = round(doors * rng.uniform(0.15, 0.3))
        elif event_type == EventType.PHONE_BANK:
            calls = came * rng.randint(40, 70)
            conversations = round(calls * rng.uniform(0.1, 0.2))
        elif event_type == EventType.VOTER_REGISTRATION:
            conversations = came * rng.randint(8, 15)
            registrations = came * rng.randint(2, 6)
        elif event_type == EventType.TEXT_BANK:
            conversations = came * rng.randint(5, 12)
        else:
            continue
        reports.append(
            ShiftReport(
                shift=shift,
                doors_knocked=doors,
                calls_made=calls,
                conversations=conversations,
                voter_registrations=registrations,
            )
        )
    ShiftReport.objects.bulk_create(reports)


def _selfid(rng: random.Random, people: list[dict]) -> None:
    ages = [c for c, _l in SelfIdentification.AgeRange.choices if c != "under_18"]
    genders = ["woman", "woman", "man", "man", "non_binary", "another"]
    races = [c for c, _l in SelfIdentification.RaceEthnicity.choices]
    answers = []
    for row in people:
        if rng.random() > 0.4:
            continue
        answers.append(
            SelfIdentification(
                respondent_key=selfid_key(volunteer=row["volunteer"]),
                age_range=rng.choice(ages),
                gender=rng.choice(genders) if rng.random() < 0.9 else "",
                race_ethnicity=rng.choice(races) if rng.random() < 0.8 else "",
                lgbtq=rng.choice(["yes", "no", "no", "no"]) if rng.random() < 0.7 else "",
                disability=rng.choice(["yes", "no", "no", "no", "no"])
                if rng.random() < 0.6
                else "",
            )
        )
    SelfIdentification.objects.bulk_create(answers, ignore_conflicts=True)


def _newsletters(rng: random.Random, people: list[dict], now: datetime) -> int:
    from home.models import HomePage
    from portal.newsletters.models import (
        Delivery,
        NewsletterDispatch,
        NewsletterIndexPage,
        NewsletterPage,
        Suppression,
        TrackingEvent,
    )

    home = HomePage.objects.filter(locale__language_code="en").first()
    archive = NewsletterIndexPage.objects.child_of(home).first() if home else None
    if archive is None:
        return 0
    total = 0
    for slug, title, weeks_ago in NEWSLETTERS:
        if NewsletterPage.objects.filter(slug=slug).exists():
            continue
        sent_at = now - timedelta(weeks=weeks_ago, days=1)
        page = NewsletterPage(
            title=title,
            slug=slug,
            subject=f"{title}: what we did and what comes next",
            body=[{"type": "text", "value": f"<p>{title} from the field offices.</p>"}],
        )
        archive.add_child(instance=page)
        page.save_revision().publish()
        NewsletterDispatch.objects.create(
            newsletter=page,
            status=NewsletterDispatch.Status.SENT,
            send_at=sent_at,
            started_at=sent_at,
            finished_at=sent_at + timedelta(minutes=3),
        )
        audience = [row for row in people if row["joined"] < sent_at and row["confirmed"]]
        deliveries, events = [], []
        for number, row in enumerate(audience):
            roll = rng.random()
            status = (
                Delivery.Status.FAILED
                if roll < 0.01
                else Delivery.Status.SUPPRESSED
                if roll < 0.03
                else Delivery.Status.SENT
            )
            message_id = (
                f"<{slug}-{number}@demo.example.org>" if status == Delivery.Status.SENT else ""
            )
            deliveries.append(
                Delivery(
                    newsletter=page,
                    recipient=row["user"],
                    email=row["email"],
                    status=status,
                    message_id=message_id,
                    created_at=sent_at,
                    sent_at=sent_at if status == Delivery.Status.SENT else None,
                )
            )
            if not message_id:
                continue
            outcome = rng.random()
            kinds = ["bounced"] if outcome < 0.03 else ["delivered"]
            if outcome >= 0.03 and rng.random() < 0.42:
                kinds.append("opened")
                if rng.random() < 0.3:
                    kinds.append("clicked")
            if outcome >= 0.03 and rng.random() < 0.01:
                kinds.append("complained")
            events += [
                TrackingEvent(
                    esp_name="demo",
                    fingerprint=f"{slug}-{number}-{kind}",
                    event_type=kind,
                    recipient=row["email"],
                    message_id=message_id,
                    received_at=sent_at + timedelta(hours=rng.randint(1, 48)),
                )
                for kind in kinds
            ]
        Delivery.objects.bulk_create(deliveries, batch_size=1000)
        TrackingEvent.objects.bulk_create(events, batch_size=1000, ignore_conflicts=True)
        Suppression.objects.bulk_create(
            [
                Suppression(
                    email=event.recipient,
                    reason=Suppression.Reason.BOUNCED
                    if event.event_type == "bounced"
                    else Suppression.Reason.COMPLAINED,
                    source="demo",
                    created_at=event.received_at,
                )
                for event in events
                if event.event_type in ("bounced", "complained")
            ],
            ignore_conflicts=True,
        )
        total += len(deliveries)
    return total
