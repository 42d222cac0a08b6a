from celery import shared_task

from recruitment import services


@shared_task(name="recruitment.send_signup_confirmation", acks_late=True)
def send_signup_confirmation(signup_id: int) -> bool:
    # Idempotent: the service sends only while the sign-up has no confirmation_sent_at.
    return services.signup_send_confirmation(signup_id=signup_id)


@shared_task(name="recruitment.send_application_status_email")
def send_application_status_email(application_id: int) -> bool:
    return services.application_send_status_email(application_id=application_id)
