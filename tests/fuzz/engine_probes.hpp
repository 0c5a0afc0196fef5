// What the engine fuzz targets do with whatever compiled: query it the ways a record system
// would and check the properties the headers promise. A broken promise, or an exception that
// is not one of the engine's own errors (the C ABI would report it as ESC_INTERNAL_ERROR, "a
// bug in Escalate"), aborts, which libFuzzer records as a crash with the input that caused it.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "escalate/engine.hpp"
#include "escalate/errors.hpp"

namespace escalate::fuzz {

[[noreturn]] inline void broken_promise(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "fuzz: broken promise: %s %s\n", what, detail.c_str());
    std::abort();
}

#define ESCALATE_FUZZ_REQUIRE(condition, detail) \
    do {                                         \
        if (!(condition)) ::escalate::fuzz::broken_promise(#condition, detail); \
    } while (0)

/// Runs body; the engine's documented errors are expected answers to bad input, anything else
/// is a finding. Returns true when body returned normally.
template <class Body>
bool expect_engine_errors_only(const char* context, Body&& body) {
    try {
        body();
        return true;
    } catch (const Error&) {
        return false;
    } catch (const std::exception& e) {
        broken_promise("only escalate::Error may escape the engine", std::string(context) + ": " + e.what());
    } catch (...) {
        broken_promise("only escalate::Error may escape the engine", std::string(context) + ": a non-std exception");
    }
}

/// Sample dates across a calendar's range: both ends closely (where off-by-one errors live),
/// the middle sparsely, and one day beyond each end.
inline std::vector<Date> sample_dates(const Calendar& calendar) {
    std::vector<Date> dates;
    const Date first = calendar.first_date(), last = calendar.last_date();
    for (Date d = first; d <= last && d < first + 10; ++d) dates.push_back(d);
    for (Date d = std::max(first, last - 9); d <= last; ++d) dates.push_back(d);
    const Date step = std::max<Date>(1, (last - first) / 24);
    for (Date d = first; d <= last; d += step) dates.push_back(d);
    return dates;
}

/// The conventions of calendar.hpp, checked on sample dates.
inline void probe_calendar(const Calendar& calendar) {
    const Date first = calendar.first_date(), last = calendar.last_date();
    ESCALATE_FUZZ_REQUIRE(first <= last, calendar.id());
    for (Date outside : {first - 1, last + 1}) {
        try {
            (void)calendar.is_working_day(outside);
            broken_promise("a date outside the calendar is refused", calendar.id());
        } catch (const OutOfRangeError&) {
        }
    }
    for (Date d : sample_dates(calendar)) {
        expect_engine_errors_only("calendar queries", [&] {
            const bool working = calendar.is_working_day(d);
            ESCALATE_FUZZ_REQUIRE(working == !(calendar.is_weekend_day(d) || calendar.holiday_on(d)), format_iso_date(d));
            for (int n : {0, 1, 2, 5, 20}) {
                expect_engine_errors_only("add_working_days forward", [&] {
                    const Date r = calendar.add_working_days(d, n);
                    if (n == 0) {
                        ESCALATE_FUZZ_REQUIRE(r == d, format_iso_date(d));
                        return;
                    }
                    ESCALATE_FUZZ_REQUIRE(r > d && calendar.is_working_day(r), format_iso_date(d));
                    // calendar.hpp: count_working_days(D, add_working_days(D, N)) == N.
                    ESCALATE_FUZZ_REQUIRE(calendar.count_working_days(d, r) == n, format_iso_date(d));
                    ESCALATE_FUZZ_REQUIRE(calendar.count_working_days(r, d) == -n, format_iso_date(d));
                });
            }
            for (int n : {1, 3}) {
                expect_engine_errors_only("add_working_days backward", [&] {
                    const Date r = calendar.add_working_days(d, -n);
                    ESCALATE_FUZZ_REQUIRE(r < d && calendar.is_working_day(r), format_iso_date(d));
                    // r is the n-th working day before d: n - 1 working days lie between them.
                    ESCALATE_FUZZ_REQUIRE(calendar.count_working_days(r, d) == n - 1 + (working ? 1 : 0), format_iso_date(d));
                });
            }
        });
    }
    const int first_year = date_to_ymd(first).year, last_year = date_to_ymd(last).year;
    for (int year : {first_year - 1, first_year, (first_year + last_year) / 2, last_year, last_year + 1}) {
        expect_engine_errors_only("holidays", [&] {
            const auto holidays = calendar.holidays(year);
            ESCALATE_FUZZ_REQUIRE(year >= first_year && year <= last_year, std::to_string(year));
            for (std::size_t i = 0; i < holidays.size(); ++i) {
                ESCALATE_FUZZ_REQUIRE(date_to_ymd(holidays[i].date).year == year, std::to_string(year));
                ESCALATE_FUZZ_REQUIRE(i == 0 || holidays[i - 1].date <= holidays[i].date, std::to_string(year));
                ESCALATE_FUZZ_REQUIRE(calendar.holiday_on(holidays[i].date) != nullptr, format_iso_date(holidays[i].date));
            }
        });
    }
}

/// decide() from every stage (and the start) on every event, for each subject and a few
/// dates; then the bulk path against the careful one on the same cases.
inline void probe_pathway(const Engine& engine, int index) {
    const Pathway& pathway = *engine.pathways()[index];
    const Calendar& calendar = pathway.calendar();
    const std::size_t stages = std::min<std::size_t>(pathway.stages().size(), 16);
    const std::size_t events = std::min<std::size_t>(pathway.events().size(), 8);
    std::vector<std::string> subjects{""};
    for (const auto& s : pathway.subjects()) subjects.push_back(s);
    subjects.push_back("nobody");
    const Date at = calendar.first_date() + (calendar.last_date() - calendar.first_date()) / 2;
    const Date dates[] = {calendar.first_date(), at, calendar.last_date(), calendar.last_date() + 1};

    // Every stage (and the start) on every event for every subject, the date and start date
    // taken in turn from the samples, so one input costs hundreds of queries, not thousands.
    std::size_t turn = 0;
    for (std::size_t s = 0; s <= stages; ++s) {
        const std::string stage = s == stages ? std::string() : pathway.stages()[s].id;
        for (std::size_t e = 0; e <= events; ++e) {
            const std::string event = e == events ? std::string() : pathway.events()[e];
            for (const auto& subject : subjects) {
                const Date when = dates[turn % 4];
                const Date started = (turn / 4) % 3 == 0 ? no_date : (turn / 4) % 3 == 1 ? when : when - 3;
                ++turn;
                expect_engine_errors_only("decide", [&] {
                    const Decision decision = engine.decide({pathway.id(), stage, event, subject, when, started});
                    ESCALATE_FUZZ_REQUIRE(decision.id && decision.name, pathway.id());
                    if (!decision.target.terminal) {
                        ESCALATE_FUZZ_REQUIRE(decision.tier && decision.tier_name, pathway.id());
                        ESCALATE_FUZZ_REQUIRE(decision.steps.size() == pathway.stages()[decision.target.index].steps.size(),
                                              pathway.id());
                    }
                });
            }
        }
    }

    // Bulk and careful paths must agree row by row (recalculate.hpp): a due date where the
    // careful path gives one, and a matching status where it refuses.
    std::vector<std::int32_t> pathway_column, stage_column;
    std::vector<Date> entered, started;
    for (int s = -1; s <= static_cast<int>(stages); ++s) {
        for (Date when : dates) {
            for (Date from : {no_date, when, when - 5, when + 1, calendar.first_date()}) {
                pathway_column.push_back(index);
                stage_column.push_back(s);
                entered.push_back(when);
                started.push_back(from);
            }
        }
    }
    pathway_column.push_back(index + 1);  // one pathway index past the end
    stage_column.push_back(0);
    entered.push_back(at);
    started.push_back(at);
    const std::size_t n = entered.size();
    std::vector<Date> due(n, 12345);
    std::vector<RowStatus> status(n, RowStatus::ok);
    for (unsigned threads : {1u, 2u}) {
        expect_engine_errors_only("recalculate", [&] {
            (void)engine.recalculate({pathway_column.data(), stage_column.data(), entered.data(), started.data(), n}, due.data(),
                                     status.data(), threads);
        });
        for (std::size_t i = 0; i < n; ++i) {
            Date careful = no_date;
            const char* refusal = nullptr;
            try {
                careful = engine.due(pathway_column[i], stage_column[i], entered[i], started[i]);
            } catch (const NotFoundError&) {
                refusal = "not found";
            } catch (const OutOfRangeError&) {
                refusal = "out of range";
            } catch (const InvalidArgumentError&) {
                refusal = "invalid argument";
            }
            const std::string row = "row " + std::to_string(i) + " stage " + std::to_string(stage_column[i]) + " entered " +
                                    format_iso_date(entered[i]) + " started " + format_iso_date(started[i]);
            switch (status[i]) {
                case RowStatus::ok:
                    ESCALATE_FUZZ_REQUIRE(!refusal && due[i] == careful, row + " bulk " + format_iso_date(due[i]) +
                                                                            " careful " + format_iso_date(careful));
                    break;
                case RowStatus::bad_pathway:
                case RowStatus::bad_stage:
                case RowStatus::no_version:  // never here: no row is given Engine::no_version_in_force
                    ESCALATE_FUZZ_REQUIRE(refusal && std::string(refusal) == "not found" && due[i] == no_date, row);
                    break;
                case RowStatus::out_of_range:
                case RowStatus::missing_date:
                case RowStatus::missing_start:
                case RowStatus::due_out_of_range:
                case RowStatus::bad_dates:
                    // A row may have more than one problem (a missing start date and a due date
                    // past the calendar's end); the two paths may name a different one first.
                    // What must agree is that the row is refused. The careful path returns a
                    // due date past the calendar's end (calendar days) where the bulk path,
                    // which has no table entry for it, refuses the row as out of range.
                    ESCALATE_FUZZ_REQUIRE(((refusal && std::string(refusal) != "not found") ||
                                           (!refusal && careful > calendar.last_date())) &&
                                              due[i] == no_date,
                                          row + " status " + std::to_string(int(status[i])) + " careful " +
                                              (refusal ? refusal : format_iso_date(careful).c_str()));
                    break;
                default:
                    broken_promise("a row status recalculate.hpp does not define", row);
            }
        }
    }
}

}  // namespace escalate::fuzz
