"""Benchmark (a): 500 concurrent RSVPs for one shift of 100 places, on both paths volunteers use.

Starts gunicorn on 127.0.0.1 against a throwaway PostgreSQL database, then for each path fires
500 simultaneous sign-ups (each a different person) at a shift of its own:
- API: POST /api/v1/events/<id>/attendances;
- form: each person first loads the event page (not timed: people read it before pressing the
  button), then all 500 POST the form at once, to the form's action, with the page's CSRF token
  and cookie.
Checks that exactly 100 got a place, 400 are waitlisted, none failed and the shift's counter
agrees with the rows. Latency and throughput are compared with a trivial view served by the same
gunicorn in the same run; the RSVP service logs how long each RSVP waited for and held the
shift's row lock, as PostgreSQL measured it (logger events.rsvp_lock, switched on only here), and
the CPU each request cost gunicorn, PostgreSQL, Redis and this client is read from /proc.
Goals (issue 17): throughput >= 0.2x the trivial view and p95 <= 2.5 s on each path.

    .venv/bin/python bench/rsvp_api.py            # bounded: gives up after 10 minutes
    BENCH_WORKERS=4 BENCH_THREADS=8 ...           # gunicorn flags (default: gunicorn.conf.py)
"""

import html
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, percentile, setup_django, site_with_index, throwaway_database

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "500"))
# Sign-ups on another event before each path's rush (untimed), as the trivial view's warm-up.
WARM_UP = int(os.environ.get("BENCH_WARM_UP", "50"))
CAPACITY = int(os.environ.get("BENCH_CAPACITY", "100"))
# Empty: the production sizing in gunicorn.conf.py.
WORKERS = os.environ.get("BENCH_WORKERS", "")
THREADS = os.environ.get("BENCH_THREADS", "")
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "")
GOAL_RATIO = 0.2
GOAL_P95_MS = 2500
TIME_LIMIT = 600
# "api,form" (both, the default); one of them to try a change quickly.
PATHS = os.environ.get("BENCH_PATHS", "api,form").split(",")
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


