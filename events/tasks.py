"""Thin Celery tasks: they take ids, load rows, and call a service that is safe to run twice."""

from celery import shared_task

from events import services


@shared_task(name="events.send_rsvp_confirmation", acks_late=True)
def send_rsvp_confirmation(rsvp_ids: list[int]) -> bool:
    return services.rsvp_send_confirmation(rsvp_ids=list(rsvp_ids))


@shared_task(name="events.send_already_signed_up", acks_late=True)
def send_already_signed_up(rsvp_ids: list[int], key: str) -> bool:
    return services.rsvp_send_already_signed_up(rsvp_ids=list(rsvp_ids), key=key)


@shared_task(name="events.send_notice", acks_late=True)
def send_notice(rsvp_id: int, kind: str, key: str = "") -> bool:
    return services.notice_send(rsvp_id=rsvp_id, kind=kind, key=key)


@shared_task(name="events.resend_notices", acks_late=True)
def resend_notices(notice_ids: list[int]) -> int:
    # An organizer's deliberate resend of emails whose outcome was unknown.
    return services.notices_send_again(notice_ids=list(notice_ids))


@shared_task(name="events.send_due_reminders")
def send_due_reminders() -> int:
    # The same beat entry also retries notices whose first send was lost.
    return services.reminders_send_due() + services.notices_resend_lost()


@shared_task(name="events.after_publish", acks_late=True)
def after_publish(event_id: int) -> dict:
    return services.event_after_publish(event_id=event_id)


@shared_task(name="events.notify_host_approved", acks_late=True)
def notify_host_approved(event_id: int) -> bool:
    return services.hosted_event_notify_approved(event_id=event_id)


@shared_task(name="events.send_walk_in_confirmation", acks_late=True)
def send_walk_in_confirmation(walk_in_id: int) -> bool:
    from events.desk.services import walk_in_send_confirmation

    return walk_in_send_confirmation(walk_in_id=walk_in_id)
