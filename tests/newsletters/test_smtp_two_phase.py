"""Over real SMTP the row is committed as sent just before the server may accept the message."""

import os
import smtplib
import subprocess
import sys
import time

import pytest
from django.core.mail import get_connection
from django.db import connection
from django.utils import timezone

from portal.newsletters import delivery
from portal.newsletters.marking import mark_session
from portal.newsletters.models import Delivery, NewsletterDispatch
from portal.newsletters.rendering import build_message, render_newsletter
from portal.newsletters.smtp import send_with_commit_before_accept
from tests.factories.newsletters import newsletter, subscriber
from tests.newsletters.helpers import ROOT, database_url, start_sink, wait_for

# Transactional: on PostgreSQL the marks travel on a connection of their own, which must see the
# rows the test wrote.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def home_page(transactional_db):
    # An earlier transactional test may have flushed the site and root page the migrations made;
    # the home demo builds whatever is missing.
    from home import demo
    from home.models import HomePage

    list(demo.seed())
    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def smtp(settings):
    controller, handler = start_sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    yield handler
    controller.stop()


def _message(page, address="ana@example.org"):
    return build_message(rendered=render_newsletter(newsletter=page), email=address, language="en")


def test_a_worker_dying_before_the_commit_leaves_the_server_nothing(home_page, smtp):
    page = newsletter(home_page)
    backend = get_connection()
    backend.open()

    class Killed(BaseException):
        """Stands in for kill -9 between the message body and the final "."."""

    class DyingMark:
        def stage(self):
            pass

        def hold(self):
            raise Killed

        def abandon(self):
            pass

    class WillingMark(DyingMark):
        def hold(self):
            return True

        commit = settle = DyingMark.stage

    with pytest.raises(Killed):
        send_with_commit_before_accept(backend, _message(page), mark=DyingMark())
    assert backend.connection is None  # dropped mid-DATA, never QUIT politely

    backend = get_connection()
    backend.open()
    send_with_commit_before_accept(backend, _message(page, "bo@example.org"), mark=WillingMark())
    backend.close()
    assert wait_for(lambda: len(smtp.messages) == 1, timeout=5)
    assert [message["To"] for message in smtp.messages] == ["bo@example.org"]


def test_a_row_taken_over_by_another_worker_is_abandoned_not_sent_twice(home_page, smtp):
    person = subscriber()
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)
    token, rows = delivery.delivery_claim_batch(newsletter_id=page.pk)
    # The lease ran out and another worker claimed (and will send) the row.
    Delivery.objects.update(claim_token="another-worker")

    sent = delivery.delivery_send_batch(
        newsletter=page, token=token, rows=rows, renders=delivery.RenderCache(page)
    )

    assert sent == 0
    assert smtp.messages == []
    row = Delivery.objects.get(recipient=person.user)
    assert (row.status, row.claim_token) == ("claimed", "another-worker")


def test_over_smtp_each_row_is_marked_sent_with_its_message_id(home_page, smtp):
    people = [subscriber() for _ in range(3)]
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)

    delivery.newsletter_deliver(newsletter_id=page.pk)

    assert wait_for(lambda: len(smtp.messages) == 3, timeout=5)
    by_address = {message["To"]: message["Message-ID"] for message in smtp.messages}
    for person in people:
        row = Delivery.objects.get(recipient=person.user)
        assert row.status == "sent" and row.message_id == by_address[person.user.email]


def test_a_recipient_the_server_refuses_is_failed_not_sent(home_page, smtp, monkeypatch):
    subscriber()
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)
    monkeypatch.setattr(smtplib.SMTP, "rcpt", lambda self, recipient, options=(): (550, b"no"))

    delivery.newsletter_deliver(newsletter_id=page.pk)

    row = Delivery.objects.get()
    assert row.status == "failed" and row.sent_at is None
    assert smtp.messages == []


def _claimed_row(home_page):
    person = subscriber()
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)
    token, [row] = delivery.delivery_claim_batch(newsletter_id=page.pk)
    return person, token, row


def _mark_and_die(row, token, last_step):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.newsletters.worker_settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "TEST_SMTP_PORT": "25",
    }
    command = [sys.executable, "-m", "tests.newsletters.mark_and_die", str(row.pk), token]
    subprocess.run([*command, last_step], cwd=ROOT, env=env, check=True, timeout=60)


def test_a_process_killed_once_commit_has_left_still_leaves_its_row_sent(home_page):
    _person, token, row = _claimed_row(home_page)

    _mark_and_die(row, token, "commit")

    row.refresh_from_db()
    assert row.status == "sent" and row.message_id == f"<row-{row.pk}@test>"


def test_a_process_killed_before_commit_leaves_its_row_for_a_later_send(home_page):
    _person, token, row = _claimed_row(home_page)

    _mark_and_die(row, token, "hold")

    row.refresh_from_db()
    if connection.vendor == "postgresql":
        # The staged mark dies with its connection: the row waits for its lease to run out
        # and is sent then, once (the server dropped the unfinished message).
        assert (row.status, row.claim_token) == ("claimed", token)
    else:
        # Elsewhere the mark is committed before the final "." (the wider, portable gap).
        assert row.status == "sent"


def test_a_staged_mark_is_invisible_to_other_workers_until_committed(home_page):
    _person, token, row = _claimed_row(home_page)

    with mark_session(token=token, pipelined=True) as marks:
        mark = marks.mark(row_id=row.pk, message_id="<m@test>")
        mark.stage()
        assert mark.hold()
        seen_meanwhile = Delivery.objects.get(pk=row.pk).status
        mark.commit()
        mark.settle()

    assert Delivery.objects.get(pk=row.pk).status == "sent"
    assert seen_meanwhile == ("claimed" if connection.vendor == "postgresql" else "sent")


def test_a_batch_past_half_its_lease_gives_the_rest_back_unsent(home_page, smtp, settings):
    settings.NEWSLETTER_LEASE_SECONDS = 60
    people = [subscriber() for _ in range(3)]
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)
    token, rows = delivery.delivery_claim_batch(newsletter_id=page.pk)

    sent = delivery.delivery_send_batch(
        newsletter=page,
        token=token,
        rows=rows,
        renders=delivery.RenderCache(page),
        claimed_at=time.monotonic() - 31,
    )

    assert sent == 0 and smtp.messages == []
    statuses = set(
        Delivery.objects.filter(recipient__in=[p.user for p in people]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {"queued"}
