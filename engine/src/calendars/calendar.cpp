// Calendar compilation: every holiday rule is expanded for every year of the range, checked,
// and folded into flat per-day tables so that the queries in calendar.hpp are O(1) lookups.
//
// Named choices (each is also pinned by tests/engine/calendar_test.cpp):
//  - A holiday's "date the rule gives" is its nominal date before any substitution; `moved` and
//    `removed` entries must name exactly that date.
//  - Substitutes (next-working-day) are resolved after every other holiday of the range is
//    placed, in date order, each taking the next day that is neither a weekend day nor already a
//    holiday (substitutes included): Christmas on Saturday gives Monday 27 and Boxing Day on
//    Sunday Tuesday 28; Christmas on Sunday gives Tuesday 27 because Monday 26 is Boxing Day.
//  - A holiday whose date is a weekend day and which has no substitute changes nothing and is
//    not listed. A moved holiday is taken on its new date as given, never substituted.
//  - A yearly fixed date must exist every year, so 29 February is rejected. n = 5 in an
//    nth-weekday rule means "the fifth, if the month has one": no holiday in other years.
//  - Two recurring rules that give the same working day make one holiday whose name joins both
//    (capped at 1,000 bytes, then "... and more").
//  - Work is bounded (docs/reliability.md): at most 100,000 rule-years, names of at most 200
//    bytes, and a calendar with no working day at all is refused.
//    A one-off or a moved holiday that lands on a weekend day or on another holiday is an error:
//    a proclamation never appoints such a day, so it is a typing mistake.
#include "escalate/calendar.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <sstream>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "escalate/errors.hpp"

namespace escalate {

namespace {

namespace greg = boost::gregorian;

// Gregorian Easter needs the reformed calendar (1583 on); Boost.Date_Time stops at 9999.
constexpr int earliest_year = 1583;
constexpr int latest_year = 9999;

const char* const weekday_names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                      "Friday", "Saturday", "Sunday"};
const char* const month_names[12] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};

Date day_number(const greg::date& civil) {
    static const greg::date epoch(1970, 1, 1);
    return static_cast<Date>((civil - epoch).days());
}

// Boost.Date_Time counts weekdays Sunday = 0; the engine counts Monday = 0 (ISO 8601).
greg::greg_weekday boost_weekday(int monday_based) {
    return greg::greg_weekday(static_cast<unsigned short>((monday_based + 1) % 7));
}

// Western Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher), as given in
// Jean Meeus, "Astronomical Algorithms", 2nd ed. (1998), chapter 8. Valid for years >= 1583.
greg::date easter_sunday(int year) {
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return greg::date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                      static_cast<unsigned short>(day));
}

