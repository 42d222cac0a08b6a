"""Staff actions on people's data land in Wagtail's audit log: who did what to which record,
with ids and counts only, and the administrator finds them in the site-history report."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from events.models import DeskWalkIn
from portal.models import User
from portal.roles import INTERNS_GROUP, roles_apply
from recruitment import services as recruitment_services
from recruitment.models import InternshipApplication
from tests.events.helpers import person, rsvp
from tests.factories.events import event_index, make_event
from tests.factories.newsletters import newsletter, subscriber
from tests.factories.recruitment import VolunteerFactory, internship_page
from tests.factories.training import make_course, training_index
from training import services as training_services
from training.models import Qualification, QualificationGrant

pytestmark = pytest.mark.django_db

PRIVATE = ("ana@example.org", "walkin@example.org", "Pérez", "Walker", "rosa@example.org")


def _staff(email: str, *groups: str) -> User:
    user = User.objects.create_user(email=email, first_name="Staff", is_staff=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def organizer(db):
    roles_apply()
    return _staff("olu@example.org", "Moderators")


@pytest.fixture
def intern(db):
    roles_apply()
    return _staff("ida@example.org", INTERNS_GROUP)


@pytest.fixture
def event(home_page, intern):
    event = make_event(event_index(home_page), title="Eastside canvass")
    event.interns.add(intern)
    event.save()
    return event


def _entry(action: str, instance) -> ModelLogEntry | PageLogEntry:
    if hasattr(instance, "page_ptr_id"):
        return PageLogEntry.objects.get(action=action, page=instance)
    return ModelLogEntry.objects.get(
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
    )


def _holds_no_contact_details(entry) -> None:
    text = f"{entry.label} {entry.data}"
    for private in PRIVATE:
        assert private not in text, (entry.action, text)


def test_desk_check_in_undo_no_show_and_walk_in_are_logged_for_the_intern(client, event, intern):
    ana = rsvp(event, person("ana@example.org", "Ana", "Pérez"))[0]
    ben = rsvp(event, person("ben@example.org", "Ben", "Pérez"))[0]
    shift = ana.shift
    client.force_login(intern)
    attendance = f"/admin/checkin/{event.pk}/rsvp/{{}}/"
    assert client.post(attendance.format(ana.pk), {"action": "checkin"}).status_code == 302
    assert client.post(attendance.format(ana.pk), {"action": "no_show"}).status_code == 302
    assert client.post(attendance.format(ben.pk), {"action": "no_show"}).status_code == 302
    walk_in = client.post(
        f"/admin/checkin/{event.pk}/shift/{shift.pk}/walk-in/",
        {
            f"walkin-{shift.pk}-email": "walkin@example.org",
            f"walkin-{shift.pk}-first_name": "Wanda",
            f"walkin-{shift.pk}-last_name": "Walker",
        },
    )
    assert walk_in.status_code == 302
    # The desk records the walk-in as typed; no account is touched until its owner confirms.
    walker = DeskWalkIn.objects.get(email="walkin@example.org")

    checked_in = _entry("events.checkin", ana)
    undone = _entry("events.checkin_undo", ana)
    no_show = _entry("events.no_show", ben)
    walked_in = _entry("events.walk_in", walker)
    for entry in (checked_in, undone, no_show, walked_in):
        assert entry.user == intern
        _holds_no_contact_details(entry)
    assert checked_in.data == {"shift_id": shift.pk, "person_id": ana.person_id}
    assert walked_in.data["qualification_override"] is False
    assert checked_in.label == f"RSVP #{ana.pk}"


def test_the_desk_export_is_logged_with_its_row_count(client, event, intern):
    rsvp(event, person("ana@example.org", "Ana", "Pérez"))
    rsvp(event, person("ben@example.org", "Ben", "Pérez"))
    client.force_login(intern)
    assert client.get(f"/admin/checkin/{event.pk}/export.csv").status_code == 200
    entry = _entry("portal.export", event)
    assert entry.user == intern
    assert entry.data == {"export": "event attendance", "rows": 2}


def test_an_internship_pipeline_move_is_logged_with_both_statuses(
    client, home_page, organizer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.RECRUITMENT_PRIVATE_ROOT = tmp_path
    organizer.is_superuser = True  # the pipeline screen is for administrators and HR
    organizer.save()
    application = recruitment_services.application_submit(
        page=internship_page(home_page),
        data={
            "given_name": "Ngozi",
            "email": "ngozi@example.org",
            "availability": "Afternoons",
            "statement": "I organized my campus voter drive.",
        },
        resume=SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/internship_applications/status/{application.pk}/",
            {"status": "interviewing"},
        )
    entry = _entry("recruitment.application_status", application)
    assert entry.user == organizer
    assert entry.data == {"from": "applied", "to": "interviewing"}
    assert "ngozi" not in f"{entry.label} {entry.data}".lower()
    assert entry.label == f"Internship application #{application.pk}"
    assert InternshipApplication.objects.get().status == "interviewing"


def test_starting_a_newsletter_send_is_logged_for_whoever_sent_it(
    client, home_page, django_capture_on_commit_callbacks
):
    sender = User.objects.create_superuser(email="sender@example.org", password="pw-123456789")
    subscriber()
    subscriber()
    page = newsletter(home_page)
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("newsletters_admin:schedule", args=[page.pk]),
            {"send_now": "1", "confirmed": "1"},
        )
    entry = _entry("newsletters.send_start", page)
    assert entry.user == sender
    assert entry.data == {"queued": 2, "suppressed": 0, "capped": 0}


def test_the_volunteer_export_is_logged_on_the_exporter(client, organizer):
    organizer.is_superuser = True
    organizer.save()
    VolunteerFactory(user__email="ana@example.org")
    VolunteerFactory(user__email="ben@example.org")
    client.force_login(organizer)
    response = client.get("/admin/volunteers/?export=csv")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = _entry("portal.export", organizer)
    assert entry.user == organizer
    assert entry.data == {"export": "volunteers", "rows": 2}


def test_insights_downloads_are_logged(client, organizer):
    client.force_login(organizer)
    assert client.get("/admin/insights/csv/funnel.csv").status_code == 200
    assert client.get("/admin/insights/lapsing.csv").status_code == 200
    exports = ModelLogEntry.objects.filter(action="portal.export", user_id=organizer.pk)
    assert sorted(entry.data["export"] for entry in exports) == [
        "insights funnel",
        "lapsing volunteers",
    ]
    assert all(entry.object_id == str(organizer.pk) for entry in exports)


def test_the_completions_export_is_logged_on_the_course(client, home_page, organizer):
    course = make_course(training_index(home_page), title="Canvassing 101")
    client.force_login(organizer)
    response = client.get(f"/admin/training/stats/{course.pk}/completions.csv")
    assert response.status_code == 200
    entry = _entry("portal.export", course)
    assert entry.user == organizer
    assert entry.data == {"export": "course completions", "rows": 0}


def test_granting_and_taking_back_a_qualification_by_hand_are_logged(client, organizer):
    qualification = Qualification.objects.create(name="Canvass-ready", validity_months=12)
    learner = VolunteerFactory(user__email="rosa@example.org").user
    client.force_login(organizer)
    response = client.post(
        "/admin/training/holders/new/",
        {"email": "rosa@example.org", "qualification": qualification.pk, "note": ""},
    )
    assert response.status_code == 302
    grant = QualificationGrant.objects.get(user=learner)
    granted = _entry("training.qualification_grant", grant)
    assert granted.user == organizer
    assert granted.data == {"person_id": learner.pk, "qualification_id": qualification.pk}

    assert client.post(f"/admin/training/holders/delete/{grant.pk}/").status_code == 302
    assert not QualificationGrant.objects.exists()
    revoked = _entry("training.qualification_revoke", grant)
    assert revoked.user == organizer and revoked.deleted
    _holds_no_contact_details(revoked)


def test_grants_from_finishing_a_course_are_not_staff_actions(db):
    qualification = Qualification.objects.create(name="Canvass-ready", validity_months=12)
    learner = VolunteerFactory().user
    training_services.qualification_grant(user=learner, qualification=qualification)
    assert not ModelLogEntry.objects.filter(action="training.qualification_grant").exists()


def test_role_changes_in_wagtails_user_screens_are_logged(client):
    admin = User.objects.create_superuser(email="root@example.org", password="pw-123456789")
    roles_apply()
    interns = Group.objects.get(name=INTERNS_GROUP)
    ana = User.objects.create_user(email="ana@example.org", first_name="Ana", last_name="Pérez")
    ben = User.objects.create_user(email="ben@example.org", first_name="Ben")
    assert not ModelLogEntry.objects.filter(action="portal.role_change").exists()
    client.force_login(admin)

    edited = client.post(
        f"/admin/users/edit/{ana.pk}/",
        {
            "email": "ana@example.org",
            "first_name": "Ana",
            "last_name": "Pérez",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [interns.pk],
        },
    )
    assert edited.status_code == 302, edited.context["form"].errors
    changes = ModelLogEntry.objects.filter(action="portal.role_change", object_id=str(ana.pk))
    assert {entry.user for entry in changes} == {admin}
    assert sorted(entry.data["added"] for entry in changes) == [["Interns"], ["superuser"]]

    without_group = client.post(
        f"/admin/users/edit/{ana.pk}/",
        {
            "email": "ana@example.org",
            "first_name": "Ana",
            "last_name": "Pérez",
            "is_active": "on",
            "is_superuser": "on",
        },
    )
    assert without_group.status_code == 302, without_group.context["form"].errors
    assert [entry.data for entry in changes.order_by("-pk")[:1]] == [
        {"added": [], "removed": ["Interns"]}
    ]

    bulk = client.post(f"/admin/bulk/portal/user/assign_role/?id={ben.pk}", {"role": interns.pk})
    assert bulk.status_code == 302
    assert _entry("portal.role_change", ben).data == {"added": ["Interns"], "removed": []}
    for entry in ModelLogEntry.objects.filter(action="portal.role_change"):
        _holds_no_contact_details(entry)
        assert "@" not in entry.label


def test_the_site_history_report_lists_staff_actions_for_the_administrator(client, event, intern):
    ana = rsvp(event, person("ana@example.org", "Ana", "Pérez"))[0]
    client.force_login(intern)
    client.post(f"/admin/checkin/{event.pk}/rsvp/{ana.pk}/", {"action": "checkin"})
    admin = User.objects.create_superuser(email="root@example.org", password="pw-123456789")
    client.force_login(admin)
    response = client.get("/admin/reports/site-history/", {"action": "events.checkin"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Checked in" in html
    assert f"RSVP #{ana.pk}" in html
    assert 'value="events.checkin"' in html  # offered in the action filter
    assert "ana@example.org" not in html


def test_mentoring_actions_are_registered_for_the_mentoring_services():
    from wagtail.log_actions import registry

    from recruitment.mentoring.services.common import PAIR_END as MENTORING_PAIR_END
    from recruitment.mentoring.services.common import PUBLISH as MENTORING_PUBLISH

    labels = dict(registry.get_choices())
    assert str(labels[MENTORING_PUBLISH]) == "Publish mentoring matches"
    assert str(labels[MENTORING_PAIR_END]) == "End mentoring pair"
