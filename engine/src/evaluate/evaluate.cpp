// Answering queries: the next stage on an event, its tier, and its due dates (SPEC section 3).
#include <optional>
#include <string>
#include <variant>

#include "escalate/engine.hpp"
#include "escalate/errors.hpp"

namespace escalate {

namespace {

struct Due {
    Date date = no_date;
    DueRule rule = DueRule::none;
    Date anchor = no_date;
};

// The date a deadline falls due counted from `from`; no_date for no timescale.
Date apply(const Calendar& calendar, DeadlineKind kind, int days, Date from) {
    switch (kind) {
        case DeadlineKind::working_days: return calendar.add_working_days(from, days);
        case DeadlineKind::calendar_days: return from + days;
        case DeadlineKind::immediately: return from;
        case DeadlineKind::none: return no_date;
    }
    return no_date;
}

Date require_started(Date started, const Pathway& pathway, const std::string& stage) {
    if (started == no_date) {
        throw InvalidArgumentError("stage \"" + stage + "\" of pathway \"" + pathway.id() +
                                   "\" counts from the outset of the disagreement; give the date the pathway started");
    }
    return started;
}

// A due date past the calendar's last day: kept apart from a real date so that the earlier of a
// stage's own timescale and its overall limit is still found when only one of them runs past.
struct Beyond {
    std::string message;
};

std::variant<Date, Beyond> apply_within(const Calendar& calendar, DeadlineKind kind, int days, Date from) {
    try {
        return apply(calendar, kind, days, from);
    } catch (const OutOfRangeError& error) {
        return Beyond{error.what()};
    }
}

Due stage_due(const Pathway& pathway, int stage, Date entered, Date started) {
    const StageRule& rule = pathway.rules()[stage];
    const Calendar& calendar = pathway.calendar();
    Due due;
    std::optional<Beyond> beyond;
    if (rule.kind != DeadlineKind::none) {
        due.anchor = rule.anchor == Anchor::pathway_start
                         ? require_started(started, pathway, pathway.stages()[stage].id)
                         : entered;
        const auto own = apply_within(calendar, rule.kind, rule.days, due.anchor);
        if (const Date* date = std::get_if<Date>(&own)) {
            due.date = *date;
            due.rule = DueRule::stage_timescale;
        } else {
            beyond = std::get<Beyond>(own);
        }
    }
    if (rule.limit_days >= 0) {
        const Date outset = require_started(started, pathway, pathway.stages()[stage].id);
        const auto limit = apply_within(calendar, DeadlineKind::working_days, rule.limit_days, outset);
        if (const Date* date = std::get_if<Date>(&limit)) {
            // The limit falls inside the calendar; an own timescale beyond it is later still.
            if (due.date == no_date || *date < due.date) {
                due.date = *date;
                due.rule = DueRule::overall_limit;
            }
            beyond.reset();
        } else if (due.date == no_date && !beyond) {
            beyond = std::get<Beyond>(limit);  // no timescale of its own: the limit was the answer
        }
    }
    if (beyond) throw OutOfRangeError(beyond->message);
    return due;
}

void check_date(const Calendar& calendar, Date date, const char* what) {
    if (!calendar.covers(date)) {
        throw OutOfRangeError(std::string("the ") + what + " " + format_iso_date(date) + " is outside calendar \"" +
                              calendar.id() + "\", which covers " + format_iso_date(calendar.first_date()) + " to " +
                              format_iso_date(calendar.last_date()));
    }
}

std::string events_from(const Pathway& pathway, int stage) {
    std::string out;
    for (const auto& t : pathway.transitions()) {
        if (t.from != stage) continue;
        const std::string& e = pathway.events()[t.event];
        if (out.find(e) == std::string::npos) out += (out.empty() ? "" : ", ") + e;
    }
    return out.empty() ? "none" : out;
}

}  // namespace

Decision Engine::decide(const Query& query) const {
    const Pathway& p = pathway(query.pathway);
    const Calendar& calendar = p.calendar();
    int subject = -1;
    if (!query.subject.empty()) {
        subject = p.find_subject(query.subject);
        if (subject < 0) {
            std::string known;
            for (const auto& s : p.subjects()) known += (known.empty() ? "" : " and ") + s;
            throw InvalidArgumentError("pathway \"" + p.id() + "\" does not cover subject \"" + std::string(query.subject) +
                                       "\"; it covers " + known);
        }
    }
    if (query.at == no_date) throw InvalidArgumentError("the date of the event is required");
    check_date(calendar, query.at, "date of the event");
    Date started = query.started;
    if (started != no_date) {
        check_date(calendar, started, "start date");
        if (started > query.at) {
            throw InvalidArgumentError("the pathway start " + format_iso_date(started) + " is after the date of the event " +
                                       format_iso_date(query.at));
        }
    }

    int from = -1;
    if (!query.stage.empty()) {
        from = p.find_stage(query.stage);
        if (from < 0) {
            if (p.find_outcome(query.stage) >= 0) {
                throw NoTransitionError("\"" + std::string(query.stage) + "\" is a final outcome of pathway \"" + p.id() +
                                        "\"; nothing follows it");
            }
            std::string known;
            for (const auto& s : p.stages()) known += (known.empty() ? "" : ", ") + s.id;
            throw NotFoundError("pathway \"" + p.id() + "\" has no stage \"" + std::string(query.stage) + "\"; its stages are " + known);
        }
    } else if (started == no_date) {
        started = query.at;  // starting the pathway: the outset is the date of the event
    }

    Decision decision;
    decision.pathway = &p;
    decision.entered = query.at;
    decision.started = started;
    if (query.event.empty()) {
        if (from >= 0) {
            throw InvalidArgumentError("an event is required to move on from stage \"" + std::string(query.stage) +
                                       "\"; it takes " + events_from(p, from));
        }
        decision.target = {false, p.entry_stage()};
    } else {
        const int event = p.find_event(query.event);
        if (event < 0) {
            std::string known;
            for (const auto& e : p.events()) known += (known.empty() ? "" : ", ") + e;
            throw NotFoundError("pathway \"" + p.id() + "\" has no event \"" + std::string(query.event) + "\"; its events are " + known);
        }
        const Pathway::Transition* t = p.next(from, event, subject);
        if (!t) {
            if (subject < 0) {
                for (const auto& other : p.transitions()) {
                    if (other.from == from && other.event == event) {
                        throw InvalidArgumentError("the route on \"" + std::string(query.event) + "\" from " +
                                                   (from < 0 ? std::string("the start") : "stage \"" + std::string(query.stage) + "\"") +
                                                   " of pathway \"" + p.id() + "\" depends on the subject; give the subject (child or adult)");
                    }
                }
            }
            throw NoTransitionError((from < 0 ? std::string("the start") : "stage \"" + std::string(query.stage) + "\"") +
                                    " of pathway \"" + p.id() + "\" has no transition on \"" + std::string(query.event) +
                                    "\"; it takes " + events_from(p, from));
        }
        decision.transition = t;
        decision.target = t->target;
    }

    if (decision.target.terminal) {
        const auto& outcome = p.outcomes()[decision.target.index];
        decision.id = &outcome.id;
        decision.name = &outcome.name;
        return decision;
    }
    const int s = decision.target.index;
    const auto& stage = p.stages()[s];
    decision.id = &stage.id;
    decision.name = &stage.name;
    decision.tier = &p.tiers()[stage.tier].id;
    decision.tier_name = &p.tier_name(stage.tier, subject);
    const Due due = stage_due(p, s, query.at, started);
    decision.due = due.date;
    decision.due_rule = due.rule;
    decision.anchor_date = due.anchor;

    Date previous = query.at;
    decision.steps.reserve(stage.steps.size());
    for (const auto& step : stage.steps) {
        const auto& d = step.deadline;
        Date from_date = d.anchor == Anchor::pathway_start ? require_started(started, p, stage.id)
                         : d.anchor == Anchor::previous_step ? previous
                                                              : query.at;
        Date step_due = from_date == no_date ? no_date : apply(calendar, d.kind, d.days, from_date);
        // A step cannot outlast its stage: when an overall limit brings the stage forward, it
        // brings the stage's steps forward with it.
        if (due.rule == DueRule::overall_limit && (step_due == no_date || step_due > due.date)) step_due = due.date;
        decision.steps.push_back({&step, step_due});
        previous = step_due;
    }
    decision.actions.reserve(stage.actions.size());
    for (const auto& action : stage.actions) {
        const auto& d = action.deadline;
        const Date from_date = d.anchor == Anchor::pathway_start ? require_started(started, p, stage.id) : query.at;
        decision.actions.push_back({&action, apply(calendar, d.kind, d.days, from_date)});
    }
    return decision;
}

Date Engine::due(int pathway, int stage, Date entered, Date started) const {
    if (pathway < 0 || pathway >= static_cast<int>(pathways_.size())) {
        throw NotFoundError("pathway index " + std::to_string(pathway) + " is out of range; there are " +
                            std::to_string(pathways_.size()) + " pathways");
    }
    const Pathway& p = *pathways_[pathway];
    if (stage < 0 || stage >= static_cast<int>(p.stages().size())) {
        throw NotFoundError("stage index " + std::to_string(stage) + " is out of range for pathway \"" + p.id() +
                            "\", which has " + std::to_string(p.stages().size()) + " stages");
    }
    if (entered == no_date) throw InvalidArgumentError("the date the stage was entered is required");
    check_date(p.calendar(), entered, "date the stage was entered");
    if (started != no_date) {
        check_date(p.calendar(), started, "start date");
        if (started > entered) {
            throw InvalidArgumentError("the pathway start " + format_iso_date(started) + " is after the stage entry " +
                                       format_iso_date(entered));
        }
    }
    return stage_due(p, stage, entered, started).date;
}

}  // namespace escalate
