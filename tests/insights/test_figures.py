"""Each figure against the hand-counted history in tests/factories/insights.py."""

from dataclasses import replace
from datetime import date

import pytest

from events.selectors import lapsing
from portal.activities import EventType
from portal.insights.selectors import diversity, newsletters, recruitment, reports, turnout
from tests.factories.insights import FILTERS, NOW

pytestmark = pytest.mark.django_db

MAR_2, MAR_9 = date(2026, 3, 2), date(2026, 3, 9)


def _by(table, key):
    return {row[key]: row for row in table.rows}


def test_signups_per_week_by_source(scenario):
    table = recruitment.signups_by_week(filters=FILTERS)
    # Sources ranked by size: three referrals, two flyers ("Flyer" and "flyer" are one), then
    # instagram and the partner with one each.
    assert [c.key for c in table.columns] == [
        "week", "referral", "flyer", "instagram", "partner", "total",
    ]  # fmt: skip
    rows = _by(table, "week")
    assert rows[MAR_2] == {
        "week": MAR_2, "referral": 0, "flyer": 2, "instagram": 0, "partner": 0, "total": 2,
    }  # fmt: skip
    assert rows[MAR_9] == {
        "week": MAR_9, "referral": 3, "flyer": 0, "instagram": 1, "partner": 1, "total": 5,
    }  # fmt: skip


def test_signups_by_partner_and_office_area(scenario):
    assert recruitment.signups_by_partner(filters=FILTERS).rows == [
        {"partner": "Unidos", "signups": 1, "new_people": 1, "confirmed": 1}
    ]
    detroit = replace(FILTERS, office=scenario.offices["detroit"])
    rows = _by(recruitment.signups_by_week(filters=detroit), "week")
    # C and E live in Phoenix: Detroit keeps A, B (48201 is 3 miles away), D, F and A again.
    assert rows[MAR_2]["total"] == 2 and rows[MAR_9]["total"] == 3


def test_leaderboard_names_only_recruiters_who_opted_in(scenario):
    rows = recruitment.recruiters_leaderboard(filters=FILTERS).rows
    assert rows[0] == {"recruiter": "A Tester", "recruits": 2, "confirmed": 1}
    assert rows[1]["recruits"] == 1 and rows[1]["confirmed"] == 1
    assert "G Tester" not in str(rows) and "1 recruiters" in rows[1]["recruiter"]
    assert len(rows) == 2


def test_funnel_counts_each_step_by_first_source(scenario):
    table = recruitment.funnel(filters=FILTERS)
    rows = _by(table, "source")
    steps = recruitment.FUNNEL_STEPS
    assert [rows["All sources"][step] for step in steps] == [6, 5, 5, 4, 1]
    assert rows["All sources"]["confirmed_rate"] == 83.3
    assert rows["All sources"]["first_rsvp_rate"] == 100.0
    assert rows["All sources"]["first_attended_rate"] == 80.0
    assert rows["All sources"]["second_attended_rate"] == 25.0
    assert [rows["flyer"][step] for step in steps] == [2, 2, 2, 2, 1]
    assert [rows["Referral by a volunteer"][step] for step in steps] == [3, 2, 2, 1, 0]
    assert [rows["Partner organization"][step] for step in steps] == [1, 1, 1, 1, 0]
    assert [row["source"] for row in table.rows][1] == "Referral by a volunteer"


def test_show_up_rate_by_event_type_week_and_office(scenario):
    by_type = _by(turnout.turnout_by_event_type(filters=FILTERS, now=NOW), "event_type")
    assert by_type["Canvass"] == {
        "event_type": "Canvass", "rsvps": 4, "attended": 2, "no_shows": 1, "not_recorded": 1,
        "walk_ins": 1, "show_up_rate": 50.0,
    }  # fmt: skip
    assert by_type["Phone bank"]["show_up_rate"] == 100.0
    assert by_type["Text bank"]["rsvps"] == 1 and by_type["Text bank"]["show_up_rate"] == 0.0
    assert set(by_type) == {"Canvass", "Phone bank", "Text bank"}

    by_week = _by(turnout.turnout_by_week(filters=FILTERS, now=NOW), "week")
    assert (by_week[MAR_2]["rsvps"], by_week[MAR_2]["attended"]) == (4, 2)
    assert (by_week[MAR_9]["rsvps"], by_week[MAR_9]["attended"]) == (3, 2)
    assert by_week[MAR_9]["show_up_rate"] == 66.7

    by_office = _by(turnout.turnout_by_office(filters=FILTERS, now=NOW), "area")
    assert (by_office["Detroit office"]["rsvps"], by_office["Detroit office"]["attended"]) == (4, 2)
    assert by_office["Phoenix office"]["show_up_rate"] == 100.0
    assert by_office["Online events"]["rsvps"] == 1


