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

namespace bulk {
class HistoryTables;
}

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
    /// A version of the pathway named explicitly; empty: the version in force on the outset
    /// (`started`, else `at`). docs/ruleset-format.md, Versions.
    std::string_view version;
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
    /// partnership's own pathways with the bundled calendars). All or nothing; a calendar id
    /// defined twice, or two versions of a pathway with one version string or effective-from,
    /// is an error naming both places. InvalidArgumentError when given nothing at all.
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
    /// Versions (docs/ruleset-format.md, Versions): pathways() holds every version of every
    /// id, ordered by id and then effective-from, so the versions of one id are the indices
    /// [first, last), oldest first.
    struct VersionRange {
        int first = 0;
        int last = 0;  // first == last: no such id
    };
    VersionRange versions(std::string_view id) const noexcept;
    /// The versions that share the id of the pathway at an index (which must be valid).
    VersionRange versions_of(int pathway) const noexcept { return version_ranges_[static_cast<std::size_t>(pathway)]; }
    /// The version of the same id as the pathway at `pathway` that is in force on `outset`
    /// (the latest effective-from on or before it), or -1 when the outset is before every
    /// version. `pathway` must be a valid index. For bulk callers (no allocation, no throw).
    int version_in_force(int pathway, Date outset) const noexcept;
    /// The index of a pathway of this engine (a version), or -1.
    int index_of(const Pathway& pathway) const noexcept;
    /// The pathway index select_versions() gives a row whose outset is before every version.
    static constexpr std::int32_t no_version_in_force = -2;
    /// Bulk rows given by pathway id (any version's index names its id, as find_pathway() gives
    /// the latest) re-pointed, in place, to the version that governs each case: the version in
    /// force on its outset (`started`, else `entered`), as pathway(id, "", outset) chooses for
    /// one case. The stage index follows its stage id into that version (-1 when the version
    /// has no such stage). A row older than every version gets no_version_in_force. Rows with
    /// a pathway or stage index out of range, no outset, or an outset no version covers and the
    /// calendar does not either are left as they are, for the recalculation to report.
    /// `started` may be null. Returns the number of rows changed. No allocation, no throw.
    std::size_t select_versions(std::int32_t* pathways, std::int32_t* stages, const Date* entered, const Date* started,
                                std::size_t count) const noexcept;

    /// Index by id, or -1. With no date to choose by, an id means its latest version (the
    /// latest effective-from): the engine reads no clock, so the answer never depends on today.
    int find_pathway(std::string_view id) const noexcept;
    int find_calendar(std::string_view id) const noexcept;
    /// By id (its latest version); throws NotFoundError naming the ids that do exist.
    const Pathway& pathway(std::string_view id) const;
    /// The version a case is governed by: the one named when `version` is not empty, else the
    /// one in force on `outset`, else (outset no_date) the latest. Throws NotFoundError for an
    /// unknown id, an unknown version (naming the versions there are) and an outset before
    /// every version (naming the earliest version's effective-from); OutOfRangeError instead
    /// when that outset is outside the earliest version's calendar.
    const Pathway& pathway(std::string_view id, std::string_view version, Date outset) const;
    /// The date by which a case's version is chosen: its outset `started`, else `entered`, the
    /// date it entered its stage (for a case being started, the date it starts). The one rule
    /// behind decide(), select_versions() and pathway_for_case(); docs/ruleset-format.md,
    /// Versions.
    static constexpr Date outset_of(Date entered, Date started) noexcept {
        return started != no_date ? started : entered;
    }
    /// The version governing a case at a stage it entered on `entered`, started on `started`
    /// (no_date: not given): pathway(id, version, outset_of(entered, started)).
    const Pathway& pathway_for_case(std::string_view id, std::string_view version, Date entered, Date started) const {
        return pathway(id, version, outset_of(entered, started));
    }
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

    /// The tables bulk case histories read (bulk/history_tables.hpp; opaque outside the engine),
    /// built from the bulk tables on first use, like them (once, whichever thread comes first).
    const bulk::HistoryTables& history_tables() const;

private:
    Engine() = default;
    [[noreturn]] void unknown_pathway(std::string_view id) const;
    /// The bulk tables, built on first use under bulk_once_: the engine stays immutable to
    /// every caller, and concurrent first calls build them once (docs/performance.md).
    const BulkTables& bulk() const;
    mutable std::once_flag bulk_once_;
    mutable std::unique_ptr<const BulkTables> bulk_;
    mutable std::once_flag histories_once_;
    mutable std::shared_ptr<const bulk::HistoryTables> histories_;  // shared_ptr: complete only in bulk/
    std::vector<std::shared_ptr<const Calendar>> calendars_;
    std::vector<std::shared_ptr<const Pathway>> pathways_;
    IdMap<int> pathway_index_, calendar_index_;  // a pathway id: its latest version
    std::vector<VersionRange> version_ranges_;   // per pathway index
    struct InForce {
        Date from, until;  // the outsets a version governs, inclusive
    };
    std::vector<InForce> in_force_;  // per pathway index
};

}  // namespace escalate
