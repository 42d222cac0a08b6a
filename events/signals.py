"""Wagtail tells us when an event is published; the follow-up work runs after commit in Celery."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage


@receiver(page_published, sender=EventPage)
def event_published(sender, instance, **kwargs):
    from events import tasks

    event_id = instance.pk
    # Changes, cancellations and freed places are announced by the service the task calls.
    transaction.on_commit(lambda: tasks.after_publish.delay(event_id), robust=True)
    if instance.host_id and instance.host_notified_at is None:
        transaction.on_commit(lambda: tasks.notify_host_approved.delay(event_id), robust=True)
