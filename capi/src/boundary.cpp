#include "boundary.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>
#include <string>
#include <string_view>

#include "escalate/errors.hpp"

namespace escalate::capi {
namespace {

// One message per thread (docs/c-api.md): valid until the thread's next esc_ call. One
// thread_local, so each entry point reaches it with one call to __tls_get_addr, not two.
// Trivially destructible, so it outlives the thread's C++ destructors: a program that frees
// its engine from a static destructor or an atexit handler (a C++ global holding the engine)
// calls in after they ran, and must find this still usable. The buffer is freed by the
// LastErrorOwner below, which marks the thread as exiting.
struct LastError {
    char* buffer = nullptr;
    std::size_t capacity = 0;
    const char* text = "";
    bool exiting = false;  // the thread's destructors have run: messages are no longer stored
};
thread_local LastError last_error;

struct LastErrorOwner {
    ~LastErrorOwner() {
        LastError& error = last_error;
        std::free(error.buffer);
        error = LastError{nullptr, 0, "", true};
    }
};
// Constructed (and its destructor registered) when the thread first stores a message.
thread_local LastErrorOwner last_error_owner;

constexpr const char* no_memory_message =
    "out of memory (the message describing the failure could not be stored)";
constexpr const char* exiting_message =
    "the call failed while its thread was exiting (the message could not be stored)";

}  // namespace

void clear_error() noexcept {
    last_error.text = "";  // keeps the buffer: clearing never allocates
}

esc_status fail(esc_status status, const char* function, std::string_view message) noexcept {
    return fail(status, function, {}, message);
}

esc_status fail(esc_status status, const char* function, std::string_view prefix,
                std::string_view message) noexcept {
    LastError& error = last_error;
    if (error.exiting) {
        error.text = exiting_message;
        return status;
    }
    const std::string_view name(function), separator(": ");
    const std::size_t length = name.size() + separator.size() + prefix.size() + message.size();
    if (length + 1 > error.capacity) {
        const std::size_t capacity = std::max<std::size_t>(length + 1, 256);
        char* grown = static_cast<char*>(std::realloc(error.buffer, capacity));
        if (!grown) {
            error.text = no_memory_message;
            return status;
        }
        if (!error.buffer) {
            LastErrorOwner& owner = last_error_owner;  // registers the free at thread exit
            (void)owner;
        }
        error.buffer = grown;
        error.capacity = capacity;
    }
    char* out = error.buffer;
    for (const std::string_view part : {name, separator, prefix, message}) {
        if (!part.empty()) std::memcpy(out, part.data(), part.size());
        out += part.size();
    }
    *out = '\0';
    error.text = error.buffer;
    return status;
}

esc_status translate_current_exception(const char* function) noexcept {
    try {
        throw;
    } catch (const ParseError& e) {
        return fail(ESC_PARSE_ERROR, function, e.what());
    } catch (const RulesetError& e) {
        return fail(ESC_INVALID_RULESET, function, e.what());
    } catch (const IoError& e) {
        return fail(ESC_IO_ERROR, function, e.what());
    } catch (const NotFoundError& e) {
        return fail(ESC_NOT_FOUND, function, e.what());
    } catch (const NoTransitionError& e) {
        return fail(ESC_NO_TRANSITION, function, e.what());
    } catch (const OutOfRangeError& e) {
        return fail(ESC_OUT_OF_RANGE, function, e.what());
    } catch (const InvalidArgumentError& e) {
        return fail(ESC_INVALID_ARGUMENT, function, e.what());
    } catch (const Error& e) {
        // A kind of engine error this boundary does not know yet: a bug to report.
        return fail(ESC_INTERNAL_ERROR, function, "unclassified engine error: ", e.what());
    } catch (const std::bad_alloc&) {
        return fail(ESC_NO_MEMORY, function, "out of memory");
    } catch (const std::filesystem::filesystem_error& e) {
        return fail(ESC_IO_ERROR, function, e.what());
    } catch (const std::exception& e) {
        return fail(ESC_INTERNAL_ERROR, function,
                    "internal error (please report): ", e.what());
    } catch (...) {
        return fail(ESC_INTERNAL_ERROR, function,
                    "internal error (please report): an unknown exception was thrown");
    }
}

}  // namespace escalate::capi

extern "C" const char* esc_last_error(void) {
    return escalate::capi::last_error.text;
}
