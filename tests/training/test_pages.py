"""The library, course and module pages, the progress forms, /me/ and the home page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.embeds.models import Embed

from portal.activities import EventType
from tests.factories.events import event_index, make_event
from tests.factories.training import (
    answers_for,
    check_module,
    make_course,
    modules_of,
    text_module,
)
from training import services
from training.embeds import video_html
from training.forms import KnowledgeCheckForm
from training.models import CourseCompletion, MaterialPage, ModuleProgress

VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


@pytest.fixture
def material(library):
    page = MaterialPage(
        title="Guion de llamadas",
        slug="guion",
        introduction="El guion para llamar.",
        topic="phone_banking",
        format="call_script",
        language="es",
        body=[
            {
                "type": "script",
                "value": {
                    "title": "Llamada",
                    "kind": "call",
                    "lines": [{"speaker": "you", "text": "Hola, soy voluntaria."}],
                },
            }
        ],
    )
    library.add_child(instance=page)
    page.save_revision().publish()
    return page


def _module_url(course, module):
    return f"{course.url}modules/{module.pk}/"


def _check_data(module, answers):
    return {KnowledgeCheckForm.field_name(key): value for key, value in answers.items()}


def test_library_lists_courses_and_materials_and_filters_them(client, course, material):
    html = client.get("/training/").content.decode()
    assert "Canvassing 101" in html and "Guion de llamadas" in html
    assert "2 trainings" in html
    # The Spanish script in the English library says which language it is in.
    assert re.search(r'<li class="card training-card" lang="es">', html)

    only_courses = client.get("/training/", {"format": "course"}).content.decode()
    assert "Canvassing 101" in only_courses and "Guion de llamadas" not in only_courses
    by_topic = client.get("/training/", {"topic": "phone_banking"}).content.decode()
    assert "Guion de llamadas" in by_topic and "Canvassing 101" not in by_topic
    by_language = client.get("/training/", {"language": "es"}).content.decode()
    assert "Guion de llamadas" in by_language and "Canvassing 101" not in by_language


def test_library_search_finds_words_in_modules(client, library):
    make_course(library, title="Phone banking basics", modules=[text_module("The dialer")])
    make_course(library, title="Canvassing 101", modules=[text_module("Walk lists")])
    html = client.get("/training/", {"q": "dialer"}).content.decode()
    assert "Phone banking basics" in html and "Canvassing 101" not in html
    assert "No trainings match" in client.get("/training/", {"q": "zzzz"}).content.decode()


def test_library_refuses_unknown_filters_with_a_message(client, course):
    response = client.get("/training/", {"topic": "<script>", "q": "x" * 201})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please check the form" in html and "Canvassing 101" in html


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_library_runs_the_same_queries_for_few_and_many_courses(
    client, library, django_assert_max_num_queries
):
    make_course(library, title="Course 0")
    client.get("/training/")
    few = _count_queries(client, "/training/")
    for number in range(1, 8):
        make_course(library, title=f"Course {number}")
    with django_assert_max_num_queries(25):
        client.get("/training/")
    assert _count_queries(client, "/training/") == few


def test_spanish_library_prefers_spanish_versions_and_keeps_untranslated_courses(
    client, library, course, spanish
):
    make_course(library, title="Phone banking basics", topic="phone_banking")
    spanish_course = course.copy_for_translation(spanish, copy_parents=True)
    spanish_course.title = "Tocar puertas 101"
    spanish_course.language = "es"
    spanish_course.save_revision().publish()
    html = client.get("/es/training/").content.decode()
    assert "Tocar puertas 101" in html
    assert "Canvassing 101" not in html
    # Not translated yet: still listed, marked as English.
    assert re.search(r'lang="en">.*?Phone banking basics', html, re.S)


def test_course_page_lists_its_upcoming_live_trainings_in_english_and_spanish(
    client, home_page, course, spanish
):
    index = event_index(home_page)
    training = dict(event_type=EventType.TRAINING, course=course)
    make_event(index, title="Live canvass training", **training)
    make_event(index, title="Last week's training", starts_in=timedelta(days=-7), **training)
    make_event(index, title="Phone bank training", event_type=EventType.TRAINING)
    spanish_course = course.copy_for_translation(spanish, copy_parents=True)
    spanish_course.title = "Tocar puertas 101"
    spanish_course.save_revision().publish()
    index.copy_for_translation(spanish).save_revision().publish()

    for page, listing in ((course, "/events/"), (spanish_course, "/es/events/")):
        html = client.get(page.url).content.decode()
        assert "Live canvass training" in html
        assert "Last week&#x27;s training" not in html and "Last week's training" not in html
        assert "Phone bank training" not in html
        assert f'href="{listing}?type=TRAINING"' in html


def test_course_page_invites_visitors_to_track_progress(client, course):
    html = client.get(course.url).content.decode()
    assert "Join or log in to keep track of your progress" in html
    assert "Completing this course makes you <strong>Canvass-ready</strong>" in html
    assert "<progress" not in html
    for module in modules_of(course):
        assert _module_url(course, module) in html


def test_course_page_shows_progress_to_a_learner(
    client, library, course, learner, canvass_ready, django_assert_max_num_queries
):
    reading, _check = modules_of(course)
    services.module_mark_done(user=learner, module=reading)
    client.force_login(learner)
    client.get(course.url)
    # 27: the course's locale is read once so its links stay in the reader's language (issue 14).
    with django_assert_max_num_queries(27):
        html = client.get(course.url).content.decode()
    few = _count_queries(client, course.url)
    # The same number of queries for a longer course with more progress.
    longer = make_course(
        library,
        title="Long",
        grants=canvass_ready,
        modules=[text_module(f"M{n}") for n in range(8)],
    )
    for module in modules_of(longer)[:5]:
        services.module_mark_done(user=learner, module=module)
    client.get(longer.url)
    assert _count_queries(client, longer.url) == few
    assert "5 of 8 modules done" in client.get(longer.url).content.decode()
    assert "1 of 2 modules done" in html
    assert re.search(
        r'<progress[^>]*max="2" value="1" aria-labelledby="course-progress-text"', html
    )
    assert f'href="{_module_url(course, modules_of(course)[1])}">Continue' in html


def test_module_page_shows_material_and_the_done_form(client, course, learner):
    reading, _check = modules_of(course)
    client.force_login(learner)
    html = client.get(_module_url(course, reading)).content.decode()
    assert "Why: the material." in html
    assert "Mark this module as done" in html
    assert "Module 1 of 2" in html


def test_marking_done_moves_on_to_the_next_module(client, course, learner):
    reading, check = modules_of(course)
    client.force_login(learner)
    response = client.post(f"{_module_url(course, reading)}done/")
    assert response.status_code == 302 and response.url == _module_url(course, check)
    html = client.get(response.url).content.decode()
    assert "“Why” is done." in html
    assert "1 of 2 modules done" in html
    assert ModuleProgress.objects.get(user=learner, module=reading).completed_at


def test_progress_posts_need_a_csrf_token(course, learner):
    reading, _check = modules_of(course)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert strict.post(f"{_module_url(course, reading)}done/").status_code == 403
    assert not ModuleProgress.objects.exists()


def test_anonymous_posts_are_sent_to_log_in(client, course):
    reading, _check = modules_of(course)
    response = client.post(f"{_module_url(course, reading)}done/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/code/?next=")
    assert client.get(f"{_module_url(course, reading)}done/").status_code == 405


def test_a_failed_check_marks_wrong_answers_without_giving_them_away(client, course, learner):
    _reading, check = modules_of(course)
    client.force_login(learner)
    response = client.post(
        f"{_module_url(course, check)}check/", _check_data(check, answers_for(check, right=1))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "You scored 50%. You need 80% to pass." in html
    assert "Not quite. Hint for question 2." in html
    assert html.count("Right.") == 1
    assert "question--wrong" in html
    # The right answer to the wrong question is not shown as right anywhere.
    second = check.check_questions()[1]
    assert f'value="{second["answers"][0]["id"]}" checked' not in html
    assert ModuleProgress.objects.get(user=learner, module=check).attempts == 1


def test_passing_the_last_check_completes_the_course(client, course, learner):
    reading, check = modules_of(course)
    services.module_mark_done(user=learner, module=reading)
    client.force_login(learner)
    response = client.post(
        f"{_module_url(course, check)}check/", _check_data(check, answers_for(check))
    )
    assert response.status_code == 302 and response.url == f"{course.url}#progress"
    html = client.get(course.url).content.decode()
    assert "Congratulations! You completed “Canvassing 101”. You are now Canvass-ready." in html
    assert "2 of 2 modules done" in html and "Completed on" in html
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()


def test_bad_check_submissions_get_a_message_and_change_nothing(client, library, course, learner):
    other = make_course(library, title="Phone banking", modules=[check_module("Calls")])
    (calls,) = modules_of(other)
    _reading, check = modules_of(course)
    client.force_login(learner)

    # A module of another course, posted to this course.
    response = client.post(
        f"{course.url}modules/{calls.pk}/check/", _check_data(calls, answers_for(calls))
    )
    assert response.status_code == 400
    assert "That module is not part of this course." in response.content.decode()

    # Answers that do not exist.
    bogus = {KnowledgeCheckForm.field_name(q["id"]): "nope" for q in check.check_questions()}
    response = client.post(f"{_module_url(course, check)}check/", bogus)
    assert response.status_code == 400
    assert "That answer is not one of the choices" in response.content.decode()

    # Nothing at all.
    response = client.post(f"{_module_url(course, check)}check/", {})
    assert response.status_code == 400 and "Choose an answer." in response.content.decode()

    # A module that does not exist.
    assert client.post(f"{course.url}modules/999999/check/", {}).status_code == 404
    assert not ModuleProgress.objects.exists()


def test_replaying_a_passed_check_is_refused(client, course, learner):
    _reading, check = modules_of(course)
    client.force_login(learner)
    data = _check_data(check, answers_for(check))
    assert client.post(f"{_module_url(course, check)}check/", data).status_code == 302
    response = client.post(
        f"{_module_url(course, check)}check/", _check_data(check, answers_for(check, right=0))
    )
    assert response.status_code == 400
    assert "You already passed this check" in response.content.decode()
    assert ModuleProgress.objects.get(module=check).score == 100


def test_module_page_renders_a_link_and_transcript_when_the_video_site_is_unreachable(
    client, library, settings
):
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {
                    "endpoint": "http://127.0.0.1:9/oembed",
                    "urls": [r"^https://www\.youtube\.com/watch.+$"],
                }
            ],
        }
    ]
    course = make_course(
        library,
        title="Video course",
        modules=[
            {
                "title": "Watch",
                "estimated_minutes": 5,
                "body": [
                    {
                        "type": "video",
                        "value": {
                            "title": "A canvass in four minutes",
                            "video": VIDEO,
                            "duration_minutes": 4,
                            "transcript": "She knocks, steps back and smiles.",
                        },
                    }
                ],
            }
        ],
    )
    (watch,) = modules_of(course)
    response = client.get(_module_url(course, watch))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{VIDEO}"' in html and "Watch “A canvass in four minutes”" in html
    assert "She knocks, steps back and smiles." in html
    assert "<iframe" not in html
    # The failure is remembered for a while, so the next views do not wait on the network.
    assert video_html(VIDEO) == ""

    Embed.objects.create(
        url=VIDEO,
        max_width=None,
        hash=__import__("wagtail.embeds.embeds", fromlist=["get_embed_hash"]).get_embed_hash(VIDEO),
        type="video",
        html='<iframe title="A canvass in four minutes" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
    )
    from django.core.cache import cache

    cache.clear()
    html = client.get(_module_url(course, watch)).content.decode()
    assert "youtube-nocookie.com/embed/x" in html
    assert "She knocks, steps back and smiles." in html


def test_me_shows_training_progress_completions_and_qualifications(
    client, library, course, learner, django_assert_max_num_queries
):
    other = make_course(
        library,
        title="Phone banking",
        modules=[text_module("A"), text_module("B"), text_module("C")],
    )
    services.module_mark_done(user=learner, module=modules_of(other)[0])
    reading, check = modules_of(course)
    services.module_mark_done(user=learner, module=reading)
    services.module_check_submit(user=learner, module=check, answers=answers_for(check))
    client.force_login(learner)
    client.get("/me/")
    with django_assert_max_num_queries(40):
        html = client.get("/me/").content.decode()
    assert "Your training" in html
    assert "1 of 3 modules done" in html
    assert re.search(r"Canvassing 101</a> · completed", html)
    assert "Canvass-ready</strong> · valid until" in html


def test_me_invites_a_new_volunteer_to_start(client, library, learner):
    client.force_login(learner)
    html = client.get("/me/").content.decode()
    assert "You have not started a course yet." in html
    assert 'href="/training/">Browse trainings' in html


def test_home_page_features_courses(client, library, course):
    make_course(library, title="Phone banking basics", is_featured=True)
    html = client.get("/").content.decode()
    section = html.split('id="featured-trainings-heading"')[1]
    assert section.index("Phone banking basics") < section.index("Canvassing 101")
    assert "2 modules · about 20 minutes" in section


def test_organizers_can_preview_a_course_with_unsaved_modules(course):
    from training.models import CourseModule

    draft = course.get_latest_revision_as_object()
    draft.modules.add(CourseModule(**text_module("Coming soon")))
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert "Coming soon" in response.content.decode()
