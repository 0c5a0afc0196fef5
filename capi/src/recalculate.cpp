// Bulk recalculation through the C ABI: the engine's O(1)-per-case tables over the caller's
// column arrays, failures reported per row in the same esc_status vocabulary as every call.
#include <algorithm>
#include <cstdint>
#include <tuple>
#include <cstddef>
#include <string>
#include <vector>

#include "boundary.hpp"
#include "checks.hpp"
#include "escalate.h"
#include "escalate/records.hpp"
#include "handles.hpp"

using escalate::capi::fail;
using escalate::capi::guarded;
using escalate::capi::require;

namespace {

static_assert(sizeof(esc_row_reason) == sizeof(int32_t), "esc_row_reason must be int-sized, as escalate.h says");

esc_row_reason row_reason_of(escalate::RowStatus status) noexcept {
    switch (status) {
        case escalate::RowStatus::ok: return ESC_ROW_OK;
        case escalate::RowStatus::bad_pathway: return ESC_ROW_UNKNOWN_PATHWAY;
        case escalate::RowStatus::bad_stage: return ESC_ROW_UNKNOWN_STAGE;
        case escalate::RowStatus::missing_date: return ESC_ROW_MISSING_ENTERED;
        case escalate::RowStatus::missing_start: return ESC_ROW_MISSING_STARTED;
        case escalate::RowStatus::bad_dates: return ESC_ROW_START_AFTER_ENTRY;
        case escalate::RowStatus::out_of_range: return ESC_ROW_DATE_OUT_OF_RANGE;
        case escalate::RowStatus::due_out_of_range: return ESC_ROW_DUE_OUT_OF_RANGE;
        case escalate::RowStatus::no_version: return ESC_ROW_NO_VERSION;
    }
    return ESC_ROW_OK;
}

// True when [a, a + a_bytes) and [b, b + b_bytes) share a byte (compared as integers: the
// arrays may belong to different objects).
bool overlap(const void* a, std::size_t a_bytes, const void* b, std::size_t b_bytes) noexcept {
    if (!a || !b) return false;
    const auto x = reinterpret_cast<std::uintptr_t>(a), y = reinterpret_cast<std::uintptr_t>(b);
    return x < y + b_bytes && y < x + a_bytes;
}


// The coarse status of esc_recalculate, derived from the reason by the one public mapping.
esc_status row_status_of(escalate::RowStatus status) noexcept { return esc_row_reason_status(row_reason_of(status)); }

/// The checks every call over case columns makes: an engine, and the three input columns a
/// non-empty batch needs.
esc_status require_case_columns(const char* function, const esc_engine* engine, size_t count, const void* pathways,
                                const void* stages, const void* entered) {
    if (esc_status s = require(engine, function, "engine is NULL")) return s;
    if (count == 0) return ESC_OK;
    if (esc_status s = require(pathways, function, "pathways is NULL")) return s;
    if (esc_status s = require(stages, function, "stages is NULL")) return s;
    return require(entered, function, "entered is NULL");
}

/// Both recalculation calls: checks, the engine's bulk loop, then the failed rows reported
/// through whichever per-row array the caller gave.
esc_status recalculate(const char* function, const esc_engine* engine, size_t count, const int32_t* pathways,
                       const int32_t* stages, const esc_date* entered, const esc_date* started, esc_date* out,
                       esc_status* row_status, esc_row_reason* reasons, int threads, size_t* failed) {
    if (failed) *failed = 0;
    return guarded(function, [&] {
        if (esc_status s = require_case_columns(function, engine, count, pathways, stages, entered)) return s;
        if (count > 0) {
            if (esc_status s = require(out, function, "out is NULL")) return s;
        }
        if (threads < 0) return fail(ESC_INVALID_ARGUMENT, function, "threads is negative (0 means every core)");
        if (count == 0) return ESC_OK;
        // The kernels write `out` while later rows' inputs are still to be read (and re-read
        // on the careful path), so an output sharing memory with an input would corrupt it.
        const std::size_t dates = count * sizeof(esc_date), indices = count * sizeof(int32_t);
        if (count > SIZE_MAX / sizeof(esc_status))
            return fail(ESC_INVALID_ARGUMENT, function, "count is larger than any array can be");
        const std::size_t statuses = row_status ? count * sizeof(esc_status) : 0;
        const std::size_t reason_bytes = reasons ? count * sizeof(esc_row_reason) : 0;
        for (const auto& [output, bytes, name] :
             {std::tuple{static_cast<const void*>(out), dates, "out"}, {row_status, statuses, "row_status"},
              {reasons, reason_bytes, "reasons"}}) {
            for (const auto& [input, input_bytes, input_name] :
                 {std::tuple{static_cast<const void*>(pathways), indices, "pathways"}, {stages, indices, "stages"},
                  {entered, dates, "entered"}, {started, started ? dates : 0, "started"}}) {
                if (overlap(output, bytes, input, input_bytes))
                    return fail(ESC_INVALID_ARGUMENT, function,
                                std::string(name) + " overlaps " + input_name +
                                    "; the output arrays must not share memory with the input arrays");
            }
        }
        if (overlap(out, dates, row_status, statuses))
            return fail(ESC_INVALID_ARGUMENT, function, "out overlaps row_status; give each its own array");
        if (overlap(out, dates, reasons, reason_bytes))
            return fail(ESC_INVALID_ARGUMENT, function, "out overlaps reasons; give each its own array");
        std::vector<escalate::BadRow> bad_rows;
        const escalate::CaseColumns cases{pathways, stages, entered, started, count};
        const bool per_row = row_status || reasons;
        const auto summary = engine->engine->recalculate(cases, out, nullptr, static_cast<unsigned>(threads),
                                                         per_row ? &bad_rows : nullptr);
        if (row_status) {
            std::fill(row_status, row_status + count, ESC_OK);
            for (const auto& bad : bad_rows) row_status[bad.row] = row_status_of(bad.status);
        }
        if (reasons) {
            std::fill(reasons, reasons + count, ESC_ROW_OK);
            for (const auto& bad : bad_rows) reasons[bad.row] = row_reason_of(bad.status);
        }
        if (failed) *failed = summary.bad_rows;
        return ESC_OK;
    });
}

}  // namespace

