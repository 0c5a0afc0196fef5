// Bulk case histories (docs/case-histories.md): many cases as column arrays, each replayed to
// its current stage, due date and overdue flag without strings or obligation records.
//
// Two paths give the same answers (tests/engine/case_history_test.cpp holds both to
// evaluate_case on every case of a random caseload):
// - the tables (bulk/history_tables.hpp): the next stage looked up by (subject, stage, event)
//   and the due date read from the recalculation tables by the day the stage was entered and
//   the outset; `done:ID` checked against bit masks of what is owed. Any case it cannot answer
//   exactly (a bad case, a due date the tables mark, a pathway without tables) it hands, whole,
//   to
// - the careful path: every move through Pathway::next and the one evaluator
//   (evaluate/due.hpp), every check in evaluate_case's order, so a bad case gets the status
//   matching the error evaluate_case throws for it.
#include "escalate/history.hpp"

#include <algorithm>

#include "bulk/bulk_kernel.hpp"
#include "bulk/history_tables.hpp"
#include "evaluate/due.hpp"

namespace escalate {

namespace {

using bulk::HistoryMove;
using bulk::PathwayHistoryTables;

bool needs_subject(const Pathway& p, int from, int event) noexcept {
    for (const auto& t : p.transitions()) {
        if (t.from == from && t.event == event) return true;
    }
    return false;
}

/// What `done:ID` may mark, as evaluate_case keeps it (history.cpp, Replay::done marks the
/// earliest open step or action with that id; leaving a stage closes its own). Counts per id,
/// by where such an obligation stands in the order they arose, earliest first: owed by an event
/// before the current stage was entered; the stage's steps; the actions of the event that
/// entered it; the stage's actions; owed by a side track since.
class OwedIds {
public:
    explicit OwedIds(std::size_t ids) : counts_(ids * parts) {}

    void reset() { std::fill(counts_.begin(), counts_.end(), 0u); }

    /// A move to another stage (nullptr lists for an outcome), by an event owing `owed`.
    void enter(const std::vector<std::int32_t>* steps, const std::vector<std::int32_t>* actions,
               const std::vector<std::int32_t>* owed, const std::vector<std::int32_t>* outcome) {
        for (std::size_t k = 0; k < counts_.size(); k += parts) {
            counts_[k + before] += counts_[k + entering] + counts_[k + side_tracks];
            counts_[k + steps_part] = counts_[k + entering] = counts_[k + actions_part] = counts_[k + side_tracks] = 0;
        }
        if (steps) add(*steps, steps_part);
        if (owed) add(*owed, outcome || !actions ? before : entering);
        if (outcome) add(*outcome, before);
        if (actions) add(*actions, actions_part);
    }
    void side_track(const std::vector<std::int32_t>& owed) { add(owed, side_tracks); }

