// Introspection: read-only views of a compiled pathway by index (stages with their timescale,
// steps, actions and exits; tiers, outcomes, limits, events), for screens and reports.
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "boundary.hpp"
#include "checks.hpp"
#include "escalate.h"
#include "handles.hpp"

using escalate::capi::anchor_code;
using escalate::capi::deadline_kind_code;
using escalate::capi::fail;
using escalate::capi::force_code;
using escalate::capi::guarded;
using escalate::capi::outcome_code;
using escalate::capi::pathway_at;
using escalate::capi::require;
using escalate::capi::size_ok;
using escalate::capi::stage_at;
using escalate::capi::write_sized;

namespace {

// Every info struct of this file was first released with the layout it has now.
template <class Struct>
bool out_ok(Struct* out, const char* function) noexcept {
    if (require(out, function, "out is NULL")) return false;
    return size_ok(out->size, sizeof(Struct), function, "out");
}

/// The prologue every getter here shares: the engine, the caller's struct and the pathway
/// index checked in that order. nullptr (the error recorded, always ESC_INVALID_ARGUMENT)
/// when one is wrong.
template <class Struct>
const escalate::Pathway* pathway_for(const esc_engine* engine, Struct* out, std::int32_t pathway,
                                     const char* function) noexcept {
    if (require(engine, function, "engine is NULL")) return nullptr;
    if (!out_ok(out, function)) return nullptr;
    return pathway_at(*engine, pathway, function);
}

template <class Struct>
Struct zeroed() noexcept {
    Struct value;
    std::memset(&value, 0, sizeof value);
    return value;
}

/// Index checks for the lists of a pathway; records ESC_INVALID_ARGUMENT.
bool index_ok(std::int32_t index, std::size_t count, const char* function, const char* what) noexcept {
    if (index >= 0 && static_cast<std::size_t>(index) < count) return true;
    fail(ESC_INVALID_ARGUMENT, function, what, " index out of range");
    return false;
}

esc_deadline_info deadline_info(const escalate::DeadlineDefinition& deadline) noexcept {
    auto info = zeroed<esc_deadline_info>();
    info.kind = deadline_kind_code(deadline.kind);
    info.days = deadline.days;
    info.anchor = anchor_code(deadline.anchor);
    info.cumulative_working_days = deadline.declared_cumulative ? *deadline.declared_cumulative : -1;
    info.clause = deadline.clause.c_str();
    info.hours = deadline.hours;
    info.roll = deadline.roll_to_working_day ? 1 : 0;
    info.force = force_code(deadline.force);
    info.waits_for = deadline.anchor == escalate::Anchor::on_event ? deadline.on.c_str() : nullptr;
    info.reading = deadline.reading.c_str();
    return info;
}

/// Writes obligation `index` of a list (a stage's steps or actions, a route's or an outcome's
/// actions) and, when wanted, its timescale; records ESC_INVALID_ARGUMENT for a bad index.
esc_status write_obligation(const std::vector<escalate::Pathway::Obligation>& list, std::int32_t index,
                            const char* function, const char* what, esc_obligation_info* out,
                            esc_deadline_info* deadline) {
    if (!index_ok(index, list.size(), function, what)) return ESC_INVALID_ARGUMENT;
    const escalate::Pathway::Obligation& obligation = list[static_cast<std::size_t>(index)];
    auto info = zeroed<esc_obligation_info>();
    info.id = obligation.id.c_str();
    info.name = obligation.name.c_str();
    info.clause = obligation.clause.c_str();
    write_sized(out, info);
    if (deadline) write_sized(deadline, deadline_info(obligation.deadline));
    return ESC_OK;
}

/// The optional deadline argument of the obligation getters.
bool deadline_ok(const esc_deadline_info* deadline, const char* function) noexcept {
    return !deadline || size_ok(deadline->size, sizeof(esc_deadline_info), function, "deadline");
}

/// The routes out of a stage (-1: the start), in file order.
std::vector<const escalate::Pathway::Transition*> exits_of(const escalate::Pathway& pathway, int stage) {
    std::vector<const escalate::Pathway::Transition*> found;
    for (const auto& transition : pathway.transitions())
        if (transition.from == stage) found.push_back(&transition);
    return found;
}

/// A stage index that may also be -1 (the start of the pathway).
bool stage_or_start_ok(const escalate::Pathway& pathway, std::int32_t stage, const char* function) noexcept {
    return stage == -1 || stage_at(pathway, stage, function) != nullptr;
}

/// A subject argument: -1 for NULL, its index, or a recorded ESC_INVALID_ARGUMENT (-2).
int subject_index(const escalate::Pathway& pathway, const char* subject, const char* function) {
    if (!subject) return -1;
    const int index = pathway.find_subject(subject);
    if (index >= 0) return index;
    std::string covered;
    for (const auto& known : pathway.subjects()) covered += (covered.empty() ? "" : ", ") + known;
    fail(ESC_INVALID_ARGUMENT, function, "pathway " + pathway.id() + " does not cover the subject \"" + subject +
                                             "\"; it covers " + (covered.empty() ? "no named subject" : covered));
    return -2;
}

}  // namespace

