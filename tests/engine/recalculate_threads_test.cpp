// The bulk path's persistent worker pool (engine/src/bulk/worker_pool.hpp): answers with any
// number of threads equal one thread's, when many callers share the pool at once, and in a
// child process after fork() (whose pool threads do not exist).
#include <algorithm>
#include <latch>
#include <random>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "escalate/engine.hpp"
#include "escalate/recalculate.hpp"

using namespace escalate;

namespace {

struct Batch {
    std::vector<std::int32_t> pathways, stages;
    std::vector<Date> entered, started;
    CaseColumns columns() const { return {pathways.data(), stages.data(), entered.data(), started.data(), pathways.size()}; }
};

// Every stage of every bundled pathway, started 2024-2026 (several slices per thread).
Batch make_batch(const Engine& engine, std::size_t n) {
    Batch batch;
    std::mt19937 random(5);
    std::vector<std::pair<int, int>> stages;
    for (std::size_t p = 0; p < engine.pathways().size(); ++p)
        for (std::size_t s = 0; s < engine.pathways()[p]->stages().size(); ++s) stages.emplace_back(int(p), int(s));
    std::uniform_int_distribution<std::size_t> which(0, stages.size() - 1);
    std::uniform_int_distribution<Date> day(*date_from_ymd(2024, 1, 1), *date_from_ymd(2026, 12, 31));
    std::uniform_int_distribution<int> gap(0, 20);
    for (std::size_t i = 0; i < n; ++i) {
        const auto [p, s] = stages[which(random)];
        batch.pathways.push_back(p);
        batch.stages.push_back(s);
        batch.started.push_back(day(random));
        batch.entered.push_back(batch.started.back() + gap(random));
    }
    return batch;
}

std::shared_ptr<const Engine> bundled() { return Engine::load(ESCALATE_RULESETS_DIR); }

}  // namespace

TEST(RecalculateThreads, ConcurrentCallersShareThePoolAndAgreeWithOneThread) {
    const auto engine = bundled();
    const Batch batch = make_batch(*engine, (std::size_t{1} << 18) + 77);
    std::vector<Date> one(batch.pathways.size());
    engine->recalculate(batch.columns(), one.data(), nullptr, 1);

    constexpr int callers = 4;
    std::vector<std::vector<Date>> answers(callers, std::vector<Date>(batch.pathways.size()));
    std::vector<std::thread> threads;
    for (int c = 0; c < callers; ++c) {
        threads.emplace_back([&, c] {
            for (int round = 0; round < 3; ++round)  // 2, 3, 4 parts: the pool grows under load
                engine->recalculate(batch.columns(), answers[c].data(), nullptr, unsigned(2 + round));
        });
    }
    for (auto& thread : threads) thread.join();
    for (int c = 0; c < callers; ++c) EXPECT_EQ(answers[c], one) << "caller " << c;
}

// The bulk tables are built on an engine's first recalculate (Engine::bulk): two threads
// making that first call on a fresh engine at the same moment must both get the answers the
// engine gives one case at a time (Engine::due, which reads no bulk table). Under
// ThreadSanitizer (scripts/sanitizers.sh tsan) a table built without the once-only guard is a
// reported race.
TEST(RecalculateThreads, TwoFirstCallsAtOnceBuildTheTablesOnceAndAgree) {
    for (int attempt = 0; attempt < 3; ++attempt) {  // a fresh engine each time: a fresh first call
        const auto engine = bundled();
        const Batch batch = make_batch(*engine, 4000);
        std::vector<Date> expected(batch.pathways.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            expected[i] = engine->due(batch.pathways[i], batch.stages[i], batch.entered[i], batch.started[i]);

        constexpr int callers = 2;
        std::vector<std::vector<Date>> answers(callers, std::vector<Date>(batch.pathways.size()));
        std::vector<RecalculateSummary> summaries(callers);
        std::latch start(callers);
        std::vector<std::thread> threads;
        for (int c = 0; c < callers; ++c) {
            threads.emplace_back([&, c] {
                start.arrive_and_wait();
                summaries[c] = engine->recalculate(batch.columns(), answers[c].data(), nullptr, 1);
            });
        }
        for (auto& thread : threads) thread.join();
        for (int c = 0; c < callers; ++c) {
            EXPECT_EQ(summaries[c].bad_rows, 0u) << "caller " << c;
            EXPECT_EQ(answers[c], expected) << "caller " << c << ", attempt " << attempt;
        }
    }
}

#if defined(__SANITIZE_THREAD__)
#define ESCALATE_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ESCALATE_UNDER_TSAN 1
#endif
#endif

TEST(RecalculateThreads, AForkedChildRecalculatesWithoutItsParentsThreads) {
#ifdef ESCALATE_UNDER_TSAN
    GTEST_SKIP() << "ThreadSanitizer cannot start threads in a child of a multi-threaded process";
#endif
    const auto engine = bundled();
    const Batch batch = make_batch(*engine, std::size_t{1} << 18);
    std::vector<Date> parent(batch.pathways.size());
    engine->recalculate(batch.columns(), parent.data(), nullptr, 2);  // the pool is running now

    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        std::vector<Date> mine(batch.pathways.size());
        engine->recalculate(batch.columns(), mine.data(), nullptr, 2);
        _exit(mine == parent ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status)) << "the child did not finish (a pool waiting for its parent's threads?)";
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the child's answers differ";
}
