// What a pathway file says, before compilation (docs/ruleset-format.md is the reader's guide).
// Every element keeps its source location and the clause of the policy it encodes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "escalate/calendar_model.hpp"
#include "escalate/date.hpp"

namespace escalate {

/// How a deadline counts (docs/semantics.md, "Counting"). hours N is due on D + ceil(N / 24).
enum class DeadlineKind { none, immediately, working_days, calendar_days, hours };

/// What a timescale counts from (docs/semantics.md, "Anchors"). previous_step is for steps
/// only: the due date of the step before it in the same stage (or the stage entry for the
/// first step). on_event: the day a named step, action or event happens (DeadlineDefinition::on).
enum class Anchor { stage_entry, pathway_start, previous_step, on_event };

/// The force its source gives a deadline, as worded (docs/semantics.md, "Force").
enum class Force { must, should, expected, usually };

enum class OutcomeKind { resolved, final_decision, exit };

struct DeadlineDefinition {
    DeadlineKind kind = DeadlineKind::none;
    int days = 0;   // working or calendar days; 0 for none, immediately and hours
    int hours = 0;  // for kind hours only
    /// roll="next-working-day": a due date on a non-working day moves to the next working day
    /// (hours and calendar-days only).
    bool roll_to_working_day = false;
    Anchor anchor = Anchor::stage_entry;
    std::string on;  // anchor on_event: the step, action or event it waits for
    Force force = Force::must;
    /// How the source's words were read, and any other reading they allow (for --explain).
    std::string reading;
    /// The policy's stated cumulative worst case in working days from the outset, checked
    /// against the compiled graph (docs/semantics.md, "Reading a source").
    std::optional<int> declared_cumulative;
    std::string clause;
    SourceLocation where;
};

/// A name that depends on the subject (<name-for subject=... name=.../>), on tiers, steps,
/// actions and outcomes.
struct TierNameVariant {
    std::string subject;  // "child" or "adult"
    std::string name;
    SourceLocation where;
};

struct TierDefinition {
    std::string id;
    std::string name;  // used when no variant matches the facts
    std::vector<TierNameVariant> variants;
    std::string clause;
    SourceLocation where;
};

struct EventDefinition {
    std::string id;
    std::string name;
    std::string clause;
    SourceLocation where;
};

/// An ordered sub-deadline inside a stage (Wolverhampton Stage 1: raise within 2, respond
/// within a further 3).
struct StepDefinition {
    std::string id;
    std::string name;
    std::vector<TierNameVariant> variants;
    DeadlineDefinition deadline;
    std::string clause;
    SourceLocation where;
};

/// Something the stage requires (record in writing, notify the board, monitoring form).
struct ActionDefinition {
    std::string id;
    std::string name;
    std::vector<TierNameVariant> variants;
    DeadlineDefinition deadline;  // kind none when the source gives no timescale
    std::string clause;
    SourceLocation where;
};

struct TransitionDefinition {
    std::string event;    // resolved, unresolved, immediate-risk, or a declared event
    std::string subject;  // guard: empty = any subject
    std::string target;   // a stage or outcome id; the stage it leaves from: a side track
    std::vector<ActionDefinition> actions;  // obligations the event gives rise to
    std::string clause;
    SourceLocation where;
};

struct StageDefinition {
    std::string id;
    std::string name;
    std::string tier;
    DeadlineDefinition deadline;
    std::vector<StepDefinition> steps;
    std::vector<ActionDefinition> actions;
    std::vector<TransitionDefinition> transitions;
    std::string clause;
    SourceLocation where;
};

struct OutcomeDefinition {
    std::string id;
    std::string name;
    OutcomeKind kind = OutcomeKind::resolved;
    std::vector<TierNameVariant> variants;
    std::vector<ActionDefinition> actions;  // obligations on reaching the outcome
    std::string clause;
    SourceLocation where;
};

/// N working days from pathway start, capping every stage it covers.
struct LimitDefinition {
    std::string id;
    std::string name;
    int working_days = 0;
    std::vector<std::string> covers;  // stage ids
    Force force = Force::must;
    std::string reading;  // as DeadlineDefinition::reading
    std::string clause;
    SourceLocation where;
};

/// How a pathway is entered: the entry stage, plus transitions taken when the pathway is
/// started on an event (immediate risk straight to safeguarding procedures or a higher stage).
struct StartDefinition {
    std::string entry_stage;
    std::vector<TransitionDefinition> transitions;
    std::string clause;
    SourceLocation where;
};

struct SourceDocument {
    std::string title;
    std::string authority;
    std::string date;  // as the document states it: YYYY-MM-DD, YYYY-MM or YYYY; "" when undated
    std::string file;
};

struct PathwayDefinition {
    std::string id;
    std::string title;
    std::string version;
    /// The version governs cases whose outset is on or after this (a partial date: from the
    /// first day of the month or year it names; docs/ruleset-format.md, Versions).
    StatedDate effective_from;
    std::optional<StatedDate> review_by;  // when the source says it is due for review
    SourceDocument source;
    std::string calendar;
    std::vector<std::string> subjects;  // "child", "adult"
    std::vector<EventDefinition> events;  // beyond the three standard events
    std::vector<TierDefinition> tiers;
    std::vector<LimitDefinition> limits;
    StartDefinition start;
    std::vector<StageDefinition> stages;
    std::vector<OutcomeDefinition> outcomes;
    SourceLocation where;
};

}  // namespace escalate
