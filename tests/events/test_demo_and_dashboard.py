from django.template import Context, Template
from django.test import RequestFactory

from events import demo, selectors
from events.models import RSVP, EventPage, Shift
from home import demo as home_demo
from recruitment.models import Signup
from tests.events.helpers import person, rsvp


def test_demo_seed_is_idempotent_and_covers_every_office(db, mailoutbox):
    for _line in home_demo.seed():
        pass
    first = list(demo.seed())
    count = EventPage.objects.count()
    second = list(demo.seed())
    assert EventPage.objects.count() == count >= 30
    assert "(0 new)" in " ".join(second)
    assert first[0].startswith("Events listing")
    zips = set(EventPage.objects.exclude(postal_code="").values_list("postal_code", flat=True))
    assert zips == {"48207", "19130", "85009", "30303", "53212", "89104"}
    assert EventPage.objects.filter(is_virtual=True).exists()
    assert {e for e in EventPage.objects.values_list("event_type", flat=True)} >= {
        "CANVASS", "PHONE_BANK", "TEXT_BANK", "VOTER_REG", "TRAINING", "RALLY", "FUNDRAISER",
    }  # fmt: skip
    full = [s for s in Shift.objects.all() if s.is_full]
    assert full and RSVP.objects.filter(status=RSVP.Status.WAITLISTED).exists()


def test_my_shifts_include_lists_upcoming_rsvps_with_cancel_links(event):
    ana = person("ana@example.org")
    rsvp(event, ana)
    request = RequestFactory().get("/me/")
    request.user = ana
    html = Template('{% include "events/includes/my_shifts.html" %}').render(
        Context({"request": request})
    )
    assert "Eastside canvass" in html
    assert "/rsvp/" in html
    assert "Hours volunteered: 0" in html
    assert selectors.upcoming_rsvps_for(ana)[0].shift.page_id == event.pk


def test_rsvp_with_consents_goes_through_recruitment_sign_up(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            event.url,
            {
                "shifts": [event.shifts.first().pk],
                "first_name": "Cleo",
                "email": "cleo@example.org",
                "postal_code": "48201",
                "consent_email": "on",
            },
        )
    signup = Signup.objects.get(volunteer__user__email="cleo@example.org")
    assert signup.requested_consents == ["email"]
    assert RSVP.objects.get().person.email == "cleo@example.org"


def test_logged_in_volunteer_consents_count_at_once(client, event):
    from recruitment import selectors as people
    from tests.factories.recruitment import VolunteerFactory

    volunteer = VolunteerFactory(user=person("vee@example.org"))
    client.force_login(volunteer.user)
    client.post(
        event.url,
        {
            "shifts": [event.shifts.first().pk],
            "first_name": "Vee",
            "email": "vee@example.org",
            "postal_code": "48201",
            "consent_email": "on",
        },
    )
    assert RSVP.objects.get().person == volunteer.user
    assert people.consent_state(volunteer=volunteer)["email"] is True
