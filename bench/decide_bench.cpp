// Single decisions and loading: one esc_decide call through the C ABI (the integrators' path),
// the same question asked of the C++ engine directly, and loading and compiling every bundled
// ruleset.
#include <benchmark/benchmark.h>

#include "bundled.hpp"

namespace {

// A Wolverhampton case escalated from Stage 1 to Stage 2 on Friday 2023-12-22, started on
// Monday 2023-12-18: across the Christmas bank holidays, with steps and actions to fill in.
void BM_DecideThroughCApi(benchmark::State& state) {
    esc_query query{};
    query.size = sizeof query;
    query.pathway = "wolverhampton";
    query.stage = "stage-1";
    query.event = "unresolved";
    query.subject = "child";
    query.at = esc_date_from_ymd(2023, 12, 22);
    query.started = esc_date_from_ymd(2023, 12, 18);
    esc_obligation steps[8], actions[8];
    esc_decision decision{};
    decision.size = sizeof decision;
    decision.obligation_size = sizeof(esc_obligation);
    decision.steps = steps;
    decision.steps_capacity = 8;
    decision.actions = actions;
    decision.actions_capacity = 8;
    for (auto _ : state) {
        if (esc_decide(bundled_c_engine(), &query, &decision) != ESC_OK) state.SkipWithError(esc_last_error());
        benchmark::DoNotOptimize(decision.due);
    }
}

/// The decision every benchmark here makes: a Wolverhampton case escalated from Stage 1 on
/// Friday 22 December 2023, started on the 18th (the same as BM_DecideThroughCApi's query).
escalate::Query wolverhampton_escalation() {
    escalate::Query query;
    query.pathway = "wolverhampton";
    query.stage = "stage-1";
    query.event = "unresolved";
    query.subject = "child";
    query.at = *escalate::date_from_ymd(2023, 12, 22);
    query.started = *escalate::date_from_ymd(2023, 12, 18);
    return query;
}

void BM_DecideEngine(benchmark::State& state) {
    const escalate::Engine* engine = &bundled_engine();
    const escalate::Query query = wolverhampton_escalation();
    for (auto _ : state) {
        auto decision = engine->decide(query);
        benchmark::DoNotOptimize(decision.due);
    }
}

// The same, into one Decision reused across calls (as esc_decide does per thread): no
// allocation, so the difference from BM_DecideEngine is the cost of the two vectors.
void BM_DecideEngineReused(benchmark::State& state) {
    const escalate::Engine* engine = &bundled_engine();
    const escalate::Query query = wolverhampton_escalation();
    escalate::Decision decision;
    for (auto _ : state) {
        engine->decide(query, decision);
        benchmark::DoNotOptimize(decision.due);
    }
}

// Loading and compiling all bundled rulesets: five pathways and three calendars.
void BM_LoadBundledRulesets(benchmark::State& state) {
    for (auto _ : state) {
        esc_engine* engine = nullptr;
        if (esc_engine_load(ESCALATE_RULESETS_DIR, &engine) != ESC_OK) state.SkipWithError(esc_last_error());
        esc_engine_free(engine);
    }
}

}  // namespace

BENCHMARK(BM_DecideThroughCApi);
BENCHMARK(BM_DecideEngine);
BENCHMARK(BM_DecideEngineReused);
BENCHMARK(BM_LoadBundledRulesets)->Unit(benchmark::kMillisecond);
