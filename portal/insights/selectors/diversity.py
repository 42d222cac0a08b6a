"""Diversity of the volunteer team, from voluntary self-identification.

Answers are stored apart from profiles, with no link to the person, so no filter applies; the
report comes from recruitment's selector, which hides every group under five.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from portal.insights.tables import Column, Table
from recruitment.selectors import MIN_GROUP_SIZE, selfid_report


def diversity() -> Table:
    rows = []
    for question in selfid_report():
        for group in question["groups"]:
            rows.append(
                {
                    "question": str(question["question"]),
                    "answer": str(group["label"]),
                    "people": group["count"],
                }
            )
        if question["other_answers"]:
            rows.append(
                {
                    "question": str(question["question"]),
                    "answer": _("Smaller groups combined"),
                    "people": question["other_answers"],
                }
            )
    return Table(
        key="diversity",
        title=_("Who the volunteer team is"),
        columns=[
            Column("question", _("Question"), numeric=False),
            Column("answer", _("Answer"), numeric=False),
            Column("people", _("People")),
        ],
        rows=rows,
        note=_(
            "Voluntary answers. Groups of fewer than %(minimum)s people are never shown and no "
            "totals are given; the filters do not apply, as answers are not linked to anyone."
        )
        % {"minimum": MIN_GROUP_SIZE},
    )
