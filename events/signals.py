"""Follow-ups to changes made elsewhere: pages published in Wagtail, accounts deleted."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from events.models import RSVP, DeletedEvent, EventPage
from portal.tasks import enqueue_on_commit


@receiver(page_published, sender=EventPage)
def event_published(sender, instance, **kwargs):
    from events import tasks

    # Changes, cancellations and freed places are announced by the service the task calls.
    enqueue_on_commit(tasks.after_publish, instance.pk)
    if instance.host_id and instance.host_notified_at is None:
        enqueue_on_commit(tasks.notify_host_approved, instance.pk)


@receiver(page_published, sender=EventPage)
def event_back_online(sender, instance, **kwargs):
    # A republished event is no longer gone for the API's syncing clients.
    DeletedEvent.objects.filter(event_id=instance.pk).delete()


@receiver(page_unpublished, sender=EventPage)
@receiver(pre_delete, sender=EventPage)
def event_gone(sender, instance, **kwargs):
    """Keep a tombstone, so /api/v1/events/deleted tells syncing clients the event is gone."""
    DeletedEvent.objects.update_or_create(
        event_id=instance.pk,
        defaults={"deleted_at": timezone.now(), "visibility": instance.visibility},
    )


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def release_places_of_deleted_account(sender, instance, **kwargs):
    """A deleted account's RSVPs go with it; first give their places to the people waiting, so
    the shift counters stay true."""
    from events import services

    upcoming = RSVP.objects.filter(
        person=instance, status__in=RSVP.ACTIVE, shift__end_at__gt=timezone.now()
    )
    for rsvp in upcoming:
        services.rsvp_cancel(rsvp=rsvp)
