// Argument checks shared by the entry points. Each returns ESC_OK or records the failure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "boundary.hpp"
#include "handles.hpp"
#include "struct_sizes.hpp"

namespace escalate::capi {

inline esc_status require(const void* pointer, const char* function, const char* what) noexcept {
    return pointer ? ESC_OK : fail(ESC_INVALID_ARGUMENT, function, what);
}

/// The pathway at an index, or nullptr after recording ESC_INVALID_ARGUMENT.
const Pathway* pathway_at(const esc_engine& handle, std::int32_t index, const char* function) noexcept;

/// The stage at an index, or nullptr after recording ESC_INVALID_ARGUMENT.
const Pathway::Stage* stage_at(const Pathway& pathway, std::int32_t index,
                               const char* function) noexcept;

/// True when the struct's size field is at least the first released layout's size; otherwise
/// records ESC_INVALID_ARGUMENT naming the struct.
bool size_ok(std::uint32_t size, std::size_t first_release_size, const char* function,
             const char* struct_name) noexcept;

/// Converts a C date argument, recording ESC_INVALID_ARGUMENT for ESC_NO_DATE when required.
bool date_given(esc_date date, const char* function, const char* name) noexcept;

/// The header's integer codes for the engine's enums.
int32_t deadline_kind_code(DeadlineKind kind) noexcept;
int32_t anchor_code(Anchor anchor) noexcept;
int32_t outcome_code(OutcomeKind kind) noexcept;
esc_force force_code(Force force) noexcept;
int32_t due_rule_code(DueRule rule) noexcept;
int32_t source_code(ObligationSource source) noexcept;

}  // namespace escalate::capi
