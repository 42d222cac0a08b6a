"""Settings for the newsletter benchmarks: PostgreSQL and Redis on 127.0.0.1, real SMTP to the
benchmark's aiosmtpd sink, Celery across processes. Never for anything else."""

import os

from portal.settings.base import *  # noqa: F403

SECRET_KEY = "bench-only-key"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("BENCH_SMTP_PORT", "2525"))
EMAIL_TIMEOUT = 30
CELERY_BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
