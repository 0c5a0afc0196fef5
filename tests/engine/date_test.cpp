// Day numbers and ISO dates (engine/include/escalate/date.hpp).
//
// Expected day numbers and weekdays come from Python's datetime module (proleptic Gregorian,
// an implementation independent of Boost): (date(y, m, d) - date(1970, 1, 1)).days and
// date.weekday(). Leap-year facts are the Gregorian rule: divisible by 4, except centuries not
// divisible by 400 (1900 and 2100 are common years, 2000 and 2400 leap years).
#include <gtest/gtest.h>

#include "escalate/date.hpp"

namespace escalate {
namespace {

TEST(Date, KnownDayNumbers) {
    EXPECT_EQ(date_from_ymd(1970, 1, 1), 0);
    EXPECT_EQ(date_from_ymd(1969, 12, 31), -1);
    EXPECT_EQ(date_from_ymd(2000, 1, 1), 10957);
    EXPECT_EQ(date_from_ymd(2000, 2, 29), 11016);
    EXPECT_EQ(date_from_ymd(2024, 2, 29), 19782);
    EXPECT_EQ(date_from_ymd(1980, 1, 1), 3652);
    EXPECT_EQ(date_from_ymd(2100, 12, 31), 47846);
    EXPECT_EQ(date_from_ymd(1900, 3, 1), -25508);
    EXPECT_EQ(date_from_ymd(1400, 1, 1), -208188);
    EXPECT_EQ(date_from_ymd(9999, 12, 31), 2932896);
}

TEST(Date, TwentyNinthOfFebruaryOnlyInLeapYears) {
    EXPECT_TRUE(date_from_ymd(2000, 2, 29).has_value());   // divisible by 400
    EXPECT_TRUE(date_from_ymd(2024, 2, 29).has_value());   // divisible by 4
    EXPECT_TRUE(date_from_ymd(2400, 2, 29).has_value());
    EXPECT_FALSE(date_from_ymd(1900, 2, 29).has_value());  // century, not by 400
    EXPECT_FALSE(date_from_ymd(2100, 2, 29).has_value());
    EXPECT_FALSE(date_from_ymd(2023, 2, 29).has_value());
    EXPECT_FALSE(date_from_ymd(2024, 2, 30).has_value());
    // 28 February is followed by 1 March in a common year and by 29 February in a leap year.
    EXPECT_EQ(*date_from_ymd(2100, 3, 1) - *date_from_ymd(2100, 2, 28), 1);
    EXPECT_EQ(*date_from_ymd(2000, 3, 1) - *date_from_ymd(2000, 2, 28), 2);
    EXPECT_EQ(*date_from_ymd(1900, 3, 1) - *date_from_ymd(1900, 2, 28), 1);
}

TEST(Date, ImpossibleFieldsAreRejectedNotNormalised) {
    EXPECT_FALSE(date_from_ymd(2023, 2, 31).has_value());
    EXPECT_FALSE(date_from_ymd(2023, 4, 31).has_value());
    EXPECT_FALSE(date_from_ymd(2023, 13, 1).has_value());
    EXPECT_FALSE(date_from_ymd(2023, 0, 1).has_value());
    EXPECT_FALSE(date_from_ymd(2023, 1, 0).has_value());
    EXPECT_FALSE(date_from_ymd(2023, 1, 32).has_value());
    EXPECT_FALSE(date_from_ymd(1399, 12, 31).has_value());  // before Boost's Gregorian range
    EXPECT_FALSE(date_from_ymd(10000, 1, 1).has_value());
    EXPECT_FALSE(date_from_ymd(-5, 1, 1).has_value());
}

TEST(Date, FieldsOfDayNumbers) {
    const YearMonthDay leap = date_to_ymd(11016);
    EXPECT_EQ(leap.year, 2000);
    EXPECT_EQ(leap.month, 2);
    EXPECT_EQ(leap.day, 29);
    const YearMonthDay before_epoch = date_to_ymd(-1);
    EXPECT_EQ(before_epoch.year, 1969);
    EXPECT_EQ(before_epoch.month, 12);
    EXPECT_EQ(before_epoch.day, 31);
}

// Walks every day of the representable range with an independent field counter and checks that
// day numbers are consecutive and round-trip.
TEST(Date, EveryDayRoundTripsAcrossTheWholeRange) {
    const auto is_leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
    const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    Date expected = *date_from_ymd(1400, 1, 1);
    int checked = 0;
    for (int year = 1400; year <= 9999; ++year) {
        for (int month = 1; month <= 12; ++month) {
            const int length = lengths[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
            for (int day = 1; day <= length; ++day, ++expected, ++checked) {
                const auto number = date_from_ymd(year, month, day);
                ASSERT_TRUE(number.has_value()) << year << '-' << month << '-' << day;
                ASSERT_EQ(*number, expected) << year << '-' << month << '-' << day;
                const YearMonthDay back = date_to_ymd(expected);
                ASSERT_TRUE(back.year == year && back.month == month && back.day == day) << expected;
            }
            ASSERT_FALSE(date_from_ymd(year, month, length + 1).has_value()) << year << '-' << month;
        }
    }
    EXPECT_EQ(checked, 2932896 + 208188 + 1);
}

TEST(Date, Representable) {
    EXPECT_TRUE(is_representable(-208188));
    EXPECT_FALSE(is_representable(-208189));
    EXPECT_TRUE(is_representable(2932896));
    EXPECT_FALSE(is_representable(2932897));
    EXPECT_FALSE(is_representable(no_date));
}

TEST(Date, WeekdaysMondayIsZero) {
    EXPECT_EQ(weekday_of(0), 3);                          // 1970-01-01, Thursday
    EXPECT_EQ(weekday_of(-1), 2);                         // 1969-12-31, Wednesday
    EXPECT_EQ(weekday_of(*date_from_ymd(2000, 1, 1)), 5); // Saturday
    EXPECT_EQ(weekday_of(*date_from_ymd(2024, 2, 29)), 3);
    EXPECT_EQ(weekday_of(*date_from_ymd(1980, 1, 1)), 1); // Tuesday
    EXPECT_EQ(weekday_of(*date_from_ymd(2100, 12, 31)), 4);
    EXPECT_EQ(weekday_of(*date_from_ymd(1400, 1, 1)), 2);
    EXPECT_EQ(weekday_of(*date_from_ymd(1900, 3, 1)), 3);
    // Seven days on, the same weekday, including across the epoch.
    for (Date d = -30; d < 30; ++d) EXPECT_EQ(weekday_of(d), weekday_of(d + 7)) << d;
}

TEST(Date, ParsesExactlyIsoDates) {
    EXPECT_EQ(parse_iso_date("2023-03-03"), date_from_ymd(2023, 3, 3));
    EXPECT_EQ(parse_iso_date("2024-02-29"), date_from_ymd(2024, 2, 29));
    EXPECT_EQ(parse_iso_date("1970-01-01"), 0);
    for (const char* bad : {"2023-02-29", "2100-02-29", "2023-02-31", "2023-3-03", "2023-03-3", "23-03-03",
                            "2023/03/03", "2023-03-03 ", " 2023-03-03", "2023-03-03T00:00", "+023-03-03",
                            "2023-13-01", "2023-00-10", "", "abcd-ef-gh", "2023-03-0x", "1399-12-31"}) {
        EXPECT_FALSE(parse_iso_date(bad).has_value()) << '"' << bad << '"';
    }
}

TEST(Date, FormatsIsoDates) {
    EXPECT_EQ(format_iso_date(0), "1970-01-01");
    EXPECT_EQ(format_iso_date(*date_from_ymd(2024, 2, 29)), "2024-02-29");
    EXPECT_EQ(format_iso_date(*date_from_ymd(1400, 1, 1)), "1400-01-01");
    EXPECT_EQ(format_iso_date(no_date), "(no date)");
    EXPECT_NE(format_iso_date(2932897).find("outside"), std::string::npos);
}

}  // namespace
}  // namespace escalate
