"""Crash safety: kill -9 the Celery worker at about 25 %, 50 % and 75 % of a send, restart it,
and count what every recipient received.

Usage: .venv/bin/python -m bench.newsletter_crash [--recipients 20000] [--lease 10]

The worker (prefork, two processes) is killed with SIGKILL, pool and all, with no chance to
clean up. Its claimed rows are released only by their lease running out (--lease seconds here;
five minutes by default in production), and its acknowledged-late tasks are lost with it, so
this script plays Celery beat: it runs `newsletters.resume_stalled` every few seconds.
"""

import argparse
import time
import uuid

from bench.newsletter_common import (
    create_subscribers,
    make_newsletter,
    setup_django,
    start_sink,
    start_worker,
    stop_worker,
    throwaway_database,
    wait_until,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20_000)
    parser.add_argument("--lease", type=int, default=10)
    parser.add_argument("--kills", default="0.25,0.5,0.75")
    args = parser.parse_args()
    total = args.recipients
    kill_points = [float(point) for point in args.kills.split(",")]

    queue = f"bench-crash-{uuid.uuid4().hex[:8]}"
    controller, sink = start_sink()
    worker_env = {"NEWSLETTER_LEASE_SECONDS": str(args.lease)}
    try:
        with throwaway_database("bench_newsletters_crash") as url:
            setup_django(url, controller.port, queue)
            from django.utils import timezone

            from portal.newsletters import tasks
            from portal.newsletters.delivery import delivery_progress
            from portal.newsletters.models import NewsletterDispatch
            from portal.newsletters.services import newsletter_schedule

            create_subscribers(total)
            page = make_newsletter("Crash test")
            worker = start_worker(queue, extra_env=worker_env)
            started = time.perf_counter()
            newsletter_schedule(newsletter=page, send_at=timezone.now())

            last_beat = time.monotonic()

            def beat() -> None:
                nonlocal last_beat
                if time.monotonic() - last_beat >= 3:
                    tasks.resume_stalled_newsletters.delay()
                    last_beat = time.monotonic()

            for point in kill_points:
                target = int(total * point)

                def reached(target=target):
                    beat()
                    return sink.count >= target

                if not wait_until(reached, timeout=3600, interval=0.02):
                    raise SystemExit(f"never reached {target} messages")
                stop_worker(worker, hard=True)
                progress = delivery_progress(newsletter_id=page.pk)
                print(
                    f"kill -9 at {sink.count} received ({sink.count / total:.0%}); ledger: "
                    f"{progress['sent']} sent, {progress['claimed']} claimed by the dead worker",
                    flush=True,
                )
                worker = start_worker(queue, extra_env=worker_env)

            def finished():
                beat()
                return NewsletterDispatch.objects.get(newsletter=page).status == "sent"

            done = wait_until(finished, timeout=3600, interval=0.5)
            time.sleep(3)  # let the last messages land in the sink
            elapsed = time.perf_counter() - started
            stop_worker(worker)

            expected = {f"person{n}@bench.example.org" for n in range(total)}
            received = sink.per_recipient
            missing = len(expected - set(received))
            duplicates = sum(count - 1 for count in received.values() if count > 1)
            duplicated_people = sum(1 for count in received.values() if count > 1)
            strangers = len(set(received) - expected)
            progress = delivery_progress(newsletter_id=page.pk)
            print(
                f"{'finished' if done else 'DID NOT FINISH'} in {elapsed:.1f}s with "
                f"{len(kill_points)} kills: {sink.count} messages for {total} recipients; "
                f"missing {missing}, duplicates {duplicates} "
                f"({duplicated_people} people), unexpected {strangers}; ledger {progress}"
            )
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
