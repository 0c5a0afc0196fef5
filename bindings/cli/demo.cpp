// `escalate demo`: the main job on the bundled rulesets, end to end through the C interface:
// load and check them, work one case by hand, walk one timeline, then recalculate a caseload
// of a million cases in bulk and report the throughput.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "cli.hpp"
#include "progress.hpp"
#include "worklist.hpp"

namespace escalate::cli {

const char* const demo_usage =
    "usage: escalate demo [--cases N]\n"
    "\n"
    "The main job on the bundled rulesets, in a few seconds: loads and checks them (listing the\n"
    "pathways and calendars), works a Wolverhampton case across the Easter bank holidays, walks\n"
    "one timeline, then generates a caseload (every stage of every pathway, outsets in\n"
    "2024-2026), recalculates every due date in bulk on every core, and prints the throughput.\n"
    "Last, it generates a caseload of case histories (several events each, across Christmas\n"
    "2025 and Easter 2026), evaluates every case as of 8 April 2026 with the bulk history call,\n"
    "and prints the worklist summary (open cases by tier and state, closed, bad) and the\n"
    "throughput.\n"
    "\n"
    "  --cases N   the size of each generated caseload (default 1000000)\n";

namespace {

// The worked case: a disagreement raised on Wednesday 27 March 2024, just before Easter
// (Good Friday 29 March and Easter Monday 1 April are bank holidays in England and Wales).
constexpr const char* worked_pathway = "wolverhampton";
constexpr int worked_year = 2024, worked_month = 3, worked_day = 27;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string milliseconds(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", seconds * 1000);
    return text;
}

std::string per_second(std::size_t count, double seconds) {
    return with_thousands(static_cast<std::uint64_t>(seconds > 0 ? static_cast<double>(count) / seconds : 0)) + " cases/s";
}

std::string padded(const std::string& text, std::size_t width) {
    return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

/// "Wolverhampton Safeguarding Together Partnership (WST), ..." -> the name before any
/// parenthesis or list, to keep the listing to one line a pathway.
std::string short_authority(const char* authority) {
    std::string text = authority;
    const auto cut = text.find_first_of("(;,");
    if (cut != std::string::npos) text.erase(cut);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

/// The holidays between two dates (from < d <= to), "Fri 29 Mar Good Friday, ...".
std::string holidays_between(const esc_engine* engine, const char* calendar_id, esc_date from, esc_date to) {
    const esc_calendar* calendar = nullptr;
    check(esc_engine_calendar(engine, calendar_id, &calendar));
    std::string list;
    for (esc_date d = from + 1; d <= to; ++d) {
        const char* name = nullptr;
        check(esc_calendar_holiday_name(calendar, d, &name));
        if (!name) continue;
        if (!list.empty()) list += ", ";
        list += weekday_name(d) + " " + iso(d) + " " + name;
    }
    return list;
}

void show_rulesets(const esc_engine* engine, const std::string& path, double load_seconds, std::ostream& out) {
    out << "1. The bundled rulesets (" << path << "): loaded, compiled and checked in "
        << milliseconds(load_seconds) << "\n";
    int32_t calendars = 0, pathways = 0;
    check(esc_engine_calendar_count(engine, &calendars));
    check(esc_engine_pathway_count(engine, &pathways));
    out << "   calendars:";
    for (int32_t i = 0; i < calendars; ++i) {
        const esc_calendar* calendar = nullptr;
        check(esc_engine_calendar_at(engine, i, &calendar));
        esc_calendar_info info{};
        info.size = sizeof info;
        check(esc_calendar_info_get(calendar, &info));
        int first = 0, last = 0;
        check(esc_date_to_ymd(info.first_date, &first, nullptr, nullptr));
        check(esc_date_to_ymd(info.last_date, &last, nullptr, nullptr));
        out << (i ? ", " : " ") << info.id << " (" << first << "-" << last << ")";
    }
    out << "\n   pathways:\n";
    for (int32_t i = 0; i < pathways; ++i) {
        esc_pathway_info info{};
        info.size = sizeof info;
        check(esc_pathway_info_get(engine, i, &info));
        out << "     " << padded(info.id, 16) << padded(std::to_string(info.stage_count) + " stages", 10)
            << short_authority(info.source_authority) << "\n";
    }
}

void show_worked_case(const esc_engine* engine, std::ostream& out) {
    const esc_date raised = esc_date_from_ymd(worked_year, worked_month, worked_day);
    out << "\n2. A worked case: " << worked_pathway << ", a disagreement raised on " << iso_with_weekday(raised) << "\n";

    esc_query query{};
    query.size = sizeof query;
    query.pathway = worked_pathway;
    query.at = raised;
    query.started = ESC_NO_DATE;
    const DecisionResult start = decide(engine, query);
    const esc_decision& first = start.decision;
    out << "   start:       " << first.stage << " (" << first.stage_name << "), tier " << first.tier_name << "\n"
        << "                due " << iso_with_weekday(first.due) << ": " << first.deadline_days
        << " working days";
    const std::string holidays = holidays_between(engine, first.calendar, raised, first.due);
    out << (holidays.empty() ? std::string(", no bank holiday in between") : ", skipping " + holidays) << "\n";
    for (const esc_obligation& step : start.steps)
        out << "                step due " << iso_with_weekday(step.due) << ": " << step.id << "\n";

    // Not resolved by the due date: the case escalates on that day.
    query.stage = first.stage;
    query.event = "unresolved";
    query.at = first.due;
    query.started = raised;
    const DecisionResult next = decide(engine, query);
    const esc_decision& second = next.decision;
    out << "   unresolved " << iso(first.due) << ": " << second.stage << " (" << second.stage_name << "), tier "
        << second.tier_name << "\n"
        << "                due " << iso_with_weekday(second.due) << ": " << second.deadline_days << " working days";
    if (second.limit_id)
        out << "; the overall limit, " << second.limit_working_days << " working days from the outset, falls on "
            << iso_with_weekday(second.limit_due);
    out << "\n";
}

void show_timeline(const esc_engine* engine, std::ostream& out) {
    const esc_date raised = esc_date_from_ymd(worked_year, worked_month, worked_day);
    out << "\n3. Its timeline if every stage runs to its limit unresolved:\n";
    esc_query query{};
    query.size = sizeof query;
    query.pathway = worked_pathway;
    query.at = raised;
    query.started = raised;
    int32_t pathway = -1;
    check(esc_engine_pathway_index(engine, worked_pathway, &pathway));
    int32_t stage_count = 0;
    check(esc_pathway_stage_count(engine, pathway, &stage_count));
    // Compiled pathways have no cycles; the bound only guards the loop.
    for (int32_t guard = 0; guard <= stage_count; ++guard) {
        DecisionResult result;
        try {
            result = decide(engine, query);
        } catch (const CallError& error) {
            if (error.status != ESC_NO_TRANSITION || !query.stage) throw;
            out << "   " << query.stage << " has no `unresolved` route: its decision is final\n";
            return;
        }
        const esc_decision& d = result.decision;
        if (d.terminal) {
            out << "   end: " << d.stage << " (" << d.stage_name << ") on " << iso(d.entered) << "\n";
            return;
        }
        out << "   " << padded(d.stage, 21) << padded(d.tier, 20) << "entered " << iso(d.entered) << "  due "
            << (d.due == ESC_NO_DATE ? std::string("none") : iso_with_weekday(d.due)) << "\n";
        if (d.due == ESC_NO_DATE) return;
        query.stage = d.stage;
        query.event = "unresolved";
        query.at = d.due;
    }
}

struct Caseload {
    std::vector<int32_t> pathways, stages;
    std::vector<esc_date> entered, started;
};

/// Every stage of every pathway, in equal shares; outsets spread over 2024-2026 and each case
/// entering its current stage up to three weeks after its outset. Fixed seed: the same
/// caseload every run.
Caseload generate_caseload(const esc_engine* engine, std::size_t count) {
    std::vector<std::pair<int32_t, int32_t>> stages;
    int32_t pathways = 0;
    check(esc_engine_pathway_count(engine, &pathways));
    for (int32_t p = 0; p < pathways; ++p) {
        int32_t stage_count = 0;
        check(esc_pathway_stage_count(engine, p, &stage_count));
        for (int32_t s = 0; s < stage_count; ++s) stages.emplace_back(p, s);
    }
    const esc_date first = esc_date_from_ymd(2024, 1, 1);
    const esc_date last = esc_date_from_ymd(2026, 12, 31) - 21;
    std::mt19937_64 random(20240327);
    std::uniform_int_distribution<std::size_t> which(0, stages.size() - 1);
    std::uniform_int_distribution<esc_date> outset(first, last);
    std::uniform_int_distribution<esc_date> delay(0, 21);
    Caseload cases;
    cases.pathways.resize(count);
    cases.stages.resize(count);
    cases.entered.resize(count);
    cases.started.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto& [p, s] = stages[which(random)];
        cases.pathways[i] = p;
        cases.stages[i] = s;
        cases.started[i] = outset(random);
        cases.entered[i] = cases.started[i] + delay(random);
    }
    return cases;
}

/// CPU time the hypervisor has taken from this machine's cores so far (the "steal" column of
/// /proc/stat's first line), in milliseconds; -1 where it cannot be read (not Linux, or no
/// /proc). A virtual machine's core that is stolen from runs nothing of ours meanwhile.
/// ESCALATE_DEMO_PROC_STAT names another file to read instead (the tests' hook: a FIFO that gives
/// the two readings they choose).
double steal_milliseconds() {
    const char* path = std::getenv("ESCALATE_DEMO_PROC_STAT");
    std::FILE* stat = std::fopen(path && *path ? path : "/proc/stat", "r");
    if (!stat) return -1;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    const int read = std::fscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle,
                                 &iowait, &irq, &softirq, &steal);
    std::fclose(stat);
    const long ticks_per_second = sysconf(_SC_CLK_TCK);
    if (read != 8 || ticks_per_second <= 0) return -1;
    return 1000.0 * static_cast<double>(steal) / static_cast<double>(ticks_per_second);
}

void show_bulk(const esc_engine* engine, std::size_t count, std::ostream& out) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    out << "\n4. Bulk recalculation: " << with_thousands(count) << " cases, every stage of every pathway, outsets 2024-2026\n";
    const auto generating = Clock::now();
    const Caseload cases = generate_caseload(engine, count);
    out << "   generated in " << milliseconds(seconds_since(generating)) << "\n";
    std::vector<esc_date> due(count);

