"""Résumés must be real, modest PDFs, and an oversized upload is refused before it is read.

Every PDF here is built in the test with pypdf: no fixture files."""

import io
import zlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

from recruitment.models import InternshipApplication
from tests.factories.recruitment import internship_page

MB = 1024 * 1024


def pdf(pages: int = 1, contents: bytes | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    if contents is not None:
        stream = StreamObject()
        stream._data = contents
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        writer.pages[0][NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def deflated_zeros(size: int) -> bytes:
    """`size` zero bytes, deflated a megabyte at a time (a 200 MB bomb is about 200 KB)."""
    deflater = zlib.compressobj(9)
    chunk = bytes(MB)
    parts = [deflater.compress(chunk) for _ in range(size // MB)]
    return b"".join([*parts, deflater.flush()])


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.RECRUITMENT_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def internship(home_page):
    return internship_page(home_page)


def fields(resume) -> dict:
    return {
        "given_name": "Ngozi",
        "family_name": "Okafor-Smith",
        "email": "ngozi@example.org",
        "phone": "",
        "availability": "Weekday afternoons, June to August",
        "statement": "I organized my campus voter drive.",
        "resume": resume,
        "website": "",
    }


def apply(client, page, capture, resume):
    with capture(execute=True):
        return client.post(page.url, fields(resume))


def test_a_real_pdf_is_accepted_and_stored(client, internship, django_capture_on_commit_callbacks):
    body = pdf(pages=2, contents=zlib.compress(b"BT /F1 12 Tf (Ngozi Okafor-Smith) Tj ET"))
    resume = SimpleUploadedFile("Résumé Ngozi.PDF", body, content_type="application/pdf")
    response = apply(client, internship, django_capture_on_commit_callbacks, resume)
    assert response.status_code == 200
    assert InternshipApplication.objects.get().resume.read() == body


@pytest.mark.parametrize(
    ("name", "body", "content_type", "message"),
    [
        # A PDF that is also an HTML page, offered under an HTML name or type.
        (
            "resume.html",
            pdf() + b"<html><script>alert(1)</script></html>",
            "application/pdf",
            "as a PDF",
        ),
        ("resume.pdf", pdf() + b"<html><script>alert(1)</script></html>", "text/html", "as a PDF"),
        ("resume.pdf", b"%PDF-1.7\n<html><body>hello</body></html>", "application/pdf", "read"),
        ("resume.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf", ""),
        ("resume.pdf", pdf(pages=21), "application/pdf", "1 to 20 pages"),
        ("resume.pdf", pdf(contents=deflated_zeros(200 * MB)), "application/pdf", "once opened"),
        ("resume.pdf", pdf(contents=b"not deflate data at all"), "application/pdf", ""),
    ],
    ids=[
        "polyglot-html-name",
        "polyglot-html-type",
        "pdf-header-only",
        "no-pages",
        "too-many-pages",
        "inflates-to-200MB",
        "broken-stream",
    ],
)
def test_files_that_are_not_modest_pdfs_are_refused_with_a_message(
    client, internship, django_capture_on_commit_callbacks, name, body, content_type, message
):
    resume = SimpleUploadedFile(name, body, content_type=content_type)
    response = apply(client, internship, django_capture_on_commit_callbacks, resume)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_resume_error"' in html and message in html
    assert not InternshipApplication.objects.exists()
    assert mail.outbox == []


def test_a_bomb_is_refused_without_inflating_it_whole(internship):
    # The check stops at the bound: refusing the bomb must not hold 200 MB in memory.
    import tracemalloc

    from recruitment.forms.resume import resume_check

    body = pdf(contents=deflated_zeros(200 * MB))
    upload = SimpleUploadedFile("resume.pdf", body, content_type="application/pdf")
    tracemalloc.start()
    with pytest.raises(Exception, match="once opened"):
        resume_check(upload)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * MB


@pytest.mark.parametrize("debug", [False, True])
def test_a_declared_50MB_upload_is_refused_before_the_body_is_read(
    client, internship, settings, debug
):
    settings.DEBUG = debug
    resume = SimpleUploadedFile("resume.pdf", pdf(), content_type="application/pdf")
    # The test client would fail loudly if the server tried to read the 50 MB it was promised.
    response = client.post(internship.url, fields(resume), CONTENT_LENGTH=str(50 * MB))
    assert response.status_code == 413
    assert "at most 2 MB" in response.content.decode()
    assert not InternshipApplication.objects.exists()


def test_an_actual_4MB_upload_is_refused_with_413(client, internship):
    resume = SimpleUploadedFile("resume.pdf", b"%PDF-" + bytes(4 * MB), "application/pdf")
    response = client.post(internship.url, fields(resume))
    assert response.status_code == 413
    assert not InternshipApplication.objects.exists()
