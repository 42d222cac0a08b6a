"""Internship applications and their pipeline."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from portal.audit import audit_log
from portal.mail import email_build
from portal.tasks import enqueue_on_commit
from recruitment.models import InternshipApplication, InternshipPage

# A pipeline move in the audit trail (label in recruitment/wagtail_hooks.py).
APPLICATION_MOVE = "recruitment.application_status"


def application_submit(
    *, page: InternshipPage, data: dict[str, Any], resume
) -> InternshipApplication:
    with transaction.atomic():
        application = InternshipApplication(
            page=page,
            given_name=data["given_name"],
            family_name=data.get("family_name", ""),
            email=data["email"],
            phone=data.get("phone") or "",
            availability=data["availability"],
            statement=data["statement"],
        )
        application.resume.save("resume.pdf", resume, save=False)
        application.save()
        application_pk = application.pk
        _email_status_after_commit(application_pk)
    return application


def _email_status_after_commit(application_id: int) -> None:
    from recruitment import tasks

    enqueue_on_commit(tasks.send_application_status_email, application_id)


def application_set_status(
    *, application: InternshipApplication, status: str, by=None
) -> InternshipApplication:
    """Move an application along the pipeline and tell the applicant, after commit."""
    with transaction.atomic():
        application = InternshipApplication.objects.select_for_update().get(pk=application.pk)
        if status not in application.next_statuses():
            raise ValueError(f"An application cannot go from {application.status} to {status}.")
        previous = application.status
        application.status = status
        application.status_changed_at = timezone.now()
        application.save(update_fields=["status", "status_changed_at"])
        audit_log(
            instance=application,
            action=APPLICATION_MOVE,
            user=by,
            data={"from": previous, "to": status},
        )
        application_pk = application.pk
        _email_status_after_commit(application_pk)
    return application


def application_send_status_email(*, application_id: int) -> bool:
    """Tell the applicant where their application stands, once per status."""
    with transaction.atomic():
        application = (
            InternshipApplication.objects.select_for_update(of=("self",))
            .select_related("page")
            .filter(pk=application_id)
            .first()
        )
        if application is None or application.status_emailed == application.status:
            return False
        context = {
            "name": application.given_name,
            "role": application.page.role,
            "status": application.status,
            "status_label": application.get_status_display(),
            # Declined after an offer may be the applicant's own choice: the email must not
            # read as a rejection.
            "after_offer": application.status == InternshipApplication.Status.DECLINED
            and application.status_emailed == InternshipApplication.Status.OFFERED,
        }
        # Applications do not record a language: the email follows the one active here.
        email_build(
            template="emails/internship_status",
            context=context,
            to=[application.email],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        ).send()
        application.status_emailed = application.status
        application.save(update_fields=["status_emailed"])
    return True
