import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfWriter

from portal.models import User
from recruitment.models import Volunteer
from tests.e2e.conftest import assert_accessible, assert_no_csp_violations


def _last_mail_to(address: str):
    return [message for message in mail.outbox if address in message.to][-1]


def test_phone_visitor_signs_up_confirms_logs_in_edits_downloads_and_deletes(demo_site, phone_page):
    page = phone_page
    mail.outbox.clear()

    page.goto(demo_site.url + "/join/?utm_source=flyer&utm_campaign=fall")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join us")
    assert_accessible(page)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Please check the form")).to_be_visible()
    expect(page.get_by_label("Given name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("Given name").fill("María José")
    page.get_by_label("Family name").fill("O'Brien Núñez")
    page.get_by_label("Email", exact=True).fill("maria.jose@example.org")
    page.get_by_label("Mobile phone").fill("(602) 555-0143")
    page.get_by_label("ZIP/postal code").fill("85009")
    page.get_by_label("Voter registration").check()
    page.get_by_label("Email me news").check()
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us a bit more")
    assert_accessible(page)
    page.get_by_label("Weekend mornings").check()
    page.get_by_label("Español").check()
    page.get_by_label("Pronouns").fill("ella")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    confirm_link = re.search(
        r"https?://\S+/join/confirm/\S+/", _last_mail_to("maria.jose@example.org").body
    )
    page.goto(demo_site.url + urlsplit(confirm_link.group(0)).path)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are confirmed")
    assert_accessible(page)

    # Confirming proved the address, so it logged her in for this session (issue 18).
    page.get_by_role("link", name="Go to My portal").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My portal")
    expect(page.get_by_text("María José O'Brien Núñez")).to_be_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)

    page.get_by_role("link", name="Edit your profile").click()
    assert_accessible(page)
    page.get_by_label("ZIP/postal code").fill("48207")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_text("48207")).to_be_visible()

    page.get_by_role("link", name="Optional: tell us about yourself (anonymous)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you (optional)")
    assert_accessible(page)
    page.get_by_label("Your age").select_option("25_34")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "maria.jose@example.org"
    assert data["profile"]["postal_code"] == "48207"
    assert data["signups"][0]["utm_source"] == "flyer"

    page.get_by_role("link", name="Delete my account").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    assert_accessible(page)
    assert not User.objects.filter(email="maria.jose@example.org").exists()
    assert Volunteer.objects.get().erased_at is not None


def test_student_applies_for_an_internship_with_a_pdf(demo_site, page, settings, tmp_path):
    from recruitment import demo
    from recruitment.models import InternshipApplication

    settings.RECRUITMENT_PRIVATE_ROOT = tmp_path
    for _line in demo.seed():
        pass
    page.goto(demo_site.url + "/field-organizing-internship/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Field organizing internship")
    assert_accessible(page)
    resume = tmp_path / "cv.pdf"
    writer = PdfWriter()  # a real one-page PDF: the form parses what it is given
    writer.add_blank_page(width=612, height=792)
    with resume.open("wb") as out:
        writer.write(out)
    page.get_by_label("Given name").fill("Ngozi")
    page.get_by_label("Email", exact=True).fill("ngozi@example.org")
    page.get_by_label("Résumé").set_input_files(str(resume))
    page.get_by_label("Your availability").fill("Afternoons, June to August")
    page.get_by_label("Why this internship?").fill("I ran my campus voter drive.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text("Your application is in")).to_be_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)
    assert InternshipApplication.objects.get().email == "ngozi@example.org"
