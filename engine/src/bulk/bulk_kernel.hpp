// The inner loops of bulk recalculation, over plain arrays, so that a vector version can be
// compiled for CPUs that have it and chosen at run time. Private to the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "escalate/recalculate.hpp"

namespace escalate::bulk {

// Table codes, 16 bits so the hot part of every table stays in L1. Real due dates are stored
// as date - first + real_base, so every code below real_base means "this row failed a check",
// and min() with any real date keeps the failure. Calendars spanning more days than the codes
// can hold (about 179 years) get no tables: their rows take the careful path.
using Code = std::uint16_t;
inline constexpr std::uint32_t invalid_code = 0;
inline constexpr std::uint32_t real_base = 16;
inline constexpr std::uint32_t beyond_code = 0xFFFEu;  // due past the calendar's last day
inline constexpr std::uint32_t none_code = 0xFFFFu;    // no timescale: larger than any date
inline constexpr std::uint32_t max_span = beyond_code - real_base - 1;

struct KernelTables {
    // Per rule, two table numbers in one word (one gather fetches both): the low half is the
    // table indexed by the entry date, the high half the table indexed by the start date.
    const std::uint32_t* rule_tables;
    const Code* tables;  // table n starts at n * table_size: dates, out of range, no start
    std::uint32_t table_size;
    std::uint32_t pathways;
    std::uint32_t stride_shift;  // rule = (pathway << stride_shift) + stage
    std::uint32_t span;
    Date first;
};

/// Rows [begin, end): writes due and status for rows that pass every check and appends the
/// others' indices to `flagged` (their due and status are left for the careful path).
using Kernel = void (*)(const KernelTables&, const CaseColumns&, std::size_t begin, std::size_t end, Date* due,
                        RowStatus* status, std::vector<std::size_t>& flagged);

void scalar_kernel(const KernelTables&, const CaseColumns&, std::size_t, std::size_t, Date*, RowStatus*,
                   std::vector<std::size_t>&);
#if defined(__x86_64__)
void avx2_kernel(const KernelTables&, const CaseColumns&, std::size_t, std::size_t, Date*, RowStatus*,
                 std::vector<std::size_t>&);
#endif

/// The fastest kernel this CPU runs.
Kernel best_kernel();

}  // namespace escalate::bulk
