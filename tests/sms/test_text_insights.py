"""Failures, unknowns, texts not sent and opt-outs reach the organizers' Insights."""

from datetime import timedelta

import pytest

from portal.insights.figures import FIGURES_BY_KEY
from portal.insights.selectors import texts
from portal.sms import services
from portal.sms.models import TextMessage
from tests.factories.insights import FILTERS

pytestmark = pytest.mark.django_db


def test_text_states_and_opt_outs_are_counted_in_the_range():
    moment = FILTERS.start + timedelta(days=1)
    for n, state in enumerate(["sent", "sent", "failed", "unknown"]):
        TextMessage.objects.create(
            message_key=f"k{n}", to=f"+1202555000{n}", body="x", state=state, created_at=moment
        )
    TextMessage.objects.create(
        message_key="old", to="+12025550009", body="x", state="failed",
        created_at=FILTERS.start - timedelta(days=1),
    )  # fmt: skip
    services.number_opt_out(number="+12025550001")
    from portal.sms.models import TextOptOut

    TextOptOut.objects.update(created_at=moment)
    counts = {row["state"]: row["count"] for row in texts.text_delivery(filters=FILTERS).rows}
    assert counts["Sent"] == 2 and counts["Failed"] == 1 and counts["Unknown"] == 1
    assert counts["Numbers opted out (STOP)"] == 1
    assert "texts" in FIGURES_BY_KEY["newsletters"].tables
