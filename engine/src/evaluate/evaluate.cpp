// Answering queries: the next stage on an event, its tier, and its due dates
// (docs/semantics.md), every date from the one evaluator (evaluate/due.hpp).
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "escalate/engine.hpp"
#include "escalate/errors.hpp"
#include "evaluate/due.hpp"

namespace escalate {

namespace {

using evaluate::AnchorDates;

[[noreturn]] void needs_start(const Pathway& pathway, const std::string& element) {
    throw InvalidArgumentError(element + " of pathway \"" + pathway.id() +
                               "\" counts from the outset of the disagreement; give the date the pathway started");
}

[[noreturn]] void past_end(const Pathway& pathway, const std::string& element, const DueWorking& w, Date entered,
                           Date started) {
    const Calendar& calendar = pathway.calendar();
    std::string what = w.rule == DueRule::overall_limit ? "its overall limit (counted from " + format_iso_date(started) + ")"
                                                        : "its own timescale (counted from " +
                                                              format_iso_date(w.anchor ? *w.anchor : entered) + ")";
    throw OutOfRangeError("the due date of " + element + " of pathway \"" + pathway.id() + "\" falls past " +
                          format_iso_date(calendar.last_date()) + ", the last date the " + calendar.id() +
                          " calendar covers (" + format_iso_date(calendar.first_date()) + " to " +
                          format_iso_date(calendar.last_date()) + "): " + what +
                          " runs past it; extend the calendar's range or use a nearer date");
}

// The stage's due date, or an exception saying why it has none it can give.
DueWorking stage_working(const Pathway& pathway, int stage, Date entered, Date started) {
    const DueWorking w =
        evaluate::stage_due(pathway.calendar(), pathway.rules()[stage], AnchorDates{entered, started, no_date, no_date});
    if (w.status == DueStatus::ok) return w;  // the message is built only when it is needed
    const std::string element = "stage \"" + pathway.stages()[stage].id + "\"";
    if (w.status == DueStatus::needs_start) needs_start(pathway, element);
    past_end(pathway, element, w, entered, started);
}

Force force_of(const Pathway& pathway, int stage, DueRule rule) {
    const auto& s = pathway.stages()[stage];
    return rule == DueRule::overall_limit && s.limit >= 0 ? pathway.limits()[s.limit].force : s.deadline.force;
}

[[noreturn]] void date_outside(const Calendar& calendar, Date date, const char* what) {
    throw OutOfRangeError(std::string("the ") + what + " " + format_iso_date(date) + " is outside calendar \"" +
                          calendar.id() + "\", which covers " + format_iso_date(calendar.first_date()) + " to " +
                          format_iso_date(calendar.last_date()));
}

// Inline: the check is two compares; only the message is built out of line.
inline void check_date(const Calendar& calendar, Date date, const char* what) {
    if (!calendar.covers(date)) [[unlikely]] date_outside(calendar, date, what);
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
    Decision decision;
    decide(query, decision);
    return decision;
}

void Engine::decide(const Query& query, Decision& decision) const {
    // The pathway is looked up once; its index travels with the answer. The version in force
    // on the outset (`started`, else the date of the event) answers, or the one named.
    const int latest = find_pathway(query.pathway);
    if (latest < 0) unknown_pathway(query.pathway);
    const Date outset = outset_of(query.at, query.started);
    int pathway_index = latest;
    if (!query.version.empty() || outset == no_date || version_in_force(latest, outset) != latest) {
        // Before every version, a date outside the calendar is still out of range first, said as ever.
        if (query.version.empty() && outset != no_date && version_in_force(latest, outset) < 0) {
            const Calendar& earliest = pathways_[static_cast<std::size_t>(versions_of(latest).first)]->calendar();
            if (query.at != no_date) check_date(earliest, query.at, "date of the event");
            if (query.started != no_date) check_date(earliest, query.started, "start date");
        }
        pathway_index = index_of(pathway(query.pathway, query.version, outset));
    }
    const Pathway& p = *pathways_[static_cast<std::size_t>(pathway_index)];
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

    // A fresh answer that keeps the storage of the steps and actions.
    // Copied from a constant, not from a temporary built on the stack: zeroing the temporary
    // and reading it straight back stalled (docs/performance.md).
    static const DecisionSummary empty_summary{};
    static_cast<DecisionSummary&>(decision) = empty_summary;
    decision.steps.clear();
    decision.actions.clear();
    decision.pathway = &p;
    decision.pathway_index = pathway_index;
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
        if (t->side_track()) {
            // The case stays where it is and its clock keeps running from the stage's entry.
            if (query.entered == no_date) {
                throw InvalidArgumentError("\"" + std::string(query.event) + "\" keeps the case at stage \"" +
                                           std::string(query.stage) + "\" of pathway \"" + p.id() +
                                           "\" (a side track); give the date the stage was entered");
            }
            check_date(calendar, query.entered, "date the stage was entered");
            if (query.entered > query.at || (started != no_date && query.entered < started)) {
                throw InvalidArgumentError("the stage entry " + format_iso_date(query.entered) +
                                           " must lie between the pathway start and the date of the event " +
                                           format_iso_date(query.at));
            }
            decision.side_track = true;
            decision.entered = query.entered;
        }
    }

