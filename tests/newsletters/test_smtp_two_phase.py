"""Over real SMTP the row is committed as sent just before the server may accept the message."""

import smtplib

import pytest
from django.core.mail import get_connection
from django.utils import timezone

from portal.newsletters import delivery
from portal.newsletters.models import Delivery, NewsletterDispatch
from portal.newsletters.rendering import build_message, render_newsletter
from portal.newsletters.smtp import send_with_commit_before_accept
from tests.factories.newsletters import newsletter, subscriber
from tests.newsletters.helpers import start_sink, wait_for

pytestmark = pytest.mark.django_db


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

    def crash():
        raise Killed

    with pytest.raises(Killed):
        send_with_commit_before_accept(backend, _message(page), before_accept=crash)
    assert backend.connection is None  # dropped mid-DATA, never QUIT politely

    backend = get_connection()
    backend.open()
    send_with_commit_before_accept(
        backend, _message(page, "bo@example.org"), before_accept=lambda: True
    )
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
