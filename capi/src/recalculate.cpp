// Bulk recalculation through the C ABI: the engine's O(1)-per-case tables over the caller's
// column arrays, failures reported per row in the same esc_status vocabulary as every call.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "boundary.hpp"
#include "checks.hpp"
#include "escalate.h"
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
    }
    return ESC_ROW_OK;
}

// The coarse status of esc_recalculate, derived from the reason (one mapping, documented at
// esc_recalculate_reasons).
esc_status row_status_of(escalate::RowStatus status) noexcept {
    switch (row_reason_of(status)) {
        case ESC_ROW_OK: return ESC_OK;
        case ESC_ROW_DATE_OUT_OF_RANGE:
        case ESC_ROW_DUE_OUT_OF_RANGE: return ESC_OUT_OF_RANGE;
        default: return ESC_INVALID_ARGUMENT;
    }
}

/// Both recalculation calls: checks, the engine's bulk loop, then the failed rows reported
/// through whichever per-row array the caller gave.
esc_status recalculate(const char* function, const esc_engine* engine, size_t count, const int32_t* pathways,
                       const int32_t* stages, const esc_date* entered, const esc_date* started, esc_date* out,
                       esc_status* row_status, esc_row_reason* reasons, int threads, size_t* failed) {
    if (failed) *failed = 0;
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (count > 0) {
            if (esc_status s = require(pathways, function, "pathways is NULL")) return s;
            if (esc_status s = require(stages, function, "stages is NULL")) return s;
            if (esc_status s = require(entered, function, "entered is NULL")) return s;
            if (esc_status s = require(out, function, "out is NULL")) return s;
        }
        if (threads < 0) return fail(ESC_INVALID_ARGUMENT, function, "threads is negative (0 means every core)");
        if (count == 0) return ESC_OK;
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
