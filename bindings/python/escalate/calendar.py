"""Working-day calendars (SPEC sections 2 and 3), owned by an engine."""

from __future__ import annotations

import ctypes
import datetime
import operator
from typing import TYPE_CHECKING, Any, Optional

from . import _ffi
from ._dates import from_day_number, to_day_number
from ._results import Holiday, from_struct
from .errors import OutOfRangeError

if TYPE_CHECKING:
    from .engine import Engine


class Calendar:
    """A compiled working-day calendar. It belongs to its engine and keeps it alive; after
    an explicit ``engine.close()`` its calls raise :class:`InvalidArgumentError`.

    Dates outside ``first_date .. last_date`` raise :class:`OutOfRangeError`.
    """

    def __init__(self, engine: "Engine", pointer: Any) -> None:
        """Use :meth:`Engine.calendar` or :attr:`Engine.calendars`."""
        self.engine = engine
        self._pointer = pointer
        self._lib = engine._lib
        info = _ffi.esc_calendar_info(size=ctypes.sizeof(_ffi.esc_calendar_info))
        self._call(self._lib.esc_calendar_info_get, ctypes.byref(info))
        self.id: str = (info.id or b"").decode("utf-8")
        self.name: str = (info.name or b"").decode("utf-8")
        self.source: str = (info.source or b"").decode("utf-8")
        self.first_date: Optional[datetime.date] = from_day_number(info.first_date)
        self.last_date: Optional[datetime.date] = from_day_number(info.last_date)

    def _call(self, function: Any, *arguments: Any) -> None:
        # The calendar lives inside the engine's memory: hold the engine open for the call.
        handle = self.engine._handle
        handle.acquire()
        try:
            function(self._pointer, *arguments)
        finally:
            handle.release()

    def __repr__(self) -> str:
        return f"<escalate.Calendar {self.id!r}>"

    def is_working_day(self, day: datetime.date) -> bool:
        """Whether ``day`` is neither a weekend day nor a holiday."""
        out = ctypes.c_int()
        self._call(self._lib.esc_calendar_is_working_day, to_day_number(day, "date"),
                   ctypes.byref(out))
        return bool(out.value)

    def holiday_name(self, day: datetime.date) -> Optional[str]:
        """The name of the holiday on ``day`` ("Good Friday"), or ``None``."""
        out = ctypes.c_char_p()
        self._call(self._lib.esc_calendar_holiday_name, to_day_number(day, "date"),
                   ctypes.byref(out))
        return None if out.value is None else out.value.decode("utf-8")

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day strictly after ``day`` ("within N working days of
        D"); when ``day`` is not a working day the first working day after it is day 1.
        ``count=0`` gives ``day``; a negative count goes back."""
        out = _ffi.esc_date()
        self._call(self._lib.esc_calendar_add_working_days, to_day_number(day, "date"),
                   _int32(count, "count"), ctypes.byref(out))
        result = from_day_number(out.value)
        assert result is not None
        return result

    def count_working_days(self, start: datetime.date, end: datetime.date) -> int:
        """The number of working days d with ``start < d <= end`` (negative when ``end`` is
        before ``start``): counting from D to ``add_working_days(D, N)`` gives N."""
        out = ctypes.c_int32()
        self._call(self._lib.esc_calendar_count_working_days, to_day_number(start, "start"),
                   to_day_number(end, "end"), ctypes.byref(out))
        return out.value

    def holidays(self, year: int) -> list[Holiday]:
        """The holidays of a calendar year in date order, substitute days included."""
        year = _int32(year, "year")
        count = ctypes.c_size_t()
        buffer = (_ffi.esc_holiday * 16)()
        while True:
            self._call(self._lib.esc_calendar_holidays, year, buffer, len(buffer),
                       ctypes.byref(count))
            if count.value <= len(buffer):
                break
            buffer = (_ffi.esc_holiday * count.value)()
        return [from_struct(Holiday, item) for item in buffer[:count.value]]


def _int32(value: int, what: str) -> int:
    # ctypes would wrap a wider int silently: reject it instead of answering another question.
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not bool")
    value = operator.index(value)
    if not -(2**31) <= value < 2**31:
        raise OutOfRangeError(f"{what} {value} does not fit a 32-bit count")
    return value
