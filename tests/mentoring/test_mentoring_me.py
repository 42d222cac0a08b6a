"""Mentoring on My portal: offering, asking, the mentor and mentees shown, ending, check-ins."""

import re

import pytest
from django.core import mail

from recruitment.mentoring import services
from recruitment.mentoring.models import MentorPair, MentorProfile, MentorRequest
from tests.factories.mentoring import MentorProfileFactory, MentorRequestFactory
from tests.factories.recruitment import VolunteerFactory

pytestmark = pytest.mark.django_db


def login(client, volunteer):
    client.force_login(volunteer.user)
    return client


@pytest.fixture
def paired(django_capture_on_commit_callbacks):
    mentor = MentorProfileFactory(
        volunteer__user__first_name="Marta",
        volunteer__user__last_name="Ruiz",
        volunteer__phone="+13135550100",
        share_phone=True,
    )
    request = MentorRequestFactory(
        newcomer__user__first_name="Nico",
        newcomer__user__last_name="Vega",
        newcomer__phone="+13135550199",
    )
    with django_capture_on_commit_callbacks(execute=True):
        (pair,) = services.proposal_publish(run=services.matching_run_create())
    mail.outbox.clear()
    return mentor, request, pair


def test_offer_to_mentor_with_clear_messages_for_bad_input(client):
    volunteer = VolunteerFactory()
    volunteer.languages.create(language="es")
    login(client, volunteer)
    page = client.get("/me/mentoring/offer/")
    assert page.status_code == 200
    # The offer starts from the languages on the volunteer's profile.
    assert re.search(r'name="languages" value="es"[^>]*checked', page.content.decode())
    assert not re.search(r'name="languages" value="fr"[^>]*checked', page.content.decode())
    for capacity, message in (("0", "at least one"), ("-3", "at least one"), ("11", "At most 10")):
        response = client.post("/me/mentoring/offer/", {"capacity": capacity, "languages": ["en"]})
        assert response.status_code == 400
        assert message in response.content.decode()
    response = client.post("/me/mentoring/offer/", {"capacity": "2"})
    assert (
        response.status_code == 400 and "Choose at least one language" in response.content.decode()
    )
    assert not MentorProfile.objects.exists()
    response = client.post(
        "/me/mentoring/offer/", {"capacity": "2", "languages": ["en", "es"], "share_phone": "on"}
    )
    assert response.status_code == 302
    profile = MentorProfile.objects.get()
    assert profile.status == "pending" and profile.share_phone
    home = client.get("/me/").content.decode()
    assert "Thank you for offering to mentor" in home and "Waiting for approval" in home


def test_ask_for_a_mentor_once(client):
    newcomer = VolunteerFactory()
    login(client, newcomer)
    assert "Ask for a mentor" in client.get("/me/").content.decode()
    response = client.post("/me/mentoring/ask/", {"language": "es", "language_required": "on"})
    assert response.status_code == 302
    request = MentorRequest.objects.get()
    assert request.language == "es" and request.language_required
    assert "You asked for a mentor on" in client.get("/me/").content.decode()
    response = client.post("/me/mentoring/ask/", {"language": ""})
    assert response.status_code == 400 and "already asked" in response.content.decode()
    assert client.post("/me/mentoring/ask/withdraw/").status_code == 302
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_asking_for_a_required_language_without_naming_it_is_a_400(client):
    login(client, VolunteerFactory())
    response = client.post("/me/mentoring/ask/", {"language_required": "on"})
    assert response.status_code == 400
    assert "must speak" in response.content.decode()
    assert not MentorRequest.objects.exists()


def test_asking_for_a_known_mentor_by_email_without_revealing_who_mentors(client):
    mentor = MentorProfileFactory(volunteer__user__email="friend@example.org")
    login(client, VolunteerFactory())
    client.post("/me/mentoring/ask/", {"mentor_email": "FRIEND@example.org"})
    assert MentorRequest.objects.get().preferred_mentor == mentor
    login(client, VolunteerFactory())
    response = client.post("/me/mentoring/ask/", {"mentor_email": "nobody@example.org"})
    assert response.status_code == 302
    assert "nobody@example.org" in MentorRequest.objects.get(preferred_mentor=None).note


def test_me_shows_the_newcomer_their_mentor_and_the_mentor_their_mentees(
    client, paired, django_assert_max_num_queries
):
    mentor, request, _pair = paired
    login(client, request.newcomer)
    with django_assert_max_num_queries(40):
        page = client.get("/me/").content.decode()
    assert "Your mentor" in page and "Marta Ruiz" in page and mentor.volunteer.email in page
    assert "(313) 555-0100" in page, "the mentor agreed to share their number"
    login(client, mentor.volunteer)
    with django_assert_max_num_queries(40):
        page = client.get("/me/").content.decode()
    assert "Nico Vega" in page and request.newcomer.email in page
    assert "(313) 555-0199" not in page, "the newcomer did not agree to share their number"
    assert "Week 1 check-in" in page


