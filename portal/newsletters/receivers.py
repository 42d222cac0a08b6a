"""anymail's tracking signal → the suppression list. The ESP webhook views (under /anymail/)
check the basic-auth secret and parse the payload; this only records what they report."""

from anymail.signals import tracking
from django.dispatch import receiver


@receiver(tracking, dispatch_uid="newsletters.tracking_event")
def handle_tracking_event(sender, event, esp_name, **kwargs):
    from portal.newsletters.services import tracking_event_record

    tracking_event_record(event=event, esp_name=esp_name)
