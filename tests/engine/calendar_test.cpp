// Working-day calendars (engine/include/escalate/calendar.hpp, engine/src/calendars/, engine/src/xml/calendar_reader.cpp) and the
// bundled calendars in rulesets/calendars/.
//
// Where the expected values come from:
//  - Synthetic calendars: worked out by hand from a wall calendar; weekdays are noted beside them.
//  - Bundled calendars: the published bank-holiday lists (GOV.UK "UK bank holidays" for England
//    and Wales, Scotland and Northern Ireland, 2015 onwards), and for earlier years the royal
//    proclamations and Hansard answers cited in the XML (1981 royal wedding, 1995 VE Day,
//    1999 millennium, 2002 Golden Jubilee, 2011 royal wedding, 2012 Diamond Jubilee), written
//    out by hand below. 2100 follows from the rules alone (its weekdays match 2010).
//  - The whole range 1980-2100: an independent implementation in this file, written in the
//    style of QuantLib's unitedkingdom.cpp (explicit per-day conditions, Easter by a different
//    computus: Oudin's algorithm as given in Claus Tondering's Calendar FAQ), compared with the
//    compiled tables day by day; and add/count stepped day by day against the tables.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "escalate/calendar.hpp"
#include "escalate/errors.hpp"
#include "escalate/loader.hpp"

namespace escalate {
namespace {

Date ymd(int year, int month, int day) {
    const auto date = date_from_ymd(year, month, day);
    if (!date) throw std::logic_error("test uses an impossible date");
    return *date;
}

// A <calendar> document whose body starts on line 3 of "test.xml".
std::string calendar_document(const std::string& body,
                              const std::string& range = R"(first-year="2020" last-year="2030")") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<calendar id=\"test\" name=\"Test\" " + range + " source=\"unit test\">\n" + body + "</calendar>\n";
}

CalendarDefinition read_definition(const std::string& body,
                                   const std::string& range = R"(first-year="2020" last-year="2030")") {
    RulesetFiles files;
    read_ruleset_text(calendar_document(body, range), "test.xml", files);
    if (files.calendars.size() != 1) throw std::logic_error("expected one calendar");
    return files.calendars.front();
}

std::shared_ptr<const Calendar> compile_xml(const std::string& body,
                                            const std::string& range = R"(first-year="2020" last-year="2030")") {
    return Calendar::compile(read_definition(body, range));
}

const std::string weekend = "<weekend days=\"saturday sunday\"/>\n";

// The message of the RulesetError that `action` throws ("" and a test failure if none).
std::string ruleset_error(const std::function<void()>& action) {
    try {
        action();
    } catch (const RulesetError& error) {
        return error.what();
    } catch (const std::exception& error) {
        ADD_FAILURE() << "expected a RulesetError, got: " << error.what();
        return "";
    }
    ADD_FAILURE() << "expected a RulesetError, nothing was thrown";
    return "";
}

void expect_contains(const std::string& message, const std::vector<std::string>& parts) {
    for (const auto& part : parts) {
        EXPECT_NE(message.find(part), std::string::npos) << "message: " << message << "\nlacks: " << part;
    }
}

// The holidays of a year as "MM-DD" strings.
std::vector<std::string> holiday_days(const Calendar& calendar, int year) {
    std::vector<std::string> out;
    for (const Holiday& holiday : calendar.holidays(year)) out.push_back(format_iso_date(holiday.date).substr(5));
    return out;
}

const Calendar& bundled(const std::string& id) {
    static std::map<std::string, std::shared_ptr<const Calendar>> compiled;
    auto& slot = compiled[id];
    if (!slot) {
        const auto path = std::filesystem::path(ESCALATE_RULESETS_DIR) / "calendars" / (id + ".xml");
        const RulesetFiles files = read_rulesets(path);
        if (files.calendars.size() != 1) throw std::logic_error("expected one calendar in " + path.string());
        slot = Calendar::compile(files.calendars.front());
    }
    return *slot;
}

// ---------------------------------------------------------------------------------------------
// Rule kinds and substitute days, on small synthetic calendars.

TEST(CalendarRules, FixedDateWithoutSubstituteIsLostOnAWeekend) {
    const auto calendar = compile_xml(weekend + R"(<fixed name="Mid-March" month="3" day="14" substitute="none"/>
)");
    EXPECT_FALSE(calendar->is_working_day(ymd(2023, 3, 14)));  // Tuesday: a holiday
    EXPECT_EQ(calendar->holiday_on(ymd(2023, 3, 14))->name, "Mid-March");
    EXPECT_TRUE(calendar->is_working_day(ymd(2021, 3, 15)));   // 14 March 2021 was a Sunday: nothing moves
    EXPECT_TRUE(calendar->holidays(2021).empty());
}

TEST(CalendarRules, ChristmasAndBoxingDaySubstitutes) {
    const auto calendar = compile_xml(weekend + R"(<fixed name="Christmas Day" month="12" day="25" substitute="next-working-day"/>
<fixed name="Boxing Day" month="12" day="26" substitute="next-working-day"/>
)");
    // 2021: Christmas Saturday -> Monday 27; Boxing Day Sunday -> Tuesday 28.
    EXPECT_EQ(holiday_days(*calendar, 2021), (std::vector<std::string>{"12-27", "12-28"}));
    EXPECT_EQ(calendar->holiday_on(ymd(2021, 12, 27))->name, "Christmas Day (substitute day)");
    EXPECT_TRUE(calendar->holiday_on(ymd(2021, 12, 27))->substitute);
    EXPECT_EQ(calendar->holiday_on(ymd(2021, 12, 28))->name, "Boxing Day (substitute day)");
    // 2022: Christmas Sunday -> Tuesday 27 (Monday 26 is Boxing Day itself).
    EXPECT_EQ(holiday_days(*calendar, 2022), (std::vector<std::string>{"12-26", "12-27"}));
    EXPECT_EQ(calendar->holiday_on(ymd(2022, 12, 26))->name, "Boxing Day");
    EXPECT_FALSE(calendar->holiday_on(ymd(2022, 12, 26))->substitute);
    EXPECT_EQ(calendar->holiday_on(ymd(2022, 12, 27))->name, "Christmas Day (substitute day)");
    // 2020: Christmas Friday; Boxing Day Saturday -> Monday 28.
    EXPECT_EQ(holiday_days(*calendar, 2020), (std::vector<std::string>{"12-25", "12-28"}));
    // 2023: Monday and Tuesday, nothing to substitute.
    EXPECT_EQ(holiday_days(*calendar, 2023), (std::vector<std::string>{"12-25", "12-26"}));
}

TEST(CalendarRules, ScottishNewYearPairOfSubstitutes) {
    const auto calendar = compile_xml(weekend + R"(<fixed name="New Year's Day" month="1" day="1" substitute="next-working-day"/>
<fixed name="2nd January" month="1" day="2" substitute="next-working-day"/>
)");
    EXPECT_EQ(holiday_days(*calendar, 2022), (std::vector<std::string>{"01-03", "01-04"}));  // Sat, Sun
    EXPECT_EQ(holiday_days(*calendar, 2023), (std::vector<std::string>{"01-02", "01-03"}));  // Sun, Mon
    EXPECT_EQ(holiday_days(*calendar, 2021), (std::vector<std::string>{"01-01", "01-04"}));  // Fri, Sat
    EXPECT_EQ(holiday_days(*calendar, 2024), (std::vector<std::string>{"01-01", "01-02"}));  // Mon, Tue
}

TEST(CalendarRules, SubstituteSkipsOneOffsAndCrossesIntoTheRange) {
    // 2022-12-31 is a Saturday, before the range: its substitute is Monday 2 January 2023, and
    // New Year's Day (Sunday) then takes Tuesday 3. A one-off on Wednesday 4 pushes nothing.
    const auto calendar = compile_xml(weekend + R"(<fixed name="Hogmanay" month="12" day="31" substitute="next-working-day"/>
<fixed name="New Year's Day" month="1" day="1" substitute="next-working-day"/>
<one-off name="Extra" date="2024-01-02" source="test"/>
)",
                                      R"(first-year="2023" last-year="2028")");
    EXPECT_EQ(holiday_days(*calendar, 2023), (std::vector<std::string>{"01-02", "01-03"}));
    EXPECT_EQ(calendar->holiday_on(ymd(2023, 1, 2))->name, "Hogmanay (substitute day)");
    // 2023-12-31 is a Sunday: Monday 1 January 2024 is New Year's Day itself, Tuesday 2 is the
    // one-off, so Hogmanay's substitute is Wednesday 3; 31 December 2024 is a Tuesday.
    EXPECT_EQ(holiday_days(*calendar, 2024), (std::vector<std::string>{"01-01", "01-02", "01-03", "12-31"}));
    EXPECT_EQ(calendar->holiday_on(ymd(2024, 1, 3))->name, "Hogmanay (substitute day)");
    // 2028: New Year's Day on Saturday gives Monday 3 January. 31 December 2028 is a Sunday; its
    // substitute would fall after the range and is simply absent.
    EXPECT_EQ(holiday_days(*calendar, 2028), (std::vector<std::string>{"01-03"}));
}

