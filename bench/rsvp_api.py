"""Benchmark (a): 500 concurrent RSVPs through the API for one shift of 100 places.

Starts gunicorn on 127.0.0.1 against a throwaway PostgreSQL database, fires 500 simultaneous
POST /api/v1/events/<id>/attendances (each a different person), then checks that exactly 100 got
a place, 400 are waitlisted, none failed, and the shift's counter agrees with the rows. Latency
and throughput are reported against a trivial view served by the same gunicorn in the same run.

    .venv/bin/python bench/rsvp_api.py            # bounded: gives up after 10 minutes
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, percentile, setup_django, site_with_index, throwaway_database

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "500"))
CAPACITY = int(os.environ.get("BENCH_CAPACITY", "100"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")
THREADS = os.environ.get("BENCH_THREADS", "8")
TIME_LIMIT = 600
REQUEST_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def burst(port, make_request, count):
    """Fire `count` requests at once; (latencies in seconds, statuses, bodies, wall time)."""
    barrier = threading.Barrier(count + 1)
    latencies = [0.0] * count
    statuses = [0] * count
    bodies = [b""] * count

    def one(number):
        method, path, body, headers = make_request(number)
        barrier.wait()
        started = time.perf_counter()
        try:
            statuses[number], bodies[number] = request(port, method, path, body, headers)
        except Exception as problem:
            statuses[number], bodies[number] = -1, repr(problem).encode()
        latencies[number] = time.perf_counter() - started

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, statuses, bodies, time.perf_counter() - started


def wait_until_up(port, process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            if request(port, "GET", "/bench/trivial")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start within 60 seconds")


def summary(name, latencies, wall):
    return {
        "name": name,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "throughput": len(latencies) / wall,
        "wall_s": wall,
    }


def main():
    signal.alarm(TIME_LIMIT)
    with throwaway_database("portal_bench_rsvp") as url:
        setup_django(url)
        from django.db import connections
        from django.utils import timezone

        from events.models import RSVP, EventPage, Shift
        from events.services import api_key_create

        index = site_with_index()
        start = timezone.now().replace(microsecond=0) + timedelta(days=3)
        event = EventPage(
            title="Benchmark canvass",
            slug="benchmark-canvass",
            timezone="America/Detroit",
            street_address="2100 Gratiot Ave",
            locality="Detroit",
            region="MI",
            postal_code="48207",
        )
        event.shifts.add(
            Shift(start_at=start, end_at=start + timedelta(hours=3), capacity=CAPACITY)
        )
        index.add_child(instance=event)
        event.save_revision().publish()
        shift = event.shifts.get()
        _key, raw_key = api_key_create(name="benchmark")
        connections.close_all()

        port = free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url}
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                WORKERS,
                "--threads",
                THREADS,
                "--worker-class",
                "gthread",
                "--backlog",
                "2048",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_until_up(port, process)
            burst(port, lambda n: ("GET", "/bench/trivial", None, {}), 50)  # warm-up

            trivial = burst(port, lambda n: ("GET", "/bench/trivial", None, {}), REQUESTS)

            def rsvp_request(number):
                body = json.dumps(
                    {
                        "person": {
                            "given_name": "Bench",
                            "family_name": f"Person {number}",
                            "email_address": f"bench{number}@example.org",
                            "postal_code": "48207",
                        },
                        "timeslots": [{"timeslot_id": shift.pk}],
                    }
                )
                headers = {
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {raw_key}",
                }
                return "POST", f"/api/v1/events/{event.pk}/attendances", body, headers

            rsvps = burst(port, rsvp_request, REQUESTS)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

        from portal.celery import app

        # Nobody works the bench queue: drop the confirmation emails it enqueued.
        purged = app.control.purge()
        latencies, statuses, bodies, wall = rsvps
        answered = {}
        for status, body in zip(statuses, bodies, strict=True):
            if status == 201:
                for item in json.loads(body)["data"]:
                    answered[item["status"]] = answered.get(item["status"], 0) + 1
        errors = sum(1 for status in statuses if status != 201)
        registered = RSVP.objects.filter(shift=shift, status=RSVP.Status.REGISTERED).count()
        waitlisted = RSVP.objects.filter(shift=shift, status=RSVP.Status.WAITLISTED).count()
        counter = Shift.objects.get(pk=shift.pk).attendee_count
        connections.close_all()

    trivial_stats = summary("trivial view", trivial[0], trivial[3])
    rsvp_stats = summary("RSVP via API", latencies, wall)
    print(f"gunicorn: {WORKERS} workers x {THREADS} threads (gthread), PostgreSQL, 127.0.0.1")
    print(f"{REQUESTS} concurrent requests each; shift capacity {CAPACITY}")
    mode = (
        "rendered and sent in-request (eager)"
        if os.environ.get("BENCH_EAGER") == "1"
        else (f"enqueued to Redis ({purged} purged afterwards)")
    )
    print(f"confirmation emails: {mode}")
    for stats in (trivial_stats, rsvp_stats):
        print(
            f"  {stats['name']:<14} p50 {stats['p50_ms']:8.1f} ms   p95 {stats['p95_ms']:8.1f} ms"
            f"   throughput {stats['throughput']:8.1f} req/s   wall {stats['wall_s']:.2f} s"
        )
    ratio = rsvp_stats["throughput"] / trivial_stats["throughput"]
    print(f"  RSVP throughput / trivial throughput: {ratio:.3f}")
    print(f"  answers: {answered}, errors (non-201): {errors}")
    print(f"  rows: registered {registered}, waitlisted {waitlisted}, shift counter {counter}")
    ok = (
        registered == CAPACITY
        and waitlisted == REQUESTS - CAPACITY
        and errors == 0
        and counter == registered
    )
    print("RESULT:", "OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
