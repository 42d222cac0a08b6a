"""Settings shared by every environment. Environment variables choose the moving parts."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "recruitment",
    "recruitment.mentoring",
    "events",
    "training",
    "portal.newsletters",
    "portal.insights",
    "portal.dashboard",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    # Content translation: field-by-field in the admin, "out of date" when the source changes,
    # PO export/import for volunteer translators (simple_translation only copies the page).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app, with users and groups forms that keep the text rule.
    "portal.apps.PortalUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_celery_beat",
    "anymail",
    "axes",
    "csp",
    "allauth",
    "allauth.account",
    # Second factor for staff: authenticator apps (TOTP), passkeys/security keys, recovery codes.
    "allauth.mfa",
    "phonenumber_field",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # allauth.mfa's passkey list shows "last used 3 hours ago".
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that can refuse a request, so that every /api/ refusal becomes JSON.
    "portal.api_errors.ApiJsonErrorsMiddleware",
    # Before anything resolves the path or reads filters: NUL or broken text in a URL is a 400.
    "portal.security.UnstorableInputMiddleware",
    # Before anything reads a body (CSRF reads the form): an oversized upload is refused unread.
    "portal.security.UploadSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything asks Wagtail which site this is (portal/sites.py).
    "portal.sites.RememberSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: staff reach no admin page without a second factor, and their
    # sessions slide on a working day instead of a volunteer's two weeks.
    "portal.staff_access.StaffAccessMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file in the embedded setup: WAL lets readers and one
    # writer work at once, and IMMEDIATE transactions wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any real check runs.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Volunteers log in on the public site with an emailed code (django-allauth).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Volunteers mostly have no password: the emailed one-time code is the front door.
LOGIN_URL = "account_request_login_code"
LOGIN_REDIRECT_URL = "dashboard:home"
# One door: the admin logs in through allauth, whose login stages ask staff for their second
# factor (Wagtail's own password-only form would skip it; /admin/login/ redirects here).
WAGTAILADMIN_LOGIN_URL = "account_login"

# --- Volunteer accounts (django-allauth): email is the login, no usernames, and a one-time code
# sent by email replaces the password for people who never set one.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# "password1" (optional) keeps a password box on the login form for people who chose to set one.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "recruitment.accounts.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PREVENT_ENUMERATION = True

# --- Second factor (allauth.mfa): required of staff by portal.staff_access; volunteers may
# add one but keep the emailed code.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("PORTAL_SITE_NAME", "Volunteer Portal")
# Passkeys answer "who are you" and "second factor" at once, so they may sign staff in directly.
MFA_PASSKEY_LOGIN_ENABLED = True
# Development serves http://127.0.0.1; production settings switch this off.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Wrong codes are rate-limited by allauth per account (ACCOUNT_RATE_LIMITS["login_failed"]: its
# default, 5 per 5 minutes per account and 10 a minute per address).
# Staff sessions end after this long without a request (sliding); volunteers keep
# SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("PORTAL_STAFF_SESSION_IDLE_SECONDS", 8 * 3600))

# Phone numbers are stored in E.164; numbers typed without a country code are read as US ones.
PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Keep (disabled) translation records when a source page is deleted, so its translations know
# they lost their source and answer 404 (portal.i18n.source_is_gone) instead of standing alone.
WAGTAILLOCALIZE_DISABLE_ON_DELETE = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
# Date and time formats of our own per language (portal/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# "private" holds files only permission-checked views hand out (résumés): outside MEDIA_ROOT.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "portal.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Refuse oversized bodies with a 400 before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Largest multipart body the public site reads: a 2 MB résumé plus the application's fields.
PUBLIC_UPLOAD_MAX_BYTES = 3 * 1024 * 1024

# --- Cache (rate limits and axes need one shared by every process) --------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

# How long a value shared through the cache may be kept at most (portal/remembered.py): the
# event a sign-up reads, API keys. Any change to their rows forgets them at once.
PORTAL_REMEMBER_SECONDS = int(os.environ.get("PORTAL_REMEMBER_SECONDS", "300"))

# --- Wagtail --------------------------------------------------------------------------
# How long each process reuses the site it found for a host (portal/sites.py).
PORTAL_SITE_CACHE_SECONDS = int(os.environ.get("PORTAL_SITE_CACHE_SECONDS", "30"))
WAGTAIL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "Volunteer Portal")
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Training documents and uploads: office formats and PDFs only; anything else (.exe, .html, .svg…)
# is refused with a clear message.
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odp",
    "ods",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party avatar requests: they leak who uses the admin and the CSP would block them.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite'}"
)
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND", f"db+sqlite:///{VAR_DIR / 'celery-results.sqlite'}"
)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# acks_late is opted into per task, only where the task is idempotent.
CELERY_TASK_ACKS_LATE = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Tests and benchmarks start workers on a queue of their own; everything else uses "celery".
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")


def celery_queues(default: str) -> dict[str, str]:
    """The three queues for a default queue: "celery", "transactional" and "bulk" in production;
    "<default>", "<default>.transactional" and "<default>.bulk" for a test's or benchmark's own
    default queue, so an isolated worker gets a complete set of its own."""
    if default == "celery":
        return {"default": "celery", "transactional": "transactional", "bulk": "bulk"}
    return {
        "default": default,
        "transactional": f"{default}.transactional",
        "bulk": f"{default}.bulk",
    }


# Transactional mail never waits behind bulk mail: messages a person is waiting for (an RSVP's
# confirmation, a sign-up's address check…) have a queue of their own, newsletters another, and
# production runs a worker for each (Procfile). A worker started without --queues consumes only
# the default queue, so the development Procfile and the smoke tests name all three.
PORTAL_CELERY_QUEUES = celery_queues(CELERY_TASK_DEFAULT_QUEUE)
TRANSACTIONAL_TASKS = (
    "events.send_rsvp_confirmation",
    "events.send_already_signed_up",
    "events.send_notice",
    "events.resend_notices",
    "events.notify_host_approved",
    "recruitment.send_signup_confirmation",
    "recruitment.send_application_status_email",
    "recruitment.send_mentoring_notice",
    "training.send_course_congratulation",
    "portal.staff_new_device_email",
)
BULK_TASKS = ("newsletters.start", "newsletters.deliver")
CELERY_TASK_ROUTES = {
    **{name: {"queue": PORTAL_CELERY_QUEUES["transactional"]} for name in TRANSACTIONAL_TASKS},
    **{name: {"queue": PORTAL_CELERY_QUEUES["bulk"]} for name in BULK_TASKS},
}
# Every periodic task is declared here, and only here. When beat starts, django-celery-beat's
# DatabaseScheduler writes each entry into its PeriodicTask table, matched by the entry's name
# (update_or_create), so organizers see and can pause them in the admin. Task and schedule are
# reset from here at each start; an entry switched off in the admin stays off. The two names in
# sentences are the rows earlier data migrations created: keeping them updates those rows rather
# than adding a second row for the same job.
CELERY_BEAT_SCHEDULE = {
    # Event reminders that are due, and notices whose first send was lost.
    "Event reminders": {"task": "events.send_due_reminders", "schedule": timedelta(minutes=5)},
    # After shifts: thank-yous and "we missed you"; unconfirmed late promotions passed on; lost
    # event messages resent.
    "Around events": {"task": "events.around_events", "schedule": timedelta(minutes=5)},
    # Mentoring check-in reminders and feedback requests that are due, and lost ones resent.
    "Mentoring check-ins and feedback": {
        "task": "recruitment.mentoring_send_due",
        "schedule": timedelta(hours=1),
    },
    # Standing sign-ups of recurring series take places in occurrences as they open.
    "events-fill-standing-rsvps": {
        "task": "events.fill_standing_rsvps",
        "schedule": timedelta(hours=1),
    },
    "newsletters-start-due": {"task": "newsletters.start_due", "schedule": 60.0},
    # Picks up sends whose workers died: rows whose claim lease ran out are sent again.
    "newsletters-resume-stalled": {"task": "newsletters.resume_stalled", "schedule": 300.0},
    # Texts held by quiet hours go out at 08:00 local; lost ones are checked and resent.
    "portal-send-due-texts": {"task": "portal.send_due_texts", "schedule": 60.0},
    "newsletters-award-milestones": {
        "task": "newsletters.award_milestones",
        "schedule": crontab(hour=3, minute=15),
    },
    # Retention rules of the site settings (issue 22); each run logs its counts.
    "insights-retention-run": {
        "task": "insights.retention_run",
        "schedule": crontab(hour=2, minute=30),
    },
    # The Insights dashboard's default view, recomputed before its cached figures go stale.
    "insights-refresh-default": {"task": "insights.refresh_default", "schedule": 120.0},
}
# How long Insights figures are kept per filter set (portal/insights/cache.py); the pages show
# their "as of" time. 0 computes every figure on every request.
INSIGHTS_FRESH_SECONDS = int(os.environ.get("INSIGHTS_FRESH_SECONDS", "300"))

# --- Email ----------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Volunteer Portal <hello@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Emails are signed and sent by the organization named in the site settings (sender name and
# address, logo, colours); DEFAULT_FROM_EMAIL is only the fallback. See portal.mail.
PORTAL_EMAIL_BRANDING = "home.selectors.organization_branding"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "portal.mail.ConsoleAndFileEmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
# ESP tracking webhooks (/anymail/<esp>/tracking/) require this "user:password" basic-auth secret.
ANYMAIL = (
    {"WEBHOOK_SECRET": os.environ["ANYMAIL_WEBHOOK_SECRET"]}
    if os.environ.get("ANYMAIL_WEBHOOK_SECRET")
    else {}
)
# The ESP whose tracking webhook is mounted at /anymail/<esp>/tracking/. Empty: the one named by an
# anymail EMAIL_BACKEND (anymail.backends.<esp>.EmailBackend); none for SMTP or the console.
PORTAL_TRACKING_ESP = os.environ.get("PORTAL_TRACKING_ESP", "")
# Newsletter delivery: rows per claim, how long a claim holds before a dead worker's rows are
# sent by someone else (longer than a batch takes), and sender tasks started per newsletter.
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "100"))
NEWSLETTER_LEASE_SECONDS = int(os.environ.get("NEWSLETTER_LEASE_SECONDS", "300"))
NEWSLETTER_PARALLEL_SENDERS = int(os.environ.get("NEWSLETTER_PARALLEL_SENDERS", "2"))

# --- Text messages (portal/sms) ------------------------------------------------------------
# portal.sms.backends.ConsoleFileTextBackend (development: console + var/sms/),
# portal.sms.backends.TwilioTextBackend (production), portal.sms.backends.LocmemTextBackend (tests).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "portal.sms.backends.ConsoleFileTextBackend")
SMS_FILE_PATH = VAR_DIR / "sms"
# Seconds to wait for the provider's answer; after the request went out, no answer is "unknown".
SMS_PROVIDER_TIMEOUT = float(os.environ.get("SMS_PROVIDER_TIMEOUT", "15"))
# How long a text may stay "sending" before its worker counts as dead and the sweep takes it.
SMS_LOST_AFTER_SECONDS = int(os.environ.get("SMS_LOST_AFTER_SECONDS", "600"))
# Texts that can wait (not urgent ones) a person gets at most this many a day.
SMS_DAILY_CAP = int(os.environ.get("SMS_DAILY_CAP", "3"))
# No text that can wait goes out 21:00–08:00 where the person lives (portal/sms/quiet.py).
SMS_QUIET_HOURS = True
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "")
# Empty: Twilio itself. Set only to aim the library at a stand-in (benchmarks) or a proxy.
TWILIO_API_BASE_URL = os.environ.get("TWILIO_API_BASE_URL", "")

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Failed-login throttling (django-axes): five failures for one account from one address lock
# that pair out for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Reads the account from the admin's and allauth's login forms alike.
AXES_USERNAME_CALLABLE = "recruitment.accounts.axes_username"

RATELIMIT_VIEW = "portal.views.rate_limited"
RATELIMIT_USE_CACHE = "default"

# Public contact details used in templates when the site settings are still empty.
PORTAL_SUPPORT_EMAIL = os.environ.get("PORTAL_SUPPORT_EMAIL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
