"""Text messages: what the SMS ledger says about texts recorded in the range, and opt-outs."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from portal.insights.filters import InsightsFilters
from portal.insights.tables import Column, Table
from portal.sms.models import TextMessage, TextOptOut


def text_delivery(*, filters: InsightsFilters) -> Table:
    """Texts by state (failures, unknowns and those not sent included) and numbers that replied
    STOP in the range (START removes a number, so this counts those still opted out)."""
    in_range = {"created_at__gte": filters.start, "created_at__lt": filters.end}
    found = {
        row["state"]: row["count"]
        for row in TextMessage.objects.filter(**in_range)
        .values("state")
        .annotate(count=Count("pk"))
        .order_by()
    }
    rows = [
        {"state": str(label), "count": found.get(state, 0)}
        for state, label in TextMessage.State.choices
    ]
    rows.append(
        {
            "state": _("Numbers opted out (STOP)"),
            "count": TextOptOut.objects.filter(**in_range).count(),
        }
    )
    return Table(
        key="texts",
        title=_("Text messages"),
        columns=[Column("state", _("State"), numeric=False), Column("count", _("Texts"))],
        rows=rows,
        note=_("“Unknown”: the provider's answer was lost; such texts are never resent."),
    )
