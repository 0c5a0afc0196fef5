// Bulk recalculation of due dates for large caseloads (SPEC section 7): O(1) per case from
// flat per-stage rules and the calendars' working-day tables, no allocation per case, threads
// over disjoint slices. A bad row gets a status and no date; it never stops the batch or
// touches another row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "escalate/date.hpp"

namespace escalate {

class Engine;

enum class RowStatus : std::uint8_t {
    ok = 0,
    bad_pathway = 1,   // pathway index outside [0, pathway count)
    bad_stage = 2,     // stage index outside [0, stage count of that pathway)
    out_of_range = 3,  // a date, or the due date, outside the calendar's range
    missing_date = 4,  // no entry date, or no start date where the stage counts from the outset
    bad_dates = 5,     // the start date is after the entry date
};

/// Column arrays of `count` cases. `started` may be null: then no case has a start date.
struct CaseColumns {
    const std::int32_t* pathway = nullptr;
    const std::int32_t* stage = nullptr;
    const Date* entered = nullptr;
    const Date* started = nullptr;
    std::size_t count = 0;
};

struct RecalculateSummary {
    std::size_t bad_rows = 0;
    std::size_t first_bad_row = 0;  // meaningful when bad_rows > 0
    RowStatus first_bad_status = RowStatus::ok;
};

/// Precomputed, immutable tables the bulk loop reads: one flat rule per stage of every pathway,
/// indexed by pathway offset + stage index, each pointing at its calendar's tables.
class BulkTables {
public:
    explicit BulkTables(const Engine& engine);

    /// Writes due[i] (no_date for a stage without timescale or a bad row) and, when status is
    /// not null, status[i], for every case. threads = 0 means every core.
    RecalculateSummary recalculate(const CaseColumns& cases, Date* due, RowStatus* status, unsigned threads) const;

    struct Rule {
        const std::int32_t* through;  // working days through date d: through[d], already offset
        const Date* nth;              // nth[k]: k-th working day; padded past the end
        Date first;                   // calendar range
        std::uint32_t span;           // last - first
        std::int32_t days;            // own timescale (working or calendar days)
        std::int32_t limit_days;      // -1 when no overall limit covers the stage
        std::uint8_t kind;            // DeadlineKind
        std::uint8_t from_start;      // anchored at the outset
    };

private:
    RecalculateSummary run(const CaseColumns& cases, std::size_t begin, std::size_t end, Date* due, RowStatus* status) const;

    std::vector<std::int32_t> pathway_offset_;  // first rule of each pathway
    std::vector<std::int32_t> pathway_stages_;  // stage count of each pathway
    std::vector<Rule> rules_;
    std::vector<std::vector<Date>> padded_nth_;  // per calendar
};

}  // namespace escalate
