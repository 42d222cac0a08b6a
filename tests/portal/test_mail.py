import email
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core import mail
from django.core.mail import EmailMultiAlternatives, get_connection

from portal.mail import ConsoleAndFileEmailBackend


class Sink(Message):
    def __init__(self):
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, sink
    controller.stop()


def test_mail_reaches_a_real_smtp_server_with_text_and_html(smtp_sink):
    controller, sink = smtp_sink
    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=controller.hostname,
        port=controller.port,
        timeout=10,
    )
    message = EmailMultiAlternatives(
        subject="Bienvenida, Núria",
        body="Plain text part",
        to=["nuria@example.org"],
        connection=connection,
    )
    message.attach_alternative("<p>HTML part</p>", "text/html")
    assert message.send() == 1

    assert len(sink.messages) == 1
    received = sink.messages[0]
    assert received["To"] == "nuria@example.org"
    assert "Núria" in str(email.header.make_header(email.header.decode_header(received["Subject"])))
    types = [part.get_content_type() for part in received.walk()]
    assert "text/plain" in types and "text/html" in types


def test_development_mail_is_announced_and_kept_under_var_mail(tmp_path, capsys):
    backend = ConsoleAndFileEmailBackend(file_path=str(tmp_path))
    sent = backend.send_messages(
        [mail.EmailMessage("Your shift", "See you Saturday", to=["a@example.org"])]
    )
    assert sent == 1
    printed = capsys.readouterr().out
    assert "Your shift" in printed and "See you Saturday" not in printed
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert "See you Saturday" in files[0].read_text()


def test_built_email_is_in_the_persons_language_with_lang_on_the_html(db):
    # db: the organization's name and sender come from the site settings.
    from portal.mail import email_build

    message = email_build(
        template="emails/recruitment_confirm",
        context={
            "name": "Ana",
            "confirm_url": "https://example.org/c/",
            "already_confirmed": False,
        },
        to=["ana@example.org"],
        language="es",
        reply_to=["team@example.org"],
    )
    assert message.to == ["ana@example.org"] and message.reply_to == ["team@example.org"]
    assert "\n" not in message.subject
    assert "Hola, Ana:" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="es"' in html and "Hola, Ana:" in html


def test_built_email_comes_from_the_organization_in_the_site_settings(db):
    from wagtail.models import Site

    from home.models import SiteSettings
    from portal.mail import email_build

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organization_name = "Neighbors United"
    settings.sender_email = "hello@neighbors.example.org"
    settings.save()
    message = email_build(
        template="emails/recruitment_confirm",
        context={"name": "Ana", "confirm_url": "https://example.org/c/"},
        to=["ana@example.org"],
        language="en",
    )
    assert message.from_email == "Neighbors United <hello@neighbors.example.org>"
    assert "Neighbors United" in message.alternatives[0][0]
