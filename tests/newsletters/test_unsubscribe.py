"""/unsubscribe/<token>/: GET confirms, POST unsubscribes, one-click works without cookies."""

import pytest
from django.test import Client

from portal.newsletters.models import Suppression
from portal.newsletters.rendering import unsubscribe_url
from portal.newsletters.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db


def _path(email="ana@example.org", language="en") -> str:
    return unsubscribe_url(email=email, language=language).removeprefix("http://testserver")


def test_get_only_asks_and_changes_nothing(client, home_page):
    response = client.get(_path())
    assert response.status_code == 200
    assert b"ana@example.org" in response.content
    assert b'method="post"' in response.content
    assert not Suppression.objects.exists()


def test_one_click_post_without_cookies_or_csrf_token_unsubscribes_at_once(home_page):
    mailbox_provider = Client(enforce_csrf_checks=True)
    response = mailbox_provider.post(
        _path(),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason, suppression.source) == (
        "ana@example.org",
        "unsubscribed",
        "one-click",
    )
    assert not response.cookies.get("csrftoken")


def test_the_confirm_button_unsubscribes_and_a_second_time_changes_nothing(client, home_page):
    client.post(_path())
    client.post(_path())
    assert Suppression.objects.count() == 1
    response = client.get(_path())
    assert b"already unsubscribed" in response.content


def test_spanish_link_works_under_es(client, home_page, spanish):
    path = _path(language="es")
    assert path.startswith("/es/unsubscribe/")
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Suppression.objects.filter(email="ana@example.org").exists()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        unsubscribe_token(email="ana@example.org")[:-2] + "xx",
        # A token made for another purpose must not work here.
        "eyJzIjoxfQ:1abcde:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_unknown_or_tampered_token_gets_a_clear_400_and_changes_nothing(client, home_page, token):
    for response in (client.get(f"/unsubscribe/{token}/"), client.post(f"/unsubscribe/{token}/")):
        assert response.status_code == 400
        assert b"unsubscribe link is broken" in response.content
    assert not Suppression.objects.exists()


def test_other_methods_are_refused(client, home_page):
    assert client.put(_path()).status_code == 405
    assert not Suppression.objects.exists()


def test_unsubscribing_withdraws_email_consent_in_the_ledger_once(client, home_page):
    from recruitment.models import Consent
    from recruitment.selectors import consent_state
    from recruitment.services import volunteer_set_consents
    from tests.factories.recruitment import VolunteerFactory

    volunteer = VolunteerFactory(user__email="ana@example.org")
    volunteer_set_consents(
        volunteer=volunteer, choices={"email": True}, source=Consent.Source.SIGNUP
    )
    client.post(_path())
    client.post(_path())

    assert consent_state(volunteer=volunteer)["email"] is False
    withdrawals = Consent.objects.filter(volunteer=volunteer, source=Consent.Source.UNSUBSCRIBE)
    assert withdrawals.count() == 1
    assert Consent.objects.filter(volunteer=volunteer).count() == 2  # given, then withdrawn
