"""Drives the two-node smoke test (scripts/two-node-smoke starts the processes).

Node A and node B are two gunicorn processes with production settings, each with its own
PORTAL_VAR_DIR (as on two machines), sharing PostgreSQL, Redis and an S3 server. Django is set
up here only to find the demo content's ids, make the organizer and read the ledger; every
action goes through HTTP, half of it on one node and half on the other.

Usage: two_node_smoke.py NODE_A_URL NODE_B_URL MAILDIR WORKER_LOG_1 WORKER_LOG_2

With TWO_NODE_LOAD_SECONDS=N it then measures what one web node (one gunicorn sync worker)
serves: 4 clients for N seconds per page, on loopback (the figures of docs: Operations).
"""

import io
import json
import mailbox
import os
import re
import secrets
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import django
import requests

# The nodes sit behind a TLS proxy in production; here the header says so (SECURE_SSL_REDIRECT).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class Browser(requests.Session):
    """A session that sends its cookies over plain http: the session and CSRF cookies are
    Secure, and here the TLS proxy is only the X-Forwarded-Proto header."""

    def __init__(self):
        super().__init__()
        self.headers.update(PROXY_HEADERS)

    def prepare_request(self, request):
        prepared = super().prepare_request(request)
        if self.cookies:
            prepared.headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in self.cookies)
        return prepared


def browser() -> Browser:
    return Browser()


def csrf_post(session: requests.Session, url: str, *, data: dict, files=None, page_url=None):
    """POST like a browser: the CSRF token from the form page, Origin and Referer on https."""
    page = session.get(page_url or url, timeout=30)
    page.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    origin = "https://" + url.split("://", 1)[1].split("/", 1)[0]
    return session.post(
        url,
        data={"csrfmiddlewaretoken": token, **data},
        files=files,
        headers={"Origin": origin, "Referer": page_url or url},
        allow_redirects=False,
        timeout=30,
    )


def check(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"two-node smoke test FAILED: {message}")
    print(f"ok: {message}")


def world() -> dict:
    """Demo ids, and an organizer with a fresh password (Wagtail's Moderators group)."""
    django.setup()
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from events.models import Shift
    from portal.models import User
    from portal.newsletters.models import NewsletterPage
    from recruitment.models import InternshipPage

    password = secrets.token_urlsafe(24)
    organizer, _ = User.objects.get_or_create(
        email="two-node-organizer@example.org", defaults={"is_staff": True}
    )
    organizer.is_staff = True
    organizer.set_password(password)
    organizer.save()
    organizer.groups.add(Group.objects.get(name="Moderators"))
    # Staff sign in with a second factor: enrol an authenticator app with a secret of this run.
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    from portal.staff_access import totp_enrol

    totp_secret = generate_totp_secret()
    totp_enrol(user=organizer, secret=totp_secret)
    # The first shift anyone may take: no qualification of its own or by its event type (which
    # of the demo's events comes first depends on the day the test runs), and places left.
    from events.gating import shift_requirements_by_shift

    candidates = list(
        Shift.objects.filter(
            page__live=True,
            page__locale__language_code="en",
            start_at__gt=timezone.now() + timedelta(days=1),
            required_qualification__isnull=True,
        )
        .select_related("page")
        .order_by("start_at")[:100]
    )
    gated = shift_requirements_by_shift(shifts=candidates)
    shift = next(s for s in candidates if s.pk not in gated and not s.is_full)
    internship = InternshipPage.objects.live().filter(locale__language_code="en").first()
    newsletter = NewsletterPage.objects.live().get(
        slug="december-update", locale__language_code="en"
    )
    return {
        "email": organizer.email,
        "password": password,
        "totp_secret": totp_secret,
        "event_id": shift.page_id,
        "event_url": shift.page.url,
        "shift_id": shift.pk,
        "internship_url": internship.url,
        "newsletter_id": newsletter.pk,
    }


def log_in(base: str, email: str, password: str, totp_secret: str) -> requests.Session:
    """Through the one door staff use: allauth's login, then the authenticator code."""
    from portal.staff_access import totp_code

    session = browser()
    response = csrf_post(
        session, f"{base}/accounts/login/", data={"login": email, "password": password}
    )
    check(
        response.status_code == 302 and "/2fa/" in response.headers.get("Location", ""),
        f"organizer's password accepted on {base}, second factor asked",
    )
    response = csrf_post(
        session, f"{base}/accounts/2fa/authenticate/", data={"code": totp_code(totp_secret)}
    )
    check(response.status_code == 302, f"organizer logs in on {base} with the second factor")
    admin = session.get(f"{base}/admin/", allow_redirects=False, timeout=30)
    check(admin.status_code == 200, f"organizer reaches the admin on {base}")
    return session