int max_day_of_month(int month) {
    static constexpr int lengths[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return lengths[month - 1];
}

// Limits on the work a calendar file can ask for (docs/reliability.md). Memory and time grow
// with rules x years, not with the file's size, so that product is bounded: the bundled
// calendars use about 1,500; a calendar of eleven rules over the whole range 1583-9999, 93,000.
constexpr std::int64_t max_rule_years = 100'000;
// Names are joined when rules share a day ("Christmas Day and Boxing Day"): capped, so that
// thousands of rules on one day cannot make every such day's name megabytes long.
constexpr std::size_t max_joined_name_bytes = 1'000;
constexpr std::size_t max_holiday_name_bytes = 200;

std::string describe_rule(const HolidayRule& rule) {
    return "holiday rule \"" + rule.name + "\"";
}

// Checks the fields of one rule; the definition may come from code, not only from the reader.
void check_rule(const HolidayRule& rule) {
    const auto fail = [&](const std::string& what, const std::string& how) {
        fail_at(rule.where, describe_rule(rule) + ": " + what, how);
    };
    if (rule.name.empty()) fail_at(rule.where, "a holiday rule has no name", "give every rule a name");
    if (rule.name.size() > max_holiday_name_bytes) {
        fail_at(rule.where, "a holiday rule's name is " + std::to_string(rule.name.size()) + " bytes long",
                "a holiday's name is at most " + std::to_string(max_holiday_name_bytes) + " bytes; shorten it");
    }
    if (rule.first_year > rule.last_year) {
        fail("first-year " + std::to_string(rule.first_year) + " is after last-year " +
                 std::to_string(rule.last_year),
             "swap them, or correct the year the rule began or ended");
    }
    const auto check_month = [&](int month) {
        if (month < 1 || month > 12) {
            fail("month " + std::to_string(month) + " does not exist", "write a month from 1 to 12");
        }
    };
    const auto check_weekday = [&](int weekday) {
        if (weekday < 0 || weekday > 6) {
            fail("weekday " + std::to_string(weekday) + " does not exist", "use monday ... sunday");
        }
    };
    if (const auto* fixed = std::get_if<FixedDateRule>(&rule.kind)) {
        check_month(fixed->month);
        if (fixed->day < 1 || fixed->day > max_day_of_month(fixed->month)) {
            fail(std::to_string(fixed->day) + " " + month_names[fixed->month - 1] + " is not a date",
                 std::string(month_names[fixed->month - 1]) + " has " +
                     std::to_string(max_day_of_month(fixed->month)) + " days; correct the day or the month");
        }
        if (fixed->month == 2 && fixed->day == 29) {
            fail("29 February exists only in leap years, so it cannot be a yearly holiday",
                 "choose a date that exists every year, or list the leap years as one-off holidays");
        }
    } else if (const auto* nth = std::get_if<NthWeekdayRule>(&rule.kind)) {
        check_month(nth->month);
        check_weekday(nth->weekday);
        if (nth->n < 1 || nth->n > 5) {
            fail("n is " + std::to_string(nth->n) + ", but a month has at most five of any weekday",
                 "write n from 1 to 5, or use <last-weekday> for the last one");
        }
    } else if (const auto* last = std::get_if<LastWeekdayRule>(&rule.kind)) {
        check_month(last->month);
        check_weekday(last->weekday);
    } else if (const auto* easter = std::get_if<EasterRule>(&rule.kind)) {
        if (easter->offset_days < -366 || easter->offset_days > 366) {
            fail("offset " + std::to_string(easter->offset_days) + " days is more than a year from Easter",
                 "write the offset in days from Easter Sunday, for example -2 for Good Friday");
        }
    }
}

bool in_force(const HolidayRule& rule, int year) { return year >= rule.first_year && year <= rule.last_year; }

// The date a rule gives in a year, before substitution; nullopt when the rule names no day that
// year (a fifth Monday the month does not have).
std::optional<greg::date> nominal_date_unchecked(const HolidayRule& rule, int year) {
    const auto y = static_cast<unsigned short>(year);
    if (const auto* fixed = std::get_if<FixedDateRule>(&rule.kind)) {
        return greg::date(y, static_cast<unsigned short>(fixed->month), static_cast<unsigned short>(fixed->day));
    }
    if (const auto* nth = std::get_if<NthWeekdayRule>(&rule.kind)) {
        using generator = greg::nth_kday_of_month;
        const greg::date found = generator(static_cast<generator::week_num>(nth->n), boost_weekday(nth->weekday),
                                           static_cast<unsigned short>(nth->month))
                                     .get_date(y);
        // Boost gives the last such weekday when asked for a fifth that does not exist.
        if ((found.day() - 1) / 7 != nth->n - 1) return std::nullopt;
        return found;
    }
    if (const auto* last = std::get_if<LastWeekdayRule>(&rule.kind)) {
        return greg::last_kday_of_month(boost_weekday(last->weekday), static_cast<unsigned short>(last->month))
            .get_date(y);
    }
    const auto& easter = std::get<EasterRule>(rule.kind);
    return easter_sunday(year) + greg::date_duration(easter.offset_days);
}

std::optional<greg::date> nominal_date(const HolidayRule& rule, int year) {
    try {
        return nominal_date_unchecked(rule, year);
    } catch (const std::out_of_range&) {
        // Boost's bad_year and friends: the day falls after 9999-12-31 (a fifth Monday of
        // December 9999, Easter 9999 plus months), past every calendar's range.
        if (year == latest_year) return std::nullopt;
        throw;
    }
}

// A holiday placed on its own date, before substitution.
struct Placed {
    Date date;
    std::string name;
    bool from_rule;  // recurring rule (may share a day) rather than a one-off or moved day
};

struct Weekend {
    bool days[7] = {};
    bool operator()(Date date) const { return days[weekday_of(date)]; }
};

[[noreturn]] void fail_calendar(const CalendarDefinition& definition, const std::string& what, const std::string& how) {
    fail_at(definition.where, "calendar \"" + definition.id + "\": " + what, how);
}

// The id, the range and the weekend.
Weekend check_calendar(const CalendarDefinition& definition) {
    if (definition.id.empty()) fail_at(definition.where, "the calendar has no id", "give it an id");
    if (definition.first_year < earliest_year || definition.last_year > latest_year ||
        definition.first_year > definition.last_year) {
        fail_calendar(definition,
                      "the years " + std::to_string(definition.first_year) + " to " +
                          std::to_string(definition.last_year) + " are not a range the engine can compile",
                      "set first-year <= last-year, both from " + std::to_string(earliest_year) + " to " +
                          std::to_string(latest_year));
    }
    if (definition.weekend_days.empty()) {
        fail_calendar(definition, "the weekend is empty",
                      "list the weekend days, for example <weekend days=\"saturday sunday\"/>");
    }
    Weekend weekend;
    for (int day : definition.weekend_days) {
        if (day < 0 || day > 6)
            fail_calendar(definition, "weekend day " + std::to_string(day) + " does not exist", "use monday ... sunday");
        if (weekend.days[day]) {
            fail_calendar(definition, std::string(weekday_names[day]) + " is listed twice in the weekend",
                          "list each day once");
        }
        weekend.days[day] = true;
    }
    if (definition.weekend_days.size() == 7) {
        fail_calendar(definition, "every day of the week is a weekend day, so there are no working days",
                      "list only the days offices are closed, for example \"saturday sunday\"");
    }
    return weekend;
}

// Rules: well-formed, uniquely named (moved and removed entries refer to them by name), and
// within the bound on rules x years.
std::map<std::string, std::size_t> index_rules(const CalendarDefinition& definition) {
    std::map<std::string, std::size_t> rule_by_name;
    std::int64_t rule_years = 0;
    for (std::size_t i = 0; i < definition.rules.size(); ++i) {
        const HolidayRule& rule = definition.rules[i];
        check_rule(rule);
        const auto [it, inserted] = rule_by_name.emplace(rule.name, i);
        if (!inserted) {
            const SourceLocation& earlier = definition.rules[it->second].where;
            fail_at(rule.where, "a second holiday rule is named \"" + rule.name + "\" (the first is at line " +
                                    std::to_string(earlier.line) + ")",
                    "give each rule its own name; to change a rule in one year use <moved> or <removed>");
        }
        const int from = std::max(definition.first_year - 1, rule.first_year);
        const int to = std::min(definition.last_year, rule.last_year);
        if (to >= from) rule_years += to - from + 1;
        if (rule_years > max_rule_years) {
            fail_at(rule.where,
                    "calendar \"" + definition.id + "\": its holiday rules give more than " +
                        std::to_string(max_rule_years) + " holidays over its years (rules times years in force)",
                    "a calendar may expand to at most that many; narrow first-year/last-year, or split the "
                    "rules' years");
        }
    }
    return rule_by_name;
}

using ChangeIndex = std::map<std::pair<std::size_t, int>, const HolidayChange*>;  // (rule, year)

// Changes: each must name a rule in force, on exactly the date the rule gives that year.
ChangeIndex index_changes(const CalendarDefinition& definition, const std::map<std::string, std::size_t>& rule_by_name,
                          Date first, Date last, const Weekend& is_weekend) {
    ChangeIndex change_for;
    const auto covers = [&](Date d) { return d >= first && d <= last; };
    for (const HolidayChange& change : definition.changes) {
        const std::string label = std::string(change.to == no_date ? "removal" : "move") + " of \"" + change.name + "\"";
        const auto rule_it = rule_by_name.find(change.name);
        if (rule_it == rule_by_name.end()) {
            std::string names;
            for (const auto& [name, index] : rule_by_name) names += (names.empty() ? "\"" : ", \"") + name + "\"";
            fail_at(change.where, label + ": no recurring holiday has that name",
                         names.empty() ? std::string("define the rule first")
                                       : "use the exact name of one of the rules: " + names);
        }
        const HolidayRule& rule = definition.rules[rule_it->second];
        if (change.from == no_date || !covers(change.from)) {
            fail_at(change.where, label + ": the date " + format_iso_date(change.from) + " is outside the calendar (" +
                                           format_iso_date(first) + " to " + format_iso_date(last) + ")",
                         "correct the date, or widen the calendar's first-year/last-year");
        }
        const int year = date_to_ymd(change.from).year;
        if (!in_force(rule, year)) {
            fail_at(change.where, label + ": the rule is not in force in " + std::to_string(year),
                         "correct the year, or the rule's first-year/last-year");
        }
        const auto given = nominal_date(rule, year);
        if (!given) {
            fail_at(change.where, label + ": the rule gives no day in " + std::to_string(year),
                         "remove this entry");
        }
        if (day_number(*given) != change.from) {
            fail_at(change.where,
                         label + ": the rule gives " + format_iso_date(day_number(*given)) + " in " +
                             std::to_string(year) + ", not " + format_iso_date(change.from),
                         "write the date the rule gives, " + format_iso_date(day_number(*given)) +
                             ", or check the name and the year");
        }
        if (change.to != no_date) {
            if (!covers(change.to)) {
                fail_at(change.where, label + ": the new date " + format_iso_date(change.to) + " is outside the calendar",
                             "correct the new date");
            }
            if (is_weekend(change.to)) {
                fail_at(change.where,
                             label + ": the new date " + format_iso_date(change.to) + " is a " +
                                 weekday_names[weekday_of(change.to)] + ", already a weekend day",
                             "correct the new date; a holiday is only moved to a working day");
            }
        }
        if (!change_for.emplace(std::make_pair(rule_it->second, year), &change).second) {
            fail_at(change.where, label + ": the holiday is already changed in " + std::to_string(year),
                         "keep one <moved> or <removed> entry per holiday and year");
        }
    }
    return change_for;
}

// Two recurring rules on one working day make one holiday whose name joins both (capped).
void place_rule_day(std::map<Date, Placed>& placed, Date date, const std::string& name) {
    auto [it, inserted] = placed.emplace(date, Placed{date, name, true});
    if (inserted || !it->second.from_rule || it->second.name == name) return;
    std::string& joined = it->second.name;
    static constexpr std::string_view more = " and more";
    if (joined.size() + 5 + name.size() <= max_joined_name_bytes) {
        joined += " and " + name;
    } else if (joined.size() < more.size() || joined.compare(joined.size() - more.size(), more.size(), more) != 0) {
        joined += more;
    }
}

// Expansion of the recurring rules. The year before the range is expanded too, so that a
// holiday at the end of it can push its substitute into the first days of the range. Returns
// the nominal dates that fell on a weekend day and take a substitute.
std::vector<std::pair<Date, std::string>> expand_rules(const CalendarDefinition& definition, const ChangeIndex& change_for,
                                                       Date last, const Weekend& is_weekend,
                                                       std::map<Date, Placed>& placed) {
    std::vector<std::pair<Date, std::string>> needs_substitute;
    const int first_expanded = std::max(earliest_year, definition.first_year - 1);
    for (std::size_t r = 0; r < definition.rules.size(); ++r) {
        const HolidayRule& rule = definition.rules[r];
        const bool substitutes = std::holds_alternative<FixedDateRule>(rule.kind) &&
                                 std::get<FixedDateRule>(rule.kind).substitute == SubstituteRule::next_working_day;
        const int from_year = std::max(first_expanded, rule.first_year);
        const int to_year = std::min(definition.last_year, rule.last_year);
        for (int year = from_year; year <= to_year; ++year) {
            if (const auto change = change_for.find({r, year}); change != change_for.end()) {
                if (change->second->to != no_date) {
                    const Date to = change->second->to;
                    if (placed.count(to)) {
                        fail_at(change->second->where,
                                     "move of \"" + rule.name + "\": the new date " + format_iso_date(to) +
                                         " is already the holiday \"" + placed.at(to).name + "\"",
                                     "correct the new date");
                    }
                    placed.emplace(to, Placed{to, rule.name, false});
                }
                continue;
            }
            const auto given = nominal_date(rule, year);
            if (!given) continue;
            const Date date = day_number(*given);
            if (date > last) continue;  // an Easter offset reaching past the range
            if (!is_weekend(date)) {
                if (const auto existing = placed.find(date); existing != placed.end() && !existing->second.from_rule) {
                    fail_at(rule.where,
                                 describe_rule(rule) + ": its date " + format_iso_date(date) +
                                     " is also the moved holiday \"" + existing->second.name + "\"",
                                 "check the <moved> entry's new date");
                }
                place_rule_day(placed, date, rule.name);
            } else if (substitutes) {
                needs_substitute.emplace_back(date, rule.name);
            }
        }
    }
    return needs_substitute;
}

void place_one_offs(const CalendarDefinition& definition, Date first, Date last, const Weekend& is_weekend,
                    std::map<Date, Placed>& placed) {
    for (const OneOffHoliday& one_off : definition.one_offs) {
        const std::string label = "one-off holiday \"" + one_off.name + "\" on " + format_iso_date(one_off.date);
        if (one_off.date == no_date || one_off.date < first || one_off.date > last) {
            fail_at(one_off.where,
                         label + ": the date is outside the calendar (" + format_iso_date(first) + " to " +
                             format_iso_date(last) + ")",
                         "correct the date, or widen the calendar's first-year/last-year");
        }
        if (is_weekend(one_off.date)) {
            fail_at(one_off.where, label + ": the date is a " + std::string(weekday_names[weekday_of(one_off.date)]) +
                                            ", already a weekend day",
                         "check the date against the proclamation");
        }
        if (const auto existing = placed.find(one_off.date); existing != placed.end()) {
            fail_at(one_off.where, label + ": the date is already the holiday \"" + existing->second.name + "\"",
                         "check the date against the proclamation; if a holiday was moved, use <moved>");
        }
        placed.emplace(one_off.date, Placed{one_off.date, one_off.name, false});
    }
}

// Substitute days, in date order, after everything else is placed: each takes the next day that
// is neither a weekend day nor already a holiday (substitutes included). One pass over the days:
// taken in date order, a substitute never lands before the previous one, and every day between
// its holiday and the previous substitute was already taken (else that one would have had it),
// so each search resumes where the last ended.
std::map<Date, std::string> place_substitutes(std::vector<std::pair<Date, std::string>> needs_substitute,
                                              const std::map<Date, Placed>& placed, Date last,
                                              const Weekend& is_weekend) {
    std::map<Date, std::string> substitutes;
    if (needs_substitute.empty()) return substitutes;
    std::sort(needs_substitute.begin(), needs_substitute.end());
    const Date origin = needs_substitute.front().first;
    std::vector<bool> taken(static_cast<std::size_t>(std::max<Date>(0, last - origin + 1)));
    for (auto it = placed.lower_bound(origin); it != placed.end() && it->first <= last; ++it)
        taken[static_cast<std::size_t>(it->first - origin)] = true;
    Date resume = origin;
    for (const auto& [date, name] : needs_substitute) {
        Date day = std::max(date + 1, resume);
        while (day <= last && (is_weekend(day) || taken[static_cast<std::size_t>(day - origin)])) ++day;
        resume = day;
        if (day > last) continue;  // beyond the tables
        taken[static_cast<std::size_t>(day - origin)] = true;
        substitutes.emplace(day, name + " (substitute day)");
    }
    return substitutes;
}

}  // namespace

