"""Never a dead end in Spanish; links and alternates always lead to a live page; translations
follow their source (out of date, unpublished, deleted) and cannot be published incomplete."""

import re

import pytest
from django.core.exceptions import ValidationError

from events.models import RSVP
from portal.i18n import translation_out_of_date
from tests.factories.events import make_event
from tests.i18n.conftest import translate

pytestmark = pytest.mark.django_db


def _links(html: str, rel_or_class: str) -> dict:
    if rel_or_class == "alternate":
        pattern = r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">'
    else:
        pattern = r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+">'
        return {code: url for url, code in re.findall(pattern, html)}
    return dict(re.findall(pattern, html))


def test_untranslated_event_answers_in_spanish_chrome_with_english_body(
    client, events_index, spanish
):
    translate(events_index, spanish, title="Eventos")
    event = make_event(events_index, title="Eastside canvass", slug="eastside")
    response = client.get("/es/events/eastside/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Esta página aún no se ha traducido" in html
    assert '<div lang="en">' in html
    # The sign-up form speaks Spanish and posts under /es/, so the RSVP is Spanish too, and the
    # person comes back to the page under /es/.
    assert f'lang="es" action="/es/events/{event.pk}/sign-up/"' in html
    shift = event.shifts.get()
    response = client.post(
        f"/es/events/{event.pk}/sign-up/",
        {
            "shifts": [shift.pk],
            "first_name": "Ana",
            "last_name": "Pérez",
            "email": "ana@example.org",
            "postal_code": "48201",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/events/eastside/#signed-up"
    assert RSVP.objects.get(shift=shift).language == "es"
    assert "Registrarme" in html
    assert event.url == "/events/eastside/"


def test_english_page_under_a_made_up_spanish_path_is_still_a_404(client, events_index):
    assert client.get("/es/events/no-such-event/").status_code == 404


def test_switcher_and_alternates_lead_to_live_pages_and_keep_the_query(
    client, events_index, spanish
):
    event = make_event(events_index, title="Eastside canvass", slug="eastside")
    spanish_event = translate(event, spanish, title="Puerta a puerta")
    english_html = client.get(event.url + "?utm_source=flyer").content.decode()
    switcher = _links(english_html, "switcher")
    assert switcher["es"] == spanish_event.url + "?utm_source=flyer"
    alternates = _links(english_html, "alternate")
    assert alternates == {
        "en": "http://testserver/events/eastside/",
        "es": "http://testserver" + spanish_event.url,
        "x-default": "http://testserver/events/eastside/",
    }
    for url in [*switcher.values(), *alternates.values()]:
        assert client.get(url).status_code == 200, url
    spanish_html = client.get(spanish_event.url).content.decode()
    assert _links(spanish_html, "switcher")["en"] == event.url
    assert client.get(_links(spanish_html, "switcher")["en"]).status_code == 200


def test_switcher_on_an_untranslated_page_leads_to_its_spanish_fallback(client, events_index):
    make_event(events_index, title="Eastside canvass", slug="eastside")
    html = client.get("/events/?type=canvass").content.decode()
    assert _links(html, "switcher")["es"] == "/es/events/?type=canvass"
    event_html = client.get("/events/eastside/").content.decode()
    spanish_url = _links(event_html, "switcher")["es"]
    assert spanish_url == "/es/events/eastside/"
    assert client.get(spanish_url).status_code == 200


def test_spanish_page_whose_source_is_unpublished_or_deleted_is_a_clean_404(
    client, events_index, spanish
):
    event = make_event(events_index, title="Eastside canvass", slug="eastside")
    spanish_event = translate(event, spanish, title="Puerta a puerta")
    assert client.get(spanish_event.url).status_code == 200
    event.unpublish()
    assert client.get(spanish_event.url).status_code == 404
    event.delete()
    assert client.get(spanish_event.url).status_code == 404


def test_translation_missing_a_required_field_cannot_be_published(events_index, spanish):
    event = make_event(events_index, title="Eastside canvass", slug="eastside")
    spanish_event = translate(event, spanish, title="Puerta a puerta")
    spanish_event.title = ""
    with pytest.raises(ValidationError):
        spanish_event.save_revision().publish()
    spanish_event.refresh_from_db()
    assert spanish_event.title == "Puerta a puerta"
    assert spanish_event.live


def test_changed_english_text_marks_the_translation_out_of_date_but_times_do_not(
    client, events_index, spanish, django_user_model
):
    from datetime import timedelta

    event = make_event(events_index, title="Eastside canvass", slug="eastside")
    spanish_event = translate(event, spanish, title="Puerta a puerta")
    assert not translation_out_of_date(spanish_event)

    draft = event.get_latest_revision_as_object()
    shifts = list(draft.shifts.all())
    shifts[0].start_at += timedelta(hours=1)
    shifts[0].end_at += timedelta(hours=1)
    draft.shifts = shifts
    draft.save_revision().publish()
    assert not translation_out_of_date(spanish_event)

    draft = event.get_latest_revision_as_object()
    draft.summary = "Knock doors with your neighbors on Saturday."
    draft.save_revision().publish()
    assert translation_out_of_date(spanish_event)

    admin = django_user_model.objects.create_superuser(email="boss@example.org", password="x")
    client.force_login(admin)
    html = client.get(f"/admin/pages/{spanish_event.pk}/edit/").content.decode()
    assert "This translation is out of date" in html
