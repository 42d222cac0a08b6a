"""Event emails whose outcome is unknown: organizers see them, and only they may send them again,
deliberately, knowing some people may get them twice; the sweep still never resends them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import PageLogEntry

from events import services
from events.models import RSVP, Notice
from tests.events.helpers import person, rsvp

pytestmark = pytest.mark.django_db


def _staff(email: str, group: str):
    user = person(email, first_name="Staff", last_name=group)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def organizer(db):
    return _staff("organizer@example.org", "Moderators")


@pytest.fixture
def intern(event):
    user = _staff("intern@example.org", "Interns")
    event.interns.add(user)
    event.save()
    return user


@pytest.fixture
def unknown(event):
    """Ana's confirmation was handed over and the connection broke before the server answered."""
    (held,) = rsvp(event, person("ana@example.org"))
    return Notice.objects.create(
        rsvp=held,
        kind=Notice.Kind.CONFIRMATION,
        created_at=timezone.now() - timedelta(hours=1),
        outcome_unknown=True,
    )


def _desk(client, user, event) -> str:
    client.force_login(user)
    response = client.get(f"/admin/checkin/{event.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_desk_shows_organizers_the_unknown_emails_and_to_whom(
    client, event, unknown, organizer
):
    page = _desk(client, organizer, event)
    assert "1 email with an unknown outcome" in page
    assert "ana@example.org" in page
    assert f"/admin/checkin/{event.pk}/resend-unknown/" in page


def test_the_desk_shows_interns_no_unknown_count_and_no_resend(client, event, unknown, intern):
    page = _desk(client, intern, event)
    assert "unknown outcome" not in page
    assert "resend-unknown" not in page


def test_the_rsvp_list_filters_and_marks_unknown_emails(client, event, unknown, organizer):
    rsvp(event, person("ben@example.org", first_name="Ben"))
    client.force_login(organizer)
    listing = client.get("/admin/event_rsvps/?email_unknown=true").content.decode()
    assert "Email outcome unknown" in listing
    assert "Ben" not in listing
    assert "Ana" in listing


def test_resend_sends_exactly_one_email_per_notice_and_logs(
    client, event, unknown, organizer, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    url = f"/admin/checkin/{event.pk}/resend-unknown/"
    confirm = client.get(url).content.decode()
    assert "may get it twice" in confirm
    assert "ana@example.org" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    unknown.refresh_from_db()
    assert unknown.outcome_unknown is False
    assert unknown.sent_at is not None
    entry = PageLogEntry.objects.get(action=services.NOTICES_RESEND_UNKNOWN)
    assert (entry.page_id, entry.user, entry.data) == (
        event.pk,
        organizer,
        {"count": 1, "notices": [unknown.pk]},
    )

    # A second click (or a stale tab) finds nothing left to resend.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 1
    assert services.notices_resend_lost(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_resend_service_takes_each_notice_once(
    event, unknown, organizer, django_capture_on_commit_callbacks
):
    notices = Notice.objects.filter(pk=unknown.pk)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notices_resend_unknown(notices=notices, by=organizer)
        second = services.notices_resend_unknown(notices=notices, by=organizer)
    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1


def test_resend_by_an_intern_is_refused(client, event, unknown, intern):
    client.force_login(intern)
    url = f"/admin/checkin/{event.pk}/resend-unknown/"
    assert client.get(url).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    unknown.refresh_from_db()
    assert unknown.outcome_unknown is True
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        services.notices_resend_unknown(notices=Notice.objects.all(), by=intern)
    assert not PageLogEntry.objects.filter(action=services.NOTICES_RESEND_UNKNOWN).exists()


def test_the_sweep_never_resends_an_unknown_notice(event, unknown):
    assert services.notices_resend_lost(now=timezone.now() + timedelta(hours=1)) == 0
    unknown.refresh_from_db()
    assert (unknown.outcome_unknown, unknown.sent_at, unknown.retries) == (True, None, 0)
    assert mail.outbox == []
    assert RSVP.objects.count() == 1
