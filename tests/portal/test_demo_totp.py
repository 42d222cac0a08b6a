"""Issue 22: the demo's second factor is a development-only published secret."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories.users import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
def test_demo_code_lets_the_demo_admin_in(client, settings):
    settings.DEBUG = True
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    out = StringIO()
    call_command("demo_totp", "admin@example.org", stdout=out)
    code = out.getvalue().strip()
    assert Authenticator.objects.filter(user=admin, type="totp").exists()

    settings.DEBUG = False
    client.post("/accounts/login/", {"login": admin.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_code_is_refused_outside_development(settings):
    settings.DEBUG = False
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    with pytest.raises(CommandError):
        call_command("demo_totp", "admin@example.org", stdout=StringIO())
    assert not Authenticator.objects.filter(user=admin).exists()


def test_production_settings_cannot_turn_development_on(monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    production = importlib.import_module("portal.settings.production")
    production = importlib.reload(production)
    assert production.DEBUG is False
    assert production.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN is False
