"""Prove that a database made at an earlier main migrates forward with nothing lost.

Run by scripts/check-migrate-forward under two codebases in turn, against one database:
  `snapshot OUT.json`  (old code) counts the rows of every table;
  `verify IN.json`     (new code) checks that every table kept its rows, that every Wagtail page
                        still resolves to its specific class, and that every content type a
                        page, a permission or a log entry points at names a model that exists.
A table may only disappear if MOVED_TABLES says where its rows went and the rows arrived.
"""

import json
import sys

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _live_trainings_kept(before: dict[str, int]) -> tuple[int, int]:
    """training_coursesession rows became EventPage.course links."""
    from events.models import EventPage

    return before.get("training_coursesession", 0), EventPage.objects.filter(
        course__isnull=False
    ).count()


# A table the forward migrations drop, and how to see that its rows arrived elsewhere.
MOVED_TABLES = {"training_coursesession": _live_trainings_kept}


def verify(before: dict[str, int]) -> list[str]:
    after = row_counts()
    problems = []
    for table, count in sorted(before.items()):
        if table in after:
            # Content types and permissions may only grow (new apps add theirs).
            if after[table] < count:
                problems.append(f"{table}: {count} rows before, {after[table]} after")
        elif table in MOVED_TABLES:
            expected, arrived = MOVED_TABLES[table](before)
            if arrived < expected:
                problems.append(f"{table}: {expected} rows moved, {arrived} arrived")
        else:
            problems.append(f"{table}: dropped with {count} rows")

    from wagtail.models import Page

    for page in Page.objects.all():
        if page.specific_class is None:
            problems.append(f"page {page.pk} ({page.url_path}) has no model")
        else:
            page.specific  # noqa: B018  (raises if the specific row is missing)
    used = set(Page.objects.values_list("content_type", flat=True))
    used |= set(
        ContentType.objects.filter(permission__group__isnull=False).values_list("pk", flat=True)
    )
    for content_type in ContentType.objects.filter(pk__in=used):
        if content_type.model_class() is None:
            problems.append(f"content type {content_type.app_label}.{content_type.model} is stale")
    return problems


if __name__ == "__main__":
    command, path = sys.argv[1], sys.argv[2]
    if command == "snapshot":
        counts = row_counts()
        with open(path, "w") as out:
            json.dump(counts, out, indent=1, sort_keys=True)
        print(f"snapshot: {len(counts)} tables, {sum(counts.values())} rows")
    else:
        with open(path) as source:
            before = json.load(source)
        problems = verify(before)
        for problem in problems:
            print(f"LOST: {problem}")
        if problems:
            sys.exit(1)
        print(f"migrate-forward: {len(before)} tables checked, nothing lost")
