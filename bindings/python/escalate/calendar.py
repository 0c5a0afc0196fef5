"""Working-day calendars (docs/semantics.md), owned by an engine."""

from __future__ import annotations

import ctypes
import datetime
import operator
from typing import TYPE_CHECKING, Any, Optional

from . import _ffi
from ._dates import from_day_number, to_day_number
from ._columns_gate import is_column
from ._results import Holiday, from_struct
from .constants import NO_DATE, Status
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

    def is_working_day(self, day: Any, *, errors: str = "raise") -> Any:
        """Whether ``day`` is neither a weekend day nor a holiday.

        ``day`` may be a column (a NumPy array or pandas Series of dates, see
        below): the answer is then a bool array (a Series on the
        same index for a Series)."""
        if is_column(day):
            return self._is_working_day_column(day, errors)
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

    def add_working_days(self, day: Any, count: Any, *, errors: str = "raise") -> Any:
        """The ``count``-th working day strictly after ``day`` ("within N working days of
        D"); when ``day`` is not a working day the first working day after it is day 1.
        ``count=0`` gives ``day``; a negative count goes back.

        ``day`` and ``count`` may be columns (``count`` may also stay one int for every row):
        the answer is then a ``datetime64[D]`` array (int32 day numbers for integer days; a
        Series for a Series); a missing date (NaT) gives NaT."""
        if is_column(day) or is_column(count):
            return self._add_working_days_column(day, count, errors)
        out = _ffi.esc_date()
        self._call(self._lib.esc_calendar_add_working_days, to_day_number(day, "date"),
                   _int32(count, "count"), ctypes.byref(out))
        result = from_day_number(out.value)
        assert result is not None
        return result

    def count_working_days(self, start: Any, end: Any, *, errors: str = "raise") -> Any:
        """The number of working days d with ``start < d <= end`` (negative when ``end`` is
        before ``start``): counting from D to ``add_working_days(D, N)`` gives N.

        ``start`` and ``end`` may be columns (or one of them a single date): the answer is
        then an int32 array (a Series for a Series)."""
        if is_column(start) or is_column(end):
            return self._count_working_days_column(start, end, errors)
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


    # -- columns ------------------------------------------------------------------------------
    # Each row is answered by the C library's array call, which applies the single call's
    # engine function row by row; nothing here decides what a working day is.

    def _array_call(self, name: str, *arguments: Any) -> Any:
        lib = self._lib
        if not lib.has(name):
            from .errors import LibraryError

            raise LibraryError(f"{lib.path} has no {name} (calendar columns arrive with "
                               "libescalate 1.1); upgrade the library", (lib.path,))
        failed = ctypes.c_size_t()
        self._call(getattr(lib, name), *arguments, ctypes.byref(failed))
        return failed.value

    def _is_working_day_column(self, day: Any, errors: str) -> Any:
        import numpy as np

        from . import _columns as columns

        index = columns.first_index(day)
        dates = np.ascontiguousarray(columns.days(columns.one_dimensional(day, "day"), "day"))
        out = np.empty(len(dates), dtype=np.uint8)
        statuses = np.empty(len(dates), dtype=np.int32)
        failed = self._array_call("esc_calendar_is_working_day_array", len(dates),
                                  columns.pointer(dates, ctypes.c_int32),
                                  columns.pointer(out, ctypes.c_uint8),
                                  columns.pointer(statuses, ctypes.c_int))
        result = out.view(np.bool_)
        if failed:
            result = _failed_rows(np, result, statuses, errors, "is_working_day", dates)
        return columns.as_series(result, index, "working")

    def _add_working_days_column(self, day: Any, count: Any, errors: str) -> Any:
        import numpy as np

        from . import _columns as columns

        index = columns.first_index(day, count)
        day_column = columns.one_dimensional(day, "day") if columns.is_column(day) else None
        dates = columns.days(day_column, "day") if day_column is not None else None
        counts = np.asarray(count.to_numpy() if columns.is_pandas(count) else count)
        if counts.dtype.kind not in "iu":
            raise TypeError(f"count must be integers, not {counts.dtype}")
        length = len(dates) if dates is not None else len(counts)
        if dates is None:
            dates = np.full(length, columns.scalar_day(day, "day"), dtype=np.int32)
        if counts.ndim == 0:
            counts = np.full(length, _int32(int(counts), "count"), dtype=np.int32)
        elif len(counts) != length:
            from .errors import InvalidArgumentError

            raise InvalidArgumentError(f"day has {length} rows but count {len(counts)}")
        elif counts.dtype != np.int32:
            if counts.size and (counts.min() < -(2**31) or counts.max() >= 2**31):
                raise OutOfRangeError("a count does not fit a 32-bit count")
            counts = counts.astype(np.int32)
        dates, counts = np.ascontiguousarray(dates), np.ascontiguousarray(counts)
        out = np.empty(length, dtype=np.int32)
        statuses = np.empty(length, dtype=np.int32)
        failed = self._array_call("esc_calendar_add_working_days_array", length,
                                  columns.pointer(dates, ctypes.c_int32),
                                  columns.pointer(counts, ctypes.c_int32),
                                  columns.pointer(out, ctypes.c_int32),
                                  columns.pointer(statuses, ctypes.c_int))
        if failed:
            missing = dates == NO_DATE  # no date in: no date out, not an error
            statuses[missing] = 0
            if statuses.any():
                _failed_rows(np, out, statuses, errors, "add_working_days", dates)
        as_days = day_column is not None and not columns.is_categorical(day_column) \
            and day_column.dtype.kind in "iu"
        result = out if as_days else columns.as_dates(out, "D" if index is None else "ns")
        return columns.as_series(result, index, "due")

    def _count_working_days_column(self, start: Any, end: Any, errors: str) -> Any:
        import numpy as np

        from . import _columns as columns

        index = columns.first_index(start, end)
        sides = []
        for value, name in ((start, "start"), (end, "end")):
            sides.append(columns.days(columns.one_dimensional(value, name), name)
                         if columns.is_column(value) else None)
        length = len(sides[0]) if sides[0] is not None else len(sides[1])
        for i, (value, name) in enumerate(((start, "start"), (end, "end"))):
            if sides[i] is None:
                sides[i] = np.full(length, columns.scalar_day(value, name), dtype=np.int32)
            elif len(sides[i]) != length:
                from .errors import InvalidArgumentError

                raise InvalidArgumentError(f"start and end have different lengths "
                                           f"({len(sides[0])} and {len(sides[1])})")
        first, last = (np.ascontiguousarray(side) for side in sides)
        out = np.empty(length, dtype=np.int32)
        statuses = np.empty(length, dtype=np.int32)
        failed = self._array_call("esc_calendar_count_working_days_array", length,
                                  columns.pointer(first, ctypes.c_int32),
                                  columns.pointer(last, ctypes.c_int32),
                                  columns.pointer(out, ctypes.c_int32),
                                  columns.pointer(statuses, ctypes.c_int))
        result = out
        if failed:
            result = _failed_rows(np, out, statuses, errors, "count_working_days", first)
        return columns.as_series(result, index, "working_days")