TEST(CalendarRules, NthWeekdayIncludingAFifthThatSomeMonthsLack) {
    const auto calendar = compile_xml(weekend + R"(<nth-weekday name="First Monday in May" month="5" weekday="monday" n="1"/>
<nth-weekday name="Fifth Monday in May" month="5" weekday="monday" n="5"/>
<nth-weekday name="Third Wednesday in November" month="11" weekday="wednesday" n="3"/>
)");
    // May 2024: Mondays 6, 13, 20, 27 (no fifth). May 2021: 3, 10, 17, 24, 31.
    EXPECT_EQ(holiday_days(*calendar, 2024), (std::vector<std::string>{"05-06", "11-20"}));
    EXPECT_EQ(holiday_days(*calendar, 2021), (std::vector<std::string>{"05-03", "05-31", "11-17"}));
}

TEST(CalendarRules, LastWeekday) {
    const auto calendar = compile_xml(weekend + R"(<last-weekday name="Last Monday in August" month="8" weekday="monday"/>
<last-weekday name="Last Friday in February" month="2" weekday="friday"/>
)");
    // February 2024 (leap): Fridays 2, 9, 16, 23. August 2024: Mondays up to 26.
    EXPECT_EQ(holiday_days(*calendar, 2024), (std::vector<std::string>{"02-23", "08-26"}));
    // February 2021: Fridays 5, 12, 19, 26. August 2021: Monday 30.
    EXPECT_EQ(holiday_days(*calendar, 2021), (std::vector<std::string>{"02-26", "08-30"}));
}

TEST(CalendarRules, EasterOffsets) {
    // A Saturday-only weekend, so Easter Sunday itself (offset 0) is visible as a holiday.
    const auto calendar = compile_xml(R"(<weekend days="saturday"/>
<easter name="Easter Sunday" offset="0"/>
<easter name="Good Friday" offset="-2"/>
<easter name="Easter Monday" offset="1"/>
<easter name="Whit Monday" offset="50"/>
)",
                                      R"(first-year="1980" last-year="2100")");
    // Western Easter Sunday, from the published tables of Easter dates.
    const std::map<int, std::pair<int, int>> easter = {
        {1980, {4, 6}},  {1981, {4, 19}}, {1995, {4, 16}}, {1999, {4, 4}},  {2000, {4, 23}}, {2002, {3, 31}},
        {2008, {3, 23}}, {2010, {4, 4}},  {2011, {4, 24}}, {2012, {4, 8}},  {2015, {4, 5}},  {2016, {3, 27}},
        {2017, {4, 16}}, {2018, {4, 1}},  {2019, {4, 21}}, {2020, {4, 12}}, {2021, {4, 4}},  {2022, {4, 17}},
        {2023, {4, 9}},  {2024, {3, 31}}, {2025, {4, 20}}, {2026, {4, 5}},  {2027, {3, 28}}, {2038, {4, 25}},
        {2100, {3, 28}}};
    for (const auto& [year, month_day] : easter) {
        const Date sunday = ymd(year, month_day.first, month_day.second);
        ASSERT_NE(calendar->holiday_on(sunday), nullptr) << year;
        EXPECT_EQ(calendar->holiday_on(sunday)->name, "Easter Sunday") << year;
        EXPECT_EQ(calendar->holiday_on(sunday - 2)->name, "Good Friday") << year;
        EXPECT_EQ(calendar->holiday_on(sunday + 1)->name, "Easter Monday") << year;
        EXPECT_EQ(calendar->holiday_on(sunday + 50)->name, "Whit Monday") << year;
        EXPECT_EQ(weekday_of(sunday), 6) << year;
    }
}

TEST(CalendarRules, RuleYearsLimitWhenARuleApplies) {
    const auto calendar = compile_xml(weekend + R"(<fixed name="New Year's Day" month="1" day="1" substitute="none" first-year="2025" last-year="2027"/>
)");
    EXPECT_TRUE(calendar->is_working_day(ymd(2024, 1, 1)));   // Monday, before the rule
    EXPECT_FALSE(calendar->is_working_day(ymd(2025, 1, 1)));  // Wednesday
    EXPECT_FALSE(calendar->is_working_day(ymd(2027, 1, 1)));  // Friday
    EXPECT_TRUE(calendar->is_working_day(ymd(2030, 1, 1)));   // Tuesday, after it
}

TEST(CalendarRules, MovedRemovedAndOneOff) {
    const auto calendar = compile_xml(weekend + R"(<nth-weekday name="Early May bank holiday" month="5" weekday="monday" n="1"/>
<last-weekday name="Spring bank holiday" month="5" weekday="monday"/>
<moved name="Early May bank holiday" from="2020-05-04" to="2020-05-08" source="test"/>
<removed name="Spring bank holiday" date="2021-05-31" source="test"/>
<one-off name="Platinum Jubilee bank holiday" date="2022-06-03" source="test"/>
)");
    EXPECT_TRUE(calendar->is_working_day(ymd(2020, 5, 4)));
    EXPECT_EQ(calendar->holiday_on(ymd(2020, 5, 8))->name, "Early May bank holiday");
    EXPECT_EQ(holiday_days(*calendar, 2020), (std::vector<std::string>{"05-08", "05-25"}));
    EXPECT_EQ(holiday_days(*calendar, 2021), (std::vector<std::string>{"05-03"}));
    EXPECT_EQ(holiday_days(*calendar, 2022), (std::vector<std::string>{"05-02", "05-30", "06-03"}));
    EXPECT_EQ(calendar->holiday_on(ymd(2022, 6, 3))->name, "Platinum Jubilee bank holiday");
}

TEST(CalendarRules, OtherWeekends) {
    // A Friday-Saturday weekend: a fixed holiday on Friday 1 January 2021 moves to Sunday 3.
    const auto calendar = compile_xml(R"(<weekend days="friday saturday"/>
<fixed name="New Year's Day" month="1" day="1" substitute="next-working-day"/>
)");
    EXPECT_TRUE(calendar->is_weekend_day(ymd(2021, 1, 1)));
    EXPECT_FALSE(calendar->is_weekend_day(ymd(2021, 1, 3)));
    EXPECT_EQ(holiday_days(*calendar, 2021), (std::vector<std::string>{"01-03"}));
    EXPECT_TRUE(calendar->is_working_day(ymd(2021, 1, 4)));
}

