"""Issue 22: a new organizer enrols an authenticator app on the way into the admin, with a code
computed in the test from the secret the page shows."""

import re

from playwright.sync_api import expect

from portal.staff_access import totp_code
from tests.e2e.conftest import assert_accessible, assert_no_csp_violations


def test_organizer_enrols_an_authenticator_app_then_reaches_the_admin(
    demo_site, page, django_user_model
):
    django_user_model.objects.create_superuser(
        email="organizer@example.org", password="s3cret-pass-1"
    )
    page.goto(demo_site.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.get_by_label("Email").fill("organizer@example.org")
    page.get_by_label("Password").fill("s3cret-pass-1")
    page.get_by_role("button", name="Sign In", exact=True).click()

    # No second factor yet: led to enrolment, not to the admin.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/\?next="))
    assert_accessible(page)
    page.goto(demo_site.url + "/accounts/2fa/totp/activate/")
    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    # Recovery codes come next; then the admin opens.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    expect(page.get_by_text("Recovery Codes").first).to_be_visible()
    page.goto(demo_site.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="Your sessions")).to_be_visible()
    assert_no_csp_violations(page)