def _failed_rows(np: Any, result: Any, statuses: Any, errors: str, call: str,
                 dates: Any) -> Any:
    """errors="raise": the error of the first failed row, naming it; "coerce": the result with
    failed rows missing (float NaN for counts and flags, NaT for dates)."""
    from .errors import InvalidArgumentError, error_class

    if errors not in ("raise", "coerce"):
        raise InvalidArgumentError(f'errors must be "raise" or "coerce", not {errors!r}')
    bad = np.flatnonzero(statuses)
    if errors == "raise":
        row = int(bad[0])
        status = int(statuses[row])
        what = ("has no date (NaT or None)" if status == Status.INVALID_ARGUMENT
                else "is outside the calendar's years, or its answer is")
        raise error_class(status)(
            f"{call}: row {row} {what} ({len(bad)} of {len(statuses)} rows failed; "
            'errors="coerce" gives them no answer instead)', status)
    if result.dtype == np.int32 and call == "add_working_days":
        result[bad] = NO_DATE
        return result
    coerced = result.astype(np.float64)
    coerced[bad] = np.nan
    return coerced


def _int32(value: int, what: str) -> int:
    # ctypes would wrap a wider int silently: reject it instead of answering another question.
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not bool")
    value = operator.index(value)
    if not -(2**31) <= value < 2**31:
        raise OutOfRangeError(f"{what} {value} does not fit a 32-bit count")
    return value
