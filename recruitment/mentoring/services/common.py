"""What every part of the mentoring services shares: the refusal they raise, a helper and the audit action names."""

from __future__ import annotations

from collections.abc import Iterable

# Organizers' mentoring actions in the audit trail (labels registered in wagtail_hooks).
PUBLISH = "mentoring.publish"
PAIR_END = "mentoring.pair_end"


class MentoringError(Exception):
    """A refused mentoring action; the message says why, in words for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def clean_choices(values: Iterable[str], choices) -> list[str]:
    """The values that are among `choices`, once each, in the order given."""
    allowed = {str(value) for value in choices}
    return [value for value in dict.fromkeys(values or ()) if value in allowed]
