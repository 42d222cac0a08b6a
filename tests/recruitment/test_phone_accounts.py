"""Issue 18 (and 14, item 5): confirming logs in, the log-in page leads with the emailed code,
and account emails are the organization's own, in the person's language."""

import re

import pytest
from django.core import mail
from wagtail.models import Site

from home.models import SiteSettings
from recruitment.tokens import confirmation_token
from tests.factories.recruitment import VolunteerFactory


@pytest.fixture
def organization(db):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organization_name = "Neighbors United"
    settings.sender_name = "Neighbors United volunteers"
    settings.sender_email = "volunteer@neighbors.example.org"
    settings.postal_address = "2100 Gratiot Ave, Detroit, MI 48207"
    settings.save()
    return settings


def test_confirming_ones_email_logs_one_in_for_that_session(client, home_page, sign_up):
    signup = sign_up(email="ana@example.org")
    url = f"/join/confirm/{confirmation_token(signup.pk)}/"
    response = client.post(url)
    assert response.status_code == 200
    assert int(client.session["_auth_user_id"]) == signup.volunteer.user_id
    assert client.session.get_expire_at_browser_close()
    assert client.get("/me/").status_code == 200


def test_a_confirmation_link_logs_in_only_once(client, home_page, sign_up):
    signup = sign_up(email="ana@example.org")
    url = f"/join/confirm/{confirmation_token(signup.pk)}/"
    client.post(url)
    client.logout()
    client.post(url)  # the same link again, e.g. found later in the mailbox
    assert "_auth_user_id" not in client.session


def test_a_confirmation_link_never_logs_staff_in(client, home_page, sign_up):
    signup = sign_up(email="staff@example.org")
    user = signup.volunteer.user
    user.is_staff = True
    user.save()
    client.post(f"/join/confirm/{confirmation_token(signup.pk)}/")
    assert "_auth_user_id" not in client.session


def test_log_in_page_leads_with_the_emailed_code(client, home_page):
    content = client.get("/accounts/login/").content.decode()
    content = content[content.index("<main") :]  # the header's "Log in" link does not count
    code_link = content.index('href="/accounts/login/code/')
    assert code_link < content.index('name="password"')


def test_login_code_email_is_the_organizations_own_in_the_persons_language(
    client, home_page, organization
):
    VolunteerFactory(user__email="rosa@example.org", preferred_language="es")
    mail.outbox.clear()
    client.post("/accounts/login/code/", {"email": "rosa@example.org"})
    message = mail.outbox[-1]
    assert message.from_email == "Neighbors United volunteers <volunteer@neighbors.example.org>"
    assert "Neighbors United" in message.subject
    assert re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", message.body, re.MULTILINE)
    assert "Hola," in message.body  # Spanish, the person's language, though the page was English
    for stock in ("Hello from", "Hola de parte de", "127.0.0.1", "localhost"):
        assert stock not in message.body
    html = message.alternatives[0][0]
    assert '<html lang="es">' in html
    assert "Neighbors United" in html and "2100 Gratiot Ave" in html


def test_spanish_account_pages_use_the_formal_register(client, home_page):
    for url in ("/es/accounts/login/", "/es/accounts/login/code/", "/es/accounts/password/reset/"):
        content = client.get(url).content.decode()
        assert "Envíame" not in content, url
        assert "<h1>" in content
