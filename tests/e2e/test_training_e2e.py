import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_no_csp_violations


def _training_site(demo_site):
    from home.models import HomePage
    from portal.activities import EventType
    from tests.factories.events import event_index, make_event
    from tests.factories.recruitment import VolunteerFactory
    from tests.factories.training import (
        QualificationFactory,
        check_module,
        make_course,
        text_module,
        training_index,
    )

    home = HomePage.objects.get(locale__language_code="en")
    ready = QualificationFactory(
        name="Canvass-ready", validity_months=12, required_for_event_types=[EventType.CANVASS]
    )
    video = {
        "title": "Your walk list",
        "estimated_minutes": 6,
        "body": [
            {
                "type": "video",
                "value": {
                    "title": "A canvass in four minutes",
                    "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "duration_minutes": 4,
                    "transcript": "Knock, step back, smile, and say who you are.",
                },
            }
        ],
    }
    library = training_index(home)
    make_course(
        library,
        title="Canvassing 101",
        grants=ready,
        modules=[text_module("Why we knock"), video, check_module("At the door")],
    )
    make_course(library, title="Phone banking basics", topic="phone_banking")
    event = make_event(event_index(home), title="Eastside canvass", event_type=EventType.CANVASS)
    VolunteerFactory(user__email="nia@example.org", user__first_name="Nia", postal_code="48207")
    return event


def _log_in_with_code(page, email):
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Request Code").click()
    message = [m for m in mail.outbox if email in m.to][-1]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()


def test_new_volunteer_completes_canvassing_101_on_a_phone_then_rsvps(demo_site, phone_page):
    from events.models import RSVP
    from training.models import CourseCompletion

    event = _training_site(demo_site)
    page = phone_page
    mail.outbox.clear()

    # The canvass is closed to people without the qualification, and says why.
    page.goto(demo_site.url + event.url)
    expect(page.get_by_role("heading", name="Training needed before you sign up")).to_be_visible()
    expect(page.get_by_role("button", name="Sign me up")).to_have_count(0)
    assert_accessible(page)

    page.goto(demo_site.url + "/training/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    assert_accessible(page)
    page.get_by_label("Search trainings").fill("canvassing")
    page.get_by_role("button", name="Find trainings").click()
    expect(page.get_by_role("link", name="Phone banking basics")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Canvassing 101").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Canvassing 101")
    assert_accessible(page)

    page.locator("#progress").get_by_role("link", name="Log in").click()
    _log_in_with_code(page, "nia@example.org")
    expect(page).to_have_url(re.compile(r"/training/canvassing-101/$"))
    bar = page.locator("#course-progress-text + progress")
    expect(page.get_by_text("0 of 3 modules done")).to_be_visible()
    expect(bar).to_have_attribute("value", "0")
    assert_accessible(page)

    page.get_by_role("link", name="Start the course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why we knock")
    assert_accessible(page)
    page.get_by_role("button", name="Mark this module as done").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your walk list")
    expect(page.get_by_text("1 of 3 modules done")).to_be_visible()
    # No internet here: the video falls back to a link with its transcript.
    expect(page.get_by_role("link", name="Watch “A canvass in four minutes”")).to_be_visible()
    expect(page.get_by_text("Knock, step back, smile")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark this module as done").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("At the door")
    expect(page.get_by_text("2 of 3 modules done")).to_be_visible()
    page.get_by_label("Right answer 1").check()
    page.get_by_label("Wrong answer 2").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("You scored 50%. You need 80% to pass.")).to_be_visible()
    expect(page.get_by_text("Not quite. Hint for question 2.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Right answer 2").check()
    page.get_by_role("button", name="Check my answers").click()

    expect(page).to_have_url(re.compile(r"/training/canvassing-101/#progress$"))
    expect(
        page.get_by_text("You completed “Canvassing 101”. You are now Canvass-ready.")
    ).to_be_visible()
    expect(page.get_by_text("3 of 3 modules done")).to_be_visible()
    expect(bar).to_have_attribute("value", "3")
    assert_accessible(page)
    assert_no_csp_violations(page)
    assert CourseCompletion.objects.filter(user__email="nia@example.org").exists()
    assert any("Canvassing 101" in m.subject for m in mail.outbox if m.to == ["nia@example.org"])

    # Now the canvass shift that required it is open to her.
    page.goto(demo_site.url + event.url)
    expect(page.get_by_role("heading", name="Training needed before you sign up")).to_have_count(0)
    page.locator("input[name=shifts]").first.check()
    page.get_by_role("button", name="Sign me up").click()
    expect(page.get_by_role("heading", name="You're signed up!")).to_be_visible()
    assert_accessible(page)
    assert RSVP.objects.get(person__email="nia@example.org").status == RSVP.Status.REGISTERED

    page.goto(demo_site.url + "/me/")
    expect(page.get_by_role("heading", name="Your training")).to_be_visible()
    expect(page.get_by_text("Canvass-ready")).to_be_visible()
    assert_accessible(page)


def test_visitor_browses_materials_and_the_spanish_library(demo_site, page):
    from home.models import HomePage
    from tests.factories.training import make_course, training_index
    from training.models import MaterialPage

    home = HomePage.objects.get(locale__language_code="en")
    library = training_index(home)
    course = make_course(library, title="Canvassing 101")
    material = MaterialPage(
        title="Guion de llamadas",
        slug="guion-de-llamadas",
        introduction="El guion para los bancos telefónicos.",
        topic="phone_banking",
        format="call_script",
        language="es",
        body=[
            {
                "type": "script",
                "value": {
                    "title": "Llamada",
                    "kind": "call",
                    "lines": [
                        {"speaker": "you", "text": "Hola, soy voluntaria."},
                        {"speaker": "them", "text": "No me llamen más."},
                    ],
                },
            }
        ],
    )
    library.add_child(instance=material)
    material.save_revision().publish()
    spanish_course = course.copy_for_translation(
        home.locale.__class__.objects.get(language_code="es"), copy_parents=True
    )
    spanish_course.title = "Tocar puertas 101"
    spanish_course.save_revision().publish()

    page.goto(demo_site.url + "/training/")
    page.get_by_label("Format").select_option("call_script")
    page.get_by_role("button", name="Find trainings").click()
    page.get_by_role("link", name="Guion de llamadas").click()
    expect(page.get_by_text("No me llamen más.")).to_be_visible()
    assert_accessible(page)
    page.goto(demo_site.url + "/es/training/")
    expect(page.get_by_role("link", name="Tocar puertas 101")).to_be_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)
