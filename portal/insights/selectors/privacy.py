"""The privacy report (issue 22): who holds which role, when staff last signed in, who exported
what, and what the retention rules removed last month. Administrators only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Exists, IntegerField, OuterRef, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.audit import EXPORT
from portal.insights.retention import RETENTION, RULES
from portal.roles import GROUPS

EXPORTS_SHOWN = 200


@dataclass
class StaffRow:
    user: object
    roles: list[str]
    last_login: datetime | None
    second_factor: bool


def staff_roles() -> list[StaffRow]:
    group_role = {group: role for role, groups in GROUPS.items() for group in groups}
    factor = Authenticator.objects.filter(
        user=OuterRef("pk"), type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    )
    staff = (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(is_staff=True) | Q(groups__name__in=group_role))
        .distinct()
        .annotate(second_factor=Exists(factor))
        .prefetch_related("groups")
        .order_by("email")
    )
    rows = []
    for user in staff:
        roles = sorted({group_role[g.name] for g in user.groups.all() if g.name in group_role})
        if user.is_superuser:
            roles.insert(0, "administrator")
        rows.append(
            StaffRow(
                user=user,
                roles=roles or ["staff"],
                last_login=user.last_login,
                second_factor=user.second_factor,
            )
        )
    return rows


def exports_recent(*, limit: int = EXPORTS_SHOWN):
    return (
        ModelLogEntry.objects.filter(action=EXPORT)
        .select_related("user")
        .order_by("-timestamp")[:limit]
    )


def previous_month(today: date | None = None) -> tuple[datetime, datetime]:
    today = today or timezone.localdate()
    end = today.replace(day=1)
    start = (end.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        datetime(start.year, start.month, 1, tzinfo=tz),
        datetime(end.year, end.month, 1, tzinfo=tz),
    )


def retention_removed(*, start: datetime, end: datetime) -> dict[str, int]:
    """Records each rule removed between `start` and `end`, from the rules' log entries."""
    totals = dict.fromkeys(RULES, 0)
    entries = (
        ModelLogEntry.objects.filter(action=RETENTION, timestamp__gte=start, timestamp__lt=end)
        .annotate(
            rule=KeyTextTransform("rule", "data"),
            removed=Cast(KeyTextTransform("removed", "data"), IntegerField()),
        )
        .values("rule")
        .annotate(total=Sum("removed"))
    )
    for entry in entries:
        if entry["rule"] in totals:
            totals[entry["rule"]] = entry["total"] or 0
    return totals
