"""A small, hand-counted history for the insights tests.

Every number the tests expect is worked out in tests/insights/test_figures.py from what is made
here. The clock is fixed: "now" is Wednesday 18 March 2026, noon in New York, and the filters
cover the two weeks of 2–15 March (weeks starting Monday 2 and Monday 9 March).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from events.models import RSVP, ShiftReport
from portal.activities import EventType
from portal.insights.filters import InsightsFilters
from portal.newsletters.models import Delivery, Suppression, TrackingEvent
from recruitment.models import Consent, SelfIdentification, Signup, Volunteer
from tests.factories.events import event_index, make_event
from tests.factories.home import OfficeFactory
from tests.factories.newsletters import newsletter
from tests.factories.recruitment import PartnerFactory, VolunteerFactory

NY = zoneinfo.ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=NY)
FILTERS = InsightsFilters(date_from=date(2026, 3, 2), date_to=date(2026, 3, 15))


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=NY)


@dataclass
class Scenario:
    people: dict[str, Volunteer] = field(default_factory=dict)
    offices: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    shifts: dict = field(default_factory=dict)
    newsletter: object = None


def _person(key: str, *, postal_code: str, joined: datetime, confirmed=True, **fields) -> Volunteer:
    volunteer = VolunteerFactory(
        user__email=f"{key.lower()}@example.org",
        user__first_name=fields.pop("first_name", key),
        user__last_name=fields.pop("last_name", "Tester"),
        postal_code=postal_code,
        confirmed_at=joined if confirmed else None,
        **fields,
    )
    Volunteer.objects.filter(pk=volunteer.pk).update(created_at=joined)
    volunteer.refresh_from_db()
    return volunteer


def _consent(volunteer: Volunteer, channel: str) -> None:
    Consent.objects.create(
        volunteer=volunteer,
        channel=channel,
        granted=True,
        wording_version="test",
        source=Consent.Source.SIGNUP,
    )


def _event(index, key, *, start: datetime, hours: int, capacity=10, attendee_count=0, **fields):
    event = make_event(
        index,
        title=f"{key} event",
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=hours), "capacity": capacity}
        ],
        **fields,
    )
    shift = event.shifts.get()
    if attendee_count:
        type(shift).objects.filter(pk=shift.pk).update(attendee_count=attendee_count)
    return event, shift


def _rsvp(shift, volunteer, status=RSVP.Status.REGISTERED, attendance="", *, made: datetime):
    return RSVP.objects.create(
        shift=shift,
        person=volunteer.user,
        status=status,
        attendance=attendance,
        source=RSVP.Source.WEB,
        created_at=made,
    )


def build(home_page) -> Scenario:
    s = Scenario()
    s.offices["detroit"] = OfficeFactory(name="Detroit office", postal_code="48207")
    s.offices["phoenix"] = OfficeFactory(
        name="Phoenix office", locality="Phoenix", region="AZ", postal_code="85009"
    )
    index = event_index(home_page)
    detroit = {"postal_code": "48207"}
    phoenix = {"postal_code": "85009", "locality": "Phoenix", "region": "AZ"}
    online = {
        "is_virtual": True,
        "postal_code": "",
        "venue": "",
        "street_address": "",
        "locality": "",
        "region": "",
    }
    # Past shifts: S1 and S4 are Detroit canvasses, S2 a Phoenix phone bank, S3 an online text bank.
    s.events["E1"], s.shifts["S1"] = _event(index, "E1", start=at(3, 10), hours=3, **detroit)
    s.events["E2"], s.shifts["S2"] = _event(
        index, "E2", start=at(10, 18), hours=2, event_type=EventType.PHONE_BANK, **phoenix
    )
    s.events["E3"], s.shifts["S3"] = _event(
        index, "E3", start=at(11, 19), hours=2, event_type=EventType.TEXT_BANK, **online
    )
    s.events["E4"], s.shifts["S4"] = _event(
        index, "E4", start=at(20, 10, month=2), hours=3, **detroit
    )
    # Upcoming: only S5 is under half full within seven days of NOW.
    s.events["E5"], s.shifts["S5"] = _event(
        index, "E5", start=at(20, 10), hours=3, capacity=10, attendee_count=3, **detroit
    )
    s.events["E6"], s.shifts["S6"] = _event(
        index,
        "E6",
        start=at(21, 18),
        hours=2,
        capacity=4,
        attendee_count=2,
        event_type=EventType.PHONE_BANK,
        **phoenix,
    )
    s.events["E7"], s.shifts["S7"] = _event(
        index, "E7", start=at(30, 10), hours=3, capacity=10, **detroit
    )
    s.events["E8"], s.shifts["S8"] = _event(
        index, "E8", start=at(19, 10), hours=3, capacity=None, **detroit
    )

    p = s.people
    p["G"] = _person("G", postal_code="48207", joined=at(10, month=1))
    p["A"] = _person("A", postal_code="48207", joined=at(3), show_on_leaderboard=True)
    p["B"] = _person("B", postal_code="48201", joined=at(4))
    p["C"] = _person("C", postal_code="85009", joined=at(10))
    p["D"] = _person("D", postal_code="48207", joined=at(11), referred_by=p["A"])
    p["E"] = _person("E", postal_code="85009", joined=at(12), confirmed=False, referred_by=p["A"])
    p["F"] = _person("F", postal_code="48207", joined=at(12, 15), referred_by=p["G"])
    p["H"] = _person("H", postal_code="48207", joined=at(5, month=1), phone="+13135550123")
    p["I"] = _person("I", postal_code="48207", joined=at(6, month=1))
    p["K"] = _person("K", postal_code="85009", joined=at(7, month=1))
    _consent(p["H"], Consent.Channel.EMAIL)
    _consent(p["H"], Consent.Channel.SMS)

    partner = PartnerFactory(name="Unidos")
    signups = [
        ("G", at(10, month=1), {"utm_source": "flyer"}),
        ("A", at(3), {"utm_source": "Flyer"}),
        ("B", at(4), {"utm_source": "flyer"}),
        ("C", at(10), {"partner": partner, "created_person": True}),
        ("D", at(11), {"referred_by": p["A"]}),
        ("E", at(12), {"referred_by": p["A"]}),
        ("F", at(12, 15), {"referred_by": p["G"]}),
        ("A", at(14), {"utm_source": "instagram"}),
    ]
    for key, when, fields in signups:
        signup = Signup.objects.create(volunteer=p[key], **fields)
        Signup.objects.filter(pk=signup.pk).update(created_at=when)

    attended, no_show = RSVP.Attendance.ATTENDED, RSVP.Attendance.NO_SHOW
    S = s.shifts
    _rsvp(S["S1"], p["A"], attendance=attended, made=at(1))
    _rsvp(S["S1"], p["B"], attendance=attended, made=at(1))
    _rsvp(S["S1"], p["C"], attendance=no_show, made=at(1))
    _rsvp(S["S1"], p["D"], made=at(1))
    _rsvp(S["S1"], p["E"], RSVP.Status.WALK_IN, attended, made=at(3, 10))
    _rsvp(S["S1"], p["F"], RSVP.Status.CANCELLED, made=at(1))
    _rsvp(S["S2"], p["A"], attendance=attended, made=at(8))
    _rsvp(S["S2"], p["C"], attendance=attended, made=at(8))
    _rsvp(S["S3"], p["B"], attendance=no_show, made=at(8))
    for key in ("D", "H", "I", "K"):
        _rsvp(S["S4"], p[key], attendance=attended, made=at(10, month=2))
    _rsvp(S["S5"], p["I"], made=at(30, month=1))

    ShiftReport.objects.create(
        shift=S["S1"], doors_knocked=120, conversations=30, voter_registrations=5
    )
    ShiftReport.objects.create(
        shift=S["S2"], calls_made=200, conversations=40, voter_registrations=2
    )
    ShiftReport.objects.create(shift=S["S4"], doors_knocked=999)

    s.newsletter = newsletter(home_page, title="March update")
    ledger = [
        ("A", Delivery.Status.SENT, "m-1"),
        ("B", Delivery.Status.SENT, "m-2"),
        ("C", Delivery.Status.FAILED, ""),
        ("D", Delivery.Status.SUPPRESSED, ""),
        ("E", Delivery.Status.CAPPED, ""),
    ]
    for key, status, message_id in ledger:
        Delivery.objects.create(
            newsletter=s.newsletter,
            recipient=p[key].user,
            email=p[key].user.email,
            status=status,
            message_id=message_id,
            created_at=at(5),
            sent_at=at(5) if status == Delivery.Status.SENT else None,
        )
    tracking = [
        ("m-1", "delivered", "a@example.org"),
        ("m-1", "opened", "a@example.org"),
        ("m-1", "opened", "a@example.org"),
        ("m-1", "clicked", "a@example.org"),
        ("m-2", "bounced", "b@example.org"),
    ]
    for number, (message_id, event_type, recipient) in enumerate(tracking):
        TrackingEvent.objects.create(
            esp_name="test",
            fingerprint=f"fp-{number}",
            event_type=event_type,
            recipient=recipient,
            message_id=message_id,
        )
    for email, reason, when in (
        ("b@example.org", Suppression.Reason.BOUNCED, at(6)),
        ("x@example.org", Suppression.Reason.UNSUBSCRIBED, at(7)),
        ("y@example.org", Suppression.Reason.COMPLAINED, at(6, month=2)),
    ):
        Suppression.objects.create(email=email, reason=reason, created_at=when)

    answers = (
        [{"gender": "woman", "age_range": "25_34"}] * 6
        + [{"gender": "man", "age_range": "35_44"}] * 3
        + [{"gender": "non_binary", "age_range": "25_34"}, {"gender": "non_binary"}]
    )
    for number, answer in enumerate(answers):
        SelfIdentification.objects.create(respondent_key=f"key-{number}", **answer)
    return s
