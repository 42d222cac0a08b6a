"""Benchmark settings: production-like (DEBUG off, PostgreSQL, Redis cache) on 127.0.0.1 only.

As in production, the web process only enqueues the confirmation email to Redis (a bench-only
database, purged afterwards); BENCH_EAGER=1 instead renders and "sends" it inside the request.
"""

import os

from portal.settings.base import *  # noqa: F403

SECRET_KEY = "bench-only-key"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = os.environ.get("BENCH_EAGER") == "1"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = os.environ.get("BENCH_CELERY_BROKER_URL", "redis://127.0.0.1:6379/3")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
# A rush comes from hundreds of addresses; the bench's clients all share 127.0.0.1, so the per-IP
# API limits (5 writes a second) would measure the limiter, not the RSVP path.
PORTAL_API_RATES = {"read": None, "write": None}
# The same for the event page's form (30 sign-ups an hour per address).
RATELIMIT_ENABLE = False
# As in production (portal/settings/production.py): persistent connections with health checks.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# How long each RSVP waits for and holds the shift lock (events/services.py), for rsvp_api.py.
if os.environ.get("BENCH_LOCK_LOG"):
    LOGGING["handlers"]["rsvp_lock"] = {  # noqa: F405
        "class": "logging.FileHandler",
        "filename": os.environ["BENCH_LOCK_LOG"],
        "formatter": "bare",
    }
    LOGGING["formatters"]["bare"] = {"format": "%(message)s"}  # noqa: F405
    LOGGING["loggers"]["events.rsvp_lock"] = {  # noqa: F405
        "handlers": ["rsvp_lock"],
        "level": "DEBUG",
        "propagate": False,
    }
if os.environ.get("BENCH_SERVER_SIDE_BINDING") == "1":
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True  # noqa: F405
