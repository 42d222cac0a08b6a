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


@shared_task(name="events.send_event_message", acks_late=True)
def send_event_message(message_id: int) -> int:
    from events import messaging

    return messaging.event_message_deliver(message_id=message_id)


@shared_task(name="events.send_followup", acks_late=True)
def send_followup(rsvp_id: int, kind: str) -> bool:
    from events import followup

    return followup.followup_send(rsvp_id=rsvp_id, kind=kind)


@shared_task(name="events.around_events")
def around_events() -> dict:
    """Every few minutes: follow-ups due after shifts, expired promotion offers passed on, and
    lost event messages and follow-ups sent again."""
    from events import followup, messaging, waitlist

    return {
        "followups": followup.followups_send_due(),
        "followups_resent": followup.followups_resend_lost(),
        "messages_resent": messaging.deliveries_resend_lost(),
        "promotions_expired": waitlist.promotions_expire(),
    }


@shared_task(name="events.fill_standing_rsvps")
def fill_standing_rsvps() -> int:
    # Standing sign-ups ("every week") take places in occurrences as they come within reach.
    from events.series import standing_rsvps_fill_due

    return standing_rsvps_fill_due()


@shared_task(name="events.send_walk_in_confirmation", acks_late=True)
def send_walk_in_confirmation(walk_in_id: int) -> bool:
    from events.desk.services import walk_in_send_confirmation

    return walk_in_send_confirmation(walk_in_id=walk_in_id)
