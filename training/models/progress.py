"""Progress: which modules a volunteer has done, and the courses they completed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModuleProgress(models.Model):
    """One person's progress on one module: a passed check or a "done" mark, and attempts."""

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        "training.CourseModule", on_delete=models.CASCADE, related_name="progress"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The latest knowledge-check score in percent; empty for modules without a check.
    score = models.PositiveSmallIntegerField(_("check score (%)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("check attempts"), default=0)

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="progress_once_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.module}"

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class CourseCompletion(models.Model):
    """A person finished every module of a course. Newsletters and insights read this table."""

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now, db_index=True)
    # The congratulation email: claimed (recorded) before sending, marked once sent, so a retried
    # task never sends it twice.
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        ordering = ["-completed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="completion_once_per_course")
        ]
        permissions = [
            (
                "view_training_reports",
                _("Can see course statistics and download completions"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"
