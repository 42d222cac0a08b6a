"""Progress, checks, completion and the congratulation email."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from tests.factories.events import event_index
from tests.factories.training import answers_for, check_module, make_course, modules_of, text_module
from training import selectors, services
from training.models import CourseCompletion, ModuleProgress, QualificationGrant


@pytest.fixture
def finish(django_capture_on_commit_callbacks):
    """Complete every module of a course for a user, running after-commit work (the email)."""

    def _finish(user, course):
        with django_capture_on_commit_callbacks(execute=True):
            for module in modules_of(course):
                if module.knowledge_check is None:
                    services.module_mark_done(user=user, module=module, course=course)
                else:
                    services.module_check_submit(
                        user=user, module=module, answers=answers_for(module), course=course
                    )
        return CourseCompletion.objects.filter(user=user, course=course).first()

    return _finish


def test_congratulation_links_the_events_listing_in_the_courses_language(
    home_page, course, learner, spanish, finish, settings
):
    index = event_index(home_page)
    index.copy_for_translation(spanish, copy_parents=True).save_revision().publish()
    spanish_course = course.copy_for_translation(spanish, copy_parents=True)
    spanish_course.save_revision().publish()
    spanish_course.refresh_from_db()
    mail.outbox.clear()
    finish(learner, course)
    finish(learner, spanish_course)
    english, spanish_mail = mail.outbox
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f"{base}/events/" in english.body
    assert f'href="{base}/events/"' in english.alternatives[0][0]
    assert f"{base}/es/events/" in spanish_mail.body


def test_marking_a_module_done_twice_keeps_the_first_date(course, learner):
    reading, _check = modules_of(course)
    first, _completion = services.module_mark_done(user=learner, module=reading)
    again, _completion = services.module_mark_done(user=learner, module=reading)
    assert first.completed_at == again.completed_at
    assert ModuleProgress.objects.filter(user=learner).count() == 1
    progress = selectors.course_progress_for(user=learner, course=course)
    assert (progress.done, progress.total, progress.percent) == (1, 2, 50)
    assert progress.next_module.module.title == "Script"


def test_a_module_with_a_check_cannot_just_be_marked_done(course, learner):
    _reading, check = modules_of(course)
    with pytest.raises(services.TrainingError, match="Pass this module's check"):
        services.module_mark_done(user=learner, module=check)
    assert not ModuleProgress.objects.exists()


def test_failing_a_check_records_the_attempt_and_names_wrong_questions(course, learner):
    _reading, check = modules_of(course)
    answers = answers_for(check, right=1)
    result = services.module_check_submit(user=learner, module=check, answers=answers)
    assert (result.score, result.passed, result.pass_mark) == (50, False, 80)
    wrong_id = check.check_questions()[1]["id"]
    assert result.wrong_question_ids == [wrong_id]
    progress = ModuleProgress.objects.get(user=learner, module=check)
    assert (progress.attempts, progress.score, progress.completed_at) == (1, 50, None)


def test_the_pass_mark_is_set_per_course(library, learner):
    lenient = make_course(
        library, title="Lenient", modules=[check_module("Quiz", questions=4)], pass_mark=75
    )
    (quiz,) = modules_of(lenient)
    result = services.module_check_submit(
        user=learner, module=quiz, answers=answers_for(quiz, right=3)
    )
    assert result.passed and result.score == 75


def test_passing_every_module_completes_the_course_grants_and_emails_once(
    course, learner, canvass_ready, finish, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    before = timezone.now()
    completion = finish(learner, course)
    assert completion is not None and completion.completed_at >= before
    grant = QualificationGrant.objects.get(user=learner, qualification=canvass_ready)
    assert grant.course_id == course.pk
    assert grant.expires_at.year == grant.granted_at.year + 1
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert "Canvassing 101" in message.subject
    assert "Canvass-ready" in message.body
    assert message.alternatives and "Canvass-ready" in message.alternatives[0][0]
    completion.refresh_from_db()
    assert completion.email_sent_at is not None

    # A retried task (or a second worker) finds the email already recorded and sends nothing.
    assert services.completion_send_congratulation(completion_id=completion.pk) is False
    assert len(mail.outbox) == 1


def test_replaying_a_passed_check_is_refused_and_changes_nothing(course, learner, finish):
    finish(learner, course)
    _reading, check = modules_of(course)
    before = ModuleProgress.objects.get(user=learner, module=check)
    with pytest.raises(services.TrainingError, match="already passed"):
        services.module_check_submit(
            user=learner, module=check, answers=answers_for(check, right=0)
        )
    after = ModuleProgress.objects.get(user=learner, module=check)
    assert (after.score, after.attempts, after.completed_at) == (
        before.score,
        before.attempts,
        before.completed_at,
    )
    assert CourseCompletion.objects.filter(user=learner).count() == 1


def test_answers_that_do_not_exist_are_refused_and_nothing_is_recorded(course, learner):
    _reading, check = modules_of(course)
    questions = check.check_questions()
    bad_answer = {questions[0]["id"]: "not-an-answer", questions[1]["id"]: "also-not"}
    with pytest.raises(services.TrainingError, match="not a choice"):
        services.module_check_submit(user=learner, module=check, answers=bad_answer)
    unknown_question = {**answers_for(check), "made-up-question": questions[0]["answers"][0]["id"]}
    with pytest.raises(services.TrainingError, match="not in this check"):
        services.module_check_submit(user=learner, module=check, answers=unknown_question)
    with pytest.raises(services.TrainingError, match="Answer every question"):
        services.module_check_submit(
            user=learner,
            module=check,
            answers={questions[0]["id"]: questions[0]["answers"][0]["id"]},
        )
    assert not ModuleProgress.objects.exists()


def test_a_check_for_a_module_of_another_course_is_refused(library, course, learner):
    other = make_course(library, title="Phone banking", modules=[check_module("Calls")])
    (calls,) = modules_of(other)
    with pytest.raises(services.TrainingError, match="not part of this course"):
        services.module_check_submit(
            user=learner, module=calls, answers=answers_for(calls), course=course
        )
    with pytest.raises(services.TrainingError, match="not part of this course"):
        services.module_mark_done(user=learner, module=modules_of(course)[0], course=other)
    assert not ModuleProgress.objects.exists()


def test_anonymous_visitors_cannot_record_progress(course):
    reading, _check = modules_of(course)
    with pytest.raises(services.TrainingError, match="Log in"):
        services.module_mark_done(user=AnonymousUser(), module=reading)


def test_prerequisites_must_be_completed_first_in_any_language(
    library, course, learner, finish, spanish
):
    advanced = make_course(
        library,
        title="Registering voters",
        modules=[text_module("Rules")],
        prerequisites=[course],
    )
    (rules,) = modules_of(advanced)
    with pytest.raises(services.TrainingError, match="Finish “Canvassing 101” first"):
        services.module_mark_done(user=learner, module=rules)

    # The Spanish version of the prerequisite counts as well.
    spanish_course = course.copy_for_translation(spanish, copy_parents=True)
    spanish_course.save_revision().publish()
    spanish_course.refresh_from_db()
    assert spanish_course.locale == spanish
    finish(learner, spanish_course)
    services.module_mark_done(user=learner, module=rules)
    assert selectors.course_progress_for(user=learner, course=advanced).is_complete


def test_course_without_qualification_completes_without_a_grant(library, learner, finish):
    plain = make_course(library, title="Tools", modules=[text_module("Dialer")])
    assert finish(learner, plain) is not None
    assert not QualificationGrant.objects.exists()


def test_a_module_added_later_leaves_the_completion_standing(course, learner, finish):
    completion = finish(learner, course)
    from training.models import CourseModule

    course.modules.add(CourseModule(**text_module("New safety rules")))
    course.save_revision().publish()
    progress = selectors.course_progress_for(user=learner, course=course)
    assert progress.is_complete and progress.completed_at == completion.completed_at
    assert (progress.done, progress.total) == (2, 3)


def test_summary_for_me_lists_progress_completions_and_qualifications(
    library, course, learner, finish
):
    other = make_course(
        library, title="Phone banking", modules=[text_module("A"), text_module("B")]
    )
    services.module_mark_done(user=learner, module=modules_of(other)[0])
    finish(learner, course)
    summary = selectors.training_summary_for(user=learner)
    assert [
        (item["course"].title, item["done"], item["total"]) for item in summary["in_progress"]
    ] == [("Phone banking", 1, 2)]
    assert [completion.course.title for completion in summary["completed"]] == ["Canvassing 101"]
    (grant,) = summary["qualifications"]
    assert grant.qualification.name == "Canvass-ready"
    assert grant.expires_at > timezone.now() + timedelta(days=360)


def test_personal_data_lists_progress_completions_and_qualifications(course, learner, finish):
    finish(learner, course)
    data = selectors.training_personal_data(user=learner)
    assert [row["module"] for row in data["module_progress"]] == ["Why", "Script"]
    assert data["module_progress"][1]["check_score"] == 100
    assert data["completed_courses"][0]["course"] == "Canvassing 101"
    assert data["qualifications"][0]["qualification"] == "Canvass-ready"
    assert data["qualifications"][0]["from_course"] == "Canvassing 101"
