// The engine: every calendar and pathway of a ruleset directory, compiled and immutable.
// One Engine is shared by any number of threads; no method mutates it.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "escalate/id_map.hpp"
#include <vector>

#include "escalate/calendar.hpp"
#include "escalate/due.hpp"
#include "escalate/pathway.hpp"
#include "escalate/recalculate.hpp"

namespace escalate {

/// A question: "the case is at this stage of this pathway and this happened on this date;
/// what now?"
struct Query {
    std::string_view pathway;
    std::string_view stage;    // empty: the pathway is being started
    std::string_view event;    // empty with an empty stage: enter the entry stage
    std::string_view subject;  // empty: not stated
    Date at = no_date;         // the date of the event (the date the next stage is entered)
    Date started = no_date;    // the outset; no_date with an empty stage means `at`
    /// The date the current stage was entered: needed only when the event keeps the case at
    /// its stage (a side track), whose clock keeps running from that date.
    Date entered = no_date;
};

/// Where an obligation comes from.
enum class ObligationSource { stage, transition, outcome };

struct ObligationDue {
    const Pathway::Obligation* obligation = nullptr;
    Date due = no_date;  // working.due, or no_date
    const std::string* name = nullptr;  // its name for the query's subject
    DueWorking working;  // status past_calendar_end: its date cannot be given (not an error)
    Force force = Force::must;
    ObligationSource source = ObligationSource::stage;
};

/// Everything a Decision says but its obligations: plain values, so Engine::decide resets a
/// reused Decision with one assignment and keeps the obligations' storage.
struct DecisionSummary {
    const Pathway* pathway = nullptr;
    int pathway_index = -1;  // the index of `pathway` in Engine::pathways()
    Target target;
    const std::string* id = nullptr;         // stage or outcome id
    const std::string* name = nullptr;       // stage or outcome name
    const std::string* tier = nullptr;       // nullptr for a terminal outcome
    const std::string* tier_name = nullptr;  // nullptr for a terminal outcome
    const Pathway::Transition* transition = nullptr;  // nullptr when entering the entry stage
    Date entered = no_date;
    Date started = no_date;
    Date due = no_date;
    DueRule due_rule = DueRule::none;
    Date anchor_date = no_date;  // what the stage's own timescale counted from
    DueWorking working;          // the whole working behind `due`
    Force force = Force::must;   // the force of the rule that decided `due`
    /// The stage was entered after the date it is due (at > due): overdue on entry.
    bool overdue = false;
    /// The event kept the case at its stage (a side track): `entered` is the stage's entry.
    bool side_track = false;
};

struct Decision : DecisionSummary {
    std::vector<ObligationDue> steps;
    /// The event's own obligations (transition, then outcome) first, then the stage's.
    std::vector<ObligationDue> actions;
};

class Engine {
public:
    /// Loads a ruleset file or a directory of them (searched recursively for *.xml), compiles
    /// everything, and returns an engine, or throws; nothing is partially loaded.
    static std::shared_ptr<const Engine> load(const std::filesystem::path& path);

    /// A ruleset document held in memory; `name` stands for its file in error messages.
    struct Document {
        std::string_view text;
        std::string name;
    };

    /// Loads several files or directories and documents from memory into one engine (a
    /// partnership's own pathways with the bundled calendars). All or nothing; an id defined
    /// twice across them is an error naming both places. InvalidArgumentError when given
    /// nothing at all.
    static std::shared_ptr<const Engine> load(const std::vector<std::filesystem::path>& paths,
                                              const std::vector<Document>& documents = {});

    /// Compiles definitions already read (used by load and by tests).
    static std::shared_ptr<const Engine> compile(const std::vector<CalendarDefinition>& calendars,
                                                 const std::vector<PathwayDefinition>& pathways);

    const std::vector<std::shared_ptr<const Pathway>>& pathways() const noexcept {
        return pathways_;
    }
    const std::vector<std::shared_ptr<const Calendar>>& calendars() const noexcept {
        return calendars_;
    }
    /// Index by id, or -1.
    int find_pathway(std::string_view id) const noexcept;
    int find_calendar(std::string_view id) const noexcept;
    /// By id; throws NotFoundError naming the ids that do exist.
    const Pathway& pathway(std::string_view id) const;
    const Calendar& calendar(std::string_view id) const;

    /// Answers a query (docs/semantics.md). Throws NotFoundError, NoTransitionError,
    /// InvalidArgumentError or OutOfRangeError.
    Decision decide(const Query& query) const;
    /// The same answer written into `decision`, whose steps and actions keep their capacity,
    /// so a caller that reuses one Decision (the C layer keeps one per thread) allocates
    /// nothing once it has grown. On a throw, `decision` holds no meaningful answer.
    void decide(const Query& query, Decision& decision) const;

    /// The due date of a stage entered on `entered` in a pathway started on `started`;
    /// no_date when the stage has no timescale. `started` may be no_date only for a stage
    /// whose due date does not count from the outset (InvalidArgumentError otherwise).
    /// Throws NotFoundError for bad indices, OutOfRangeError outside the calendar.
    Date due(int pathway, int stage, Date entered, Date started) const;

    /// Due dates for many cases at once (recalculate.hpp): O(1) per case, any number of
    /// threads. Never throws for a bad row; rows are reported through `status`. The first call
    /// on an engine builds its bulk tables (once, whichever thread comes first; the others
    /// wait), so loading does not pay for tables a caller that never recalculates would not use.
    RecalculateSummary recalculate(const CaseColumns& cases, Date* due, RowStatus* status, unsigned threads,
                                   std::vector<BadRow>* bad_rows = nullptr) const {
        return bulk().recalculate(cases, due, status, threads, bad_rows);
    }

private:
    Engine() = default;
    [[noreturn]] void unknown_pathway(std::string_view id) const;
    /// The bulk tables, built on first use under bulk_once_: the engine stays immutable to
    /// every caller, and concurrent first calls build them once (docs/performance.md).
    const BulkTables& bulk() const;
    mutable std::once_flag bulk_once_;
    mutable std::unique_ptr<const BulkTables> bulk_;
    std::vector<std::shared_ptr<const Calendar>> calendars_;
    std::vector<std::shared_ptr<const Pathway>> pathways_;
    IdMap<int> pathway_index_, calendar_index_;
};

}  // namespace escalate
