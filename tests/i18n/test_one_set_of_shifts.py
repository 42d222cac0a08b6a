"""One event, one set of shifts: a Spanish translation takes places in the English shifts."""

from datetime import timedelta

import pytest
from django.core import mail
from wagtail_localize.models import TranslationSource

from events import emails
from events.models import RSVP, Notice, Shift
from tests.i18n.conftest import translate

pytestmark = pytest.mark.django_db


def _rsvp_data(shift, email):
    return {
        "shifts": [shift.pk],
        "first_name": "Ana",
        "last_name": "Pérez",
        "email": email,
        "phone": "",
        "postal_code": "48201",
    }


def test_translation_copies_words_never_shifts(event, spanish_event, spanish):
    assert not Shift.objects.filter(page=spanish_event).exists()
    # Syncing the translation again (after the English page changed) copies no shifts either.
    source = TranslationSource.objects.get(object_id=event.translation_key)
    source.update_from_db()
    source.create_or_update_translation(spanish, publish=True, fallback=True)
    assert not Shift.objects.filter(page=spanish_event).exists()
    assert Shift.objects.filter(page=event).count() == 1
    assert spanish_event.shift_owner == event
    assert spanish_event.starts_at == event.starts_at


def test_spanish_rsvp_fills_the_shift_and_english_one_is_waitlisted(
    client, event, spanish_event, django_capture_on_commit_callbacks
):
    shift = event.shifts.get()
    assert spanish_event.url.startswith("/es/")
    page = client.get(spanish_event.url)
    assert page.status_code == 200
    assert f'value="{shift.pk}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(spanish_event.url, _rsvp_data(shift, "ana@example.org"))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, _rsvp_data(shift, "lee@example.org"))
    spanish_rsvp = RSVP.objects.get(person__email="ana@example.org")
    english_rsvp = RSVP.objects.get(person__email="lee@example.org")
    assert spanish_rsvp.shift == english_rsvp.shift == shift
    assert spanish_rsvp.status == RSVP.Status.REGISTERED
    assert english_rsvp.status == RSVP.Status.WAITLISTED
    shift.refresh_from_db()
    assert shift.attendee_count == 1

    confirmation = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    assert confirmation.subject.endswith("Ya está inscrito: Puerta a puerta en Eastside")
    html = confirmation.alternatives[0][0]
    assert 'lang="es"' in html
    ics = next(body for name, body, _type in confirmation.attachments if name == "event.ics")
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "Puerta a puerta en Eastside" in ics
    assert "Eastside canvass" not in ics

    mail.outbox.clear()
    emails.send_rsvp_notice(rsvp=spanish_rsvp, kind=Notice.Kind.DAY_BEFORE)
    reminder = mail.outbox[0]
    assert "Puerta a puerta en Eastside" in reminder.subject + reminder.body
    assert "Eastside canvass" not in reminder.body
    assert 'lang="es"' in reminder.alternatives[0][0]


def test_new_english_start_time_shows_on_the_spanish_page_at_once(client, event, spanish_event):
    shift = event.shifts.get()
    later = shift.start_at + timedelta(days=1, hours=2)
    draft = event.get_latest_revision_as_object()
    shifts = list(draft.shifts.all())
    shifts[0].start_at, shifts[0].end_at = later, later + timedelta(hours=3)
    draft.shifts = shifts
    draft.save_revision().publish()

    response = client.get(spanish_event.url)
    assert [s.start_at for s in response.context["shifts"]] == [later]
    spanish_event.refresh_from_db()
    assert spanish_event.starts_at == later


def test_listing_shows_each_event_once_in_the_readers_language(client, event, spanish_event):
    spanish_listing = client.get("/es/events/").content.decode()
    assert "Puerta a puerta en Eastside" in spanish_listing
    assert "Eastside canvass" not in spanish_listing
    assert f'href="{spanish_event.url}"' in spanish_listing
    english_listing = client.get("/events/").content.decode()
    assert "Eastside canvass" in english_listing
    assert "Puerta a puerta" not in english_listing


def test_api_lists_one_event_per_set_of_shifts(client, event, spanish_event):
    body = client.get("/api/v1/events").json()
    ids = [item["id"] for item in body["data"]]
    assert ids == [event.pk]


def test_spanish_internship_application_joins_the_english_pipeline_and_email_is_spanish(
    client, home_page, spanish, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recruitment.models import InternshipApplication
    from tests.factories.recruitment import internship_page
    from tests.recruitment.test_resume_upload import pdf

    settings.RECRUITMENT_PRIVATE_ROOT = tmp_path / "private"
    english = internship_page(home_page)
    spanish_page = translate(english, spanish, role="Pasante de organización de campo")
    data = {
        "given_name": "Ngozi",
        "email": "ngozi@example.org",
        "phone": "",
        "availability": "Por las tardes",
        "statement": "Organicé el registro de votantes.",
        "resume": SimpleUploadedFile("cv.pdf", pdf(), content_type="application/pdf"),
        "website": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(spanish_page.url, data)
    assert response.status_code == 200
    application = InternshipApplication.objects.get()
    assert application.page_id == english.pk
    assert application.language == "es"
    assert "Pasante de organización de campo" in mail.outbox[-1].body


def test_translated_event_form_needs_no_shifts_and_refuses_new_ones(event, spanish_event):
    form_class = type(spanish_event).get_edit_handler().get_form_class()
    source_form = form_class(instance=event, for_user=None)
    assert source_form.formsets["shifts"].min_num == 1
    translation_form = form_class(instance=spanish_event, for_user=None)
    assert translation_form.formsets["shifts"].min_num == 0
    assert not translation_form.formsets["shifts"].validate_min
