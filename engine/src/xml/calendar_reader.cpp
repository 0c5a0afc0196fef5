// Reads a <calendar> element (docs/ruleset-format.md, section Calendars) into a
// CalendarDefinition. Only the shape of the file is checked here; what the rules mean (impossible
// dates, changes that match no holiday) is checked by Calendar::compile, which also serves
// definitions built in code.
#include <string>

#include "xml/readers.hpp"

namespace escalate {

namespace {

constexpr std::initializer_list<const char*> weekday_keywords = {"monday", "tuesday",  "wednesday", "thursday",
                                                                 "friday", "saturday", "sunday"};

int weekday_number(xml::ElementReader& reader, const char* attribute) {
    const std::string keyword = reader.required_keyword(attribute, weekday_keywords);
    int index = 0;
    for (const char* name : weekday_keywords) {
        if (keyword == name) return index;
        ++index;
    }
    return index;  // unreachable: required_keyword accepted one of the names
}

// The attributes every recurring rule shares: name, optional years and source.
HolidayRule read_rule_common(xml::ElementReader& reader) {
    HolidayRule rule;
    rule.name = reader.required("name", "Spring bank holiday");
    rule.first_year = reader.optional_int("first-year", 1000, 9999).value_or(0);
    rule.last_year = reader.optional_int("last-year", 1000, 9999).value_or(9999);
    rule.source = reader.optional("source").value_or("");
    rule.where = reader.where();
    return rule;
}

std::vector<int> read_weekend(xml::ElementReader& reader) {
    std::vector<int> days;
    for (const std::string& item : reader.required_list("days", "saturday sunday")) {
        int index = 0;
        for (const char* name : weekday_keywords) {
            if (item == name) break;
            ++index;
        }
        if (index == 7) {
            reader.fail("\"" + item + "\" is not a day of the week",
                        "write the weekend days as monday, tuesday, wednesday, thursday, friday, saturday or "
                        "sunday, separated by spaces");
        }
        for (int earlier : days) {
            if (earlier == index) reader.fail("\"" + item + "\" is listed twice", "list each weekend day once");
        }
        days.push_back(index);
    }
    if (days.empty()) {
        reader.fail("no weekend days are listed", "list them, for example days=\"saturday sunday\"");
    }
    return days;
}

}  // namespace

CalendarDefinition read_calendar(xml::ElementReader& root) {
    CalendarDefinition calendar;
    calendar.where = root.where();
    calendar.id = root.required("id", "england-and-wales");
    if (!is_kebab_id(calendar.id)) {
        root.fail("the id \"" + calendar.id + "\" is not a lower-case kebab-case id",
                  "use lower-case words joined by hyphens, for example id=\"england-and-wales\"");
    }
    calendar.name = root.required("name", "England and Wales");
    calendar.first_year = root.required_int("first-year", 1583, 9999);
    calendar.last_year = root.required_int("last-year", 1583, 9999);
    if (calendar.first_year > calendar.last_year) {
        root.fail("first-year " + std::to_string(calendar.first_year) + " is after last-year " +
                      std::to_string(calendar.last_year),
                  "make first-year the earlier year");
    }
    calendar.source = root.required("source", "GOV.UK bank holidays list");
    root.finish();

    bool have_weekend = false;
    for (const tinyxml2::XMLElement* element :
         root.children({"weekend", "fixed", "nth-weekday", "last-weekday", "easter", "one-off", "moved", "removed"})) {
        xml::ElementReader child(*element, root.file());
        child.children({});  // none of these elements has children
        const std::string_view kind = child.name();
        if (kind == "weekend") {
            if (have_weekend) {
                child.fail("the calendar has a second <weekend>", "keep exactly one <weekend> element");
            }
            have_weekend = true;
            calendar.weekend_days = read_weekend(child);
        } else if (!have_weekend) {
            child.fail("the holidays come before <weekend>",
                       "make <weekend days=\"...\"/> the first element inside <calendar>");
        } else if (kind == "fixed") {
            HolidayRule rule = read_rule_common(child);
            FixedDateRule fixed;
            fixed.month = child.required_int("month", 1, 12);
            fixed.day = child.required_int("day", 1, 31);
            fixed.substitute = child.required_keyword("substitute", {"none", "next-working-day"}) == "none"
                                   ? SubstituteRule::none
                                   : SubstituteRule::next_working_day;
            rule.kind = fixed;
            calendar.rules.push_back(std::move(rule));
        } else if (kind == "nth-weekday") {
            HolidayRule rule = read_rule_common(child);
            NthWeekdayRule nth;
            nth.month = child.required_int("month", 1, 12);
            nth.weekday = weekday_number(child, "weekday");
            nth.n = child.required_int("n", 1, 5);
            rule.kind = nth;
            calendar.rules.push_back(std::move(rule));
        } else if (kind == "last-weekday") {
            HolidayRule rule = read_rule_common(child);
            LastWeekdayRule last;
            last.month = child.required_int("month", 1, 12);
            last.weekday = weekday_number(child, "weekday");
            rule.kind = last;
            calendar.rules.push_back(std::move(rule));
        } else if (kind == "easter") {
            HolidayRule rule = read_rule_common(child);
            rule.kind = EasterRule{child.required_int("offset", -366, 366)};
            calendar.rules.push_back(std::move(rule));
        } else if (kind == "one-off") {
            OneOffHoliday one_off;
            one_off.name = child.required("name", "Platinum Jubilee bank holiday");
            one_off.date = child.required_date("date");
            one_off.source = child.required("source", "Proclamation, 2021");
            one_off.where = child.where();
            calendar.one_offs.push_back(std::move(one_off));
        } else if (kind == "moved") {
            HolidayChange change;
            change.name = child.required("name", "Early May bank holiday");
            change.from = child.required_date("from");
            change.to = child.required_date("to");
            change.source = child.required("source", "Proclamation, 2019");
            change.where = child.where();
            calendar.changes.push_back(std::move(change));
        } else {  // removed
            HolidayChange change;
            change.name = child.required("name", "Spring bank holiday");
            change.from = child.required_date("date");
            change.source = child.required("source", "Proclamation, 2001");
            change.where = child.where();
            calendar.changes.push_back(std::move(change));
        }
        child.finish();
    }
    if (!have_weekend) {
        root.fail("the calendar has no <weekend>",
                  "add one as the first child, for example <weekend days=\"saturday sunday\"/>");
    }
    return calendar;
}

}  // namespace escalate