extern "C" esc_status esc_stage_info_get(const esc_engine* engine, int32_t pathway, int32_t stage,
                                         esc_stage_info* out) {
    constexpr const char* function = "esc_stage_info_get";
    return guarded(function, [&] {
        const escalate::Pathway* found = pathway_for(engine, out, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        const escalate::Pathway::Stage* compiled = stage_at(*found, stage, function);
        if (!compiled) return ESC_INVALID_ARGUMENT;
        auto info = zeroed<esc_stage_info>();
        info.id = compiled->id.c_str();
        info.name = compiled->name.c_str();
        info.tier = compiled->tier;
        info.tier_id = found->tiers().at(static_cast<std::size_t>(compiled->tier)).id.c_str();
        info.limit = compiled->limit;
        info.worst_case_working_days = compiled->cumulative_working_days ? *compiled->cumulative_working_days : -1;
        info.step_count = static_cast<int32_t>(compiled->steps.size());
        info.action_count = static_cast<int32_t>(compiled->actions.size());
        info.exit_count = static_cast<int32_t>(exits_of(*found, stage).size());
        info.clause = compiled->clause.c_str();
        write_sized(out, info);
        return ESC_OK;
    });
}

extern "C" esc_status esc_stage_deadline_get(const esc_engine* engine, int32_t pathway, int32_t stage,
                                             esc_deadline_info* out) {
    constexpr const char* function = "esc_stage_deadline_get";
    return guarded(function, [&] {
        const escalate::Pathway* found = pathway_for(engine, out, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        const escalate::Pathway::Stage* compiled = stage_at(*found, stage, function);
        if (!compiled) return ESC_INVALID_ARGUMENT;
        write_sized(out, deadline_info(compiled->deadline));
        return ESC_OK;
    });
}

extern "C" esc_status esc_stage_obligation_get(const esc_engine* engine, int32_t pathway, int32_t stage,
                                               int32_t kind, int32_t index, esc_obligation_info* out,
                                               esc_deadline_info* deadline) {
    constexpr const char* function = "esc_stage_obligation_get";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (!out_ok(out, function)) return ESC_INVALID_ARGUMENT;
        if (!deadline_ok(deadline, function)) return ESC_INVALID_ARGUMENT;
        if (kind != ESC_OBLIGATION_STEP && kind != ESC_OBLIGATION_ACTION)
            return fail(ESC_INVALID_ARGUMENT, function, "kind must be ESC_OBLIGATION_STEP or ESC_OBLIGATION_ACTION");
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        const escalate::Pathway::Stage* compiled = stage_at(*found, stage, function);
        if (!compiled) return ESC_INVALID_ARGUMENT;
        const auto& list = kind == ESC_OBLIGATION_STEP ? compiled->steps : compiled->actions;
        return write_obligation(list, index, function, kind == ESC_OBLIGATION_STEP ? "step" : "action", out,
                                deadline);
    });
}

extern "C" esc_status esc_stage_exit_get(const esc_engine* engine, int32_t pathway, int32_t stage, int32_t index,
                                         esc_exit_info* out) {
    constexpr const char* function = "esc_stage_exit_get";
    return guarded(function, [&] {
        const escalate::Pathway* found = pathway_for(engine, out, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!stage_or_start_ok(*found, stage, function)) return ESC_INVALID_ARGUMENT;
        const auto exits = exits_of(*found, stage);
        if (!index_ok(index, exits.size(), function, "exit")) return ESC_INVALID_ARGUMENT;
        const escalate::Pathway::Transition& transition = *exits[static_cast<std::size_t>(index)];
        auto info = zeroed<esc_exit_info>();
        info.event = found->events().at(static_cast<std::size_t>(transition.event)).c_str();
        info.subject =
            transition.subject < 0 ? nullptr : found->subjects().at(static_cast<std::size_t>(transition.subject)).c_str();
        const auto target = static_cast<std::size_t>(transition.target.index);
        if (transition.target.terminal) {
            info.target = found->outcomes().at(target).id.c_str();
            info.target_stage = -1;
            info.target_outcome = transition.target.index;
        } else {
            info.target = found->stages().at(target).id.c_str();
            info.target_stage = transition.target.index;
            info.target_outcome = -1;
        }
        info.clause = transition.clause.c_str();
        info.side_track = transition.side_track() ? 1 : 0;
        info.action_count = static_cast<int32_t>(transition.actions.size());
        write_sized(out, info);
        return ESC_OK;
    });
}

extern "C" esc_status esc_stage_exit_action_get(const esc_engine* engine, int32_t pathway, int32_t stage,
                                                int32_t exit, int32_t index, esc_obligation_info* out,
                                                esc_deadline_info* deadline) {
    constexpr const char* function = "esc_stage_exit_action_get";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (!out_ok(out, function)) return ESC_INVALID_ARGUMENT;
        if (!deadline_ok(deadline, function)) return ESC_INVALID_ARGUMENT;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!stage_or_start_ok(*found, stage, function)) return ESC_INVALID_ARGUMENT;
        const auto exits = exits_of(*found, stage);
        if (!index_ok(exit, exits.size(), function, "exit")) return ESC_INVALID_ARGUMENT;
        return write_obligation(exits[static_cast<std::size_t>(exit)]->actions, index, function, "action", out,
                                deadline);
    });
}

