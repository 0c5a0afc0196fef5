// Case histories (docs/case-histories.md): a case is its pathway, subject and the entries
// recorded in it, (date, event) from the outset. Evaluated as of a date it gives where the
// case stands, every stage it passed, and every obligation with its due date and state. Every
// due date comes from the one evaluator (evaluate/due.hpp); the history supplies only the dates
// a single question cannot know (when a step was done, when a named event happened).
#pragma once

#include <climits>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "escalate/due.hpp"
#include "escalate/engine.hpp"
#include "escalate/errors.hpp"

namespace escalate {

/// One recorded entry: a transition's event ("unresolved"), `done:ID` for a step or action
/// completed, or, first of all, `start` (the entry stage) or one of the pathway's start events.
struct CaseEntry {
    Date date = no_date;
    std::string_view event;
};

/// The entry event that starts a pathway at its entry stage.
inline constexpr std::string_view start_event = "start";
/// The prefix of an entry that records a step or action as done.
inline constexpr std::string_view done_prefix = "done:";

struct CaseQuery {
    std::string_view pathway;
    std::string_view subject;  // empty: not stated
    std::span<const CaseEntry> entries;
    /// The day the case is looked at. Entries dated after it are not applied (the case as it
    /// stood that day); it must not be before the outset.
    Date as_of = no_date;
    /// A version of the pathway named explicitly; empty: the version in force on the outset
    /// (the first entry's date). docs/ruleset-format.md, Versions.
    std::string_view version;
};

/// Where an obligation stands on the as-of date.
enum class ObligationState {
    open,          // not done, not yet due (or no due date: none stated, or waiting)
    due_today,     // not done, due on the as-of date
    overdue,       // not done, due before the as-of date
    done_on_time,  // done on or before its due date (or it had none)
    done_late,     // done after its due date
    left_undone,   // a stage's step or action not recorded done when the case left the stage
};

/// What an obligation is: a stage's own deadline (done when the case leaves the stage), a step,
/// or an action (of a stage, a transition or an outcome).
enum class ObligationKind { stage, step, action };

struct CaseObligation {
    ObligationKind kind = ObligationKind::action;
    ObligationSource source = ObligationSource::stage;
    bool side_track = false;        // it arose from a transition that kept the case at its stage
    const std::string* id = nullptr;      // the stage's id for kind stage
    const std::string* name = nullptr;    // its name for the case's subject
    const std::string* clause = nullptr;
    const std::string* stage = nullptr;   // the stage it belongs to or arose at; nullptr: the start
    const Pathway::Obligation* obligation = nullptr;  // nullptr for kind stage
    std::size_t arose_entry = 0;    // the entry that gave rise to it
    Date arose = no_date;
    Date due = no_date;             // no_date: no timescale, waiting, or past the calendar's end
    DueWorking working;             // the one evaluator's working behind `due`
    Force force = Force::must;
    /// anchor previous-step counted from the previous step's due date, because its completion
    /// is not recorded (yet): the date will move when it is.
    bool provisional = false;
    /// anchor on:ID whose ID has not happened by the as-of date: the ID; else nullptr.
    const std::string* waits_for = nullptr;
    Date done = no_date;            // the date done (for kind stage: the date the stage was left)
    std::size_t done_entry = 0;     // valid when done != no_date
    ObligationState state = ObligationState::open;
};

/// A stage the case has left.
struct PassedStage {
    int stage = -1;
    const std::string* id = nullptr;
    const std::string* name = nullptr;
    const std::string* tier = nullptr;
    Date entered = no_date;
    Date left = no_date;
    Date due = no_date;
    DueWorking working;
    Force force = Force::must;
    bool left_late = false;          // left after the date it was due
    const std::string* left_on = nullptr;  // the event that moved the case on
    std::size_t entered_entry = 0, left_entry = 0;
};

struct CaseState {
    const Pathway* pathway = nullptr;
    Target current;                          // a stage, or a terminal outcome
    const std::string* id = nullptr;         // the current stage's or outcome's id
    const std::string* name = nullptr;
    const std::string* tier = nullptr;       // nullptr at an outcome
    const std::string* tier_name = nullptr;  // nullptr at an outcome
    Date as_of = no_date;
    Date started = no_date;                  // the outset (the first entry's date)
    Date entered = no_date;                  // the date the current stage or outcome was reached
    Date due = no_date;                      // no_date at an outcome or with no timescale
    DueWorking working;
    Force force = Force::must;
    bool overdue = false;            // at a stage, not left, and as_of > due
    bool overdue_on_entry = false;   // the stage was entered after its due date
    std::size_t entries_applied = 0; // entries dated on or before as_of
    std::vector<PassedStage> passed;          // in the order left
    std::vector<CaseObligation> obligations;  // in the order they arose
};

/// What an entry-error concerns, beside the error's kind (which maps to the C status).
class CaseEntryLocation {
public:
    CaseEntryLocation(std::size_t entry, Date date) noexcept : entry_(entry), date_(date) {}
    virtual ~CaseEntryLocation() = default;
    std::size_t entry() const noexcept { return entry_; }
    Date date() const noexcept { return date_; }

private:
    std::size_t entry_;
    Date date_;
};

/// An error in one entry of a history: the message starts "entry N (DATE, EVENT): ".
template <class Kind>
class CaseEntryError : public Kind, public CaseEntryLocation {
public:
    CaseEntryError(const std::string& message, std::size_t entry, Date date)
        : Kind(message), CaseEntryLocation(entry, date) {}
};

/// Evaluates a case history (docs/case-histories.md). Throws NotFoundError (unknown pathway,
/// unknown version, an outset before every version of the pathway),
/// InvalidArgumentError (no entries, no as-of date, as-of before the outset, a bad subject)
/// and, for a bad entry, CaseEntryError<NotFoundError> (an unknown event or id),
/// CaseEntryError<NoTransitionError> (no transition at that point; done: of something not
/// open), CaseEntryError<InvalidArgumentError> (out of date order, a bad first entry, a route
/// that needs the subject) or CaseEntryError<OutOfRangeError> (a date outside the calendar, or
/// a due date past its end).
CaseState evaluate_case(const Engine& engine, const CaseQuery& query);

// ------------------------------------------------------------------------------------------
// Bulk histories: many cases as column arrays, evaluated to each case's current stage, due
// date and overdue flag (no obligations). A bad case never touches the others; its status
// says why and which entry. tests/engine/case_history_test.cpp checks that every case agrees
// with evaluate_case.
// ------------------------------------------------------------------------------------------

/// Event codes of the bulk columns beside a pathway's event indices (Pathway::events()).
inline constexpr std::int32_t bulk_start_event = -1;  // "start"
/// "done:ID" without its ID, from columns made before the IDs were coded (ABI 1.2): it moves no
/// case and cannot be checked. bulk_event_code gives the checked code below.
inline constexpr std::int32_t bulk_done_event = -2;
/// "done:ID" of the pathway's k-th step or action id (obligation_ids): bulk_done_first - k.
/// Checked as evaluate_case checks it: the ID must name an open step or action.
inline constexpr std::int32_t bulk_done_first = -3;

/// The distinct ids of a pathway's steps and actions (of its stages, transitions and outcomes,
/// in that order, each id once): the k of bulk_done_first - k.
std::vector<std::string_view> obligation_ids(const Pathway& pathway);

/// The bulk column code of an entry's event: bulk_start_event for "start", bulk_done_first - k
/// for "done:ID" of obligation_ids()[k], or an event index. For an event the pathway does not
/// have, bulk_unknown_event (an index past the last, so the case fails as unknown-event); for
/// "done:ID" of an id it does not have, the code after the last id's (unknown-event, or
/// bad-first-entry as the first entry, as evaluate_case says). *known (optional) says which.
inline constexpr std::int32_t bulk_unknown_event = INT32_MAX;
std::int32_t bulk_event_code(const Pathway& pathway, std::string_view event, bool* known = nullptr);

struct CaseHistoryColumns {
    std::size_t cases = 0;
    const std::size_t* offsets = nullptr;    // cases + 1: case i's entries are [offsets[i], offsets[i+1])
    const std::int32_t* pathways = nullptr;  // per case: a pathway index of the engine
    const std::int32_t* subjects = nullptr;  // per case: a subject index of its pathway, or -1;
                                             // nullptr: no case states one
    const Date* dates = nullptr;             // per entry
    const std::int32_t* events = nullptr;    // per entry: an event index, or a bulk_*_event code
    Date as_of = no_date;
};

/// Why a case failed, matching the kind of error evaluate_case throws for it.
enum class CaseStatus : std::uint8_t {
    ok,
    bad_pathway,       // NotFoundError: no such pathway index
    bad_subject,       // InvalidArgumentError: a subject index the pathway does not have
    no_entries,        // InvalidArgumentError
    as_of_before_outset,  // InvalidArgumentError
    bad_first_entry,   // InvalidArgumentError: the first entry is done:
    out_of_order,      // InvalidArgumentError
    missing_date,      // InvalidArgumentError
    needs_subject,     // InvalidArgumentError: the route depends on the subject, none stated
    unknown_event,     // NotFoundError: an event index out of range
    no_transition,     // NoTransitionError: no route there; anything after an outcome; start again
    out_of_range,      // OutOfRangeError: a date outside the calendar, or a due date past its end
};

struct CaseRow {
    CaseStatus status = CaseStatus::ok;
    bool careful = false;         // the careful path gave this row (the tables could not)
    std::int64_t bad_entry = -1;  // the case's own entry index at fault, or -1
    Target current;               // a stage, or a terminal outcome
    Date entered = no_date;
    Date due = no_date;
    bool overdue = false;
    std::uint32_t entries_applied = 0;
};

/// Which way evaluate_cases goes. `tables`: from the tables built with the engine (the next
/// stage by stage and event, the due date by the day it was entered and the outset, both from
/// the one evaluator), falling back to `careful` case by case where they cannot answer (a bad
/// case, a due date past the calendar's end, a pathway whose tables were not built).
/// `careful`: every case move by move through the one evaluator; for the tests, which hold
/// the two to each other and to evaluate_case.
enum class CasesPath : std::uint8_t { tables, careful };

/// Evaluates every case into out[0 .. cases). Never throws for a bad case (only std::bad_alloc,
/// for a few bytes of scratch per call).
void evaluate_cases(const Engine& engine, const CaseHistoryColumns& columns, CaseRow* out,
                    CasesPath path = CasesPath::tables);

/// "ok", "bad-pathway", ... (the enumerators in kebab case).
std::string_view to_string(CaseStatus status) noexcept;

/// "open", "due-today", "overdue", "done-on-time", "done-late", "left-undone".
std::string_view to_string(ObligationState state) noexcept;
/// "stage", "step", "action".
std::string_view to_string(ObligationKind kind) noexcept;

}  // namespace escalate