void Calendar::throw_out_of_range(Date date, const char* what) const {
    std::ostringstream message;
    message << what << ' ' << format_iso_date(date) << " is outside the " << id_ << " calendar, which covers "
            << format_iso_date(first_) << " to " << format_iso_date(last_)
            << "; use a date in that range or extend the calendar's first-year/last-year";
    throw OutOfRangeError(message.str());
}

std::size_t Calendar::offset_of(Date date, const char* what) const {
    if (!covers(date)) throw_out_of_range(date, what);
    return static_cast<std::size_t>(date - first_);
}

namespace {

// The fuzz builds trace every comparison for libFuzzer; in this branch-free loop over up to
// three million days the tracing learnt nothing and took most of the loader fuzzers' time.
#if defined(__clang__)
#define ESCALATE_NOT_COVERAGE_TRACED __attribute__((no_sanitize("coverage")))
#else
#define ESCALATE_NOT_COVERAGE_TRACED
#endif

// Days [day, end) between two holidays: each is written to the next free slot of nth, which
// advances only when the day's weekday works; through gets the running count.
ESCALATE_NOT_COVERAGE_TRACED void count_days(Date first, const std::array<std::int32_t, 7>& works_on, std::size_t& day,
                                             std::size_t end, std::int32_t& count, std::int32_t* through, Date* nth) {
    std::int32_t running = count;
    for (std::size_t at = day; at < end; ++at) {
        nth[running + 1] = first + static_cast<Date>(at);
        running += works_on[at % 7];
        through[at] = running;
    }
    count = running;
    day = end;
}

}  // namespace

