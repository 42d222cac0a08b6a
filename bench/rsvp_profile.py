"""Where an RSVP's time and queries go: both paths (API, event page form) served in-process.

    .venv/bin/python -m bench.rsvp_profile [--count 50] [--cprofile]

A throwaway PostgreSQL database as in bench/rsvp_api.py; prints the SQL queries of one RSVP on
each path (after warm-up) and, with --cprofile, the 25 most expensive functions over `count`.
"""

import argparse
import cProfile
import json
import pstats
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django, site_with_index, throwaway_database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    options = parser.parse_args()
    with throwaway_database("portal_bench_rsvp_profile") as url:
        setup_django(url)
        from django.db import connection, connections
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse
        from django.utils import timezone

        from events.models import EventPage, Shift
        from events.services import api_key_create

        index = site_with_index()
        start = timezone.now().replace(microsecond=0) + timedelta(days=3)
        event = EventPage(
            title="Profile canvass", slug="profile-canvass", timezone="America/Detroit"
        )
        event.shifts.add(Shift(start_at=start, end_at=start + timedelta(hours=3), capacity=10))
        index.add_child(instance=event)
        event.save_revision().publish()
        shift = event.shifts.get()
        _key, raw_key = api_key_create(name="profile")
        client = Client(HTTP_HOST="127.0.0.1")

        def api(number):
            body = {
                "person": {
                    "given_name": "P",
                    "family_name": str(number),
                    "email_address": f"p{number}@example.org",
                    "postal_code": "48207",
                },
                "timeslots": [{"timeslot_id": shift.pk}],
            }
            response = client.post(
                f"/api/v1/events/{event.pk}/attendances",
                json.dumps(body),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {raw_key}",
            )
            assert response.status_code == 201, response.content[:300]

        def form(number):
            data = {
                "shifts": [shift.pk],
                "first_name": "Bench",
                "last_name": "Runner",
                "email": f"f{number}@example.org",
                "postal_code": "48207",
            }
            response = client.post(reverse("events:sign_up", args=[event.pk]), data)
            assert response.status_code == 302, (
                response.status_code,
                response.context and response.context.get("rsvp_form").errors,
            )

        def trivial(_number):
            assert client.get("/bench/trivial").status_code == 200

        for name, path in (("trivial view", trivial), ("API", api), ("form", form)):
            path(-1)
            path(-2)
            with CaptureQueriesContext(connection) as captured:
                path(-3)
            print(f"RSVP via {name}: {len(captured)} queries")
            if options.show_sql:
                for query in captured.captured_queries:
                    print("   ", query["sql"][:160])
            import time

            started, cpu = time.perf_counter(), time.process_time()
            for number in range(1000, 1000 + options.count):
                path(number)
            elapsed = (time.perf_counter() - started) / options.count
            cpu = (time.process_time() - cpu) / options.count
            print(
                f"RSVP via {name}: {elapsed * 1000:.2f} ms each, in-process, one at a time"
                f" ({cpu * 1000:.2f} ms of it on this process's CPU)"
            )
            if options.cprofile:
                profile = cProfile.Profile()
                profile.enable()
                for number in range(2000, 2000 + options.count):
                    path(number)
                profile.disable()
                pstats.Stats(profile).sort_stats(options.sort).print_stats(30)
                profile.dump_stats(f"/tmp/rsvp-{name}.prof")
        from portal.celery import app

        app.control.purge()
        connections.close_all()


if __name__ == "__main__":
    main()
