// Bulk case histories (docs/case-histories.md): many cases as column arrays, each replayed to
// its current stage, due date and overdue flag without strings or obligations. The moves are
// the pathway's transitions (Pathway::next) and every due date is the one evaluator's
// (evaluate/due.hpp); the checks follow evaluate_case's order, so a bad case gets the status
// matching the error evaluate_case throws for it (a test compares every case of a random
// caseload).
#include "escalate/history.hpp"

#include "evaluate/due.hpp"

namespace escalate {

namespace {

bool needs_subject(const Pathway& p, int from, int event) noexcept {
    for (const auto& t : p.transitions()) {
        if (t.from == from && t.event == event) return true;
    }
    return false;
}

CaseRow evaluate_one(const Engine& engine, const CaseHistoryColumns& c, std::size_t index) noexcept {
    CaseRow row;
    auto fail = [&row](CaseStatus status, std::int64_t entry) {
        row.status = status;
        row.bad_entry = entry;
        return row;
    };
    const std::int32_t pathway = c.pathways[index];
    if (pathway < 0 || static_cast<std::size_t>(pathway) >= engine.pathways().size()) return fail(CaseStatus::bad_pathway, -1);
    const Pathway& p = *engine.pathways()[static_cast<std::size_t>(pathway)];
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
    if (c.events[begin] == bulk_done_event) return fail(CaseStatus::bad_first_entry, 0);
    const std::int32_t subject = c.subjects ? c.subjects[index] : -1;
    if (subject < -1 || subject >= static_cast<std::int32_t>(p.subjects().size())) return fail(CaseStatus::bad_subject, 0);
    const auto event_count = static_cast<std::int32_t>(p.events().size());

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
        if (!(from < 0 && event == bulk_start_event)) {
            if (event < 0 || event >= event_count) return event == bulk_start_event ? CaseStatus::no_transition : CaseStatus::unknown_event;
            const Pathway::Transition* t = p.next(from, event, subject);
            if (!t) return subject < 0 && needs_subject(p, from, event) ? CaseStatus::needs_subject : CaseStatus::no_transition;
            if (t->side_track()) return CaseStatus::ok;  // the stage, its entry and its clock stay
            target = t->target;
        }
        terminal = target.terminal;
        stage = target.index;
        entered = at;
        due = no_date;
        if (terminal) return CaseStatus::ok;
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
        if (event == bulk_done_event) {
            if (!calendar.covers(c.dates[i])) return fail(CaseStatus::out_of_range, entry);
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

}  // namespace

void evaluate_cases(const Engine& engine, const CaseHistoryColumns& columns, CaseRow* out) noexcept {
    for (std::size_t i = 0; i < columns.cases; ++i) out[i] = evaluate_one(engine, columns, i);
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
