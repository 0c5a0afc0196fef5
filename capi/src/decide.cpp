// esc_decide: a query in, the next stage, tier, due date, steps and actions out, plus the
// working behind the due date so callers (the CLI's --explain) can show why.
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "boundary.hpp"
#include "escalate/errors.hpp"
#include "checks.hpp"
#include "escalate.h"
#include "handles.hpp"
#include "struct_sizes.hpp"

using escalate::capi::fail;
using escalate::capi::guarded;
using escalate::capi::require;
using escalate::capi::size_ok;
using escalate::capi::anchor_code;
using escalate::capi::deadline_kind_code;
using escalate::capi::force_code;
using escalate::capi::outcome_code;

namespace {

using escalate::capi::decision_first_release_size;
using escalate::capi::obligation_first_release_size;
using escalate::capi::query_first_release_size;
using escalate::capi::due_rule_code;
using escalate::capi::source_code;
using escalate::capi::update_caller_struct;

std::string_view view(const char* text) noexcept {
    return text ? std::string_view(text) : std::string_view();
}

// Inline, so that where the answer follows (esc_decide's fill) the stores it overwrites are dropped.
inline void reset_fields(esc_decision& decision) noexcept {
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
    // Fields since 1.1 exist only in callers whose size covers them.
    const std::size_t size = decision.size;
    auto covers = [size](std::size_t offset, std::size_t width) { return size >= offset + width; };
    if (covers(offsetof(esc_decision, force), sizeof(esc_force))) decision.force = ESC_FORCE_MUST;
    if (covers(offsetof(esc_decision, overdue), sizeof(int32_t))) decision.overdue = 0;
    if (covers(offsetof(esc_decision, side_track), sizeof(int32_t))) decision.side_track = 0;
    if (covers(offsetof(esc_decision, deadline_hours), sizeof(int32_t))) decision.deadline_hours = 0;
    if (covers(offsetof(esc_decision, roll), sizeof(int32_t))) decision.roll = 0;
    if (covers(offsetof(esc_decision, waits_for), sizeof(const char*))) decision.waits_for = nullptr;
    if (covers(offsetof(esc_decision, timescale_reading), sizeof(const char*))) decision.timescale_reading = nullptr;
    if (covers(offsetof(esc_decision, limit_reading), sizeof(const char*))) decision.limit_reading = nullptr;
}

/// One answer per thread, reused: its steps and actions keep their storage, so a decision
/// allocates nothing once the thread has made one (docs/performance.md). Not inlined, so the
/// thread_local is reached once per call: inlined, the compiler recomputes its address (a call
/// to __tls_get_addr in a shared library) at every use, measured nine times per esc_decide.
/// Null once the thread's destructors have run (a call from a static destructor or an atexit
/// handler): the caller then answers in a Decision of its own. Held through a trivially
/// destructible pointer for that reason (as esc_last_error's storage, boundary.cpp).
struct ReusableDecision {
    escalate::Decision* decision = nullptr;
    bool exiting = false;
};
thread_local ReusableDecision reusable;

struct ReusableDecisionOwner {
    ~ReusableDecisionOwner() {
        delete reusable.decision;
        reusable = ReusableDecision{nullptr, true};
    }
};
thread_local ReusableDecisionOwner reusable_owner;

[[gnu::noinline]] escalate::Decision* reusable_decision() {
    ReusableDecision& slot = reusable;
    if (slot.decision || slot.exiting) return slot.decision;
    slot.decision = new escalate::Decision;  // may throw bad_alloc: the caller's catch reports it
    ReusableDecisionOwner& owner = reusable_owner;  // registers the delete at thread exit
    (void)owner;
    return slot.decision;
}

/// Copies obligations into a caller buffer whose elements are `stride` bytes apart (the
/// caller's sizeof(esc_obligation), at least the first released layout). memcpy keeps this
/// correct whatever the caller's element size.
void write_obligations(const std::vector<escalate::ObligationDue>& source, esc_obligation* buffer,
                       std::size_t capacity, std::size_t stride) noexcept {
    if (!buffer) return;
    const std::size_t written = source.size() < capacity ? source.size() : capacity;
    const std::size_t bytes = stride < sizeof(esc_obligation) ? stride : sizeof(esc_obligation);
    for (std::size_t i = 0; i < written; ++i) {
        const escalate::ObligationDue& due = source[i];
        const escalate::Pathway::Obligation& obligation = *due.obligation;
        esc_obligation element{};
        element.id = obligation.id.c_str();
        element.name = due.name ? due.name->c_str() : obligation.name.c_str();
        element.clause = obligation.clause.c_str();
        element.due = due.due;
        element.deadline_kind = deadline_kind_code(obligation.deadline.kind);
        element.deadline_days = obligation.deadline.days;
        element.anchor = anchor_code(obligation.deadline.anchor);
        element.due_rule = due.working.status == escalate::DueStatus::past_calendar_end
                               ? ESC_DUE_RULE_PAST_CALENDAR_END
                               : due_rule_code(due.working.rule);
        element.force = force_code(due.force);
        element.source = source_code(due.source);
        element.deadline_hours = obligation.deadline.hours;
        element.roll = obligation.deadline.roll_to_working_day ? 1 : 0;
        element.anchor_date = due.working.anchor.value_or(ESC_NO_DATE);
        element.waits_for =
            obligation.deadline.anchor == escalate::Anchor::on_event ? obligation.deadline.on.c_str() : nullptr;
        unsigned char* target = reinterpret_cast<unsigned char*>(buffer) + i * stride;
        // A constant size (the usual case, a caller built against this header) is copied
        // inline; an older caller's shorter element by the general memcpy.
        if (bytes == sizeof element) std::memcpy(target, &element, sizeof element);
        else std::memcpy(target, &element, bytes);
    }
}

}  // namespace

