"""Promises of the ledger that only show when one safeguard is missing: the queue-time
suppression check, and an unsubscribe link taken from a sent email."""

import email
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.newsletters import delivery, services
from portal.newsletters.models import Delivery, NewsletterDispatch
from tests.factories.newsletters import newsletter, subscriber

pytestmark = pytest.mark.django_db


def test_suppressed_addresses_are_left_out_when_queued_not_only_when_claimed(home_page):
    kept = [subscriber(), subscriber()]
    gone = subscriber()
    services.suppression_add(email=gone.user.email.upper(), reason="bounced", source="test")
    page = newsletter(home_page)

    result = delivery.deliveries_queue(newsletter=page)

    # Counted before any worker claims a row: the screen's "queued" is who will get it.
    assert (result.queued, result.suppressed) == (len(kept), 1)
    assert delivery.delivery_progress(newsletter_id=page.pk)["queued"] == len(kept)
    assert Delivery.objects.get(recipient=gone.user).status == "suppressed"


def test_the_unsubscribe_link_in_a_sent_email_stops_the_next_send(home_page, run_on_commit):
    leaving = subscriber()
    staying = subscriber()
    first = newsletter(home_page)
    run_on_commit(services.newsletter_schedule, newsletter=first, send_at=timezone.now())
    (sent,) = [message for message in mail.outbox if message.to == [leaving.user.email]]
    parsed = email.message_from_bytes(sent.message().as_bytes())
    unfolded = " ".join(parsed["List-Unsubscribe"].split())
    link = next(part.strip(" <>") for part in unfolded.split(",") if "http" in part)
    assert link in sent.body  # the visible link is the same one

    # A mail client's one-click POST (RFC 8058): no cookies, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(link).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200

    mail.outbox.clear()
    second = newsletter(home_page)
    run_on_commit(services.newsletter_schedule, newsletter=second, send_at=timezone.now())
    assert [message.to for message in mail.outbox] == [[staying.user.email]]
    assert not Delivery.objects.filter(
        newsletter=second, recipient=leaving.user, status="sent"
    ).exists()
    assert NewsletterDispatch.objects.get(newsletter=second).status == "sent"
