"""An event email whose connection broke after its final "." may have arrived: it is recorded as
unknown and the lost-notice sweep leaves it alone; one lost before the "." is sent again."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from events import services
from events.models import Notice
from tests.events.helpers import person, rsvp
from tests.newsletters.helpers import SinkHandler, free_port

pytestmark = pytest.mark.django_db


class DroppingSink(SinkHandler):
    """Drops the connection of the first message: before its "." or after reading all of it."""

    def __init__(self, when: str):
        super().__init__()
        self.when = when
        self.read_to_the_end = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.when == "before_end":
            self.when = ""
            server.transport.abort()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.read_to_the_end += 1
        if self.when == "after_end":
            self.when = ""
            server.transport.abort()
            return "250 OK"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp(settings):
    def start(when: str) -> DroppingSink:
        handler = DroppingSink(when)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        settings.EMAIL_BACKEND = "portal.mail.SMTPEmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_TIMEOUT = 5
        return handler

    started = []
    yield start
    for controller in started:
        controller.stop()


def _sweep_later() -> int:
    return services.notices_resend_lost(now=timezone.now() + timedelta(minutes=11))


def test_a_confirmation_lost_after_its_final_dot_is_unknown_and_not_resent(
    event, smtp, django_capture_on_commit_callbacks
):
    sink = smtp("after_end")
    with django_capture_on_commit_callbacks(execute=True):
        rsvp(event, person("ana@example.org"))

    notice = Notice.objects.get(kind=Notice.Kind.CONFIRMATION)
    assert (notice.sent_at, notice.outcome_unknown) == (None, True)
    assert _sweep_later() == 0
    assert (sink.read_to_the_end, sink.messages) == (1, [])


def test_a_confirmation_lost_before_its_final_dot_is_sent_again_once(
    event, smtp, django_capture_on_commit_callbacks
):
    sink = smtp("before_end")
    with django_capture_on_commit_callbacks(execute=True):
        rsvp(event, person("ana@example.org"))
    notice = Notice.objects.get(kind=Notice.Kind.CONFIRMATION)
    assert (notice.sent_at, notice.outcome_unknown) == (None, False)

    assert _sweep_later() == 1
    assert [message["To"] for message in sink.messages] == ["ana@example.org"]
    assert _sweep_later() == 0
