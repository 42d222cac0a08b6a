"""What every figure hands to the screen, the CSV download and the API: named tables of numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


def display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "M j, Y")
    return str(value)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def cells(self) -> list[list[Any]]:
        """Rows as lists, in column order (for the HTML table and the CSV)."""
        return [[row.get(column.key) for column in self.columns] for row in self.rows]

    def display_rows(self) -> list[list[Cell]]:
        """Rows formatted for people: thousands separators, one decimal, "–" for nothing."""
        return [
            [Cell(display(row.get(column.key)), column.numeric) for column in self.columns]
            for row in self.rows
        ]

    def as_api(self) -> list[dict[str, Any]]:
        return [
            {column.key: _json(row.get(column.key)) for column in self.columns} for row in self.rows
        ]


def _json(value):
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, date):
        return value.isoformat()
    return value


def rate(part: int | None, whole: int | None) -> float | None:
    """part / whole as a percentage with one decimal, or None when there is nothing to divide."""
    if not whole:
        return None
    return round(100.0 * (part or 0) / whole, 1)
