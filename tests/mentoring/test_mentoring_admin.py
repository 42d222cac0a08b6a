"""The organizers' mentoring screens: permissions, the run → review → publish workflow."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import ModelLogEntry

from recruitment.mentoring import services
from recruitment.mentoring.models import MatchingRun, MentorPair, MentorProfile, ProposedPair
from tests.events.helpers import person
from tests.factories.mentoring import MentorProfileFactory, MentorRequestFactory

URLS = [
    "/admin/mentoring/",
    "/admin/mentoring/mentors/",
    "/admin/mentoring/requests/",
    "/admin/mentoring/matching/",
]


def staff(email, group):
    user = person(email)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def organizer(db, client):
    client.force_login(staff("organizer@example.org", "Moderators"))
    return client


@pytest.mark.parametrize("url", URLS)
def test_interns_are_sent_back_to_the_dashboard_and_organizers_get_the_page(db, client, url):
    client.force_login(staff("intern@example.org", "Interns"))
    response = client.get(url)
    # Like the rest of the Wagtail admin: back to the dashboard, with a message saying why.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    dashboard = client.get(response["Location"])
    assert "you do not have permission" in dashboard.content.decode()
    assert "Mentoring:" not in dashboard.content.decode()
    response = client.post("/admin/mentoring/matching/action/", {"action": "run"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not MatchingRun.objects.exists()
    client.force_login(staff("organizer@example.org", "Editors"))
    assert client.get(url).status_code == 200


def test_interns_scripts_get_a_plain_403(db, client):
    client.force_login(staff("intern@example.org", "Interns"))
    response = client.post(
        "/admin/mentoring/matching/action/",
        {"action": "run"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 403
    assert not MatchingRun.objects.exists()


def test_volunteers_without_admin_access_are_sent_to_log_in(db, client):
    client.force_login(person("volunteer@example.org"))
    response = client.get("/admin/mentoring/matching/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_menu_shows_mentoring_to_organizers_only(db, client):
    client.force_login(staff("intern@example.org", "Interns"))
    assert "/admin/mentoring/matching/" not in client.get("/admin/").content.decode()
    client.force_login(staff("organizer@example.org", "Moderators"))
    assert "/admin/mentoring/matching/" in client.get("/admin/").content.decode()


def test_anonymous_people_are_sent_to_log_in(db, client):
    response = client.get("/admin/mentoring/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_organizer_approves_and_pauses_mentors(organizer):
    profile = MentorProfileFactory(status=MentorProfile.Status.PENDING)
    url = f"/admin/mentoring/mentors/{profile.pk}/status/"
    assert organizer.post(url, {"status": "approved"}).status_code == 302
    profile.refresh_from_db()
    assert profile.status == "approved" and profile.approved_by is not None
    organizer.post(url, {"status": "nonsense"})
    profile.refresh_from_db()
    assert profile.status == "approved"
    organizer.post(url, {"status": "paused"})
    profile.refresh_from_db()
    assert profile.status == "paused"
    assert organizer.get("/admin/mentoring/mentors/?status=paused").status_code == 200


def test_run_review_swap_and_publish(organizer, django_capture_on_commit_callbacks):
    a = MentorProfileFactory(capacity=1, languages=["en", "es"], volunteer__user__first_name="Alba")
    b = MentorProfileFactory(capacity=1, volunteer__user__first_name="Bea")
    first = MentorRequestFactory(language="es", newcomer__user__first_name="Nico")
    second = MentorRequestFactory(newcomer__user__first_name="Omar")
    extra = MentorRequestFactory(newcomer__user__first_name="Pia")
    action = "/admin/mentoring/matching/action/"
    assert organizer.post(action, {"action": "run"}).status_code == 302
    run = MatchingRun.objects.get(status="draft")
    page = organizer.get("/admin/mentoring/matching/").content.decode()
    assert "both speak Spanish" in page
    assert "Unmatched newcomers" in page and "Mentors who would fit" in page

    # Hand edits: over capacity is refused with a clear message and a 400.
    response = organizer.post(
        action, {"action": "assign", "run": run.pk, "request": extra.pk, "mentor": a.pk}
    )
    assert response.status_code == 400
    assert "no place left" in response.content.decode()
    pairs = {p.request_id: p for p in run.pairs.all()}
    assert pairs[first.pk].mentor == a
    response = organizer.post(
        action,
        {
            "action": "swap",
            "run": run.pk,
            "first": pairs[first.pk].pk,
            "second": pairs[second.pk].pk,
        },
    )
    assert response.status_code == 302
    assert ProposedPair.objects.get(pk=pairs[first.pk].pk).mentor == b
    organizer.post(action, {"action": "rejected", "run": run.pk, "pair": pairs[second.pk].pk})

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer.post(action, {"action": "publish", "run": run.pk, "confirmed": "1"})
    assert response.status_code == 302
    assert list(MentorPair.objects.values_list("mentor", "newcomer")) == [
        (b.volunteer_id, first.newcomer_id)
    ]
    assert len(mail.outbox) == 2
    overview = organizer.get("/admin/mentoring/").content.decode()
    assert "Nico" in overview and "Bea" in overview
    # The audit trail names the organizer and the count, never the people.
    entry = ModelLogEntry.objects.get(action="mentoring.publish")
    assert entry.user.email == "organizer@example.org"
    assert entry.object_id == str(run.pk) and entry.data == {"pairs": 1}


def test_publishing_a_stale_proposal_is_refused_with_a_message(organizer):
    mentor = MentorProfileFactory()
    MentorRequestFactory()
    organizer.post("/admin/mentoring/matching/action/", {"action": "run"})
    run = MatchingRun.objects.get()
    services.mentor_set_status(profile=mentor, status="paused")
    response = organizer.post(
        "/admin/mentoring/matching/action/", {"action": "publish", "run": run.pk, "confirmed": "1"}
    )
    assert response.status_code == 400
    assert "Run matching again" in response.content.decode()
    assert not MentorPair.objects.exists()


def test_bad_input_on_actions_is_a_400_never_a_500(organizer):
    MentorProfileFactory()
    MentorRequestFactory()
    action = "/admin/mentoring/matching/action/"
    assert organizer.post(action, {"action": "publish", "run": "999"}).status_code == 400
    organizer.post(action, {"action": "run"})
    run = MatchingRun.objects.get()
    for data in (
        {"action": "explode", "run": run.pk},
        {"action": "assign", "run": run.pk, "request": "x", "mentor": ""},
        {"action": "swap", "run": run.pk, "first": "1"},
    ):
        assert organizer.post(action, data).status_code == 400, data
    for pair in ("0", "abc", ""):
        data = {"action": "accepted", "run": run.pk, "pair": pair}
        assert organizer.post(action, data).status_code == 404, pair
    assert organizer.get(action).status_code == 405
    assert organizer.post("/admin/mentoring/pairs/999/end/", {"reason": "x"}).status_code == 404


def test_organizer_ends_a_pair_and_sees_overdue_check_ins(
    organizer, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    MentorProfileFactory(volunteer__user__first_name="Marta")
    MentorRequestFactory(newcomer__user__first_name="Nico")
    run = services.matching_run_create()
    with django_capture_on_commit_callbacks(execute=True):
        (pair,) = services.proposal_publish(run=run)
    pair.checkins.filter(week=1).update(due_at=timezone.now() - timedelta(days=5))
    page = organizer.get("/admin/mentoring/").content.decode()
    assert "Overdue check-ins" in page and "Week 1" in page and "overdue" in page
    # Each row's end form says which pair it ends, for screen readers.
    from django.utils.html import escape

    named = f'<span class="w-sr-only"> ({escape(str(pair))})</span>'
    assert f"Reason{named}</label>" in page and f"End{named}</button>" in page
    response = organizer.post(f"/admin/mentoring/pairs/{pair.pk}/end/", {"reason": ""})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.ended_at is None, "a reason is required"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organizer.post(f"/admin/mentoring/pairs/{pair.pk}/end/", {"reason": "Moved away"})
    pair.refresh_from_db()
    assert pair.ended_by == "organizer"
    assert len(mail.outbox) == 2
    entry = ModelLogEntry.objects.get(action="mentoring.pair_end")
    assert entry.object_id == str(pair.pk) and entry.user.email == "organizer@example.org"
    assert entry.data == {"ended_by": "organizer", "rematch": False}


def _people(mentors, requests):
    for _ in range(mentors):
        MentorProfileFactory(capacity=2)
    for _ in range(requests):
        MentorRequestFactory()


def _query_counts(client) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_pages_run_a_fixed_number_of_queries_whatever_the_numbers(
    organizer, django_assert_max_num_queries
):
    _people(3, 4)
    services.proposal_publish(run=services.matching_run_create())
    _people(1, 3)
    services.matching_run_create()
    few = _query_counts(organizer)
    _people(10, 14)
    services.proposal_publish(run=services.matching_run_create())
    _people(4, 9)
    services.matching_run_create()
    assert _query_counts(organizer) == few
    for url in URLS:
        with django_assert_max_num_queries(30):
            organizer.get(url)


def test_publish_and_introduce_asks_to_confirm_with_the_email_count_first(organizer):
    MentorProfileFactory()
    MentorRequestFactory()
    organizer.post("/admin/mentoring/matching/action/", {"action": "run"})
    run = MatchingRun.objects.get()
    mail.outbox.clear()
    response = organizer.post(
        "/admin/mentoring/matching/action/", {"action": "publish", "run": run.pk}
    )
    assert response.status_code == 200
    assert "Publish and send 2 introduction emails?" in response.content.decode()
    assert not MentorPair.objects.exists()
    assert not mail.outbox
