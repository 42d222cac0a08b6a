import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_checks_pass_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_public_pages_get_a_strict_content_security_policy(client, home_page):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_public_templates_have_no_inline_scripts_or_styles(client, home_page):
    html = client.get("/").content.decode()
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")
    assert " style=" not in html


@pytest.mark.django_db
def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    # One door for staff (issue 22): allauth's login, which asks for the second factor.
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


@pytest.mark.django_db
def test_repeated_failed_admin_logins_are_locked_out(client, django_user_model):
    django_user_model.objects.create_superuser(
        email="boss@example.org", password="right-password-1"
    )
    for attempt in range(1, 6):
        response = client.post(
            "/accounts/login/", {"login": "boss@example.org", "password": "wrong"}
        )
        # The form again, with an error; the fifth failure locks the account out (axes answers
        # 429, or allauth's own per-account limit refuses first).
        assert response.status_code in ((200, 429) if attempt == 5 else (200,))
        assert "_auth_user_id" not in client.session
    response = client.post(
        "/accounts/login/", {"login": "boss@example.org", "password": "right-password-1"}
    )
    assert response.status_code in (200, 429)
    assert re.search(r"Too many failed log-?in attempts", response.content.decode())
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_correct_admin_login_works(client, django_user_model):
    django_user_model.objects.create_superuser(
        email="boss@example.org", password="right-password-1"
    )
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": "BOSS@example.org", "password": "right-password-1"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    # Signed in; the admin itself first asks for a second factor to be enrolled.
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/")


@pytest.mark.django_db
def test_an_oversized_form_post_is_a_400_in_the_site_design(client, home_page):
    response = client.post("/accounts/login/", {"login": "x" * 3_000_000, "password": "p"})
    assert response.status_code == 400
    assert "too large" in response.content.decode()


@pytest.mark.django_db
def test_too_many_form_fields_is_a_400(client, home_page):
    response = client.post("/accounts/login/", {f"f{i}": "1" for i in range(1500)})
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_admin_may_frame_its_own_preview_and_nothing_else(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    directives = {
        part.strip().split()[0]: part.strip().split()[1:]
        for part in policy.split(";")
        if part.strip()
    }
    assert "'self'" in directives["frame-src"]
    assert directives["frame-ancestors"] == ["'self'"]
