// esc_decide: a query in, the next stage, tier, due date, steps and actions out, plus the
// working behind the due date so callers (the CLI's --explain) can show why.
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "boundary.hpp"
#include "escalate/errors.hpp"
#include "checks.hpp"
#include "escalate.h"
#include "handles.hpp"

using escalate::capi::fail;
using escalate::capi::guarded;
using escalate::capi::require;
using escalate::capi::size_ok;
using escalate::capi::anchor_code;
using escalate::capi::deadline_kind_code;
using escalate::capi::outcome_code;

namespace {

// The sizes of the first released layouts: callers compiled against ABI 1 send at least these.
constexpr std::size_t query_first_release_size = offsetof(esc_query, started) + sizeof(esc_date);
constexpr std::size_t decision_first_release_size =
    offsetof(esc_decision, transition_clause) + sizeof(const char*);
constexpr std::size_t obligation_first_release_size =
    offsetof(esc_obligation, anchor) + sizeof(int32_t);

std::string_view view(const char* text) noexcept {
    return text ? std::string_view(text) : std::string_view();
}

int32_t due_rule_code(escalate::DueRule rule) noexcept {
    switch (rule) {
        case escalate::DueRule::none: return ESC_DUE_RULE_NONE;
        case escalate::DueRule::stage_timescale: return ESC_DUE_RULE_STAGE_TIMESCALE;
        case escalate::DueRule::overall_limit: return ESC_DUE_RULE_OVERALL_LIMIT;
    }
    return ESC_DUE_RULE_NONE;
}

/// The due date the stage's own timescale gives, before any overall limit.
escalate::Date own_timescale_due(const escalate::DeadlineDefinition& deadline,
                                 escalate::Date anchor_date, const escalate::Calendar& calendar) {
    if (anchor_date == escalate::no_date) return escalate::no_date;
    switch (deadline.kind) {
        case escalate::DeadlineKind::none: return escalate::no_date;
        case escalate::DeadlineKind::immediately: return anchor_date;
        case escalate::DeadlineKind::working_days:
            return calendar.add_working_days(anchor_date, deadline.days);
        case escalate::DeadlineKind::calendar_days: return anchor_date + deadline.days;
    }
    return escalate::no_date;
}

void reset_outputs(esc_decision& decision) noexcept {
    decision.step_count = 0;
    decision.action_count = 0;
    decision.stage = nullptr;
    decision.stage_name = nullptr;
    decision.tier = nullptr;
    decision.tier_name = nullptr;
    decision.terminal = 0;
    decision.outcome_kind = ESC_OUTCOME_NONE;
    decision.due = ESC_NO_DATE;
    decision.pathway_index = -1;
    decision.stage_index = -1;
    decision.entered = ESC_NO_DATE;
    decision.started = ESC_NO_DATE;
    decision.due_rule = ESC_DUE_RULE_NONE;
    decision.deadline_kind = ESC_DEADLINE_NONE;
    decision.deadline_days = 0;
    decision.anchor = ESC_ANCHOR_STAGE_ENTRY;
    decision.anchor_date = ESC_NO_DATE;
    decision.timescale_due = ESC_NO_DATE;
    decision.limit_id = nullptr;
    decision.limit_name = nullptr;
    decision.limit_working_days = 0;
    decision.limit_due = ESC_NO_DATE;
    decision.calendar = nullptr;
    decision.clause = nullptr;
    decision.transition_clause = nullptr;
}

/// Copies obligations into a caller buffer whose elements are `stride` bytes apart (the
/// caller's sizeof(esc_obligation), at least the first released layout). memcpy keeps this
/// correct whatever the caller's element size.
void write_obligations(const std::vector<escalate::ObligationDue>& source, esc_obligation* buffer,
                       std::size_t capacity, std::size_t stride) noexcept {
    if (!buffer) return;
    const std::size_t written = source.size() < capacity ? source.size() : capacity;
    for (std::size_t i = 0; i < written; ++i) {
        const escalate::Pathway::Obligation& obligation = *source[i].obligation;
        esc_obligation element;
        std::memset(&element, 0, sizeof element);
        element.id = obligation.id.c_str();
        element.name = obligation.name.c_str();
        element.clause = obligation.clause.c_str();
        element.due = source[i].due;
        element.deadline_kind = deadline_kind_code(obligation.deadline.kind);
        element.deadline_days = obligation.deadline.days;
        element.anchor = anchor_code(obligation.deadline.anchor);
        std::memcpy(reinterpret_cast<unsigned char*>(buffer) + i * stride, &element,
                    obligation_first_release_size);
    }
}

}  // namespace