std::shared_ptr<const Calendar> Calendar::compile(const CalendarDefinition& definition) {
    // Date arithmetic past Boost's last year (9999) throws std::out_of_range; no such error
    // leaves the engine as anything but a ruleset error naming the file and line.
    try {
        return compile_checked(definition);
    } catch (const std::out_of_range& error) {
        fail_calendar(definition, std::string("a date cannot be computed (") + error.what() + ")",
                      "check the rules near the end of the calendar's years");
    }
}

std::shared_ptr<const Calendar> Calendar::compile_checked(const CalendarDefinition& definition) {
    const Weekend is_weekend = check_calendar(definition);
    auto calendar = std::shared_ptr<Calendar>(new Calendar());
    calendar->id_ = definition.id;
    calendar->name_ = definition.name;
    calendar->source_ = definition.source;
    calendar->first_ = *date_from_ymd(definition.first_year, 1, 1);
    calendar->last_ = *date_from_ymd(definition.last_year, 12, 31);
    calendar->weekend_.resize(7);
    for (std::size_t day = 0; day < 7; ++day) calendar->weekend_[day] = is_weekend.days[day];
    const Date first = calendar->first_;
    const Date last = calendar->last_;

    const auto rule_by_name = index_rules(definition);
    const ChangeIndex change_for = index_changes(definition, rule_by_name, first, last, is_weekend);
    std::map<Date, Placed> placed;
    auto needs_substitute = expand_rules(definition, change_for, last, is_weekend, placed);
    place_one_offs(definition, first, last, is_weekend, placed);
    const auto substitutes = place_substitutes(std::move(needs_substitute), placed, last, is_weekend);

    // The tables. Both maps are in date order and never share a date (a substitute takes a day
    // no holiday has), so one merge gives the holidays sorted.
    std::vector<Holiday>& holidays = calendar->holidays_;
    holidays.reserve(placed.size() + substitutes.size());
    auto own = placed.lower_bound(first);
    auto substitute = substitutes.lower_bound(first);
    while (own != placed.end() && own->first <= last) {
        for (; substitute != substitutes.end() && substitute->first < own->first; ++substitute)
            holidays.push_back(Holiday{substitute->first, substitute->second, true});
        holidays.push_back(Holiday{own->first, own->second.name, false});
        ++own;
    }
    for (; substitute != substitutes.end(); ++substitute) holidays.push_back(Holiday{substitute->first, substitute->second, true});

    // One pass over the days (a calendar may span 8,000 years: three million days). Between two
    // holidays whether a day works is its weekday's alone, so the inner loop has no branch: it
    // writes every day into the next free slot of nth_ and advances only on a working day.
    const auto days = static_cast<std::size_t>(last - first) + 1;
    std::array<std::int32_t, 7> works_on{};  // by the day's offset from `first`, modulo 7
    const int first_weekday = weekday_of(first);
    for (std::size_t k = 0; k < 7; ++k)
        works_on[k] = calendar->weekend_[(static_cast<std::size_t>(first_weekday) + k) % 7] ? 0 : 1;
    // The working days, counted first so that nth_ is allocated once at its size: by weekday
    // over whole weeks and the days left over, less the holidays on days that would work.
    std::int64_t working_days = 0;
    for (std::size_t k = 0; k < 7; ++k) {
        const std::size_t days_at_k = days / 7 + (k < days % 7 ? 1 : 0);  // offsets k, k + 7, ... below days
        working_days += works_on[k] * static_cast<std::int64_t>(days_at_k);
    }
    for (const Holiday& holiday : holidays) {
        if (holiday.date > last) break;
        working_days -= works_on[static_cast<std::size_t>(holiday.date - first) % 7];
    }
    // One slot more than kept: the loop writes a day into the next free slot even after the last
    // working day. new[] leaves them uninitialised: every one that is read gets written.
    calendar->through_.reset(new std::int32_t[days]);
    calendar->nth_.reset(new Date[static_cast<std::size_t>(working_days) + 2]);
    std::int32_t* const through = calendar->through_.get();
    Date* const nth = calendar->nth_.get();
    nth[0] = first - 1;
    std::int32_t count = 0;
    std::size_t day = 0;
    for (const Holiday& holiday : holidays) {
        if (holiday.date > last) break;
        // The merge above gives distinct dates in order from `first`; the loop relies on it.
        if (holiday.date < first + static_cast<Date>(day))
            throw std::logic_error("Calendar::compile: the holidays are not distinct and in date order");
        const auto at = static_cast<std::size_t>(holiday.date - first);
        count_days(first, works_on, day, at, count, through, nth);
        through[day++] = count;  // the holiday itself: not a working day
    }
    count_days(first, works_on, day, days, count, through, nth);
    if (count != working_days) throw std::logic_error("Calendar::compile: the working days counted twice disagree");
    calendar->working_days_ = count;
    if (count == 0) {
        fail_calendar(definition,
                      "there is no working day at all from " + format_iso_date(first) + " to " + format_iso_date(last) +
                          ": every day is a weekend day or a holiday",
                      "check the weekend days and the holiday rules; a calendar counts working days");
    }
    return calendar;
}