extern "C" esc_status esc_stage_events(const esc_engine* engine, int32_t pathway, int32_t stage, const char* subject,
                                       const char** buffer, size_t capacity, size_t* count) {
    constexpr const char* function = "esc_stage_events";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(count, function, "count is NULL")) return s;
        if (capacity > 0 && !buffer) return fail(ESC_INVALID_ARGUMENT, function, "buffer is NULL but capacity is not 0");
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!stage_or_start_ok(*found, stage, function)) return ESC_INVALID_ARGUMENT;
        const int wanted = subject_index(*found, subject, function);
        if (wanted == -2) return ESC_INVALID_ARGUMENT;
        std::vector<int> events;
        for (const auto* transition : exits_of(*found, stage)) {
            if (wanted >= 0 && transition->subject >= 0 && transition->subject != wanted) continue;
            bool seen = false;
            for (const int event : events) seen = seen || event == transition->event;
            if (!seen) events.push_back(transition->event);
        }
        for (std::size_t i = 0; i < events.size() && i < capacity; ++i)
            buffer[i] = found->events().at(static_cast<std::size_t>(events[i])).c_str();
        *count = events.size();
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_tier_get(const esc_engine* engine, int32_t pathway, int32_t tier,
                                           const char* subject, esc_tier_info* out) {
    constexpr const char* function = "esc_pathway_tier_get";
    return guarded(function, [&] {
        const escalate::Pathway* found = pathway_for(engine, out, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!index_ok(tier, found->tiers().size(), function, "tier")) return ESC_INVALID_ARGUMENT;
        const int wanted = subject_index(*found, subject, function);
        if (wanted == -2) return ESC_INVALID_ARGUMENT;
        const auto& compiled = found->tiers()[static_cast<std::size_t>(tier)];
        auto info = zeroed<esc_tier_info>();
        info.id = compiled.id.c_str();
        info.name = found->tier_name(tier, wanted).c_str();
        info.clause = compiled.clause.c_str();
        write_sized(out, info);
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_outcome_get(const esc_engine* engine, int32_t pathway, int32_t outcome,
                                              esc_outcome_info* out) {
    constexpr const char* function = "esc_pathway_outcome_get";
    return guarded(function, [&] {
        const escalate::Pathway* found = pathway_for(engine, out, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!index_ok(outcome, found->outcomes().size(), function, "outcome")) return ESC_INVALID_ARGUMENT;
        const auto& compiled = found->outcomes()[static_cast<std::size_t>(outcome)];
        auto info = zeroed<esc_outcome_info>();
        info.id = compiled.id.c_str();
        info.name = compiled.name.c_str();
        info.kind = outcome_code(compiled.kind);
        info.clause = compiled.clause.c_str();
        info.action_count = static_cast<int32_t>(compiled.actions.size());
        write_sized(out, info);
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_outcome_action_get(const esc_engine* engine, int32_t pathway, int32_t outcome,
                                                     int32_t index, esc_obligation_info* out,
                                                     esc_deadline_info* deadline) {
    constexpr const char* function = "esc_pathway_outcome_action_get";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (!out_ok(out, function)) return ESC_INVALID_ARGUMENT;
        if (!deadline_ok(deadline, function)) return ESC_INVALID_ARGUMENT;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!index_ok(outcome, found->outcomes().size(), function, "outcome")) return ESC_INVALID_ARGUMENT;
        return write_obligation(found->outcomes()[static_cast<std::size_t>(outcome)].actions, index, function,
                                "action", out, deadline);
    });
}

extern "C" esc_status esc_pathway_limit_get(const esc_engine* engine, int32_t pathway, int32_t limit,
                                            esc_limit_info* out) {
    constexpr const char* function = "esc_pathway_limit_get";
    return guarded(function, [&] {
        const escalate::Pathway* found = pathway_for(engine, out, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!index_ok(limit, found->limits().size(), function, "limit")) return ESC_INVALID_ARGUMENT;
        const auto& compiled = found->limits()[static_cast<std::size_t>(limit)];
        auto info = zeroed<esc_limit_info>();
        info.id = compiled.id.c_str();
        info.name = compiled.name.c_str();
        info.working_days = compiled.working_days;
        info.clause = compiled.clause.c_str();
        info.force = force_code(compiled.force);
        info.reading = compiled.reading.c_str();
        write_sized(out, info);
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_event_id(const esc_engine* engine, int32_t pathway, int32_t event,
                                           const char** out) {
    constexpr const char* function = "esc_pathway_event_id";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!index_ok(event, found->events().size(), function, "event")) return ESC_INVALID_ARGUMENT;
        *out = found->events()[static_cast<std::size_t>(event)].c_str();
        return ESC_OK;
    });
}
