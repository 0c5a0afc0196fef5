// Issue 12 through the C interface: aliased arrays in esc_recalculate (finding 7), struct
// output bounded by the caller's size and look-ups that never allocate (finding 12), and
// allocation-failure injection: the n-th allocation fails, for every n, over a load and a small
// batch: ESC_NO_MEMORY, nothing leaked, the engine unchanged.
//
// This program replaces the global operator new (and delete) to count and fail allocations;
// the engine and the C interface are linked in statically, so every allocation they make comes
// here (tinyxml2's too: the executable's operator new interposes on the shared library's).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include "escalate.h"
#include "escalate/engine.hpp"
#include "struct_sizes.hpp"

namespace {

std::atomic<long> fail_countdown{0};  // > 0: the allocation that brings it to 0 fails
std::atomic<long> allocations{0};
std::atomic<long> live{0};            // allocations not yet freed

void* allocate(std::size_t size, std::size_t alignment = 0) {
    if (fail_countdown.load(std::memory_order_relaxed) > 0 && fail_countdown.fetch_sub(1) == 1) throw std::bad_alloc();
    void* p = alignment ? std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment)
                        : std::malloc(size ? size : 1);
    if (!p) throw std::bad_alloc();
    allocations.fetch_add(1, std::memory_order_relaxed);
    live.fetch_add(1, std::memory_order_relaxed);
    return p;
}

void release(void* p) noexcept {
    if (!p) return;
    live.fetch_sub(1, std::memory_order_relaxed);
    std::free(p);
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return allocate(size, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return allocate(size, static_cast<std::size_t>(a)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return allocate(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return allocate(size);
    } catch (...) {
        return nullptr;
    }
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }

namespace {

namespace fs = std::filesystem;

// Saturday and Sunday off, no holidays, 2024 only; one stage of two working days. Due dates
// by hand: entered Wed 1 May 2024 -> Fri 3 May; entered Fri 3 May -> Tue 7 May.
const char* const calendar_xml =
    R"(<calendar id="small" name="Small" first-year="2024" last-year="2024" source="test">
  <weekend days="saturday sunday"/>
  <fixed name="New Year" month="1" day="1" substitute="next-working-day"/>
</calendar>
)";
const char* const pathway_xml =
    R"(<pathway id="p" title="Test" version="1" effective-from="2023-01-01" calendar="small" subjects="child">
  <source title="Test policy" authority="Test board" date="2023-01-01" file="test.txt"/>
  <tier id="t" name="Practitioners" clause="c1"/>
  <start stage="s" clause="c3"/>
  <stage id="s" name="Stage" tier="t" clause="c4">
    <deadline kind="working-days" days="2"/>
    <transition on="resolved" to="done" clause="c5"/>
  </stage>
  <outcome id="done" kind="resolved" name="Resolved" clause="c6"/>
</pathway>
)";

class SmallRulesets : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/escalate-capi-reliability-XXXXXX";
        dir_ = mkdtemp(pattern);
        std::ofstream(dir_ / "small.xml") << calendar_xml;
        std::ofstream(dir_ / "p.xml") << pathway_xml;
        // The thread's error buffer grows once to hold a long message and is then kept: warm it
        // up, so that counting live allocations counts only leaks.
        esc_engine* none = nullptr;
        (void)esc_engine_load(std::string(400, 'x').c_str(), &none);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path dir_;
};

esc_date date(int y, int m, int d) { return esc_date_from_ymd(y, m, d); }

// --- finding 7: out aliasing an input --------------------------------------------------------

