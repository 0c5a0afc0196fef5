// The working behind a due date, as the one evaluator gives it (docs/semantics.md): the date,
// the rule that decided it, what it counted from, and each rule's own date.
#pragma once

#include <optional>

#include "escalate/date.hpp"

namespace escalate {

/// Which rule set a due date.
enum class DueRule {
    none,           // no timescale: no due date
    stage_timescale,  // the element's own timescale (a stage's, step's or action's)
    overall_limit,  // capped by an overall limit from the outset (for a step: its stage's)
    waiting,        // counts from something that has not happened yet (anchor on:ID)
};

enum class DueStatus {
    ok,
    past_calendar_end,  // the deciding rule's date lies past the calendar's end (or year 9999)
    needs_start,        // a rule counts from the outset and none was given
};

struct DueWorking {
    DueStatus status = DueStatus::ok;
    DueRule rule = DueRule::none;
    std::optional<Date> due;     // empty: no timescale, waiting, or status not ok
    std::optional<Date> anchor;  // what the own timescale counted from
    std::optional<Date> own;     // the own timescale's date; empty when none or past the end
    std::optional<Date> limit;   // the cap's date; empty when none or past the end
};

}  // namespace escalate