    const auto run = [&](int threads) {
        size_t failed = 0;
        const auto start = Clock::now();
        check(esc_recalculate(engine, count, cases.pathways.data(), cases.stages.data(), cases.entered.data(),
                              cases.started.data(), due.data(), nullptr, threads, &failed));
        const double seconds = seconds_since(start);
        if (failed != 0)
            throw std::runtime_error(with_thousands(failed) + " generated cases failed; the caseload generator is wrong");
        return seconds;
    };
    // Every core and one thread in turn, three runs of each at a time, so that a busy moment of
    // the machine weighs on both alike, and the median of each: a single lucky run (a core
    // briefly clocked up while the other idles) favours the one thread, so the best of a few
    // misstates the ratio. Three at a time because the first run after a pause pays for waking
    // the pool's threads, which on a virtual machine can take a large share of a millisecond;
    // the median is then a run of batches back to back, as a bulk caller makes them (the first
    // run is shown apart). A run is a few milliseconds, so 21 of each cost little. No row
    // statuses are asked for (the failed count says all the demo needs), as in BM_Recalculate.
    constexpr int rounds = 7, runs_a_round = 3, repeats = rounds * runs_a_round;
    const double stolen_before = steal_milliseconds();
    const double first_run = run(0);
    std::vector<double> every_core, one_thread;
    for (int round = 0; round < rounds; ++round) {
        for (int i = 0; i < runs_a_round; ++i) every_core.push_back(run(0));
        for (int i = 0; i < runs_a_round; ++i) one_thread.push_back(run(1));
    }
    const auto median = [](std::vector<double>& times) {
        std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
        return times[times.size() / 2];
    };
    const double typical = median(every_core);
    const double typical_single = median(one_thread);
    // The last run used one thread; the answers are the same whatever the thread count.
    const std::string all = std::to_string(cores) + (cores == 1 ? " core" : " cores");
    const std::string of = "median of " + std::to_string(repeats) + ", ";
    out << "   " << padded("first run, " + all, 28) << padded(milliseconds(first_run), 10) << per_second(count, first_run) << "\n"
        << "   " << padded(of + all, 28) << padded(milliseconds(typical), 10) << per_second(count, typical) << "\n"
        << "   " << padded(of + "1 thread", 28) << padded(milliseconds(typical_single), 10)
        << per_second(count, typical_single) << "\n";
    // A low ratio on a virtual machine is most often the hypervisor's doing: say so when it took
    // time from our cores while the runs were timed (docs/performance.md).
    const double stolen = stolen_before < 0 ? -1 : steal_milliseconds() - stolen_before;
    if (stolen > 0) {
        out << "   (meanwhile the hypervisor ran other work on this machine's cores for " << milliseconds(stolen / 1000)
            << " (steal time): the timings above, two cores' most, are the worse for it)\n";
    }

