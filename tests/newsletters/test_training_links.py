"""Newsletters meet training: a featured course, an audience of people who finished a course, and
the first-course milestone."""

import pytest
from django.core import mail

from portal.newsletters.audiences import audience_volunteers
from portal.newsletters.milestones import milestones_award
from portal.newsletters.models import Milestone
from portal.newsletters.rendering import render_newsletter
from tests.factories.newsletters import newsletter, subscriber
from tests.factories.training import make_course, training_index
from training.models import CourseCompletion

pytestmark = pytest.mark.django_db


def _audience(page) -> set[int]:
    return set(audience_volunteers(newsletter=page).values_list("pk", flat=True))


def test_a_featured_course_appears_in_the_email_the_text_part_and_the_browser(client, home_page):
    course = make_course(training_index(home_page), title="Canvassing 101")
    page = newsletter(
        home_page,
        body=[
            {
                "type": "featured_training",
                "value": {"training": course.pk, "note": "Take it before Saturday."},
            }
        ],
    )

    rendered = render_newsletter(newsletter=page)

    assert "Canvassing 101" in rendered.html and course.url in rendered.html
    assert "Take it before Saturday." in rendered.html
    assert "CANVASSING 101" in rendered.text and course.url in rendered.text
    web = client.get(page.url).content.decode()
    assert "Canvassing 101" in web and "Take it before Saturday." in web


def test_an_unpublished_featured_course_leaves_no_trace(home_page):
    course = make_course(training_index(home_page), title="Draft course")
    page = newsletter(
        home_page, body=[{"type": "featured_training", "value": {"training": course.pk}}]
    )
    course.delete()

    rendered = render_newsletter(newsletter=page)

    assert "Draft course" not in rendered.html and "DRAFT COURSE" not in rendered.text


def test_course_audience_takes_people_who_finished_it_in_either_language(home_page, spanish):
    index = training_index(home_page)
    course = make_course(index, title="Canvassing 101")
    other_course = make_course(index, title="Phone banking basics")
    spanish_course = course.copy_for_translation(spanish, copy_parents=True)
    finished, finished_in_spanish, finished_other, nothing = (subscriber() for _ in range(4))
    CourseCompletion.objects.create(user=finished.user, course=course)
    CourseCompletion.objects.create(user=finished_in_spanish.user, course=spanish_course)
    CourseCompletion.objects.create(user=finished_other.user, course=other_course)
    unconsented = subscriber(email_consent=False)
    CourseCompletion.objects.create(user=unconsented.user, course=course)

    page = newsletter(home_page, audience_completed_course=course)

    assert _audience(page) == {finished.pk, finished_in_spanish.pk}
    assert nothing.pk not in _audience(page)


def test_a_first_finished_course_earns_one_badge_and_one_email(home_page, run_on_commit):
    index = training_index(home_page)
    learner = subscriber()
    CourseCompletion.objects.create(user=learner.user, course=make_course(index, title="One"))

    created = run_on_commit(milestones_award)

    assert [(m.user_id, m.kind) for m in created] == [(learner.user.pk, "first_course")]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.user.email]

    # A second course is not a second "first course".
    CourseCompletion.objects.create(user=learner.user, course=make_course(index, title="Two"))
    assert run_on_commit(milestones_award) == []
    assert Milestone.objects.filter(user=learner.user).count() == 1
    assert len(mail.outbox) == 1
