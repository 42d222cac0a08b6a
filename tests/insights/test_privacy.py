"""Issue 22: the retention run (all rules, counts logged without personal data, beat schedule),
the delivery-ledger rule, and the administrators' privacy report."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.audit import audit_export
from portal.insights import tasks
from portal.insights.retention import RETENTION
from portal.insights.selectors.privacy import previous_month, retention_removed
from portal.newsletters.models import TrackingEvent
from portal.newsletters.services import ledger_forget_erased_addresses
from recruitment.models import Signup
from tests.factories.recruitment import VolunteerFactory
from tests.factories.users import UserFactory


def test_retention_runs_nightly_from_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["insights-retention-run"]
    assert entry["task"] == tasks.retention_run.name


@pytest.mark.django_db
def test_ledger_forgets_addresses_of_people_who_are_gone():
    UserFactory(email="still@example.org")
    kept = TrackingEvent.objects.create(
        esp_name="postmark", fingerprint="a", event_type="delivered", recipient="Still@example.org"
    )
    gone = TrackingEvent.objects.create(
        esp_name="postmark", fingerprint="b", event_type="bounced", recipient="gone@example.org"
    )
    assert ledger_forget_erased_addresses() == 1
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.recipient == "Still@example.org"
    assert gone.recipient == "" and gone.fingerprint == "b"
    assert ledger_forget_erased_addresses() == 0


@pytest.mark.django_db
def test_retention_run_logs_counts_without_personal_data(home_page):
    user = UserFactory(email="never.confirmed@example.org")
    volunteer = VolunteerFactory(user=user, confirmed_at=None)
    Signup.objects.create(
        volunteer=volunteer, created_person=True, created_at=timezone.now() - timedelta(days=31)
    )

    removed = tasks.retention_run.delay().get()

    assert removed == {"unconfirmed_signups": 1, "closed_applications": 0, "ledger_addresses": 0}
    entry = ModelLogEntry.objects.get(action=RETENTION)
    assert entry.data == {"rule": "unconfirmed_signups", "removed": 1}
    assert "never.confirmed" not in f"{entry.label} {entry.data}"
    # A second run finds nothing and logs nothing more.
    assert tasks.retention_run.delay().get() == dict.fromkeys(removed, 0)
    assert ModelLogEntry.objects.filter(action=RETENTION).count() == 1


@pytest.mark.django_db
def test_retention_totals_cover_last_month_only(home_page):
    from portal.insights.retention import retention_settings

    start, end = previous_month()
    site_settings = retention_settings()
    for when, count in ((start, 2), (end - timedelta(seconds=1), 3), (end, 7)):
        entry = ModelLogEntry.objects.log_action(
            site_settings, RETENTION, data={"rule": "closed_applications", "removed": count}
        )
        ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
    assert retention_removed(start=start, end=end)["closed_applications"] == 5


@pytest.mark.django_db
def test_privacy_report_shows_roles_sign_ins_and_exports_to_administrators(client, home_page):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    organizer = UserFactory(email="org@example.org", is_staff=True)
    organizer.last_login = timezone.now() - timedelta(days=2)
    organizer.save()
    audit_export(user=organizer, export="volunteers", rows=42)
    client.force_login(admin)

    page = client.get("/admin/privacy/").content.decode()

    assert "org@example.org" in page and "root@example.org" in page
    assert "administrator" in page
    assert "volunteers" in page and "42" in page
    assert "Sign-ups never confirmed" in page


@pytest.mark.django_db
def test_privacy_report_is_for_administrators_only(client, organizer):
    response = organizer.get("/admin/privacy/")
    assert response.status_code in (302, 403)
    assert b"Exports of people" not in response.content
