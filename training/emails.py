"""The congratulation email, in the language the course was taken in."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.links import absolute_url
from portal.mail import email_build
from training.models import CourseCompletion


def send_course_congratulation(*, completion: CourseCompletion) -> None:
    course = completion.course
    language = course.locale.language_code if course.locale_id else settings.LANGUAGE_CODE
    with translation.override(language):
        grant = None
        if course.grants_qualification_id:
            grant = (
                completion.user.qualification_grants.filter(
                    qualification_id=course.grants_qualification_id, course=course
                )
                .order_by("-granted_at")
                .first()
            )
        context = {
            "name": completion.user.get_short_name(),
            "course": course,
            "completion": completion,
            "qualification": course.grants_qualification,
            # The qualification's own Spanish name when the course was taken in Spanish.
            "qualification_name": (
                course.grants_qualification.in_language("name", language)[0]
                if course.grants_qualification_id
                else ""
            ),
            "grant": grant,
            "course_url": course.get_full_url() or absolute_url(course.url or "/"),
            "me_url": absolute_url(reverse("dashboard:home")),
        }
        message = email_build(
            template="emails/training/course_completed",
            context=context,
            to=[completion.user.email],
            language=language,
        )
    message.send()
