"""Calendars through the binding, against the published GOV.UK bank holidays for England and
Wales and working days counted by hand on the 2023 calendar (1 March 2023 a Wednesday)."""

from __future__ import annotations

import datetime
import unittest

import escalate

from . import support

D = datetime.date


class TestEnglandAndWales(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()
        cls.calendar = cls.engine.calendar("england-and-wales")

    def test_bundled_calendars(self):
        # docs/ruleset-format.md names the three bundled calendars.
        self.assertEqual(set(self.engine.calendars),
                         {"england-and-wales", "scotland", "northern-ireland"})
        self.assertEqual(self.engine.calendars["scotland"].id, "scotland")

    def test_info(self):
        # docs/semantics.md: correct from 1980 to 2100.
        self.assertEqual(self.calendar.id, "england-and-wales")
        self.assertEqual(self.calendar.first_date, D(1980, 1, 1))
        self.assertEqual(self.calendar.last_date, D(2100, 12, 31))
        self.assertTrue(self.calendar.name)
        self.assertTrue(self.calendar.source)
        self.assertIn("england-and-wales", repr(self.calendar))

    def test_holidays_2022_match_gov_uk(self):
        # GOV.UK, England and Wales, 2022: New Year's Day substitute Mon 3 Jan, Good Friday
        # 15 Apr, Easter Monday 18 Apr, Early May 2 May, Spring bank holiday moved to Thu 2 Jun,
        # Platinum Jubilee Fri 3 Jun, Summer 29 Aug, State Funeral Mon 19 Sep, Boxing Day
        # Mon 26 Dec, Christmas Day substitute Tue 27 Dec.
        holidays = self.calendar.holidays(2022)
        self.assertEqual([h.date for h in holidays],
                         [D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2),
                          D(2022, 6, 2), D(2022, 6, 3), D(2022, 8, 29), D(2022, 9, 19),
                          D(2022, 12, 26), D(2022, 12, 27)])
        substitutes = {h.date for h in holidays if h.substitute}
        self.assertEqual(substitutes, {D(2022, 1, 3), D(2022, 12, 27)})
        self.assertTrue(all(h.name for h in holidays))

    def test_holidays_2023_match_gov_uk(self):
        # GOV.UK, England and Wales, 2023: 2 Jan (substitute), 7 Apr, 10 Apr, 1 May, 8 May
        # (coronation), 29 May, 28 Aug, 25 Dec, 26 Dec.
        self.assertEqual([h.date for h in self.calendar.holidays(2023)],
                         [D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1),
                          D(2023, 5, 8), D(2023, 5, 29), D(2023, 8, 28), D(2023, 12, 25),
                          D(2023, 12, 26)])

    def test_is_working_day_and_holiday_name(self):
        self.assertTrue(self.calendar.is_working_day(D(2023, 3, 6)))    # Monday
        self.assertFalse(self.calendar.is_working_day(D(2023, 3, 11)))  # Saturday
        self.assertFalse(self.calendar.is_working_day(D(2023, 5, 8)))   # coronation
        self.assertTrue(self.calendar.is_working_day(D(2023, 5, 9)))
        self.assertEqual(self.calendar.holiday_name(D(2023, 4, 7)), "Good Friday")
        self.assertIsNone(self.calendar.holiday_name(D(2023, 3, 6)))
        self.assertIsNone(self.calendar.holiday_name(D(2023, 3, 11)))  # a weekend, no holiday

    def test_add_working_days(self):
        cal = self.calendar
        # Mon 6 March + 5 -> 7, 8, 9, 10, Mon 13.
        self.assertEqual(cal.add_working_days(D(2023, 3, 6), 5), D(2023, 3, 13))
        # Thu 6 April + 1 -> over Good Friday, the weekend and Easter Monday to Tue 11.
        self.assertEqual(cal.add_working_days(D(2023, 4, 6), 1), D(2023, 4, 11))
        # Fri 5 May + 1 -> past the coronation Monday to Tue 9.
        self.assertEqual(cal.add_working_days(D(2023, 5, 5), 1), D(2023, 5, 9))
        # From a Saturday the next working day is day 1 (docs/semantics.md): Sat 11 -> Mon 13.
        self.assertEqual(cal.add_working_days(D(2023, 3, 11), 1), D(2023, 3, 13))
        # 0 is the day itself, working or not ("immediately").
        self.assertEqual(cal.add_working_days(D(2023, 3, 11), 0), D(2023, 3, 11))
        # Negative goes back: Mon 13 - 1 -> Fri 10.
        self.assertEqual(cal.add_working_days(D(2023, 3, 13), -1), D(2023, 3, 10))

    def test_count_working_days(self):
        cal = self.calendar
        # Working days d with a < d <= b: 7, 8, 9, 10, 13 -> 5.
        self.assertEqual(cal.count_working_days(D(2023, 3, 6), D(2023, 3, 13)), 5)
        # Thu 6 April to Tue 11 April: only Tue 11 counts.
        self.assertEqual(cal.count_working_days(D(2023, 4, 6), D(2023, 4, 11)), 1)
        self.assertEqual(cal.count_working_days(D(2023, 3, 13), D(2023, 3, 6)), -5)
        self.assertEqual(cal.count_working_days(D(2023, 3, 6), D(2023, 3, 6)), 0)

    def test_count_inverts_add(self):
        # docs/python.md: counting from D to D plus N working days gives N.
        start = D(2023, 3, 11)
        for n in range(0, 40):
            self.assertEqual(self.calendar.count_working_days(
                start, self.calendar.add_working_days(start, n)), n)

    def test_out_of_range_and_bad_arguments(self):
        with self.assertRaises(escalate.OutOfRangeError):
            self.calendar.add_working_days(D(2100, 12, 30), 5)
        with self.assertRaises(escalate.OutOfRangeError):
            self.calendar.count_working_days(D(1979, 12, 1), D(1980, 1, 5))
        with self.assertRaises(escalate.OutOfRangeError):
            self.calendar.holidays(2101)
        with self.assertRaises(escalate.OutOfRangeError):
            self.calendar.add_working_days(D(2023, 3, 6), 2**31)  # does not fit int32_t
        with self.assertRaises(TypeError):
            self.calendar.add_working_days(D(2023, 3, 6), 1.5)
        with self.assertRaises(TypeError):
            self.calendar.is_working_day("2023-03-06")


if __name__ == "__main__":
    unittest.main()
