// esc_case_evaluate: a case history in (column arrays of dates and events), where the case
// stands, the stages it passed and every obligation out. Copies escalate::evaluate_case; never
// recomputes a date.
#include <cstddef>
#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "boundary.hpp"
#include "checks.hpp"
#include "escalate.h"
#include "escalate/history.hpp"
#include "handles.hpp"

using escalate::capi::fail;
using escalate::capi::guarded;
using escalate::capi::require;
using escalate::capi::force_code;
using escalate::capi::outcome_code;
using escalate::capi::size_ok;
using escalate::capi::source_code;

namespace {

using escalate::capi::case_obligation_first_size;
using escalate::capi::case_query_first_size;
using escalate::capi::case_result_first_size;
using escalate::capi::case_stage_first_size;

int32_t due_rule_code(const escalate::DueWorking& w) noexcept {
    if (w.status == escalate::DueStatus::past_calendar_end) return ESC_DUE_RULE_PAST_CALENDAR_END;
    return escalate::capi::due_rule_code(w.rule);
}

int32_t state_code(escalate::ObligationState state) noexcept {
    switch (state) {
        case escalate::ObligationState::open: return ESC_STATE_OPEN;
        case escalate::ObligationState::due_today: return ESC_STATE_DUE_TODAY;
        case escalate::ObligationState::overdue: return ESC_STATE_OVERDUE;
        case escalate::ObligationState::done_on_time: return ESC_STATE_DONE_ON_TIME;
        case escalate::ObligationState::done_late: return ESC_STATE_DONE_LATE;
        case escalate::ObligationState::left_undone: return ESC_STATE_LEFT_UNDONE;
    }
    return ESC_STATE_OPEN;
}

int32_t kind_code(escalate::ObligationKind kind) noexcept {
    switch (kind) {
        case escalate::ObligationKind::stage: return ESC_CASE_OBLIGATION_STAGE;
        case escalate::ObligationKind::step: return ESC_CASE_OBLIGATION_STEP;
        case escalate::ObligationKind::action: return ESC_CASE_OBLIGATION_ACTION;
    }
    return ESC_CASE_OBLIGATION_ACTION;
}

const char* text(const std::string* s) noexcept { return s ? s->c_str() : nullptr; }

void reset_outputs(esc_case& r) noexcept {
    r.stage_count = 0;
    r.obligation_count = 0;
    r.stage = nullptr;
    r.stage_name = nullptr;
    r.tier = nullptr;
    r.tier_name = nullptr;
    r.terminal = 0;
    r.outcome_kind = ESC_OUTCOME_NONE;
    r.started = ESC_NO_DATE;
    r.entered = ESC_NO_DATE;
    r.due = ESC_NO_DATE;
    r.due_rule = ESC_DUE_RULE_NONE;
    r.force = ESC_FORCE_MUST;
    r.overdue = 0;
    r.overdue_on_entry = 0;
    r.entries_applied = 0;
    r.error_entry = -1;
    if (r.size >= offsetof(esc_case, pathway_index) + sizeof(int32_t)) r.pathway_index = -1;
}

/// Copies elements into a caller buffer whose elements are `stride` bytes apart (the caller's
/// sizeof, at least the first layout's), so a caller with a grown struct still lines up.
template <class Element, class Source, class Fill>
void write_elements(const std::vector<Source>& source, Element* buffer, std::size_t capacity, std::size_t stride,
                    Fill fill) noexcept {
    if (!buffer) return;
    const std::size_t written = source.size() < capacity ? source.size() : capacity;
    const std::size_t bytes = stride < sizeof(Element) ? stride : sizeof(Element);
    for (std::size_t i = 0; i < written; ++i) {
        Element element;
        std::memset(&element, 0, sizeof element);
        fill(source[i], element);
        std::memcpy(reinterpret_cast<unsigned char*>(buffer) + i * stride, &element, bytes);
    }
}

}  // namespace