    /// Marks the earliest open obligation with id k done; false when none is open.
    bool done(std::size_t k) {
        for (std::size_t part = 0; part < parts; ++part) {
            std::uint32_t& n = counts_[k * parts + part];
            if (n) {
                --n;
                return true;
            }
        }
        return false;
    }

private:
    static constexpr std::size_t before = 0, steps_part = 1, entering = 2, actions_part = 3, side_tracks = 4, parts = 5;
    void add(const std::vector<std::int32_t>& ids, std::size_t part) {
        for (const std::int32_t k : ids) ++counts_[static_cast<std::size_t>(k) * parts + part];
    }
    std::vector<std::uint32_t> counts_;
};

CaseRow careful_one(const Engine& engine, const CaseHistoryColumns& c, std::size_t index, OwedIds& owed) noexcept {
    CaseRow row;
    row.careful = true;
    auto fail = [&row](CaseStatus status, std::int64_t entry) {
        row.status = status;
        row.bad_entry = entry;
        return row;
    };
    const std::int32_t pathway = c.pathways[index];
    if (pathway < 0 || static_cast<std::size_t>(pathway) >= engine.pathways().size()) return fail(CaseStatus::bad_pathway, -1);
    const Pathway& p = *engine.pathways()[static_cast<std::size_t>(pathway)];
    const PathwayHistoryTables& h = engine.history_tables().pathways()[static_cast<std::size_t>(pathway)];
    const Calendar& calendar = p.calendar();
    const std::size_t begin = c.offsets[index], end = c.offsets[index + 1];
    if (end <= begin) return fail(CaseStatus::no_entries, -1);
    if (c.as_of == no_date) return fail(CaseStatus::missing_date, -1);
    for (std::size_t i = begin; i < end; ++i) {
        if (c.dates[i] == no_date) return fail(CaseStatus::missing_date, static_cast<std::int64_t>(i - begin));
        if (i > begin && c.dates[i] < c.dates[i - 1]) return fail(CaseStatus::out_of_order, static_cast<std::int64_t>(i - begin));
    }
    const Date started = c.dates[begin];
    if (c.as_of < started) return fail(CaseStatus::as_of_before_outset, -1);
    if (c.events[begin] == bulk_done_event || c.events[begin] <= bulk_done_first) return fail(CaseStatus::bad_first_entry, 0);
    const std::int32_t subject = c.subjects ? c.subjects[index] : -1;
    if (subject < -1 || subject >= static_cast<std::int32_t>(p.subjects().size())) return fail(CaseStatus::bad_subject, 0);
    const auto event_count = static_cast<std::int32_t>(p.events().size());
    owed.reset();

    // One move: the transition on `event` from `from` (-1: the start), as Engine::decide takes it.
    bool terminal = false;
    int stage = -1;
    Date entered = no_date, due = no_date;
    std::int32_t cap_days = -2;  // the limit the cached cap is for (-2: none yet)
    evaluate::Cap cap;
    auto move = [&](std::size_t i, int from, std::int32_t event) -> CaseStatus {
        const Date at = c.dates[i];
        if (!calendar.covers(at)) return CaseStatus::out_of_range;
        Target target{false, p.entry_stage()};
        const Pathway::Transition* t = nullptr;
        if (!(from < 0 && event == bulk_start_event)) {
            if (event < 0 || event >= event_count) return event == bulk_start_event ? CaseStatus::no_transition : CaseStatus::unknown_event;
            t = p.next(from, event, subject);
            if (!t) return subject < 0 && needs_subject(p, from, event) ? CaseStatus::needs_subject : CaseStatus::no_transition;
            target = t->target;
        }
        const std::vector<std::int32_t>* by_event = t ? &h.transition_actions[static_cast<std::size_t>(t - p.transitions().data())] : nullptr;
        if (t && t->side_track()) {  // the stage, its entry and its clock stay
            owed.side_track(*by_event);
            return CaseStatus::ok;
        }
        terminal = target.terminal;
        stage = target.index;
        entered = at;
        due = no_date;
        if (terminal) {
            owed.enter(nullptr, nullptr, by_event, &h.outcome_actions[static_cast<std::size_t>(stage)]);
            return CaseStatus::ok;
        }
        owed.enter(&h.stage_steps[static_cast<std::size_t>(stage)], &h.stage_actions[static_cast<std::size_t>(stage)], by_event, nullptr);
        // evaluate::stage_due, with the limit's cap (which depends only on the outset and the
        // limit) worked out once per case rather than at every move.
        const StageRule& rule = p.rules()[static_cast<std::size_t>(stage)];
        if (rule.limit_days != cap_days) {
            cap_days = rule.limit_days;
            cap = evaluate::limit_cap(calendar, rule.limit_days, started);
        }
        const DueWorking w = evaluate::evaluate(calendar, rule, evaluate::AnchorDates{at, started, no_date, no_date}, cap);
        if (w.status != DueStatus::ok) return CaseStatus::out_of_range;
        due = w.due.value_or(no_date);
        return CaseStatus::ok;
    };

    if (CaseStatus s = move(begin, -1, c.events[begin]); s != CaseStatus::ok) return fail(s, 0);
    std::size_t i = begin + 1;
    for (; i < end && c.dates[i] <= c.as_of; ++i) {
        const std::int32_t event = c.events[i];
        const auto entry = static_cast<std::int64_t>(i - begin);
        if (event == bulk_done_event || event <= bulk_done_first) {
            if (!calendar.covers(c.dates[i])) return fail(CaseStatus::out_of_range, entry);
            if (event == bulk_done_event) continue;  // no id: nothing to check (columns of ABI 1.2)
            const auto k = static_cast<std::size_t>(bulk_done_first) - static_cast<std::size_t>(event);
            if (k >= h.ids.size()) return fail(CaseStatus::unknown_event, entry);
            if (!owed.done(k)) return fail(CaseStatus::no_transition, entry);
            continue;
        }
        if (event == bulk_start_event || terminal) return fail(CaseStatus::no_transition, entry);
        if (CaseStatus s = move(i, stage, event); s != CaseStatus::ok) return fail(s, entry);
    }
    row.current = {terminal, stage};
    row.entered = entered;
    row.due = due;
    row.overdue = !terminal && due != no_date && c.as_of > due;
    row.entries_applied = static_cast<std::uint32_t>(i - begin);
    return row;
}

/// The tables' way: false when the case needs the careful path (then `row` is not written).
/// Only an answer the careful path would give the same is given; the checks are the same as
/// its, in whatever order is quickest, since any failure hands the whole case over.
bool from_tables(const Engine& engine, const CaseHistoryColumns& c, std::size_t index, CaseRow& row) noexcept {
    const auto& all = engine.history_tables().pathways();
    const std::int32_t pathway = c.pathways[index];
    if (pathway < 0 || static_cast<std::size_t>(pathway) >= all.size()) return false;
    const PathwayHistoryTables& h = all[static_cast<std::size_t>(pathway)];
    if (!h.fast) return false;
    const std::size_t begin = c.offsets[index], end = c.offsets[index + 1];
    const Date as_of = c.as_of;
    if (end <= begin || as_of == no_date) return false;
    const std::int32_t subject = c.subjects ? c.subjects[index] : -1;
    if (subject < -1 || subject >= h.subjects) return false;
    const Date started = c.dates[begin];
    // no_date is below every date, so these also catch a missing outset.
    if (started < h.first || started > h.last || as_of < started) return false;
    const Date table_first = engine.history_tables().table_first();
    const HistoryMove* moves = h.moves.data() + static_cast<std::size_t>(subject + 1) * static_cast<std::size_t>(h.stages + 1) *
                                                    static_cast<std::size_t>(h.events);
    const auto started_at = static_cast<std::size_t>(started - table_first);

    bool terminal = false;
    std::int32_t stage = -1;
    Date entered = no_date, due = no_date;
    std::uint64_t owed_by_stage = 0, touched = 0;  // the current stage's ids still owed; ids counted below
    std::uint16_t owed_by_events[64];              // per id, how many events' obligations are owed
    auto take = [&](const HistoryMove& m, Date at) -> bool {
        for (std::uint32_t n = 0; n < m.persist_count; ++n) {
            const std::uint32_t k = h.persist[m.persist_begin + n];
            const std::uint64_t bit = std::uint64_t{1} << k;
            if (!(touched & bit)) {
                touched |= bit;
                owed_by_events[k] = 0;
            }
            if (++owed_by_events[k] == 0) return false;  // 65,536 owed: let the careful path count
        }
        if (m.target == HistoryMove::side_track) return true;
        entered = at;
        if (m.target < 0) {
            terminal = true;
            stage = HistoryMove::outcome_first - m.target;
            due = no_date;
            owed_by_stage = 0;
            return true;
        }
        stage = m.target;
        owed_by_stage = h.stage_masks[static_cast<std::size_t>(stage)];
        // The earlier of the two tables (bulk_kernel.hpp), as the recalculation kernel reads them.
        const std::uint32_t by_entry = h.by_entry[static_cast<std::size_t>(stage)][static_cast<std::size_t>(at - table_first)];
        const std::uint32_t by_start = h.by_start[static_cast<std::size_t>(stage)][started_at];
        const std::uint32_t code = std::min(by_entry, by_start);
        if (code < bulk::real_base || code == bulk::beyond_code) return false;
        due = code == bulk::none_code ? no_date : table_first - static_cast<Date>(bulk::real_base) + static_cast<Date>(code);
        return true;
    };

    const std::int32_t first_event = c.events[begin];
    if (first_event == bulk_start_event) {
        HistoryMove start;
        start.target = h.entry_stage;
        if (!take(start, started)) return false;
    } else {
        if (first_event < 0 || first_event >= h.events) return false;
        const HistoryMove& m = moves[first_event];  // from the start: row from + 1 = 0
        if (m.target == HistoryMove::none || m.target == HistoryMove::side_track || !take(m, started)) return false;
    }
    std::size_t i = begin + 1;
    Date previous = started;
    for (; i < end; ++i) {
        const Date at = c.dates[i];
        if (at < previous) return false;  // out of order, or no date
        previous = at;
        if (at > as_of) break;
        if (at > h.last) return false;  // at >= started >= first
        const std::int32_t event = c.events[i];
        if (event >= 0) {
            if (terminal || event >= h.events) return false;
            const HistoryMove& m = moves[static_cast<std::size_t>(stage + 1) * static_cast<std::size_t>(h.events) +
                                         static_cast<std::size_t>(event)];
            if (m.target == HistoryMove::none || !take(m, at)) return false;
        } else if (event <= bulk_done_first) {
            const auto k = static_cast<std::size_t>(bulk_done_first) - static_cast<std::size_t>(event);
            if (k >= h.ids.size()) return false;
            const std::uint64_t bit = std::uint64_t{1} << k;
            if (h.persistent_mask & bit) {
                if (!(touched & bit) || owed_by_events[k] == 0) return false;
                --owed_by_events[k];
            } else {
                if (!(owed_by_stage & bit)) return false;
                owed_by_stage &= ~bit;
            }
        } else if (event != bulk_done_event) {
            return false;  // start again
        }
    }
    const std::size_t applied = i;
    for (; i < end; ++i) {  // entries after as_of: only their dates are checked
        if (c.dates[i] < previous) return false;
        previous = c.dates[i];
    }
    row = CaseRow{};
    row.current = {terminal, stage};
    row.entered = entered;
    row.due = due;
    row.overdue = !terminal && due != no_date && as_of > due;
    row.entries_applied = static_cast<std::uint32_t>(applied - begin);
    return true;
}

}  // namespace

void evaluate_cases(const Engine& engine, const CaseHistoryColumns& columns, CaseRow* out, CasesPath path) {
    OwedIds owed(engine.history_tables().most_ids());
    for (std::size_t i = 0; i < columns.cases; ++i) {
        if (path == CasesPath::careful || !from_tables(engine, columns, i, out[i])) out[i] = careful_one(engine, columns, i, owed);
    }
}

std::string_view to_string(CaseStatus status) noexcept {
    switch (status) {
        case CaseStatus::ok: return "ok";
        case CaseStatus::bad_pathway: return "bad-pathway";
        case CaseStatus::bad_subject: return "bad-subject";
        case CaseStatus::no_entries: return "no-entries";
        case CaseStatus::as_of_before_outset: return "as-of-before-outset";
        case CaseStatus::bad_first_entry: return "bad-first-entry";
        case CaseStatus::out_of_order: return "out-of-order";
        case CaseStatus::missing_date: return "missing-date";
        case CaseStatus::needs_subject: return "needs-subject";
        case CaseStatus::unknown_event: return "unknown-event";
        case CaseStatus::no_transition: return "no-transition";
        case CaseStatus::out_of_range: return "out-of-range";
    }
    return "ok";
}

}  // namespace escalate