TEST(CalendarRules, TablesAgreeDayByDayWithHolidaysOnTheRangeEndsAndInARow) {
    // 2021 runs from Friday 1 January to Friday 31 December: holidays on both ends of the
    // range, and three in a row (Monday 3 to Wednesday 5 May), check the day loop's edges.
    const auto calendar = compile_xml(weekend + R"(<fixed name="First" month="1" day="1" substitute="none"/>
<fixed name="Monday" month="5" day="3" substitute="none"/>
<fixed name="Tuesday" month="5" day="4" substitute="none"/>
<fixed name="Wednesday" month="5" day="5" substitute="none"/>
<fixed name="Thursday" month="12" day="30" substitute="none"/>
<fixed name="Last" month="12" day="31" substitute="none"/>
)",
                                      R"(first-year="2021" last-year="2021")");
    // By hand: 365 days are 52 weeks and a Friday, so 52 Saturdays and 52 Sundays; six holidays,
    // all on weekdays.
    EXPECT_EQ(calendar->total_working_days(), 365 - 104 - 6);
    std::int32_t count = 0;
    std::vector<Date> working;
    const std::int32_t* through = calendar->working_days_through_table();
    for (Date day = calendar->first_date(); day <= calendar->last_date(); ++day) {
        const bool works = !calendar->is_weekend_day(day) && calendar->holiday_on(day) == nullptr;
        if (works) working.push_back(day);
        count += works ? 1 : 0;
        ASSERT_EQ(through[day - calendar->first_date()], count) << format_iso_date(day);
    }
    ASSERT_EQ(calendar->total_working_days(), count);
    for (std::size_t k = 0; k < working.size(); ++k) ASSERT_EQ(calendar->nth_working_day_table()[k + 1], working[k]);
    EXPECT_FALSE(calendar->is_working_day(ymd(2021, 1, 1)));
    EXPECT_EQ(calendar->nth_working_day_table()[1], ymd(2021, 1, 4));
    EXPECT_EQ(calendar->add_working_days(ymd(2021, 4, 30), 1), ymd(2021, 5, 6));  // Friday to Thursday
    EXPECT_EQ(calendar->add_working_days(ymd(2021, 5, 6), -1), ymd(2021, 4, 30));
    EXPECT_EQ(calendar->add_working_days(ymd(2021, 12, 31), -1), ymd(2021, 12, 29));
    EXPECT_EQ(calendar->nth_working_day_table()[calendar->total_working_days()], ymd(2021, 12, 29));
}

TEST(CalendarRules, TwoRulesOnOneDayMakeOneHoliday) {
    // Easter Monday 2011 was 25 April.
    const auto calendar = compile_xml(weekend + R"(<easter name="Easter Monday" offset="1"/>
<fixed name="Anzac Day" month="4" day="25" substitute="none"/>
)");
    EXPECT_EQ(holiday_days(*calendar, 2020), (std::vector<std::string>{"04-13"}));  // 25 April 2020: Sat
    const auto same = calendar->holidays(2022);  // Easter Monday 18 April; 25 April a Monday
    ASSERT_EQ(same.size(), 2u);
    const auto calendar2011 = compile_xml(weekend + R"(<easter name="Easter Monday" offset="1"/>
<fixed name="Anzac Day" month="4" day="25" substitute="none"/>
)",
                                          R"(first-year="2011" last-year="2011")");
    ASSERT_EQ(calendar2011->holidays(2011).size(), 1u);
    EXPECT_EQ(calendar2011->holidays(2011)[0].name, "Easter Monday and Anzac Day");
}

TEST(CalendarRules, DefinitionBuiltInCode) {
    CalendarDefinition definition;
    definition.id = "code";
    definition.name = "Built in code";
    definition.first_year = 2024;
    definition.last_year = 2024;
    definition.weekend_days = {5, 6};
    HolidayRule rule;
    rule.name = "Leap day eve";
    rule.kind = FixedDateRule{2, 28, SubstituteRule::none};
    definition.rules.push_back(rule);
    const auto calendar = Calendar::compile(definition);
    EXPECT_EQ(calendar->id(), "code");
    EXPECT_EQ(calendar->first_date(), ymd(2024, 1, 1));
    EXPECT_EQ(calendar->last_date(), ymd(2024, 12, 31));
    EXPECT_FALSE(calendar->is_working_day(ymd(2024, 2, 28)));  // Wednesday
    EXPECT_TRUE(calendar->is_working_day(ymd(2024, 2, 29)));   // Thursday, the leap day
    // 2024 has 366 days: 262 weekdays (52 weeks and Monday 1 / Tuesday 31 December), less one.
    EXPECT_EQ(calendar->total_working_days(), 261);
}

// ---------------------------------------------------------------------------------------------
// Compile-time errors: each names the file and line and says how to fix it.

TEST(CalendarErrors, DuplicateRuleNames) {
    const std::string message = ruleset_error([] {
        compile_xml(weekend + R"(<fixed name="Christmas Day" month="12" day="25" substitute="none"/>
<fixed name="Christmas Day" month="12" day="26" substitute="none"/>
)");
    });
    expect_contains(message, {"test.xml:5:", "\"Christmas Day\"", "line 4", "give each rule its own name"});
}

TEST(CalendarErrors, MovedFromADateTheRuleDoesNotGive) {
    const std::string message = ruleset_error([] {
        compile_xml(weekend + R"(<nth-weekday name="Early May bank holiday" month="5" weekday="monday" n="1"/>
<moved name="Early May bank holiday" from="2020-05-05" to="2020-05-08" source="test"/>
)");
    });
    expect_contains(message, {"test.xml:5:", "the rule gives 2020-05-04 in 2020, not 2020-05-05",
                              "write the date the rule gives, 2020-05-04"});
}

TEST(CalendarErrors, RemovedFromADateTheRuleDoesNotGive) {
    const std::string message = ruleset_error([] {
        compile_xml(weekend + R"(<last-weekday name="Spring bank holiday" month="5" weekday="monday"/>
<removed name="Spring bank holiday" date="2021-05-24" source="test"/>
)");
    });
    expect_contains(message, {"test.xml:5:", "removal", "2021-05-31", "write the date the rule gives"});
}

TEST(CalendarErrors, ChangeOfAnUnknownRule) {
    const std::string message = ruleset_error([] {
        compile_xml(weekend + R"(<nth-weekday name="Early May bank holiday" month="5" weekday="monday" n="1"/>
<moved name="Early may bank holiday" from="2020-05-04" to="2020-05-08" source="test"/>
)");
    });
    expect_contains(message, {"test.xml:5:", "no recurring holiday has that name", "\"Early May bank holiday\""});
}

TEST(CalendarErrors, ChangeOfARuleNotInForce) {
    const std::string message = ruleset_error([] {
        compile_xml(weekend + R"(<nth-weekday name="Early May bank holiday" month="5" weekday="monday" n="1" first-year="2025"/>
<moved name="Early May bank holiday" from="2020-05-04" to="2020-05-08" source="test"/>
)");
    });
    expect_contains(message, {"test.xml:5:", "not in force in 2020", "correct the year"});
}

TEST(CalendarErrors, MovedToAWeekendOrOntoAnotherHoliday) {
    expect_contains(ruleset_error([] {
                        compile_xml(weekend + R"(<nth-weekday name="Early May bank holiday" month="5" weekday="monday" n="1"/>
<moved name="Early May bank holiday" from="2020-05-04" to="2020-05-09" source="test"/>
)");
                    }),
                    {"test.xml:5:", "2020-05-09 is a Saturday", "correct the new date"});
    expect_contains(ruleset_error([] {
                        compile_xml(weekend + R"(<nth-weekday name="Early May bank holiday" month="5" weekday="monday" n="1"/>
<last-weekday name="Spring bank holiday" month="5" weekday="monday"/>
<moved name="Early May bank holiday" from="2020-05-04" to="2020-05-25" source="test"/>
)");
                    }),
                    {"test.xml:", "2020-05-25", "Spring bank holiday"});
}

