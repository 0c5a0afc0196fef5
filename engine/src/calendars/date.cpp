// Day numbers <-> civil dates. Boost.Date_Time's Gregorian calendar does the field arithmetic
// at the edges; every input is validated first because Boost throws on 31 February and on
// years outside 1400..9999, and these functions promise not to throw.
#include "escalate/date.hpp"

#include <cstdio>

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace escalate {

namespace {

namespace greg = boost::gregorian;

constexpr int min_year = 1400;  // Boost.Date_Time's Gregorian range
constexpr int max_year = 9999;

const greg::date& epoch() {
    static const greg::date value(1970, 1, 1);
    return value;
}

bool is_leap_year(int year) noexcept {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) noexcept {
    static constexpr int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : lengths[month - 1];
}

// The day numbers of 1400-01-01 and 9999-12-31, worked out once through Boost.
Date first_representable() {
    static const Date value = static_cast<Date>((greg::date(min_year, 1, 1) - epoch()).days());
    return value;
}

Date last_representable() {
    static const Date value = static_cast<Date>((greg::date(max_year, 12, 31) - epoch()).days());
    return value;
}

bool read_digits(std::string_view text, std::size_t from, std::size_t count, int& out) noexcept {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

}  // namespace

std::optional<Date> date_from_ymd(int year, int month, int day) noexcept {
    if (year < min_year || year > max_year || month < 1 || month > 12) return std::nullopt;
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    const greg::date civil(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                           static_cast<unsigned short>(day));
    return static_cast<Date>((civil - epoch()).days());
}

bool is_representable(Date date) noexcept {
    return date != no_date && date >= first_representable() && date <= last_representable();
}

YearMonthDay date_to_ymd(Date date) noexcept {
    // Precondition is_representable(date); clamp rather than let Boost throw if it is broken.
    if (date < first_representable()) date = first_representable();
    if (date > last_representable()) date = last_representable();
    const greg::date civil = epoch() + greg::date_duration(date);
    const auto fields = civil.year_month_day();
    return {static_cast<int>(fields.year), static_cast<int>(fields.month), static_cast<int>(fields.day)};
}

int weekday_of(Date date) noexcept {
    // 1970-01-01 was a Thursday (3 with Monday = 0); floor modulo keeps negatives right.
    const int shifted = static_cast<int>((static_cast<std::int64_t>(date) + 3) % 7);
    return shifted < 0 ? shifted + 7 : shifted;
}

std::optional<Date> parse_iso_date(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = 0, month = 0, day = 0;
    if (!read_digits(text, 0, 4, year) || !read_digits(text, 5, 2, month) ||
        !read_digits(text, 8, 2, day)) {
        return std::nullopt;
    }
    return date_from_ymd(year, month, day);
}

std::optional<StatedDate> parse_stated_date(std::string_view text) {
    StatedDate stated;
    stated.text = std::string(text);
    int year = 0, month = 0;
    if (text.size() == 10) {
        const auto day = parse_iso_date(text);
        if (!day) return std::nullopt;
        stated.first = stated.last = *day;
        return stated;
    }
    if (text.size() == 7 && text[4] == '-' && read_digits(text, 0, 4, year) && read_digits(text, 5, 2, month)) {
        const auto first = date_from_ymd(year, month, 1);
        if (!first) return std::nullopt;
        const auto next = month == 12 ? date_from_ymd(year + 1, 1, 1) : date_from_ymd(year, month + 1, 1);
        stated.precision = StatedDate::Precision::month;
        stated.first = *first;
        stated.last = next ? *next - 1 : *date_from_ymd(year, 12, 31);
        return stated;
    }
    if (text.size() == 4 && read_digits(text, 0, 4, year)) {
        const auto first = date_from_ymd(year, 1, 1);
        if (!first) return std::nullopt;
        stated.precision = StatedDate::Precision::year;
        stated.first = *first;
        stated.last = *date_from_ymd(year, 12, 31);
        return stated;
    }
    return std::nullopt;
}

std::string format_iso_date(Date date) {
    if (date == no_date) return "(no date)";
    if (!is_representable(date)) return "(day " + std::to_string(date) + ", outside years 1400-9999)";
    const YearMonthDay fields = date_to_ymd(date);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", fields.year, fields.month, fields.day);
    return buffer;
}

}  // namespace escalate
