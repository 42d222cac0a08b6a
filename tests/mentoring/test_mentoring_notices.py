"""Lost mentoring emails: a notice recorded in the ledger but never sent (its worker died, the
mail server refused it) is sent again by the hourly beat task while it still matters."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.notices import LOST_AFTER, MAX_RETRIES
from recruitment.mentoring import services, tasks
from recruitment.mentoring.models import MentoringNotice, MentorPair
from tests.factories.mentoring import MentorProfileFactory, MentorRequestFactory

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def quiet_pair(django_capture_on_commit_callbacks):
    """A published pair whose introductions were never sent (the worker never got to them)."""
    MentorProfileFactory(volunteer__user__first_name="Marta")
    MentorRequestFactory(newcomer__user__first_name="Nico")
    with django_capture_on_commit_callbacks(execute=False):
        (pair,) = services.proposal_publish(run=services.matching_run_create())
    assert mail.outbox == []
    return pair


def recorded_but_not_sent(pair, recipient, kind, key="", *, minutes_ago=11):
    """The ledger row a worker writes just before sending, left behind when it dies."""
    return MentoringNotice.objects.create(
        pair=pair,
        recipient=recipient,
        kind=kind,
        key=key,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


@pytest.fixture
def mail_server_down(settings):
    """Point email at a local port where nothing listens, as when the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings


def test_an_introduction_lost_with_its_worker_is_sent_again_once(quiet_pair):
    notice = recorded_but_not_sent(
        quiet_pair, quiet_pair.newcomer, MentoringNotice.Kind.INTRODUCTION, minutes_ago=0
    )
    # Too early to call it lost: the worker may still be sending it.
    assert services.mentoring_notices_resend_lost() == 0
    later = timezone.now() + LOST_AFTER + timedelta(minutes=1)
    assert services.mentoring_notices_resend_lost(now=later) == 1
    assert [m.to for m in mail.outbox] == [[quiet_pair.newcomer.email]]
    assert "Meet your mentor, Marta" in mail.outbox[0].subject
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.retries == 1
    for hours in (1, 2, 3):
        assert services.mentoring_notices_resend_lost(now=later + timedelta(hours=hours)) == 0
    assert len(mail.outbox) == 1


def test_a_notice_already_sent_is_not_sent_again(quiet_pair):
    assert (
        services.mentoring_notice_send(
            pair_id=quiet_pair.pk, kind=MentoringNotice.Kind.INTRODUCTION
        )
        == 2
    )
    MentoringNotice.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert services.mentoring_notices_resend_lost() == 0
    assert len(mail.outbox) == 2
    assert set(MentoringNotice.objects.values_list("retries", flat=True)) == {0}


def test_the_hourly_beat_task_resends_a_lost_check_in_reminder_and_marks_it(quiet_pair):
    checkin = quiet_pair.checkins.get(week=1)
    checkin.due_at = timezone.now() - timedelta(hours=2)
    checkin.save()
    recorded_but_not_sent(quiet_pair, quiet_pair.mentor, MentoringNotice.Kind.CHECKIN, "week1")
    # The beat entry the migration schedules every hour: due emails, then lost ones.
    assert tasks.mentoring_send_due.delay().get() == 2
    assert [m.to for m in mail.outbox] == [[quiet_pair.mentor.email]]
    assert "Week 1" in mail.outbox[0].subject
    checkin.refresh_from_db()
    assert checkin.reminder_sent_at is not None
    assert tasks.mentoring_send_due.delay().get() == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "kind,key",
    [
        (MentoringNotice.Kind.INTRODUCTION, ""),
        (MentoringNotice.Kind.CHECKIN, "week1"),
        (MentoringNotice.Kind.FEEDBACK, ""),
    ],
)
def test_a_lost_notice_about_a_pair_that_has_ended_is_dropped(
    quiet_pair, django_capture_on_commit_callbacks, kind, key
):
    notice = recorded_but_not_sent(quiet_pair, quiet_pair.mentor, kind, key)
    with django_capture_on_commit_callbacks(execute=True):
        services.pair_end(pair=quiet_pair, ended_by="newcomer", reason="Moved away")
    ended_mail = list(mail.outbox)
    assert [m.to for m in ended_mail] == [[quiet_pair.mentor.email]]
    moment = timezone.now()
    for _attempt in range(5):
        moment += timedelta(hours=1)
        assert services.mentoring_notices_resend_lost(now=moment) == 0
    assert mail.outbox == ended_mail
    notice.refresh_from_db()
    assert notice.sent_at is None and notice.retries == MAX_RETRIES


def test_a_lost_check_in_reminder_is_dropped_once_the_mentor_marked_it_done(quiet_pair):
    recorded_but_not_sent(quiet_pair, quiet_pair.mentor, MentoringNotice.Kind.CHECKIN, "week1")
    services.checkin_mark_done(checkin=quiet_pair.checkins.get(week=1), mentor=quiet_pair.mentor)
    assert services.mentoring_notices_resend_lost() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("days_later,resent", [(6, 1), (8, 0)])
def test_news_of_an_ended_pairing_is_resent_within_a_week_only(quiet_pair, days_later, resent):
    services.pair_end(pair=quiet_pair, ended_by="mentor", reason="No time")
    recorded_but_not_sent(quiet_pair, quiet_pair.newcomer, MentoringNotice.Kind.ENDED, "mentor")
    later = timezone.now() + timedelta(days=days_later)
    assert services.mentoring_notices_resend_lost(now=later) == resent
    assert len(mail.outbox) == resent


def test_a_refused_introduction_is_retried_a_few_times_then_left(quiet_pair, mail_server_down):
    # Both introductions are recorded before either is sent, so one refusal loses neither.
    assert (
        services.mentoring_notice_send(
            pair_id=quiet_pair.pk, kind=MentoringNotice.Kind.INTRODUCTION
        )
        == 0
    )
    assert MentoringNotice.objects.filter(sent_at__isnull=True).count() == 2
    moment = timezone.now()
    for attempt in (1, 2):
        moment += timedelta(hours=1)
        assert services.mentoring_notices_resend_lost(now=moment) == 0
        assert set(MentoringNotice.objects.values_list("retries", flat=True)) == {attempt}
    # The mail server is back for the last try.
    mail_server_down.EMAIL_BACKEND = LOCMEM
    moment += timedelta(hours=1)
    assert services.mentoring_notices_resend_lost(now=moment) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [quiet_pair.mentor.email, quiet_pair.newcomer.email]
    )
    assert not MentoringNotice.objects.filter(sent_at__isnull=True).exists()


def test_after_the_last_retry_a_refused_notice_is_left_alone(quiet_pair, mail_server_down):
    services.mentoring_notice_send(pair_id=quiet_pair.pk, kind=MentoringNotice.Kind.INTRODUCTION)
    moment = timezone.now()
    for attempt in range(1, 6):
        moment += timedelta(hours=1)
        assert services.mentoring_notices_resend_lost(now=moment) == 0
        assert set(MentoringNotice.objects.values_list("retries", flat=True)) == {
            min(attempt, MAX_RETRIES)
        }
    mail_server_down.EMAIL_BACKEND = LOCMEM
    assert services.mentoring_notices_resend_lost(now=moment + timedelta(hours=1)) == 0
    assert mail.outbox == []
    assert MentorPair.objects.get().ended_at is None
