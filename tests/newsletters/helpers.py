"""A real SMTP sink and a real Celery worker process for delivery tests and benchmarks."""

import email
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


class SinkHandler:
    """Keeps every message aiosmtpd accepts, parsed."""

    def __init__(self, parse: bool = True):
        self.parse = parse
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        self.messages.append(email.message_from_bytes(data) if self.parse else data)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink(parse: bool = True) -> tuple[Controller, SinkHandler]:
    handler = SinkHandler(parse=parse)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, handler


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database this process is using (the test database in tests)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}"
        f"@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
        f"/{settings_dict['NAME']}"
    )


def start_worker(
    *,
    queue: str,
    db_url: str,
    smtp_port: int,
    settings_module: str = "tests.newsletters.worker_settings",
    extra_env: dict | None = None,
    concurrency: int = 1,
    log_path: Path | None = None,
) -> subprocess.Popen:
    from portal.settings.base import celery_queues

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": db_url,
        "TEST_SMTP_PORT": str(smtp_port),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **(extra_env or {}),
    }
    pool = (
        ["--pool=solo"] if concurrency == 1 else ["--pool=prefork", f"--concurrency={concurrency}"]
    )
    output = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            *pool,
            "--queues",
            ",".join(celery_queues(queue).values()),
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={queue}-{uuid.uuid4().hex[:6]}@localhost",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_for(condition, *, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
