#include "checks.hpp"

#include <string>

namespace escalate::capi {

const Pathway* pathway_at(const esc_engine& handle, std::int32_t index, const char* function) noexcept {
    const auto& pathways = handle.engine->pathways();
    if (index < 0 || static_cast<std::size_t>(index) >= pathways.size()) {
        fail(ESC_INVALID_ARGUMENT, function, "pathway index out of range");
        return nullptr;
    }
    return pathways[static_cast<std::size_t>(index)].get();
}

const Pathway::Stage* stage_at(const Pathway& pathway, std::int32_t index,
                               const char* function) noexcept {
    const auto& stages = pathway.stages();
    if (index < 0 || static_cast<std::size_t>(index) >= stages.size()) {
        fail(ESC_INVALID_ARGUMENT, function, "stage index out of range for pathway ", pathway.id());
        return nullptr;
    }
    return &stages[static_cast<std::size_t>(index)];
}

bool size_ok(std::uint32_t size, std::size_t first_release_size, const char* function,
             const char* struct_name) noexcept {
    if (size >= first_release_size) return true;
    fail(ESC_INVALID_ARGUMENT, function, struct_name,
         "->size is smaller than any released layout; set it to sizeof the struct");
    return false;
}

bool date_given(esc_date date, const char* function, const char* name) noexcept {
    if (date != ESC_NO_DATE) return true;
    fail(ESC_INVALID_ARGUMENT, function, name, " is ESC_NO_DATE; a date is required");
    return false;
}

int32_t deadline_kind_code(DeadlineKind kind) noexcept {
    switch (kind) {
        case DeadlineKind::none: return ESC_DEADLINE_NONE;
        case DeadlineKind::immediately: return ESC_DEADLINE_IMMEDIATELY;
        case DeadlineKind::working_days: return ESC_DEADLINE_WORKING_DAYS;
        case DeadlineKind::calendar_days: return ESC_DEADLINE_CALENDAR_DAYS;
        case DeadlineKind::hours: return ESC_DEADLINE_HOURS;
    }
    return ESC_DEADLINE_NONE;
}

int32_t anchor_code(Anchor anchor) noexcept {
    switch (anchor) {
        case Anchor::stage_entry: return ESC_ANCHOR_STAGE_ENTRY;
        case Anchor::pathway_start: return ESC_ANCHOR_PATHWAY_START;
        case Anchor::previous_step: return ESC_ANCHOR_PREVIOUS_STEP;
        case Anchor::on_event: return ESC_ANCHOR_ON_EVENT;
    }
    return ESC_ANCHOR_STAGE_ENTRY;
}

int32_t outcome_code(OutcomeKind kind) noexcept {
    switch (kind) {
        case OutcomeKind::resolved: return ESC_OUTCOME_RESOLVED;
        case OutcomeKind::final_decision: return ESC_OUTCOME_FINAL_DECISION;
        case OutcomeKind::exit: return ESC_OUTCOME_EXIT;
    }
    return ESC_OUTCOME_NONE;
}

esc_force force_code(Force force) noexcept {
    switch (force) {
        case Force::must: return ESC_FORCE_MUST;
        case Force::should: return ESC_FORCE_SHOULD;
        case Force::expected: return ESC_FORCE_EXPECTED;
        case Force::usually: return ESC_FORCE_USUALLY;
    }
    return ESC_FORCE_MUST;
}

int32_t due_rule_code(DueRule rule) noexcept {
    switch (rule) {
        case DueRule::none: return ESC_DUE_RULE_NONE;
        case DueRule::stage_timescale: return ESC_DUE_RULE_STAGE_TIMESCALE;
        case DueRule::overall_limit: return ESC_DUE_RULE_OVERALL_LIMIT;
        case DueRule::waiting: return ESC_DUE_RULE_WAITING;
    }
    return ESC_DUE_RULE_NONE;
}

int32_t source_code(ObligationSource source) noexcept {
    switch (source) {
        case ObligationSource::stage: return ESC_FROM_STAGE;
        case ObligationSource::transition: return ESC_FROM_TRANSITION;
        case ObligationSource::outcome: return ESC_FROM_OUTCOME;
    }
    return ESC_FROM_STAGE;
}

}  // namespace escalate::capi
