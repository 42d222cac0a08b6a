"""Every write about training: module progress, knowledge checks, completions, qualifications."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.audit import audit_log
from portal.tasks import enqueue_on_commit
from training.models import (
    CourseCompletion,
    CourseModule,
    CoursePage,
    ModuleProgress,
    Qualification,
    QualificationGrant,
)

logger = logging.getLogger(__name__)

# Qualifications given or taken back by hand, in the audit trail (labels in wagtail_hooks.py).
QUALIFICATION_GRANT = "training.qualification_grant"
QUALIFICATION_REVOKE = "training.qualification_revoke"


class TrainingError(Exception):
    """Bad input for a training write, as a message for the person; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class CheckResult:
    score: int
    passed: bool
    pass_mark: int
    wrong_question_ids: list[str] = field(default_factory=list)
    progress: ModuleProgress | None = None
    completion: CourseCompletion | None = None


def _require_learner(*, user, module: CourseModule, course: CoursePage | None) -> CoursePage:
    if user is None or not user.is_authenticated:
        raise TrainingError(_("Log in to keep track of your progress."))
    if course is not None and module.course_id != course.pk:
        raise TrainingError(_("That module is not part of this course."))
    course = course or module.course
    if not course.live:
        raise TrainingError(_("This course is not published."))
    from training.selectors import missing_prerequisites

    missing = missing_prerequisites(user=user, course=course)
    if missing:
        raise TrainingError(
            _("Finish %(courses)s first.")
            % {"courses": ", ".join(f"“{page.title}”" for page in missing)}
        )
    return course


def _locked_progress(*, user, module: CourseModule) -> ModuleProgress:
    """The person's progress row for the module, created if new, locked for this transaction."""
    progress = ModuleProgress.objects.select_for_update().filter(user=user, module=module).first()
    if progress is None:
        try:
            with transaction.atomic():
                ModuleProgress.objects.create(user=user, module=module)
        except IntegrityError:
            pass  # Created by a concurrent request: lock theirs.
        progress = ModuleProgress.objects.select_for_update().get(user=user, module=module)
    return progress


def module_mark_done(
    *, user, module: CourseModule, course: CoursePage | None = None
) -> tuple[ModuleProgress, CourseCompletion | None]:
    """Mark a module without a knowledge check as done. Marking it again changes nothing."""
    course = _require_learner(user=user, module=module, course=course)
    if module.knowledge_check is not None:
        raise TrainingError(_("Pass this module's check to finish it."))
    with transaction.atomic():
        progress = _locked_progress(user=user, module=module)
        if progress.completed_at is None:
            progress.completed_at = timezone.now()
            progress.save(update_fields=["completed_at"])
        completion = course_complete_if_done(user=user, course=course)
    return progress, completion


def _validated_answers(module: CourseModule, answers: dict[str, str]) -> list[dict]:
    questions = module.check_questions()
    known = {question["id"] for question in questions}
    unknown = [key for key in answers if key not in known]
    if unknown:
        raise TrainingError(_("Those answers are for questions that are not in this check."))
    for question in questions:
        chosen = answers.get(question["id"])
        if not chosen:
            raise TrainingError(_("Answer every question, then check your answers."))
        if chosen not in {answer["id"] for answer in question["answers"]}:
            raise TrainingError(_("One of those answers is not a choice in this check."))
    return questions


def module_check_submit(
    *, user, module: CourseModule, answers: dict[str, str], course: CoursePage | None = None
) -> CheckResult:
    """Score a knowledge check: question id → chosen answer id.

    The module is done when the score reaches the course's pass mark. Bad input (a module
    outside the course, unknown questions or answers, missing answers, a check already passed)
    raises TrainingError and records nothing.
    """
    course = _require_learner(user=user, module=module, course=course)
    if module.knowledge_check is None:
        raise TrainingError(_("This module has no check to answer."))
    questions = _validated_answers(module, answers)
    wrong = [
        question["id"]
        for question in questions
        if not next(a["correct"] for a in question["answers"] if a["id"] == answers[question["id"]])
    ]
    score = round(100 * (len(questions) - len(wrong)) / len(questions))
    passed = score >= course.pass_mark
    with transaction.atomic():
        progress = _locked_progress(user=user, module=module)
        if progress.completed_at is not None:
            raise TrainingError(
                _("You already passed this check on %(date)s. Nothing was changed.")
                % {"date": date_format(timezone.localtime(progress.completed_at), "DATE_FORMAT")}
            )
        progress.attempts += 1
        progress.score = score
        if passed:
            progress.completed_at = timezone.now()
        progress.save(update_fields=["attempts", "score", "completed_at"])
        completion = course_complete_if_done(user=user, course=course) if passed else None
    return CheckResult(
        score=score,
        passed=passed,
        pass_mark=course.pass_mark,
        wrong_question_ids=wrong,
        progress=progress,
        completion=completion,
    )


