// The worklist (docs/case-histories.md#the-worklist): what each open case owes as of a date,
// and the summary by tier and state. Shared by `escalate worklist` and `escalate demo`, so the
// two count cases the same way.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "escalate.h"

namespace escalate::cli {

/// Where an open case stands against its due date on the as-of date.
enum class WorkState { overdue, due_today, due_later, no_due_date };
inline constexpr int work_state_count = 4;
/// "overdue", "due-today", "due-later", "no-due-date".
const char* work_state_name(WorkState state);

/// Days left: calendar days from the as-of date to the due date, negative when overdue
/// (docs/case-histories.md#the-worklist says why calendar days).
inline std::int64_t days_left(esc_date due, esc_date as_of) {
    return static_cast<std::int64_t>(due) - static_cast<std::int64_t>(as_of);
}

/// The state of a case the bulk call found open (not terminal): overdue as the engine says
/// (esc_case_row.overdue: the as-of date is after the due date), due today, due later, or no
/// due date (the source states no timescale).
WorkState work_state(const esc_case_row& row, esc_date as_of);

/// Ids of the engine's pathways, stages' tiers and subjects, looked up once.
class PathwayTable {
public:
    explicit PathwayTable(const esc_engine* engine);
    std::int32_t count() const { return static_cast<std::int32_t>(pathways_.size()); }
    const std::string& pathway_id(std::int32_t pathway) const { return pathways_[static_cast<std::size_t>(pathway)].id; }
    /// The id, with the version where the id has several ("test-versions 2023"), for the summary.
    const std::string& pathway_label(std::int32_t pathway) const { return pathways_[static_cast<std::size_t>(pathway)].label; }
    /// The tier index of a stage.
    std::int32_t tier(std::int32_t pathway, std::int32_t stage) const {
        return pathways_[static_cast<std::size_t>(pathway)].stage_tiers[static_cast<std::size_t>(stage)];
    }
    const std::string& tier_id(std::int32_t pathway, std::int32_t tier) const {
        return pathways_[static_cast<std::size_t>(pathway)].tier_ids[static_cast<std::size_t>(tier)];
    }
    /// The subject's position in the pathway's subjects for esc_case_columns: -1 for none
    /// stated (empty), the number of subjects for one the pathway does not cover (so the bulk
    /// call reports the case as bad-subject).
    std::int32_t subject_index(std::int32_t pathway, std::string_view subject) const;
    const std::vector<std::string>& subjects(std::int32_t pathway) const {
        return pathways_[static_cast<std::size_t>(pathway)].subjects;
    }

private:
    struct Pathway {
        std::string id, label;
        std::vector<std::int32_t> stage_tiers;
        std::vector<std::string> tier_ids;
        std::vector<std::string> subjects;
    };
    std::vector<Pathway> pathways_;
};

/// Counts of a caseload: open cases by pathway, tier and state; closed cases (at an outcome);
/// bad cases by reason. Every case is exactly one of the three.
class WorklistSummary {
public:
    void add_open(std::int32_t pathway, std::int32_t tier, WorkState state);
    /// Takes back an open case counted before (its rows turned out not to be together).
    void remove_open(std::int32_t pathway, std::int32_t tier, WorkState state);
    void add_closed() { ++closed_; }
    void remove_closed() { --closed_; }
    void add_bad(const std::string& reason) { ++bad_by_reason_[reason]; ++bad_; }

    std::uint64_t open() const { return open_; }
    std::uint64_t closed() const { return closed_; }
    std::uint64_t bad() const { return bad_; }
    std::uint64_t cases() const { return open_ + closed_ + bad_; }

    /// The summary: a heading line with the totals, then (indented) a table of open cases by
    /// pathway and tier (one column a state, and the total), the line of all open cases, and
    /// the bad cases by reason.
    void write(std::ostream& out, const PathwayTable& table, esc_date as_of) const;

private:
    std::map<std::pair<std::int32_t, std::int32_t>, std::array<std::uint64_t, work_state_count>> open_by_tier_;
    std::map<std::string, std::uint64_t> bad_by_reason_;
    std::uint64_t open_ = 0, closed_ = 0, bad_ = 0;
};

}  // namespace escalate::cli