def resume_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main(node_a: str, node_b: str, maildir: str, worker_logs: list[str]) -> None:
    started = time.monotonic()
    w = world()

    # Log-in sessions live in the database: a session made on A is good on B.
    organizer_a = log_in(node_a, w["email"], w["password"], w["totp_secret"])
    organizer_b = browser()
    organizer_b.cookies.update(organizer_a.cookies)
    dashboard = organizer_b.get(f"{node_b}/admin/", allow_redirects=False, timeout=30)
    check(dashboard.status_code == 200, "the session made on node A is logged in on node B")

    # A résumé uploaded through A is downloaded by the organizer through B (shared S3).
    pdf = resume_pdf()
    tag = secrets.token_hex(4)
    applicant = browser()
    applied = csrf_post(
        applicant,
        f"{node_a}{w['internship_url']}",
        data={
            "given_name": f"Twonode{tag}",
            "family_name": "Applicant",
            "email": f"applicant-{tag}@example.org",
            "phone": "",
            "availability": "Weekday afternoons",
            "statement": "Two machines, one résumé.",
            "website": "",
        },
        files={"resume": ("cv.pdf", pdf, "application/pdf")},
    )
    check(applied.status_code == 200 and "application" in applied.text, "résumé sent to node A")
    listing = organizer_b.get(f"{node_b}/admin/internship_applications/?q=Twonode{tag}", timeout=30)
    found = re.search(r"/admin/internship_applications/inspect/(\d+)/", listing.text)
    check(found is not None, "node B lists the application made on node A")
    download = organizer_b.get(
        f"{node_b}/admin/internship_applications/resume/{found.group(1)}/", timeout=30
    )
    check(
        download.status_code == 200 and download.content == pdf,
        "node B streams the résumé uploaded through node A, byte for byte",
    )
    anonymous = browser().get(
        f"{node_b}/admin/internship_applications/resume/{found.group(1)}/",
        allow_redirects=False,
        timeout=30,
    )
    check(anonymous.status_code == 302 and pdf not in anonymous.content, "anonymous gets no résumé")

    # An RSVP on A shows on B's check-in desk.
    volunteer = browser()
    rsvp = csrf_post(
        volunteer,
        f"{node_a}{w['event_url']}",
        data={
            "shifts": str(w["shift_id"]),
            "first_name": f"Rsvp{tag}",
            "last_name": "Twonode",
            "email": f"rsvp-{tag}@example.org",
            "phone": "",
            "postal_code": "48201",
            "website": "",
        },
    )
    check(rsvp.status_code in (200, 302), f"RSVP accepted by node A ({rsvp.status_code})")
    desk = organizer_b.get(f"{node_b}/admin/checkin/{w['event_id']}/", timeout=30)
    check(desk.status_code == 200 and f"Rsvp{tag}" in desk.text, "node B's desk shows the RSVP")

    # A newsletter started on A is sent by both workers together, each message once.
    send_page = f"{node_a}/admin/newsletters/{w['newsletter_id']}/"
    from django.utils import timezone

    now = timezone.localtime() - timedelta(minutes=1)
    scheduled = csrf_post(
        organizer_a,
        f"{send_page}schedule/",
        data={"send_at": now.strftime("%Y-%m-%dT%H:%M")},
        page_url=send_page,
    )
    check(scheduled.status_code == 302, "newsletter started on node A")
    progress = {}
    sending_started = time.monotonic()
    for _ in range(180):
        progress = organizer_b.get(
            f"{node_b}/admin/newsletters/{w['newsletter_id']}/progress.json", timeout=30
        ).json()
        if progress.get("status") == "sent":
            break
        time.sleep(0.5)
    sending_took = time.monotonic() - sending_started
    check(progress.get("status") == "sent", f"newsletter finished: {json.dumps(progress)}")
    box = mailbox.Maildir(maildir, create=False)
    newsletter_mail = [m for m in box if m["List-Unsubscribe"]]
    recipients = Counter(m["To"] for m in newsletter_mail)
    check(
        len(newsletter_mail) > 0, f"{len(newsletter_mail)} newsletter emails reached the SMTP sink"
    )
    check(max(recipients.values()) == 1, "no recipient got the newsletter twice")
    from portal.newsletters.models import Delivery

    sent = Delivery.objects.filter(newsletter_id=w["newsletter_id"], status="sent").count()
    check(sent == len(newsletter_mail), f"ledger says {sent} sent, the sink holds as many")
    workers = []
    for path in worker_logs:
        with open(path, encoding="utf-8") as log:
            workers.append(log.read().count("newsletters.deliver["))
    check(all(workers), f"both workers delivered (deliver tasks seen per worker: {workers})")
    print(
        f"newsletter: {sent} emails in {sending_took:.1f}s from the schedule click "
        f"(ledger, two workers of one process each): {sent / sending_took:.0f} msg/s"
    )
    print(f"two-node smoke test passed in {time.monotonic() - started:.0f}s of requests")
    seconds = float(os.environ.get("TWO_NODE_LOAD_SECONDS", "0"))
    if seconds:
        for path in ("/healthz", "/", w["event_url"], "/events/"):
            measure(f"{node_a}{path}", seconds=seconds, clients=4)


def measure(url: str, *, seconds: float, clients: int) -> None:
    """A bounded closed-loop load: `clients` threads, each one request at a time, for
    `seconds`; prints requests/s and latencies. Only on loopback."""
    assert url.startswith("http://127.0.0.1:"), url
    latencies: list[float] = []
    errors = []
    stop = time.monotonic() + seconds

    def client():
        session = browser()
        while time.monotonic() < stop:
            begin = time.monotonic()
            response = session.get(url, timeout=30, allow_redirects=False)
            latencies.append(time.monotonic() - begin)
            if response.status_code != 200:
                errors.append(response.status_code)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(
        f"load {url.split('/', 3)[3] or '/'}: {len(latencies) / seconds:.1f} req/s, "
        f"median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"{len(errors)} non-200 ({clients} clients, {seconds:.0f}s)"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:6])
