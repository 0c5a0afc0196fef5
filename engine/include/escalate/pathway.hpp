// A compiled pathway: an immutable stage graph (Boost.Graph compressed_sparse_row_graph) plus
// flat lookup tables. Built once by compile(); never changed afterwards, so it is safe to share
// across threads without locks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "escalate/id_map.hpp"
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "escalate/calendar.hpp"
#include "escalate/pathway_model.hpp"

namespace escalate {

class Engine;

/// A deadline in the form the evaluator reads (docs/semantics.md). Hours are held as the
/// calendar days they run to: ceil(hours / 24).
struct Clock {
    DeadlineKind kind = DeadlineKind::none;
    Anchor anchor = Anchor::stage_entry;
    std::int32_t days = 0;
    bool roll_to_working_day = false;

    static Clock of(const DeadlineDefinition& deadline) noexcept;
};

/// The per-stage due-date rule in the form the hot loops use.
struct StageRule : Clock {
    std::int32_t limit_days = -1;  // overall limit from pathway start; -1 when none covers it
};

/// Where a transition leads: a stage or a terminal outcome, by index.
struct Target {
    bool terminal = false;
    int index = -1;
};

struct TransitionEdge {
    int transition = -1;  // index into Pathway::transitions()
};

using StageGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                      TransitionEdge>;

class Pathway {
public:
    struct Tier {
        std::string id;
        std::string name;
        std::vector<TierNameVariant> variants;
        std::string clause;
    };
    struct Obligation {  // a step or a required action
        std::string id;
        std::string name;
        std::vector<TierNameVariant> variants;  // names that depend on the subject
        DeadlineDefinition deadline;
        std::string clause;
    };
    struct Stage {
        std::string id;
        std::string name;
        int tier = -1;
        DeadlineDefinition deadline;
        std::vector<Obligation> steps;
        std::vector<Obligation> actions;
        int limit = -1;  // index of the overall limit covering it, or -1
        /// Worst-case working days from the outset to this stage's due date, along the longest
        /// path from the entry; nullopt when a stage on the way has no working-day bound.
        std::optional<int> cumulative_working_days;
        std::string clause;
    };
    struct Outcome {
        std::string id;
        std::string name;
        OutcomeKind kind = OutcomeKind::resolved;
        std::vector<TierNameVariant> variants;
        std::vector<Obligation> actions;  // obligations on reaching it, from the event's date
        std::string clause;
    };
    struct Limit {
        std::string id;
        std::string name;
        int working_days = 0;
        Force force = Force::must;
        std::string reading;
        std::string clause;
    };
    struct Transition {
        int from = -1;      // stage index, or -1 for the start of the pathway
        int event = -1;     // index into events()
        int subject = -1;   // index into subjects(), -1 = any
        Target target;
        std::vector<Obligation> actions;  // obligations the event gives rise to
        std::string clause;
        /// The case stays at its stage (its clock keeps running) and the actions are added.
        bool side_track() const noexcept { return !target.terminal && target.index == from; }
    };

    /// Checks and compiles a definition against the already compiled calendars. Throws
    /// RulesetError ("file:line: what is wrong; how to fix it") on the first problem found.
    static std::shared_ptr<const Pathway> compile(
        const PathwayDefinition& definition,
        const std::unordered_map<std::string, std::shared_ptr<const Calendar>>& calendars);

    const std::string& id() const noexcept { return id_; }
    const std::string& title() const noexcept { return title_; }
    const std::string& version() const noexcept { return version_; }
    /// As the file states it (to the day, month or year); the version governs cases whose
    /// outset is on or after effective_from().first (docs/ruleset-format.md, Versions).
    const StatedDate& effective_from() const noexcept { return effective_from_; }
    /// When the source says the version is due for review; nullopt when it says nothing.
    const std::optional<StatedDate>& review_by() const noexcept { return review_by_; }
    const SourceDocument& source() const noexcept { return source_; }
    const std::string& file() const noexcept { return file_; }
    const Calendar& calendar() const noexcept { return *calendar_; }
    const std::vector<std::string>& subjects() const noexcept { return subjects_; }
    /// Standard events first (resolved, unresolved, immediate-risk), then declared ones.
    const std::vector<std::string>& events() const noexcept { return events_; }

    const std::vector<Tier>& tiers() const noexcept { return tiers_; }
    const std::vector<Stage>& stages() const noexcept { return stages_; }
    const std::vector<Outcome>& outcomes() const noexcept { return outcomes_; }
    const std::vector<Limit>& limits() const noexcept { return limits_; }
    const std::vector<Transition>& transitions() const noexcept { return transitions_; }
    int entry_stage() const noexcept { return entry_; }

    /// Stage index by id, or -1.
    int find_stage(std::string_view id) const noexcept;
    /// Outcome index by id, or -1.
    int find_outcome(std::string_view id) const noexcept;
    /// Event index by id, or -1.
    int find_event(std::string_view id) const noexcept;
    /// Subject index by name, or -1.
    int find_subject(std::string_view subject) const noexcept;

    /// The transition taken from a stage (-1: the start of the pathway) on an event, given the
    /// subject (-1: not stated). nullptr when none applies. A guarded transition needs the
    /// subject; an unguarded one applies to every subject.
    const Transition* next(int stage, int event, int subject) const noexcept;

    /// The tier's name for the subject (-1: not stated, the general name).
    const std::string& tier_name(int tier, int subject) const noexcept;
    /// The name for the subject among variants (-1: not stated: the general name).
    const std::string& name_for(const std::string& general, const std::vector<TierNameVariant>& variants,
                                int subject) const noexcept;

    /// The graph: vertices 0..stages-1 are stages, then outcomes, then the start vertex.
    const StageGraph& graph() const noexcept { return graph_; }
    int start_vertex() const noexcept { return static_cast<int>(stages_.size() + outcomes_.size()); }

    /// Flat per-stage rules, indexed by stage.
    const std::vector<StageRule>& rules() const noexcept { return rules_; }

private:
    Pathway() = default;
    friend class PathwayCompiler;

    std::string id_, title_, version_, file_;
    StatedDate effective_from_;
    std::optional<StatedDate> review_by_;
    SourceDocument source_;
    std::shared_ptr<const Calendar> calendar_;
    std::vector<std::string> subjects_;
    std::vector<std::string> events_;
    std::vector<Tier> tiers_;
    std::vector<Stage> stages_;
    std::vector<Outcome> outcomes_;
    std::vector<Limit> limits_;
    std::vector<Transition> transitions_;
    std::vector<int> transitions_from_;  // CSR offsets: transitions of stage s (s+1 = start
                                         // at index 0) are [from[s+1], from[s+2])
    int entry_ = -1;
    StageGraph graph_;
    std::vector<StageRule> rules_;
    IdMap<int> stage_index_, outcome_index_, event_index_;
};

}  // namespace escalate
