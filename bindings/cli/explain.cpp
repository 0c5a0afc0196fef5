// --explain: why a decision's due date is what it is. Each day after the anchor is listed as a
// counted working day or a skipped weekend day or holiday (by name), and the rule that set the
// due date (the stage's own timescale, an overall limit, an anchor at the outset) is named.
#include <sstream>

#include "cli.hpp"

namespace escalate::cli {
namespace {

struct Day {
    esc_date date;
    int working_day;      // 1, 2, ... when counted; 0 when skipped
    bool weekend;
    const char* holiday;  // the holiday's name, or nullptr
};

const esc_calendar* calendar_of(const esc_engine* engine, const esc_decision& decision) {
    const esc_calendar* calendar = nullptr;
    check(esc_engine_calendar(engine, decision.calendar, &calendar));
    return calendar;
}

/// The days d with from < d <= to, each marked counted or skipped.
std::vector<Day> days_between(const esc_calendar* calendar, esc_date from, esc_date to) {
    std::vector<Day> days;
    if (from == ESC_NO_DATE || to == ESC_NO_DATE) return days;
    int counted = 0;
    for (esc_date date = from + 1; date <= to; ++date) {
        int working = 0;
        const char* holiday = nullptr;
        check(esc_calendar_is_working_day(calendar, date, &working));
        check(esc_calendar_holiday_name(calendar, date, &holiday));
        // Not a working day and not a holiday: a weekend day of this calendar.
        days.push_back(Day{date, working ? ++counted : 0, !working && !holiday, holiday});
    }
    return days;
}

void write_days(const std::vector<Day>& days, std::ostream& out) {
    for (const Day& day : days) {
        out << "    " << iso_with_weekday(day.date) << "  ";
        if (day.working_day) out << "working day " << day.working_day << "\n";
        else if (day.holiday) out << "skipped: holiday, " << day.holiday << "\n";
        else out << "skipped: weekend\n";
    }
}

std::string days_json(const std::vector<Day>& days) {
    std::string json = "[";
    for (std::size_t i = 0; i < days.size(); ++i) {
        const Day& day = days[i];
        if (i) json += ",";
        json += "{\"date\":" + json_date(day.date) + ",\"weekday\":" + json_string(weekday_name(day.date));
        if (day.working_day) json += ",\"working_day\":" + std::to_string(day.working_day);
        else if (day.holiday) json += ",\"skipped\":\"holiday\",\"holiday\":" + json_string(day.holiday);
        else json += ",\"skipped\":\"weekend\"";
        json += "}";
    }
    return json + "]";
}

std::string anchor_phrase(const esc_decision& decision) {
    if (decision.anchor == ESC_ANCHOR_ON_EVENT)
        return std::string("the day ") + decision.waits_for + " happens";
    if (decision.anchor == ESC_ANCHOR_PATHWAY_START)
        return "the outset of the disagreement, " + iso_with_weekday(decision.anchor_date) +
               " (this stage is anchored at the outset, not at its own entry)";
    return "the stage's entry, " + iso_with_weekday(decision.anchor_date);
}

std::string own_due_text(const esc_decision& decision) {
    if (decision.due_rule == ESC_DUE_RULE_WAITING) return "none yet";
    return decision.timescale_due == ESC_NO_DATE ? std::string("past the calendar's end")
                                                 : iso_with_weekday(decision.timescale_due);
}

}  // namespace

void explain_text(const esc_engine* engine, const esc_decision& decision, std::ostream& out) {
    out << "why:\n";
    if (decision.terminal) {
        out << "  " << decision.stage << " is a terminal outcome (" << outcome_kind_name(decision.outcome_kind)
            << "): the pathway ends here, so there is no tier and no due date.\n";
        return;
    }
    const esc_calendar* calendar = calendar_of(engine, decision);
    out << "  calendar: " << decision.calendar << "\n";

    // The stage's own timescale.
    switch (decision.deadline_kind) {
        case ESC_DEADLINE_NONE:
            out << "  the stage's own timescale: none (the source states no timescale for this stage)\n";
            break;
        case ESC_DEADLINE_IMMEDIATELY:
            out << "  the stage's own timescale: immediately, so due on " << anchor_phrase(decision) << "\n";
            break;
        case ESC_DEADLINE_CALENDAR_DAYS:
            out << "  the stage's own timescale: " << decision.deadline_days << " calendar days from "
                << anchor_phrase(decision) << " (weekends and holidays count"
                << (decision.roll ? "; a non-working last day moves to the next working day" : "")
                << "): " << own_due_text(decision) << "\n";
            break;
        case ESC_DEADLINE_HOURS:
            out << "  the stage's own timescale: " << decision.deadline_hours << " hours from "
                << anchor_phrase(decision) << ", due on the day they run out ("
                << (decision.deadline_hours + 23) / 24 << " calendar days on, working day or not"
                << (decision.roll ? "; a non-working day moves to the next working day" : "")
                << "): " << own_due_text(decision) << "\n";
            break;
        case ESC_DEADLINE_WORKING_DAYS:
            out << "  the stage's own timescale: " << decision.deadline_days << " working days from "
                << anchor_phrase(decision) << ":\n";
            if (decision.timescale_due != ESC_NO_DATE)
                write_days(days_between(calendar, decision.anchor_date, decision.timescale_due), out);
            out << "    => " << own_due_text(decision) << "\n";
            break;
    }
    if (decision.timescale_reading && *decision.timescale_reading)
        out << "    reading: " << decision.timescale_reading << "\n";

    // An overall limit covering the stage.
    if (decision.limit_id) {
        out << "  overall limit \"" << decision.limit_name << "\" (" << decision.limit_id
            << "): " << decision.limit_working_days << " working days from the outset, "
            << iso_with_weekday(decision.started) << "\n";
        if (decision.due_rule == ESC_DUE_RULE_OVERALL_LIMIT)
            write_days(days_between(calendar, decision.started, decision.limit_due), out);
        out << "    => "
            << (decision.limit_due == ESC_NO_DATE && decision.started != ESC_NO_DATE
                    ? std::string("past the calendar's end, so after any date the calendar holds")
                    : iso_with_weekday(decision.limit_due))
            << "\n";
        if (decision.limit_reading && *decision.limit_reading)
            out << "    reading: " << decision.limit_reading << "\n";
    }

    // Which rule set the due date.
    out << "  due " << iso_with_weekday(decision.due) << ": ";
    switch (decision.due_rule) {
        case ESC_DUE_RULE_STAGE_TIMESCALE:
            out << "set by the stage's own timescale";
            if (decision.anchor == ESC_ANCHOR_PATHWAY_START) out << ", counted from the outset";
            if (decision.limit_id) out << " (no later than the overall limit)";
            break;
        case ESC_DUE_RULE_OVERALL_LIMIT:
            out << "set by the overall limit \"" << decision.limit_name << "\"";
            if (decision.timescale_due != ESC_NO_DATE)
                out << ", which falls before the stage's own timescale ("
                    << iso_with_weekday(decision.timescale_due) << ")";
            else if (decision.deadline_kind == ESC_DEADLINE_NONE)
                out << ", as the stage has no timescale of its own";
            else if (decision.anchor == ESC_ANCHOR_ON_EVENT)
                out << ", as the stage's own timescale waits for " << decision.waits_for;
            else
                out << ", which falls before the stage's own timescale (past the calendar's end)";
            break;
        case ESC_DUE_RULE_WAITING:
            out << "none yet: the stage's timescale counts from " << anchor_phrase(decision)
                << ", which a single question cannot know";
            break;
        default:
            out << "none, because neither the stage nor an overall limit states a timescale";
            break;
    }
    out << "\n";
    if (decision.due != ESC_NO_DATE) {
        out << "  force: " << force_name(decision.force)
            << (decision.force == ESC_FORCE_MUST ? " (missing it breaches a requirement)"
                                                 : " (missing it misses an expectation, not a requirement)")
            << "\n";
    }
    if (decision.overdue)
        out << "  overdue on entry: the stage was entered on " << iso_with_weekday(decision.entered)
            << ", after the date it is due\n";
}

std::string explain_json(const esc_engine* engine, const esc_decision& decision) {
    if (decision.terminal)
        return "{\"due_rule\":\"none\",\"terminal\":true}";
    const esc_calendar* calendar = calendar_of(engine, decision);
    std::ostringstream json;
    json << "{\"due_rule\":" << json_string(due_rule_name(decision.due_rule))
         << ",\"force\":" << json_string(force_name(decision.force))
         << ",\"overdue\":" << (decision.overdue ? "true" : "false")
         << ",\"reading\":" << json_string(decision.timescale_reading)
         << ",\"limit_reading\":" << json_string(decision.limit_reading)
         << ",\"calendar\":" << json_string(decision.calendar)
         << ",\"timescale\":{\"kind\":" << json_string(deadline_kind_name(decision.deadline_kind))
         << ",\"days\":" << decision.deadline_days
         << ",\"hours\":" << decision.deadline_hours
         << ",\"roll\":" << (decision.roll ? "true" : "false")
         << ",\"anchor\":" << json_string(anchor_name(decision.anchor))
         << ",\"anchor_date\":" << json_date(decision.anchor_date)
         << ",\"due\":" << json_date(decision.timescale_due);
    if (decision.deadline_kind == ESC_DEADLINE_WORKING_DAYS && decision.timescale_due != ESC_NO_DATE)
        json << ",\"counted\":" << days_json(days_between(calendar, decision.anchor_date, decision.timescale_due));
    json << "},\"limit\":";
    if (decision.limit_id) {
        json << "{\"id\":" << json_string(decision.limit_id) << ",\"name\":" << json_string(decision.limit_name)
             << ",\"working_days\":" << decision.limit_working_days
             << ",\"from\":" << json_date(decision.started) << ",\"due\":" << json_date(decision.limit_due)
             << ",\"counted\":" << days_json(days_between(calendar, decision.started, decision.limit_due)) << "}";
    } else {
        json << "null";
    }
    json << "}";
    return json.str();
}

}  // namespace escalate::cli
