// Civil dates as serial day numbers (days since 1970-01-01), the one representation the
// engine computes with. Field structs (year, month, day) appear only at the edges.
#pragma once

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace escalate {

/// Days since 1970-01-01 in the calendar's civil time; negative before 1970.
using Date = std::int32_t;

/// "No date": a stage with no timescale, or an absent argument.
inline constexpr Date no_date = INT32_MIN;

struct YearMonthDay {
    int year;
    int month;  // 1..12
    int day;    // 1..31
};

/// The day number of a valid Gregorian date in years 1400..9999, or nullopt when the fields do
/// not name a real day (31 February is rejected, never normalised).
std::optional<Date> date_from_ymd(int year, int month, int day) noexcept;

/// Fields of a day number; the date must lie in years 1400..9999 (see is_representable).
YearMonthDay date_to_ymd(Date date) noexcept;

/// True when date_to_ymd is defined for the day number.
bool is_representable(Date date) noexcept;

/// Monday = 0 ... Sunday = 6, ISO 8601 order.
int weekday_of(Date date) noexcept;

/// Parses exactly "YYYY-MM-DD"; nullopt for anything else, including impossible dates.
std::optional<Date> parse_iso_date(std::string_view text) noexcept;

/// "YYYY-MM-DD", or "(no date)" for no_date.
std::string format_iso_date(Date date);

/// A date as a document states it: to the day ("2023-03-03"), the month ("2024-04") or the
/// year ("2024"). It names a period (one day, a month, a year); `text` is kept exactly as
/// written so that it is shown as stated, never as an invented first of the month.
struct StatedDate {
    enum class Precision { day, month, year };
    Precision precision = Precision::day;
    Date first = no_date;  // the first day of the period it names
    Date last = no_date;   // the last day of it
    std::string text;      // as written

    bool overlaps(const StatedDate& other) const noexcept {
        return first <= other.last && other.first <= last;
    }
};

/// Parses "YYYY-MM-DD", "YYYY-MM" or "YYYY" (years 1400..9999); nullopt for anything else.
std::optional<StatedDate> parse_stated_date(std::string_view text);

}  // namespace escalate