    const auto without = static_cast<std::size_t>(std::count(due.begin(), due.end(), ESC_NO_DATE));
    out << "   " << with_thousands(count - without) << " due dates; " << with_thousands(without)
        << " cases at stages whose source states no timescale have none\n";

    // A spot check against the one-case call, which takes the plain (non-table) route.
    const std::size_t samples = std::min<std::size_t>(count, 1000);
    std::size_t agree = 0;
    for (std::size_t k = 0; k < samples; ++k) {
        const std::size_t i = k * (count / samples);
        esc_date one = ESC_NO_DATE;
        check(esc_pathway_due(engine, cases.pathways[i], cases.stages[i], cases.entered[i], cases.started[i], &one));
        if (one == due[i]) ++agree;
    }
    out << "   spot check: " << agree << " of " << samples << " sampled cases agree with esc_pathway_due\n";
    if (agree != samples) throw std::runtime_error("bulk and single-case due dates disagree; please report this");
}


/// A route out of a stage, for the history generator.
struct Route {
    int32_t event = 0;
    int32_t subject = -1;  // the route is for this subject only; -1: any
    int32_t target_stage = -1;  // -1: a terminal outcome
    bool side_track = false;
};

struct Histories {
    std::vector<std::size_t> offsets{0};
    std::vector<int32_t> pathways, subjects, events;
    std::vector<esc_date> dates;
};

// The history caseload: outsets from Monday 1 December 2025 to Tuesday 31 March 2026, looked at
// on Wednesday 8 April 2026, so cases run across Christmas 2025 and Easter 2026 (Good Friday
// 3 April, Easter Monday 6 April).
constexpr int histories_as_of[3] = {2026, 4, 8};

/// Histories of `count` cases, each through the bundled pathways' own routes: every pathway in
/// equal shares, a subject it covers, started on an outset, then up to five entries a few days
/// apart, each a route out of the stage the case is at (chosen at random among those for its
/// subject) or, one time in four, a done:ID. A fixed seed: the same caseload every run.
Histories generate_histories(const esc_engine* engine, const PathwayTable& table, std::size_t count) {
    std::vector<std::vector<std::vector<Route>>> routes(static_cast<std::size_t>(table.count()));
    std::vector<int32_t> entry_stages;
    for (int32_t p = 0; p < table.count(); ++p) {
        esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
        check(esc_pathway_info_get(engine, p, &info));
        entry_stages.push_back(info.entry_stage);
        auto& stages = routes[static_cast<std::size_t>(p)];
        stages.resize(static_cast<std::size_t>(info.stage_count));
        for (int32_t s = 0; s < info.stage_count; ++s) {
            esc_stage_info stage = ESC_STAGE_INFO_INIT;
            check(esc_stage_info_get(engine, p, s, &stage));
            for (int32_t e = 0; e < stage.exit_count; ++e) {
                esc_exit_info exit = ESC_EXIT_INFO_INIT;
                check(esc_stage_exit_get(engine, p, s, e, &exit));
                Route route;
                check(esc_pathway_event_index(engine, p, exit.event, &route.event));
                route.subject = exit.subject ? table.subject_index(p, exit.subject) : -1;
                route.target_stage = exit.target_stage;
                route.side_track = exit.side_track != 0;
                stages[static_cast<std::size_t>(s)].push_back(route);
            }
        }
    }
    const esc_date first = esc_date_from_ymd(2025, 12, 1), last = esc_date_from_ymd(2026, 3, 31);
    std::mt19937_64 random(20251225);
    std::uniform_int_distribution<int32_t> which_pathway(0, table.count() - 1);
    std::uniform_int_distribution<esc_date> outset(first, last);
    std::uniform_int_distribution<int> gap(0, 6), more(1, 5), kind(0, 3);
    Histories h;
    h.offsets.reserve(count + 1);
    h.pathways.reserve(count);
    h.subjects.reserve(count);
    h.events.reserve(count * 4);
    h.dates.reserve(count * 4);
    std::vector<const Route*> choices;
    for (std::size_t i = 0; i < count; ++i) {
        const int32_t p = which_pathway(random);
        const auto subject_count = static_cast<int32_t>(table.subjects(p).size());
        const int32_t subject = subject_count > 0 ? std::uniform_int_distribution<int32_t>(0, subject_count - 1)(random) : -1;
        esc_date date = outset(random);
        h.pathways.push_back(p);
        h.subjects.push_back(subject);
        h.dates.push_back(date);
        h.events.push_back(ESC_EVENT_START);
        int32_t stage = entry_stages[static_cast<std::size_t>(p)];
        for (int k = more(random); k > 0 && stage >= 0; --k) {
            date += gap(random);
            if (kind(random) == 0) {
                h.dates.push_back(date);
                h.events.push_back(ESC_EVENT_DONE);
                continue;
            }
            choices.clear();
            for (const Route& route : routes[static_cast<std::size_t>(p)][static_cast<std::size_t>(stage)])
                if (route.subject < 0 || route.subject == subject) choices.push_back(&route);
            if (choices.empty()) break;
            const Route& route = *choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(random)];
            h.dates.push_back(date);
            h.events.push_back(route.event);
            if (!route.side_track) stage = route.target_stage;  // -1 at an outcome: the case is closed
        }
        h.offsets.push_back(h.dates.size());
    }
    return h;
}

