"""A newsletter sent through a real Celery worker process to a real SMTP server on loopback."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from portal.celery import app as celery_app
from portal.newsletters import services, tasks
from portal.newsletters.models import Delivery, NewsletterDispatch
from tests.factories.newsletters import newsletter, subscriber
from tests.newsletters.helpers import (
    database_url,
    start_sink,
    start_worker,
    stop_worker,
    wait_for,
)


@pytest.fixture
def sink():
    controller, handler = start_sink()
    yield controller, handler
    controller.stop()


@pytest.fixture
def worker(transactional_db, sink, tmp_path):
    controller, _handler = sink
    queue = f"test-newsletters-{uuid.uuid4().hex[:8]}"
    process = start_worker(
        queue=queue,
        db_url=database_url(connection.settings_dict),
        smtp_port=controller.port,
        log_path=tmp_path / "worker.log",
    )
    yield queue
    stop_worker(process)


@pytest.fixture
def site_home(transactional_db):
    # An earlier transactional test may have flushed the site and root page the migrations made;
    # the home demo builds whatever is missing.
    from home import demo
    from home.models import HomePage

    list(demo.seed())
    return HomePage.objects.get(locale__language_code="en")


@pytest.mark.worker
def test_a_real_worker_sends_each_recipient_one_message_with_unsubscribe_headers(
    transactional_db, site_home, sink, worker, monkeypatch, tmp_path
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    _controller, handler = sink
    people = [subscriber() for _ in range(4)]
    # A complaint suppresses the address while the person's consent still says yes.
    complained = subscriber()
    services.suppression_add(email=complained.user.email, reason="complained", source="test")
    page = newsletter(site_home)
    services.newsletter_schedule(newsletter=page, send_at=timezone.now() + timedelta(minutes=5))
    NewsletterDispatch.objects.filter(newsletter=page).update(send_at=timezone.now())

    tasks.start_newsletter.apply_async(args=[page.pk], queue=worker)

    def finished():
        return NewsletterDispatch.objects.get(newsletter=page).status == "sent"

    log = tmp_path / "worker.log"
    assert wait_for(finished, timeout=90), log.read_text() if log.exists() else "no log"
    assert wait_for(lambda: len(handler.messages) >= 4, timeout=10)

    received = sorted(message["To"] for message in handler.messages)
    assert received == sorted(person.user.email for person in people)
    for message in handler.messages:
        unfolded = " ".join(message["List-Unsubscribe"].split())
        assert unfolded.startswith("<http://testserver/unsubscribe/")
        assert "mailto:" in unfolded
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        types = [part.get_content_type() for part in message.walk()]
        assert "text/plain" in types and "text/html" in types
        row = Delivery.objects.get(email=message["To"])
        assert row.status == "sent" and row.message_id == message["Message-ID"]
    assert Delivery.objects.get(recipient=complained.user).status == "suppressed"
