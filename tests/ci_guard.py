"""CI must test the parts production runs on: a run that quietly fell back to SQLite proves less.

`.ci/run` exports CI=true with PostgreSQL and Redis; if either went missing from the environment,
the suite would still pass on the embedded defaults. This check stops such a run at its start.
"""

from collections.abc import Mapping


def ci_backends_problem(
    environ: Mapping[str, str], *, database_engine: str, broker_url: str
) -> str:
    """What is wrong with the test backends for a CI run, or "" when nothing is."""
    if environ.get("CI", "").lower() != "true":
        return ""
    problems = []
    if "postgresql" not in database_engine:
        problems.append(
            f"the test database is {database_engine}, not PostgreSQL (set DATABASE_URL)"
        )
    if not broker_url.startswith("redis"):
        problems.append(f"the Celery broker is {broker_url!r}, not Redis (set CELERY_BROKER_URL)")
    return "; ".join(problems)