void show_worklist(const esc_engine* engine, std::size_t count, std::ostream& out) {
    const esc_date as_of = esc_date_from_ymd(histories_as_of[0], histories_as_of[1], histories_as_of[2]);
    out << "\n5. A worklist: " << with_thousands(count) << " case histories, outsets 2025-12-01 to 2026-03-31, as of "
        << iso_with_weekday(as_of) << "\n";
    const PathwayTable table(engine);
    const auto generating = Clock::now();
    const Histories h = generate_histories(engine, table, count);
    out << "   " << with_thousands(h.dates.size()) << " events generated in " << milliseconds(seconds_since(generating))
        << "\n";
    esc_case_columns columns{};
    columns.size = sizeof columns;
    columns.case_count = count;
    columns.offsets = h.offsets.data();
    columns.pathways = h.pathways.data();
    columns.subjects = h.subjects.data();
    columns.dates = h.dates.data();
    columns.events = h.events.data();
    columns.as_of = as_of;
    std::vector<esc_case_row> rows(count);
    const auto evaluating = Clock::now();
    check(esc_cases_evaluate(engine, &columns, rows.data(), nullptr));
    const double seconds = seconds_since(evaluating);
    out << "   evaluated in " << milliseconds(seconds) << " on 1 thread: "
        << with_thousands(static_cast<std::uint64_t>(seconds > 0 ? static_cast<double>(h.dates.size()) / seconds : 0))
        << " events/s, " << per_second(count, seconds) << "\n";
    WorklistSummary summary;
    for (std::size_t i = 0; i < count; ++i) {
        const esc_case_row& row = rows[i];
        if (row.status != ESC_CASE_OK) summary.add_bad(esc_case_status_name(row.status));
        else if (row.terminal) summary.add_closed();
        else summary.add_open(h.pathways[i], table.tier(h.pathways[i], row.stage_index), work_state(row, as_of));
    }
    std::ostringstream text;
    summary.write(text, table, as_of);
    std::istringstream lines(text.str());
    for (std::string line; std::getline(lines, line);) out << "   " << line << "\n";
}

}  // namespace

