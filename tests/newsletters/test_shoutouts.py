"""Shout-outs: organizers write them, peers nominate, volunteers choose whether they go public."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from portal.newsletters import services
from portal.newsletters.models import ShoutOut, ThankYouWallPage
from portal.newsletters.rendering import render_newsletter
from tests.factories.newsletters import ShoutOutFactory, newsletter, subscriber
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _public_link(message) -> str:
    match = re.search(r"https?://\S+/shout-outs/public/\S+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


@pytest.fixture
def wall(home_page) -> ThankYouWallPage:
    page = ThankYouWallPage(title="Thank you", slug="thank-you", introduction="Our volunteers.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_an_organizer_shout_out_is_emailed_once_and_private_until_the_volunteer_agrees(
    client, organizer, wall, run_on_commit
):
    volunteer = subscriber(user__first_name="Dolores", user__last_name="Huerta")
    shoutout = run_on_commit(
        services.shoutout_create,
        recipient=volunteer.user,
        message="You ran the best canvass of the year.",
        author=organizer,
    )
    assert [message.to for message in mail.outbox] == [[volunteer.user.email]]
    assert services.shoutout_notify(shoutout_id=shoutout.pk) is False  # never twice
    assert b"best canvass" not in client.get(wall.url).content

    link = _public_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and b"best canvass" in page.content
    client.post(link, {"public": "yes"})

    response = client.get(wall.url)
    assert b"best canvass" in response.content
    assert b"Dolores H." in response.content
    assert b"Huerta" not in response.content  # first name and initial only


def test_a_peer_nomination_waits_for_an_organizer(client, organizer, run_on_commit):
    nominee = subscriber()
    nominator = UserFactory()
    client.force_login(nominator)

    response = client.post(
        "/shout-outs/nominate/",
        {"email": nominee.user.email.upper(), "message": "Always brings snacks."},
    )
    assert response.status_code == 302
    shoutout = ShoutOut.objects.get()
    assert shoutout.status == "pending" and shoutout.author == nominator
    assert mail.outbox == []

    with pytest.raises(PermissionDenied):
        services.shoutout_approve(shoutout=shoutout, user=nominator)
    run_on_commit(services.shoutout_approve, shoutout=shoutout, user=organizer)
    assert [message.to for message in mail.outbox] == [[nominee.user.email]]


def test_nominating_an_unknown_address_says_the_same_and_stores_nothing(client):
    client.force_login(UserFactory())
    response = client.post(
        "/shout-outs/nominate/", {"email": "nobody@example.org", "message": "Thanks!"}
    )
    assert response.status_code == 302
    assert not ShoutOut.objects.exists()


def test_a_bad_nomination_gets_a_400_with_the_form(client):
    client.force_login(UserFactory())
    response = client.post("/shout-outs/nominate/", {"email": "not-an-email", "message": ""})
    assert response.status_code == 400
    assert not ShoutOut.objects.exists()


def test_nominating_needs_a_login(client):
    response = client.get("/shout-outs/nominate/")
    assert response.status_code == 302


def test_a_tampered_public_link_is_a_400(client, home_page):
    response = client.post("/shout-outs/public/forged:token:value/", {"public": "yes"})
    assert response.status_code == 400


def test_nobody_can_shout_out_without_being_an_organizer():
    volunteer = UserFactory()
    with pytest.raises(PermissionDenied):
        services.shoutout_create(recipient=UserFactory(), message="Hi", author=volunteer)
    with pytest.raises(ValidationError):
        services.shoutout_nominate(recipient=volunteer, message="Me!", author=volunteer)


def test_the_next_newsletter_shows_new_public_shout_outs_once(home_page, run_on_commit):
    subscriber()
    shown = ShoutOutFactory(message="Thanks for the phone bank!", show_publicly=True)
    ShoutOutFactory(message="A private thank-you", show_publicly=False)
    body = [{"type": "shoutouts", "value": {"heading": "Thank you!", "count": 3}}]
    first = newsletter(home_page, body=body)

    rendered = render_newsletter(newsletter=first)
    assert "Thanks for the phone bank!" in rendered.html
    assert "Thanks for the phone bank!" in rendered.text
    assert "A private thank-you" not in rendered.html

    from django.utils import timezone

    run_on_commit(services.newsletter_schedule, newsletter=first, send_at=timezone.now())
    shown.refresh_from_db()
    assert shown.featured_in_id == first.pk
    second = newsletter(home_page, body=body)
    assert "Thanks for the phone bank!" not in render_newsletter(newsletter=second).html
    # The first newsletter keeps showing what it sent (view in browser).
    assert "Thanks for the phone bank!" in render_newsletter(newsletter=first).html


def test_a_shout_out_email_declares_the_volunteers_language(organizer, run_on_commit):
    volunteer = subscriber(preferred_language="es")
    run_on_commit(
        services.shoutout_create,
        recipient=volunteer.user,
        message="Gracias por todo.",
        author=organizer,
    )
    (message,) = mail.outbox
    assert '<html lang="es"' in message.alternatives[0][0]


def test_a_shout_out_stays_approved_when_its_email_fails_after_commit(
    organizer, run_on_commit, settings
):
    # Nothing listens on this port: the mail server is down when the task runs (eagerly).
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    volunteer = subscriber()
    shoutout = run_on_commit(
        services.shoutout_create, recipient=volunteer.user, message="Thanks!", author=organizer
    )
    shoutout.refresh_from_db()
    assert shoutout.status == ShoutOut.Status.APPROVED
