// Calendar calls: look-ups by id or index, working days, holidays.
#include <cstddef>
#include <string>

#include "boundary.hpp"
#include "checks.hpp"
#include "escalate.h"
#include "escalate/errors.hpp"
#include "handles.hpp"
#include "struct_sizes.hpp"

using escalate::capi::fail;
using escalate::capi::guarded;
using escalate::capi::require;
using escalate::capi::size_ok;

namespace {

/// Dates outside the tables are ESC_OUT_OF_RANGE with the range named; ESC_NO_DATE is an
/// argument error rather than a range error.
esc_status check_covered(const escalate::Calendar& calendar, esc_date date, const char* function,
                         const char* name) {
    if (date == ESC_NO_DATE)
        return fail(ESC_INVALID_ARGUMENT, function, name, " is ESC_NO_DATE; a date is required");
    if (calendar.covers(date)) return ESC_OK;
    const std::string message = std::string(" is outside the calendar ") + calendar.id() +
                                " (it covers " + escalate::format_iso_date(calendar.first_date()) +
                                " to " + escalate::format_iso_date(calendar.last_date()) + ")";
    return fail(ESC_OUT_OF_RANGE, function, name, message);
}

}  // namespace

extern "C" esc_status esc_engine_calendar_count(const esc_engine* engine, int32_t* out) {
    constexpr const char* function = "esc_engine_calendar_count";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        *out = static_cast<int32_t>(engine->calendars.size());
        return ESC_OK;
    });
}

extern "C" esc_status esc_engine_calendar_at(const esc_engine* engine, int32_t index,
                                             const esc_calendar** out) {
    constexpr const char* function = "esc_engine_calendar_at";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (index < 0 || static_cast<std::size_t>(index) >= engine->calendars.size())
            return fail(ESC_INVALID_ARGUMENT, function, "calendar index out of range");
        *out = &engine->calendars[static_cast<std::size_t>(index)];
        return ESC_OK;
    });
}

extern "C" esc_status esc_engine_calendar(const esc_engine* engine, const char* calendar,
                                          const esc_calendar** out) {
    constexpr const char* function = "esc_engine_calendar";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const int index = engine->engine->find_calendar(calendar);
        if (index < 0) {
            std::string known;
            for (const auto& wrapper : engine->calendars) known += " " + wrapper.calendar->id();
            return fail(ESC_NOT_FOUND, function,
                        std::string("no calendar has the id \"") + calendar + "\"; known:" + known);
        }
        *out = &engine->calendars[static_cast<std::size_t>(index)];
        return ESC_OK;
    });
}

extern "C" esc_status esc_calendar_info_get(const esc_calendar* calendar, esc_calendar_info* out) {
    constexpr const char* function = "esc_calendar_info_get";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (!size_ok(out->size, escalate::capi::calendar_info_first_release_size, function, "out")) return ESC_INVALID_ARGUMENT;
        const escalate::Calendar& compiled = *calendar->calendar;
        escalate::capi::update_caller_struct(out, [&](auto& info) noexcept {
            info.id = compiled.id().c_str();
            info.name = compiled.name().c_str();
            info.source = compiled.source().c_str();
            info.first_date = compiled.first_date();
            info.last_date = compiled.last_date();
        });
        return ESC_OK;
    });
}

extern "C" esc_status esc_calendar_is_working_day(const esc_calendar* calendar, esc_date date,
                                                  int* out) {
    constexpr const char* function = "esc_calendar_is_working_day";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (esc_status s = check_covered(*calendar->calendar, date, function, "date")) return s;
        *out = calendar->calendar->is_working_day(date) ? 1 : 0;
        return ESC_OK;
    });
}

extern "C" esc_status esc_calendar_holiday_name(const esc_calendar* calendar, esc_date date,
                                                const char** out) {
    constexpr const char* function = "esc_calendar_holiday_name";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (esc_status s = check_covered(*calendar->calendar, date, function, "date")) return s;
        const escalate::Holiday* holiday = calendar->calendar->holiday_on(date);
        *out = holiday ? holiday->name.c_str() : nullptr;
        return ESC_OK;
    });
}

extern "C" esc_status esc_calendar_add_working_days(const esc_calendar* calendar, esc_date date,
                                                    int32_t count, esc_date* out) {
    constexpr const char* function = "esc_calendar_add_working_days";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (esc_status s = check_covered(*calendar->calendar, date, function, "date")) return s;
        *out = calendar->calendar->add_working_days(date, count);
        return ESC_OK;
    });
}

extern "C" esc_status esc_calendar_count_working_days(const esc_calendar* calendar, esc_date from,
                                                      esc_date to, int32_t* out) {
    constexpr const char* function = "esc_calendar_count_working_days";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (esc_status s = check_covered(*calendar->calendar, from, function, "from")) return s;
        if (esc_status s = check_covered(*calendar->calendar, to, function, "to")) return s;
        *out = calendar->calendar->count_working_days(from, to);
        return ESC_OK;
    });
}

