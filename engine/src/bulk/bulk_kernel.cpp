#include "bulk/bulk_kernel.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace escalate::bulk {

namespace {

// One row, branch-free but for the (rare) failure: the rows of a caseload mix stages at
// random, so any branch on the rule would mispredict.
inline void one_row(const KernelTables& t, const CaseColumns& cases, std::size_t i, Date* due, RowStatus* status,
                    std::vector<std::size_t>& flagged) {
    const auto p = static_cast<std::uint32_t>(cases.pathway[i]);
    const auto s = static_cast<std::uint32_t>(cases.stage[i]);
    const Date entered = cases.entered[i];
    const Date started = cases.started ? cases.started[i] : no_date;
    const std::uint32_t stride = 1u << t.stride_shift;
    std::uint32_t bad = static_cast<std::uint32_t>(p >= t.pathways) | static_cast<std::uint32_t>(s >= stride);
    const std::uint32_t rule = ((p << t.stride_shift) + s) & (bad - 1u);
    std::uint32_t entry_at = static_cast<std::uint32_t>(entered) - static_cast<std::uint32_t>(t.first);
    entry_at = entry_at > t.span ? t.span + 1 : entry_at;
    std::uint32_t start_at = static_cast<std::uint32_t>(started) - static_cast<std::uint32_t>(t.first);
    start_at = start_at > t.span ? t.span + 1 : start_at;
    start_at = started == no_date ? t.span + 2 : start_at;
    bad |= static_cast<std::uint32_t>(started > entered);
    const std::uint32_t numbers = t.rule_tables[rule];
    const std::uint32_t by_entry = t.tables[(numbers & 0xFFFFu) * t.table_size + entry_at];
    const std::uint32_t by_start = t.tables[(numbers >> 16) * t.table_size + start_at];
    const std::uint32_t code = by_entry < by_start ? by_entry : by_start;
    bad |= static_cast<std::uint32_t>(code < real_base) | static_cast<std::uint32_t>(code == beyond_code);
    if (__builtin_expect(bad != 0, 0)) {
        flagged.push_back(i);
        return;
    }
    due[i] = code == none_code ? no_date : t.first - static_cast<Date>(real_base) + static_cast<Date>(code);
    if (status) status[i] = RowStatus::ok;
}

}  // namespace

void scalar_kernel(const KernelTables& t, const CaseColumns& cases, std::size_t begin, std::size_t end, Date* due,
                   RowStatus* status, std::vector<std::size_t>& flagged) {
    for (std::size_t i = begin; i < end; ++i) one_row(t, cases, i, due, status, flagged);
}

