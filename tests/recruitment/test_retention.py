"""Issue 22, item 3: each retention rule removes exactly what it says, at its edge, and can run
twice."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import User
from recruitment.models import InternshipApplication, Signup, Volunteer
from recruitment.services.retention import (
    closed_applications_erase,
    unconfirmed_signups_erase,
)
from tests.factories.recruitment import VolunteerFactory, internship_page
from tests.factories.users import UserFactory

NOW = timezone.now()
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


def signed_up(email, *, when, confirmed=False, created_person=True, last_login=None):
    user = UserFactory(email=email, last_login=last_login)
    volunteer = VolunteerFactory(user=user, confirmed_at=when if confirmed else None)
    Signup.objects.create(
        volunteer=volunteer,
        created_person=created_person,
        created_at=when,
        confirmed_at=when if confirmed else None,
        ip_address="203.0.113.9",
    )
    return volunteer


@pytest.mark.django_db
def test_unconfirmed_signups_are_erased_after_30_days_and_nothing_else():
    limit = NOW - 30 * DAY
    old = signed_up("old@example.org", when=limit - MINUTE)
    fresh = signed_up("fresh@example.org", when=limit + MINUTE)
    confirmed = signed_up("confirmed@example.org", when=limit - 10 * DAY, confirmed=True)
    signed_in = signed_up("signedin@example.org", when=limit - DAY, last_login=NOW - 40 * DAY)
    staff = signed_up("staff@example.org", when=limit - DAY)
    staff.user.groups.add(Group.objects.get_or_create(name="Interns")[0])
    # Signed up long ago, again recently: the clock starts at the last sign-up.
    again = signed_up("again@example.org", when=limit - 20 * DAY)
    Signup.objects.create(volunteer=again, created_at=limit + DAY)

    assert unconfirmed_signups_erase(older_than_days=30, now=NOW) == 1

    old.refresh_from_db()
    assert old.erased_at is not None and old.user_id is None
    assert not User.objects.filter(email="old@example.org").exists()
    for kept in (fresh, confirmed, signed_in, staff, again):
        kept.refresh_from_db()
        assert kept.erased_at is None and kept.user_id is not None
    # Twice is safe: nothing left to erase.
    assert unconfirmed_signups_erase(older_than_days=30, now=NOW) == 0


@pytest.mark.django_db
def test_unconfirmed_signup_for_a_known_address_loses_what_it_asked_for():
    owner = VolunteerFactory(user=UserFactory(email="owner@example.org"))
    limit = NOW - 30 * DAY
    stale = Signup.objects.create(
        volunteer=owner,
        created_at=limit - MINUTE,
        pending_profile={"phone": "+13135550100"},
        requested_consents=["email"],
        ip_address="203.0.113.9",
    )
    recent = Signup.objects.create(
        volunteer=owner,
        created_at=limit + MINUTE,
        pending_profile={"phone": "+13135550101"},
        ip_address="203.0.113.9",
    )

    assert unconfirmed_signups_erase(older_than_days=30, now=NOW) == 1

    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.pending_profile == {} and stale.requested_consents == []
    assert stale.ip_address is None
    assert recent.pending_profile == {"phone": "+13135550101"}
    assert Volunteer.objects.get(pk=owner.pk).erased_at is None
    assert unconfirmed_signups_erase(older_than_days=30, now=NOW) == 0


@pytest.fixture
def private_root(settings, tmp_path):
    settings.RECRUITMENT_PRIVATE_ROOT = tmp_path
    return tmp_path


def application(page, *, status, changed_at):
    item = InternshipApplication(
        page=page,
        given_name="Ana",
        email="ana@example.org",
        availability="Evenings",
        statement="Hi",
        status=status,
        status_changed_at=changed_at,
    )
    item.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    item.save()
    return item


@pytest.mark.django_db
def test_closed_applications_and_resumes_go_after_12_months(home_page, private_root):
    page = internship_page(home_page)
    limit = NOW.replace(year=NOW.year - 1)
    declined_old = application(page, status="declined", changed_at=limit - MINUTE)
    accepted_old = application(page, status="accepted", changed_at=limit - MINUTE)
    declined_recent = application(page, status="declined", changed_at=limit + MINUTE)
    open_old = application(page, status="interviewing", changed_at=limit - 100 * DAY)
    old_files = [declined_old.resume.path, accepted_old.resume.path]

    assert closed_applications_erase(older_than_months=12, now=NOW) == 2

    remaining = set(InternshipApplication.objects.values_list("pk", flat=True))
    assert remaining == {declined_recent.pk, open_old.pk}
    for path in old_files:
        assert not (private_root / path).exists()
    assert (private_root / declined_recent.resume.name).exists()
    assert closed_applications_erase(older_than_months=12, now=NOW) == 0
