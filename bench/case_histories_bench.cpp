// Case histories (docs/case-histories.md): the bulk path (evaluate_cases over column arrays)
// against replaying the same histories one case at a time through evaluate_case. Items are
// entries (events), so items_per_second is events a second, on one thread.
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bundled.hpp"
#include "escalate/history.hpp"

namespace {

// A Wolverhampton caseload: each case starts on a day of 2024-2025 and escalates stage by
// stage (Stage 1 to Stage 4), a few days apart, with one in four side-tracked by an immediate
// risk on the way and one in two recording the Stage 1 raise done; 4 to 7 entries each.
// Evaluated as of 2026-01-05.
struct Caseload {
    std::vector<std::size_t> offsets{0};
    std::vector<std::int32_t> pathways, subjects, events;
    std::vector<escalate::Date> dates;
    std::vector<std::string> names;  // the same events as strings, for the single-case call
    std::size_t cases = 0;

    explicit Caseload(std::size_t count) {
        const escalate::Engine& engine = bundled_engine();
        const std::int32_t pathway = engine.find_pathway("wolverhampton");
        const escalate::Pathway& p = *engine.pathways()[static_cast<std::size_t>(pathway)];
        const std::int32_t unresolved = p.find_event("unresolved"), risk = p.find_event("immediate-risk");
        const std::string raised = "done:raise-verbally-and-in-writing";
        const std::int32_t raise = escalate::bulk_event_code(p, raised);
        std::mt19937 rng(11);
        const escalate::Date first = *escalate::date_from_ymd(2024, 1, 1);
        for (std::size_t c = 0; c < count; ++c) {
            escalate::Date day = first + static_cast<escalate::Date>(rng() % 700);
            pathways.push_back(pathway);
            subjects.push_back(0);
            auto add = [&](std::int32_t event, const std::string& name) {
                dates.push_back(day);
                events.push_back(event);
                names.push_back(name);
            };
            add(escalate::bulk_start_event, "start");
            if (rng() % 2 == 0) add(raise, raised);
            const int moves = 3 + static_cast<int>(rng() % 2);
            for (int m = 0; m < moves; ++m) {
                day += 1 + static_cast<escalate::Date>(rng() % 4);
                if (m == 1 && rng() % 4 == 0) add(risk, "immediate-risk");
                add(unresolved, "unresolved");
            }
            offsets.push_back(dates.size());
        }
        cases = count;
    }
};

const Caseload& caseload() {
    static const Caseload loaded(20000);
    return loaded;
}

const escalate::Date as_of = *escalate::date_from_ymd(2026, 1, 5);

// state.range(0): 0 the tables (the default path), 1 the careful path for every case.
void BM_CaseHistoriesBulk(benchmark::State& state) {
    const Caseload& load = caseload();
    const auto path = state.range(0) == 0 ? escalate::CasesPath::tables : escalate::CasesPath::careful;
    escalate::CaseHistoryColumns columns{.cases = load.cases, .offsets = load.offsets.data(),
                                         .pathways = load.pathways.data(), .subjects = load.subjects.data(),
                                         .dates = load.dates.data(), .events = load.events.data(), .as_of = as_of};
    std::vector<escalate::CaseRow> rows(load.cases);
    for (auto _ : state) {
        escalate::evaluate_cases(bundled_engine(), columns, rows.data(), path);
        benchmark::DoNotOptimize(rows.data());
    }
    for (const auto& row : rows) {
        if (row.status != escalate::CaseStatus::ok) state.SkipWithError("a case failed");
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * load.dates.size()));
}

void BM_CaseHistoriesReplayedOneByOne(benchmark::State& state) {
    const Caseload& load = caseload();
    std::vector<escalate::CaseEntry> entries;
    for (auto _ : state) {
        for (std::size_t c = 0; c < load.cases; ++c) {
            entries.clear();
            for (std::size_t i = load.offsets[c]; i < load.offsets[c + 1]; ++i) entries.push_back({load.dates[i], load.names[i]});
            const escalate::CaseState s = escalate::evaluate_case(
                bundled_engine(), escalate::CaseQuery{.pathway = "wolverhampton", .subject = "child", .entries = entries, .as_of = as_of});
            benchmark::DoNotOptimize(s.due);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * load.dates.size()));
}

}  // namespace

BENCHMARK(BM_CaseHistoriesBulk)->Arg(0)->Arg(1)->ArgName("careful")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CaseHistoriesReplayedOneByOne)->Unit(benchmark::kMillisecond);
