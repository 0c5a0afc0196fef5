// libFuzzer target: the C ABI (issue 7). One engine is loaded from the bundled rulesets; each
// input is read as a sequence of calls on it, with arguments that are sometimes right (known
// ids, dates inside the calendars), sometimes wrong (unknown ids, random bytes, dates at the
// int32 extremes, indices past the end, bad size fields) and sometimes NULL. The header's
// promises are checked after every call:
//  - the status is one of esc_status's values and never ESC_INTERNAL_ERROR (which the header
//    calls "a bug in Escalate"); the process never aborts, whatever the arguments;
//  - esc_last_error() is "" after a success and a message after a failure;
//  - outputs a call fills on success obey the header (strings non-NULL, round trips hold).
// The fuzzer only uses the header, as an integrator would.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "escalate.h"

extern "C" const char* escalate_fuzz_status_name_from_c(int value);  // capi_from_c.c

namespace {

[[noreturn]] void broken_promise(const char* what, const char* call) {
    std::fprintf(stderr, "fuzz: broken promise after %s: %s (last error: %s)\n", call, what, esc_last_error());
    std::abort();
}

#define REQUIRE(condition, call) \
    do {                         \
        if (!(condition)) broken_promise(#condition, call); \
    } while (0)

/// The checks every status-returning call gets.
esc_status check(esc_status status, const char* call) {
    REQUIRE(status >= ESC_OK && status <= ESC_INTERNAL_ERROR, call);
    REQUIRE(status != ESC_INTERNAL_ERROR, call);
    const char* message = esc_last_error();
    REQUIRE(message != nullptr, call);
    REQUIRE((status == ESC_OK) == (message[0] == '\0'), call);
    return status;
}

struct Known {
    esc_engine* engine = nullptr;
    std::vector<std::string> pathways, calendars;
    std::vector<std::vector<std::string>> stages;  // per pathway
    std::vector<std::string> events{"resolved", "unresolved", "immediate-risk", "exceptional", ""};
    std::vector<std::string> subjects{"child", "adult", "", "Child"};
};

Known& known() {
    static Known k = [] {
        Known out;
        if (esc_engine_load(ESCALATE_RULESETS_DIR, &out.engine) != ESC_OK) {
            std::fprintf(stderr, "fuzz: cannot load the bundled rulesets: %s\n", esc_last_error());
            std::abort();
        }
        int32_t count = 0;
        esc_engine_pathway_count(out.engine, &count);
        for (int32_t p = 0; p < count; ++p) {
            const char* id = nullptr;
            esc_engine_pathway_id(out.engine, p, &id);
            out.pathways.emplace_back(id);
            int32_t stages = 0;
            esc_pathway_stage_count(out.engine, p, &stages);
            out.stages.emplace_back();
            for (int32_t s = 0; s < stages; ++s) {
                esc_pathway_stage_id(out.engine, p, s, &id);
                out.stages.back().emplace_back(id);
            }
        }
        esc_engine_calendar_count(out.engine, &count);
        for (int32_t c = 0; c < count; ++c) {
            const esc_calendar* calendar = nullptr;
            esc_engine_calendar_at(out.engine, c, &calendar);
            esc_calendar_info info{};
            info.size = sizeof info;
            esc_calendar_info_get(calendar, &info);
            out.calendars.emplace_back(info.id);
        }
        return out;
    }();
    return k;
}

/// Strings the way callers get them wrong: a known id, random bytes, or NULL. The result
/// points into `storage`, which outlives the call.
const char* pick_string(FuzzedDataProvider& in, const std::vector<std::string>& ids, std::string& storage) {
    switch (in.ConsumeIntegralInRange(0, 3)) {
        case 0: return nullptr;
        case 1: storage = in.ConsumeRandomLengthString(64); return storage.c_str();
        default:
            if (ids.empty()) return "";
            storage = ids[in.ConsumeIntegralInRange<std::size_t>(0, ids.size() - 1)];
            return storage.c_str();
    }
}

/// Dates: mostly inside the bundled calendars (1980 to 2100), sometimes at their edges, at
/// the int32 extremes, or ESC_NO_DATE.
esc_date pick_date(FuzzedDataProvider& in) {
    static const esc_date first = esc_date_from_ymd(1980, 1, 1), last = esc_date_from_ymd(2100, 12, 31);
    switch (in.ConsumeIntegralInRange(0, 7)) {
        case 0: return ESC_NO_DATE;
        case 1: return in.ConsumeIntegral<int32_t>();
        case 2: return in.PickValueInArray({first - 1, first, last, last + 1, INT32_MAX, INT32_MIN + 1, 0, -1});
        default: return in.ConsumeIntegralInRange<esc_date>(first - 400, last + 400);
    }
}

/// An index that is usually valid and sometimes just outside, or anywhere.
int dot_calls_left = 1;  // esc_pathway_dot calls left in this input

int32_t pick_index(FuzzedDataProvider& in, std::size_t count) {
    switch (in.ConsumeIntegralInRange(0, 3)) {
        case 0: return in.ConsumeIntegral<int32_t>();
        case 1: return in.PickValueInArray({-1, ESC_PATHWAY_NO_VERSION, static_cast<int32_t>(count), INT32_MIN, INT32_MAX});
        default: return count ? in.ConsumeIntegralInRange<int32_t>(0, static_cast<int32_t>(count) - 1) : 0;
    }
}

/// A struct size as a caller might set it: right, too small, zero, or from a newer header
/// (larger; the buffers below are big enough for that to be honest).
uint32_t pick_size(FuzzedDataProvider& in, uint32_t right) {
    return in.PickValueInArray({right, right, right, right - 1, 0u, right + 8, right / 2});
}

const esc_engine* pick_engine(FuzzedDataProvider& in) {
    return in.ConsumeProbability<float>() < 0.05f ? nullptr : known().engine;
}

const esc_calendar* pick_calendar(FuzzedDataProvider& in) {
    const esc_calendar* calendar = nullptr;
    std::string storage;
    if (in.ConsumeBool()) {
        const char* id = pick_string(in, known().calendars, storage);
        check(esc_engine_calendar(pick_engine(in), id, in.ConsumeProbability<float>() < 0.05f ? nullptr : &calendar),
              "esc_engine_calendar");
    } else {
        check(esc_engine_calendar_at(pick_engine(in), pick_index(in, known().calendars.size()), &calendar),
              "esc_engine_calendar_at");
    }
    return calendar;
}

void call_decide(FuzzedDataProvider& in) {
    const Known& k = known();
    std::string pathway_storage, stage_storage, event_storage, subject_storage;
    // Room for a caller whose header is newer than ours (pick_size may say so).
    union {
        esc_query query;
        unsigned char room[sizeof(esc_query) + 16];
    } q{};
    union {
        esc_decision decision;
        unsigned char room[sizeof(esc_decision) + 16];
    } d{};
    q.query.size = pick_size(in, sizeof(esc_query));
    const std::size_t p = k.pathways.empty() ? 0 : in.ConsumeIntegralInRange<std::size_t>(0, k.pathways.size() - 1);
    q.query.pathway = pick_string(in, k.pathways, pathway_storage);
    q.query.stage = pick_string(in, k.stages[p], stage_storage);
    q.query.event = pick_string(in, k.events, event_storage);
    q.query.subject = pick_string(in, k.subjects, subject_storage);
    q.query.at = pick_date(in);
    q.query.started = pick_date(in);

    d.decision.size = pick_size(in, sizeof(esc_decision));
    const std::size_t steps_capacity = in.ConsumeIntegralInRange<std::size_t>(0, 4);
    const std::size_t actions_capacity = in.ConsumeIntegralInRange<std::size_t>(0, 4);
    const uint32_t obligation_size = pick_size(in, sizeof(esc_obligation));
    // Each buffer is as large as the caller's stated element size says it is.
    const std::size_t stride = obligation_size > sizeof(esc_obligation) ? obligation_size : sizeof(esc_obligation);
    std::vector<unsigned char> steps(steps_capacity * stride), actions(actions_capacity * stride);
    d.decision.obligation_size = obligation_size;
    d.decision.steps = steps_capacity && in.ConsumeBool() ? reinterpret_cast<esc_obligation*>(steps.data()) : nullptr;
    d.decision.steps_capacity = d.decision.steps ? steps_capacity : in.PickValueInArray<std::size_t>({0, 0, 3});
    d.decision.actions = actions_capacity && in.ConsumeBool() ? reinterpret_cast<esc_obligation*>(actions.data()) : nullptr;
    d.decision.actions_capacity = d.decision.actions ? actions_capacity : 0;

    const bool null_engine = in.ConsumeProbability<float>() < 0.05f;
    const bool null_query = in.ConsumeProbability<float>() < 0.05f;
    const bool null_decision = in.ConsumeProbability<float>() < 0.05f;
    const esc_status status = check(esc_decide(null_engine ? nullptr : k.engine, null_query ? nullptr : &q.query,
                                               null_decision ? nullptr : &d.decision),
                                    "esc_decide");
    if (status != ESC_OK) return;
    const esc_decision& out = d.decision;
    REQUIRE(out.stage && out.stage_name && out.calendar && out.clause && out.transition_clause, "esc_decide");
    REQUIRE(out.terminal == 0 || out.terminal == 1, "esc_decide");
    if (out.terminal) {
        REQUIRE(!out.tier && !out.tier_name && out.due == ESC_NO_DATE && out.stage_index == -1, "esc_decide");
    } else {
        REQUIRE(out.tier && out.tier_name && out.stage_index >= 0, "esc_decide");
        const char* id = nullptr;
        check(esc_pathway_stage_id(k.engine, out.pathway_index, out.stage_index, &id), "esc_pathway_stage_id");
        REQUIRE(id && std::strcmp(id, out.stage) == 0, "esc_decide");
        // The due date by index agrees with the one esc_decide gave.
        esc_date due = 0;
        if (check(esc_pathway_due(k.engine, out.pathway_index, out.stage_index, out.entered, out.started, &due),
                  "esc_pathway_due") == ESC_OK) {
            REQUIRE(due == out.due, "esc_pathway_due");
        }
    }
    const std::size_t steps_written = out.step_count < steps_capacity ? out.step_count : steps_capacity;
    for (std::size_t i = 0; out.steps && i < steps_written; ++i) {
        esc_obligation step;
        std::memcpy(&step, steps.data() + i * obligation_size, sizeof step < obligation_size ? sizeof step : obligation_size);
        REQUIRE(step.id && step.name && step.clause, "esc_decide steps");
    }
}

void call_indices(FuzzedDataProvider& in) {
    const Known& k = known();
    const esc_engine* engine = pick_engine(in);
    std::string storage;
    int32_t index = -7;
    const char* id = nullptr;
    const int32_t p = pick_index(in, k.pathways.size());
    switch (in.ConsumeIntegralInRange(0, 7)) {
        case 0:
            check(esc_engine_pathway_count(engine, in.ConsumeBool() ? &index : nullptr), "esc_engine_pathway_count");
            break;
        case 1:
            // The call reads a C string: random bytes with a NUL end there (the campaign found the
            // harness comparing the id with the bytes after it).
            if (const char* asked = pick_string(in, k.pathways, storage);
                check(esc_engine_pathway_index(engine, asked, &index), "esc_engine_pathway_index") == ESC_OK) {
                REQUIRE(index >= 0 && static_cast<std::size_t>(index) < k.pathways.size() && k.pathways[index] == asked,
                        "esc_engine_pathway_index");
            }
            break;
        case 2:
            if (check(esc_engine_pathway_id(engine, p, in.ConsumeBool() ? &id : nullptr), "esc_engine_pathway_id") == ESC_OK && id) {
                REQUIRE(k.pathways[p] == id, "esc_engine_pathway_id");
            }
            break;
        case 3: {
            union {
                esc_pathway_info info;
                unsigned char room[sizeof(esc_pathway_info) + 16];
            } u{};
            u.info.size = pick_size(in, sizeof(esc_pathway_info));
            if (check(esc_pathway_info_get(engine, p, in.ConsumeBool() ? &u.info : nullptr), "esc_pathway_info_get") == ESC_OK) {
                REQUIRE(u.info.id && u.info.title && u.info.subjects && u.info.source_file, "esc_pathway_info_get");
            }
            break;
        }
        case 4:
            check(esc_pathway_stage_count(engine, p, in.ConsumeBool() ? &index : nullptr), "esc_pathway_stage_count");
            break;
        case 5: {
            const std::vector<std::string> none;
            const auto& stages = p >= 0 && static_cast<std::size_t>(p) < k.stages.size() ? k.stages[p] : none;
            if (const char* asked = pick_string(in, stages, storage);
                check(esc_pathway_stage_index(engine, p, asked, &index), "esc_pathway_stage_index") == ESC_OK) {
                check(esc_pathway_stage_id(engine, p, index, &id), "esc_pathway_stage_id");
                REQUIRE(std::strcmp(asked, id) == 0, "esc_pathway_stage_index");
            }
            break;
        }
        case 6: {
            // At most one flowchart an input: writing one (Boost's write_graphviz, its regex
            // escaping) costs more than the other 63 calls together, and a second adds nothing.
            if (dot_calls_left == 0) break;
            --dot_calls_left;
            // snprintf-like: a short buffer gets a NUL-terminated prefix and the full length.
            const std::size_t capacity = in.PickValueInArray<std::size_t>({0, 1, 16, 200, 100000});
            std::vector<char> buffer(capacity + 1, '\x7f');
            std::size_t length = 0;
            const bool give_buffer = capacity > 0 && in.ConsumeProbability<float>() > 0.05f;
            if (check(esc_pathway_dot(engine, p, pick_string(in, k.subjects, storage), give_buffer ? buffer.data() : nullptr,
                                      give_buffer ? capacity : 0, in.ConsumeProbability<float>() < 0.05f ? nullptr : &length),
                      "esc_pathway_dot") == ESC_OK &&
                give_buffer) {
                REQUIRE(std::strlen(buffer.data()) == (length < capacity ? length : capacity - 1), "esc_pathway_dot");
                REQUIRE(buffer[capacity] == '\x7f', "esc_pathway_dot wrote past its buffer");
            }
            break;
        }
        default: {
            const std::size_t stages = p >= 0 && static_cast<std::size_t>(p) < k.stages.size() ? k.stages[p].size() : 3;
            esc_date due = 0;
            check(esc_pathway_due(engine, p, pick_index(in, stages), pick_date(in), pick_date(in), in.ConsumeBool() ? &due : nullptr),
                  "esc_pathway_due");
            break;
        }
    }
}

void call_calendar(FuzzedDataProvider& in) {
    const esc_calendar* calendar = in.ConsumeProbability<float>() < 0.05f ? nullptr : pick_calendar(in);
    const esc_date date = pick_date(in);
    switch (in.ConsumeIntegralInRange(0, 5)) {
        case 0: {
            int working = -1;
            if (check(esc_calendar_is_working_day(calendar, date, in.ConsumeBool() ? &working : nullptr),
                      "esc_calendar_is_working_day") == ESC_OK) {
                REQUIRE(working == 0 || working == 1 || working == -1, "esc_calendar_is_working_day");
            }
            break;
        }
        case 1: {
            const char* name = "unset";
            check(esc_calendar_holiday_name(calendar, date, in.ConsumeBool() ? &name : nullptr), "esc_calendar_holiday_name");
            break;
        }
        case 2: {
            const int32_t count = in.ConsumeBool() ? in.ConsumeIntegralInRange<int32_t>(-400, 400) : in.ConsumeIntegral<int32_t>();
            esc_date result = 0;
            if (check(esc_calendar_add_working_days(calendar, date, count, &result), "esc_calendar_add_working_days") == ESC_OK &&
                count >= 0) {
                // The header: counting from D to add_working_days(D, N) gives N.
                int32_t counted = -1;
                check(esc_calendar_count_working_days(calendar, date, result, &counted), "esc_calendar_count_working_days");
                REQUIRE(counted == count, "esc_calendar_add_working_days");
            }
            break;
        }
        case 3: {
            int32_t counted = 0;
            check(esc_calendar_count_working_days(calendar, date, pick_date(in), in.ConsumeBool() ? &counted : nullptr),
                  "esc_calendar_count_working_days");
            break;
        }
        case 4: {
            const int year = in.ConsumeBool() ? in.ConsumeIntegralInRange(1975, 2105) : in.ConsumeIntegral<int>();
            const std::size_t capacity = in.ConsumeIntegralInRange<std::size_t>(0, 20);
            std::vector<esc_holiday> buffer(capacity);
            const bool give_buffer = in.ConsumeProbability<float>() > 0.05f;
            std::size_t total = 0;
            if (check(esc_calendar_holidays(calendar, year, give_buffer ? buffer.data() : nullptr, capacity,
                                            in.ConsumeProbability<float>() < 0.05f ? nullptr : &total),
                      "esc_calendar_holidays") == ESC_OK) {
                for (std::size_t i = 0; i < total && i < capacity; ++i) {
                    REQUIRE(buffer[i].name && (i == 0 || buffer[i - 1].date <= buffer[i].date), "esc_calendar_holidays");
                }
            }
            break;
        }
        default: {
            union {
                esc_calendar_info info;
                unsigned char room[sizeof(esc_calendar_info) + 16];
            } u{};
            u.info.size = pick_size(in, sizeof(esc_calendar_info));
            check(esc_calendar_info_get(calendar, in.ConsumeBool() ? &u.info : nullptr), "esc_calendar_info_get");
            break;
        }
    }
}

void call_dates(FuzzedDataProvider& in) {
    int year = 0, month = 0, day = 0;
    switch (in.ConsumeIntegralInRange(0, 4)) {
        case 0: {
            const int y = in.ConsumeIntegral<int>(), m = in.ConsumeIntegralInRange(-1, 14), dd = in.ConsumeIntegralInRange(-1, 32);
            const esc_date date = esc_date_from_ymd(y, m, dd);
            if (date != ESC_NO_DATE) {
                check(esc_date_to_ymd(date, &year, &month, &day), "esc_date_to_ymd");
                REQUIRE(year == y && month == m && day == dd, "esc_date_from_ymd round trip");
            }
            break;
        }
        case 1:
            check(esc_date_to_ymd(pick_date(in), in.ConsumeBool() ? &year : nullptr, in.ConsumeBool() ? &month : nullptr,
                                  in.ConsumeBool() ? &day : nullptr),
                  "esc_date_to_ymd");
            break;
        case 2: {
            std::string text = in.ConsumeRandomLengthString(16);
            esc_date date = 0;
            if (check(esc_date_parse(in.ConsumeProbability<float>() < 0.05f ? nullptr : text.c_str(), &date), "esc_date_parse") ==
                ESC_OK) {
                char buffer[ESC_DATE_BUFFER_SIZE];
                check(esc_date_format(date, buffer, sizeof buffer), "esc_date_format");
                REQUIRE(text == buffer, "esc_date_parse round trip");
            }
            break;
        }
        case 3: {
            const std::size_t capacity = in.ConsumeIntegralInRange<std::size_t>(0, 16);
            std::vector<char> buffer(capacity + 1, 'x');
            if (check(esc_date_format(pick_date(in), in.ConsumeProbability<float>() < 0.05f ? nullptr : buffer.data(), capacity),
                      "esc_date_format") == ESC_OK) {
                REQUIRE(std::strlen(buffer.data()) == ESC_DATE_BUFFER_SIZE - 1, "esc_date_format");
            }
            break;
        }
        default: {
            int weekday = 0;
            if (check(esc_date_weekday(pick_date(in), in.ConsumeBool() ? &weekday : nullptr), "esc_date_weekday") == ESC_OK) {
                REQUIRE(weekday == 0 || (weekday >= 1 && weekday <= 7), "esc_date_weekday");
            }
            break;
        }
    }
}

void call_recalculate(FuzzedDataProvider& in) {
    const Known& k = known();
    const std::size_t count = in.ConsumeIntegralInRange<std::size_t>(0, 24);
    std::vector<int32_t> pathways(count), stages(count);
    std::vector<esc_date> entered(count), started(count), out(count, 12345);
    std::vector<esc_status> row_status(count, static_cast<esc_status>(ESC_INTERNAL_ERROR));
    for (std::size_t i = 0; i < count; ++i) {
        pathways[i] = pick_index(in, k.pathways.size());
        const bool real_pathway = pathways[i] >= 0 && static_cast<std::size_t>(pathways[i]) < k.pathways.size();
        stages[i] = pick_index(in, real_pathway ? k.stages[pathways[i]].size() : 3);
        entered[i] = pick_date(in);
        // Usually a plausible outset a little before entry (or just after: a bad row).
        const bool near = entered[i] > INT32_MIN + 100 && entered[i] < INT32_MAX - 100 && in.ConsumeBool();
        started[i] = near ? entered[i] - in.ConsumeIntegralInRange(-2, 60) : pick_date(in);
    }
    const bool null_arrays = in.ConsumeProbability<float>() < 0.05f;
    const bool no_started = in.ConsumeProbability<float>() < 0.1f;
    if (!null_arrays && in.ConsumeBool()) {
        // Rows given by id: the version in force on each outset, as esc_select_versions
        // promises it (the same id, the same stage id or -1, or ESC_PATHWAY_NO_VERSION).
        const std::vector<int32_t> given_pathways = pathways, given_stages = stages;
        std::size_t changed = 9999;
        if (check(esc_select_versions(k.engine, count, pathways.data(), stages.data(), entered.data(),
                                      no_started ? nullptr : started.data(), &changed),
                  "esc_select_versions") == ESC_OK) {
            std::size_t rewritten = 0;
            for (std::size_t i = 0; i < count; ++i) {
                if (pathways[i] == given_pathways[i] && stages[i] == given_stages[i]) continue;
                ++rewritten;
                if (pathways[i] == ESC_PATHWAY_NO_VERSION) continue;
                const char *was = nullptr, *now = nullptr;
                REQUIRE(esc_engine_pathway_id(k.engine, given_pathways[i], &was) == ESC_OK &&
                            esc_engine_pathway_id(k.engine, pathways[i], &now) == ESC_OK && std::strcmp(was, now) == 0,
                        "esc_select_versions keeps the pathway id");
                if (stages[i] == -1) continue;
                REQUIRE(esc_pathway_stage_id(k.engine, given_pathways[i], given_stages[i], &was) == ESC_OK &&
                            esc_pathway_stage_id(k.engine, pathways[i], stages[i], &now) == ESC_OK &&
                            std::strcmp(was, now) == 0,
                        "esc_select_versions keeps the stage id");
            }
            REQUIRE(changed == rewritten, "esc_select_versions changed count");
        }
    }
    const bool want_status = in.ConsumeProbability<float>() > 0.1f;
    const int threads = in.PickValueInArray({1, 1, 2, 0, 3, -1, 64});
    std::size_t failed = 9999;
    const bool want_failed = in.ConsumeBool();
    const esc_status status = check(esc_recalculate(pick_engine(in), count, null_arrays ? nullptr : pathways.data(), stages.data(),
                                                    entered.data(), no_started ? nullptr : started.data(), out.data(),
                                                    want_status ? row_status.data() : nullptr, threads,
                                                    want_failed ? &failed : nullptr),
                                    "esc_recalculate");
    if (status != ESC_OK) return;
    std::size_t refused = 0;
    for (std::size_t i = 0; i < count; ++i) {
        // Each row as esc_pathway_due() gives it one by one (the header's promise).
        esc_date one = 0;
        const esc_status single = check(esc_pathway_due(k.engine, pathways[i], stages[i], entered[i],
                                                        no_started ? ESC_NO_DATE : started[i], &one),
                                        "esc_pathway_due");
        if (want_status) {
            const esc_status r = row_status[i];
            REQUIRE(r == ESC_OK || r == ESC_INVALID_ARGUMENT || r == ESC_OUT_OF_RANGE ||
                        (r == ESC_NOT_FOUND && pathways[i] == ESC_PATHWAY_NO_VERSION),
                    "esc_recalculate row_status");
            REQUIRE(pathways[i] != ESC_PATHWAY_NO_VERSION || r == ESC_NOT_FOUND,
                    "esc_recalculate: a row of no version is not found");
            if (r != ESC_OK) ++refused;
            if (r == ESC_OK) {
                REQUIRE(single == ESC_OK && out[i] == one, "esc_recalculate agrees with esc_pathway_due");
            } else {
                REQUIRE(out[i] == ESC_NO_DATE, "esc_recalculate: a failed row has no date");
                // esc_pathway_due gives a calendar-days due date past the calendar's end,
                // which the bulk tables cannot hold: that row fails as out of range.
                REQUIRE(single != ESC_OK || r == ESC_OUT_OF_RANGE, "esc_recalculate refuses only what esc_pathway_due refuses");
            }
        } else if (single == ESC_OK && out[i] != ESC_NO_DATE) {
            REQUIRE(out[i] == one, "esc_recalculate agrees with esc_pathway_due");
        }
    }
    if (want_status && want_failed) REQUIRE(failed == refused, "esc_recalculate failed count");
}

void call_misc(FuzzedDataProvider& in) {
    const char* name = escalate_fuzz_status_name_from_c(in.ConsumeIntegral<int>());
    REQUIRE(name != nullptr, "esc_status_name");
    REQUIRE(esc_version() != nullptr && esc_abi_version() == ESC_ABI_VERSION, "esc_version");
    esc_engine* out = reinterpret_cast<esc_engine*>(&name);
    switch (in.ConsumeIntegralInRange(0, 2)) {
        case 0: check(esc_engine_load(nullptr, &out), "esc_engine_load"); break;
        case 1: check(esc_engine_load("", &out), "esc_engine_load"); break;
        default: check(esc_engine_load(ESCALATE_RULESETS_DIR "/no-such-file.xml", &out), "esc_engine_load"); break;
    }
    REQUIRE(out == nullptr, "esc_engine_load");
    esc_engine_free(nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    dot_calls_left = 1;
    for (int calls = 0; calls < 64 && in.remaining_bytes() > 0; ++calls) {
        switch (in.ConsumeIntegralInRange(0, 9)) {
            case 0: case 1: case 2: call_decide(in); break;
            case 3: case 4: call_indices(in); break;
            case 5: case 6: call_calendar(in); break;
            case 7: call_dates(in); break;
            case 8: call_recalculate(in); break;
            default: call_misc(in); break;
        }
    }
    return 0;
}