    // An obligation "on:ID" whose ID is this query's event counts from its date; any other
    // waits (a single query has no case history).
    auto on_event = [&](const Pathway::Obligation& o) {
        return o.deadline.anchor == Anchor::on_event && o.deadline.on == query.event ? query.at : no_date;
    };
    auto obligation = [&](const Pathway::Obligation& o, ObligationSource source, AnchorDates dates,
                          const evaluate::Cap& cap, const char* element) {
        dates.on_event = on_event(o);
        ObligationDue out;
        out.obligation = &o;
        out.name = &p.name_for(o.name, o.variants, subject);
        out.working = evaluate::evaluate(calendar, Clock::of(o.deadline), dates, cap);
        if (out.working.status == DueStatus::needs_start) needs_start(p, std::string(element) + " \"" + o.id + "\"");
        out.due = out.working.due.value_or(no_date);
        // A step capped by its stage's limit takes the limit's force.
        out.force = evaluate::obligation_force(out.working, o.deadline.force, decision.force);
        out.source = source;
        return out;
    };

    // The event's own obligations count from the event's date (docs/semantics.md, "Obligations").
    const AnchorDates event_dates{query.at, started, no_date, no_date};
    decision.actions.reserve((decision.transition ? decision.transition->actions.size() : 0) +
                             (decision.target.terminal ? p.outcomes()[decision.target.index].actions.size()
                                                       : p.stages()[decision.target.index].actions.size()));
    if (decision.transition) {
        for (const auto& action : decision.transition->actions) {
            decision.actions.push_back(obligation(action, ObligationSource::transition, event_dates, {}, "action"));
        }
    }

    if (decision.target.terminal) {
        const auto& outcome = p.outcomes()[decision.target.index];
        decision.id = &outcome.id;
        decision.name = &p.name_for(outcome.name, outcome.variants, subject);
        for (const auto& action : outcome.actions) {
            decision.actions.push_back(obligation(action, ObligationSource::outcome, event_dates, {}, "action"));
        }
        return;
    }
    const int s = decision.target.index;
    const auto& stage = p.stages()[s];
    decision.id = &stage.id;
    decision.name = &stage.name;
    decision.tier = &p.tiers()[stage.tier].id;
    decision.tier_name = &p.tier_name(stage.tier, subject);
    const DueWorking working = stage_working(p, s, decision.entered, started);
    decision.working = working;
    decision.due = working.due.value_or(no_date);
    decision.due_rule = working.rule;
    decision.anchor_date = working.anchor.value_or(no_date);
    decision.force = force_of(p, s, working.rule);
    decision.overdue = working.due && decision.entered > *working.due;  // a side track keeps its entry

    // A step cannot outlast its stage: when an overall limit brings the stage forward, it
    // brings the stage's steps forward with it (docs/semantics.md, "Limits").
    const evaluate::Cap step_cap = evaluate::step_cap(working);
    AnchorDates dates{decision.entered, started, decision.entered, no_date};
    decision.steps.reserve(stage.steps.size());
    for (const auto& step : stage.steps) {
        decision.steps.push_back(obligation(step, ObligationSource::stage, dates, step_cap, "step"));
        dates.previous = decision.steps.back().due;
    }
    for (const auto& action : stage.actions) {
        decision.actions.push_back(
            obligation(action, ObligationSource::stage, {decision.entered, started, no_date, no_date}, {}, "action"));
    }
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
    return stage_working(p, stage, entered, started).due.value_or(no_date);
}

}  // namespace escalate
