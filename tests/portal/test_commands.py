import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from home.models import HomePage, Office, OfficeIndexPage, SiteSettings, StandardPage


@pytest.mark.django_db
def test_ensure_admin_creates_one_admin_and_prints_the_same_login_each_time(
    settings, tmp_path, capsys
):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    call_command("ensure_admin", url="http://127.0.0.1:8000/")
    first = capsys.readouterr().out
    call_command("ensure_admin", url="http://127.0.0.1:8000/")
    second = capsys.readouterr().out

    password = next(line.split()[-1] for line in first.splitlines() if "Password:" in line)
    assert f"Password: {password}" in second
    assert "http://127.0.0.1:8000/admin/" in first
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(email="admin@example.org")
    assert admin.is_superuser and admin.check_password(password)
    assert (tmp_path / "admin-password.txt").stat().st_mode & 0o077 == 0


@pytest.mark.django_db
def test_ensure_admin_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_admin")


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_bilingual():
    call_command("seed_demo", stdout=None)
    counts = (Page.objects.count(), Office.objects.count(), SiteSettings.objects.count())
    call_command("seed_demo")
    assert (Page.objects.count(), Office.objects.count(), SiteSettings.objects.count()) == counts

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert (
        home.get_translation(home.locale.__class__.objects.get(language_code="es")).title
        == "Inicio"
    )
    assert OfficeIndexPage.objects.filter(locale__language_code="es").exists()
    assert StandardPage.objects.filter(slug="about").count() == 2
    assert Office.objects.count() >= 6
    assert SiteSettings.for_site(site).organization_name == "Neighbors United"