def test_me_runs_the_same_queries_with_one_mentee_or_many(
    client, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mentor = MentorProfileFactory(capacity=6)
    MentorRequestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_publish(run=services.matching_run_create())
    login(client, mentor.volunteer)
    client.get("/me/")  # caches (site settings, session) warm up on the first request
    with CaptureQueriesContext(connection) as one:
        client.get("/me/")
    for _ in range(4):
        MentorRequestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_publish(run=services.matching_run_create())
    with CaptureQueriesContext(connection) as five:
        client.get("/me/")
    assert len(five) == len(one)


def test_mentor_marks_a_check_in_done_and_nobody_else_can(client, paired):
    mentor, request, pair = paired
    checkin = pair.checkins.get(week=1)
    login(client, request.newcomer)
    assert client.post(f"/me/mentoring/check-ins/{checkin.pk}/done/").status_code == 404
    login(client, mentor.volunteer)
    assert client.post(f"/me/mentoring/check-ins/{checkin.pk}/done/").status_code == 302
    checkin.refresh_from_db()
    assert checkin.done_at is not None
    assert client.get(f"/me/mentoring/check-ins/{checkin.pk}/done/").status_code == 405


def test_either_side_ends_the_pair_with_a_reason_and_strangers_get_404(
    client, paired, django_capture_on_commit_callbacks
):
    mentor, request, pair = paired
    url = f"/me/mentoring/pairs/{pair.pk}/end/"
    login(client, VolunteerFactory())
    assert client.get(url).status_code == 404
    login(client, mentor.volunteer)
    page = client.get(url).content.decode()
    assert "I would like a new mentor" not in page, "only the newcomer is offered a new mentor"
    login(client, request.newcomer)
    assert "I would like a new mentor" in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Why is the pairing ending" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Different schedules", "rematch": "on"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.ended_by == MentorPair.EndedBy.NEWCOMER
    assert [m.to for m in mail.outbox] == [[mentor.volunteer.email]]
    assert MentorRequest.objects.filter(newcomer=request.newcomer, status="open").exists()
    assert client.get(url).status_code == 404, "an ended pair cannot be ended again"


def test_mentoring_pages_need_a_login(client):
    for url in ("/me/mentoring/offer/", "/me/mentoring/ask/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_join_second_step_offers_a_mentor(client):
    response = client.post(
        "/join/",
        {
            "first_name": "Ana",
            "email": "ana.new@example.org",
            "postal_code": "48201",
        },
    )
    assert response.status_code == 302
    page = client.get("/join/more/").content.decode()
    assert "I would like a mentor" in page
    client.post("/join/more/", {"preferred_language": "en", "wants_mentor": "on"})
    request = MentorRequest.objects.get()
    assert request.newcomer.email == "ana.new@example.org" and request.source == "signup"


def test_deleting_a_mentor_account_ends_the_pair_and_tells_the_newcomer(
    client, paired, django_capture_on_commit_callbacks
):
    mentor, request, pair = paired
    login(client, mentor.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/me/delete/").status_code == 200
    pair.refresh_from_db()
    assert pair.ended_at is not None and pair.ended_by == MentorPair.EndedBy.MENTOR
    assert not MentorProfile.objects.exists(), "the offer and its 'about' text are gone"
    (email,) = mail.outbox
    assert email.to == [request.newcomer.email]
    assert "Your mentor has ended your mentoring pairing" in email.body
    assert "Marta" not in email.body + email.subject
    login(client, request.newcomer)
    assert "Ask for a mentor" in client.get("/me/").content.decode()


def test_deleting_a_newcomer_account_blanks_what_they_wrote_and_tells_the_mentor(
    client, paired, django_capture_on_commit_callbacks
):
    mentor, request, pair = paired
    MentorRequest.objects.filter(pk=request.pk).update(note="I work nights at the hospital")
    services.feedback_submit(pair=pair, volunteer=request.newcomer, rating=4, text="Kind person")
    services.feedback_submit(pair=pair, volunteer=mentor.volunteer, rating=5, text="Keen")
    login(client, request.newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/me/delete/")
    pair.refresh_from_db()
    assert pair.ended_by == MentorPair.EndedBy.NEWCOMER
    assert MentorRequest.objects.get(pk=request.pk).note == ""
    assert dict(pair.feedback.values_list("role", "text")) == {"newcomer": "", "mentor": "Keen"}
    assert [m.to for m in mail.outbox] == [[mentor.volunteer.email]]
    assert "Your mentee has ended" in mail.outbox[0].body


def test_marking_a_check_in_of_an_ended_pair_is_refused_with_a_message(client, paired):
    mentor, _request, pair = paired
    services.pair_end(pair=pair, ended_by="newcomer", reason="Moved away")
    checkin = pair.checkins.get(week=1)
    login(client, mentor.volunteer)
    response = client.post(f"/me/mentoring/check-ins/{checkin.pk}/done/", follow=True)
    assert response.status_code == 200
    assert "This pairing has ended." in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.done_at is None


def test_a_mentee_number_shows_only_with_the_consent_on_their_request(client, paired):
    mentor, request, pair = paired
    MentorRequest.objects.filter(pk=request.pk).update(share_phone=True)
    login(client, mentor.volunteer)
    assert "(313) 555-0199" in client.get("/me/").content.decode()
    # Without the request that carried the consent, the number is not shared.
    MentorPair.objects.filter(pk=pair.pk).update(request=None)
    assert "(313) 555-0199" not in client.get("/me/").content.decode()


def test_each_side_s_number_is_shared_only_with_that_side_s_consent(paired):
    from recruitment.mentoring.selectors import shared_phone

    mentor, request, pair = paired

    def numbers():
        fresh = MentorPair.objects.select_related(
            "mentor__mentor_profile", "newcomer", "request"
        ).get(pk=pair.pk)
        return [str(shared_phone(fresh, person)) for person in (fresh.mentor, fresh.newcomer)]

    # The mentor ticked "share my mobile number" on their offer; the newcomer did not.
    assert numbers() == ["+13135550100", ""]
    MentorProfile.objects.filter(pk=mentor.pk).update(share_phone=False)
    MentorRequest.objects.filter(pk=request.pk).update(share_phone=True)
    assert numbers() == ["", "+13135550199"]
    # The mentor's offer is gone (their account was deleted): nothing says they agreed.
    MentorProfile.objects.filter(pk=mentor.pk).delete()
    assert numbers()[0] == ""
