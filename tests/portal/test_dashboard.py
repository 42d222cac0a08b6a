import json
import re

import pytest
from django.core import mail

from portal.models import User
from recruitment import services
from recruitment.models import Consent, Volunteer
from tests.factories.recruitment import PartnerFactory, VolunteerFactory


@pytest.fixture
def volunteer(db):
    volunteer = VolunteerFactory(
        user__email="rosa@example.org", user__first_name="Rosa", user__last_name="Ortiz"
    )
    services.consent_record(volunteer=volunteer, channel="email", granted=True, source="signup")
    return volunteer


@pytest.fixture
def logged_in(client, volunteer):
    client.force_login(volunteer.user)
    return client


def test_dashboard_requires_login(client, db):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_dashboard_shows_profile_consents_and_referral_link(logged_in, volunteer):
    recruit = VolunteerFactory(referred_by=volunteer)
    VolunteerFactory(referred_by=volunteer, confirmed_at=None)
    html = logged_in.get("/me/").content.decode()
    assert "Rosa Ortiz" in html
    assert f"/join/?ref={volunteer.referral_code}" in html
    assert "You have recruited 1 person." in html
    assert re.search(r'name="email"[^>]*checked', html)
    assert recruit.pk
    # Slots other apps fill: upcoming shifts (events) and badges (newsletters).
    assert "You have no upcoming shifts." in html
    assert "Your badges" in html


def test_staff_without_volunteer_profile_sees_join_prompt(client, db):
    user = User.objects.create_user(email="staff@example.org", password="x", is_staff=True)
    client.force_login(user)
    html = client.get("/me/").content.decode()
    assert "You do not have a volunteer profile yet." in html
    assert client.get("/me/profile/").status_code == 302


def test_volunteer_edits_profile(logged_in, volunteer):
    response = logged_in.post(
        "/me/profile/",
        {
            "first_name": "Rosa María",
            "last_name": "Ortiz",
            "phone": "+52 55 1234 5678",
            "postal_code": "85009",
            "interests": ["hosting"],
            "availability": ["weekend_mornings"],
            "skills": "Cooking",
            "languages": ["es"],
            "preferred_language": "es",
            "pronouns": "ella",
            "accessibility_needs": "",
            "heard_about": "",
            "heard_about_detail": "",
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    volunteer.user.refresh_from_db()
    assert volunteer.user.first_name == "Rosa María"
    assert str(volunteer.phone) == "+525512345678"
    assert volunteer.postal_code == "85009"
    assert [i.activity for i in volunteer.interests.all()] == ["hosting"]


def test_bad_profile_input_gets_400_and_changes_nothing(logged_in, volunteer):
    response = logged_in.post(
        "/me/profile/",
        {"first_name": "", "postal_code": "!!", "preferred_language": "zz", "phone": "abc"},
    )
    assert response.status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.postal_code == "48201"
    assert volunteer.user.first_name == "Rosa"


def test_withdrawing_and_giving_consent_adds_ledger_rows(logged_in, volunteer):
    response = logged_in.post("/me/consents/", {"partners": "on"})
    assert response.status_code == 302
    rows = list(volunteer.consents.values_list("channel", "granted", "source"))
    assert rows == [
        ("email", True, "signup"),
        ("email", False, "dashboard"),
        ("partners", True, "dashboard"),
    ]


def test_sms_consent_needs_a_phone_number(logged_in, volunteer):
    response = logged_in.post("/me/consents/", {"sms": "on", "email": "on"})
    assert response.status_code == 400
    assert "Add a mobile number" in response.content.decode()
    assert volunteer.consents.count() == 1


def test_consents_only_accept_post(logged_in):
    assert logged_in.get("/me/consents/").status_code == 405


def test_download_my_data_is_a_json_attachment(logged_in, volunteer):
    PartnerFactory()
    response = logged_in.get("/me/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "rosa@example.org"
    assert data["consents"][0]["channel"] == "email"


def test_delete_my_account_erases_and_logs_out(logged_in, volunteer):
    assert logged_in.get("/me/delete/").status_code == 200
    response = logged_in.post("/me/delete/")
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(email="rosa@example.org").exists()
    erased = Volunteer.objects.get(pk=volunteer.pk)
    assert erased.user is None and erased.erased_at is not None
    assert erased.consents.last().granted is False
    assert logged_in.get("/me/").status_code == 302


def test_volunteer_logs_in_with_an_emailed_code(client, volunteer):
    response = client.post("/accounts/login/code/", {"email": "ROSA@example.org"})
    assert response.status_code == 302
    code = re.search(
        r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE
    ).group(1)
    response = client.post(response.url, {"code": code})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


def test_allauth_signup_url_sends_people_to_join(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response.url == "/join/"


def test_consent_sources_are_labelled(db):
    assert Consent.Source.DASHBOARD.label == "My portal"


def test_volunteer_who_set_a_password_can_log_in_with_it(client, volunteer):
    volunteer.user.set_password("a long pass phrase 42")
    volunteer.user.save()
    response = client.post(
        "/accounts/login/", {"login": "rosa@example.org", "password": "a long pass phrase 42"}
    )
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


def test_volunteer_without_password_sets_one_from_the_dashboard(logged_in, volunteer):
    volunteer.user.set_unusable_password()
    volunteer.user.save()
    logged_in.force_login(volunteer.user)
    assert "/accounts/password/set/" in logged_in.get("/me/").content.decode()
    response = logged_in.post(
        "/accounts/password/set/",
        {"password1": "a long pass phrase 42", "password2": "a long pass phrase 42"},
    )
    assert response.status_code == 302
    volunteer.user.refresh_from_db()
    assert volunteer.user.check_password("a long pass phrase 42")


def test_failed_password_logins_lock_out_that_account_only(client, volunteer):
    volunteer.user.set_password("a long pass phrase 42")
    volunteer.user.save()
    other = VolunteerFactory(user__email="other@example.org")
    other.user.set_password("another pass phrase 42")
    other.user.save()
    for _ in range(5):
        client.post("/accounts/login/", {"login": "rosa@example.org", "password": "wrong"})
    locked = client.post(
        "/accounts/login/", {"login": "rosa@example.org", "password": "a long pass phrase 42"}
    )
    assert locked.status_code != 302
    assert client.get("/me/").status_code == 302
    allowed = client.post(
        "/accounts/login/", {"login": "other@example.org", "password": "another pass phrase 42"}
    )
    assert allowed.status_code == 302