TEST(CalendarErrors, TwoChangesToOneHolidayInOneYear) {
    const std::string message = ruleset_error([] {
        compile_xml(weekend + R"(<nth-weekday name="Early May bank holiday" month="5" weekday="monday" n="1"/>
<moved name="Early May bank holiday" from="2020-05-04" to="2020-05-08" source="test"/>
<removed name="Early May bank holiday" date="2020-05-04" source="test"/>
)");
    });
    expect_contains(message, {"test.xml:6:", "already changed in 2020", "keep one"});
}

TEST(CalendarErrors, OneOffOutsideTheRangeOnAWeekendOrOnAHoliday) {
    expect_contains(ruleset_error([] {
                        compile_xml(weekend + R"(<one-off name="Too late" date="2031-06-02" source="test"/>
)");
                    }),
                    {"test.xml:4:", "outside the calendar (2020-01-01 to 2030-12-31)", "widen"});
    expect_contains(ruleset_error([] {
                        compile_xml(weekend + R"(<one-off name="On a Sunday" date="2022-06-05" source="test"/>
)");
                    }),
                    {"test.xml:4:", "Sunday", "check the date against the proclamation"});
    expect_contains(ruleset_error([] {
                        compile_xml(weekend + R"(<last-weekday name="Spring bank holiday" month="5" weekday="monday"/>
<one-off name="Clash" date="2022-05-30" source="test"/>
)");
                    }),
                    {"test.xml:5:", "already the holiday \"Spring bank holiday\"", "use <moved>"});
}

TEST(CalendarErrors, ImpossibleFixedDates) {
    expect_contains(ruleset_error([] {
                        compile_xml(weekend + R"(<fixed name="Thirtieth of February" month="2" day="30" substitute="none"/>
)");
                    }),
                    {"test.xml:4:", "30 February is not a date", "February has 29 days"});
    expect_contains(ruleset_error([] {
                        compile_xml(weekend + R"(<fixed name="Thirty-first of April" month="4" day="31" substitute="none"/>
)");
                    }),
                    {"test.xml:4:", "31 April is not a date", "April has 30 days"});
    expect_contains(ruleset_error([] {
                        compile_xml(weekend + R"(<fixed name="Leap day" month="2" day="29" substitute="none"/>
)");
                    }),
                    {"test.xml:4:", "29 February exists only in leap years", "one-off"});
}

TEST(CalendarErrors, DefinitionsBuiltInCodeAreCheckedToo) {
    CalendarDefinition base;
    base.id = "code";
    base.first_year = 2020;
    base.last_year = 2021;
    base.weekend_days = {5, 6};
    base.where = {"code.xml", 1};

    auto empty_weekend = base;
    empty_weekend.weekend_days.clear();
    expect_contains(ruleset_error([&] { Calendar::compile(empty_weekend); }),
                    {"code.xml:1:", "the weekend is empty", "list the weekend days"});

    auto whole_week = base;
    whole_week.weekend_days = {0, 1, 2, 3, 4, 5, 6};
    expect_contains(ruleset_error([&] { Calendar::compile(whole_week); }), {"code.xml:1:", "no working days"});

    auto repeated = base;
    repeated.weekend_days = {5, 5};
    expect_contains(ruleset_error([&] { Calendar::compile(repeated); }), {"Saturday is listed twice"});

    auto backwards = base;
    backwards.first_year = 2030;
    expect_contains(ruleset_error([&] { Calendar::compile(backwards); }), {"code.xml:1:", "first-year <= last-year"});

    auto bad_rule = [&](HolidayRuleKind kind, std::vector<std::string> parts) {
        auto definition = base;
        HolidayRule rule;
        rule.name = "Bad";
        rule.kind = kind;
        rule.where = {"code.xml", 7};
        definition.rules.push_back(rule);
        parts.insert(parts.begin(), "code.xml:7:");
        expect_contains(ruleset_error([&] { Calendar::compile(definition); }), parts);
    };
    bad_rule(FixedDateRule{13, 1, SubstituteRule::none}, {"month 13 does not exist"});
    bad_rule(NthWeekdayRule{5, 0, 0}, {"n is 0", "write n from 1 to 5"});
    bad_rule(NthWeekdayRule{5, 7, 1}, {"weekday 7 does not exist"});
    bad_rule(LastWeekdayRule{0, 0}, {"month 0 does not exist"});
    bad_rule(EasterRule{400}, {"more than a year from Easter"});

    auto reversed_years = base;
    HolidayRule rule;
    rule.name = "Reversed";
    rule.kind = FixedDateRule{1, 1, SubstituteRule::none};
    rule.first_year = 2021;
    rule.last_year = 2020;
    rule.where = {"code.xml", 9};
    reversed_years.rules.push_back(rule);
    expect_contains(ruleset_error([&] { Calendar::compile(reversed_years); }),
                    {"code.xml:9:", "first-year 2021 is after last-year 2020"});
}

// ---------------------------------------------------------------------------------------------
// Reader errors: the format is strict.

TEST(CalendarReader, ReadsEveryAttribute) {
    const CalendarDefinition definition = read_definition(R"(<weekend days="friday saturday"/>
<fixed name="A" month="1" day="2" substitute="next-working-day" first-year="2021" last-year="2029" source="s1"/>
<nth-weekday name="B" month="5" weekday="tuesday" n="2" source="s2"/>
<last-weekday name="C" month="8" weekday="sunday"/>
<easter name="D" offset="-3"/>
<one-off name="E" date="2022-06-03" source="s5"/>
<moved name="B" from="2023-05-09" to="2023-05-10" source="s6"/>
<removed name="C" date="2024-08-25" source="s7"/>
)");
    EXPECT_EQ(definition.id, "test");
    EXPECT_EQ(definition.name, "Test");
    EXPECT_EQ(definition.source, "unit test");
    EXPECT_EQ(definition.first_year, 2020);
    EXPECT_EQ(definition.last_year, 2030);
    EXPECT_EQ(definition.where.line, 2);
    EXPECT_EQ(definition.weekend_days, (std::vector<int>{4, 5}));
    ASSERT_EQ(definition.rules.size(), 4u);
    const auto& fixed = std::get<FixedDateRule>(definition.rules[0].kind);
    EXPECT_EQ(fixed.month, 1);
    EXPECT_EQ(fixed.day, 2);
    EXPECT_EQ(fixed.substitute, SubstituteRule::next_working_day);
    EXPECT_EQ(definition.rules[0].first_year, 2021);
    EXPECT_EQ(definition.rules[0].last_year, 2029);
    EXPECT_EQ(definition.rules[0].source, "s1");
    EXPECT_EQ(definition.rules[0].where.line, 4);
    EXPECT_EQ(definition.rules[0].where.file, "test.xml");
    const auto& nth = std::get<NthWeekdayRule>(definition.rules[1].kind);
    EXPECT_EQ(nth.weekday, 1);
    EXPECT_EQ(nth.n, 2);
    EXPECT_EQ(std::get<LastWeekdayRule>(definition.rules[2].kind).weekday, 6);
    EXPECT_EQ(definition.rules[2].first_year, 0);
    EXPECT_EQ(definition.rules[2].last_year, 9999);
    EXPECT_EQ(std::get<EasterRule>(definition.rules[3].kind).offset_days, -3);
    ASSERT_EQ(definition.one_offs.size(), 1u);
    EXPECT_EQ(definition.one_offs[0].date, ymd(2022, 6, 3));
    EXPECT_EQ(definition.one_offs[0].where.line, 8);
    ASSERT_EQ(definition.changes.size(), 2u);
    EXPECT_EQ(definition.changes[0].from, ymd(2023, 5, 9));
    EXPECT_EQ(definition.changes[0].to, ymd(2023, 5, 10));
    EXPECT_EQ(definition.changes[1].from, ymd(2024, 8, 25));
    EXPECT_EQ(definition.changes[1].to, no_date);
    EXPECT_EQ(definition.changes[1].source, "s7");
}

