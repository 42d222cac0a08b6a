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
