"""SMS backends, chosen like Django's email backends by a dotted path in `SMS_BACKEND`.

A backend sends one text and says what became of it: accepted (with the provider's id), refused
(safe to record as failed), or unknown (the request went out and no answer came back: the
provider may have it, so it is never sent again by itself).
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from twilio.http.http_client import TwilioHttpClient


class TextRefused(Exception):
    """The provider answered and did not take the text (bad number, blocked, account problem)."""


class TextOutcomeUnknown(Exception):
    """The request was sent and the answer was lost (a read timeout, a broken connection)."""


@dataclass(frozen=True)
class Accepted:
    provider_id: str


class BaseTextBackend:
    #: Whether `find_sent` can ask the provider about texts it already took. Only then can a text
    #: whose worker died mid-call be told apart from one that never left.
    can_look_up = False

    def send(self, *, to: str, body: str, status_callback: str = "") -> Accepted:
        raise NotImplementedError

    def find_sent(self, *, to: str, body: str, since: datetime) -> str | None:
        """The provider id of a text with this body the provider took for `to` since `since`."""
        return None


class LocmemTextBackend(BaseTextBackend):
    """Keeps texts in `outbox` (a module list, like django.core.mail.outbox) for tests."""

    can_look_up = True
    outbox: list[dict] = []
    _ids = itertools.count(1)
    _lock = threading.Lock()

    def send(self, *, to: str, body: str, status_callback: str = "") -> Accepted:
        with self._lock:
            provider_id = f"LM{next(self._ids):08d}"
            LocmemTextBackend.outbox.append(
                {"to": to, "body": body, "id": provider_id, "at": timezone.now()}
            )
        return Accepted(provider_id)

    def find_sent(self, *, to: str, body: str, since: datetime) -> str | None:
        for text in LocmemTextBackend.outbox:
            if text["to"] == to and text["body"] == body and text["at"] >= since:
                return text["id"]
        return None


class ConsoleFileTextBackend(BaseTextBackend):
    """Development: one line per text on the console, and the text in `var/sms/` (one file a day,
    one JSON object a line), so a demo can be checked without a provider account."""

    can_look_up = True
    _ids = itertools.count(1)

    def _path(self) -> Path:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{timezone.now():%Y-%m-%d}.jsonl"

    def send(self, *, to: str, body: str, status_callback: str = "") -> Accepted:
        provider_id = f"DEV{timezone.now():%H%M%S}{next(self._ids):06d}"
        record = {"id": provider_id, "to": to, "body": body, "at": timezone.now().isoformat()}
        with self._path().open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.write(f"SMS to {to} ({len(body)} characters) → {self._path()}\n")
        sys.stdout.flush()
        return Accepted(provider_id)

    def find_sent(self, *, to: str, body: str, since: datetime) -> str | None:
        path = self._path()
        if not path.exists():
            return None
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if (
                record["to"] == to
                and record["body"] == body
                and datetime.fromisoformat(record["at"]) >= since
            ):
                return record["id"]
        return None


class TwilioTextBackend(BaseTextBackend):
    """Twilio through its official library. `http_client` (a `twilio.http.HttpClient`) is the
    library's own hook for the transport; tests and benchmarks give it one aimed at a stand-in."""

    can_look_up = True

    def __init__(self, *, http_client=None):
        from twilio.rest import Client

        if http_client is None:
            http_client = _configured_http_client()
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN, http_client=http_client
        )

    def _messages(self):
        return self.client.api.v2010.accounts(settings.TWILIO_ACCOUNT_SID).messages

    def send(self, *, to: str, body: str, status_callback: str = "") -> Accepted:
        from requests.exceptions import ConnectionError as RequestsConnectionError
        from requests.exceptions import ConnectTimeout, Timeout
        from twilio.base.exceptions import TwilioRestException

        options = {"to": to, "body": body}
        if settings.TWILIO_MESSAGING_SERVICE_SID:
            options["messaging_service_sid"] = settings.TWILIO_MESSAGING_SERVICE_SID
        else:
            options["from_"] = settings.TWILIO_FROM_NUMBER
        if status_callback:
            options["status_callback"] = status_callback
        try:
            message = self._messages().create(**options)
        except TwilioRestException as error:
            if error.status >= 500:
                # A server error may come after the text was queued: nobody can tell.
                raise TextOutcomeUnknown(str(error)) from error
            raise TextRefused(f"{error.code or error.status}: {error.msg}") from error
        except ConnectTimeout as error:
            raise TextRefused(f"connection timed out: {error}") from error
        except Timeout as error:
            raise TextOutcomeUnknown(f"no answer: {error}") from error
        except RequestsConnectionError as error:
            # Refused or reset before a request was written is "not sent"; a reset while
            # waiting for the answer cannot be told apart, so it counts as unknown.
            if _never_connected(error):
                raise TextRefused(f"cannot connect: {error}") from error
            raise TextOutcomeUnknown(f"connection lost: {error}") from error
        return Accepted(message.sid)

    def find_sent(self, *, to: str, body: str, since: datetime) -> str | None:
        for message in self._messages().list(to=to, date_sent_after=since, limit=50):
            if message.body == body:
                return message.sid
        return None


def _never_connected(error: Exception) -> bool:
    reason = str(error)
    return "Connection refused" in reason or "Failed to establish a new connection" in reason


def _configured_http_client() -> TwilioHttpClient:
    """The library's own client, or one aimed at `TWILIO_API_BASE_URL` (a stand-in or a proxy)."""
    timeout = settings.SMS_PROVIDER_TIMEOUT
    if settings.TWILIO_API_BASE_URL:
        return BaseUrlHttpClient(settings.TWILIO_API_BASE_URL, timeout=timeout)
    return TwilioHttpClient(timeout=timeout)


class BaseUrlHttpClient(TwilioHttpClient):
    """Sends every request of the library to `base_url` instead of https://*.twilio.com."""

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        path = url.split(".twilio.com", 1)[-1]
        return super().request(method, self.base_url + path, *args, **kwargs)


_backend_lock = threading.Lock()
_backend: BaseTextBackend | None = None
_backend_path = ""


def get_text_backend() -> BaseTextBackend:
    """The configured backend, one per process (the Twilio client keeps its connections)."""
    global _backend, _backend_path
    with _backend_lock:
        if _backend is None or _backend_path != settings.SMS_BACKEND:
            _backend = import_string(settings.SMS_BACKEND)()
            _backend_path = settings.SMS_BACKEND
        return _backend


def reset_text_backend() -> None:
    global _backend
    with _backend_lock:
        _backend = None