TEST(CalendarReader, RejectsWhatTheFormatDoesNotDefine) {
    struct Case {
        std::string body;
        std::vector<std::string> parts;
    };
    const std::vector<Case> cases = {
        {weekend + "<fixed name=\"X\" month=\"1\" day=\"1\" substitute=\"none\" bogus=\"1\"/>\n",
         {"test.xml:4:", "unknown attribute 'bogus'", "the attributes of <fixed> are"}},
        {weekend + "<holiday name=\"X\"/>\n", {"test.xml:4:", "unknown element <holiday>", "allowed here"}},
        {weekend + "<fixed name=\"X\" month=\"1\" day=\"1\"/>\n",
         {"test.xml:4:", "missing attribute 'substitute'", "none, next-working-day"}},
        {weekend + "<fixed name=\"X\" month=\"1\" day=\"1\" substitute=\"monday\"/>\n",
         {"test.xml:4:", "'substitute' is \"monday\"", "use one of: none, next-working-day"}},
        {weekend + "<fixed name=\"X\" month=\"13\" day=\"1\" substitute=\"none\"/>\n",
         {"test.xml:4:", "'month' is \"13\"", "from 1 to 12"}},
        {weekend + "<nth-weekday name=\"X\" month=\"5\" weekday=\"mon\" n=\"1\"/>\n",
         {"test.xml:4:", "'weekday' is \"mon\"", "monday"}},
        {weekend + "<nth-weekday name=\"X\" month=\"5\" weekday=\"monday\" n=\"6\"/>\n",
         {"test.xml:4:", "'n' is \"6\"", "from 1 to 5"}},
        {weekend + "<one-off name=\"X\" date=\"2022-02-30\" source=\"s\"/>\n",
         {"test.xml:4:", "not a real date", "YYYY-MM-DD"}},
        {weekend + "<one-off name=\"X\" date=\"2022-06-03\"/>\n", {"test.xml:4:", "missing attribute 'source'"}},
        {weekend + "<moved name=\"X\" from=\"2022-06-03\" source=\"s\"/>\n", {"test.xml:4:", "missing attribute 'to'"}},
        {weekend + "<easter name=\"X\" offset=\"one\"/>\n", {"test.xml:4:", "'offset' is \"one\""}},
        {weekend + "<fixed name=\"\" month=\"1\" day=\"1\" substitute=\"none\"/>\n", {"test.xml:4:", "'name' is empty"}},
        {weekend + "<fixed name=\"X\" month=\"1\" day=\"1\" substitute=\"none\"><note/></fixed>\n",
         {"test.xml:4:", "unknown element <note>", "takes no child elements"}},
        {weekend + "some text\n", {"test.xml:", "unexpected text", "<!-- comments -->"}},
        {weekend + weekend, {"test.xml:4:", "second <weekend>", "exactly one"}},
        {"<fixed name=\"X\" month=\"1\" day=\"1\" substitute=\"none\"/>\n" + weekend,
         {"test.xml:3:", "before <weekend>", "first element"}},
        {"", {"test.xml:2:", "no <weekend>", "days=\"saturday sunday\""}},
        {"<weekend days=\"saturday caturday\"/>\n", {"test.xml:3:", "\"caturday\" is not a day of the week"}},
        {"<weekend days=\"Saturday\"/>\n", {"test.xml:3:", "not an id"}},
        {"<weekend days=\"sunday sunday\"/>\n", {"test.xml:3:", "\"sunday\" is listed twice"}},
        {"<weekend days=\" \"/>\n", {"test.xml:3:", "'days' is empty"}},
        {"<weekend/>\n", {"test.xml:3:", "missing attribute 'days'"}},
        {"<weekend days=\"sunday\" extra=\"x\"/>\n", {"test.xml:3:", "unknown attribute 'extra'"}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.body);
        expect_contains(ruleset_error([&] { read_definition(c.body); }), c.parts);
    }
}

TEST(CalendarReader, RejectsBadCalendarAttributes) {
    const auto read = [](const std::string& root) {
        RulesetFiles files;
        read_ruleset_text("<?xml version=\"1.0\"?>\n" + root + "\n<weekend days=\"sunday\"/>\n</calendar>\n",
                          "test.xml", files);
    };
    expect_contains(ruleset_error([&] { read(R"(<calendar id="Test Calendar" name="T" first-year="2020" last-year="2021" source="s">)"); }),
                    {"test.xml:2:", "kebab-case", "england-and-wales"});
    expect_contains(ruleset_error([&] { read(R"(<calendar id="t" name="T" first-year="2022" last-year="2021" source="s">)"); }),
                    {"test.xml:2:", "first-year 2022 is after last-year 2021"});
    expect_contains(ruleset_error([&] { read(R"(<calendar id="t" name="T" first-year="1500" last-year="2021" source="s">)"); }),
                    {"test.xml:2:", "'first-year' is \"1500\"", "from 1583 to 9999"});
    expect_contains(ruleset_error([&] { read(R"(<calendar id="t" name="T" first-year="2020" last-year="2021">)"); }),
                    {"test.xml:2:", "missing attribute 'source'"});
    expect_contains(ruleset_error([&] { read(R"(<calendar id="t" name="T" first-year="2020" last-year="2021" source="s" zone="UTC">)"); }),
                    {"test.xml:2:", "unknown attribute 'zone'"});
}

// ---------------------------------------------------------------------------------------------
// Queries: conventions, hand-worked values, range errors.

TEST(CalendarQueries, AddAndCountAcrossChristmasAndNewYear) {
    const Calendar& england = bundled("england-and-wales");
    // 2021: Christmas Sat, Boxing Day Sun -> holidays Mon 27 and Tue 28; 1 Jan 2022 Sat -> Mon 3.
    EXPECT_EQ(england.add_working_days(ymd(2021, 12, 24), 1), ymd(2021, 12, 29));
    EXPECT_EQ(england.add_working_days(ymd(2021, 12, 24), 3), ymd(2021, 12, 31));
    EXPECT_EQ(england.add_working_days(ymd(2021, 12, 24), 4), ymd(2022, 1, 4));
    EXPECT_EQ(england.add_working_days(ymd(2021, 12, 24), 8), ymd(2022, 1, 10));
    EXPECT_EQ(england.count_working_days(ymd(2021, 12, 24), ymd(2022, 1, 4)), 4);
    EXPECT_EQ(england.count_working_days(ymd(2022, 1, 4), ymd(2021, 12, 24)), -4);
    EXPECT_EQ(england.count_working_days(ymd(2021, 12, 24), ymd(2021, 12, 24)), 0);
    // From a non-working day, the first working day after it is day 1; N = 0 is the day itself.
    EXPECT_EQ(england.add_working_days(ymd(2021, 12, 25), 1), ymd(2021, 12, 29));
    EXPECT_EQ(england.add_working_days(ymd(2021, 12, 27), 1), ymd(2021, 12, 29));
    EXPECT_EQ(england.add_working_days(ymd(2021, 12, 25), 0), ymd(2021, 12, 25));
    // Backwards: the |N|-th working day strictly before.
    EXPECT_EQ(england.add_working_days(ymd(2022, 1, 4), -1), ymd(2021, 12, 31));
    EXPECT_EQ(england.add_working_days(ymd(2022, 1, 3), -1), ymd(2021, 12, 31));
    EXPECT_EQ(england.add_working_days(ymd(2022, 1, 4), -4), ymd(2021, 12, 24));
    // 2022: Christmas Sun -> Boxing Day Mon 26, substitute Tue 27.
    EXPECT_EQ(england.add_working_days(ymd(2022, 12, 23), 1), ymd(2022, 12, 28));
    // Scotland: 1 and 2 January 2022 on the weekend give Monday 3 and Tuesday 4.
    EXPECT_EQ(bundled("scotland").add_working_days(ymd(2021, 12, 31), 1), ymd(2022, 1, 5));
    EXPECT_EQ(bundled("scotland").count_working_days(ymd(2021, 12, 24), ymd(2022, 1, 5)), 4);
}

