"""The exact words people agree to. Change a text, change its version: the ledger records which
version each person saw, so old records keep meaning what they meant."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from recruitment.models import Consent


@dataclass(frozen=True)
class Wording:
    version: str
    text: str | Promise


WORDING: dict[str, Wording] = {
    Consent.Channel.EMAIL: Wording(
        "email-2026-11",
        _("Email me news, events and volunteer opportunities. I can stop them at any time."),
    ),
    Consent.Channel.SMS: Wording(
        "sms-2026-11",
        _("Text me about shifts and events. Message and data rates may apply; reply STOP to stop."),
    ),
    Consent.Channel.PARTNERS: Wording(
        "partners-2026-11",
        _(
            "Share my name and contact details with partner organizations we work with, "
            "so they can invite me to their activities."
        ),
    ),
}

CHANNELS: list[str] = [str(channel) for channel in Consent.Channel]
