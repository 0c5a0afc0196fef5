// Bulk recalculation of due dates for large caseloads (docs/performance.md): O(1) per case from
// flat per-stage rules and the calendars' working-day tables, no allocation per case, threads
// over disjoint slices. A bad row gets a status and no date; it never stops the batch or
// touches another row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "escalate/date.hpp"

namespace escalate {

class Calendar;
class Engine;
struct StageRule;

enum class RowStatus : std::uint8_t {
    ok = 0,
    bad_pathway = 1,   // pathway index outside [0, pathway count)
    bad_stage = 2,     // stage index outside [0, stage count of that pathway)
    out_of_range = 3,  // the entry or start date outside the calendar's range
    missing_date = 4,  // no entry date
    bad_dates = 5,     // the start date is after the entry date
    missing_start = 6,      // no start date, but the stage counts from the outset
    due_out_of_range = 7,   // the dates are fine but the due date falls past the calendar's end
    no_version = 8,         // Engine::no_version_in_force: the outset is before every version
};

/// Column arrays of `count` cases. `started` may be null: then no case has a start date.
struct CaseColumns {
    const std::int32_t* pathway = nullptr;
    const std::int32_t* stage = nullptr;
    const Date* entered = nullptr;
    const Date* started = nullptr;
    std::size_t count = 0;
};

/// A stage's due-date rule as the bulk tables need it (a copy of Pathway's StageRule fields).
struct StageRuleShape {
    std::uint8_t kind = 0;        // DeadlineKind
    std::uint8_t from_start = 0;  // own timescale anchored at the outset
    std::uint8_t roll = 0;        // roll to the next working day
    std::int32_t days = 0;
    std::int32_t limit_days = -1;  // -1: no overall limit
    bool valid = false;            // false for the padding past a pathway's last stage
};

/// A row that failed, for callers that want every failure rather than a status per row.
struct BadRow {
    std::size_t row = 0;
    RowStatus status = RowStatus::ok;
};

struct RecalculateSummary {
    std::size_t bad_rows = 0;
    std::size_t first_bad_row = 0;  // meaningful when bad_rows > 0
    RowStatus first_bad_status = RowStatus::ok;
};

/// Precomputed, immutable tables the bulk loop reads. Every stage rule is reduced to two
/// tables of due dates, one indexed by the entry date and one by the start date (the stage's
/// own timescale and its overall limit, whichever applies to which date), so a case costs two
/// loads and a min(). Rows that fail a check come out as a small code and are redone by a
/// careful path that says what was wrong.
class BulkTables {
public:
    explicit BulkTables(const Engine& engine);

    /// Writes due[i] (no_date for a stage without timescale or a bad row) and, when status is
    /// not null, status[i], for every case. threads = 0 means every core.
    /// When bad_rows is not null, every failed row is appended to it in row order.
    RecalculateSummary recalculate(const CaseColumns& cases, Date* due, RowStatus* status, unsigned threads,
                                   std::vector<BadRow>* bad_rows = nullptr) const;

    /// A stage's table of due-date codes by the day it was entered, or by the outset
    /// (bulk/bulk_kernel.hpp says what the codes mean), indexed by day - table_first();
    /// nullptr when the tables were not built (a calendar too wide, over the budget).
    const std::uint16_t* stage_table(std::size_t pathway, std::size_t stage, bool by_start) const noexcept {
        if (rule_tables_.empty()) return nullptr;
        const std::uint32_t numbers = rule_tables_[pathway * stride_ + stage];
        return tables_.data() + std::size_t{by_start ? numbers >> 16 : numbers & 0xFFFFu} * (span_ + 3);
    }
    Date table_first() const noexcept { return first_; }

private:
    RecalculateSummary run(const CaseColumns& cases, std::size_t begin, std::size_t end, Date* due, RowStatus* status,
                           std::vector<BadRow>* bad_rows) const;
    /// The careful path for a row the fast loop flagged: which check failed, or its due date.
    RowStatus classify(const CaseColumns& cases, std::size_t i, Date& due) const;

    // The per-rule semantics in their plain form, used to build the tables and by classify().
    struct PlainRule {
        const Calendar* calendar = nullptr;
        StageRuleShape shape;
        const StageRule* rule = nullptr;  // the pathway's own, for the careful path
    };

    Date first_ = 0;            // every calendar's tables are read over one shared range
    std::uint32_t span_ = 0;    // last - first
    std::uint32_t stride_ = 1;  // rules per pathway, a power of two: rule = pathway * stride + stage
    std::uint32_t stride_shift_ = 0;
    std::uint32_t pathways_ = 0;
    // Per rule, its table by entry date (low 16 bits) and by start date (high 16 bits), as
    // table numbers: table n starts at tables_[n * (span_ + 3)].
    std::vector<std::uint32_t> rule_tables_;
    std::vector<PlainRule> plain_;
    // All tables end to end; each has span_ + 3 entries: a code per date, then one for a date
    // out of range, then one for "no start date given".
    std::vector<std::uint16_t> tables_;  // one padding code at the end: the vector loop reads 32 bits
};
}  // namespace escalate