TEST(CalendarQueries, AddAcrossEaster) {
    const Calendar& england = bundled("england-and-wales");
    // Easter 2024: Good Friday 29 March, Easter Monday 1 April.
    EXPECT_EQ(england.add_working_days(ymd(2024, 3, 28), 1), ymd(2024, 4, 2));
    EXPECT_EQ(england.add_working_days(ymd(2024, 3, 28), 5), ymd(2024, 4, 8));
    EXPECT_EQ(england.add_working_days(ymd(2024, 4, 2), -1), ymd(2024, 3, 28));
    EXPECT_EQ(england.count_working_days(ymd(2024, 3, 27), ymd(2024, 4, 3)), 3);  // 28 Mar, 2 Apr, 3 Apr
    // Scotland keeps Easter Monday as a working day.
    EXPECT_EQ(bundled("scotland").add_working_days(ymd(2024, 3, 28), 1), ymd(2024, 4, 1));
    // Easter 2025: Good Friday 18 April, Easter Monday 21 April. Working days after Wed 16 April:
    // 17, 22, 23, 24, 25, 28, 29, 30 April, 1 and 2 May (the 10th), then Monday 5 May is the early
    // May holiday, so the 11th is Tuesday 6 May.
    EXPECT_EQ(england.add_working_days(ymd(2025, 4, 16), 10), ymd(2025, 5, 2));
    EXPECT_EQ(england.add_working_days(ymd(2025, 4, 16), 11), ymd(2025, 5, 6));
}

TEST(CalendarQueries, RangeErrorsAtBothEnds) {
    const Calendar& england = bundled("england-and-wales");
    EXPECT_EQ(england.first_date(), ymd(1980, 1, 1));
    EXPECT_EQ(england.last_date(), ymd(2100, 12, 31));
    EXPECT_TRUE(england.covers(ymd(1980, 1, 1)));
    EXPECT_FALSE(england.covers(ymd(1979, 12, 31)));
    EXPECT_THROW(england.is_working_day(ymd(1979, 12, 31)), OutOfRangeError);
    EXPECT_THROW(england.is_working_day(ymd(2101, 1, 1)), OutOfRangeError);
    EXPECT_THROW(england.holiday_on(ymd(2101, 1, 1)), OutOfRangeError);
    EXPECT_THROW(england.holidays(1979), OutOfRangeError);
    EXPECT_THROW(england.holidays(2101), OutOfRangeError);
    EXPECT_THROW(england.count_working_days(ymd(1979, 12, 31), ymd(1980, 1, 2)), OutOfRangeError);
    EXPECT_THROW(england.count_working_days(ymd(2100, 12, 1), ymd(2101, 1, 2)), OutOfRangeError);
    try {
        england.is_working_day(ymd(2101, 1, 1));
        FAIL();
    } catch (const OutOfRangeError& error) {
        expect_contains(error.what(), {"2101-01-01", "england-and-wales", "1980-01-01 to 2100-12-31"});
    }
    // The last working day is Friday 31 December 2100; nothing lies after it.
    EXPECT_EQ(england.add_working_days(ymd(2100, 12, 30), 1), ymd(2100, 12, 31));
    EXPECT_EQ(england.add_working_days(ymd(2100, 12, 31), 0), ymd(2100, 12, 31));
    try {
        england.add_working_days(ymd(2100, 12, 30), 2);
        FAIL();
    } catch (const OutOfRangeError& error) {
        expect_contains(error.what(), {"2100-12-30", "goes past 2100-12-31"});
    }
    // The first working day is Wednesday 2 January 1980 (New Year's Day a Tuesday).
    EXPECT_EQ(england.add_working_days(ymd(1980, 1, 3), -1), ymd(1980, 1, 2));
    EXPECT_EQ(england.nth_working_day_table()[1], ymd(1980, 1, 2));
    try {
        england.add_working_days(ymd(1980, 1, 2), -1);
        FAIL();
    } catch (const OutOfRangeError& error) {
        expect_contains(error.what(), {"1980-01-02", "goes past 1980-01-01"});
    }
    EXPECT_THROW(england.add_working_days(ymd(1980, 1, 2), 2147483647), OutOfRangeError);
    EXPECT_THROW(england.add_working_days(ymd(2100, 1, 2), -2147483647 - 1), OutOfRangeError);
}

