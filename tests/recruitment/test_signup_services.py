import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection

from portal.models import User
from recruitment import selectors, services, tasks
from recruitment.models import Consent, Signup, Volunteer
from tests.factories.recruitment import PartnerFactory, VolunteerFactory
from tests.factories.users import UserFactory


def test_signup_creates_account_without_password_and_volunteer(db, sign_up):
    signup = sign_up(email="Ana@Example.org", first_name="Ana María", last_name="O'Connor-Núñez")
    user = User.objects.get(email__iexact="ana@example.org")
    assert not user.has_usable_password()
    assert user.first_name == "Ana María"
    assert user.last_name == "O'Connor-Núñez"
    volunteer = user.volunteer
    assert signup.volunteer == volunteer
    assert signup.created_person
    assert volunteer.postal_code == "48201"
    assert [i.activity for i in volunteer.interests.all()] == ["canvassing"]
    assert not volunteer.is_confirmed


def test_signup_sends_one_confirmation_email_after_commit(db, sign_up):
    signup = sign_up(email="ana@example.org")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "/join/confirm/" in mail.outbox[0].body
    signup.refresh_from_db()
    assert signup.confirmation_sent_at is not None
    # The task runs twice (a retried worker): no second email.
    assert services.signup_send_confirmation(signup_id=signup.pk) is False
    assert len(mail.outbox) == 1


def _reachable_by_email(volunteer) -> bool:
    # Marketing reaches people through with_consent: double opt-in, latest choice a yes.
    return selectors.with_consent(
        Volunteer.objects.filter(pk=volunteer.pk), channel="email"
    ).exists()


def test_consents_count_only_after_confirmation(db, sign_up):
    signup = sign_up(consents=["email", "sms"], phone="+13135550100")
    volunteer = signup.volunteer
    assert Consent.objects.count() == 0
    assert not _reachable_by_email(volunteer)

    services.signup_confirm(signup=signup)
    volunteer.refresh_from_db()
    assert volunteer.is_confirmed
    assert selectors.consent_state(volunteer=volunteer) == {
        "email": True,
        "sms": True,
        "partners": False,
    }
    assert _reachable_by_email(volunteer)
    record = Consent.objects.get(channel="email")
    assert record.ip_address == "203.0.113.7"
    assert record.source == Consent.Source.SIGNUP
    assert record.wording_version == "email-2026-11"


def test_confirming_twice_changes_nothing(db, sign_up):
    signup = sign_up(consents=["email"])
    services.signup_confirm(signup=signup)
    services.signup_confirm(signup=signup)
    assert Consent.objects.count() == 1


def test_resignup_with_same_email_updates_person_only_after_confirmation(db, sign_up):
    first = sign_up(email="ana@example.org", postal_code="48201")
    services.signup_confirm(signup=first)
    second = sign_up(email="ANA@example.org", postal_code="85009", first_name="Anita")
    assert Volunteer.objects.count() == 1
    assert User.objects.count() == 1
    assert second.volunteer == first.volunteer
    assert not second.created_person
    volunteer = Volunteer.objects.get()
    assert volunteer.postal_code == "48201"  # not yet: the owner has not confirmed

    services.signup_confirm(signup=second)
    volunteer.refresh_from_db()
    assert volunteer.postal_code == "85009"
    assert volunteer.user.first_name == "Anita"


def test_unticked_boxes_on_resignup_do_not_withdraw_consent(db, sign_up):
    first = sign_up(consents=["email"])
    services.signup_confirm(signup=first)
    second = sign_up(consents=[])
    services.signup_confirm(signup=second)
    assert selectors.consent_state(volunteer=first.volunteer)["email"] is True


def test_details_step_waits_for_confirmation_for_known_people(db, sign_up):
    first = sign_up()
    services.signup_add_details(signup=first, details={"skills": "Driving", "languages": ["es"]})
    volunteer = first.volunteer
    volunteer.refresh_from_db()
    assert volunteer.skills == "Driving"
    assert [lang.language for lang in volunteer.languages.all()] == ["es"]

    second = sign_up()
    services.signup_add_details(signup=second, details={"skills": "Hacking"})
    volunteer.refresh_from_db()
    assert volunteer.skills == "Driving"
    services.signup_confirm(signup=second)
    volunteer.refresh_from_db()
    assert volunteer.skills == "Hacking"