def course_complete_if_done(*, user, course: CoursePage) -> CourseCompletion | None:
    """Record the completion once every module is done; grant the course's qualification and
    congratulate the person after commit. Returns the completion only when it is new."""
    from training import tasks

    module_ids = set(course.modules.values_list("pk", flat=True))
    if not module_ids:
        return None
    done = set(
        ModuleProgress.objects.filter(
            user=user, module_id__in=module_ids, completed_at__isnull=False
        ).values_list("module_id", flat=True)
    )
    if done != module_ids:
        return None
    with transaction.atomic():
        if CourseCompletion.objects.filter(user=user, course=course).exists():
            return None
        try:
            with transaction.atomic():
                completion = CourseCompletion.objects.create(user=user, course=course)
        except IntegrityError:
            return None
        if course.grants_qualification_id:
            qualification_grant(
                user=user,
                qualification=course.grants_qualification,
                course=course,
                granted_at=completion.completed_at,
            )
        enqueue_on_commit(tasks.send_course_congratulation, completion.pk)
    logger.info("User %s completed course %s", user.pk, course.pk)
    return completion


def qualification_grant(
    *,
    user,
    qualification: Qualification,
    granted_by=None,
    course: CoursePage | None = None,
    granted_at: datetime | None = None,
    note: str = "",
) -> QualificationGrant:
    """Give someone a qualification, from a course or by hand (e.g. trained in person).

    It expires after the qualification's validity, counted from `granted_at`.
    """
    if user is None or not getattr(user, "pk", None):
        raise TrainingError(_("Choose the volunteer who holds it."))
    granted_at = granted_at or timezone.now()
    with transaction.atomic():
        grant = QualificationGrant.objects.create(
            user=user,
            qualification=qualification,
            granted_at=granted_at,
            expires_at=qualification.expiry_from(granted_at),
            course=course,
            granted_by=granted_by,
            note=(note or "")[:300],
        )
        if granted_by is not None:
            # By hand; grants from finishing a course are no one's action and are not logged.
            audit_log(
                instance=grant,
                action=QUALIFICATION_GRANT,
                user=granted_by,
                data={"person_id": user.pk, "qualification_id": qualification.pk},
            )
    logger.info(
        "Qualification %s granted to user %s (course %s, by %s)",
        qualification.pk,
        user.pk,
        getattr(course, "pk", None),
        getattr(granted_by, "pk", None),
    )
    return grant


def qualification_grant_remove(*, grant: QualificationGrant, by=None) -> None:
    """Take back a grant made in error (or revoke one); the person's other grants stay."""
    with transaction.atomic():
        audit_log(
            instance=grant,
            action=QUALIFICATION_REVOKE,
            user=by,
            data={"person_id": grant.user_id, "qualification_id": grant.qualification_id},
            deleted=True,
        )
        QualificationGrant.objects.filter(pk=grant.pk).delete()
    logger.info(
        "Qualification grant %s (%s for user %s) removed by %s",
        grant.pk,
        grant.qualification_id,
        grant.user_id,
        getattr(by, "pk", None),
    )


def completion_send_congratulation(*, completion_id: int) -> bool:
    """Email the small congratulation once: the claim is recorded before sending, so a retried
    or duplicated task never sends it twice. True when this call sent it."""
    from training import emails

    now = timezone.now()
    claimed = CourseCompletion.objects.filter(
        pk=completion_id, email_claimed_at__isnull=True
    ).update(email_claimed_at=now)
    if not claimed:
        return False
    completion = (
        CourseCompletion.objects.select_related(
            "user", "course__grants_qualification", "course__locale"
        )
        .filter(pk=completion_id)
        .first()
    )
    if completion is None or not completion.user.email:
        return False
    emails.send_course_congratulation(completion=completion)
    CourseCompletion.objects.filter(pk=completion_id).update(email_sent_at=timezone.now())
    return True
