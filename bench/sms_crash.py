"""Crash safety of text messages: kill -9 the Celery worker at about 25 %, 50 % and 75 % of a
2,000-text send, restart it, and count what every number received at a stand-in for Twilio's
REST API (reached through the `twilio` library's own HTTP client, as in production).

Usage: .venv/bin/python -m bench.sms_crash [--recipients 2000] [--lease 5]

The worker (prefork, two processes) dies with SIGKILL, pool and all. Rows it had taken stay
"sending" until their lease (--lease seconds here; SMS_LOST_AFTER_SECONDS, ten minutes by default)
runs out; then the sweep asks the provider whether it already has each text, and sends only those
it has not. Its acknowledged-late tasks are lost with it, so this script plays Celery beat: it
runs `portal.send_due_texts` every few seconds. Needs PostgreSQL and Redis on 127.0.0.1.
"""

import argparse
import os
import time
import uuid

from bench.newsletter_common import (
    setup_django,
    start_worker,
    stop_worker,
    throwaway_database,
    wait_until,
)
from tests.sms.standin import ACCOUNT_SID, AUTH_TOKEN, TwilioStandIn

BODY = "Neighbors United: the Saturday canvass moves to 10:00 at the Eastside office. See you!"


def number(n: int) -> str:
    return f"+1202555{n:04d}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--lease", type=int, default=5)
    parser.add_argument("--kills", default="0.25,0.5,0.75")
    args = parser.parse_args()
    total = args.recipients
    kill_points = [float(point) for point in args.kills.split(",")]
    queue = f"bench-sms-{uuid.uuid4().hex[:8]}"

    with TwilioStandIn() as standin:
        os.environ.update(
            {
                "SMS_BACKEND": "portal.sms.backends.TwilioTextBackend",
                "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
                "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                "TWILIO_FROM_NUMBER": "+15005550006",
                "TWILIO_API_BASE_URL": standin.base_url,
                "SMS_LOST_AFTER_SECONDS": str(args.lease),
                "SMS_PROVIDER_TIMEOUT": "10",
            }
        )
        with throwaway_database("bench_sms_crash") as url:
            setup_django(url, 0, queue)
            from django.contrib.auth import get_user_model
            from django.db.models import Count

            from portal import tasks
            from portal.sms.models import TextMessage
            from portal.sms.services import texts_record_many

            users = get_user_model().objects.bulk_create(
                [
                    get_user_model()(email=f"texter{n}@bench.example.org", password="!")
                    for n in range(total)
                ]
            )
            worker = start_worker(queue)
            started = time.perf_counter()
            # Urgent: the benchmark is about crashes, not about the hour it is run at.
            recipients = [
                {"to": number(n), "user": user, "urgent": True} for n, user in enumerate(users)
            ]
            texts_record_many(message_key="bench.crash", recipients=recipients, body=BODY)
            print(f"recorded {total} texts in {time.perf_counter() - started:.1f}s", flush=True)

            last_beat = time.monotonic()

            def beat() -> None:
                nonlocal last_beat
                if time.monotonic() - last_beat >= 3:
                    tasks.send_due_texts.delay()
                    last_beat = time.monotonic()

            def states() -> dict:
                rows = TextMessage.objects.values("state").annotate(n=Count("pk"))
                return {row["state"]: row["n"] for row in rows}

            for point in kill_points:
                target = int(total * point)

                def reached(target=target):
                    beat()
                    return standin.count >= target

                if not wait_until(reached, timeout=1800, interval=0.02):
                    raise SystemExit(f"never reached {target} texts")
                stop_worker(worker, hard=True)
                print(
                    f"kill -9 at {standin.count} received ({standin.count / total:.0%}); "
                    f"ledger: {states()}",
                    flush=True,
                )
                worker = start_worker(queue)

            def finished() -> bool:
                beat()
                return not TextMessage.objects.filter(state__in=["queued", "sending"]).exists()

            done = wait_until(finished, timeout=1800, interval=0.5)
            time.sleep(2)
            elapsed = time.perf_counter() - started
            stop_worker(worker)

            expected = {number(n) for n in range(total)}
            received = standin.per_recipient()
            missing = len(expected - set(received))
            duplicates = sum(count - 1 for count in received.values() if count > 1)
            strangers = len(set(received) - expected)
            print(
                f"{'finished' if done else 'DID NOT FINISH'} in {elapsed:.1f}s with "
                f"{len(kill_points)} kills: {standin.count} texts at the stand-in for {total} "
                f"numbers; missing {missing}, duplicates {duplicates}, unexpected {strangers}; "
                f"ledger {states()}"
            )


if __name__ == "__main__":
    main()