def test_existing_staff_account_gets_a_volunteer_profile_without_changes(db, sign_up):
    staff = UserFactory(email="organizer@example.org", first_name="Olga", is_staff=True)
    signup = sign_up(email="organizer@example.org", first_name="Mallory")
    assert signup.volunteer.user == staff
    assert not signup.created_person
    staff.refresh_from_db()
    assert staff.first_name == "Olga"
    assert staff.has_usable_password()


def test_signup_records_source_referral_and_partner(db, sign_up):
    recruiter = VolunteerFactory()
    partner = PartnerFactory()
    source = services.SignupSource(
        utm_source="newsletter",
        utm_medium="email",
        utm_campaign="fall",
        referrer_url="https://news.example.com/story",
        partner=partner,
        referred_by=recruiter,
        ip_address="198.51.100.4",
    )
    signup = sign_up(source=source, consents=["partners"])
    assert signup.utm_source == "newsletter"
    assert signup.referrer_url == "https://news.example.com/story"
    assert signup.volunteer.referred_by == recruiter
    assert list(selectors.partners_came_from(volunteer=signup.volunteer)) == [partner]
    assert selectors.recruit_count(volunteer=recruiter) == 0  # not confirmed yet
    services.signup_confirm(signup=signup)
    assert selectors.recruit_count(volunteer=recruiter) == 1
    assert selectors.consented_partners(volunteer=signup.volunteer) == [partner]


def test_consent_ledger_never_overwrites(db, sign_up):
    signup = sign_up(consents=["email"])
    volunteer = services.signup_confirm(signup=signup)
    services.volunteer_set_consents(
        volunteer=volunteer, choices={"email": False, "sms": False}, source="dashboard"
    )
    services.volunteer_set_consents(
        volunteer=volunteer, choices={"email": True}, source="dashboard"
    )
    history = list(volunteer.consents.values_list("channel", "granted", "source"))
    assert history == [
        ("email", True, "signup"),
        ("email", False, "dashboard"),
        ("email", True, "dashboard"),
    ]
    record = volunteer.consents.first()
    record.granted = False
    with pytest.raises(ValueError):
        record.save()


def test_with_consent_filters_by_latest_choice_and_confirmation(db, sign_up):
    yes = services.signup_confirm(signup=sign_up(email="yes@example.org", consents=["email"]))
    no = services.signup_confirm(signup=sign_up(email="no@example.org", consents=["email"]))
    services.volunteer_set_consents(volunteer=no, choices={"email": False}, source="dashboard")
    sign_up(email="unconfirmed@example.org", consents=["email"])
    assert list(selectors.with_consent(Volunteer.objects.all(), channel="email")) == [yes]


def test_erasure_removes_personal_data_and_keeps_counts(db, sign_up):
    recruiter = VolunteerFactory()
    signup = sign_up(
        consents=["email"],
        phone="+13135550100",
        source=services.SignupSource(
            referred_by=recruiter, utm_source="flyer", ip_address="203.0.113.9"
        ),
    )
    volunteer = services.signup_confirm(signup=signup)
    services.signup_add_details(signup=signup, details={"skills": "Cooking", "languages": ["es"]})
    user_pk = volunteer.user.pk

    services.volunteer_erase(volunteer=volunteer)

    assert not User.objects.filter(pk=user_pk).exists()
    volunteer.refresh_from_db()
    assert volunteer.user is None
    assert volunteer.erased_at is not None
    assert (
        volunteer.postal_code == "" and str(volunteer.phone or "") == "" and volunteer.skills == ""
    )
    assert not volunteer.consents.exclude(ip_address=None).exists()
    assert volunteer.consents.last().granted is False
    assert Signup.objects.get().utm_source == "flyer"
    assert Signup.objects.get().ip_address is None
    assert selectors.recruit_count(volunteer=recruiter) == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_signups_with_one_email_make_one_person(
    django_capture_on_commit_callbacks,
):
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def sign_up_once(index: int) -> None:
        try:
            barrier.wait()
            services.volunteer_signup(
                email="Same.Person@example.org" if index % 2 else "same.person@example.org",
                profile={"first_name": "Sam", "last_name": "", "postal_code": "48201"},
                consents=["email"],
                source=services.SignupSource(),
                language="en",
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up_once, args=(i,)) for i in range(20)]
    # Celery's eager mode keeps a process-wide flag that concurrent eager tasks leave set; the
    # emails are not what this test is about, so the task is not run here.
    with mock.patch.object(tasks.send_signup_confirmation, "delay") as send:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert User.objects.filter(email__iexact="same.person@example.org").count() == 1
    assert Volunteer.objects.count() == 1
    assert Signup.objects.count() == 20
    assert Signup.objects.filter(created_person=True).count() == 1
    assert send.call_count == 20


