"""Conversion between ``datetime.date`` and the C ABI's day numbers.

An ``esc_date`` counts days since 1970-01-01, which is proleptic-Gregorian ordinal arithmetic:
the same calendar Python's ``date`` uses, so the conversion is a subtraction (the tests check
it against ``esc_date_from_ymd``).
"""

from __future__ import annotations

import datetime
from typing import Optional

from .constants import NO_DATE

# date(1970, 1, 1).toordinal()
_EPOCH_ORDINAL = 719163


def to_day_number(value: Optional[datetime.date], what: str, *, optional: bool = False) -> int:
    """The day number of a date; ``NO_DATE`` for ``None`` when ``optional``.

    A ``datetime`` counts as its date (the library works in civil dates). A missing required
    date, or anything else than a date, is a ``TypeError`` naming the argument, so a string
    or a day number is never misread.
    """
    if value is None:
        if optional:
            return NO_DATE
        raise TypeError(f"{what} is required (a datetime.date), not None")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}")
    return value.toordinal() - _EPOCH_ORDINAL


def from_day_number(day: int) -> Optional[datetime.date]:
    """The date of a day number; ``None`` for ``NO_DATE``."""
    if day == NO_DATE:
        return None
    return datetime.date.fromordinal(day + _EPOCH_ORDINAL)
