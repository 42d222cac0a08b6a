import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import User
from recruitment import services
from recruitment.models import InternshipApplication
from tests.factories.recruitment import VolunteerFactory, internship_page
from tests.recruitment.test_resume_upload import pdf

PDF = pdf()


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.RECRUITMENT_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def internship(home_page):
    return internship_page(home_page)


def _apply(client, page, capture, **overrides):
    data = {
        "given_name": "Ngozi",
        "family_name": "Okafor-Smith",
        "email": "ngozi@example.org",
        "phone": "",
        "availability": "Weekday afternoons, June to August",
        "statement": "I organized my campus voter drive.",
        "resume": SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        "website": "",
        **overrides,
    }
    with capture(execute=True):
        return client.post(page.url, data)


def test_internship_page_shows_terms_and_form(client, internship):
    html = client.get(internship.url).content.decode()
    assert "15 hours per week" in html
    assert "At least 10 weeks" in html
    assert "$500 per month" in html
    assert "Rolling: apply any time" in html
    assert 'type="file"' in html


def test_applying_stores_pdf_privately_and_emails_the_applicant(
    client, internship, django_capture_on_commit_callbacks, settings
):
    response = _apply(client, internship, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Your application is in" in response.content.decode()
    application = InternshipApplication.objects.get()
    assert application.status == "applied"
    assert application.resume.name.endswith(".pdf") and "cv" not in application.resume.name
    assert str(settings.RECRUITMENT_PRIVATE_ROOT) in application.resume.path
    assert application.resume.read() == PDF
    assert mail.outbox[0].to == ["ngozi@example.org"]
    assert "We received your application" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("resume", "message"),
    [
        (
            SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
            "as a PDF",
        ),
        (SimpleUploadedFile("cv.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024)), "larger than 2 MB"),
        (SimpleUploadedFile("cv.pdf", b""), "empty"),
        ("not a file", "This field is required."),
    ],
)
def test_bad_resumes_are_refused_with_400(
    client, internship, django_capture_on_commit_callbacks, resume, message
):
    response = _apply(client, internship, django_capture_on_commit_callbacks, resume=resume)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InternshipApplication.objects.exists()
    assert mail.outbox == []


def test_missing_fields_and_html_get_400_and_escaped(
    client, internship, django_capture_on_commit_callbacks
):
    response = _apply(
        client,
        internship,
        django_capture_on_commit_callbacks,
        given_name="<img src=x onerror=alert(1)>",
        statement="",
        email="nope",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<img src=x" not in html
    assert not InternshipApplication.objects.exists()


def test_closed_internship_refuses_applications(
    client, home_page, django_capture_on_commit_callbacks
):
    page = internship_page(home_page, slug="closed", deadline=datetime.date(2020, 1, 1))
    assert "closed" in client.get(page.url).content.decode()
    response = _apply(client, page, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert not InternshipApplication.objects.exists()


def test_pipeline_moves_forward_and_emails_each_step(
    internship, django_capture_on_commit_callbacks
):
    application = InternshipApplication.objects.create(
        page=internship,
        given_name="Ngozi",
        email="ngozi@example.org",
        availability="Afternoons",
        statement="Hi",
        resume="resumes/x.pdf",
    )
    for status in ("interviewing", "offered", "accepted"):
        with django_capture_on_commit_callbacks(execute=True):
            services.application_set_status(application=application, status=status)
    application.refresh_from_db()
    assert application.status == "accepted"
    assert [m.subject for m in mail.outbox] == [
        "Your application for Field organizing intern: Interviewing",
        "Your application for Field organizing intern: Offered",
        "Your application for Field organizing intern: Accepted",
    ]
    with pytest.raises(ValueError):
        services.application_set_status(application=application, status="declined")


def test_an_offer_declined_is_not_worded_as_a_rejection(
    internship, django_capture_on_commit_callbacks
):
    def application(email):
        return InternshipApplication.objects.create(
            page=internship,
            given_name="Ngozi",
            email=email,
            availability="Afternoons",
            statement="Hi",
            resume="resumes/x.pdf",
        )

    offered, interviewed = application("offered@example.org"), application("iv@example.org")
    for item, steps in (
        (offered, ("interviewing", "offered", "declined")),
        (interviewed, ("interviewing", "declined")),
    ):
        for status in steps:
            with django_capture_on_commit_callbacks(execute=True):
                services.application_set_status(application=item, status=status)

    last = {message.to[0]: message.body for message in mail.outbox}
    assert (
        "offer for the Field organizing intern internship is now closed"
        in last["offered@example.org"]
    )
    assert "not be moving forward" not in last["offered@example.org"]
    assert "not be moving forward" in last["iv@example.org"]


def test_pipeline_refuses_skipping_steps(internship):
    application = InternshipApplication.objects.create(
        page=internship,
        given_name="A",
        email="a@example.org",
        availability="x",
        statement="y",
        resume="resumes/x.pdf",
    )
    with pytest.raises(ValueError):
        services.application_set_status(application=application, status="accepted")


def test_admin_moves_application_and_downloads_resume(
    client, internship, django_capture_on_commit_callbacks
):
    _apply(client, internship, django_capture_on_commit_callbacks)
    application = InternshipApplication.objects.get()
    admin = User.objects.create_superuser(email="admin@example.org", password="pw-123456789")
    client.force_login(admin)
    listing = client.get("/admin/internship_applications/?status=applied").content.decode()
    assert "Ngozi Okafor-Smith" in listing
    inspect = client.get(f"/admin/internship_applications/inspect/{application.pk}/")
    assert "Move and email the applicant" in inspect.content.decode()
    resume = client.get(f"/admin/internship_applications/resume/{application.pk}/")
    assert resume["Content-Type"] == "application/pdf"
    assert b"".join(resume.streaming_content) == PDF
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(
            f"/admin/internship_applications/status/{application.pk}/", {"status": "interviewing"}
        )
    assert moved.status_code == 302
    application.refresh_from_db()
    assert application.status == "interviewing"
    assert "Interviewing" in mail.outbox[-1].subject
    bad = client.post(
        f"/admin/internship_applications/status/{application.pk}/", {"status": "accepted"}
    )
    assert bad.status_code == 302
    application.refresh_from_db()
    assert application.status == "interviewing"


def test_resume_is_not_reachable_without_admin_rights(
    client, internship, django_capture_on_commit_callbacks
):
    _apply(client, internship, django_capture_on_commit_callbacks)
    application = InternshipApplication.objects.get()
    response = client.get(f"/admin/internship_applications/resume/{application.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_status_email_task_is_safe_to_run_twice(internship, django_capture_on_commit_callbacks):
    application = InternshipApplication.objects.create(
        page=internship,
        given_name="A",
        email="a@example.org",
        availability="x",
        statement="y",
        resume="resumes/x.pdf",
    )
    assert services.application_send_status_email(application_id=application.pk) is True
    assert services.application_send_status_email(application_id=application.pk) is False
    assert len(mail.outbox) == 1


def test_status_email_has_an_html_part_in_the_applicants_language(
    client, internship, django_capture_on_commit_callbacks
):
    _apply(client, internship, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en"' in html and "Ngozi" in html


def test_erasing_the_account_deletes_the_resume_file(
    client, internship, django_capture_on_commit_callbacks
):
    _apply(client, internship, django_capture_on_commit_callbacks)
    application = InternshipApplication.objects.get()
    path = application.resume.path
    volunteer = VolunteerFactory(user__email="NGOZI@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.volunteer_erase(volunteer=volunteer)
    assert not Path(path).exists()
    application.refresh_from_db()
    assert (application.resume.name, application.email, application.given_name) == ("", "", "")
    assert application.status == "applied"  # the anonymous row still counts in the pipeline