def test_turnout_filters_by_event_type_and_office(scenario):
    phone = replace(FILTERS, event_type=EventType.PHONE_BANK)
    assert [
        row["event_type"] for row in turnout.turnout_by_event_type(filters=phone, now=NOW).rows
    ] == ["Phone bank"]
    detroit = replace(FILTERS, office=scenario.offices["detroit"])
    rows = turnout.turnout_by_office(filters=detroit, now=NOW).rows
    assert [(row["area"], row["rsvps"]) for row in rows] == [("Detroit office", 4)]
    weekly = _by(turnout.turnout_by_week(filters=detroit, now=NOW), "week")
    assert weekly[MAR_9]["rsvps"] == 0


def test_attendance_is_not_counted_for_shifts_still_to_come(scenario):
    # Seen from 5 March, the shifts of the 10th and 11th have not happened yet.
    early = turnout.turnout_by_week(filters=FILTERS, now=NOW.replace(day=5))
    assert _by(early, "week")[MAR_9]["rsvps"] == 0


def test_shifts_under_half_full_in_the_next_seven_days(scenario):
    table = turnout.shifts_needing_people(filters=FILTERS, now=NOW)
    assert [row["event"] for row in table.rows] == ["E5 event"]
    assert table.rows[0]["filled"] == 3 and table.rows[0]["capacity"] == 10
    assert table.rows[0]["fill_rate"] == 30.0
    phoenix = replace(FILTERS, office=scenario.offices["phoenix"])
    assert turnout.shifts_needing_people(filters=phoenix, now=NOW).rows == []


def test_volunteer_hours_per_week(scenario):
    rows = _by(turnout.volunteer_hours_by_week(filters=FILTERS, now=NOW), "week")
    # A, B and the walk-in E at a three-hour canvass; A and C at a two-hour phone bank.
    assert rows[MAR_2] == {"week": MAR_2, "hours": 9.0, "people": 3, "shifts": 3}
    assert rows[MAR_9] == {"week": MAR_9, "hours": 4.0, "people": 2, "shifts": 2}


def test_shift_report_totals_against_goals(scenario):
    goals = {
        "doors_knocked": 1000,
        "calls_made": 400,
        "conversations": None,
        "voter_registrations": 10,
    }
    table, progress = reports.shift_report_totals(filters=FILTERS, goals=goals)
    by_key = {item.key: item for item in progress}
    assert (by_key["doors_knocked"].total, by_key["doors_knocked"].percent) == (120, 12.0)
    assert (by_key["calls_made"].total, by_key["calls_made"].percent) == (200, 50.0)
    assert (by_key["conversations"].total, by_key["conversations"].percent) == (70, None)
    assert (by_key["voter_registrations"].total, by_key["voter_registrations"].percent) == (7, 70.0)
    assert "2 shift reports" in table.note
    weekly = _by(reports.shift_reports_by_week(filters=FILTERS), "week")
    assert weekly[MAR_2]["doors_knocked"] == 120 and weekly[MAR_9]["calls_made"] == 200


def test_progress_bar_never_overflows_its_goal(scenario):
    _table, progress = reports.shift_report_totals(
        filters=FILTERS, goals={"doors_knocked": 100, "calls_made": None}
    )
    doors = next(item for item in progress if item.key == "doors_knocked")
    assert doors.percent == 120.0 and doors.bar_value == 100


def test_newsletter_delivery_and_tracking(scenario):
    (row,) = newsletters.newsletter_delivery(filters=FILTERS).rows
    assert row == {
        "newsletter": "March update", "recipients": 5, "sent": 2, "failed": 1, "suppressed": 1,
        "capped": 1, "delivered": 1, "bounced": 1, "complained": 0, "unsubscribed": 0,
        "opened": 1, "clicked": 1, "open_rate": 50.0, "click_rate": 50.0,
    }  # fmt: skip
    reasons = _by(newsletters.suppressions_by_reason(filters=FILTERS), "reason")
    assert reasons["Bounced"]["count"] == 1
    assert reasons["Unsubscribed"]["count"] == 1
    assert reasons["Marked as spam"]["count"] == 0  # February's is outside the range


def test_diversity_hides_groups_under_five(scenario):
    rows = [(row["question"], row["answer"], row["people"]) for row in diversity.diversity().rows]
    assert rows == [
        ("age", "25–34", 7),
        ("gender", "Woman", 6),
        ("gender", "Smaller groups combined", 5),
    ]


def test_lapsing_volunteers_and_their_reachability(scenario):
    people = scenario.people
    lapsed = set(lapsing.lapsing_volunteers(now=NOW).values_list("pk", flat=True))
    # H and K came on 20 February and signed up for nothing since; I has a shift ahead; D signed
    # up again on 1 March.
    assert lapsed == {people["H"].pk, people["K"].pk}
    assert lapsing.lapsing_summary(now=NOW) == {
        "people": 2, "may_email": 1, "may_text": 1, "reachable": 1,
    }  # fmt: skip
    assert list(lapsing.lapsing_contacts(now=NOW)) == [
        ("H", "Tester", "h@example.org", "+13135550123", "48207")
    ]
    phoenix = scenario.offices["phoenix"]
    assert list(lapsing.lapsing_volunteers(now=NOW, office=phoenix)) == [people["K"]]
