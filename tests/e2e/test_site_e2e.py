import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_no_csp_violations, staff_sign_in


def test_home_page_shows_hero_and_empty_states_and_is_accessible(demo_site, page):
    page.goto(demo_site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your neighbors are organizing")
    expect(page.get_by_role("heading", name="Upcoming events")).to_be_visible()
    expect(page.get_by_text("No events are on the calendar yet")).to_be_visible()
    expect(page.get_by_role("link", name="Find your local office")).to_be_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)


def test_visitor_switches_to_spanish_and_back(demo_site, page):
    page.goto(demo_site.url + "/about/")
    page.get_by_role("banner").get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"/es/about/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiénes somos")
    expect(page.get_by_role("link", name="Saltar al contenido principal")).to_be_attached()
    assert_accessible(page)
    page.get_by_role("banner").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/about/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")


def test_phone_visitor_opens_menu_with_keyboard_and_finds_nearest_office(demo_site, phone_page):
    page = phone_page
    page.goto(demo_site.url + "/")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Local offices").click()
    page.get_by_label("Your ZIP code").fill("85033")
    page.get_by_role("button", name="Find my office").click()
    first_office = page.locator(".office").first
    expect(first_office.get_by_role("heading")).to_have_text("Phoenix Westside Office")
    expect(first_office).to_contain_text("miles away")
    assert_accessible(page)


def test_bad_zip_gets_a_clear_message(demo_site, page):
    page.goto(demo_site.url + "/offices/?zip=not-a-zip")
    expect(page.get_by_text("Enter a 5-digit ZIP code")).to_be_visible()
    expect(page.get_by_label("Your ZIP code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_search_and_not_found_pages_are_accessible(demo_site, page):
    page.goto(demo_site.url + "/search/?q=office")
    expect(page.get_by_role("link", name="Local offices")).to_have_count(2)
    assert_accessible(page)
    response = page.goto(demo_site.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")
    assert_accessible(page)


def test_organizer_logs_in_and_publishes_a_page(demo_site, page, django_user_model):
    django_user_model.objects.create_superuser(
        email="organizer@example.org", password="s3cret-pass-1"
    )
    staff_sign_in(page, demo_site.url, "organizer@example.org", "s3cret-pass-1")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code="en")
    page.goto(f"{demo_site.url}/admin/pages/add/home/standardpage/{home.pk}/")
    page.locator("#id_title").fill("Volunteer FAQ")
    page.locator("#id_introduction").fill("Answers to what new volunteers ask most.")
    # The live preview is framed by the admin; the public page's policy must allow just that.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title]").first
    expect(preview.get_by_role("heading", level=1)).to_have_text("Volunteer FAQ")
    assert_no_csp_violations(page)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("created and published")).to_be_visible()

    page.goto(demo_site.url + "/volunteer-faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteer FAQ")
    expect(page.get_by_text("Answers to what new volunteers ask most.")).to_be_visible()
    assert_accessible(page)
