"""What the ledger records for each way a real SMTP server can answer, or not answer.

The sink is aiosmtpd on loopback, told to misbehave on one message: refuse it after its final
".", drop the connection before it, or drop the connection after reading all of it and before
answering, the one case nobody can settle (recorded "unknown", never resent by itself).
"""

import smtplib

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from wagtail.models import PageLogEntry

from portal.newsletters import delivery
from portal.newsletters.models import Delivery, NewsletterDispatch
from portal.newsletters.smtp import AcceptanceUnknown
from tests.factories.newsletters import newsletter, subscriber
from tests.factories.users import UserFactory
from tests.newsletters.helpers import SinkHandler, free_port

# Transactional, as in test_smtp_two_phase.py: on PostgreSQL the marks use their own connection.
pytestmark = pytest.mark.django_db(transaction=True)


class MisbehavingSink(SinkHandler):
    """Keeps what it accepts; on the `nth` message (1-based) does `failure` instead."""

    def __init__(self):
        super().__init__()
        self.failure = None
        self.nth = 0
        self.seen_rcpt = 0
        self.seen_data = 0
        self.received = []  # every message read to its final ".", answered or not

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.seen_rcpt += 1
        if self.failure == "drop_before_end" and self.seen_rcpt == self.nth:
            server.transport.abort()
            return "250 OK"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.seen_data += 1
        if self.seen_data == self.nth and self.failure == "refuse_after_end":
            return "554 5.7.1 Message refused"
        parsed = (await super().handle_DATA(server, session, envelope), self.messages.pop())[1]
        self.received.append(parsed)
        if self.seen_data == self.nth and self.failure == "drop_after_end":
            # The whole message was read; the connection breaks before the 250.
            server.transport.abort()
            return "250 OK"
        self.messages.append(parsed)
        return "250 OK"

    def behave(self):
        self.failure = None


@pytest.fixture
def home_page(transactional_db):
    from home import demo
    from home.models import HomePage

    list(demo.seed())
    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def sink(settings):
    handler = MisbehavingSink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


def _sending(home_page, people: int):
    subscribers = [subscriber() for _ in range(people)]
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)
    return page, [person.user for person in subscribers]


def _status_by_order(page) -> list[str]:
    return list(
        Delivery.objects.filter(newsletter=page).order_by("pk").values_list("status", flat=True)
    )


def _delivered_to(sink) -> list[str]:
    return sorted(message["To"] for message in sink.messages)


def test_a_message_refused_after_its_final_dot_is_failed_not_sent(home_page, sink):
    page, users = _sending(home_page, 3)
    sink.failure, sink.nth = "refuse_after_end", 2

    delivery.newsletter_deliver(newsletter_id=page.pk)

    assert _status_by_order(page) == ["sent", "failed", "sent"]
    refused = Delivery.objects.filter(newsletter=page).order_by("pk")[1]
    assert refused.sent_at is None and "554" in refused.error
    assert _delivered_to(sink) == sorted([users[0].email, users[2].email])


def test_a_connection_lost_before_the_final_dot_gives_the_rest_back_for_the_next_run(
    home_page, sink
):
    page, users = _sending(home_page, 5)
    sink.failure, sink.nth = "drop_before_end", 3

    with pytest.raises(smtplib.SMTPException):
        delivery.newsletter_deliver(newsletter_id=page.pk)

    assert _status_by_order(page) == ["sent", "sent", "queued", "queued", "queued"]
    assert Delivery.objects.filter(newsletter=page, claim_token="").count() == 3

    sink.behave()
    delivery.newsletter_deliver(newsletter_id=page.pk)

    assert _status_by_order(page) == ["sent"] * 5
    assert _delivered_to(sink) == sorted(user.email for user in users)  # each once
    assert NewsletterDispatch.objects.get(newsletter=page).status == "sent"


def test_a_connection_lost_after_the_final_dot_is_unknown_and_never_resent_by_itself(
    home_page, sink
):
    page, users = _sending(home_page, 3)
    sink.failure, sink.nth = "drop_after_end", 2

    with pytest.raises(AcceptanceUnknown):
        delivery.newsletter_deliver(newsletter_id=page.pk)

    assert _status_by_order(page) == ["sent", "unknown", "queued"]
    sink.behave()
    # The task's retry, then the stalled-send sweep: neither touches the unknown row.
    delivery.newsletter_deliver(newsletter_id=page.pk)
    delivery.newsletter_deliver(newsletter_id=page.pk)

    assert _status_by_order(page) == ["sent", "unknown", "sent"]
    unknown = Delivery.objects.get(newsletter=page, status="unknown")
    assert unknown.sent_at is None and unknown.recipient == users[1]
    # The server did read it: it may well be in the inbox, which is why it is not resent.
    assert sorted(message["To"] for message in sink.received) == sorted(u.email for u in users)
    assert NewsletterDispatch.objects.get(newsletter=page).status == "sent"
    assert delivery.delivery_progress(newsletter_id=page.pk)["unknown"] == 1


def test_organizers_see_unknown_deliveries_and_may_resend_them_deliberately(
    home_page, sink, client
):
    page, users = _sending(home_page, 2)
    sink.failure, sink.nth = "drop_after_end", 1
    with pytest.raises(AcceptanceUnknown):
        delivery.newsletter_deliver(newsletter_id=page.pk)
    sink.behave()
    delivery.newsletter_deliver(newsletter_id=page.pk)
    organizer = UserFactory(email="organizer@example.org", is_staff=True, is_superuser=True)
    client.force_login(organizer)

    screen = client.get(f"/admin/newsletters/{page.pk}/").content.decode()
    assert "1 unknown — may or may not have arrived" in screen
    assert "Resend unknown" in screen

    response = client.post(f"/admin/newsletters/{page.pk}/resend-unknown/", follow=True)

    assert response.status_code == 200
    assert _status_by_order(page) == ["sent", "sent"]
    assert _delivered_to(sink) == sorted(user.email for user in users)
    assert NewsletterDispatch.objects.get(newsletter=page).status == "sent"
    entry = PageLogEntry.objects.get(action="newsletters.resend_unknown")
    assert (entry.page_id, entry.user, entry.data) == (page.pk, organizer, {"count": 1})
    assert "Resend unknown" not in client.get(f"/admin/newsletters/{page.pk}/").content.decode()
