// Bulk recalculation against its peers, measured side by side on the same generated cases:
// a plain memory copy of the same bytes (the floor), a naive day-by-day loop (what one writes
// without tables), and the engine's loop at 1 and 2 threads.
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "bundled.hpp"

using namespace escalate;

namespace {

const Engine& engine() { return bundled_engine(); }

// Cases spread over every stage of every bundled pathway, started in 2024-2026 and entered
// up to 20 days after the start: the shape of a real open caseload.
struct Caseload {
    std::vector<std::int32_t> pathway, stage;
    std::vector<Date> entered, started, due;
    std::vector<RowStatus> status;
    explicit Caseload(std::size_t n) : pathway(n), stage(n), entered(n), started(n), due(n), status(n) {
        std::mt19937_64 random(42);
        const auto& pathways = engine().pathways();
        std::uniform_int_distribution<int> pick_pathway(0, static_cast<int>(pathways.size()) - 1), gap(0, 20);
        std::uniform_int_distribution<Date> day(*date_from_ymd(2024, 1, 1), *date_from_ymd(2026, 12, 31));
        for (std::size_t i = 0; i < n; ++i) {
            pathway[i] = pick_pathway(random);
            const int stages = static_cast<int>(pathways[pathway[i]]->stages().size());
            stage[i] = std::uniform_int_distribution<int>(0, stages - 1)(random);
            started[i] = day(random);
            entered[i] = started[i] + gap(random);
        }
    }
    CaseColumns columns() const { return {pathway.data(), stage.data(), entered.data(), started.data(), pathway.size()}; }
};

const Caseload& caseload(std::size_t n) {
    static std::vector<std::unique_ptr<Caseload>> made;
    for (const auto& c : made) {
        if (c->pathway.size() == n) return *c;
    }
    made.push_back(std::make_unique<Caseload>(n));
    return *made.back();
}

constexpr std::size_t bytes_per_case = 4 * sizeof(std::int32_t) + sizeof(Date);  // in + out

// Through the C ABI, as integrators call it: no per-row status array, the failed count only.
void BM_Recalculate(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    auto& cases = const_cast<Caseload&>(caseload(n));
    const auto threads = static_cast<int>(state.range(1));
    for (auto _ : state) {
        std::size_t failed = 0;
        if (esc_recalculate(bundled_c_engine(), n, cases.pathway.data(), cases.stage.data(), cases.entered.data(),
                            cases.started.data(), cases.due.data(), nullptr, threads, &failed) != ESC_OK ||
            failed != 0) {
            state.SkipWithError("esc_recalculate failed");
        }
        benchmark::DoNotOptimize(cases.due.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * bytes_per_case));
}

// The floor: copying the same bytes the recalculation reads and writes.
void BM_MemoryCopy(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<char> from(n * bytes_per_case, 1), to(n * bytes_per_case);
    for (auto _ : state) {
        std::memcpy(to.data(), from.data(), from.size());
        benchmark::DoNotOptimize(to.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * bytes_per_case));
}

// What an integrator writes without tables: step one day at a time, asking the calendar.
void BM_NaiveDayByDay(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    auto& cases = const_cast<Caseload&>(caseload(n));
    const auto& pathways = engine().pathways();
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) {
            const Pathway& p = *pathways[cases.pathway[i]];
            const StageRule& rule = p.rules()[cases.stage[i]];
            const Calendar& cal = p.calendar();
            auto add = [&](Date d, int days) {
                while (days > 0) {
                    ++d;
                    if (cal.is_working_day(d)) --days;
                }
                return d;
            };
            const Date anchor = rule.anchor == Anchor::pathway_start ? cases.started[i] : cases.entered[i];
            Date due = no_date;
            if (rule.kind == DeadlineKind::working_days) due = add(anchor, rule.days);
            else if (rule.kind == DeadlineKind::calendar_days) due = anchor + rule.days;
            else if (rule.kind == DeadlineKind::immediately) due = anchor;
            if (rule.limit_days >= 0) {
                const Date cap = add(cases.started[i], rule.limit_days);
                if (due == no_date || cap < due) due = cap;
            }
            cases.due[i] = due;
        }
        benchmark::DoNotOptimize(cases.due.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

}  // namespace

BENCHMARK(BM_MemoryCopy)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Recalculate)
    ->ArgsProduct({{10'000, 100'000, 1'000'000, 10'000'000}, {1, 2}})
    ->ArgNames({"cases", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_NaiveDayByDay)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
