"""What every part of the mentoring services shares: the refusal they raise, and two helpers."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction


class MentoringError(Exception):
    """A refused mentoring action; the message says why, in words for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def clean_choices(values: Iterable[str], choices) -> list[str]:
    """The values that are among `choices`, once each, in the order given."""
    allowed = {str(value) for value in choices}
    return [value for value in dict.fromkeys(values or ()) if value in allowed]


def on_commit(task, *args) -> None:
    """Queue a Celery task once the current transaction has committed."""
    transaction.on_commit(lambda: task.delay(*args), robust=True)