extern "C" esc_status esc_case_evaluate(const esc_engine* engine, const esc_case_query* query, esc_case* result) {
    constexpr const char* function = "esc_case_evaluate";
    return guarded(function, [&] {
        if (esc_status s = require(result, function, "result is NULL")) return s;
        if (!size_ok(result->size, case_result_first_size, function, "result")) return ESC_INVALID_ARGUMENT;
        reset_outputs(*result);
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(query, function, "query is NULL")) return s;
        if (!size_ok(query->size, case_query_first_size, function, "query")) return ESC_INVALID_ARGUMENT;
        if (!query->pathway || !*query->pathway)
            return fail(ESC_INVALID_ARGUMENT, function, "query->pathway is NULL or empty");
        if (query->entry_count == 0)
            return fail(ESC_INVALID_ARGUMENT, function,
                        "query->entry_count is 0: a case history needs at least its first entry (\"start\")");
        if (!query->entry_dates || !query->entry_events)
            return fail(ESC_INVALID_ARGUMENT, function, "query->entry_dates or query->entry_events is NULL");
        if (!escalate::capi::date_given(query->as_of, function, "query->as_of")) return ESC_INVALID_ARGUMENT;
        if (result->stages && result->stages_capacity > 0 && result->stage_size < case_stage_first_size)
            return fail(ESC_INVALID_ARGUMENT, function,
                        "result->stage_size must be set to sizeof(esc_case_stage) when a stage buffer is given");
        if (result->obligations && result->obligations_capacity > 0 && result->obligation_size < case_obligation_first_size)
            return fail(ESC_INVALID_ARGUMENT, function,
                        "result->obligation_size must be set to sizeof(esc_case_obligation) when an obligation "
                        "buffer is given");

        std::vector<escalate::CaseEntry> entries(query->entry_count);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            entries[i].date = query->entry_dates[i];
            const char* event = query->entry_events[i];
            entries[i].event = event ? std::string_view(event) : std::string_view();
        }
        escalate::CaseQuery request;
        request.pathway = query->pathway;
        request.subject = query->subject ? std::string_view(query->subject) : std::string_view();
        request.entries = entries;
        request.as_of = query->as_of;
        if (query->size >= offsetof(esc_case_query, version) + sizeof(const char*) && query->version)
            request.version = query->version;

        escalate::CaseState state;
        try {
            state = escalate::evaluate_case(*engine->engine, request);
        } catch (const std::exception& e) {
            // Say which entry, then let the one ladder map the error's kind to its status.
            if (const auto* where = dynamic_cast<const escalate::CaseEntryLocation*>(&e))
                result->error_entry = static_cast<int64_t>(where->entry());
            throw;
        }

        write_elements(state.passed, result->stages, result->stages_capacity, result->stage_size,
                       [](const escalate::PassedStage& p, esc_case_stage& out) {
                           out.stage = text(p.id);
                           out.stage_name = text(p.name);
                           out.tier = text(p.tier);
                           out.entered = p.entered;
                           out.left = p.left;
                           out.due = p.due;
                           out.left_late = p.left_late ? 1 : 0;
                           out.force = force_code(p.force);
                           out.due_rule = due_rule_code(p.working);
                           out.left_on = text(p.left_on);
                           out.entered_entry = p.entered_entry;
                           out.left_entry = p.left_entry;
                       });
        write_elements(state.obligations, result->obligations, result->obligations_capacity, result->obligation_size,
                       [](const escalate::CaseObligation& o, esc_case_obligation& out) {
                           out.kind = kind_code(o.kind);
                           out.source = source_code(o.source);
                           out.side_track = o.side_track ? 1 : 0;
                           out.state = state_code(o.state);
                           out.id = text(o.id);
                           out.name = text(o.name);
                           out.clause = text(o.clause);
                           out.stage = text(o.stage);
                           out.arose_entry = o.arose_entry;
                           out.arose = o.arose;
                           out.due = o.due;
                           out.due_rule = due_rule_code(o.working);
                           out.force = force_code(o.force);
                           out.anchor_date = o.working.anchor.value_or(ESC_NO_DATE);
                           out.provisional = o.provisional ? 1 : 0;
                           out.waits_for = text(o.waits_for);
                           out.done = o.done;
                           out.done_entry = o.done == ESC_NO_DATE ? 0 : o.done_entry;
                       });
        result->stage_count = state.passed.size();
        result->obligation_count = state.obligations.size();
        result->stage = text(state.id);
        result->stage_name = text(state.name);
        result->tier = text(state.tier);
        result->tier_name = text(state.tier_name);
        result->terminal = state.current.terminal ? 1 : 0;
        result->outcome_kind = state.current.terminal
                                   ? outcome_code(state.pathway->outcomes()[state.current.index].kind)
                                   : ESC_OUTCOME_NONE;
        result->started = state.started;
        result->entered = state.entered;
        result->due = state.due;
        result->due_rule = state.current.terminal ? ESC_DUE_RULE_NONE : due_rule_code(state.working);
        result->force = force_code(state.force);
        result->overdue = state.overdue ? 1 : 0;
        result->overdue_on_entry = state.overdue_on_entry ? 1 : 0;
        result->entries_applied = state.entries_applied;
        if (result->size >= offsetof(esc_case, pathway_index) + sizeof(int32_t))
            result->pathway_index = engine->engine->index_of(*state.pathway);
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_event_index(const esc_engine* engine, int32_t pathway, const char* event, int32_t* out) {
    constexpr const char* function = "esc_pathway_event_index";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(event, function, "event is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const escalate::Pathway* p = escalate::capi::pathway_at(*engine, pathway, function);
        if (!p) return ESC_INVALID_ARGUMENT;
        const std::string_view id(event);
        bool known = false;
        const std::int32_t code = escalate::bulk_event_code(*p, id, &known);
        if (!known) {
            if (id.starts_with(escalate::done_prefix)) {
                return fail(ESC_NOT_FOUND, function, "pathway \"" + p->id() + "\" has no step or action \"" +
                                                         std::string(id.substr(escalate::done_prefix.size())) + "\"");
            }
            return fail(ESC_NOT_FOUND, function, "pathway \"" + p->id() + "\" has no event \"" + std::string(id) + "\"");
        }
        *out = code;
        return ESC_OK;
    });
}

