"""Newsletter throughput through the real pipeline, against the raw SMTP floor.

Usage: .venv/bin/python -m bench.newsletter_throughput [--sizes 10000,100000] [--concurrency 2]

A throwaway PostgreSQL database and a Redis queue of its own on 127.0.0.1; one Celery worker
(prefork, --concurrency processes) sends through Django's SMTP backend to an aiosmtpd sink in this
process. The floor is the same messages, rendered beforehand, sent with smtplib over one
connection. Peak memory is each worker process's VmHWM, compared between the sizes.
"""

import argparse
import smtplib
import time
import uuid

from bench.newsletter_common import (
    create_subscribers,
    make_newsletter,
    peak_rss_mib,
    process_tree,
    setup_django,
    start_sink,
    start_worker,
    stop_worker,
    throwaway_database,
    wait_until,
)

FLOOR_SAMPLE = 20_000


def raw_floor(page, port: int, count: int) -> float:
    """Messages per second for pre-rendered messages sent with smtplib over one connection."""
    from django.conf import settings

    from portal.newsletters.models import Delivery  # noqa: F401
    from portal.newsletters.rendering import build_message, render_newsletter

    rendered = render_newsletter(newsletter=page)
    messages = [
        (
            f"person{n}@bench.example.org",
            build_message(rendered=rendered, email=f"person{n}@bench.example.org", language="en")
            .message()
            .as_bytes(linesep="\r\n"),
        )
        for n in range(count)
    ]
    longest = max(len(line) for _to, data in messages[:1] for line in data.splitlines())
    print(f"floor: {len(messages[0][1])} bytes per message, longest line {longest}", flush=True)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for to, data in messages:
            smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [to], data)
    return count / (time.perf_counter() - started)


def run_pipeline(page, expected: int, sink, queue: str, concurrency: int) -> dict:
    from django.utils import timezone

    from portal.newsletters.models import NewsletterDispatch
    from portal.newsletters.services import newsletter_schedule

    before = sink.count
    worker = start_worker(queue, concurrency=concurrency)
    # Wait for the pool to come up, so start-up is not counted as sending time.
    wait_until(lambda: len(process_tree(worker.pid)) > concurrency, timeout=60)
    time.sleep(3)
    started = time.perf_counter()
    newsletter_schedule(newsletter=page, send_at=timezone.now())
    queued_after = None

    def done():
        nonlocal queued_after
        status = NewsletterDispatch.objects.get(newsletter=page).status
        if queued_after is None and status in ("sending", "sent"):
            queued_after = time.perf_counter() - started
        return status == "sent" and sink.count - before >= expected

    finished = wait_until(done, timeout=3 * 3600, interval=0.5)
    elapsed = time.perf_counter() - started
    peaks = peak_rss_mib(worker.pid)
    stop_worker(worker)
    return {
        "finished": finished,
        "sent": sink.count - before,
        "seconds": elapsed,
        "queue_seconds": queued_after or float("nan"),
        "rate": (sink.count - before) / elapsed,
        "peak_main_mib": peaks.get(worker.pid, float("nan")),
        "peak_pool_mib": max(
            (mib for pid, mib in peaks.items() if pid != worker.pid), default=float("nan")
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    biggest = sizes[-1]
    if any(biggest % size for size in sizes):
        raise SystemExit("Each size must divide the largest one.")

    queue = f"bench-newsletters-{uuid.uuid4().hex[:8]}"
    controller, sink = start_sink()
    try:
        with throwaway_database("bench_newsletters") as url:
            setup_django(url, controller.port, queue)
            # People in the smaller audiences share an interest, so one population serves all.
            create_subscribers(biggest, interest_every=biggest // sizes[0])
            floor_n = min(biggest, FLOOR_SAMPLE)
            floor_page = make_newsletter("Floor")
            floor = raw_floor(floor_page, controller.port, floor_n)
            print(f"raw floor (smtplib, one connection, {floor_n} pre-rendered): {floor:.0f} msg/s")
            results = {}
            for size in sizes:
                audience = {} if size == biggest else {"audience_interests": ["canvassing"]}
                page = make_newsletter(f"Newsletter to {size}", **audience)
                result = run_pipeline(page, size, sink, queue, args.concurrency)
                results[size] = result
                print(
                    f"pipeline {size:>7}: {result['sent']} sent in {result['seconds']:.1f}s "
                    f"(ledger written after {result['queue_seconds']:.1f}s) = "
                    f"{result['rate']:.0f} msg/s = {result['rate'] / floor:.2f}× the floor; "
                    f"peak RSS main {result['peak_main_mib']:.0f} MiB, "
                    f"pool process {result['peak_pool_mib']:.0f} MiB"
                    + ("" if result["finished"] else "  [DID NOT FINISH]"),
                    flush=True,
                )
            if len(sizes) > 1:
                small, big = results[sizes[0]], results[biggest]
                print(
                    f"peak pool memory {sizes[0]} → {biggest}: "
                    f"{small['peak_pool_mib']:.0f} → {big['peak_pool_mib']:.0f} MiB "
                    f"({big['peak_pool_mib'] / small['peak_pool_mib']:.2f}×)"
                )
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
