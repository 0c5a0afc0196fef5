// Date helpers: thin wrappers over the engine's serial-day civil dates.
#include <cstring>

#include "boundary.hpp"
#include "escalate.h"
#include "escalate/date.hpp"

using escalate::capi::fail;
using escalate::capi::guarded;

namespace {

bool representable(esc_date date) noexcept {
    return date != ESC_NO_DATE && escalate::is_representable(date);
}

}  // namespace

extern "C" esc_date esc_date_from_ymd(int year, int month, int day) {
    // date_from_ymd is noexcept and rejects impossible fields itself.
    const auto date = escalate::date_from_ymd(year, month, day);
    return date ? *date : ESC_NO_DATE;
}

extern "C" esc_status esc_date_to_ymd(esc_date date, int* year, int* month, int* day) {
    constexpr const char* function = "esc_date_to_ymd";
    return guarded(function, [&] {
        if (!representable(date))
            return fail(ESC_INVALID_ARGUMENT, function,
                        "the date is ESC_NO_DATE or outside years 1400..9999");
        const escalate::YearMonthDay fields = escalate::date_to_ymd(date);
        if (year) *year = fields.year;
        if (month) *month = fields.month;
        if (day) *day = fields.day;
        return ESC_OK;
    });
}

extern "C" esc_status esc_date_parse(const char* text, esc_date* out) {
    constexpr const char* function = "esc_date_parse";
    return guarded(function, [&] {
        if (!text) return fail(ESC_INVALID_ARGUMENT, function, "text is NULL");
        if (!out) return fail(ESC_INVALID_ARGUMENT, function, "out is NULL");
        const auto date = escalate::parse_iso_date(text);
        if (!date)
            return fail(ESC_INVALID_ARGUMENT, function, "not a real date in the form YYYY-MM-DD: ",
                        std::string_view(text).substr(0, 64));
        *out = *date;
        return ESC_OK;
    });
}

extern "C" esc_status esc_date_format(esc_date date, char* buffer, size_t capacity) {
    constexpr const char* function = "esc_date_format";
    return guarded(function, [&] {
        if (!buffer) return fail(ESC_INVALID_ARGUMENT, function, "buffer is NULL");
        if (capacity == 0) return fail(ESC_INVALID_ARGUMENT, function, "capacity is 0");
        buffer[0] = '\0';  // an empty string on every failure below
        if (capacity < ESC_DATE_BUFFER_SIZE)
            return fail(ESC_INVALID_ARGUMENT, function,
                        "capacity is below ESC_DATE_BUFFER_SIZE (11 bytes)");
        if (!representable(date))
            return fail(ESC_INVALID_ARGUMENT, function,
                        "the date is ESC_NO_DATE or outside years 1400..9999");
        const std::string text = escalate::format_iso_date(date);
        if (text.size() + 1 > capacity)
            return fail(ESC_INTERNAL_ERROR, function, "formatted date is longer than expected");
        std::memcpy(buffer, text.c_str(), text.size() + 1);
        return ESC_OK;
    });
}

extern "C" esc_status esc_date_weekday(esc_date date, int* out) {
    constexpr const char* function = "esc_date_weekday";
    return guarded(function, [&] {
        if (!out) return fail(ESC_INVALID_ARGUMENT, function, "out is NULL");
        if (!representable(date))
            return fail(ESC_INVALID_ARGUMENT, function,
                        "the date is ESC_NO_DATE or outside years 1400..9999");
        *out = escalate::weekday_of(date) + 1;  // engine: Monday = 0; ISO: Monday = 1
        return ESC_OK;
    });
}
