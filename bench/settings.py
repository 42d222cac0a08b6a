"""Benchmark settings: production-like (DEBUG off, PostgreSQL, Redis cache) on 127.0.0.1 only.

Emails are rendered and "sent" in memory and Celery tasks run in-process, so an RSVP pays for
its confirmation email without needing a worker or a mail server.
"""

import os

from portal.settings.base import *  # noqa: F403

SECRET_KEY = "bench-only-key"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