TEST_F(SmallRulesets, OutputsOverlappingInputsAreRejectedAndNothingIsWritten) {
    esc_engine* engine = nullptr;
    ASSERT_EQ(esc_engine_load(dir_.c_str(), &engine), ESC_OK) << esc_last_error();
    constexpr std::size_t rows = 200;  // enough for the vector loop's blocks
    std::vector<int32_t> pathways(rows, 0), stages(rows, 0);
    std::vector<esc_date> entered(rows), started(rows, ESC_NO_DATE);
    for (std::size_t i = 0; i < rows; ++i) entered[i] = i % 2 ? date(2024, 5, 3) : date(2024, 5, 1);
    const std::vector<esc_date> entered_before = entered;

    // out == entered: in place, as a caller might try; and out half over entered.
    for (const std::size_t shift : {std::size_t{0}, rows / 2}) {
        std::vector<esc_date> shared(rows + rows / 2);
        std::copy(entered.begin(), entered.end(), shared.begin() + static_cast<long>(shift));
        const std::vector<esc_date> shared_before = shared;
        size_t failed = 99;
        EXPECT_EQ(esc_recalculate(engine, rows, pathways.data(), stages.data(), shared.data() + shift, started.data(),
                                  shared.data(), nullptr, 1, &failed),
                  ESC_INVALID_ARGUMENT);
        EXPECT_STREQ(esc_last_error(),
                     "esc_recalculate: out overlaps entered; the output arrays must not share memory with the input "
                     "arrays");
        EXPECT_EQ(shared, shared_before) << "nothing may be written";
    }
    // row_status over the stage indices (both 4 bytes a row).
    std::vector<esc_date> out(rows);
    static_assert(sizeof(esc_status) == sizeof(int32_t));
    EXPECT_EQ(esc_recalculate(engine, rows, pathways.data(), stages.data(), entered.data(), nullptr, out.data(),
                              reinterpret_cast<esc_status*>(stages.data()), 1, nullptr),
              ESC_INVALID_ARGUMENT);
    EXPECT_STREQ(esc_last_error(),
                 "esc_recalculate: row_status overlaps stages; the output arrays must not share memory with the "
                 "input arrays");
    // out and row_status over one array.
    EXPECT_EQ(esc_recalculate(engine, rows, pathways.data(), stages.data(), entered.data(), nullptr, out.data(),
                              reinterpret_cast<esc_status*>(out.data()), 1, nullptr),
              ESC_INVALID_ARGUMENT);
    EXPECT_STREQ(esc_last_error(), "esc_recalculate: out overlaps row_status; give each its own array");
    // Distinct arrays still work: the hand-worked dates.
    std::vector<esc_status> status(rows);
    ASSERT_EQ(esc_recalculate(engine, rows, pathways.data(), stages.data(), entered.data(), started.data(), out.data(),
                              status.data(), 0, nullptr),
              ESC_OK);
    for (std::size_t i = 0; i < rows; ++i) {
        EXPECT_EQ(out[i], i % 2 ? date(2024, 5, 7) : date(2024, 5, 3)) << i;
        EXPECT_EQ(status[i], ESC_OK);
    }
    EXPECT_EQ(entered, entered_before);
    esc_engine_free(engine);
}

// --- finding 12: struct output, look-ups ------------------------------------------------------

struct Grown {          // a struct of a later release: one field more than the caller knows
    uint32_t size;
    int32_t first;
    int32_t added_later;
};

TEST(StructOutput, OnlyTheCallersBytesAreWritten) {
    Grown caller{offsetof(Grown, added_later), 1, 12345};  // compiled against the older layout
    escalate::capi::update_caller_struct(&caller, [](Grown& out) {
        out.first = 7;
        out.added_later = 8;
    });
    EXPECT_EQ(caller.first, 7);
    EXPECT_EQ(caller.added_later, 12345) << "a byte past the caller's size was written";
    EXPECT_EQ(caller.size, offsetof(Grown, added_later));
    Grown current{sizeof(Grown), 1, 2};
    escalate::capi::update_caller_struct(&current, [](Grown& out) { out.added_later = 8; });
    EXPECT_EQ(current.added_later, 8);
    EXPECT_EQ(current.first, 1) << "an input field must come back as it was";
}

TEST_F(SmallRulesets, InfoStructsAreFilledWithinTheirSize) {
    esc_engine* engine = nullptr;
    ASSERT_EQ(esc_engine_load(dir_.c_str(), &engine), ESC_OK);
    esc_pathway_info info{};
    info.size = sizeof info;
    ASSERT_EQ(esc_pathway_info_get(engine, 0, &info), ESC_OK);
    EXPECT_STREQ(info.id, "p");
    EXPECT_EQ(info.stage_count, 1);
    info.size = escalate::capi::pathway_info_first_release_size - 1;
    EXPECT_EQ(esc_pathway_info_get(engine, 0, &info), ESC_INVALID_ARGUMENT);
    const esc_calendar* calendar = nullptr;
    ASSERT_EQ(esc_engine_calendar(engine, "small", &calendar), ESC_OK);
    esc_calendar_info range{};
    range.size = sizeof range;
    ASSERT_EQ(esc_calendar_info_get(calendar, &range), ESC_OK);
    EXPECT_EQ(range.first_date, date(2024, 1, 1));
    EXPECT_EQ(range.last_date, date(2024, 12, 31));
    esc_engine_free(engine);
}

