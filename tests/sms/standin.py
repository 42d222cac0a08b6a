"""A local stand-in for Twilio's Messages API, answering like the real one: what tests and the
crash benchmark send through the `twilio` library (its own HTTP client, aimed here) lands in
`received`. Nothing leaves the machine."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "standin-auth-token"


class TwilioStandIn:
    def __init__(self):
        self.received: list[dict] = []
        self.lock = threading.Lock()
        # What the next POSTs do: "ok", ("refuse", code), ("hang", seconds) for a lost answer.
        self.plan: list = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> TwilioStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def per_recipient(self) -> Counter:
        with self.lock:
            return Counter(message["To"] for message in self.received)

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                fields = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                with standin.lock:
                    step = standin.plan.pop(0) if standin.plan else "ok"
                if isinstance(step, tuple) and step[0] == "refuse":
                    self._answer(
                        400,
                        {
                            "code": step[1],
                            "message": "The 'To' number is not valid.",
                            "status": 400,
                        },
                    )
                    return
                with standin.lock:
                    sid = f"SM{len(standin.received) + 1:032d}"
                    message = {**fields, "sid": sid, "at": time.time()}
                    standin.received.append(message)
                if isinstance(step, tuple) and step[0] == "hang":
                    time.sleep(step[1])  # the client gives up first: it never hears the answer
                self._answer(201, _resource(message))

            def do_GET(self):
                query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                with standin.lock:
                    found = [
                        _resource(message)
                        for message in standin.received
                        if message.get("To") == query.get("To", message.get("To"))
                    ]
                self._answer(
                    200,
                    {
                        "messages": found,
                        "page": 0,
                        "page_size": len(found),
                        "next_page_uri": None,
                        "uri": urlparse(self.path).path,
                        "first_page_uri": urlparse(self.path).path,
                        "previous_page_uri": None,
                    },
                )

        return Handler


def _resource(message: dict) -> dict:
    return {
        "sid": message["sid"],
        "account_sid": ACCOUNT_SID,
        "to": message.get("To"),
        "from": message.get("From"),
        "body": message.get("Body"),
        "status": "queued",
        "num_segments": "1",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
        "date_created": "Mon, 30 Nov 2026 12:00:00 +0000",
        "date_sent": None,
        "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{message['sid']}.json",
    }
