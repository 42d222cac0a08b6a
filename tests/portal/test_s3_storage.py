"""Media on S3-compatible storage, against a real S3 API: moto's server on loopback, started once
for the session. The STORAGES come from `portal.settings.s3.s3_storages`, the very function
production settings call, so what passes here is what several machines share."""

import uuid

import boto3
import pytest
from botocore.exceptions import ClientError
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from portal.roles import INTERNS_GROUP, roles_apply
from portal.settings.s3 import s3_storages
from recruitment import services
from recruitment.models import InternshipApplication
from tests.factories.recruitment import VolunteerFactory, internship_page
from tests.factories.users import UserFactory
from tests.recruitment.test_resume_upload import pdf

PDF = pdf()


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint, tmp_path):
    """A fresh bucket per test, and STORAGES pointing at it. The local private folder is moved
    to an empty temporary one so a test can tell nothing landed on disk."""
    environ = {
        "PORTAL_S3_BUCKET": f"portal-{uuid.uuid4().hex[:12]}",
        "PORTAL_S3_ENDPOINT_URL": s3_endpoint,
        "PORTAL_S3_REGION": "us-east-1",
        "PORTAL_S3_ACCESS_KEY_ID": "test-key",
        "PORTAL_S3_SECRET_ACCESS_KEY": "test-secret",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=environ["PORTAL_S3_BUCKET"])
    settings.RECRUITMENT_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, **s3_storages(environ)}
    client.bucket = environ["PORTAL_S3_BUCKET"]
    return client


def keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=s3.bucket).get("Contents", [])]


@pytest.fixture
def application(client, home_page, s3, django_capture_on_commit_callbacks):
    page = internship_page(home_page)
    data = {
        "given_name": "Ngozi",
        "family_name": "Okafor-Smith",
        "email": "Ngozi@example.org",
        "phone": "",
        "availability": "Weekday afternoons",
        "statement": "I organized my campus voter drive.",
        "resume": SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        "website": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, data)
    assert response.status_code == 200
    return InternshipApplication.objects.get()


def test_uploaded_resume_is_a_private_object_in_the_bucket_and_not_on_disk(
    application, s3, tmp_path
):
    key = f"private/{application.resume.name}"
    assert keys(s3) == [key]
    assert s3.get_object(Bucket=s3.bucket, Key=key)["Body"].read() == PDF
    grants = s3.get_object_acl(Bucket=s3.bucket, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    assert not (tmp_path / "private").exists()
    # Any URL made for it is signed and expires within minutes.
    url = application.resume.url
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url


def _staff(*group_names: str):
    roles_apply()
    user = UserFactory(is_staff=True)
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user


def test_organizer_downloads_the_resume_through_the_admin_view(client, application):
    client.force_login(_staff("Moderators"))
    response = client.get(f"/admin/internship_applications/resume/{application.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["intern", "volunteer", "anonymous"])
def test_others_cannot_download_the_resume(client, application, who):
    if who == "intern":
        client.force_login(_staff(INTERNS_GROUP))
    elif who == "volunteer":
        client.force_login(VolunteerFactory().user)
    response = client.get(f"/admin/internship_applications/resume/{application.pk}/")
    if who == "intern":
        # Wagtail answers an admin user's PermissionDenied with a redirect to the dashboard.
        assert response.status_code == 302 and response.url == "/admin/"
    else:
        assert response.status_code == 302 and "/accounts/login/" in response.url  # the one door
    assert PDF not in response.content


def test_missing_resume_object_is_a_404_not_a_500(client, application, s3):
    s3.delete_object(Bucket=s3.bucket, Key=f"private/{application.resume.name}")
    client.force_login(_staff("Moderators"))
    response = client.get(f"/admin/internship_applications/resume/{application.pk}/")
    assert response.status_code == 404


def test_erasing_the_account_deletes_the_resume_object(
    application, s3, django_capture_on_commit_callbacks
):
    volunteer = VolunteerFactory(user__email="ngozi@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.volunteer_erase(volunteer=volunteer)
    assert keys(s3) == []
    application.refresh_from_db()
    assert application.resume.name == ""
    assert application.email == "" and application.given_name == ""
    assert application.statement == ""


def test_erasing_another_account_keeps_the_resume(
    application, s3, django_capture_on_commit_callbacks
):
    volunteer = VolunteerFactory(user__email="someone-else@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.volunteer_erase(volunteer=volunteer)
    assert keys(s3) == [f"private/{application.resume.name}"]


def test_public_media_are_plain_cacheable_urls(s3):
    name = default_storage.save("images/poster.png", ContentFile(b"\x89PNG fake"))
    key = f"media/{name}"
    assert key in keys(s3)
    head = s3.head_object(Bucket=s3.bucket, Key=key)
    assert head["CacheControl"] == "public, max-age=86400"
    url = default_storage.url(name)
    assert url.endswith(f"/{s3.bucket}/{key}") and "Signature" not in url
    # A second upload under the same name gets its own key: machines never overwrite each other.
    second = default_storage.save("images/poster.png", ContentFile(b"other"))
    assert second != name
    with pytest.raises(ClientError):
        s3.head_object(Bucket=s3.bucket, Key="private/" + name)


def _production_storages(monkeypatch, **environ) -> dict:
    import importlib
    import sys

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delitem(sys.modules, "portal.settings.production", raising=False)
    module = importlib.import_module("portal.settings.production")
    monkeypatch.delitem(sys.modules, "portal.settings.production", raising=False)
    return module.STORAGES


def test_production_media_stay_on_disk_without_a_bucket(monkeypatch):
    monkeypatch.delenv("PORTAL_S3_BUCKET", raising=False)
    storages = _production_storages(monkeypatch)
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["BACKEND"] == "portal.storage.PrivateFileSystemStorage"


def test_production_media_go_to_s3_when_a_bucket_is_set(monkeypatch):
    storages = _production_storages(
        monkeypatch, PORTAL_S3_BUCKET="media-bucket", PORTAL_S3_PRIVATE_BUCKET="private-bucket"
    )
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["bucket_name"] == "media-bucket"
    assert storages["private"]["OPTIONS"]["bucket_name"] == "private-bucket"
    assert storages["private"]["OPTIONS"]["default_acl"] == "private"
    assert "whitenoise" in storages["staticfiles"]["BACKEND"]
