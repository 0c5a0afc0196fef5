// The size-guarded structs of the C interface (ABI 1): the first released size of each, in one
// place, and the one way an entry point writes to a caller's struct. A struct grows only at
// its end; a caller compiled against an older header sends a smaller `size`, and no byte past
// it may be read or written. Private to capi/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "escalate.h"

namespace escalate::capi {

// Callers compiled against ABI 1 send at least these sizes (the end of the last field of the
// first release). The asserts pin the first release's layout on LP64, where it was released:
// a field moved or resized inside it breaks every compiled caller.
inline constexpr std::size_t query_first_release_size = offsetof(esc_query, started) + sizeof(esc_date);
inline constexpr std::size_t decision_first_release_size =
    offsetof(esc_decision, transition_clause) + sizeof(const char*);
inline constexpr std::size_t obligation_first_release_size = offsetof(esc_obligation, anchor) + sizeof(int32_t);
inline constexpr std::size_t pathway_info_first_release_size =
    offsetof(esc_pathway_info, entry_stage) + sizeof(int32_t);
inline constexpr std::size_t calendar_info_first_release_size =
    offsetof(esc_calendar_info, last_date) + sizeof(esc_date);

// The case-history structs, first released in ESCALATE_1.2.
inline constexpr std::size_t case_query_first_size = offsetof(esc_case_query, as_of) + sizeof(esc_date);
inline constexpr std::size_t case_result_first_size = offsetof(esc_case, error_entry) + sizeof(int64_t);
inline constexpr std::size_t case_stage_first_size = offsetof(esc_case_stage, left_entry) + sizeof(size_t);
inline constexpr std::size_t case_obligation_first_size =
    offsetof(esc_case_obligation, done_entry) + sizeof(size_t);

static_assert(query_first_release_size <= sizeof(esc_query));
static_assert(decision_first_release_size <= sizeof(esc_decision));
static_assert(obligation_first_release_size <= sizeof(esc_obligation));
static_assert(pathway_info_first_release_size <= sizeof(esc_pathway_info));
static_assert(calendar_info_first_release_size <= sizeof(esc_calendar_info));
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
static_assert(pathway_info_first_release_size == 96, "esc_pathway_info's ABI 1 layout changed");
static_assert(calendar_info_first_release_size == 40, "esc_calendar_info's ABI 1 layout changed");
static_assert(query_first_release_size == 48, "esc_query's ABI 1 layout changed");
static_assert(decision_first_release_size == 192, "esc_decision's ABI 1 layout changed");
static_assert(obligation_first_release_size == 40, "esc_obligation's ABI 1 layout changed");
#endif

/// The bytes of a caller's struct that this library may touch: its `size`, at most ours.
template <class Struct>
std::size_t caller_bytes(const Struct& caller) noexcept {
    return caller.size < sizeof(Struct) ? caller.size : sizeof(Struct);
}

/// Updates a caller's struct through a full-size copy: the caller's bytes (at most `size`) are
/// read into a zeroed struct of this library's layout, `fill` sets the outputs there, and the
/// same bytes are written back. Nothing past the caller's `size` is ever read or written, and
/// input fields (size, buffers) come back unchanged unless `fill` sets them. A caller whose
/// struct is at least this library's layout is filled in place when `fill` cannot throw: the
/// same result without the two copies (esc_decide's hot path, docs/performance.md).
template <class Struct, class Fill>
void update_caller_struct(Struct* caller, Fill&& fill) noexcept(noexcept(fill(*caller))) {
    if constexpr (noexcept(fill(*caller))) {
        if (caller->size >= sizeof(Struct)) {
            fill(*caller);
            return;
        }
    }
    const std::size_t bytes = caller_bytes(*caller);
    Struct copy;
    std::memset(&copy, 0, sizeof copy);
    std::memcpy(&copy, caller, bytes);
    fill(copy);
    std::memcpy(caller, &copy, bytes);
}

/// Writes a struct built whole (outputs only, no caller buffers) over the caller's, through
/// update_caller_struct: at most the caller's `size` bytes, and `size` itself kept.
template <class Struct>
void write_sized(Struct* caller, const Struct& value) noexcept {
    update_caller_struct(caller, [&](Struct& copy) noexcept {
        const auto size = copy.size;
        copy = value;
        copy.size = size;
    });
}

}  // namespace escalate::capi
