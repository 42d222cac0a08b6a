"""Insights figures kept for a few minutes per filter set.

Each figure scans the whole history for its filters (about 2 s for the dashboard at 100,000
volunteers and 500,000 RSVPs, README Benchmarks), while organizers read the same few filter sets
again and again and need figures minutes old, not milliseconds. So each figure's result is kept
in the shared cache per (figure, filters, goals, language) for settings.INSIGHTS_FRESH_SECONDS;
pages and the API say "as of" when the oldest figure they show was computed. A beat task
(`insights.refresh_default`) recomputes the default view before it goes stale, so the first
organizer of the morning does not wait either. INSIGHTS_FRESH_SECONDS = 0 turns it off.

Measured against summary tables kept by the writes (README, Benchmarks): the cache needs no
migration, no change to the apps that write, and the query count stays constant in data size.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from portal.insights.figures import FIGURES, Figure, FigureResult, InsightsContext

logger = logging.getLogger(__name__)
VERSION = 1


def _key(figure: Figure, ctx: InsightsContext, language: str) -> str:
    scope = json.dumps(
        [figure.key, ctx.filters.as_query(), ctx.goals, language], sort_keys=True, default=str
    )
    return f"insights:{VERSION}:{hashlib.sha256(scope.encode()).hexdigest()}"


def figure_results(
    *, ctx: InsightsContext, figures: list[Figure], refresh: bool = False
) -> tuple[list[FigureResult], datetime]:
    """Each figure's result for `ctx`, from the cache when fresh; and when the oldest was made."""
    seconds = settings.INSIGHTS_FRESH_SECONDS
    if not seconds:
        return [figure.build(ctx) for figure in figures], ctx.now
    language = translation.get_language() or settings.LANGUAGE_CODE
    keys = [_key(figure, ctx, language) for figure in figures]
    found = {} if refresh else cache.get_many(keys)
    results, made, as_of = [], {}, ctx.now
    for figure, key in zip(figures, keys, strict=True):
        if key in found:
            computed_at, result = found[key]
            as_of = min(as_of, computed_at)
        else:
            result = figure.build(ctx)
            made[key] = (ctx.now, result)
        results.append(result)
    if made:
        cache.set_many(made, seconds)
    return results, as_of


def refresh_default_view(*, goals: dict) -> int:
    """Recompute the default view (last twelve weeks, everything) in every language."""
    from portal.insights.filters import filters_from

    filters, _errors = filters_from({})
    ctx = InsightsContext(filters=filters, now=timezone.now(), goals=goals)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            figure_results(ctx=ctx, figures=FIGURES, refresh=True)
    return len(settings.LANGUAGES)