extern "C" esc_status esc_recalculate(const esc_engine* engine, size_t count, const int32_t* pathways,
                                      const int32_t* stages, const esc_date* entered, const esc_date* started,
                                      esc_date* out, esc_status* row_status, int threads, size_t* failed) {
    return recalculate("esc_recalculate", engine, count, pathways, stages, entered, started, out, row_status,
                       nullptr, threads, failed);
}

extern "C" esc_status esc_recalculate_reasons(const esc_engine* engine, size_t count, const int32_t* pathways,
                                              const int32_t* stages, const esc_date* entered,
                                              const esc_date* started, esc_date* out, esc_row_reason* reasons,
                                              int threads, size_t* failed) {
    return recalculate("esc_recalculate_reasons", engine, count, pathways, stages, entered, started, out, nullptr,
                       reasons, threads, failed);
}

extern "C" esc_status esc_select_versions(const esc_engine* engine, size_t count, int32_t* pathways, int32_t* stages,
                                          const esc_date* entered, const esc_date* started, size_t* changed) {
    constexpr const char* function = "esc_select_versions";
    if (changed) *changed = 0;
    return guarded(function, [&] {
        if (esc_status s = require_case_columns(function, engine, count, pathways, stages, entered)) return s;
        const std::size_t rows = engine->engine->select_versions(pathways, stages, entered, started, count);
        if (changed) *changed = rows;
        return ESC_OK;
    });
}

extern "C" esc_status esc_factorize_records(const void* records, size_t count, size_t width, size_t stride,
                                            int32_t* codes, size_t* firsts, size_t capacity,
                                            size_t* distinct) {
    constexpr const char* function = "esc_factorize_records";
    return guarded(function, [&] {
        if (esc_status s = require(distinct, function, "distinct is NULL")) return s;
        *distinct = 0;
        if (width == 0) return fail(ESC_INVALID_ARGUMENT, function, "width is 0 (a record has at least one byte)");
        if (stride < width) return fail(ESC_INVALID_ARGUMENT, function, "stride is less than width (records would overlap)");
        if (capacity > 0) {
            if (esc_status s = require(firsts, function, "firsts is NULL but capacity is not 0")) return s;
        }
        if (count == 0) return ESC_OK;
        if (esc_status s = require(records, function, "records is NULL")) return s;
        if (esc_status s = require(codes, function, "codes is NULL")) return s;
        if (count > static_cast<size_t>(INT32_MAX))
            return fail(ESC_INVALID_ARGUMENT, function, "count is larger than INT32_MAX (codes are int32_t)");
        if ((count - 1) > (SIZE_MAX - width) / stride || count > SIZE_MAX / sizeof(int32_t) ||
            capacity > SIZE_MAX / sizeof(size_t))
            return fail(ESC_INVALID_ARGUMENT, function, "count is larger than any array can be");
        // The records are read while codes are written, so the two must not share memory.
        const std::size_t record_bytes = (count - 1) * stride + width;
        if (overlap(codes, count * sizeof(int32_t), records, record_bytes) ||
            overlap(firsts, capacity * sizeof(size_t), records, record_bytes) ||
            overlap(firsts, capacity * sizeof(size_t), codes, count * sizeof(int32_t)))
            return fail(ESC_INVALID_ARGUMENT, function, "codes, firsts and records overlap; give each its own array");
        const escalate::Factorized found =
            escalate::factorize_records(static_cast<const unsigned char*>(records), count, width, stride, codes);
        *distinct = found.distinct;
        const std::size_t kept = std::min(found.distinct, capacity);
        std::copy(found.firsts.begin(), found.firsts.begin() + static_cast<std::ptrdiff_t>(kept), firsts);
        if (found.distinct > capacity)
            return fail(ESC_OUT_OF_RANGE, function,
                        "more distinct records than firsts can hold (*distinct says how many; call again with that capacity)");
        return ESC_OK;
    });
}