TEST(CalendarQueries, CountInvertsAddForManyDates) {
    for (const char* id : {"england-and-wales", "scotland", "northern-ireland"}) {
        const Calendar& calendar = bundled(id);
        for (Date day = ymd(1980, 1, 1); day <= ymd(2099, 12, 31); day += 11) {
            for (int n : {0, 1, 2, 3, 5, 7, 10, 20, 28, 60, 250}) {
                const Date due = calendar.add_working_days(day, n);
                ASSERT_EQ(calendar.count_working_days(day, due), n) << id << ' ' << format_iso_date(day) << " +" << n;
                if (n > 0) ASSERT_TRUE(calendar.is_working_day(due));
            }
            // Backwards from a working day, the count is negative and exact too.
            if (calendar.is_working_day(day) && day > ymd(1981, 6, 1)) {
                for (int n : {1, 2, 5, 20, 100}) {
                    ASSERT_EQ(calendar.count_working_days(day, calendar.add_working_days(day, -n)), -n);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The bundled calendars against the published lists.

using YearLists = std::map<int, std::vector<std::string>>;

void expect_lists(const char* id, const YearLists& lists) {
    const Calendar& calendar = bundled(id);
    for (const auto& [year, expected] : lists) {
        EXPECT_EQ(holiday_days(calendar, year), expected) << id << ' ' << year;
    }
}

TEST(BundledCalendars, EnglandAndWalesPublishedLists) {
    expect_lists("england-and-wales",
                 {
                     {1980, {"01-01", "04-04", "04-07", "05-05", "05-26", "08-25", "12-25", "12-26"}},
                     {1981, {"01-01", "04-17", "04-20", "05-04", "05-25", "07-29", "08-31", "12-25", "12-28"}},
                     {1995, {"01-02", "04-14", "04-17", "05-08", "05-29", "08-28", "12-25", "12-26"}},
                     {1999, {"01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28", "12-31"}},
                     {2000, {"01-03", "04-21", "04-24", "05-01", "05-29", "08-28", "12-25", "12-26"}},
                     {2002, {"01-01", "03-29", "04-01", "05-06", "06-03", "06-04", "08-26", "12-25", "12-26"}},
                     {2010, {"01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"}},
                     {2011, {"01-03", "04-22", "04-25", "04-29", "05-02", "05-30", "08-29", "12-26", "12-27"}},
                     {2012, {"01-02", "04-06", "04-09", "05-07", "06-04", "06-05", "08-27", "12-25", "12-26"}},
                     {2015, {"01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"}},
                     {2016, {"01-01", "03-25", "03-28", "05-02", "05-30", "08-29", "12-26", "12-27"}},
                     {2017, {"01-02", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"}},
                     {2018, {"01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"}},
                     {2019, {"01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"}},
                     {2020, {"01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"}},
                     {2021, {"01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"}},
                     {2022, {"01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"}},
                     {2023, {"01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"}},
                     {2024, {"01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"}},
                     {2025, {"01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"}},
                     {2026, {"01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"}},
                     {2027, {"01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"}},
                     {2100, {"01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"}},
                 });
}

TEST(BundledCalendars, ScotlandPublishedLists) {
    expect_lists("scotland",
                 {
                     {1980, {"01-01", "01-02", "04-04", "05-05", "05-26", "08-04", "12-25", "12-26"}},
                     {1981, {"01-01", "01-02", "04-17", "05-04", "05-25", "07-29", "08-03", "12-25", "12-28"}},
                     {1995, {"01-02", "01-03", "04-14", "05-01", "05-08", "05-29", "08-07", "12-25", "12-26"}},
                     {1999, {"01-01", "01-04", "04-02", "05-03", "05-31", "08-02", "12-27", "12-28", "12-31"}},
                     {2000, {"01-03", "01-04", "04-21", "05-01", "05-29", "08-07", "12-25", "12-26"}},
                     {2002, {"01-01", "01-02", "03-29", "05-06", "06-03", "06-04", "08-05", "12-25", "12-26"}},
                     {2010, {"01-01", "01-04", "04-02", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"}},
                     {2011, {"01-03", "01-04", "04-22", "04-29", "05-02", "05-30", "08-01", "11-30", "12-26", "12-27"}},
                     {2012, {"01-02", "01-03", "04-06", "05-07", "06-04", "06-05", "08-06", "11-30", "12-25", "12-26"}},
                     {2015, {"01-01", "01-02", "04-03", "05-04", "05-25", "08-03", "11-30", "12-25", "12-28"}},
                     {2016, {"01-01", "01-04", "03-25", "05-02", "05-30", "08-01", "11-30", "12-26", "12-27"}},
                     {2017, {"01-02", "01-03", "04-14", "05-01", "05-29", "08-07", "11-30", "12-25", "12-26"}},
                     {2018, {"01-01", "01-02", "03-30", "05-07", "05-28", "08-06", "11-30", "12-25", "12-26"}},
                     {2019, {"01-01", "01-02", "04-19", "05-06", "05-27", "08-05", "12-02", "12-25", "12-26"}},
                     {2020, {"01-01", "01-02", "04-10", "05-08", "05-25", "08-03", "11-30", "12-25", "12-28"}},
                     {2021, {"01-01", "01-04", "04-02", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"}},
                     {2022, {"01-03", "01-04", "04-15", "05-02", "06-02", "06-03", "08-01", "09-19", "11-30", "12-26", "12-27"}},
                     {2023, {"01-02", "01-03", "04-07", "05-01", "05-08", "05-29", "08-07", "11-30", "12-25", "12-26"}},
                     {2024, {"01-01", "01-02", "03-29", "05-06", "05-27", "08-05", "12-02", "12-25", "12-26"}},
                     {2025, {"01-01", "01-02", "04-18", "05-05", "05-26", "08-04", "12-01", "12-25", "12-26"}},
                     // 15 June 2026: the World Cup bank holiday, proclaimed in February 2026
                     // (Royal Proclamation approved 4 February; Scottish Government, 5 February).
                     {2026, {"01-01", "01-02", "04-03", "05-04", "05-25", "06-15", "08-03", "11-30", "12-25", "12-28"}},
                     {2027, {"01-01", "01-04", "03-26", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"}},
                     {2100, {"01-01", "01-04", "03-26", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"}},
                 });
}

TEST(BundledCalendars, NorthernIrelandPublishedLists) {
    expect_lists("northern-ireland",
                 {
                     {1980, {"01-01", "03-17", "04-04", "04-07", "05-05", "05-26", "07-14", "08-25", "12-25", "12-26"}},
                     {1981, {"01-01", "03-17", "04-17", "04-20", "05-04", "05-25", "07-13", "07-29", "08-31", "12-25", "12-28"}},
                     {1995, {"01-02", "03-17", "04-14", "04-17", "05-08", "05-29", "07-12", "08-28", "12-25", "12-26"}},
                     {1999, {"01-01", "03-17", "04-02", "04-05", "05-03", "05-31", "07-12", "08-30", "12-27", "12-28", "12-31"}},
                     {2000, {"01-03", "03-17", "04-21", "04-24", "05-01", "05-29", "07-12", "08-28", "12-25", "12-26"}},
                     {2002, {"01-01", "03-18", "03-29", "04-01", "05-06", "06-03", "06-04", "07-12", "08-26", "12-25", "12-26"}},
                     {2010, {"01-01", "03-17", "04-02", "04-05", "05-03", "05-31", "07-12", "08-30", "12-27", "12-28"}},
                     {2011, {"01-03", "03-17", "04-22", "04-25", "04-29", "05-02", "05-30", "07-12", "08-29", "12-26", "12-27"}},
                     {2012, {"01-02", "03-19", "04-06", "04-09", "05-07", "06-04", "06-05", "07-12", "08-27", "12-25", "12-26"}},
                     {2015, {"01-01", "03-17", "04-03", "04-06", "05-04", "05-25", "07-13", "08-31", "12-25", "12-28"}},
                     {2016, {"01-01", "03-17", "03-25", "03-28", "05-02", "05-30", "07-12", "08-29", "12-26", "12-27"}},
                     {2017, {"01-02", "03-17", "04-14", "04-17", "05-01", "05-29", "07-12", "08-28", "12-25", "12-26"}},
                     {2018, {"01-01", "03-19", "03-30", "04-02", "05-07", "05-28", "07-12", "08-27", "12-25", "12-26"}},
                     {2019, {"01-01", "03-18", "04-19", "04-22", "05-06", "05-27", "07-12", "08-26", "12-25", "12-26"}},
                     {2020, {"01-01", "03-17", "04-10", "04-13", "05-08", "05-25", "07-13", "08-31", "12-25", "12-28"}},
                     {2021, {"01-01", "03-17", "04-02", "04-05", "05-03", "05-31", "07-12", "08-30", "12-27", "12-28"}},
                     {2022, {"01-03", "03-17", "04-15", "04-18", "05-02", "06-02", "06-03", "07-12", "08-29", "09-19", "12-26", "12-27"}},
                     {2023, {"01-02", "03-17", "04-07", "04-10", "05-01", "05-08", "05-29", "07-12", "08-28", "12-25", "12-26"}},
                     {2024, {"01-01", "03-18", "03-29", "04-01", "05-06", "05-27", "07-12", "08-26", "12-25", "12-26"}},
                     {2025, {"01-01", "03-17", "04-18", "04-21", "05-05", "05-26", "07-14", "08-25", "12-25", "12-26"}},
                     {2026, {"01-01", "03-17", "04-03", "04-06", "05-04", "05-25", "07-13", "08-31", "12-25", "12-28"}},
                     {2027, {"01-01", "03-17", "03-26", "03-29", "05-03", "05-31", "07-12", "08-30", "12-27", "12-28"}},
                     {2100, {"01-01", "03-17", "03-26", "03-29", "05-03", "05-31", "07-12", "08-30", "12-27", "12-28"}},
                 });
}

TEST(BundledCalendars, NamesFollowGovUk) {
    const Calendar& england = bundled("england-and-wales");
    EXPECT_EQ(england.id(), "england-and-wales");
    EXPECT_EQ(england.name(), "England and Wales");
    EXPECT_FALSE(england.source().empty());
    EXPECT_EQ(england.holiday_on(ymd(2022, 6, 3))->name, "Platinum Jubilee bank holiday");
    EXPECT_EQ(england.holiday_on(ymd(2020, 5, 8))->name, "Early May bank holiday");
    EXPECT_EQ(england.holiday_on(ymd(2022, 1, 3))->name, "New Year's Day (substitute day)");
    EXPECT_TRUE(england.holiday_on(ymd(2022, 1, 3))->substitute);
    EXPECT_EQ(england.holiday_on(ymd(2022, 1, 4)), nullptr);
    EXPECT_EQ(bundled("scotland").holiday_on(ymd(2024, 12, 2))->name, "St Andrew's Day (substitute day)");
    EXPECT_EQ(bundled("northern-ireland").holiday_on(ymd(2025, 7, 14))->name,
              "Battle of the Boyne (Orangemen's Day) (substitute day)");
    // St Andrew's Day began in 2007: 30 November 2006 (Thursday) was a working day.
    EXPECT_TRUE(bundled("scotland").is_working_day(ymd(2006, 11, 30)));
    EXPECT_FALSE(bundled("scotland").is_working_day(ymd(2007, 11, 30)));
}

// ---------------------------------------------------------------------------------------------
// Independent reference over the whole range: per-day conditions written directly from the
// statutes and proclamations (no rule expansion, no substitution algorithm), then add/count
// stepped day by day.

// Easter Sunday by Oudin's algorithm (1940), as in Claus Tondering's Calendar FAQ, section 2.9;
// a different computus from the engine's (Meeus/Jones/Butcher).
std::pair<int, int> oudin_easter(int year) {
    const int g = year % 19;
    const int c = year / 100;
    const int h = (c - c / 4 - (8 * c + 13) / 25 + 19 * g + 15) % 30;
    const int i = h - (h / 28) * (1 - (29 / (h + 1)) * ((21 - g) / 11));
    const int j = (year + year / 4 + i + 2 - c + c / 4) % 7;
    const int l = i - j;
    const int month = 3 + (l + 40) / 44;
    const int day = l + 28 - 31 * (month / 4);
    return {month, day};
}

enum class Region { england_and_wales, scotland, northern_ireland };

bool reference_holiday(Region region, Date date) {
    const YearMonthDay f = date_to_ymd(date);
    const int w = weekday_of(date);  // Monday = 0
    if (w >= 5) return false;
    const bool monday = w == 0, tuesday = w == 1;
    const int y = f.year, m = f.month, d = f.day;
    const auto [easter_month, easter_day] = oudin_easter(y);
    const Date easter = ymd(y, easter_month, easter_day);
    const bool scotland = region == Region::scotland;
    const bool ni = region == Region::northern_ireland;

    const auto is = [&](int yy, int mm, int dd) { return y == yy && m == mm && d == dd; };
    // One-off days, UK-wide unless noted.
    if (is(1981, 7, 29) || is(1999, 12, 31) || is(2002, 6, 3) || is(2011, 4, 29) || is(2012, 6, 5) ||
        is(2022, 6, 3) || is(2022, 9, 19) || is(2023, 5, 8)) {
        return true;
    }
    if (scotland && is(1995, 5, 8)) return true;  // an extra day in Scotland, 1 May kept
    if (scotland && is(2026, 6, 15)) return true;  // the World Cup bank holiday (proclaimed 2026)

    if (!scotland) {
        // New Year's Day, Monday 2 or 3 January when it falls on a weekend.
        if (m == 1 && (d == 1 || ((d == 2 || d == 3) && monday))) return true;
    } else {
        // 1 and 2 January, with substitutes on the Monday/Tuesday 3 or 4 January.
        if (m == 1 && (d == 1 || d == 2 || ((d == 3 || d == 4) && (monday || tuesday)))) return true;
    }
    if (date == easter - 2) return true;                 // Good Friday
    if (!scotland && date == easter + 1) return true;    // Easter Monday
    // Early May: first Monday (moved in 1995 outside Scotland and in 2020 everywhere).
    const bool early_may_moved = y == 2020 || (y == 1995 && !scotland);
    if (m == 5 && monday && d <= 7 && !early_may_moved) return true;
    if (early_may_moved && m == 5 && d == 8) return true;
    // Spring: last Monday in May, moved for the jubilees.
    if (m == 5 && monday && d >= 25 && y != 2002 && y != 2012 && y != 2022) return true;
    if (is(2002, 6, 4) || is(2012, 6, 4) || is(2022, 6, 2)) return true;
    // Summer: first Monday in August in Scotland, last elsewhere.
    if (m == 8 && monday && (scotland ? d <= 7 : d >= 25)) return true;
    if (ni) {
        if (m == 3 && (d == 17 || ((d == 18 || d == 19) && monday))) return true;  // St Patrick's
        if (m == 7 && (d == 12 || ((d == 13 || d == 14) && monday))) return true;  // The Twelfth
    }
    if (scotland && y >= 2007 && ((m == 11 && d == 30) || (m == 12 && (d == 1 || d == 2) && monday))) {
        return true;  // St Andrew's Day
    }
    // Christmas and Boxing Day with their substitutes (27/28 December on a Monday or Tuesday).
    if (m == 12 && (d == 25 || d == 26 || ((d == 27 || d == 28) && (monday || tuesday)))) return true;
    return false;
}

TEST(BundledCalendars, MatchAnIndependentReferenceEveryDayOfTheRange) {
    const std::vector<std::pair<const char*, Region>> regions = {{"england-and-wales", Region::england_and_wales},
                                                                 {"scotland", Region::scotland},
                                                                 {"northern-ireland", Region::northern_ireland}};
    for (const auto& [id, region] : regions) {
        const Calendar& calendar = bundled(id);
        std::vector<Date> working;  // the reference's working days in order
        for (Date day = calendar.first_date(); day <= calendar.last_date(); ++day) {
            const bool expected_working = weekday_of(day) < 5 && !reference_holiday(region, day);
            ASSERT_EQ(calendar.is_working_day(day), expected_working) << id << ' ' << format_iso_date(day);
            ASSERT_EQ(calendar.holiday_on(day) != nullptr, weekday_of(day) < 5 && !expected_working)
                << id << ' ' << format_iso_date(day);
            if (expected_working) working.push_back(day);
        }
        ASSERT_EQ(calendar.total_working_days(), static_cast<std::int32_t>(working.size())) << id;
        // Sanity of the reference itself: about 252 working days a year.
        EXPECT_NEAR(static_cast<double>(working.size()) / 121.0, 252.0, 2.0) << id;

        // add_working_days by stepping one day at a time, from a spread of dates.
        const auto step = [&](Date from, int n) {
            Date day = from;
            int remaining = n < 0 ? -n : n;
            while (remaining > 0) {
                day += n > 0 ? 1 : -1;
                if (weekday_of(day) < 5 && !reference_holiday(region, day)) --remaining;
            }
            return day;
        };
        for (Date day = calendar.first_date() + 70; day <= calendar.last_date() - 70; day += 3) {
            for (int n : {1, 2, 3, 5, 10, 20, 40}) {
                ASSERT_EQ(calendar.add_working_days(day, n), step(day, n))
                    << id << ' ' << format_iso_date(day) << " +" << n;
                ASSERT_EQ(calendar.add_working_days(day, -n), step(day, -n))
                    << id << ' ' << format_iso_date(day) << " -" << n;
            }
        }
        // count_working_days by counting one day at a time.
        for (Date from = calendar.first_date(); from + 400 <= calendar.last_date(); from += 97) {
            int count = 0;
            for (Date to = from; to <= from + 400; ++to) {
                if (to > from && weekday_of(to) < 5 && !reference_holiday(region, to)) ++count;
                ASSERT_EQ(calendar.count_working_days(from, to), count) << id << ' ' << format_iso_date(from);
                ASSERT_EQ(calendar.count_working_days(to, from), -count);
            }
        }
        // The raw tables agree with the queries.
        const std::int32_t* through = calendar.working_days_through_table();
        const Date* nth = calendar.nth_working_day_table();
        EXPECT_EQ(nth[0], calendar.first_date() - 1);
        for (std::size_t k = 1; k <= working.size(); ++k) {
            ASSERT_EQ(nth[k], working[k - 1]);
            ASSERT_EQ(through[working[k - 1] - calendar.first_date()], static_cast<std::int32_t>(k));
        }
    }
}

}  // namespace
}  // namespace escalate
