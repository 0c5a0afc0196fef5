// Case histories (docs/case-histories.md): replaying a case's entries through Engine::decide,
// which answers every move (the next stage, its due date, the obligations it brings), and
// re-running the one evaluator (evaluate/due.hpp) only for the clocks a history can date and a
// single question cannot: `previous-step` from the previous step's recorded completion, and
// `on:ID` from the day ID was recorded.
#include "escalate/history.hpp"

#include <string>

#include "evaluate/due.hpp"

namespace escalate {

namespace {

/// What the final pass needs to date an obligation again once the whole history is known.
struct Context {
    evaluate::AnchorDates dates;  // as decide saw them
    evaluate::Cap cap;            // the stage's limit cap, for steps
    Force stage_force = Force::must;
    long previous_step = -1;      // index into obligations of the step before (anchor previous-step)
    bool closed = false;          // its stage was left: no longer open to `done:`
};

/// One happening a clock may count from: an event taken, or a step or action done.
struct Happening {
    std::string_view id;
    std::size_t entry;
    Date date;
};

class Replay {
public:
    Replay(const Engine& engine, const CaseQuery& query) : engine_(engine), query_(query) {}

    CaseState run();

private:
    std::string where(std::size_t i) const {
        const CaseEntry& e = query_.entries[i];
        return "entry " + std::to_string(i) + " (" + (e.date == no_date ? std::string("no date") : format_iso_date(e.date)) +
               ", \"" + std::string(e.event) + "\"): ";
    }
    template <class Kind>
    [[noreturn]] void fail(std::size_t i, const std::string& message) const {
        throw CaseEntryError<Kind>(where(i) + message, i, query_.entries[i].date);
    }
    Decision decide(std::size_t i, const Query& q) const;
    void enter(std::size_t i, const Decision& d);
    void add(std::size_t i, const ObligationDue& due, ObligationKind kind, bool side_track, const Decision& d,
             const std::string* from, long previous_step);
    void done(std::size_t i, std::string_view id);
    void finish();