def test_partners_only_get_people_who_agreed_to_them(db, sign_up):
    unidos, tenants = PartnerFactory(), PartnerFactory()
    general = services.signup_confirm(
        signup=sign_up(email="all@example.org", consents=["partners"])
    )
    only_unidos = services.signup_confirm(
        signup=sign_up(
            email="unidos@example.org",
            consents=["partners"],
            source=services.SignupSource(partner=unidos),
        )
    )
    services.signup_confirm(signup=sign_up(email="nobody@example.org"))
    opted_out = services.signup_confirm(
        signup=sign_up(email="out@example.org", consents=["partners"])
    )
    services.consent_record(
        volunteer=opted_out, channel="partners", granted=False, source="dashboard", partner=unidos
    )
    everyone = Volunteer.objects.all()
    assert set(selectors.shareable_with_partner(everyone, partner=unidos)) == {general, only_unidos}
    assert set(selectors.shareable_with_partner(everyone, partner=tenants)) == {general, opted_out}


def test_get_or_create_matches_any_letter_case_and_changes_nobody(db):
    volunteer, created = services.volunteer_get_or_create(
        email="Kim@Example.org", first_name="Kim", postal_code="48201"
    )
    assert created and volunteer.user.first_name == "Kim" and volunteer.postal_code == "48201"
    again, created = services.volunteer_get_or_create(
        email="kim@example.org", first_name="Mallory", postal_code="99999"
    )
    assert not created and again == volunteer
    again.user.refresh_from_db()
    assert again.user.first_name == "Kim"
    assert not again.user.has_usable_password()


def test_a_new_person_is_stored_as_the_orm_would_store_them(db, django_assert_max_num_queries):
    """On PostgreSQL the account and profile are made in one statement (issue 17: a rush makes
    hundreds a second); what is stored is what the model's own save writes."""
    from django.db import connection

    from recruitment.models import Volunteer

    with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 5):
        volunteer, created = services.volunteer_get_or_create(
            email="  Lee@EXAMPLE.org ", first_name="Lee", last_name="Ng", postal_code="48201-1234"
        )
    assert created
    stored = Volunteer.objects.select_related("user").get(pk=volunteer.pk)
    user = stored.user
    assert user.pk == volunteer.user.pk
    assert user.email == "Lee@example.org"  # the domain in lower case, as normalize_email does
    assert (user.first_name, user.last_name) == ("Lee", "Ng")
    assert not user.has_usable_password()
    assert user.is_active and not user.is_staff and not user.is_superuser
    assert user.date_joined is not None and stored.created_at is not None
    assert stored.postal_code == "48201-1234"[:10]
    reference = Volunteer()
    for name in ("availability", "skills", "preferred_language", "show_on_leaderboard"):
        assert getattr(stored, name) == getattr(reference, name), name
    # The one that came back is the one stored, ready to use.
    assert volunteer.user.email == user.email and volunteer.postal_code == stored.postal_code
    again, created = services.volunteer_get_or_create(email="lee@example.org")
    assert not created and again.pk == volunteer.pk