extern "C" esc_status esc_cases_evaluate(const esc_engine* engine, const esc_case_columns* columns, esc_case_row* out,
                                         size_t* failed) {
    constexpr const char* function = "esc_cases_evaluate";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(columns, function, "columns is NULL")) return s;
        if (!size_ok(columns->size, offsetof(esc_case_columns, as_of) + sizeof(esc_date), function, "columns"))
            return ESC_INVALID_ARGUMENT;
        if (columns->case_count > 0) {
            if (esc_status s = require(out, function, "out is NULL")) return s;
            if (!columns->offsets || !columns->pathways || !columns->dates || !columns->events)
                return fail(ESC_INVALID_ARGUMENT, function, "columns->offsets, pathways, dates or events is NULL");
        }
        escalate::CaseHistoryColumns c;
        c.cases = columns->case_count;
        c.offsets = columns->offsets;
        c.pathways = columns->pathways;
        c.subjects = columns->subjects;
        c.dates = columns->dates;
        c.events = columns->events;
        c.as_of = columns->as_of;
        // In blocks, so the engine's rows never need more than a fixed buffer.
        constexpr std::size_t block = 4096;
        std::vector<escalate::CaseRow> rows(std::min(block, c.cases));
        std::size_t bad = 0;
        const auto& pathways = engine->engine->pathways();
        for (std::size_t begin = 0; begin < c.cases; begin += block) {
            const std::size_t n = std::min(block, c.cases - begin);
            escalate::CaseHistoryColumns part = c;
            part.cases = n;
            part.offsets = c.offsets + begin;
            part.pathways = c.pathways + begin;
            part.subjects = c.subjects ? c.subjects + begin : nullptr;
            escalate::evaluate_cases(*engine->engine, part, rows.data());
            for (std::size_t i = 0; i < n; ++i) {
                const escalate::CaseRow& r = rows[i];
                esc_case_row& o = out[begin + i];
                o.status = static_cast<int32_t>(r.status);  // CaseStatus is declared in ESC_CASE_* order
                o.bad_entry = r.bad_entry;
                if (r.status != escalate::CaseStatus::ok) {
                    ++bad;
                    o.stage = nullptr;
                    o.stage_index = -1;
                    o.terminal = 0;
                    o.entered = ESC_NO_DATE;
                    o.due = ESC_NO_DATE;
                    o.overdue = 0;
                    continue;
                }
                const escalate::Pathway& p = *pathways[static_cast<std::size_t>(part.pathways[i])];
                o.terminal = r.current.terminal ? 1 : 0;
                o.stage = r.current.terminal ? p.outcomes()[static_cast<std::size_t>(r.current.index)].id.c_str()
                                             : p.stages()[static_cast<std::size_t>(r.current.index)].id.c_str();
                o.stage_index = r.current.terminal ? -1 : r.current.index;
                o.entered = r.entered;
                o.due = r.due;
                o.overdue = r.overdue ? 1 : 0;
            }
        }
        if (failed) *failed = bad;
        return ESC_OK;
    });
}

// esc_case_row.status copies escalate::CaseStatus: the two orders must stay the same.
static_assert(static_cast<int>(escalate::CaseStatus::ok) == ESC_CASE_OK);
static_assert(static_cast<int>(escalate::CaseStatus::bad_pathway) == ESC_CASE_BAD_PATHWAY);
static_assert(static_cast<int>(escalate::CaseStatus::bad_subject) == ESC_CASE_BAD_SUBJECT);
static_assert(static_cast<int>(escalate::CaseStatus::no_entries) == ESC_CASE_NO_ENTRIES);
static_assert(static_cast<int>(escalate::CaseStatus::as_of_before_outset) == ESC_CASE_AS_OF_BEFORE_OUTSET);
static_assert(static_cast<int>(escalate::CaseStatus::bad_first_entry) == ESC_CASE_BAD_FIRST_ENTRY);
static_assert(static_cast<int>(escalate::CaseStatus::out_of_order) == ESC_CASE_OUT_OF_ORDER);
static_assert(static_cast<int>(escalate::CaseStatus::missing_date) == ESC_CASE_MISSING_DATE);
static_assert(static_cast<int>(escalate::CaseStatus::needs_subject) == ESC_CASE_NEEDS_SUBJECT);
static_assert(static_cast<int>(escalate::CaseStatus::unknown_event) == ESC_CASE_UNKNOWN_EVENT);
static_assert(static_cast<int>(escalate::CaseStatus::no_transition) == ESC_CASE_NO_TRANSITION);
static_assert(static_cast<int>(escalate::CaseStatus::out_of_range) == ESC_CASE_OUT_OF_RANGE);
static_assert(escalate::bulk_start_event == ESC_EVENT_START && escalate::bulk_done_event == ESC_EVENT_DONE &&
              escalate::bulk_done_first == ESC_EVENT_DONE_FIRST);

extern "C" const char* esc_case_status_name(int32_t status) {
    // The engine's own names (to_string), so the C, Python and command-line names are one list.
    if (status < ESC_CASE_OK || status > ESC_CASE_OUT_OF_RANGE) return "unknown-status";
    return escalate::to_string(static_cast<escalate::CaseStatus>(status)).data();
}
