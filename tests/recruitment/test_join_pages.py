import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import User
from recruitment.models import Consent, Signup, Volunteer
from recruitment.tokens import confirmation_token
from tests.factories.recruitment import PartnerFactory, VolunteerFactory
from tests.recruitment.helpers import confirm_path_from

JOIN = "/join/"


def form_data(**overrides):
    data = {
        "first_name": "José",
        "last_name": "Nguyễn",
        "email": "jose@example.org",
        "phone": "(313) 555-0100",
        "postal_code": "48201",
        "interests": ["canvassing", "phone_banking"],
        "consent_email": "on",
        "website": "",
        "referrer_url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def post_join(client, django_capture_on_commit_callbacks):
    def _post(url=JOIN, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, form_data(**overrides), REMOTE_ADDR="203.0.113.5")

    return _post


def test_join_page_shows_every_first_step_field_unticked(client, db):
    response = client.get(JOIN)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Given name", "Family name", "Email", "Mobile phone", "ZIP/postal code"):
        assert label in html
    assert 'name="consent_email"' in html and "checked" not in html


def test_signup_stores_e164_phone_and_redirects_to_optional_step(post_join, db):
    response = post_join()
    assert response.status_code == 302
    assert response.url == reverse("recruitment:details")
    volunteer = Volunteer.objects.get()
    assert str(volunteer.phone) == "+13135550100"
    assert volunteer.user.first_name == "José"
    assert volunteer.user.last_name == "Nguyễn"
    assert len(mail.outbox) == 1


def test_non_latin_and_apostrophe_names_are_accepted(post_join, db):
    post_join(first_name="ليلى", last_name="D'Angelo", email="layla@example.org")
    post_join(first_name="美咲", last_name="", email="misaki@example.org")
    assert set(User.objects.values_list("first_name", flat=True)) == {"ليلى", "美咲"}


def test_new_and_existing_email_get_identical_responses(post_join, client, db):
    VolunteerFactory(user__email="known@example.org")
    new = post_join(email="new@example.org")
    known = post_join(email="KNOWN@example.org")
    assert (new.status_code, new.url) == (known.status_code, known.url)
    assert without_csrf(client.get(new.url)) == without_csrf(client.get(known.url))


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "This field is required."),
        ({"first_name": "x" * 151}, "first_name", "at most 150 characters"),
        ({"first_name": "12345"}, "first_name", "at least one letter"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"email": ""}, "email", "This field is required."),
        ({"phone": "12"}, "phone", "valid phone number"),
        ({"postal_code": "<b>"}, "postal_code", "ZIP or postal code"),
        ({"interests": ["juggling"]}, "interests", "Select a valid choice"),
        ({"consent_sms": "on", "phone": ""}, "phone", "Add a mobile number"),
    ],
)
def test_bad_input_gets_400_with_message_and_stores_nothing(
    post_join, db, overrides, field, message
):
    response = post_join(**overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Volunteer.objects.exists()
    assert mail.outbox == []


def test_html_in_names_is_shown_as_text(post_join, client, db):
    response = post_join(first_name="<script>alert(1)</script>", email="x" * 300 + "@example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_honeypot_answers_like_success_but_stores_nothing(post_join, db):
    response = post_join(website="http://spam.example")
    assert response.status_code == 302
    assert response.url == reverse("recruitment:details")
    assert not Volunteer.objects.exists()
    assert mail.outbox == []


def test_same_email_is_rate_limited_with_friendly_429(post_join, db):
    statuses = [post_join(email="Flood@example.org").status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert Volunteer.objects.count() == 1


def test_one_address_is_rate_limited_across_emails(post_join, db):
    statuses = [post_join(email=f"p{i}@example.org").status_code for i in range(21)]
    assert statuses[-1] == 429
    assert "Please wait a minute" in post_join(email="later@example.org").content.decode()


def test_utm_referrer_partner_and_referral_are_recorded(post_join, client, db):
    recruiter = VolunteerFactory()
    partner = PartnerFactory(slug="unidos")
    query = f"?utm_source=radio&utm_medium=ad&utm_campaign=fall&partner=unidos&ref={recruiter.referral_code}"
    page = client.get(JOIN + query, HTTP_REFERER="https://radio.example.com/show")
    assert "You are joining through" in page.content.decode()
    assert 'value="https://radio.example.com/show"' in page.content.decode()
    post_join(url=JOIN + query, referrer_url="https://radio.example.com/show")
    signup = Signup.objects.get()
    assert (signup.utm_source, signup.utm_medium, signup.utm_campaign) == ("radio", "ad", "fall")
    assert signup.referrer_url == "https://radio.example.com/show"
    assert signup.partner == partner
    assert signup.volunteer.referred_by == recruiter
    assert signup.ip_address == "203.0.113.5"


def test_unknown_partner_and_referral_codes_are_ignored(post_join, db):
    response = post_join(url=JOIN + "?partner=nope&ref=" + "z" * 300)
    assert response.status_code == 302
    signup = Signup.objects.get()
    assert signup.partner is None and signup.volunteer.referred_by is None


def test_details_step_saves_optional_answers(post_join, client, db):
    post_join()
    response = client.post(
        reverse("recruitment:details"),
        {
            "availability": ["weekday_evenings", "weekend_mornings"],
            "skills": "Cooking <b>bold</b>",
            "languages": ["es", "en"],
            "preferred_language": "es",
            "pronouns": "él",
            "accessibility_needs": "Step-free access",
            "heard_about": "friend",
            "heard_about_detail": "",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("recruitment:thanks")
    volunteer = Volunteer.objects.get()
    assert volunteer.availability == ["weekday_evenings", "weekend_mornings"]
    assert volunteer.preferred_language == "es"
    assert volunteer.user.pronouns == "él"
    assert sorted(lang.language for lang in volunteer.languages.all()) == ["en", "es"]


def test_details_step_rejects_bad_choices_with_400(post_join, client, db):
    post_join()
    response = client.post(
        reverse("recruitment:details"),
        {"preferred_language": "xx", "pronouns": "p" * 41, "availability": ["never"]},
    )
    assert response.status_code == 400
    assert Volunteer.objects.get().availability == []


def test_details_step_without_a_signup_changes_nothing(client, db):
    VolunteerFactory(skills="")
    response = client.post(
        reverse("recruitment:details"), {"preferred_language": "en", "skills": "Hijack"}
    )
    assert response.status_code == 302
    assert not Volunteer.objects.filter(skills="Hijack").exists()


def test_confirmation_link_asks_then_confirms(post_join, client, db):
    post_join(consent_partners="on")
    path = confirm_path_from(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert not Volunteer.objects.get().is_confirmed  # opening the link alone confirms nothing
    done = client.post(path)
    assert done.status_code == 200
    assert "You are confirmed" in done.content.decode()
    assert Volunteer.objects.get().is_confirmed
    assert set(Consent.objects.values_list("channel", flat=True)) == {"email", "partners"}


@pytest.mark.parametrize("token", ["garbage", "a:b:c", "x" * 500])
def test_forged_confirmation_links_get_400(client, db, token):
    assert client.get(f"/join/confirm/{token}/").status_code == 400
    assert client.post(f"/join/confirm/{token}/").status_code == 400


def test_expired_confirmation_link_gets_400(post_join, client, db):
    post_join()
    signup = Signup.objects.get()
    token = confirmation_token(signup.pk)
    with mock.patch("django.core.signing.time.time", return_value=10**12):
        response = client.post(f"/join/confirm/{token}/")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Volunteer.objects.get().is_confirmed


def test_spanish_join_page_is_served(client, db):
    response = client.get("/es/join/")
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()