TEST_F(SmallRulesets, NoexceptLookUpsDoNotAllocate) {
    const auto engine = escalate::Engine::load(dir_);
    // Ids longer than any short-string buffer: before, each find built a std::string.
    const std::string long_id(100, 'p');
    const long before = allocations.load();
    EXPECT_EQ(engine->find_pathway(long_id), -1);
    EXPECT_EQ(engine->find_calendar(long_id), -1);
    EXPECT_EQ(engine->pathways()[0]->find_stage(long_id), -1);
    EXPECT_EQ(engine->pathways()[0]->find_outcome(long_id), -1);
    EXPECT_EQ(engine->pathways()[0]->find_event(long_id), -1);
    EXPECT_EQ(engine->find_pathway("p"), 0);
    EXPECT_EQ(allocations.load(), before);
}

// --- allocation-failure injection -----------------------------------------------------------

// Runs `call` with the n-th allocation failing, for every n until the call needs fewer than n.
// Each failing run must return ESC_NO_MEMORY with its message, or ESC_OK when the failed
// allocation was one its caller can do without (std::stable_sort's nothrow buffer,
// vector::shrink_to_fit, which gives up quietly), and leak nothing either way; returns the number
// of allocations the call makes when none fails.
template <class Call>
long fail_each_allocation(const char* what, Call&& call) {
    // ESCALATE_TEST_FIRST_FAILURE=n starts at n (to look at one failure in a debugger).
    const char* first = std::getenv("ESCALATE_TEST_FIRST_FAILURE");
    long n = first ? std::atol(first) : 1, absorbed = 0;
    for (;; ++n) {
        const long live_before = live.load();
        fail_countdown = n;
        const esc_status status = call(true);
        const bool injected = fail_countdown.load() <= 0;
        fail_countdown = 0;
        const long live_after = live.load();  // before any failure message of gtest's allocates
        if (!injected) {
            EXPECT_EQ(status, ESC_OK) << what << ": " << esc_last_error();
            break;
        }
        if (status == ESC_OK) {
            ++absorbed;
            EXPECT_EQ(live_after, live_before) << what << ", allocation " << n << " failing: allocations leaked";
            continue;
        }
        const std::string message = esc_last_error();
        EXPECT_EQ(status, ESC_NO_MEMORY) << what << ", allocation " << n << " failing: " << message;
        EXPECT_NE(message.find("out of memory"), std::string::npos) << what << ", allocation " << n << ": " << message;
        EXPECT_EQ(live_after, live_before) << what << ", allocation " << n << " failing: allocations leaked";
        if (::testing::Test::HasFailure()) break;
    }
    std::printf("%s makes %ld allocations; each was made to fail once: %ld gave ESC_NO_MEMORY, %ld were done "
                "without\n", what, n - 1, n - 1 - absorbed, absorbed);
    return n - 1;
}

TEST_F(SmallRulesets, EveryAllocationOfALoadMayFail) {
    const long made = fail_each_allocation("esc_engine_load", [&](bool) {
        esc_engine* engine = reinterpret_cast<esc_engine*>(1);
        const esc_status status = esc_engine_load(dir_.c_str(), &engine);
        if (status == ESC_OK) esc_engine_free(engine);  // (which clears the last error)
        else if (engine != nullptr) return ESC_INTERNAL_ERROR;  // *out must be NULL on failure
        return status;
    });
    EXPECT_GT(made, 20) << "the load should allocate; is the counting operator new in use?";
}

