"""Sign-ups: per week by source, by partner, the recruiters leaderboard, and the funnel."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, Lower
from django.utils.translation import gettext as _

from events.models import RSVP
from portal.insights.filters import InsightsFilters
from portal.insights.selectors.common import person_area, week_of, weeks
from portal.insights.tables import Column, Table, rate
from recruitment.models import Signup, Volunteer

REFERRAL = "referral"
PARTNER = "partner"
DIRECT = "direct"
# The weekly chart keeps the biggest sources apart and adds up the rest.
MAX_SERIES = 5
OTHER = "other"


def signup_source(prefix: str = "") -> Case:
    """A sign-up's source: a personal referral, a partner's link or import, its UTM source
    (lower-cased), or "direct" when nothing was recorded."""
    return Case(
        When(**{f"{prefix}referred_by__isnull": False}, then=Value(REFERRAL)),
        When(**{f"{prefix}partner__isnull": False}, then=Value(PARTNER)),
        When(~Q(**{f"{prefix}utm_source": ""}), then=Lower(f"{prefix}utm_source")),
        default=Value(DIRECT),
        output_field=CharField(),
    )


def source_label(source: str) -> str:
    return {
        REFERRAL: _("Referral by a volunteer"),
        PARTNER: _("Partner organization"),
        DIRECT: _("Direct (no source recorded)"),
        OTHER: _("Other sources"),
    }.get(source, source)


def _signups(filters: InsightsFilters):
    return Signup.objects.filter(
        person_area(filters, field="volunteer__postal_code"),
        created_at__gte=filters.start,
        created_at__lt=filters.end,
    )


def signups_by_week(*, filters: InsightsFilters) -> Table:
    """Sign-ups (each arrival through a form or a partner import) per week and source."""
    rows = (
        _signups(filters)
        .annotate(week=week_of("created_at", filters), source=signup_source())
        .values("week", "source")
        .annotate(count=Count("pk"))
        .order_by()
    )
    per_week: dict = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    mondays = weeks(filters)
    for row in rows:
        if row["week"] is None:
            continue
        per_week[mondays[row["week"]]][row["source"]] += row["count"]
        totals[row["source"]] += row["count"]
    ranked = sorted(totals, key=lambda source: (-totals[source], source))
    series = ranked[:MAX_SERIES]
    if len(ranked) > MAX_SERIES:
        series.append(OTHER)
    table_rows = []
    for week in weeks(filters):
        counts = per_week.get(week, {})
        row = {"week": week, "total": sum(counts.values())}
        for source in series:
            if source == OTHER:
                row[OTHER] = sum(n for s, n in counts.items() if s not in series)
            else:
                row[source] = counts.get(source, 0)
        table_rows.append(row)
    return Table(
        key="signups-weekly",
        title=_("Sign-ups per week, by source"),
        columns=[
            Column("week", _("Week of"), numeric=False),
            *[Column(source, source_label(source)) for source in series],
            Column("total", _("Total")),
        ],
        rows=table_rows,
        note=_(
            "Every arrival counts: the sign-up form sent, or a row of a partner's list. The "
            "source is a volunteer's referral link, a partner's link, else the UTM source."
        ),
    )


def signups_by_partner(*, filters: InsightsFilters) -> Table:
    rows = (
        _signups(filters)
        .filter(partner__isnull=False)
        .values("partner__name")
        .annotate(
            signups=Count("pk"),
            new_people=Count("pk", filter=Q(created_person=True)),
            confirmed=Count("pk", filter=Q(volunteer__confirmed_at__isnull=False)),
        )
        .order_by("-signups", "partner__name")
    )
    return Table(
        key="signups-partners",
        title=_("Sign-ups by partner organization"),
        columns=[
            Column("partner", _("Partner"), numeric=False),
            Column("signups", _("Sign-ups")),
            Column("new_people", _("New people")),
            Column("confirmed", _("Confirmed email")),
        ],
        rows=[
            {
                "partner": row["partner__name"],
                "signups": row["signups"],
                "new_people": row["new_people"],
                "confirmed": row["confirmed"],
            }
            for row in rows
        ],
    )


def recruiters_leaderboard(*, filters: InsightsFilters, limit: int = 10) -> Table:
    """People who joined in the range through a volunteer's referral link, per recruiter.

    Only recruiters who opted in (`Volunteer.show_on_leaderboard`) are named; everyone else's
    recruits are added up as "others".
    """
    recruits = Volunteer.objects.filter(
        person_area(filters),
        created_at__gte=filters.start,
        created_at__lt=filters.end,
        referred_by__isnull=False,
    )
    named = (
        recruits.filter(referred_by__show_on_leaderboard=True, referred_by__user__isnull=False)
        .values("referred_by", "referred_by__user__first_name", "referred_by__user__last_name")
        .annotate(recruits=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
        .order_by("-recruits", "referred_by")[:limit]
    )
    others = recruits.exclude(
        referred_by__show_on_leaderboard=True, referred_by__user__isnull=False
    ).aggregate(
        recruits=Count("pk"),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        recruiters=Count("referred_by", distinct=True),
    )
    rows = [
        {
            "recruiter": " ".join(
                part
                for part in (
                    row["referred_by__user__first_name"],
                    row["referred_by__user__last_name"],
                )
                if part
            ),
            "recruits": row["recruits"],
            "confirmed": row["confirmed"],
        }
        for row in named
    ]
    if others["recruits"]:
        rows.append(
            {
                "recruiter": _("Others (%(count)s recruiters who did not opt in)")
                % {"count": others["recruiters"]},
                "recruits": others["recruits"],
                "confirmed": others["confirmed"],
            }
        )
    return Table(
        key="leaderboard",
        title=_("Recruiters leaderboard"),
        columns=[
            Column("recruiter", _("Recruiter"), numeric=False),
            Column("recruits", _("New volunteers")),
            Column("confirmed", _("Confirmed email")),
        ],
        rows=rows,
        note=_("Only volunteers who chose to appear on the leaderboard are named."),
    )


FUNNEL_STEPS = ["signed_up", "confirmed", "first_rsvp", "first_attended", "second_attended"]


def funnel_step_labels() -> dict[str, str]:
    return {
        "signed_up": _("Signed up"),
        "confirmed": _("Confirmed email"),
        "first_rsvp": _("First RSVP"),
        "first_attended": _("First attended"),
        "second_attended": _("Second attended"),
    }


def funnel(*, filters: InsightsFilters) -> Table:
    """People who joined in the range, and how far each has come since, by their first source.

    One query, one pass over the cohort: each person's first sign-up gives the source, and one
    correlated look at their RSVPs gives how far they got (see `_rsvp_progress`). The database
    counts people per source, progress and confirmation; the steps are added up here.
    """
    first_source = Subquery(
        Signup.objects.filter(volunteer=OuterRef("pk"))
        .order_by("created_at", "pk")
        .annotate(source=signup_source())
        .values("source")[:1],
        output_field=CharField(),
    )
    groups = (
        Volunteer.objects.filter(
            person_area(filters), created_at__gte=filters.start, created_at__lt=filters.end
        )
        .annotate(source=Coalesce(first_source, Value(DIRECT)), progress=_rsvp_progress())
        # Grouped by the annotations themselves, so each subquery runs once per person (a
        # conditional count over them would repeat the subquery inside every count's filter).
        .values("source", "progress")
        .annotate(people=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
        .order_by()
    )
    # A funnel: each step counts people who also passed every step before it.
    per_source: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FUNNEL_STEPS, 0))
    for group in groups:
        counts = per_source[group["source"]]
        counts["signed_up"] += group["people"]
        counts["confirmed"] += group["confirmed"]
        progress = group["progress"]
        if progress is not None:
            counts["first_rsvp"] += group["confirmed"]
            counts["first_attended"] += group["confirmed"] if progress >= 1 else 0
            counts["second_attended"] += group["confirmed"] if progress >= 2 else 0
    cohort = sorted(
        ({"source": source, **counts} for source, counts in per_source.items()),
        key=lambda row: (-row["signed_up"], row["source"]),
    )
    rows = []
    total = dict.fromkeys(FUNNEL_STEPS, 0)
    for row in cohort:
        rows.append(_funnel_row(source_label(row["source"]), row))
        for step in FUNNEL_STEPS:
            total[step] += row[step]
    rows.insert(0, _funnel_row(_("All sources"), total))
    labels = funnel_step_labels()
    columns = [Column("source", _("Source"), numeric=False)]
    for index, step in enumerate(FUNNEL_STEPS):
        columns.append(Column(step, labels[step]))
        if index:
            columns.append(
                Column(f"{step}_rate", _("%(step)s: %% of previous step") % {"step": labels[step]})
            )
    return Table(
        key="funnel",
        title=_("From sign-up to a second shift"),
        columns=columns,
        rows=rows,
        note=_(
            "People who joined in the chosen dates, by the source of their first sign-up, and "
            "what they have done since. Each step counts people who also passed the steps "
            "before it."
        ),
    )


def _rsvp_progress() -> Subquery:
    """Per person: None without any RSVP, else how many shifts they attended, counted up to 2
    (the funnel's last step)."""
    return Subquery(
        RSVP.objects.filter(person=OuterRef("user_id"))
        .order_by()
        .values("person")
        .annotate(
            attended=Least(
                Count("pk", filter=Q(attendance=RSVP.Attendance.ATTENDED)),
                Value(2),
            )
        )
        .values("attended")[:1],
        output_field=IntegerField(),
    )


def _funnel_row(source: str, counts: dict) -> dict:
    row = {"source": source}
    previous = None
    for step in FUNNEL_STEPS:
        row[step] = counts[step]
        if previous is not None:
            row[f"{step}_rate"] = rate(counts[step], counts[previous])
        previous = step
    return row
