from celery import shared_task

from recruitment import services


@shared_task(name="recruitment.send_signup_confirmation", acks_late=True)
def send_signup_confirmation(signup_id: int) -> bool:
    # Idempotent: the service sends only while the sign-up has no confirmation_sent_at.
    return services.signup_send_confirmation(signup_id=signup_id)


@shared_task(name="recruitment.send_application_status_email")
def send_application_status_email(application_id: int) -> bool:
    return services.application_send_status_email(application_id=application_id)


@shared_task(name="recruitment.send_mentoring_notice", acks_late=True)
def send_mentoring_notice(pair_id: int, kind: str, key: str = "") -> int:
    # Idempotent: each email is claimed in the mentoring ledger before it is sent.
    from recruitment.services import mentoring

    return mentoring.mentoring_notice_send(pair_id=pair_id, kind=kind, key=key)


@shared_task(name="recruitment.mentoring_send_due")
def mentoring_send_due() -> int:
    # The same hourly beat entry also retries mentoring emails whose first send was lost.
    from recruitment.services import mentoring

    return mentoring.mentoring_send_due() + mentoring.mentoring_notices_resend_lost()
