// The one evaluator of due dates (docs/semantics.md). Every entry point takes its dates from
// here: Engine::decide and Engine::due directly, the bulk tables by running it for every date
// of a calendar, the careful bulk path row by row, and the C layer by copying Engine::decide.
// Inline and allocation-free, because the bulk tables call it for every date of a calendar.
// Private to the engine.
#pragma once

#include <optional>

#include "escalate/calendar.hpp"
#include "escalate/due.hpp"
#include "escalate/pathway.hpp"

// Inlined into the bulk tables' loops, where the rule's kind is a constant and the other
// branches fold away (measured: engine loading 10-15% faster, docs/performance.md).
#if defined(__GNUC__)
#define ESCALATE_EVALUATOR_INLINE inline __attribute__((always_inline))
#else
#define ESCALATE_EVALUATOR_INLINE inline
#endif

namespace escalate::evaluate {

/// What a clock may count from. A date is no_date when it is not known.
struct AnchorDates {
    Date entered = no_date;   // the stage entry, or for an event's obligations the event's date
    Date started = no_date;   // the outset of the pathway
    Date previous = no_date;  // previous_step: the due date of the step before (steps only)
    Date on_event = no_date;  // on_event: the day the named step, action or event happened
};

/// A clock's own date before any limit.
struct OwnDue {
    enum class State { none, waiting, needs_start, date, past_end } state = State::none;
    Date anchor = no_date;
    Date date = no_date;
};

/// The date a clock gives from its anchor (docs/semantics.md, "Counting"). A date the calendar
/// (or the years 1400-9999) cannot hold is past_end, never an exception.
ESCALATE_EVALUATOR_INLINE OwnDue own_due(const Calendar& calendar, const Clock& clock, const AnchorDates& dates) noexcept {
    OwnDue out;
    if (clock.kind == DeadlineKind::none) return out;
    switch (clock.anchor) {
        case Anchor::stage_entry: out.anchor = dates.entered; break;
        case Anchor::pathway_start: out.anchor = dates.started; break;
        case Anchor::previous_step: out.anchor = dates.previous; break;
        case Anchor::on_event: out.anchor = dates.on_event; break;
    }
    if (out.anchor == no_date) {
        out.state = clock.anchor == Anchor::pathway_start ? OwnDue::State::needs_start : OwnDue::State::waiting;
        return out;
    }
    std::optional<Date> due;
    switch (clock.kind) {
        case DeadlineKind::working_days: due = calendar.try_add_working_days(out.anchor, clock.days); break;
        case DeadlineKind::immediately: due = out.anchor; break;
        case DeadlineKind::calendar_days:
        case DeadlineKind::hours: {
            const Date date = out.anchor + clock.days;
            if (clock.roll_to_working_day) due = calendar.try_next_working_day(date);
            else if (is_representable(date)) due = date;
            break;
        }
        case DeadlineKind::none: break;
    }
    out.state = due ? OwnDue::State::date : OwnDue::State::past_end;
    out.date = due ? *due : no_date;
    return out;
}

/// A cap on a clock: an overall limit's date, or for a step the limit that brought its stage
/// forward. past_end: the cap exists but lies past the calendar's end.
struct Cap {
    bool present = false;
    bool past_end = false;
    bool needs_start = false;  // a limit, but no outset to count it from
    Date date = no_date;
};

ESCALATE_EVALUATOR_INLINE Cap limit_cap(const Calendar& calendar, int limit_days, Date started) noexcept {
    Cap cap;
    if (limit_days < 0) return cap;
    cap.present = true;
    if (started == no_date) {
        cap.needs_start = true;
        return cap;
    }
    const auto date = calendar.try_add_working_days(started, limit_days);
    cap.past_end = !date;
    cap.date = date ? *date : no_date;
    return cap;
}

/// The earlier of a clock and its cap (docs/semantics.md, "Limits" and "Calendar ends"): a
/// rule whose date lies past the calendar's end matters only when it would decide.
ESCALATE_EVALUATOR_INLINE DueWorking evaluate(const Calendar& calendar, const Clock& clock, const AnchorDates& dates,
                           const Cap& cap) noexcept {
    DueWorking w;
    const OwnDue own = own_due(calendar, clock, dates);
    if (own.anchor != no_date) w.anchor = own.anchor;
    if (own.state == OwnDue::State::date) w.own = own.date;
    if (cap.present && cap.date != no_date) w.limit = cap.date;
    if (own.state == OwnDue::State::needs_start || cap.needs_start) {
        w.status = DueStatus::needs_start;
        return w;
    }
    auto decide_by_own = [&] {
        switch (own.state) {
            case OwnDue::State::none: w.rule = DueRule::none; break;
            case OwnDue::State::waiting: w.rule = DueRule::waiting; break;
            case OwnDue::State::date: w.rule = DueRule::stage_timescale; w.due = own.date; break;
            case OwnDue::State::past_end: w.status = DueStatus::past_calendar_end; w.rule = DueRule::stage_timescale; break;
            case OwnDue::State::needs_start: w.status = DueStatus::needs_start; break;
        }
    };
    if (!cap.present) {
        decide_by_own();
    } else if (!cap.past_end) {
        // The cap is a real date: it decides unless the clock's own date is no later.
        if (own.state == OwnDue::State::date && own.date <= cap.date) {
            decide_by_own();
        } else {
            w.rule = DueRule::overall_limit;
            w.due = cap.date;
        }
    } else if (own.state == OwnDue::State::date && own.date <= calendar.last_date()) {
        decide_by_own();  // the cap lies past the end, so after this date
    } else {
        // Nothing earlier than the cap, which cannot be given: the answer lies past the end.
        w.status = DueStatus::past_calendar_end;
        w.rule = DueRule::overall_limit;
    }
    return w;
}

/// A stage's due date: its own timescale against the overall limit covering it.
ESCALATE_EVALUATOR_INLINE DueWorking stage_due(const Calendar& calendar, const StageRule& rule, const AnchorDates& dates) noexcept {
    return evaluate(calendar, rule, dates, limit_cap(calendar, rule.limit_days, dates.started));
}

/// A step cannot outlast its stage: when an overall limit brings the stage forward, it brings
/// the stage's steps forward with it (docs/semantics.md, "Overall limits"). The cap a stage's
/// working puts on its steps.
inline Cap step_cap(const DueWorking& stage) noexcept {
    Cap cap;
    if (stage.rule == DueRule::overall_limit && stage.due) {
        cap.present = true;
        cap.date = *stage.due;
    }
    return cap;
}

/// The force of an obligation's due date: its own deadline's, unless its stage's limit decided
/// it, in which case the stage's (docs/semantics.md, "Force").
inline Force obligation_force(const DueWorking& w, Force own, Force stage) noexcept {
    return w.rule == DueRule::overall_limit ? stage : own;
}

}  // namespace escalate::evaluate
