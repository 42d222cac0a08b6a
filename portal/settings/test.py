"""Tests: PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL say so (CI), else SQLite."""

import os

from .base import *  # noqa: F403
from .base import REDIS_URL, VAR_DIR

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "portal.sms.backends.LocmemTextBackend"
# Mail stays in memory, but the webhook tests need one ESP's tracking webhook mounted.
PORTAL_TRACKING_ESP = "postmark"

# Tasks run in-process so services can be tested end to end; tests marked `worker` switch this off
# and talk to a real worker through the configured broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Without CI's Redis, tests get brokers of their own so they never meet a running dev worker.
CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / 'test-celery-broker.sqlite'}"
)
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND", f"db+sqlite:///{VAR_DIR / 'test-celery-results.sqlite'}"
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's in-memory test database, so a real Celery worker process started by a
    # test (tests/newsletters/test_worker.py) sees the same data; one file per test run.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
AXES_ENABLED = True
WAGTAILADMIN_BASE_URL = "http://testserver"

# Quiet logs: failures print their own context.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Tests see every write at once; tests/insights/test_cache.py switches the cache on.
INSIGHTS_FRESH_SECONDS = 0
# Tests make and drop sites inside rolled-back transactions; tests/portal/test_sites.py turns
# the per-process site memory on.
PORTAL_SITE_CACHE_SECONDS = 0
