from datetime import date

import pytest

from portal.insights import charts
from portal.insights.filters import InsightsFilterForm, default_range, filters_from
from portal.insights.selectors.common import weeks

TODAY = date(2026, 3, 18)  # a Wednesday


def test_default_range_is_twelve_whole_weeks_to_today():
    start, end = default_range(TODAY)
    assert (start, end) == (date(2025, 12, 29), TODAY)
    assert start.weekday() == 0


@pytest.mark.django_db
def test_filters_fill_in_defaults_and_keep_a_given_span():
    filters, errors = filters_from({}, today=TODAY)
    assert not errors and (filters.date_from, filters.date_to) == default_range(TODAY)
    filters, _errors = filters_from({"date_to": "2026-02-01"}, today=TODAY)
    assert filters.date_to == date(2026, 2, 1) and filters.date_from == date(2025, 11, 10)
    assert len(weeks(filters)) == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "date_to"),
        ({"date_from": "2020-01-01", "date_to": "2026-01-01"}, "date_from"),
        ({"date_to": "2030-01-01"}, "date_to"),
        ({"date_from": "1999-12-31"}, "__all__"),
        ({"date_from": "03/01/2026"}, "date_from"),
        ({"office": "1; DROP TABLE"}, "office"),
        ({"office": "123456789012345678901234567890"}, "office"),
        ({"event_type": "<script>"}, "event_type"),
    ],
)
def test_bad_filters_are_named(params, field):
    filters, errors = filters_from(params, today=TODAY)
    assert filters is None and field in errors


@pytest.mark.django_db
def test_every_filter_has_a_label():
    html = InsightsFilterForm().as_div()
    for name in ("date_from", "date_to", "office", "event_type"):
        assert f'<label for="id_{name}">' in html


def test_charts_are_named_images_with_patterns_and_escaped_text():
    svg = charts.bar_chart(
        chart_id="c1",
        title="Sign-ups <weekly>",
        description="Two series",
        categories=["Mar 2", "Mar 9"],
        series=[charts.Series("flyer", [2, 0]), charts.Series("<b>x</b>", [1, 3])],
        stacked=True,
    )
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Sign-ups &lt;weekly&gt;</title>' in svg
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    assert 'fill="url(#c1-p1)"' in svg and '<pattern id="c1-p1"' in svg
    line = charts.line_chart(
        chart_id="c2",
        title="Hours",
        description="d",
        categories=["a", "b"],
        series=[charts.Series("Hours", [1.5, None]), charts.Series("People", [2, 2])],
    )
    assert line.count("<polyline") == 2 and 'stroke-dasharray="6 3"' in line
    empty = charts.hbar_chart(chart_id="c3", title="t", description="d", categories=[], values=[])
    assert empty.startswith("<svg") and empty.endswith("</svg>")


def test_chart_colours_meet_contrast_with_white():
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in charts.COLOURS:
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, colour
