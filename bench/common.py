"""Shared set-up for benchmarks: a throwaway PostgreSQL database on 127.0.0.1."""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://portal:portal@127.0.0.1:5432/portal"


def database_urls(name: str) -> tuple[str, str]:
    """(maintenance URL, benchmark database URL), both on 127.0.0.1."""
    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if "127.0.0.1" not in base and "localhost" not in base:
        sys.exit("Benchmarks only run against a database on 127.0.0.1.")
    head, _slash, _db = base.rpartition("/")
    return base, f"{head}/{name}"


@contextmanager
def throwaway_database(name: str):
    import psycopg

    maintenance, url = database_urls(name)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/2")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated a fresh database in {time.perf_counter() - started:.1f}s")


def site_with_index():
    from wagtail.models import Locale, Page, Site

    from events.models import EventIndexPage
    from home.models import HomePage

    locale, _created = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePage(title="Home", slug="home-bench", hero_heading="Bench", locale=locale)
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "127.0.0.1"
    site.save()
    index = EventIndexPage(title="Events", slug="events", locale=locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[position]


def measure_url(client, url: str, *, repeats: int, headers: dict | None = None):
    """Median server time of `repeats` requests after one warm-up, and the query counts seen."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **(headers or {}))  # warm caches such as the site's root paths
    times, queries = [], set()
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, **(headers or {}))
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
    return statistics.median(times), queries


def report_url(target: str, median: float, queries: set, *, max_queries: int, width: int) -> bool:
    """Print one URL's figures; True when every request ran the same, bounded number of queries."""
    fixed = len(queries) == 1 and max(queries) <= max_queries
    print(
        f"  {target:<{width}} median {median * 1000:8.1f} ms   queries {sorted(queries)}"
        f"{'' if fixed else '  <-- not fixed'}"
    )
    return fixed
