"""Settings for a Celery worker started by a test: the test settings, plus the test's database
(DATABASE_URL, set by the test) and real SMTP to the test's aiosmtpd sink on loopback."""

import os

from portal.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 10
CELERY_TASK_ALWAYS_EAGER = False
