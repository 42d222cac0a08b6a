from django.contrib.auth import get_user_model

from events import services
from events.models import RSVP


def person(email: str, first_name: str = "Ana", last_name: str = "Pérez"):
    return get_user_model().objects.create_user(
        email=email, first_name=first_name, last_name=last_name
    )


def rsvp(event, who, shifts=None, source=RSVP.Source.WEB):
    ids = [shift.pk for shift in (shifts or event.shifts.all())]
    return services.rsvp_create(event=event, shift_ids=ids, person=who, source=source)
