"""The embedded default: SQLite, an SQLite Celery broker, mail to the console and var/mail/."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# A development-only key; production refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405

VAR_DIR.mkdir(parents=True, exist_ok=True)
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Passkeys on http://127.0.0.1 (browsers allow WebAuthn on localhost without TLS).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
