"""Qualification names in Spanish: one row per qualification (shifts, courses and grants all
point at it), with its Spanish name shown to Spanish readers."""

import pytest
from django.utils import translation

from tests.factories.training import QualificationFactory, make_course, training_index


@pytest.fixture
def canvass_ready(db):
    return QualificationFactory(
        name="Canvass-ready",
        name_es="Preparado para tocar puertas",
        description="Knows the door script.",
        description_es="Conoce el guion de la puerta.",
        required_for_event_types=["CANVASS"],
    )


def _spanish_course(home_page, spanish, qualification):
    course = make_course(training_index(home_page), title="Canvassing 101", grants=qualification)
    spanish_course = course.copy_for_translation(spanish, copy_parents=True)
    spanish_course.title = "Tocar puertas 101"
    spanish_course.language = "es"
    spanish_course.save_revision().publish()
    return course, spanish_course


@pytest.mark.django_db
def test_spanish_course_page_names_the_qualification_in_spanish(
    client, home_page, spanish, canvass_ready
):
    course, spanish_course = _spanish_course(home_page, spanish, canvass_ready)
    spanish_html = client.get(spanish_course.url).content.decode()
    assert "<strong>Preparado para tocar puertas</strong>" in spanish_html
    assert "Canvass-ready" not in spanish_html
    english_html = client.get(course.url).content.decode()
    assert "<strong>Canvass-ready</strong>" in english_html
    assert "Preparado para tocar puertas" not in english_html


@pytest.mark.django_db
def test_qualification_without_spanish_name_is_marked_english_on_spanish_pages(
    client, home_page, spanish
):
    plain = QualificationFactory(name="Phone-bank ready")
    _course, spanish_course = _spanish_course(home_page, spanish, plain)
    html = client.get(spanish_course.url).content.decode()
    assert '<span lang="en">Phone-bank ready</span>' in html


@pytest.mark.django_db
def test_one_row_answers_in_either_language(canvass_ready):
    with translation.override("es"):
        assert canvass_ready.in_language("name", translation.get_language()) == (
            "Preparado para tocar puertas",
            True,
        )
    assert canvass_ready.in_language("description", "en") == ("Knows the door script.", False)
    assert canvass_ready.in_language("description", "es-mx") == (
        "Conoce el guion de la puerta.",
        True,
    )


@pytest.mark.django_db
def test_congratulation_for_a_spanish_course_names_the_qualification_in_spanish(
    home_page, spanish, canvass_ready, mailoutbox
):
    from tests.factories.recruitment import VolunteerFactory
    from training.emails import send_course_congratulation
    from training.models import CourseCompletion

    _course, spanish_course = _spanish_course(home_page, spanish, canvass_ready)
    user = VolunteerFactory(user__email="rosa@example.org").user
    completion = CourseCompletion.objects.create(user=user, course=spanish_course)
    send_course_congratulation(completion=completion)
    (message,) = mailoutbox
    assert "Preparado para tocar puertas" in message.body
    assert "Canvass-ready" not in message.body


@pytest.mark.django_db
def test_my_portal_in_spanish_names_my_qualification_in_spanish(client, spanish, canvass_ready):
    from tests.factories.recruitment import VolunteerFactory
    from training.services import qualification_grant

    user = VolunteerFactory(user__email="rosa@example.org").user
    qualification_grant(user=user, qualification=canvass_ready)
    client.force_login(user)
    html = client.get("/es/me/").content.decode()
    assert "<strong>Preparado para tocar puertas</strong>" in html
    assert "<strong>Canvass-ready</strong>" in client.get("/me/").content.decode()
