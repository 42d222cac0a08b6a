"""Thin Celery tasks over the mentoring services.

Their registered names keep the `recruitment.` prefix they had before mentoring became its own
app: queued messages and django-celery-beat rows (migration recruitment 0007) store them."""

from celery import shared_task

from recruitment.mentoring import services


@shared_task(name="recruitment.send_mentoring_notice", acks_late=True)
def send_mentoring_notice(pair_id: int, kind: str, key: str = "") -> int:
    # Idempotent: each email is claimed in the mentoring ledger before it is sent.
    return services.mentoring_notice_send(pair_id=pair_id, kind=kind, key=key)


@shared_task(name="recruitment.mentoring_send_due")
def mentoring_send_due() -> int:
    # The same hourly beat entry also retries mentoring emails whose first send was lost.
    return services.mentoring_send_due() + services.mentoring_notices_resend_lost()
