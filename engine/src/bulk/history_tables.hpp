// The tables bulk case histories read (docs/case-histories.md, "Many cases at once"), built
// once with the engine. Nothing here decides anything: the moves are Pathway::next for every
// (subject, stage, event), the due dates the recalculation tables (the one evaluator,
// evaluate/due.hpp, run for every date of the calendar), the obligations the pathway's own
// lists. Private to the engine.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "escalate/date.hpp"

namespace escalate {
class Engine;
class BulkTables;
class Pathway;
}  // namespace escalate

namespace escalate::bulk {

/// One move: where an event takes a case from a stage (or from the start) for a subject.
struct HistoryMove {
    static constexpr std::int32_t none = -1;        // no transition (or it needs the subject)
    static constexpr std::int32_t side_track = -2;  // the case stays; its clock keeps running
    static constexpr std::int32_t outcome_first = -3;  // outcome k: outcome_first - k
    std::int32_t target = none;   // a stage index, or one of the codes above
    std::uint32_t persist_begin = 0;  // the ids of the obligations it leaves owed until done
    std::uint32_t persist_count = 0;  // (its transition's actions, then the outcome's): in persist
};

struct PathwayHistoryTables {
    std::vector<std::string_view> ids;  // obligation_ids(): done code bulk_done_first - k
    // Per stage, the id numbers of its steps and of its actions; per transition and outcome,
    // of its actions. The careful path works from these.
    std::vector<std::vector<std::int32_t>> stage_steps, stage_actions, transition_actions, outcome_actions;

    // The fast path, when `fast`: every stage's ids distinct, at most 64 ids, no id both a
    // stage's and an event's (so which of two open obligations `done:` marks never matters),
    // and the due-date tables built.
    bool fast = false;
    Date first = 0, last = 0;  // the calendar's range
    std::int32_t stages = 0, events = 0, subjects = 0, entry_stage = 0;
    std::vector<HistoryMove> moves;  // [((subject + 1) * (stages + 1) + from + 1) * events + event]
    std::vector<std::uint32_t> persist;  // id numbers, for HistoryMove::persist_*
    std::vector<std::uint64_t> stage_masks;  // per stage, the bits of its steps' and actions' ids
    std::uint64_t persistent_mask = 0;       // the ids of events' obligations
    std::vector<const std::uint16_t*> by_entry, by_start;  // per stage: due codes, bulk_kernel.hpp
};

class HistoryTables {
public:
    HistoryTables(const Engine& engine, const BulkTables& bulk);
    const std::vector<PathwayHistoryTables>& pathways() const noexcept { return pathways_; }
    Date table_first() const noexcept { return table_first_; }
    std::size_t most_ids() const noexcept { return most_ids_; }

private:
    std::vector<PathwayHistoryTables> pathways_;
    Date table_first_ = 0;
    std::size_t most_ids_ = 0;
};

}  // namespace escalate::bulk