int run_demo(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {"--cases"}, {});
    if (!arguments.positional.empty()) throw UsageError("unexpected argument " + arguments.positional[0]);
    std::size_t count = 1000000;
    if (const auto text = arguments.value("--cases")) {
        try {
            std::size_t used = 0;
            const unsigned long long value = std::stoull(*text, &used);
            if (used != text->size() || value < 1 || value > 100000000) throw std::invalid_argument(*text);
            count = static_cast<std::size_t>(value);
        } catch (const std::exception&) {
            throw UsageError("--cases must be a whole number from 1 to 100000000");
        }
    }

    std::cout << "escalate " << ESCALATE_VERSION_STRING << " demo (libescalate " << esc_version() << ", ABI "
              << esc_abi_version() << ")\n\n";
    const std::string path = default_rulesets_path();
    const auto loading = Clock::now();
    const EnginePtr engine = load_engine_from(path);
    const double load_seconds = seconds_since(loading);

    // Each part is written as it finishes, so a slow machine shows progress.
    std::ostringstream part;
    show_rulesets(engine.get(), path, load_seconds, part);
    show_worked_case(engine.get(), part);
    show_timeline(engine.get(), part);
    std::cout << part.str() << std::flush;
    part.str("");
    show_bulk(engine.get(), count, part);
    std::cout << part.str() << std::flush;
    part.str("");
    show_worklist(engine.get(), count, part);
    std::cout << part.str() << "\nNext: `escalate recalc --input cases.csv --output due.csv` for your own caseload;\n"
              << "`escalate worklist --events events.csv --as-of today` for your case histories;\n"
              << "`escalate --help` for every command.\n";
    return exit_ok;
}

}  // namespace escalate::cli
