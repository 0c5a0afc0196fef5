"""Dates: the binding's day numbers against the library's own date calls.

Python's datetime (proleptic Gregorian, like esc_date) is the independent implementation; the
C calls must agree with it on every date tried, and ``None`` is "no date" both ways.
"""

from __future__ import annotations

import ctypes
import datetime
import unittest

import escalate
from escalate import _ffi
from escalate._dates import from_day_number, to_day_number


class TestDayNumbers(unittest.TestCase):
    def setUp(self):
        self.lib = _ffi.library()

    def test_epoch_and_neighbours(self):
        # escalate.h: 1970-01-01 is 0, 1969-12-31 is -1.
        self.assertEqual(to_day_number(datetime.date(1970, 1, 1), "d"), 0)
        self.assertEqual(to_day_number(datetime.date(1969, 12, 31), "d"), -1)
        self.assertEqual(from_day_number(0), datetime.date(1970, 1, 1))

    def test_no_date(self):
        self.assertIsNone(from_day_number(escalate.NO_DATE))
        self.assertEqual(to_day_number(None, "d", optional=True), escalate.NO_DATE)
        with self.assertRaisesRegex(TypeError, "d is required"):
            to_day_number(None, "d")

    def test_datetime_counts_as_its_date(self):
        self.assertEqual(to_day_number(datetime.datetime(2023, 3, 6, 23, 59), "d"),
                         to_day_number(datetime.date(2023, 3, 6), "d"))

    def test_other_types_are_refused(self):
        for value in ("2023-03-06", 19422, 19422.0):
            with self.assertRaises(TypeError):
                to_day_number(value, "d")

    def test_agrees_with_the_c_date_calls(self):
        year, month, day = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        weekday = ctypes.c_int()
        parsed = _ffi.esc_date()
        text = ctypes.create_string_buffer(11)
        # Every 97th day from 1400 (the C range's start) to 9999, and the edges.
        start, end = datetime.date(1400, 1, 1), datetime.date(9999, 12, 31)
        dates = [start + datetime.timedelta(days=n)
                 for n in range(0, (end - start).days, 97)] + [end, datetime.date(2000, 2, 29)]
        for date in dates:
            number = to_day_number(date, "d")
            self.assertEqual(self.lib.esc_date_from_ymd(date.year, date.month, date.day), number)
            self.lib.esc_date_to_ymd(number, ctypes.byref(year), ctypes.byref(month),
                                     ctypes.byref(day))
            self.assertEqual((year.value, month.value, day.value),
                             (date.year, date.month, date.day))
            self.lib.esc_date_weekday(number, ctypes.byref(weekday))
            self.assertEqual(weekday.value, date.isoweekday())
            self.lib.esc_date_format(number, text, len(text))
            self.assertEqual(text.value.decode(), date.isoformat())
            self.lib.esc_date_parse(date.isoformat().encode(), ctypes.byref(parsed))
            self.assertEqual(parsed.value, number)
            self.assertEqual(from_day_number(number), date)

    def test_c_rejects_what_python_rejects(self):
        # 31 February and 29 February 2023 are not days (escalate.h: never normalised).
        self.assertEqual(self.lib.esc_date_from_ymd(2023, 2, 31), escalate.NO_DATE)
        self.assertEqual(self.lib.esc_date_from_ymd(2023, 2, 29), escalate.NO_DATE)
        with self.assertRaises(escalate.InvalidArgumentError):
            self.lib.esc_date_parse(b"2023-02-29", ctypes.byref(_ffi.esc_date()))
        with self.assertRaises(escalate.InvalidArgumentError):
            self.lib.esc_date_to_ymd(escalate.NO_DATE, None, None, None)
        with self.assertRaises(escalate.InvalidArgumentError):
            self.lib.esc_date_format(0, ctypes.create_string_buffer(10), 10)


if __name__ == "__main__":
    unittest.main()