extern "C" esc_status esc_decide(const esc_engine* engine, const esc_query* query,
                                 esc_decision* decision) {
    constexpr const char* function = "esc_decide";
    const esc_status status = guarded(function, [&] {
        if (esc_status s = require(decision, function, "decision is NULL")) return s;
        if (!size_ok(decision->size, decision_first_release_size, function, "decision"))
            return ESC_INVALID_ARGUMENT;
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
        if (query->size >= offsetof(esc_query, entered) + sizeof(esc_date)) request.entered = query->entered;
        if (query->size >= offsetof(esc_query, version) + sizeof(const char*)) request.version = view(query->version);

        // A Decision of its own only when the thread is exiting (a null pointer costs nothing
        // here; an empty std::optional<Decision> was zeroed on every call).
        std::unique_ptr<escalate::Decision> own;
        escalate::Decision* reused = reusable_decision();
        if (!reused) {
            own = std::make_unique<escalate::Decision>();
            reused = own.get();
        }
        escalate::Decision& answer = *reused;
        try {
            engine->engine->decide(request, answer);
        } catch (const escalate::OutOfRangeError& error) {
            // The usual cause: a zeroed struct, whose started (0) is 1970-01-01.
            if (query->started != 0) throw;
            throw escalate::OutOfRangeError(std::string(error.what()) +
                                            "; query->started is 0, which is the date 1970-01-01, not "
                                            "\"no date\": set it to ESC_NO_DATE when starting a pathway "
                                            "(ESC_QUERY_INIT does)");
        }
        const escalate::Pathway& pathway = *answer.pathway;

        // Written through update_caller_struct: only the bytes the caller's layout has, so a
        // future, longer esc_decision never writes past an older caller's struct. Nothing in
        // the fill throws, so the reset struct is never left half written.
        update_caller_struct(decision, [&](esc_decision& out) noexcept {
            reset_fields(out);  // then the answer over it: one pass over the caller's struct
            out.pathway_index = answer.pathway_index;
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
            out.force = force_code(answer.force);
            out.overdue = answer.overdue ? 1 : 0;
            out.side_track = answer.side_track ? 1 : 0;
            out.timescale_reading = "";
            out.limit_reading = "";
            out.step_count = answer.steps.size();
            out.action_count = answer.actions.size();
            if (answer.target.terminal) {
                const auto& outcome = pathway.outcomes()[static_cast<std::size_t>(answer.target.index)];
                out.outcome_kind = outcome_code(outcome.kind);
                out.clause = outcome.clause.c_str();
            } else {
                const auto& stage = pathway.stages()[static_cast<std::size_t>(answer.target.index)];
                out.stage_index = answer.target.index;
                out.clause = stage.clause.c_str();
                out.deadline_kind = deadline_kind_code(stage.deadline.kind);
                out.deadline_days = stage.deadline.days;
                out.anchor = anchor_code(stage.deadline.anchor);
                out.deadline_hours = stage.deadline.hours;
                out.roll = stage.deadline.roll_to_working_day ? 1 : 0;
                out.waits_for = stage.deadline.anchor == escalate::Anchor::on_event ? stage.deadline.on.c_str() : nullptr;
                out.timescale_reading = stage.deadline.reading.c_str();
                out.limit_reading = "";
                // Copied from the engine's working, never recomputed (docs/semantics.md).
                out.timescale_due = answer.working.own.value_or(ESC_NO_DATE);
                if (stage.limit >= 0) {
                    const auto& limit = pathway.limits()[static_cast<std::size_t>(stage.limit)];
                    out.limit_id = limit.id.c_str();
                    out.limit_name = limit.name.c_str();
                    out.limit_working_days = limit.working_days;
                    out.limit_reading = limit.reading.c_str();
                    out.limit_due = answer.working.limit.value_or(ESC_NO_DATE);
                }
            }
        });
        write_obligations(answer.steps, decision->steps, decision->steps_capacity,
                          decision->obligation_size);
        write_obligations(answer.actions, decision->actions, decision->actions_capacity,
                          decision->obligation_size);
        return ESC_OK;
    });
    // Any failure leaves the reset answer, written only once size_ok: no byte past the
    // caller's size is touched.
    if (status != ESC_OK && decision && decision->size >= decision_first_release_size)
        update_caller_struct(decision, reset_fields);
    return status;
}
