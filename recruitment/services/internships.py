"""Internship applications and their pipeline."""

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from portal.audit import audit_log
from portal.i18n import in_language, source_of
from portal.mail import email_build
from portal.tasks import enqueue_on_commit
from recruitment.models import InternshipApplication, InternshipPage

# A pipeline move in the audit trail (label in recruitment/wagtail_hooks.py).
APPLICATION_MOVE = "recruitment.application_status"

logger = logging.getLogger(__name__)


def application_submit(
    *, page: InternshipPage, data: dict[str, Any], resume
) -> InternshipApplication:
    with transaction.atomic():
        application = InternshipApplication(
            # One pipeline per internship: an application made on a translation joins the
            # source page's.
            page=source_of(page),
            given_name=data["given_name"],
            family_name=data.get("family_name", ""),
            email=data["email"],
            phone=data.get("phone") or "",
            availability=data["availability"],
            statement=data["statement"],
            language=(translation.get_language() or settings.LANGUAGE_CODE)[:8],
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
            "role": in_language(application.page, application.language).role,
            "status": application.status,
            "status_label": application.get_status_display(),
            # Declined after an offer may be the applicant's own choice: the email must not
            # read as a rejection.
            "after_offer": application.status == InternshipApplication.Status.DECLINED
            and application.status_emailed == InternshipApplication.Status.OFFERED,
        }
        email_build(
            template="emails/internship_status",
            context=context,
            to=[application.email],
            language=application.language or settings.LANGUAGE_CODE,
        ).send()
        application.status_emailed = application.status
        application.save(update_fields=["status_emailed"])
    return True


def applications_erase(*, email: str) -> int:
    """Strip every internship application sent from `email` of its personal details and delete
    its résumé; the anonymous row stays so the pipeline's counts hold.

    Runs inside the caller's transaction (account erasure); the files go only after it commits,
    so a rolled-back erasure never loses a résumé. Returns how many applications were erased.
    """
    with transaction.atomic():
        applications = list(
            InternshipApplication.objects.select_for_update().filter(email__iexact=email)
        )
        resume_names = [application.resume.name for application in applications]
        for application in applications:
            application.given_name = ""
            application.family_name = ""
            application.email = ""
            application.phone = ""
            application.availability = ""
            application.statement = ""
            application.resume = ""
            application.save()
        storage = InternshipApplication._meta.get_field("resume").storage

        def delete_files():
            for name in filter(None, resume_names):
                try:
                    storage.delete(name)
                except Exception:
                    # The account is erased either way; an orphaned file is found by name.
                    logger.exception("Could not delete résumé %s", name)

        transaction.on_commit(delete_files)
    return len(applications)
