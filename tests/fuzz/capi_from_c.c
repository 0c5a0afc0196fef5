/* Calls the C ABI the way only C can: an esc_status built from any int. In C an enum is an
 * integer type, so a C integrator may pass a value the library does not define; the header
 * promises "ESC_UNKNOWN_STATUS" for it. (Building that value in C++ would itself be undefined.) */
#include "escalate.h"

const char *escalate_fuzz_status_name_from_c(int value) {
    return esc_status_name((esc_status)value);
}
