"""Organizers text a shift's people from the admin: recipients and segments shown before
sending, each text recorded once, the action in the audit trail; interns are kept out."""

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from wagtail.models import PageLogEntry

from events import services
from events.models import RSVP
from portal.sms.backends import LocmemTextBackend
from portal.sms.models import TextMessage
from tests.events.helpers import person
from tests.factories.events import event_index, make_event

pytestmark = pytest.mark.django_db


def staff(email, group):
    user = person(email)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def shift(home_page):
    event = make_event(event_index(home_page), title="Food bank shift")
    shift = event.shifts.first()
    for n, asked in enumerate([True, True, False]):
        services.rsvp_create(
            event=event,
            shift_ids=[shift.pk],
            person=person(f"v{n}@example.org"),
            source=RSVP.Source.WEB,
            phone=f"+1313555010{n}",
            postal_code="48207",
            sms_opt_in=asked,
        )
    return shift


def test_screen_shows_recipients_and_segments_then_sends_once(client, shift, settings):
    settings.SMS_DAILY_CAP = 10
    client.force_login(staff("org@example.org", "Moderators"))
    url = f"/admin/shift-texts/{shift.pk}/"
    page = client.get(url).content.decode()
    assert "2 people asked for texts" in page
    preview = client.post(
        url, {"body": "Food bank: bring gloves, por favor. Gracias", "preview": "1"}
    )
    assert "1 segment per text (GSM-7" in preview.content.decode()
    accented = client.post(
        url, {"body": "Banco de alimentos: traiga guantes. " * 2 + "Atención", "preview": "1"}
    )
    assert "2 segments per text (UCS-2" in accented.content.decode()
    assert not TextMessage.objects.exists()
    for _ in range(2):  # a double submit texts nobody twice
        with TestCase.captureOnCommitCallbacks(execute=True):
            answer = client.post(url, {"body": "Food bank: bring gloves.", "send": "1"})
        assert answer.status_code == 302
    assert sorted(text["to"] for text in LocmemTextBackend.outbox) == [
        "+13135550100",
        "+13135550101",
    ]
    assert PageLogEntry.objects.filter(action="events.shift_text").count() == 2
    assert "sent: 2" in client.get(url).content.decode()


def test_interns_cannot_text_a_shift(client, shift):
    client.force_login(staff("intern@example.org", "Interns"))
    answer = client.post(f"/admin/shift-texts/{shift.pk}/", {"body": "Hi", "send": "1"})
    assert answer.status_code in (302, 403)
    assert not TextMessage.objects.exists()


def test_desk_links_organizers_to_the_text_screen_and_not_interns(client, shift):
    link = f"/admin/shift-texts/{shift.pk}/"
    client.force_login(staff("org@example.org", "Moderators"))
    assert link in client.get(f"/admin/checkin/{shift.page_id}/").content.decode()
    intern = staff("intern@example.org", "Interns")
    shift.page.interns.add(intern)
    shift.page.save()
    client.force_login(intern)
    page = client.get(f"/admin/checkin/{shift.page_id}/")
    assert page.status_code == 200 and link not in page.content.decode()