TEST_F(SmallRulesets, EveryAllocationOfABatchMayFailAndTheEngineIsUnchanged) {
    esc_engine* engine = nullptr;
    ASSERT_EQ(esc_engine_load(dir_.c_str(), &engine), ESC_OK);
    constexpr std::size_t rows = 8;
    std::vector<int32_t> pathways(rows, 0), stages(rows, 0);
    pathways[3] = 7;  // a bad row, so the batch reports one
    std::vector<esc_date> entered(rows, date(2024, 5, 1)), out(rows);
    std::vector<esc_status> status(rows);
    const auto batch = [&](bool) {
        size_t failed = 0;
        const esc_status result = esc_recalculate(engine, rows, pathways.data(), stages.data(), entered.data(), nullptr,
                                                  out.data(), status.data(), 1, &failed);
        if (result == ESC_OK) EXPECT_EQ(failed, 1u);
        return result;
    };
    // The first bulk call builds the engine's tables, which the engine keeps (that call's
    // failures are the next test's); every later call must leave memory as it found it.
    ASSERT_EQ(batch(false), ESC_OK);
    const long made = fail_each_allocation("esc_recalculate", batch);
    EXPECT_GE(made, 1);
    // The engine answers as before: Wed 1 May 2024 + 2 working days = Fri 3 May.
    ASSERT_EQ(batch(false), ESC_OK);
    for (std::size_t i = 0; i < rows; ++i) {
        EXPECT_EQ(out[i], i == 3 ? ESC_NO_DATE : date(2024, 5, 3)) << i;
        EXPECT_EQ(status[i], i == 3 ? ESC_INVALID_ARGUMENT : ESC_OK) << i;
    }
    // And esc_decide, whose answer strings live in the engine.
    esc_query query{};
    query.size = sizeof query;
    query.pathway = "p";
    query.at = date(2024, 5, 1);
    query.started = ESC_NO_DATE;
    esc_decision decision{};
    decision.size = sizeof decision;
    fail_each_allocation("esc_decide", [&](bool) { return esc_decide(engine, &query, &decision); });
    ASSERT_EQ(esc_decide(engine, &query, &decision), ESC_OK);
    EXPECT_STREQ(decision.stage, "s");
    EXPECT_EQ(decision.due, date(2024, 5, 3));
    esc_engine_free(engine);
}

// The bulk tables are built by an engine's first bulk call (Engine::bulk, under std::call_once).
// An allocation failing there must give ESC_NO_MEMORY and keep nothing, and must not leave the
// engine unable to recalculate: the next call builds the tables and answers.
TEST_F(SmallRulesets, EveryAllocationOfTheFirstBatchMayFailAndTheNextCallAnswers) {
    constexpr std::size_t rows = 4;
    const std::vector<int32_t> pathways(rows, 0), stages(rows, 0);
    const std::vector<esc_date> entered(rows, date(2024, 5, 1));
    std::vector<esc_date> out(rows);
    std::vector<esc_status> status(rows);
    const auto batch = [&](const esc_engine* engine) {
        size_t failed = 0;
        return esc_recalculate(engine, rows, pathways.data(), stages.data(), entered.data(), nullptr, out.data(),
                               status.data(), 1, &failed);
    };
    long n = 1, failures = 0;
    for (;; ++n) {
        esc_engine* engine = nullptr;
        ASSERT_EQ(esc_engine_load(dir_.c_str(), &engine), ESC_OK);  // a fresh engine: no tables yet
        const long live_before = live.load();
        fail_countdown = n;
        const esc_status first = batch(engine);
        const bool injected = fail_countdown.load() <= 0;
        fail_countdown = 0;
        const long live_after = live.load();
        if (first != ESC_OK) {
            ++failures;
            EXPECT_EQ(first, ESC_NO_MEMORY) << "allocation " << n << " failing: " << esc_last_error();
            EXPECT_EQ(live_after, live_before) << "allocation " << n << " failing: a failed first batch kept memory";
        }
        // Whatever failed, the engine answers now: Wed 1 May 2024 + 2 working days = Fri 3 May.
        EXPECT_EQ(batch(engine), ESC_OK) << "after allocation " << n << " failed: " << esc_last_error();
        for (std::size_t i = 0; i < rows; ++i) EXPECT_EQ(out[i], date(2024, 5, 3)) << "row " << i << ", allocation " << n;
        esc_engine_free(engine);
        if (!injected || ::testing::Test::HasFailure()) break;
    }
    EXPECT_GT(failures, 0) << "no allocation of the first batch failed: is the counting operator new in use?";
    std::printf("the first esc_recalculate makes %ld allocations; %ld failed with ESC_NO_MEMORY\n", n - 1, failures);
}

}  // namespace