extern "C" esc_status esc_calendar_holidays(const esc_calendar* calendar, int year,
                                            esc_holiday* buffer, size_t capacity, size_t* count) {
    constexpr const char* function = "esc_calendar_holidays";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (esc_status s = require(count, function, "count is NULL")) return s;
        if (!buffer && capacity > 0)
            return fail(ESC_INVALID_ARGUMENT, function, "buffer is NULL but capacity is not 0");
        const escalate::Calendar& compiled = *calendar->calendar;
        const int first_year = escalate::date_to_ymd(compiled.first_date()).year;
        const int last_year = escalate::date_to_ymd(compiled.last_date()).year;
        if (year < first_year || year > last_year)
            return fail(ESC_OUT_OF_RANGE, function,
                        "year " + std::to_string(year) + " is outside the calendar " +
                            compiled.id() + " (" + std::to_string(first_year) + " to " +
                            std::to_string(last_year) + ")");
        const std::vector<escalate::Holiday> holidays = compiled.holidays(year);
        const std::size_t written = holidays.size() < capacity ? holidays.size() : capacity;
        for (std::size_t i = 0; i < written; ++i) {
            const auto name = calendar->holiday_names.find(holidays[i].name);
            if (name == calendar->holiday_names.end())
                return fail(ESC_INTERNAL_ERROR, function, "holiday name missing from the index: ",
                            holidays[i].name);
        }
        for (std::size_t i = 0; i < written; ++i) {
            buffer[i].date = holidays[i].date;
            buffer[i].substitute = holidays[i].substitute ? 1 : 0;
            buffer[i].name = calendar->holiday_names.find(holidays[i].name)->c_str();
        }
        *count = holidays.size();
        return ESC_OK;
    });
}

// ------------------------------------------------------------------------------------------
// Array forms (ESCALATE_1.1): each row is answered by the same engine call as the single
// form; a row the single form would refuse fails alone, with a status.

namespace {

/// The status a single call would give for a date argument, without building a message.
esc_status date_status(const escalate::Calendar& calendar, esc_date date) {
    if (date == ESC_NO_DATE) return ESC_INVALID_ARGUMENT;
    return calendar.covers(date) ? ESC_OK : ESC_OUT_OF_RANGE;
}

/// Runs answer(i) -> status for every row, recording statuses and the failed count.
template <typename Answer>
esc_status each_row(size_t count, esc_status* row_status, size_t* failed, Answer answer) {
    size_t bad = 0;
    for (size_t i = 0; i < count; ++i) {
        const esc_status status = answer(i);
        if (status != ESC_OK) ++bad;
        if (row_status) row_status[i] = status;
    }
    if (failed) *failed = bad;
    return ESC_OK;
}

}  // namespace

extern "C" esc_status esc_calendar_add_working_days_array(const esc_calendar* calendar, size_t count,
                                                          const esc_date* dates, const int32_t* counts,
                                                          esc_date* out, esc_status* row_status,
                                                          size_t* failed) {
    constexpr const char* function = "esc_calendar_add_working_days_array";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (count > 0 && (!dates || !counts || !out))
            return fail(ESC_INVALID_ARGUMENT, function, "dates, counts and out are required when count > 0");
        const escalate::Calendar& compiled = *calendar->calendar;
        return each_row(count, row_status, failed, [&](size_t i) {
            out[i] = ESC_NO_DATE;
            if (esc_status s = date_status(compiled, dates[i])) return s;
            try {
                out[i] = compiled.add_working_days(dates[i], counts[i]);
            } catch (const escalate::OutOfRangeError&) {  // the result lies past the tables
                return ESC_OUT_OF_RANGE;
            }
            return ESC_OK;
        });
    });
}

extern "C" esc_status esc_calendar_count_working_days_array(const esc_calendar* calendar, size_t count,
                                                            const esc_date* from, const esc_date* to,
                                                            int32_t* out, esc_status* row_status,
                                                            size_t* failed) {
    constexpr const char* function = "esc_calendar_count_working_days_array";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (count > 0 && (!from || !to || !out))
            return fail(ESC_INVALID_ARGUMENT, function, "from, to and out are required when count > 0");
        const escalate::Calendar& compiled = *calendar->calendar;
        return each_row(count, row_status, failed, [&](size_t i) {
            out[i] = 0;
            if (esc_status s = date_status(compiled, from[i])) return s;
            if (esc_status s = date_status(compiled, to[i])) return s;
            out[i] = compiled.count_working_days(from[i], to[i]);
            return ESC_OK;
        });
    });
}

extern "C" esc_status esc_calendar_is_working_day_array(const esc_calendar* calendar, size_t count,
                                                        const esc_date* dates, uint8_t* out,
                                                        esc_status* row_status, size_t* failed) {
    constexpr const char* function = "esc_calendar_is_working_day_array";
    return guarded(function, [&] {
        if (esc_status s = require(calendar, function, "calendar is NULL")) return s;
        if (count > 0 && (!dates || !out))
            return fail(ESC_INVALID_ARGUMENT, function, "dates and out are required when count > 0");
        const escalate::Calendar& compiled = *calendar->calendar;
        return each_row(count, row_status, failed, [&](size_t i) {
            out[i] = 0;
            if (esc_status s = date_status(compiled, dates[i])) return s;
            out[i] = compiled.is_working_day(dates[i]) ? 1 : 0;
            return ESC_OK;
        });
    });
}
