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


def api_sign_up(client, event, raw_key: str, email: str, shift=None):
    """POST a new attendance for `email` through the events API, as an integration does."""
    import json

    shift = shift or event.shifts.order_by("pk").first()
    body = {
        "person": {
            "given_name": "Ana",
            "family_name": "Pérez",
            "email_address": email,
            "postal_code": "48201",
        },
        "timeslots": [{"timeslot_id": shift.pk}],
    }
    return client.post(
        f"/api/v1/events/{event.pk}/attendances",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw_key}",
    )


def form_sign_up(client, event, email: str, shift=None):
    """POST the event page's sign-up form for `email` to its target (events:sign_up)."""
    from django.urls import reverse

    shift = shift or event.shifts.order_by("pk").first()
    return client.post(
        reverse("events:sign_up", args=[event.pk]),
        {
            "shifts": [shift.pk],
            "first_name": "Ana",
            "last_name": "Pérez",
            "email": email,
            "postal_code": "48201",
        },
    )


def all_at_once(jobs, *, timeout: float = 60) -> list[BaseException]:
    """Run each callable in its own thread, all released together by a barrier, each thread
    with its own database connection; the exceptions they raised, in no particular order."""
    import threading

    from django.db import close_old_connections, connection

    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait(timeout=20)
            job()
        except BaseException as problem:
            errors.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    close_old_connections()
    return errors
