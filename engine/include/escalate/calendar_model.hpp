// What a calendar file says, before compilation: weekend days and holiday rules, each with the
// source line it came from so compile-time errors can point at it.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "escalate/date.hpp"
#include "escalate/source_location.hpp"

namespace escalate {

/// What happens when a fixed-date holiday falls on a weekend day.
enum class SubstituteRule {
    none,              // the holiday is lost (e.g. pre-1974 New Year's Day in England)
    next_working_day,  // the next day that is neither a weekend day nor already a holiday
};

/// A holiday on the same month and day every year ("25 December").
struct FixedDateRule {
    int month = 0;
    int day = 0;
    SubstituteRule substitute = SubstituteRule::none;
};

/// The n-th given weekday of a month ("first Monday in May"); n in 1..5.
struct NthWeekdayRule {
    int month = 0;
    int weekday = 0;  // Monday = 0 ... Sunday = 6
    int n = 1;
};

/// The last given weekday of a month ("last Monday in August").
struct LastWeekdayRule {
    int month = 0;
    int weekday = 0;
};

/// A day relative to Western (Gregorian) Easter Sunday: Good Friday is -2, Easter Monday +1.
struct EasterRule {
    int offset_days = 0;
};

using HolidayRuleKind = std::variant<FixedDateRule, NthWeekdayRule, LastWeekdayRule, EasterRule>;

/// A recurring holiday, in force in years first_year..last_year inclusive.
struct HolidayRule {
    std::string name;
    HolidayRuleKind kind;
    int first_year = 0;     // 0: from the start of the calendar's range
    int last_year = 9999;   // inclusive
    std::string source;     // the statute or proclamation, free text
    SourceLocation where;
};

/// A holiday proclaimed for one year only (2022-06-03, the Platinum Jubilee).
struct OneOffHoliday {
    std::string name;
    Date date = no_date;
    std::string source;
    SourceLocation where;
};

/// A recurring holiday moved (to != no_date) or cancelled (to == no_date) in one year: the
/// early May bank holiday of 2020 moved from 4 to 8 May.
struct HolidayChange {
    std::string name;  // must equal the name of the recurring rule it changes
    Date from = no_date;
    Date to = no_date;
    std::string source;
    SourceLocation where;
};

struct CalendarDefinition {
    std::string id;
    std::string name;
    std::string source;          // the published list the calendar was checked against
    int first_year = 1980;       // tables cover first_year-01-01 .. last_year-12-31
    int last_year = 2100;
    std::vector<int> weekend_days;  // Monday = 0 ... Sunday = 6
    std::vector<HolidayRule> rules;
    std::vector<OneOffHoliday> one_offs;
    std::vector<HolidayChange> changes;
    SourceLocation where;
};

}  // namespace escalate