bool Calendar::is_weekend_day(Date date) const {
    return weekend_[static_cast<std::size_t>(weekday_of(date))] != 0;
}

bool Calendar::is_working_day(Date date) const {
    const std::size_t at = offset_of(date, "the date");
    // A working day is exactly one where the running count steps up.
    return through_[at] != (at == 0 ? 0 : through_[at - 1]);
}

const Holiday* Calendar::holiday_on(Date date) const {
    (void)offset_of(date, "the date");
    // A search rather than a per-day index: the tables stay at 8 bytes a day.
    const auto found = std::lower_bound(holidays_.begin(), holidays_.end(), date,
                                        [](const Holiday& h, Date d) { return h.date < d; });
    return found != holidays_.end() && found->date == date ? &*found : nullptr;
}

Date Calendar::add_working_days(Date date, int count) const {
    const std::size_t at = offset_of(date, "the date");
    if (count == 0) return date;
    const std::int64_t through = through_[at];
    std::int64_t target;  // index into nth_
    if (count > 0) {
        target = through + count;
    } else {
        // Working days strictly before the date, then step back |count| - 1 more.
        const std::int64_t before = at == 0 ? 0 : through_[at - 1];
        target = before + count + 1;
    }
    if (target < 1 || target > total_working_days()) {
        std::ostringstream message;
        message << (count > 0 ? "adding " : "subtracting ") << (count > 0 ? count : -static_cast<std::int64_t>(count))
                << " working days " << (count > 0 ? "to " : "from ") << format_iso_date(date) << " goes past "
                << format_iso_date(count > 0 ? last_ : first_) << ", the " << (count > 0 ? "last" : "first")
                << " date the " << id_ << " calendar covers (" << format_iso_date(first_) << " to "
                << format_iso_date(last_) << "); extend the calendar's range or use a nearer date";
        throw OutOfRangeError(message.str());
    }
    return nth_[static_cast<std::size_t>(target)];
}

int Calendar::count_working_days(Date from_exclusive, Date to_inclusive) const {
    const std::size_t from = offset_of(from_exclusive, "the start date");
    const std::size_t to = offset_of(to_inclusive, "the end date");
    return through_[to] - through_[from];
}

std::vector<Holiday> Calendar::holidays(int year) const {
    const int first_year = date_to_ymd(first_).year;
    const int last_year = date_to_ymd(last_).year;
    if (year < first_year || year > last_year) {
        throw OutOfRangeError("the year " + std::to_string(year) + " is outside the " + id_ +
                              " calendar, which covers " + std::to_string(first_year) + " to " +
                              std::to_string(last_year) + "; ask for a year in that range");
    }
    const Date start = *date_from_ymd(year, 1, 1);
    const Date end = *date_from_ymd(year, 12, 31);
    const auto by_date = [](const Holiday& h, Date d) { return h.date < d; };
    const auto begin = std::lower_bound(holidays_.begin(), holidays_.end(), start, by_date);
    const auto stop = std::lower_bound(holidays_.begin(), holidays_.end(), end + 1, by_date);
    return std::vector<Holiday>(begin, stop);
}

}  // namespace escalate
