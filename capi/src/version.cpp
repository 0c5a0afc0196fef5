// Versions on three levels: the header's macros, these run-time calls, and the SONAME.
#include <cstring>

#include "escalate.h"

extern "C" const char* esc_version(void) {
    return ESCALATE_VERSION_STRING;
}

extern "C" int esc_abi_version(void) {
    return ESC_ABI_VERSION;
}

extern "C" const char* esc_status_name(esc_status status) {
    // A C caller may pass any int; reading it as this C++ enum would be undefined for a value
    // outside the enumerators' range, so the switch looks at its bits as an int.
    int value = 0;
    std::memcpy(&value, &status, sizeof value);
    switch (value) {
        case ESC_OK: return "ESC_OK";
        case ESC_INVALID_ARGUMENT: return "ESC_INVALID_ARGUMENT";
        case ESC_PARSE_ERROR: return "ESC_PARSE_ERROR";
        case ESC_INVALID_RULESET: return "ESC_INVALID_RULESET";
        case ESC_NOT_FOUND: return "ESC_NOT_FOUND";
        case ESC_NO_TRANSITION: return "ESC_NO_TRANSITION";
        case ESC_OUT_OF_RANGE: return "ESC_OUT_OF_RANGE";
        case ESC_IO_ERROR: return "ESC_IO_ERROR";
        case ESC_NO_MEMORY: return "ESC_NO_MEMORY";
        case ESC_INTERNAL_ERROR: return "ESC_INTERNAL_ERROR";
    }
    return "ESC_UNKNOWN_STATUS";
}

extern "C" const char* esc_row_reason_name(esc_row_reason reason) {
    int value = 0;  // as in esc_status_name: any int may arrive
    std::memcpy(&value, &reason, sizeof value);
    switch (value) {
        case ESC_ROW_OK: return "ok";
        case ESC_ROW_UNKNOWN_PATHWAY: return "unknown-pathway";
        case ESC_ROW_UNKNOWN_STAGE: return "unknown-stage";
        case ESC_ROW_MISSING_ENTERED: return "missing-entered";
        case ESC_ROW_MISSING_STARTED: return "missing-started";
        case ESC_ROW_START_AFTER_ENTRY: return "start-after-entry";
        case ESC_ROW_DATE_OUT_OF_RANGE: return "out-of-range";
        case ESC_ROW_DUE_OUT_OF_RANGE: return "due-out-of-range";
        case ESC_ROW_NO_VERSION: return "no-version";
    }
    return "unknown-reason";
}

extern "C" esc_status esc_row_reason_status(esc_row_reason reason) {
    int value = 0;  // any int may arrive
    std::memcpy(&value, &reason, sizeof value);
    switch (value) {
        case ESC_ROW_OK: return ESC_OK;
        case ESC_ROW_UNKNOWN_PATHWAY:
        case ESC_ROW_UNKNOWN_STAGE:
        case ESC_ROW_MISSING_ENTERED:
        case ESC_ROW_MISSING_STARTED:
        case ESC_ROW_START_AFTER_ENTRY: return ESC_INVALID_ARGUMENT;
        case ESC_ROW_DATE_OUT_OF_RANGE:
        case ESC_ROW_DUE_OUT_OF_RANGE: return ESC_OUT_OF_RANGE;
        case ESC_ROW_NO_VERSION: return ESC_NOT_FOUND;
    }
    return ESC_INVALID_ARGUMENT;
}
