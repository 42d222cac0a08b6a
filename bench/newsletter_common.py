"""Shared parts of the newsletter benchmarks: a throwaway PostgreSQL database, many subscribers,
an aiosmtpd sink that only counts, and Celery worker processes that can be killed."""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAINTENANCE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://portal:portal@127.0.0.1:5432/portal"
)
SETTINGS = "bench.newsletter_settings"


def _db_url(name: str) -> str:
    if "127.0.0.1" not in MAINTENANCE_URL and "localhost" not in MAINTENANCE_URL:
        sys.exit("Benchmarks only run against a database on 127.0.0.1.")
    return MAINTENANCE_URL.rpartition("/")[0] + f"/{name}"


@contextmanager
def throwaway_database(name: str):
    import psycopg

    with psycopg.connect(MAINTENANCE_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _db_url(name)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(MAINTENANCE_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class CountingSink:
    """aiosmtpd handler that keeps only (recipient, Message-ID) of each message: flat memory."""

    def __init__(self):
        self.count = 0
        self.per_recipient: Counter = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            for rcpt in envelope.rcpt_tos:
                self.per_recipient[rcpt.lower()] += 1
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink():
    from aiosmtpd.controller import Controller

    handler = CountingSink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, handler


def setup_django(db_url: str, smtp_port: int, queue: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ["BENCH_SMTP_PORT"] = str(smtp_port)
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = queue
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated a fresh database in {time.perf_counter() - started:.1f}s", flush=True)


def create_subscribers(count: int, *, interest_every: int = 0) -> None:
    """`count` confirmed volunteers who agreed to email, written in bulk."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from recruitment.models import Consent, Volunteer, VolunteerInterest

    user_model = get_user_model()
    now = timezone.now()
    started = time.perf_counter()
    chunk = 5000
    for offset in range(0, count, chunk):
        with transaction.atomic():
            users = user_model.objects.bulk_create(
                [
                    user_model(
                        email=f"person{n}@bench.example.org",
                        first_name=f"Person{n}",
                        password="!",
                    )
                    for n in range(offset, min(offset + chunk, count))
                ]
            )
            volunteers = Volunteer.objects.bulk_create(
                [
                    Volunteer(
                        user=user,
                        postal_code="48201",
                        confirmed_at=now,
                        referral_code=uuid.uuid4().hex[:12],
                        preferred_language="es" if n % 5 == 0 else "en",
                    )
                    for n, user in enumerate(users, start=offset)
                ]
            )
            Consent.objects.bulk_create(
                [
                    Consent(
                        volunteer=volunteer,
                        channel=Consent.Channel.EMAIL,
                        granted=True,
                        wording_version="bench",
                        source=Consent.Source.IMPORT,
                    )
                    for volunteer in volunteers
                ]
            )
            if interest_every:
                VolunteerInterest.objects.bulk_create(
                    [
                        VolunteerInterest(volunteer=volunteer, activity="canvassing")
                        for n, volunteer in enumerate(volunteers, start=offset)
                        if n % interest_every == 0
                    ]
                )
    print(f"created {count} subscribers in {time.perf_counter() - started:.1f}s", flush=True)


def make_newsletter(subject: str, **audience):
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from portal.newsletters.models import NewsletterIndexPage, NewsletterPage

    locale, _created = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="Home", slug="home-bench", hero_heading="Bench", locale=locale)
        root.add_child(instance=home)
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.hostname = "127.0.0.1"
        site.save()
    index = NewsletterIndexPage.objects.first()
    if index is None:
        index = NewsletterIndexPage(title="Newsletters", slug="newsletters")
        home.add_child(instance=index)
        index.save_revision().publish()
    page = NewsletterPage(
        title=subject,
        slug=f"bench-{uuid.uuid4().hex[:8]}",
        subject=subject,
        preheader="Benchmark",
        body=[
            {
                "type": "text",
                "value": "<p>" + "Neighbors knocked on doors and made calls. " * 20 + "</p>",
            },
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Join a phone bank",
                    "text": "Two hours from home.",
                    "button_text": "Find a shift",
                    "url": "https://example.org/events/",
                },
            },
        ],
        **audience,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def start_worker(queue: str, *, concurrency: int = 2, extra_env: dict | None = None, kinds=None):
    """A worker for the benchmark's own queues: every kind (default, transactional, bulk), or
    only `kinds`, as production's Procfile splits them."""
    # Imported here: the settings read the environment that setup_django() prepares.
    from portal.settings.base import celery_queues

    queues = celery_queues(queue)
    consumed = [queues[kind] for kind in (kinds or queues)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, **(extra_env or {})}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--queues",
            ",".join(consumed),
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={queue}-{uuid.uuid4().hex[:6]}@localhost",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group, so kill -9 reaches the pool too
    )


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            for child in children:
                pids.extend(process_tree(int(child)))
    except (FileNotFoundError, ProcessLookupError):
        pass
    return pids


def peak_rss_mib(pid: int) -> dict[int, float]:
    """Peak resident memory (VmHWM) of the worker and each pool process, in MiB."""
    peaks = {}
    for member in process_tree(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[member] = int(line.split()[1]) / 1024
        except FileNotFoundError:
            continue
    return peaks


def stop_worker(process, *, hard: bool = False) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGKILL if hard else signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def wait_until(condition, *, timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
