"""Thin Celery tasks: they take ids and call services that are safe to run twice."""

from celery import shared_task

from portal.newsletters import delivery, milestones, services


def _same_queue(task) -> dict:
    """Follow-up work goes to the queue this task came from (tests and benchmarks use their own)."""
    info = getattr(task.request, "delivery_info", None) or {}
    queue = info.get("routing_key")
    return {"queue": queue} if queue else {}


@shared_task(bind=True, name="newsletters.start", acks_late=True)
def start_newsletter(self, newsletter_id: int) -> dict:
    return services.newsletter_start(
        newsletter_id=newsletter_id, queue=_same_queue(self).get("queue")
    )


@shared_task(
    bind=True,
    name="newsletters.deliver",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=10,
)
def deliver_newsletter(self, newsletter_id: int) -> dict:
    # Claims in the ledger make a duplicate or redelivered task harmless; each run sends a
    # bounded number of batches, then hands over so other work is not starved.
    result = delivery.newsletter_deliver(newsletter_id=newsletter_id)
    if result["more"]:
        deliver_newsletter.apply_async(args=[newsletter_id], **_same_queue(self))
    return result


@shared_task(name="newsletters.start_due")
def start_due_newsletters() -> int:
    return services.newsletters_start_due()


@shared_task(name="newsletters.resume_stalled")
def resume_stalled_newsletters() -> int:
    return services.newsletters_resume_stalled()


@shared_task(name="newsletters.notify_shoutout", acks_late=True)
def notify_shoutout(shoutout_id: int) -> bool:
    return services.shoutout_notify(shoutout_id=shoutout_id)


@shared_task(name="newsletters.award_milestones")
def award_milestones() -> int:
    return len(milestones.milestones_award())


@shared_task(name="newsletters.notify_milestone", acks_late=True)
def notify_milestone(milestone_id: int) -> bool:
    return milestones.milestone_notify(milestone_id=milestone_id)
