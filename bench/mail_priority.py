"""Transactional mail while a newsletter is sending: do RSVP confirmations wait behind it?

Usage: .venv/bin/python -m bench.mail_priority [--recipients 100000] [--rsvps 50]

A throwaway PostgreSQL database and Redis queues of its own on 127.0.0.1; the workers split as
production's Procfile does: one for the transactional and default queues, one (2 processes)
for the bulk queue. A newsletter to `recipients` people is started; while it is sending, `rsvps`
RSVPs spread across the send are made through the RSVP service, and the time from each RSVP's
commit to its confirmation arriving in the aiosmtpd sink is measured. The newsletter's rate is
compared with the raw floor (pre-rendered messages sent with smtplib over one connection).
Goals (issue 17): confirmation p95 <= 10 s; newsletter >= 0.50x the floor.
"""

import argparse
import threading
import time
import uuid
from datetime import timedelta

from bench.common import percentile
from bench.newsletter_common import (
    CountingSink,
    create_subscribers,
    free_port,
    make_newsletter,
    process_tree,
    setup_django,
    start_worker,
    stop_worker,
    throwaway_database,
    wait_until,
)
from bench.newsletter_throughput import raw_floor

GOAL_P95_S = 10.0
GOAL_FLOOR_RATIO = 0.50
FLOOR_SAMPLE = 10_000


class TimingSink(CountingSink):
    """Also notes when the first message to each RSVP's address arrived."""

    def __init__(self):
        super().__init__()
        self.arrived: dict[str, float] = {}

    async def handle_DATA(self, server, session, envelope):
        now = time.perf_counter()
        for rcpt in envelope.rcpt_tos:
            if rcpt.lower().startswith("rsvp-"):
                self.arrived.setdefault(rcpt.lower(), now)
        return await super().handle_DATA(server, session, envelope)


def make_shift():
    from django.utils import timezone
    from wagtail.models import Locale

    from events.models import EventIndexPage, EventPage, Shift
    from home.models import HomePage

    home = HomePage.objects.first()
    index = EventIndexPage(
        title="Events", slug="events", locale=Locale.objects.get(language_code="en")
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = EventPage(
        title="Rush canvass",
        slug="rush-canvass",
        timezone="America/Detroit",
        street_address="2100 Gratiot Ave",
        locality="Detroit",
        region="MI",
        postal_code="48207",
    )
    event.shifts.add(Shift(start_at=start, end_at=start + timedelta(hours=3), capacity=1000))
    index.add_child(instance=event)
    event.save_revision().publish()
    return event, event.shifts.get()


def main() -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--rsvps", type=int, default=50)
    args = parser.parse_args()
    queue = f"bench-mail-{uuid.uuid4().hex[:8]}"
    sink = TimingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    workers = []
    try:
        with throwaway_database("bench_mail_priority") as url:
            setup_django(url, controller.port, queue)
            from django.utils import timezone

            from events import services
            from events.people import person_match_or_create
            from portal.newsletters.models import NewsletterDispatch
            from portal.newsletters.services import newsletter_schedule

            create_subscribers(args.recipients)
            floor_page = make_newsletter("Floor")
            floor = raw_floor(floor_page, controller.port, min(args.recipients, FLOOR_SAMPLE))
            print(f"raw floor: {floor:.0f} msg/s", flush=True)
            event, shift = make_shift()
            people = [
                person_match_or_create(email=f"rsvp-{n}@bench.example.org", first_name="Rush")
                for n in range(args.rsvps)
            ]
            page = make_newsletter(f"Newsletter to {args.recipients}")
            workers = [
                start_worker(queue, concurrency=1, kinds=["transactional", "default"]),
                start_worker(queue, concurrency=2, kinds=["bulk"]),
            ]
            for worker, size in zip(workers, (1, 2), strict=True):
                wait_until(lambda w=worker, n=size: len(process_tree(w.pid)) > n, timeout=60)
            time.sleep(3)
            before = sink.count
            started = time.perf_counter()
            newsletter_schedule(newsletter=page, send_at=timezone.now())
            # Spread the RSVPs over the send's expected length at half the floor.
            expected = args.recipients / (floor * GOAL_FLOOR_RATIO)
            committed: dict[str, float] = {}

            def rsvps():
                for number, person in enumerate(people):
                    target = started + expected * (number + 0.5) / len(people)
                    time.sleep(max(0.0, target - time.perf_counter()))
                    services.rsvp_create(
                        event=event, shift_ids=[shift.pk], person=person, source="WEB"
                    )
                    committed[person.email.lower()] = time.perf_counter()

            maker = threading.Thread(target=rsvps)
            maker.start()

            def done():
                status = NewsletterDispatch.objects.get(newsletter=page).status
                return status == "sent" and sink.count - before >= args.recipients + len(people)

            finished = wait_until(done, timeout=3 * 3600, interval=0.5)
            elapsed = time.perf_counter() - started
            maker.join()
            wait_until(lambda: len(sink.arrived) >= len(people), timeout=60)
            newsletter_rate = (sink.count - before - len(sink.arrived)) / elapsed
            delays = [
                sink.arrived[email] - at for email, at in committed.items() if email in sink.arrived
            ]
            missing = len(people) - len(delays)
    finally:
        for worker in workers:
            stop_worker(worker)
        controller.stop()
    p95 = percentile(delays, 0.95)
    ratio = newsletter_rate / floor
    print(
        f"newsletter {args.recipients}: {newsletter_rate:.0f} msg/s = {ratio:.2f}x the floor"
        f" ({elapsed:.0f} s){'' if finished else ' [DID NOT FINISH]'}"
    )
    print(
        f"RSVP confirmations during the send: {len(delays)} of {len(people)} arrived;"
        f" p50 {percentile(delays, 0.5):.2f} s p95 {p95:.2f} s max {max(delays or [0]):.2f} s"
    )
    problems = []
    if missing or not finished:
        problems.append(f"{missing} confirmations missing, newsletter finished: {finished}")
    if p95 > GOAL_P95_S:
        problems.append(f"confirmation p95 {p95:.1f} s > {GOAL_P95_S} s")
    if ratio < GOAL_FLOOR_RATIO:
        problems.append(f"newsletter {ratio:.2f}x < {GOAL_FLOOR_RATIO}x the floor")
    print("RESULT: OK" if not problems else f"RESULT: FAIL ({'; '.join(problems)})")


if __name__ == "__main__":
    main()
