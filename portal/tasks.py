from celery import shared_task
from django.db import transaction


def enqueue_on_commit(task, *args, **options) -> None:
    """Queue the Celery `task` with `args` once the current transaction has committed.

    Robust: the write is committed either way, so a broker hiccup (or, with eager tasks, a failing
    task) must neither undo it nor stop the callbacks queued after this one; Django logs the
    error. `options` go to `apply_async` (countdown, eta…).
    """

    def enqueue():
        # Plain `delay` when there are no options: the same call, and what tests stub.
        if options:
            task.apply_async(args=args, **options)
        else:
            task.delay(*args)

    transaction.on_commit(enqueue, robust=True)


@shared_task(name="portal.ping")
def ping(payload: str = "pong") -> str:
    """A no-op round trip through the broker, used by health checks and the worker test."""
    return payload


# --- Text messages (portal/sms): thin adapters over portal.sms.services -----------------------


@shared_task(name="portal.send_texts", acks_late=True)
def send_texts(text_ids: list[int]) -> int:
    from portal.sms import services

    return services.texts_send(text_ids=list(text_ids))


@shared_task(name="portal.send_due_texts")
def send_due_texts() -> int:
    # Texts held by quiet hours, and any whose task was lost; then those a dead worker left.
    from portal.sms import services

    return services.texts_send_due() + services.texts_resend_lost()


@shared_task(name="portal.staff_new_device_email")
def staff_new_device_email(user_id: int, device: str, language: str) -> None:
    """Tell a staff member their account was just signed in from a browser it had not used."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from portal.links import absolute_url
    from portal.mail import email_build

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    email_build(
        template="emails/staff_new_device",
        context={
            "name": user.get_short_name(),
            "device": device,
            "sessions_url": absolute_url(reverse("staff_sessions")),
        },
        to=[user.email],
        language=language,
    ).send()
