"""Organizers' training admin: statistics, funnel, completions CSV, holders, hand grants,
qualifications, and refusing documents of the wrong type. Interns get none of it."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from portal.roles import INTERNS_GROUP, roles_apply
from tests.factories.training import answers_for, make_course, modules_of, text_module
from training import services
from training.models import Qualification, QualificationGrant


@pytest.fixture
def organizer(db, django_user_model):
    roles_apply()
    user = django_user_model.objects.create_user(
        email="olga@example.org", password="pw-12345!", first_name="Olga", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def intern(db, django_user_model):
    user = django_user_model.objects.create_user(
        email="ida@example.org", password="pw-12345!", is_staff=True
    )
    roles_apply()
    user.groups.add(Group.objects.get(name=INTERNS_GROUP))
    return user


@pytest.fixture
def progress(course, learner, django_user_model):
    """Rosa finished the course; Sam passed the reading but failed the check; Lee did nothing."""
    reading, check = modules_of(course)
    services.module_mark_done(user=learner, module=reading)
    services.module_check_submit(user=learner, module=check, answers=answers_for(check))
    sam = django_user_model.objects.create_user(
        email="sam@example.org", first_name="=HYPERLINK(1)", last_name="Lee"
    )
    services.module_mark_done(user=sam, module=reading)
    services.module_check_submit(user=sam, module=check, answers=answers_for(check, right=0))
    return course


def test_organizer_sees_course_statistics_and_the_drop_off(client, organizer, progress):
    client.force_login(organizer)
    html = client.get("/admin/training/stats/").content.decode()
    assert "Canvassing 101" in html
    row = html.split("Canvassing 101")[1].split("</tr>")[0]
    assert [cell.strip() for cell in row.split("<td>")[2:6]] == [
        "2</td>",
        "2</td>",
        "1</td>",
        "50%</td>",
    ]
    html = client.get(f"/admin/training/stats/{progress.pk}/").content.decode()
    assert "2 people started this course; 1 completed it." in html
    steps = html.split("<tbody>")[1]
    first, second = steps.split("</tr>")[:2]
    assert "1. Why" in first and "<td>2</td>" in first
    assert "2. Script" in second and "<td>1</td>" in second and "50%" in second


def test_completions_csv_lists_people_and_neutralizes_formulas(
    client, organizer, progress, learner
):
    sam = type(learner).objects.get(email="sam@example.org")
    _reading, check = modules_of(progress)
    services.module_check_submit(user=sam, module=check, answers=answers_for(check))
    client.force_login(organizer)
    response = client.get(f"/admin/training/stats/{progress.pk}/completions.csv")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="canvassing-101-completions.csv"'
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Course",
        "Language",
        "Given name",
        "Family name",
        "Email",
        "Completed (UTC)",
    ]
    emails = {row[4]: row for row in rows[1:]}
    assert set(emails) == {"rosa@example.org", "sam@example.org"}
    assert emails["sam@example.org"][2] == "'=HYPERLINK(1)"
    assert client.get("/admin/training/stats/completions.csv").status_code == 200


def test_interns_get_403_on_every_training_report(client, intern, progress):
    client.force_login(intern)
    for url in (
        "/admin/training/stats/",
        f"/admin/training/stats/{progress.pk}/",
        f"/admin/training/stats/{progress.pk}/completions.csv",
        "/admin/training/stats/completions.csv",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get("/admin/training/holders/").status_code in (302, 403)
    assert "Course statistics" not in client.get("/admin/").content.decode()


def test_reports_for_an_unknown_course_are_404_even_for_overlong_ids(client, organizer, course):
    client.force_login(organizer)
    for course_id in ("99999", "9" * 30):
        for url in (
            f"/admin/training/stats/{course_id}/",
            f"/admin/training/stats/{course_id}/completions.csv",
        ):
            assert client.get(url, follow=True).status_code == 404, url


def test_organizer_grants_a_qualification_by_hand(client, organizer, learner, canvass_ready):
    client.force_login(organizer)
    response = client.post(
        "/admin/training/holders/new/",
        {
            "email": "ROSA@example.org",
            "qualification": canvass_ready.pk,
            "trained_on": "2026-01-10",
            "note": "Trained in person at the Eastside office",
        },
    )
    assert response.status_code == 302
    grant = QualificationGrant.objects.get(user=learner)
    assert grant.granted_by == organizer
    assert grant.granted_at.date().isoformat() == "2026-01-10"
    assert grant.expires_at.date().isoformat() == "2027-01-10"
    listing = client.get("/admin/training/holders/").content.decode()
    assert "Rosa Ortiz" in listing and "By hand: Olga" in listing


def test_hand_grant_for_an_unknown_email_is_refused_with_a_message(
    client, organizer, canvass_ready
):
    client.force_login(organizer)
    response = client.post(
        "/admin/training/holders/new/",
        {"email": "nobody@example.org", "qualification": canvass_ready.pk, "note": ""},
    )
    assert response.status_code == 200
    assert "Nobody uses that email address with us" in response.content.decode()
    assert not QualificationGrant.objects.exists()


def test_holders_can_be_filtered_to_expired_grants(client, organizer, learner, canvass_ready):
    from datetime import timedelta

    from django.utils import timezone

    services.qualification_grant(
        user=learner, qualification=canvass_ready, granted_at=timezone.now() - timedelta(days=800)
    )
    client.force_login(organizer)
    assert "Rosa Ortiz" in client.get("/admin/training/holders/?status=expired").content.decode()
    assert "Rosa Ortiz" not in client.get("/admin/training/holders/?status=valid").content.decode()


def test_organizer_creates_a_qualification_that_gates_event_types(client, organizer):
    client.force_login(organizer)
    response = client.post(
        "/admin/snippets/training/qualification/add/",
        {
            "name": "Phone-bank ready",
            "description": "Knows the dialer.",
            "validity_months": "",
            "required_for_event_types": ["PHONE_BANK", "TEXT_BANK"],
        },
    )
    assert response.status_code == 302
    qualification = Qualification.objects.get(name="Phone-bank ready")
    assert qualification.required_for_event_types == ["PHONE_BANK", "TEXT_BANK"]
    assert qualification.validity_months is None


@pytest.mark.parametrize(
    ("name", "payload"),
    [("setup.exe", b"MZ\x90\x00"), ("page.html", b"<script>alert(1)</script>")],
)
def test_documents_of_the_wrong_type_are_refused_with_a_message(client, organizer, name, payload):
    client.force_login(organizer)
    Group.objects.get(name="Moderators")  # has Wagtail's document permissions by default
    response = client.post(
        "/admin/documents/add/",
        {"title": "Walk list", "file": SimpleUploadedFile(name, payload), "collection": 1},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not allowed" in html and "pdf" in html
    assert not get_document_model().objects.exists()


def test_pdf_documents_are_accepted(client, organizer):
    from training.demo import simple_pdf

    client.force_login(organizer)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Walk list",
            "file": SimpleUploadedFile("walk-list.pdf", simple_pdf("Walk list", ["Knock."])),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    assert get_document_model().objects.get().file_extension == "pdf"


def test_admin_course_form_accepts_modules_and_prerequisites(client, organizer, library, course):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    client.force_login(organizer)
    data = nested_form_data(
        {
            "title": "Registering voters",
            "slug": "registering-voters",
            "introduction": "Michigan's rules.",
            "topic": "voter_registration",
            "language": "en",
            "modules": inline_formset(
                [
                    {
                        "title": "Who can register",
                        "estimated_minutes": "10",
                        "summary": "",
                        "body": streamfield(
                            [("rich_text", rich_text("<p>Citizens, 17½ and up.</p>"))]
                        ),
                    }
                ]
            ),
            "pass_mark": "100",
            "grants_qualification": "",
            "is_featured": "",
            "action-publish": "publish",
        }
    )
    data["prerequisites"] = [str(course.pk)]
    response = client.post(f"/admin/pages/add/training/coursepage/{library.pk}/", data)
    assert response.status_code == 302
    from training.models import CoursePage

    created = CoursePage.objects.get(slug="registering-voters")
    assert [m.title for m in created.modules.all()] == ["Who can register"]
    assert list(created.prerequisites.all()) == [course]
    assert created.live


def test_a_course_needs_at_least_one_module(client, organizer, library):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(organizer)
    data = nested_form_data(
        {
            "title": "Empty",
            "slug": "empty",
            "introduction": "Nothing yet.",
            "topic": "canvassing",
            "language": "en",
            "modules": inline_formset([]),
            "pass_mark": "80",
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/add/training/coursepage/{library.pk}/", data)
    assert response.status_code == 200
    from training.models import CoursePage

    assert not CoursePage.objects.filter(slug="empty").exists()


def test_stats_page_queries_stay_flat(client, organizer, library, django_assert_max_num_queries):
    for number in range(5):
        make_course(library, title=f"Course {number}", modules=[text_module("A")])
    client.force_login(organizer)
    with django_assert_max_num_queries(30):
        assert client.get("/admin/training/stats/").status_code == 200
