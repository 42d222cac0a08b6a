"""Questions at sign-up: asked in the person's language, checked, kept with each RSVP, and read
back at the desk, in the CSV export and in the attendances API — sensitive ones only by
organizers and the event's host."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from events import services
from events.forms import RsvpForm
from events.models import RSVP, Answer, Question
from tests.events.helpers import person
from tests.factories.events import make_event


@pytest.fixture
def asking_event(events_index):
    event = make_event(events_index, title="Food bank", capacity=5, max_guests=2)
    Question.objects.create(
        page=event,
        sort_order=0,
        kind=Question.Kind.YES_NO,
        text="Do you need a ride?",
        text_es="¿Necesita que lo lleven?",
        required=True,
    )
    Question.objects.create(
        page=event,
        sort_order=1,
        kind=Question.Kind.SEVERAL_CHOICES,
        text="Which tasks?",
        text_es="¿Qué tareas?",
        choices="Sorting\nDriving\nCooking",
        choices_es="Clasificar\nConducir\nCocinar",
    )
    Question.objects.create(
        page=event,
        sort_order=2,
        kind=Question.Kind.LONG_TEXT,
        text="Access needs",
        text_es="Necesidades de acceso",
        sensitive=True,
    )
    return event


def _questions(event):
    return {q.text: q for q in Question.objects.filter(page=event)}


def _sign_up(event, who, answers, **extra):
    return services.rsvp_create(
        event=event,
        shift_ids=[event.shifts.first().pk],
        person=who,
        source=RSVP.Source.WEB,
        answers=answers,
        **extra,
    )


def _answers(event, ride="yes", tasks=("Driving",), needs="Step-free entrance"):
    q = _questions(event)
    return {
        q["Do you need a ride?"].pk: ride,
        q["Which tasks?"].pk: list(tasks),
        q["Access needs"].pk: needs,
    }


def test_answers_are_kept_with_the_rsvp(asking_event):
    (created,) = _sign_up(asking_event, person("a@example.org"), _answers(asking_event))
    stored = {a.question_text: a.value for a in created.answers.all()}
    assert stored == {
        "Do you need a ride?": "yes",
        "Which tasks?": "Driving",
        "Access needs": "Step-free entrance",
    }
    assert Answer.objects.get(question_text="Access needs").sensitive


def test_a_required_answer_left_empty_is_refused_and_nothing_is_taken(asking_event):
    with pytest.raises(services.RsvpError) as refused:
        _sign_up(asking_event, person("a@example.org"), _answers(asking_event, ride=""))
    assert "please answer" in refused.value.text
    assert not RSVP.objects.exists()
    assert asking_event.shifts.first().attendee_count == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"tasks": ("Juggling",)},
        {"ride": "maybe"},
        {"needs": "x" * 2001},
        {"tasks": (3,)},
        {"needs": "a\x00b"},
    ],
    ids=["unknown-choice", "not-yes-no", "too-long", "not-text", "nul"],
)
def test_answers_outside_the_question_are_refused(asking_event, bad):
    with pytest.raises(services.RsvpError):
        _sign_up(asking_event, person("a@example.org"), _answers(asking_event, **bad))
    assert not Answer.objects.exists()


def test_an_answer_to_a_question_of_another_event_is_refused(asking_event, events_index):
    other = make_event(events_index, title="Other")
    with pytest.raises(services.RsvpError):
        _sign_up(other, person("a@example.org"), _answers(asking_event))


def test_form_asks_in_spanish_and_stores_the_english_choice(asking_event, rf):
    q = _questions(asking_event)
    with translation.override("es"):
        form = RsvpForm(shifts=list(asking_event.shifts.all()), event=asking_event)
        tasks = form.fields[f"question_{q['Which tasks?'].pk}"]
        assert form.fields[f"question_{q['Do you need a ride?'].pk}"].label == (
            "¿Necesita que lo lleven?"
        )
        assert ("Driving", "Conducir") in list(tasks.choices)


def test_the_public_form_refuses_an_empty_required_answer_with_400(client, asking_event):
    shift = asking_event.shifts.first()
    response = client.post(
        asking_event.url,
        {
            "shifts": [shift.pk],
            "first_name": "Ana",
            "email": "ana@example.org",
            "postal_code": "48201",
            "guests": "5",
        },
    )
    assert response.status_code == 400
    assert not RSVP.objects.exists()


def test_the_public_form_saves_answers_and_guests(client, asking_event):
    shift = asking_event.shifts.first()
    q = _questions(asking_event)
    response = client.post(
        asking_event.url,
        {
            "shifts": [shift.pk],
            "first_name": "Ana",
            "email": "ana@example.org",
            "postal_code": "48201",
            "guests": "2",
            "guest_names": "Leo, Mia",
            f"question_{q['Do you need a ride?'].pk}": "no",
            f"question_{q['Which tasks?'].pk}": ["Sorting", "Cooking"],
        },
    )
    assert response.status_code == 302
    created = RSVP.objects.get()
    assert (created.guests, created.guest_names) == (2, "Leo, Mia")
    assert created.answers.get(question=q["Which tasks?"]).value == "Sorting\nCooking"
    assert not created.answers.filter(question=q["Access needs"]).exists()
    shift.refresh_from_db()
    assert shift.attendee_count == 3


@pytest.fixture
def intern(db):
    user = person("intern@example.org", first_name="Ida")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Interns"))
    return user


@pytest.fixture
def organizer(db):
    user = person("organizer@example.org", first_name="Olu")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_desk_shows_guests_and_hides_sensitive_answers_from_interns(
    client, asking_event, intern, organizer
):
    asking_event.interns.add(intern)
    asking_event.save()
    _sign_up(asking_event, person("a@example.org"), _answers(asking_event), guests=2)
    url = f"/admin/checkin/{asking_event.pk}/"
    client.force_login(intern)
    page = client.get(url).content.decode()
    assert "+2" in page
    assert "Do you need a ride?: Yes" in page
    assert "Step-free entrance" not in page
    client.force_login(organizer)
    assert "Step-free entrance" in client.get(url).content.decode()


def test_the_events_host_reads_sensitive_answers(asking_event, intern):
    from events.questions import may_read_sensitive

    assert not may_read_sensitive(user=intern, event=asking_event)
    asking_event.host = intern
    assert may_read_sensitive(user=intern, event=asking_event)


def test_csv_export_has_guests_and_answers_sensitive_only_for_organizers(
    client, asking_event, intern, organizer
):
    asking_event.interns.add(intern)
    asking_event.save()
    _sign_up(asking_event, person("a@example.org"), _answers(asking_event), guests=1)
    url = f"/admin/checkin/{asking_event.pk}/export.csv"
    client.force_login(intern)
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    assert rows[0][-4:] == ["Guests", "Guests' names", "Do you need a ride?", "Which tasks?"]
    assert rows[1][-4:-2] == ["1", ""]
    assert rows[1][-2:] == ["Yes", "Driving"]
    client.force_login(organizer)
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    assert rows[0][-1] == "Access needs"
    assert rows[1][-1] == "Step-free entrance"


def test_attendances_api_carries_answers_sensitive_only_for_organizer_keys(
    client, asking_event, organizer, django_user_model
):
    from django.contrib.auth.models import Permission

    _sign_up(asking_event, person("a@example.org"), _answers(asking_event))
    url = f"/api/v1/organizations/1/events/{asking_event.pk}/attendances"
    viewer = django_user_model.objects.create_user(
        email="viewer@example.org", password="x", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_rsvp"))
    viewer_key = services.api_key_create(name="Warehouse", owner=viewer)[1]
    organizer_key = services.api_key_create(name="Organizer", owner=organizer)[1]

    def values(key):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200, response.content
        return {
            v["custom_field_name"]: v
            for v in response.json()["data"][0]["custom_signup_field_values"]
        }

    seen = values(viewer_key)
    assert seen["Do you need a ride?"]["boolean_value"] is True
    assert seen["Which tasks?"]["text_value"] == "Driving"
    assert "Access needs" not in seen
    assert values(organizer_key)["Access needs"]["text_value"] == "Step-free entrance"


def test_api_sign_up_checks_answers_and_guests(client, asking_event):
    key = services.api_key_create(name="Partner")[1]
    q = _questions(asking_event)
    body = {
        "person": {"given_name": "Ana", "email_address": "ana@example.org", "postal_code": "48201"},
        "timeslots": [{"timeslot_id": asking_event.shifts.first().pk}],
        "guests": 1,
        "custom_signup_field_values": [],
    }
    url = f"/api/v1/organizations/1/events/{asking_event.pk}/attendances"
    post = lambda data: client.post(  # noqa: E731
        url,
        data=json.dumps(data),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert post(body).status_code == 400
    assert post({**body, "guests": -1}).status_code == 400
    body["custom_signup_field_values"] = [
        {"custom_field_id": q["Do you need a ride?"].pk, "boolean_value": False},
        {"custom_field_id": q["Which tasks?"].pk, "text_value": "Sorting\nDriving"},
    ]
    assert post({**body, "guests": 3}).status_code == 400
    response = post(body)
    assert response.status_code == 201, response.content
    (attendance,) = response.json()["data"]
    assert attendance["guests"] == 1
    names = {v["custom_field_name"] for v in attendance["custom_signup_field_values"]}
    assert names == {"Do you need a ride?", "Which tasks?"}
    assert asking_event.shifts.first().attendee_count == 2
