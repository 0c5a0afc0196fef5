// The C boundary: the per-thread last error and the one catch ladder every extern "C" entry
// point runs its body through, so no exception ever crosses into the caller's process.
#pragma once

#include <string_view>
#include <utility>

#include "escalate.h"

namespace escalate::capi {

/// Forgets the calling thread's last error (every entry point starts with this).
void clear_error() noexcept;

/// Records "function: message" as the calling thread's last error and returns status.
/// Never throws: when even the message cannot be stored, a fixed message stands in.
esc_status fail(esc_status status, const char* function, std::string_view message) noexcept;
/// The same with "prefix" put before the message, so callers need not allocate to compose it.
esc_status fail(esc_status status, const char* function, std::string_view prefix,
                std::string_view message) noexcept;

/// Maps the exception being handled to a status and records its message. Call only inside a
/// catch block. The ladder: the engine's own errors (one status each), std::bad_alloc,
/// std::filesystem::filesystem_error, any other std::exception, then anything else.
esc_status translate_current_exception(const char* function) noexcept;

/// Runs body (returning esc_status) behind the ladder.
template <class Body>
esc_status guarded(const char* function, Body&& body) noexcept {
    clear_error();
    try {
        return std::forward<Body>(body)();
    } catch (...) {
        return translate_current_exception(function);
    }
}

}  // namespace escalate::capi