def cpu_seconds() -> dict[str, float]:
    """CPU time used so far by each part of the benchmark: gunicorn's processes, PostgreSQL's
    backends for the benchmark database, Redis and this client (all its threads)."""
    hertz = os.sysconf("SC_CLK_TCK")
    totals = {"gunicorn": 0.0, "postgres": 0.0, "redis": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        used = (int(fields[11]) + int(fields[12])) / hertz
        if b"gunicorn" in command:
            totals["gunicorn"] += used
        elif b"postgres: " in command and b"portal_bench_rsvp" in command:
            totals["postgres"] += used
        elif b"redis-server" in command:
            totals["redis"] += used
    totals["client"] = time.process_time()
    return totals


def cpu_per_request(before: dict, after: dict, count: int) -> str:
    parts = [f"{name} {(after[name] - before[name]) * 1000 / count:.1f}" for name in before]
    return "CPU ms per request: " + ", ".join(parts)


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


def make_event(index, slug, start, capacity=CAPACITY):
    from events.models import EventPage, Shift

    event = EventPage(
        title=f"Benchmark {slug}",
        slug=slug,
        timezone="America/Detroit",
        street_address="2100 Gratiot Ave",
        locality="Detroit",
        region="MI",
        postal_code="48207",
    )
    event.shifts.add(Shift(start_at=start, end_at=start + timedelta(hours=3), capacity=capacity))
    index.add_child(instance=event)
    event.save_revision().publish()
    return event, event.shifts.get()


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# The sign-up form's target, wherever the page sends it (the bench posts where a browser would).
SIGN_UP_FORM = re.compile(rb'<form method="post"[^>]* action="([^"]+)"[^>]*>\s*<input[^>]*csrf')


def form_visits(port, path, count):
    """Each person loads the event page once: (CSRF cookie, form token, form's target) each."""
    visits = [None] * count

    def visit(number):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            cookies = response.headers.get_all("Set-Cookie") or []
            cookie = next(c.split(";")[0] for c in cookies if c.startswith("csrftoken="))
            action = html.unescape(SIGN_UP_FORM.search(body).group(1).decode())
            visits[number] = (cookie, CSRF_INPUT.search(body).group(1).decode(), action)
        finally:
            conn.close()

    # Ten at a time: loading the page is not what this benchmark times.
    for first in range(0, count, 10):
        threads = [
            threading.Thread(target=visit, args=(n,)) for n in range(first, min(first + 10, count))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return visits


def lock_figures(path):
    waited, held = [], []
    for line in Path(path).read_text().splitlines():
        fields = dict(part.split("=") for part in line.split() if "=" in part)
        if "held_ms" in fields:
            waited.append(float(fields["waited_ms"]))
            held.append(float(fields["held_ms"]))
    return waited, held


def check(name, shift, statuses, bodies, expected_status):
    from events.models import RSVP, Shift

    errors = sum(1 for status in statuses if status != expected_status)
    registered = RSVP.objects.filter(shift=shift, status=RSVP.Status.REGISTERED).count()
    waitlisted = RSVP.objects.filter(shift=shift, status=RSVP.Status.WAITLISTED).count()
    counter = Shift.objects.get(pk=shift.pk).attendee_count
    print(
        f"  {name}: registered {registered}, waitlisted {waitlisted}, shift counter {counter},"
        f" errors (not {expected_status}): {errors}"
    )
    if errors:
        sample = next(b for s, b in zip(statuses, bodies, strict=True) if s != expected_status)
        print(f"    first error: {sample[:300]!r}")
    return (
        registered == CAPACITY
        and waitlisted == REQUESTS - CAPACITY
        and errors == 0
        and counter == registered
    )


def main():
    signal.alarm(TIME_LIMIT)
    handle, lock_log_name = tempfile.mkstemp(prefix="rsvp-lock-", suffix=".log")
    os.close(handle)
    with throwaway_database("portal_bench_rsvp") as url:
        setup_django(url)
        from django.db import connections
        from django.utils import timezone

        from events.services import api_key_create

        index = site_with_index()
        start = timezone.now().replace(microsecond=0) + timedelta(days=3)
        api_event, api_shift = make_event(index, "benchmark-api", start)
        form_event, form_shift = make_event(index, "benchmark-form", start)
        form_path = urllib.parse.urlsplit(form_event.full_url or form_event.url).path
        # Each path is warmed up on an event of its own first, as the trivial view is: a rush
        # meets processes that have served other sign-ups before, but never this event.
        warm_event, warm_shift = make_event(index, "benchmark-warm-up", start, capacity=None)
        warm_path = urllib.parse.urlsplit(warm_event.full_url or warm_event.url).path
        _key, raw_key = api_key_create(name="benchmark")
        connections.close_all()

        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": url,
            "BENCH_LOCK_LOG": lock_log_name,
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
        if WORKERS:
            command += ["--workers", WORKERS]
        if THREADS:
            command += ["--threads", THREADS]
        if WORKER_CLASS:
            command += ["--worker-class", WORKER_CLASS]
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            wait_until_up(port, process)
            burst(port, lambda n: ("GET", "/bench/trivial", None, {}), 50)  # warm-up

            cpu = {"trivial": [cpu_seconds()]}
            trivial = burst(port, lambda n: ("GET", "/bench/trivial", None, {}), REQUESTS)
            cpu["trivial"].append(cpu_seconds())

            def api_request(number, event=api_event, shift=api_shift):
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

            api = api_locks = form = form_locks = None
            if "api" in PATHS:
                burst(port, lambda n: api_request(REQUESTS + n, warm_event, warm_shift), WARM_UP)
                Path(lock_log_name).write_text("")
                cpu["API"] = [cpu_seconds()]
                api = burst(port, api_request, REQUESTS)
                cpu["API"].append(cpu_seconds())
                api_locks = lock_figures(lock_log_name)
                Path(lock_log_name).write_text("")

            def form_request(number, visits=None, shift=form_shift):
                cookie, token, action = (visits or form_visits_made)[number]
                body = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": token,
                        "shifts": shift.pk,
                        "first_name": "Bench",
                        "last_name": "Runner",
                        "email": f"form{number}{'-warm' if visits else ''}@example.org",
                        "postal_code": "48207",
                    }
                )
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                }
                return "POST", action, body, headers

            page_wall = 0.0
            if "form" in PATHS:
                warm_visits = form_visits(port, warm_path, WARM_UP)
                burst(port, lambda n: form_request(n, warm_visits, warm_shift), WARM_UP)
                Path(lock_log_name).write_text("")
                page_started = time.perf_counter()
                form_visits_made = form_visits(port, form_path, REQUESTS)
                page_wall = time.perf_counter() - page_started

            if "form" in PATHS:
                cpu["form"] = [cpu_seconds()]
                form = burst(port, form_request, REQUESTS)
                cpu["form"].append(cpu_seconds())
                form_locks = lock_figures(lock_log_name)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            Path(lock_log_name).unlink(missing_ok=True)

        from django.conf import settings

        from portal.celery import app

        # Nobody works the bench queues: drop the confirmation emails enqueued.
        with app.connection_for_write() as conn:
            channel = conn.default_channel
            purged = sum(
                channel.queue_purge(queue) or 0 for queue in settings.PORTAL_CELERY_QUEUES.values()
            )
        print(
            f"gunicorn: {WORKERS or 'gunicorn.conf.py'} workers x {THREADS or 'gunicorn.conf.py'}"
            " threads (gthread), PostgreSQL, 127.0.0.1"
        )
        print(f"{REQUESTS} concurrent requests each; shift capacity {CAPACITY}")
        print(f"confirmation emails: enqueued to Redis ({purged} purged afterwards)")
        if page_wall:
            print(f"event page loaded by each person first: {REQUESTS / page_wall:.1f} pages/s")
        api_ok = api is None or check("API", api_shift, api[1], api[2], 201)
        form_ok = form is None or check("form", form_shift, form[1], form[2], 302)
        connections.close_all()

    trivial_stats = summary("trivial view", trivial[0], trivial[3])
    print(
        f"trivial view p50 {trivial_stats['p50_ms']:.1f} ms p95 {trivial_stats['p95_ms']:.1f} ms"
        f" throughput {trivial_stats['throughput']:.1f} req/s"
    )
    print(f"  {cpu_per_request(*cpu['trivial'], REQUESTS)}")
    ok = api_ok and form_ok
    problems = []
    for name, (latencies, _statuses, _bodies, wall), (waited, held) in (
        (name, run, locks)
        for name, run, locks in (("API", api, api_locks), ("form", form, form_locks))
        if run is not None
    ):
        stats = summary(name, latencies, wall)
        ratio = stats["throughput"] / trivial_stats["throughput"]
        print(
            f"RSVP via {name} p50 {stats['p50_ms']:.1f} ms p95 {stats['p95_ms']:.1f} ms"
            f" throughput {stats['throughput']:.1f} req/s"
        )
        print(f"RSVP throughput / trivial throughput: {ratio:.3f} ({name})")
        print(f"  {cpu_per_request(*cpu[name], REQUESTS)}")
        if held:
            print(
                f"  shift lock via {name}: held median {statistics.median(held):.2f} ms"
                f" p95 {percentile(held, 0.95):.2f} ms; waited median"
                f" {statistics.median(waited):.1f} ms p95 {percentile(waited, 0.95):.1f} ms"
                f" ({len(held)} RSVPs)"
            )
        if ratio < GOAL_RATIO:
            problems.append(f"{name} throughput ratio {ratio:.3f} < {GOAL_RATIO}")
        if stats["p95_ms"] > GOAL_P95_MS:
            problems.append(f"{name} p95 {stats['p95_ms']:.0f} ms > {GOAL_P95_MS} ms")
    if not ok:
        problems.append("correctness (see the rows above)")
    print("RESULT: OK" if not problems else f"RESULT: FAIL ({'; '.join(problems)})")
    sys.exit(0 if not problems else 1)


if __name__ == "__main__":
    main()