#if defined(__x86_64__)
// Eight rows at a time: the same steps as one_row, with the four table reads as gathers.
template <int Groups>  // rule groups of eight held in registers; 0: fetch rules with a gather
__attribute__((target("avx2"))) void avx2_rows(const KernelTables& t, const CaseColumns& cases, std::size_t begin,
                                               std::size_t end, Date* due, RowStatus* status,
                                               std::vector<std::size_t>& flagged) {
    const __m256i pathways_max = _mm256_set1_epi32(static_cast<int>(t.pathways - 1));
    const __m256i stage_max = _mm256_set1_epi32(static_cast<int>((1u << t.stride_shift) - 1));
    const __m128i shift = _mm_cvtsi32_si128(static_cast<int>(t.stride_shift));
    const __m256i first = _mm256_set1_epi32(t.first);
    const __m256i out_of_range = _mm256_set1_epi32(static_cast<int>(t.span + 1));
    const __m256i no_start = _mm256_set1_epi32(static_cast<int>(t.span + 2));
    const __m256i no_date_v = _mm256_set1_epi32(no_date);
    const __m256i below_real = _mm256_set1_epi32(static_cast<int>(real_base - 1));
    const __m256i beyond = _mm256_set1_epi32(static_cast<int>(beyond_code));
    const __m256i none = _mm256_set1_epi32(static_cast<int>(none_code));
    const __m256i date_base = _mm256_set1_epi32(t.first - static_cast<Date>(real_base));
    const int* rule_tables = reinterpret_cast<const int*>(t.rule_tables);
    const __m256i table_size = _mm256_set1_epi32(static_cast<int>(t.table_size));
    const __m256i low_half = _mm256_set1_epi32(0xFFFF);
    const int* tables = reinterpret_cast<const int*>(t.tables);
    const std::size_t rule_count = static_cast<std::size_t>(t.pathways) << t.stride_shift;
    __m256i rule_groups[Groups > 0 ? Groups : 1];
    if constexpr (Groups > 0) {
        alignas(32) std::uint32_t padded[Groups * 8] = {};
        std::copy(t.rule_tables, t.rule_tables + rule_count, padded);
        for (int g = 0; g < Groups; ++g) rule_groups[g] = _mm256_load_si256(reinterpret_cast<const __m256i*>(padded + 8 * g));
    }
    std::size_t i = begin;
    // A large batch's due dates will not be read back soon: stream them past the caches, which
    // saves reading each output line before writing it. Small batches keep them cached. The
    // whole batch decides, not this thread's part of it, so that two threads stream as one does.
    const bool stream = cases.count >= (std::size_t{1} << 22);
    if (stream) {
        for (; i < end && (reinterpret_cast<std::uintptr_t>(due + i) & 31) != 0; ++i) one_row(t, cases, i, due, status, flagged);
    }
    // Columns in locals: the status stores are byte stores, which may alias anything, and would
    // otherwise make the compiler reload every pointer from `cases` on each pass.
    const std::int32_t* const pathway_column = cases.pathway;
    const std::int32_t* const stage_column = cases.stage;
    const Date* const entered_column = cases.entered;
    const Date* const started_column = cases.started;
    for (; i + 8 <= end; i += 8) {
        const __m256i p = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(pathway_column + i));
        const __m256i s = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(stage_column + i));
        const __m256i entered = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(entered_column + i));
        const __m256i started = started_column ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(started_column + i)) : no_date_v;
        // Unsigned x > max  <=>  max(x, max) != max.
        __m256i bad = _mm256_or_si256(
            _mm256_xor_si256(_mm256_cmpeq_epi32(_mm256_max_epu32(p, pathways_max), pathways_max), _mm256_set1_epi32(-1)),
            _mm256_xor_si256(_mm256_cmpeq_epi32(_mm256_max_epu32(s, stage_max), stage_max), _mm256_set1_epi32(-1)));
        const __m256i rule = _mm256_andnot_si256(bad, _mm256_add_epi32(_mm256_sll_epi32(p, shift), s));
        const __m256i entry_at = _mm256_min_epu32(_mm256_sub_epi32(entered, first), out_of_range);
        const __m256i start_missing = _mm256_cmpeq_epi32(started, no_date_v);
        const __m256i start_at = _mm256_blendv_epi8(_mm256_min_epu32(_mm256_sub_epi32(started, first), out_of_range), no_start, start_missing);
        bad = _mm256_or_si256(bad, _mm256_cmpgt_epi32(started, entered));
        __m256i numbers;
        if constexpr (Groups > 0) {
            // Few rules: look them up in registers instead of a gather. Each group of eight is
            // permuted by the rule's low three bits, then a tree of blends picks the group by
            // the bits above (bit 3 + level), read as each lane's sign by vblendvps.
            __m256i level[Groups];
            for (int g = 0; g < Groups; ++g) level[g] = _mm256_permutevar8x32_epi32(rule_groups[g], rule);
            int count = Groups;
            for (int bit = 3; count > 1; ++bit) {
                const __m256 upper = _mm256_castsi256_ps(_mm256_sll_epi32(rule, _mm_cvtsi32_si128(31 - bit)));
                for (int k = 0; k < count / 2; ++k) {
                    level[k] = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(level[2 * k]),
                                                                    _mm256_castsi256_ps(level[2 * k + 1]), upper));
                }
                if (count % 2) level[count / 2] = level[count - 1];
                count = (count + 1) / 2;
            }
            numbers = level[0];
        } else {
            numbers = _mm256_i32gather_epi32(rule_tables, rule, 4);
        }
        const __m256i entry_table = _mm256_mullo_epi32(_mm256_and_si256(numbers, low_half), table_size);
        const __m256i start_table = _mm256_mullo_epi32(_mm256_srli_epi32(numbers, 16), table_size);
        // 16-bit codes, gathered as 32 bits at a 2-byte stride and masked to their low half.
        const __m256i by_entry = _mm256_and_si256(_mm256_i32gather_epi32(tables, _mm256_add_epi32(entry_table, entry_at), 2), low_half);
        const __m256i by_start = _mm256_and_si256(_mm256_i32gather_epi32(tables, _mm256_add_epi32(start_table, start_at), 2), low_half);
        const __m256i code = _mm256_min_epu32(by_entry, by_start);
        bad = _mm256_or_si256(bad, _mm256_cmpeq_epi32(_mm256_min_epu32(code, below_real), code));
        bad = _mm256_or_si256(bad, _mm256_cmpeq_epi32(code, beyond));
        const __m256i date = _mm256_blendv_epi8(_mm256_add_epi32(code, date_base), no_date_v, _mm256_cmpeq_epi32(code, none));
        if (stream) {
            _mm256_stream_si256(reinterpret_cast<__m256i*>(due + i), date);
        } else {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(due + i), date);
        }
        if (status) std::fill_n(status + i, 8, RowStatus::ok);
        if (const int mask = _mm256_movemask_ps(_mm256_castsi256_ps(bad)); __builtin_expect(mask != 0, 0)) {
            for (int lane = 0; lane < 8; ++lane) {
                if (mask & (1 << lane)) flagged.push_back(i + static_cast<std::size_t>(lane));
            }
        }
    }
    if (stream) _mm_sfence();  // streamed stores are visible before the caller reads them
    for (; i < end; ++i) one_row(t, cases, i, due, status, flagged);
}

