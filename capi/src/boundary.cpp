#include "boundary.hpp"

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
struct LastError {
    std::string storage;
    const char* text = "";
};
thread_local LastError last_error;

constexpr const char* no_memory_message =
    "out of memory (the message describing the failure could not be stored)";

}  // namespace

void clear_error() noexcept {
    LastError& error = last_error;
    error.storage.clear();  // keeps the buffer: clearing never allocates or throws
    error.text = "";
}

esc_status fail(esc_status status, const char* function, std::string_view message) noexcept {
    return fail(status, function, {}, message);
}

esc_status fail(esc_status status, const char* function, std::string_view prefix,
                std::string_view message) noexcept {
    LastError& error = last_error;
    try {
        error.storage.assign(function);
        error.storage.append(": ");
        error.storage.append(prefix);
        error.storage.append(message);
        error.text = error.storage.c_str();
    } catch (...) {
        error.text = no_memory_message;
    }
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
