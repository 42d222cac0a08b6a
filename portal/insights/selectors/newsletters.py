"""Newsletter delivery: per newsletter, what the ledger says and what the ESP reported back."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from portal.insights.filters import InsightsFilters
from portal.insights.tables import Column, Table, rate
from portal.newsletters.models import Delivery, Suppression, TrackingEvent

# anymail's normalized event types that the insights count (unique recipients per newsletter).
TRACKED = ["delivered", "bounced", "complained", "unsubscribed", "opened", "clicked"]


def newsletter_delivery(*, filters: InsightsFilters, limit: int = 20) -> Table:
    """Newsletters whose ledger was written in the range (newest first), two queries in all.

    The ledger gives sent, failed, suppressed and skipped; ESP webhooks (TrackingEvent) give
    bounces, complaints, unsubscribes, opens and clicks where the ESP tracks them, matched to a
    newsletter through the delivery's message id.
    """
    ledger = list(
        Delivery.objects.filter(created_at__gte=filters.start, created_at__lt=filters.end)
        .values("newsletter_id", "newsletter__title")
        .annotate(
            recipients=Count("pk"),
            sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
            failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
            suppressed=Count("pk", filter=Q(status=Delivery.Status.SUPPRESSED)),
            capped=Count("pk", filter=Q(status=Delivery.Status.CAPPED)),
            started=Max("created_at"),
        )
        .order_by("-started", "newsletter_id")[:limit]
    )
    tracked: dict[int, dict[str, int]] = defaultdict(dict)
    if ledger:
        newsletter_of = Subquery(
            Delivery.objects.filter(message_id=OuterRef("message_id"))
            .exclude(message_id="")
            .values("newsletter_id")[:1],
            output_field=IntegerField(),
        )
        for row in (
            TrackingEvent.objects.filter(event_type__in=TRACKED)
            .exclude(message_id="")
            .annotate(newsletter_id=newsletter_of)
            .filter(newsletter_id__in=[row["newsletter_id"] for row in ledger])
            .values("newsletter_id", "event_type")
            .annotate(people=Count("recipient", distinct=True))
            .order_by()
        ):
            tracked[row["newsletter_id"]][row["event_type"]] = row["people"]
    rows = []
    for row in ledger:
        events = tracked.get(row["newsletter_id"], {})
        rows.append(
            {
                "newsletter": row["newsletter__title"],
                "recipients": row["recipients"],
                "sent": row["sent"],
                "failed": row["failed"],
                "suppressed": row["suppressed"],
                "capped": row["capped"],
                **{name: events.get(name, 0) for name in TRACKED},
                "open_rate": rate(events.get("opened", 0), row["sent"]),
                "click_rate": rate(events.get("clicked", 0), row["sent"]),
            }
        )
    return Table(
        key="newsletters",
        title=_("Newsletter delivery"),
        columns=[
            Column("newsletter", _("Newsletter"), numeric=False),
            Column("recipients", _("In the ledger")),
            Column("sent", _("Sent")),
            Column("failed", _("Failed")),
            Column("suppressed", _("Suppressed")),
            Column("capped", _("Skipped: weekly limit")),
            Column("delivered", _("Delivered")),
            Column("bounced", _("Bounced")),
            Column("complained", _("Complaints")),
            Column("unsubscribed", _("Unsubscribed")),
            Column("opened", _("Opened")),
            Column("clicked", _("Clicked")),
            Column("open_rate", _("Open rate (%)")),
            Column("click_rate", _("Click rate (%)")),
        ],
        rows=rows,
        note=_(
            "Opens and clicks appear only where the email provider tracks them; office area and "
            "event type do not apply."
        ),
    )


def suppressions_by_reason(*, filters: InsightsFilters) -> Table:
    labels = dict(Suppression.Reason.choices)
    found = {
        row["reason"]: row["count"]
        for row in Suppression.objects.filter(
            created_at__gte=filters.start, created_at__lt=filters.end
        )
        .values("reason")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return Table(
        key="suppressions",
        title=_("Addresses newly suppressed"),
        columns=[Column("reason", _("Reason"), numeric=False), Column("count", _("Addresses"))],
        rows=[
            {"reason": str(label), "count": found.get(reason, 0)}
            for reason, label in labels.items()
        ],
        note=_("Unsubscribes by link or by the email provider, bounces and complaints."),
    )
