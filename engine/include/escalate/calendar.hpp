// A compiled, immutable working-day calendar. Compilation expands every holiday rule for every
// year of the range into flat tables, so each query below is O(1) and allocation-free.
//
// Conventions (docs/semantics.md, "Counting"), named here once:
//  - add_working_days(D, N), N >= 1: the N-th working day strictly after D. When D is not a
//    working day, the first working day after D is day 1. N = 0 gives D itself.
//    N < 0: the |N|-th working day strictly before D.
//  - count_working_days(a, b): the number of working days d with a < d <= b (negative when
//    b < a), so count_working_days(D, add_working_days(D, N)) == N.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "escalate/calendar_model.hpp"
#include "escalate/date.hpp"

namespace escalate {

struct Holiday {
    Date date = no_date;
    std::string name;
    bool substitute = false;  // a substitute day for a holiday that fell on a weekend
};

class Calendar {
public:
    /// Expands and checks a definition. Throws RulesetError ("file:line: ...") for rules that
    /// name impossible dates, changes that match no holiday, a calendar with no working day,
    /// more than 100,000 rule-years (rules times the years each is in force), and the like.
    /// Memory: 8 bytes a day of the range plus the holidays.
    static std::shared_ptr<const Calendar> compile(const CalendarDefinition& definition);

    const std::string& id() const noexcept { return id_; }
    const std::string& name() const noexcept { return name_; }
    const std::string& source() const noexcept { return source_; }

    /// The first and last dates the tables cover, inclusive.
    Date first_date() const noexcept { return first_; }
    Date last_date() const noexcept { return last_; }
    bool covers(Date date) const noexcept { return date >= first_ && date <= last_; }

    /// Throws OutOfRangeError outside [first_date, last_date].
    bool is_working_day(Date date) const;
    bool is_weekend_day(Date date) const;
    /// The holiday's name, or nullptr when the date is not a holiday.
    const Holiday* holiday_on(Date date) const;

    /// See the conventions above. Throws OutOfRangeError when the date or the result falls
    /// outside the tables.
    Date add_working_days(Date date, int count) const;
    /// add_working_days without exceptions: empty when the date or the result lies outside
    /// [first_date, last_date]. For evaluators that must compare a date past the end with
    /// another rule's (docs/semantics.md, "Calendar ends").
    /// Inline: the bulk tables call it for every date of a calendar when an engine loads.
    std::optional<Date> try_add_working_days(Date date, int count) const noexcept {
        if (!covers(date)) return std::nullopt;
        if (count == 0) return date;
        const std::size_t at = static_cast<std::size_t>(date - first_);
        const std::int64_t target = count > 0 ? std::int64_t{through_[at]} + count
                                              : (at == 0 ? 0 : std::int64_t{through_[at - 1]}) + count + 1;
        if (target < 1 || target > total_working_days()) return std::nullopt;
        return nth_[static_cast<std::size_t>(target)];
    }
    /// The date itself when it is a working day, else the next working day after it; empty
    /// when there is none inside the tables ("roll to the next working day").
    std::optional<Date> try_next_working_day(Date date) const noexcept {
        if (!covers(date)) return std::nullopt;
        const std::size_t at = static_cast<std::size_t>(date - first_);
        const bool working = through_[at] != (at == 0 ? 0 : through_[at - 1]);
        return working ? std::optional<Date>(date) : try_add_working_days(date, 1);
    }
    int count_working_days(Date from_exclusive, Date to_inclusive) const;

    /// The holidays of a calendar year in date order (substitute days included and marked).
    /// Throws OutOfRangeError outside the calendar's years.
    std::vector<Holiday> holidays(int year) const;

    // Raw tables for bulk recalculation: the hot loop indexes them directly.
    // working_days_through(d) = number of working days in [first_date, d].
    // nth_working_day(k) = the k-th working day on or after first_date (k >= 1).
    const std::int32_t* working_days_through_table() const noexcept { return through_.get(); }
    const Date* nth_working_day_table() const noexcept { return nth_.get(); }
    std::int32_t total_working_days() const noexcept { return working_days_; }

private:
    Calendar() = default;

    std::string id_;
    std::string name_;
    std::string source_;
    Date first_ = 0;
    Date last_ = 0;
    // Arrays rather than vectors: compile() writes each of up to three million days once, and a
    // vector would zero them first (and, in the fuzz builds, loop over them to destroy them).
    std::unique_ptr<std::int32_t[]> through_;  // last_ - first_ + 1 days, indexed by date - first_
    std::unique_ptr<Date[]> nth_;  // nth_[0] = first_ - 1 (sentinel), nth_[k]: the k-th working day
    std::int32_t working_days_ = 0;
    std::vector<std::uint8_t> weekend_;     // indexed by weekday
    std::vector<Holiday> holidays_;         // sorted by date, one a day

    static std::shared_ptr<const Calendar> compile_checked(const CalendarDefinition& definition);
    [[noreturn]] void throw_out_of_range(Date date, const char* what) const;
    std::size_t offset_of(Date date, const char* what) const;
};

}  // namespace escalate