    const Engine& engine_;
    const CaseQuery& query_;
    const Pathway* pathway_ = nullptr;
    CaseState state_;
    std::vector<Context> contexts_;      // parallel to state_.obligations
    std::vector<Happening> happenings_;  // in entry order
    long stage_obligation_ = -1;         // the current stage's own deadline, in obligations
    std::size_t entered_entry_ = 0;
};

Decision Replay::decide(std::size_t i, const Query& q) const {
    // decide's messages say what is wrong; the history adds which entry.
    try {
        return engine_.decide(q);
    } catch (const NoTransitionError& e) {
        fail<NoTransitionError>(i, e.what());
    } catch (const NotFoundError& e) {
        fail<NotFoundError>(i, e.what());
    } catch (const OutOfRangeError& e) {
        fail<OutOfRangeError>(i, e.what());
    } catch (const InvalidArgumentError& e) {
        fail<InvalidArgumentError>(i, e.what());
    }
}

void Replay::add(std::size_t i, const ObligationDue& due, ObligationKind kind, bool side_track, const Decision& d,
                 const std::string* from, long previous_step) {
    const Pathway::Obligation& o = *due.obligation;
    CaseObligation out;
    out.kind = kind;
    out.source = due.source;
    out.side_track = side_track;
    out.id = &o.id;
    out.name = due.name;
    out.clause = &o.clause;
    // A transition's obligation arose at the stage the event left (nullptr: the start); a
    // stage's or an outcome's at that stage or outcome.
    out.stage = due.source == ObligationSource::transition ? from : d.id;
    out.obligation = &o;
    out.arose_entry = i;
    out.arose = query_.entries[i].date;
    out.due = due.due;
    out.working = due.working;
    out.force = due.force;
    Context context;
    const bool from_stage = due.source == ObligationSource::stage;
    context.dates = {from_stage ? d.entered : query_.entries[i].date, d.started, no_date, no_date};
    if (kind == ObligationKind::step) context.cap = evaluate::step_cap(d.working);
    context.stage_force = d.force;
    context.previous_step = previous_step;
    state_.obligations.push_back(out);
    contexts_.push_back(context);
}

void Replay::enter(std::size_t i, const Decision& d) {
    const Date date = query_.entries[i].date;
    const bool side_track = d.side_track;
    const std::string* from = state_.current.index >= 0 ? state_.id : nullptr;
    if (!side_track) {
        if (!state_.current.terminal && state_.current.index >= 0) {
            // Leaving a stage: its deadline is met or missed today, and its steps and actions
            // close (the case has moved on).
            PassedStage passed;
            passed.stage = state_.current.index;
            passed.id = state_.id;
            passed.name = state_.name;
            passed.tier = state_.tier;
            passed.entered = state_.entered;
            passed.left = date;
            passed.due = state_.due;
            passed.working = state_.working;
            passed.force = state_.force;
            passed.left_late = state_.due != no_date && date > state_.due;
            passed.left_on = &pathway_->events()[d.transition->event];
            passed.entered_entry = entered_entry_;
            passed.left_entry = i;
            state_.passed.push_back(passed);
            for (std::size_t k = 0; k < state_.obligations.size(); ++k) {
                CaseObligation& o = state_.obligations[k];
                if (o.stage == state_.id && o.source == ObligationSource::stage && !o.side_track) contexts_[k].closed = true;
            }
            CaseObligation& own = state_.obligations[static_cast<std::size_t>(stage_obligation_)];
            own.done = date;
            own.done_entry = i;
            stage_obligation_ = -1;
        }
        state_.current = d.target;
        state_.id = d.id;
        state_.name = d.name;
        state_.tier = d.tier;
        state_.tier_name = d.tier_name;
        state_.entered = d.entered;
        state_.due = d.due;
        state_.working = d.working;
        state_.force = d.force;
        state_.overdue_on_entry = d.overdue;
        entered_entry_ = i;
        if (!d.target.terminal) {
            CaseObligation own;
            own.kind = ObligationKind::stage;
            own.source = ObligationSource::stage;
            own.id = d.id;
            own.name = d.name;
            own.clause = &pathway_->stages()[d.target.index].clause;
            own.stage = d.id;
            own.arose_entry = i;
            own.arose = date;
            own.due = d.due;
            own.working = d.working;
            own.force = d.force;
            stage_obligation_ = static_cast<long>(state_.obligations.size());
            state_.obligations.push_back(own);
            contexts_.push_back(Context{});
        }
    }
    // Then the steps, in order, then the actions (the event's own first, as decide lists them).
    if (!side_track) {
        long previous = -1;
        for (const ObligationDue& step : d.steps) {
            add(i, step, ObligationKind::step, false, d, from, previous);
            previous = static_cast<long>(state_.obligations.size()) - 1;
        }
    }
    for (const ObligationDue& action : d.actions) {
        if (side_track && action.source == ObligationSource::stage) continue;  // already owed
        add(i, action, ObligationKind::action, side_track && action.source == ObligationSource::transition, d, from, -1);
    }
}

void Replay::done(std::size_t i, std::string_view id) {
    for (std::size_t k = 0; k < state_.obligations.size(); ++k) {
        CaseObligation& o = state_.obligations[k];
        if (o.kind != ObligationKind::stage && *o.id == id && o.done == no_date && !contexts_[k].closed) {
            o.done = query_.entries[i].date;
            o.done_entry = i;
            return;
        }
    }
    // Nothing open by that id: say whether the pathway knows it at all.
    auto named = [&](const std::vector<Pathway::Obligation>& list) {
        for (const auto& o : list) if (o.id == id) return true;
        return false;
    };
    bool known = false;
    for (const auto& s : pathway_->stages()) known = known || named(s.steps) || named(s.actions);
    for (const auto& t : pathway_->transitions()) known = known || named(t.actions);
    for (const auto& o : pathway_->outcomes()) known = known || named(o.actions);
    if (!known) {
        fail<NotFoundError>(i, "pathway \"" + pathway_->id() + "\" has no step or action \"" + std::string(id) + "\"");
    }
    std::string open;
    for (std::size_t k = 0; k < state_.obligations.size(); ++k) {
        const CaseObligation& o = state_.obligations[k];
        if (o.kind != ObligationKind::stage && o.done == no_date && !contexts_[k].closed) {
            if (!open.empty()) open += ", ";
            open += *o.id;
        }
    }
    if (open.empty()) open = "none";
    std::string message = "\"";
    message += id;
    message += "\" is not open at this point of the case (done already, or its stage not reached or already left); open now: ";
    message += open;
    fail<NoTransitionError>(i, message);
}

void Replay::finish() {
    const Calendar& calendar = pathway_->calendar();
    const Date as_of = query_.as_of;
    for (std::size_t k = 0; k < state_.obligations.size(); ++k) {
        CaseObligation& o = state_.obligations[k];
        const Context& c = contexts_[k];
        if (o.obligation) {
            const DeadlineDefinition& deadline = o.obligation->deadline;
            bool again = false;
            evaluate::AnchorDates dates = c.dates;
            if (deadline.anchor == Anchor::previous_step && c.previous_step >= 0) {
                // From the previous step's recorded completion; else from its due date, provisionally.
                const CaseObligation& previous = state_.obligations[static_cast<std::size_t>(c.previous_step)];
                dates.previous = previous.done != no_date ? previous.done : previous.due;
                o.provisional = previous.done == no_date ? previous.due != no_date : false;
                if (previous.done == no_date && previous.provisional) o.provisional = true;
                again = true;
            } else if (deadline.anchor == Anchor::on_event) {
                // The first time ID happened at or after the entry that gave rise to the obligation.
                for (const Happening& h : happenings_) {
                    if (h.entry >= o.arose_entry && h.id == deadline.on) {
                        dates.on_event = h.date;
                        break;
                    }
                }
                if (dates.on_event == no_date) o.waits_for = &deadline.on;
                again = true;
            }
            if (again) {
                o.working = evaluate::evaluate(calendar, Clock::of(deadline), dates, c.cap);
                o.due = o.working.due.value_or(no_date);
                o.force = evaluate::obligation_force(o.working, deadline.force, c.stage_force);
                if (o.due == no_date) o.provisional = false;
            }
        }
        if (o.done != no_date) {
            o.state = o.due != no_date && o.done > o.due ? ObligationState::done_late : ObligationState::done_on_time;
        } else if (c.closed) {
            o.state = ObligationState::left_undone;
        } else if (o.due == no_date || as_of < o.due) {
            o.state = ObligationState::open;
        } else {
            o.state = as_of == o.due ? ObligationState::due_today : ObligationState::overdue;
        }
    }
    state_.overdue = !state_.current.terminal && state_.due != no_date && as_of > state_.due;
}

CaseState Replay::run() {
    const auto& entries = query_.entries;
    // The version named, else the one in force on the outset (the first entry's date).
    try {
        pathway_ = &engine_.pathway(query_.pathway, query_.version, entries.empty() ? no_date : entries[0].date);
    } catch (const OutOfRangeError& error) {
        fail<OutOfRangeError>(0, error.what());  // the outset, entry 0, outside the calendar
    }
    if (entries.empty()) {
        throw InvalidArgumentError("a case history needs at least one entry: the first, \"start\" (or a start event of pathway \"" +
                                   pathway_->id() + "\"), dated the outset");
    }
    if (query_.as_of == no_date) throw InvalidArgumentError("the as-of date is required");
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].date == no_date) fail<InvalidArgumentError>(i, "the entry has no date");
        if (entries[i].event.empty()) fail<InvalidArgumentError>(i, "the entry has no event");
        if (i > 0 && entries[i].date < entries[i - 1].date) {
            fail<InvalidArgumentError>(i, "out of date order: it is dated before entry " + std::to_string(i - 1) + " (" +
                                              format_iso_date(entries[i - 1].date) + ")");
        }
    }
    const Date outset = entries[0].date;
    if (query_.as_of < outset) {
        throw InvalidArgumentError("the as-of date " + format_iso_date(query_.as_of) + " is before the outset " +
                                   format_iso_date(outset) + " (the first entry)");
    }
    state_.pathway = pathway_;
    state_.as_of = query_.as_of;
    state_.started = outset;
    state_.current = {false, -1};

    const std::string_view first = entries[0].event;
    if (first.starts_with(done_prefix)) {
        fail<InvalidArgumentError>(0, "the first entry starts the pathway: its event is \"start\" or one of the pathway's start "
                                      "events, not a step or action done");
    }
    Query start;
    start.pathway = pathway_->id();
    start.version = pathway_->version();
    start.subject = query_.subject;
    start.at = outset;
    start.event = first == start_event ? std::string_view() : first;
    enter(0, decide(0, start));
    happenings_.push_back({first, 0, outset});

    std::size_t i = 1;
    for (; i < entries.size() && entries[i].date <= query_.as_of; ++i) {
        const CaseEntry& e = entries[i];
        if (e.event.starts_with(done_prefix)) {
            if (!pathway_->calendar().covers(e.date)) {
                fail<OutOfRangeError>(i, "the date lies outside calendar \"" + pathway_->calendar().id() + "\", which covers " +
                                             format_iso_date(pathway_->calendar().first_date()) + " to " +
                                             format_iso_date(pathway_->calendar().last_date()));
            }
            const std::string_view id = e.event.substr(done_prefix.size());
            done(i, id);
            happenings_.push_back({id, i, e.date});
            continue;
        }
        if (e.event == start_event) fail<NoTransitionError>(i, "the case has already started (entry 0)");
        if (state_.current.terminal) {
            fail<NoTransitionError>(i, "the case reached outcome \"" + *state_.id + "\" on " + format_iso_date(state_.entered) +
                                           "; nothing follows it");
        }
        Query q;
        q.pathway = pathway_->id();
        q.version = pathway_->version();
        q.stage = *state_.id;
        q.event = e.event;
        q.subject = query_.subject;
        q.at = e.date;
        q.started = outset;
        q.entered = state_.entered;
        enter(i, decide(i, q));
        happenings_.push_back({e.event, i, e.date});
    }
    state_.entries_applied = i;
    finish();
    return std::move(state_);
}

}  // namespace

CaseState evaluate_case(const Engine& engine, const CaseQuery& query) {
    return Replay(engine, query).run();
}

std::string_view to_string(ObligationState state) noexcept {
    switch (state) {
        case ObligationState::open: return "open";
        case ObligationState::due_today: return "due-today";
        case ObligationState::overdue: return "overdue";
        case ObligationState::done_on_time: return "done-on-time";
        case ObligationState::done_late: return "done-late";
        case ObligationState::left_undone: return "left-undone";
    }
    return "open";
}

std::string_view to_string(ObligationKind kind) noexcept {
    switch (kind) {
        case ObligationKind::stage: return "stage";
        case ObligationKind::step: return "step";
        case ObligationKind::action: return "action";
    }
    return "action";
}

}  // namespace escalate
