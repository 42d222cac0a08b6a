"""The congratulation email, in the language the course was taken in."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.links import absolute_url
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
            "grant": grant,
            "course_url": course.get_full_url() or absolute_url(course.url or "/"),
            "me_url": absolute_url(reverse("dashboard:home")),
        }
        subject = render_to_string("emails/training/course_completed_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("emails/training/course_completed.txt", context),
            to=[completion.user.email],
        )
        message.attach_alternative(
            render_to_string("emails/training/course_completed.html", context), "text/html"
        )
    message.send()
