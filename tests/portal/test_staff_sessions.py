"""Issue 22, item 2: staff sessions last a working day of inactivity, end on password or factor
change, are listed and can be ended, and a new device is reported by email."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from portal.models import StaffSession
from portal.staff_access import totp_code, totp_enrol
from tests.factories.users import UserFactory
from tests.staff_mfa import TEST_TOTP_SECRET

PASSWORD = "correct horse battery staple"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def organizer(db):
    user = UserFactory(email="olga@example.org", is_staff=True, is_superuser=True)
    totp_enrol(user=user, secret=TEST_TOTP_SECRET)
    return user


def sign_in(organizer, *, user_agent=FIREFOX, prefix=""):
    client = Client(HTTP_USER_AGENT=user_agent)
    client.post(f"{prefix}/accounts/login/", {"login": organizer.email, "password": PASSWORD})
    # Each code works once; a new one for every sign-in in the same half-minute would need
    # waiting, so the used-code marker is cleared as a new time step would.
    from django.core.cache import cache

    cache.clear()
    client.post(f"{prefix}/accounts/2fa/authenticate/", {"code": totp_code(TEST_TOTP_SECRET)})
    assert client.session["_auth_user_id"] == str(organizer.pk)
    return client


def test_staff_session_slides_on_a_working_day(organizer):
    client = sign_in(organizer)
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS == 8 * 3600


def test_volunteer_session_keeps_the_long_default(client, db):
    volunteer = UserFactory(email="val@example.org")
    client.force_login(volunteer)
    client.get("/me/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_staff_see_and_end_their_other_sessions(organizer):
    laptop = sign_in(organizer, user_agent=FIREFOX)
    phone = sign_in(organizer, user_agent=SAFARI)
    page = laptop.get("/admin/sessions/").content.decode()
    assert "Firefox / Linux" in page and "Safari / iOS" in page

    other = StaffSession.objects.get(user=organizer, user_agent="Safari / iOS")
    laptop.post(f"/admin/sessions/{other.pk}/end/")

    response = phone.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert "_auth_user_id" not in phone.session
    assert laptop.get("/admin/").status_code == 200


def test_someone_elses_session_cannot_be_ended(organizer):
    mine = sign_in(organizer)
    stranger = UserFactory(email="sam@example.org", is_staff=True, is_superuser=True)
    totp_enrol(user=stranger, secret=TEST_TOTP_SECRET)
    theirs = sign_in(stranger)
    row = StaffSession.objects.get(user=stranger)
    mine.post(f"/admin/sessions/{row.pk}/end/")
    assert theirs.get("/admin/").status_code == 200


def test_sign_out_everywhere_else(organizer):
    first, second, third = (sign_in(organizer) for _ in range(3))
    third.post("/admin/sessions/end-others/")
    assert "_auth_user_id" not in (first.get("/admin/"), first.session)[1]
    assert "_auth_user_id" not in (second.get("/admin/"), second.session)[1]
    assert third.get("/admin/").status_code == 200


def test_password_change_ends_the_other_sessions(organizer):
    keeper = sign_in(organizer)
    other = sign_in(organizer, user_agent=SAFARI)
    response = keeper.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-long-pass-9",
            "password2": "a-new-long-pass-9",
        },
    )
    assert response.status_code == 302
    other.get("/admin/")
    assert "_auth_user_id" not in other.session
    assert keeper.get("/admin/").status_code == 200


def test_factor_reset_signs_the_person_out_everywhere(organizer):
    person = UserFactory(email="ida@example.org", is_staff=True)
    totp_enrol(user=person, secret=TEST_TOTP_SECRET)
    theirs = sign_in(person)
    admin = sign_in(organizer)
    admin.post(f"/admin/second-factor/{person.pk}/reset/")
    theirs.get("/admin/")
    assert "_auth_user_id" not in theirs.session


def test_new_device_sign_in_emails_the_person_in_their_language(
    organizer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(organizer, user_agent=FIREFOX)  # the first sign-in ever: nothing to compare
        sign_in(organizer, user_agent=FIREFOX)  # a browser seen before
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(organizer, user_agent=SAFARI, prefix="/es")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [organizer.email]
    assert "Safari / iOS" in message.subject
    assert message.subject.startswith("Nuevo inicio de sesión")
    assert "/admin/sessions/" in message.body