extern "C" esc_status esc_decide(const esc_engine* engine, const esc_query* query,
                                 esc_decision* decision) {
    constexpr const char* function = "esc_decide";
    return guarded(function, [&] {
        if (esc_status s = require(decision, function, "decision is NULL")) return s;
        if (!size_ok(decision->size, decision_first_release_size, function, "decision"))
            return ESC_INVALID_ARGUMENT;
        reset_outputs(*decision);
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(query, function, "query is NULL")) return s;
        if (!size_ok(query->size, query_first_release_size, function, "query"))
            return ESC_INVALID_ARGUMENT;
        if (!query->pathway || !*query->pathway)
            return fail(ESC_INVALID_ARGUMENT, function, "query->pathway is NULL or empty");
        if (!escalate::capi::date_given(query->at, function, "query->at"))
            return ESC_INVALID_ARGUMENT;
        if (query->stage && *query->stage && (!query->event || !*query->event))
            return fail(ESC_INVALID_ARGUMENT, function,
                        "query->event is required with query->stage (\"resolved\", "
                        "\"unresolved\", \"immediate-risk\" or one the pathway declares)");
        const bool buffers_given = (decision->steps && decision->steps_capacity > 0) ||
                                   (decision->actions && decision->actions_capacity > 0);
        if (buffers_given && decision->obligation_size < obligation_first_release_size)
            return fail(ESC_INVALID_ARGUMENT, function,
                        "decision->obligation_size must be set to sizeof(esc_obligation) when "
                        "step or action buffers are given");

        escalate::Query request;
        request.pathway = query->pathway;
        request.stage = view(query->stage);
        request.event = view(query->event);
        request.subject = view(query->subject);
        request.at = query->at;
        request.started = query->started;

        const escalate::Decision answer = [&] {
            try {
                return engine->engine->decide(request);
            } catch (const escalate::OutOfRangeError& error) {
                // The usual cause: a zeroed struct, whose started (0) is 1970-01-01.
                if (query->started != 0) throw;
                throw escalate::OutOfRangeError(std::string(error.what()) +
                                                "; query->started is 0, which is the date 1970-01-01, not "
                                                "\"no date\": set it to ESC_NO_DATE when starting a pathway "
                                                "(ESC_QUERY_INIT does)");
            }
        }();
        const escalate::Pathway& pathway = *answer.pathway;

        // Everything that can throw happens before the first write below.
        // Copy only the bytes the caller's layout has, so a future, longer esc_decision never
        // writes past an older caller's struct.
        const std::size_t caller_size =
            decision->size < sizeof(esc_decision) ? decision->size : sizeof(esc_decision);
        esc_decision out;
        std::memset(&out, 0, sizeof out);
        std::memcpy(&out, decision, caller_size);
        out.pathway_index = engine->engine->find_pathway(pathway.id());
        out.stage = answer.id ? answer.id->c_str() : nullptr;
        out.stage_name = answer.name ? answer.name->c_str() : nullptr;
        out.tier = answer.tier ? answer.tier->c_str() : nullptr;
        out.tier_name = answer.tier_name ? answer.tier_name->c_str() : nullptr;
        out.terminal = answer.target.terminal ? 1 : 0;
        out.due = answer.due;
        out.entered = answer.entered;
        out.started = answer.started;
        out.due_rule = due_rule_code(answer.due_rule);
        out.anchor_date = answer.anchor_date;
        out.calendar = pathway.calendar().id().c_str();
        out.transition_clause = answer.transition ? answer.transition->clause.c_str() : "";
        out.step_count = answer.steps.size();
        out.action_count = answer.actions.size();
        if (answer.target.terminal) {
            const auto& outcome = pathway.outcomes().at(static_cast<std::size_t>(answer.target.index));
            out.outcome_kind = outcome_code(outcome.kind);
            out.clause = outcome.clause.c_str();
        } else {
            const auto& stage = pathway.stages().at(static_cast<std::size_t>(answer.target.index));
            out.stage_index = answer.target.index;
            out.clause = stage.clause.c_str();
            out.deadline_kind = deadline_kind_code(stage.deadline.kind);
            out.deadline_days = stage.deadline.days;
            out.anchor = anchor_code(stage.deadline.anchor);
            out.timescale_due = own_timescale_due(stage.deadline, answer.anchor_date, pathway.calendar());
            if (stage.limit >= 0) {
                const auto& limit = pathway.limits().at(static_cast<std::size_t>(stage.limit));
                out.limit_id = limit.id.c_str();
                out.limit_name = limit.name.c_str();
                out.limit_working_days = limit.working_days;
                if (answer.started != escalate::no_date)
                    out.limit_due =
                        pathway.calendar().add_working_days(answer.started, limit.working_days);
            }
        }

        std::memcpy(decision, &out, caller_size);
        write_obligations(answer.steps, decision->steps, decision->steps_capacity,
                          decision->obligation_size);
        write_obligations(answer.actions, decision->actions, decision->actions_capacity,
                          decision->obligation_size);
        return ESC_OK;
    });
}
