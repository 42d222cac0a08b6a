"""gunicorn's settings for production (read from the working directory; Procfile names it).

Sized for small machines (2 cores): a process per core plus one, each with threads, because a
request spends most of its time waiting for PostgreSQL, Redis or the broker rather than on the
CPU; threads wait cheaply while another request runs Python. Each thread keeps its own database
connection (DATABASE_CONN_MAX_AGE), so a node holds workers x threads connections. Override with
WEB_CONCURRENCY (processes) and GUNICORN_THREADS; measured in README, Benchmarks.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
worker_class = "gthread"
# A rush arrives at once: let the kernel queue it rather than refuse connections.
backlog = 2048
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
# Recycle processes now and then, so a slow leak never grows into an outage.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"


def post_fork(server, worker):
    # A thread holding a shift's row lock gives the GIL up at every database round trip and
    # must get it back before it can commit; with the default 5 ms switch interval, threads
    # busy rendering make it wait several intervals while every RSVP behind it waits too.
    import sys

    sys.setswitchinterval(0.001)


def post_worker_init(worker):
    # Everything loaded so far (Django, Wagtail, the URL and template caches) lives as long as
    # the process: freezing it keeps the collector from walking it again and again, which
    # otherwise shows as pauses of tens of ms on big pages (the door desk with 500 cards).
    import gc

    gc.freeze()