void avx2_kernel(const KernelTables& t, const CaseColumns& cases, std::size_t begin, std::size_t end, Date* due,
                 RowStatus* status, std::vector<std::size_t>& flagged) {
    switch (((static_cast<std::size_t>(t.pathways) << t.stride_shift) + 7) / 8) {
        case 1: return avx2_rows<1>(t, cases, begin, end, due, status, flagged);
        case 2: return avx2_rows<2>(t, cases, begin, end, due, status, flagged);
        case 3: return avx2_rows<3>(t, cases, begin, end, due, status, flagged);
        case 4: return avx2_rows<4>(t, cases, begin, end, due, status, flagged);
        case 5: return avx2_rows<5>(t, cases, begin, end, due, status, flagged);
        case 6: return avx2_rows<6>(t, cases, begin, end, due, status, flagged);
        case 7: return avx2_rows<7>(t, cases, begin, end, due, status, flagged);
        case 8: return avx2_rows<8>(t, cases, begin, end, due, status, flagged);
        default: return avx2_rows<0>(t, cases, begin, end, due, status, flagged);
    }
}
#endif

Kernel best_kernel() {
    // ESCALATE_BULK_KERNEL=scalar (or avx2) pins a kernel, so the tests can run each one on a
    // machine that would pick another.
    const char* forced = std::getenv("ESCALATE_BULK_KERNEL");
    if (forced && std::string_view(forced) == "scalar") return scalar_kernel;
#if defined(__x86_64__)
    if (forced && std::string_view(forced) == "avx2" && __builtin_cpu_supports("avx2")) return avx2_kernel;
    if (__builtin_cpu_supports("avx2")) return avx2_kernel;
#endif
    return scalar_kernel;
}

}  // namespace escalate::bulk
