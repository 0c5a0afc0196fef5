// Versions of a pathway (docs/ruleset-format.md, Versions): several versions of one id loaded
// side by side, a case governed by the version in force on its outset or by one named, dates
// as their sources state them, and every error.
//
// The test pathway tests/data/versions: "test-versions" version "2023", effective from January
// 2023 (Stage 1: 5 working days; Stage 2: 10), and version "2024", effective from 1 April 2024
// (Stage 1: 2; Stage 2: 3). The changeover falls at Easter 2024 on the england-and-wales
// calendar: Good Friday 29 March and Easter Monday 1 April 2024 are bank holidays.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bundled_pathway.hpp"
#include "escalate/errors.hpp"
#include "escalate/history.hpp"

using namespace escalate;
using escalate::testing::iso;
using escalate::testing::ymd;

namespace {

const std::string calendars = ESCALATE_RULESETS_DIR "/calendars";
const std::string fixture = ESCALATE_TEST_DATA_DIR "/versions";

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

const std::string first_version = read_file(fixture + "/versions-2023.xml");
const std::string second_version = read_file(fixture + "/versions-2024.xml");

const Engine& versions() {
    static const std::shared_ptr<const Engine> loaded = Engine::load({calendars, fixture});
    return *loaded;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("no \"" + from + "\" in the fixture");
    return text.replace(at, from.size(), to);
}

/// The message of the error loading these documents (beside the bundled calendars) throws.
template <class Expected = RulesetError>
std::string load_error(const std::vector<Engine::Document>& documents) {
    try {
        (void)Engine::load({calendars}, documents);
    } catch (const Expected& error) {
        return error.what();
    } catch (const std::exception& error) {
        return std::string("unexpected error: ") + error.what();
    }
    return "no error";
}

template <class Expected>
std::string error_of(auto&& call) {
    try {
        call();
    } catch (const Expected& error) {
        return error.what();
    } catch (const std::exception& error) {
        return std::string("unexpected error: ") + error.what();
    }
    return "no error";
}

Decision start(Date at, std::string_view version = {}) {
    return versions().decide(Query{.pathway = "test-versions", .at = at, .version = version});
}

}  // namespace

TEST(StatedDate, ParsesDaysMonthsAndYearsAsThePeriodsTheyName) {
    const auto day = parse_stated_date("2023-03-03");
    ASSERT_TRUE(day);
    EXPECT_EQ(day->precision, StatedDate::Precision::day);
    EXPECT_EQ(day->first, ymd(2023, 3, 3));
    EXPECT_EQ(day->last, ymd(2023, 3, 3));
    const auto leap_february = parse_stated_date("2024-02");
    ASSERT_TRUE(leap_february);
    EXPECT_EQ(leap_february->precision, StatedDate::Precision::month);
    EXPECT_EQ(leap_february->first, ymd(2024, 2, 1));
    EXPECT_EQ(leap_february->last, ymd(2024, 2, 29));
    EXPECT_EQ(leap_february->text, "2024-02");
    const auto december = parse_stated_date("2023-12");
    ASSERT_TRUE(december);
    EXPECT_EQ(december->last, ymd(2023, 12, 31));
    const auto year = parse_stated_date("2016");
    ASSERT_TRUE(year);
    EXPECT_EQ(year->precision, StatedDate::Precision::year);
    EXPECT_EQ(year->first, ymd(2016, 1, 1));
    EXPECT_EQ(year->last, ymd(2016, 12, 31));
    for (const char* bad : {"2024-13", "2024-00", "2024-4", "24", "2024-02-30", "2024/04", "April 2024", "", "2024-04-"}) {
        EXPECT_FALSE(parse_stated_date(bad)) << bad;
    }
}

TEST(Versions, BothVersionsLoadSideBySideOldestFirst) {
    const Engine& e = versions();
    const Engine::VersionRange range = e.versions("test-versions");
    ASSERT_EQ(range.last - range.first, 2);
    const Pathway& older = *e.pathways()[static_cast<std::size_t>(range.first)];
    const Pathway& newer = *e.pathways()[static_cast<std::size_t>(range.first + 1)];
    EXPECT_EQ(older.version(), "2023");
    EXPECT_EQ(older.effective_from().text, "2023-01");  // as stated, not 2023-01-01
    EXPECT_EQ(older.effective_from().first, ymd(2023, 1, 1));
    EXPECT_FALSE(older.review_by());
    EXPECT_EQ(older.source().date, "2022");
    EXPECT_EQ(newer.version(), "2024");
    EXPECT_EQ(newer.effective_from().text, "2024-04-01");
    ASSERT_TRUE(newer.review_by());
    EXPECT_EQ(newer.review_by()->text, "2025-03");
    EXPECT_EQ(newer.review_by()->last, ymd(2025, 3, 31));
    EXPECT_EQ(newer.source().date, "");  // undated
    // With no date to choose by, the id means its latest version.
    EXPECT_EQ(e.find_pathway("test-versions"), range.first + 1);
    EXPECT_EQ(&e.pathway("test-versions"), &newer);
    EXPECT_EQ(e.index_of(older), range.first);
    // An unknown id has no versions.
    const Engine::VersionRange none = e.versions("no-such-pathway");
    EXPECT_EQ(none.first, none.last);
}

TEST(Versions, TheOutsetChoosesTheVersionInForce) {
    const Engine& e = versions();
    const int newest = e.find_pathway("test-versions");
    const int oldest = newest - 1;
    EXPECT_EQ(e.version_in_force(newest, ymd(2022, 12, 31)), -1);  // before January 2023
    EXPECT_EQ(e.version_in_force(newest, ymd(2023, 1, 1)), oldest);  // the month's first day
    EXPECT_EQ(e.version_in_force(oldest, ymd(2024, 3, 31)), oldest);
    EXPECT_EQ(e.version_in_force(oldest, ymd(2024, 4, 1)), newest);
    EXPECT_EQ(e.version_in_force(newest, ymd(2030, 1, 1)), newest);
}

TEST(Versions, ACaseStartedBeforeTheChangeoverGetsTheFirstVersionsDates) {
    // Sunday 31 March 2024, the last day of version 2023: Stage 1's 5 working days skip Easter
    // Monday 1 April: Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 April (5).
    const Decision d = start(ymd(2024, 3, 31));
    EXPECT_EQ(d.pathway->version(), "2023");
    EXPECT_EQ(iso(d.due), "2024-04-08");
    // Thursday 28 March: Good Friday, the weekend and Easter Monday skipped: Tue 2 ... Mon 8.
    EXPECT_EQ(iso(start(ymd(2024, 3, 28)).due), "2024-04-08");
}

TEST(Versions, ACaseStartedOnOrAfterTheChangeoverGetsTheSecondVersionsDates) {
    // Easter Monday 1 April 2024, the first day of version 2024: 2 working days, Tue 2, Wed 3.
    const Decision d = start(ymd(2024, 4, 1));
    EXPECT_EQ(d.pathway->version(), "2024");
    EXPECT_EQ(iso(d.due), "2024-04-03");
    // Tuesday 2 April: Wed 3, Thu 4.
    EXPECT_EQ(iso(start(ymd(2024, 4, 2)).due), "2024-04-04");
}

TEST(Versions, AMoveIsAnsweredByTheVersionInForceOnTheOutsetNotOnTheDayOfTheEvent) {
    const Engine& e = versions();
    // Started Thursday 28 March 2024 (version 2023), escalated Wednesday 10 April: Stage 2's 10
    // working days: Thu 11, Fri 12, Mon 15, Tue 16, Wed 17, Thu 18, Fri 19, Mon 22, Tue 23,
    // Wed 24 April.
    const Decision old_rules = e.decide(Query{.pathway = "test-versions", .stage = "stage-1", .event = "unresolved",
                                              .at = ymd(2024, 4, 10), .started = ymd(2024, 3, 28)});
    EXPECT_EQ(old_rules.pathway->version(), "2023");
    EXPECT_EQ(iso(old_rules.due), "2024-04-24");
    // Without the outset, the date of the event stands for it (version 2024): 3 working days,
    // Thu 11, Fri 12, Mon 15 April.
    const Decision no_outset = e.decide(
        Query{.pathway = "test-versions", .stage = "stage-1", .event = "unresolved", .at = ymd(2024, 4, 10)});
    EXPECT_EQ(no_outset.pathway->version(), "2024");
    EXPECT_EQ(iso(no_outset.due), "2024-04-15");
}

TEST(Versions, AVersionNamedExplicitlyGovernsWhateverTheOutset) {
    // Started Tuesday 2 April 2024 under version 2023: 5 working days, Wed 3 ... Tue 9 April.
    const Decision d = start(ymd(2024, 4, 2), "2023");
    EXPECT_EQ(d.pathway->version(), "2023");
    EXPECT_EQ(iso(d.due), "2024-04-09");
}

TEST(Versions, ACaseHistoryIsGovernedByTheVersionInForceOnItsOutset) {
    const Engine& e = versions();
    // Version 2023: started Thu 28 March, Stage 1 due Mon 8 April, left Wed 10 April (late);
    // Stage 2 due Wed 24 April (above).
    const std::vector<CaseEntry> before = {{ymd(2024, 3, 28), "start"}, {ymd(2024, 4, 10), "unresolved"}};
    const CaseState old_rules =
        evaluate_case(e, CaseQuery{.pathway = "test-versions", .entries = before, .as_of = ymd(2024, 4, 25)});
    EXPECT_EQ(old_rules.pathway->version(), "2023");
    ASSERT_EQ(old_rules.passed.size(), 1u);
    EXPECT_EQ(iso(old_rules.passed[0].due), "2024-04-08");
    EXPECT_TRUE(old_rules.passed[0].left_late);
    EXPECT_EQ(iso(old_rules.due), "2024-04-24");
    EXPECT_TRUE(old_rules.overdue);  // 25 April is after the 24th
    // Version 2024: started Tue 2 April, Stage 1 due Thu 4 April, left that day (on time);
    // Stage 2's 3 working days: Fri 5, Mon 8, Tue 9 April.
    const std::vector<CaseEntry> after = {{ymd(2024, 4, 2), "start"}, {ymd(2024, 4, 4), "unresolved"}};
    const CaseState new_rules =
        evaluate_case(e, CaseQuery{.pathway = "test-versions", .entries = after, .as_of = ymd(2024, 4, 10)});
    EXPECT_EQ(new_rules.pathway->version(), "2024");
    EXPECT_EQ(iso(new_rules.passed[0].due), "2024-04-04");
    EXPECT_FALSE(new_rules.passed[0].left_late);
    EXPECT_EQ(iso(new_rules.due), "2024-04-09");
    EXPECT_TRUE(new_rules.overdue);
    // The same history under version 2023, named: Stage 1 due Tue 9 April (not late on the
    // 4th); Stage 2's 10 working days from Thu 4 April: Fri 5, Mon 8 ... Thu 18 April.
    const CaseState named = evaluate_case(
        e, CaseQuery{.pathway = "test-versions", .entries = after, .as_of = ymd(2024, 4, 10), .version = "2023"});
    EXPECT_EQ(named.pathway->version(), "2023");
    EXPECT_EQ(iso(named.passed[0].due), "2024-04-09");
    EXPECT_EQ(iso(named.due), "2024-04-18");
    EXPECT_FALSE(named.overdue);
}

TEST(Versions, ACaseOlderThanEveryVersionIsAnErrorNamingTheEarliestEffectiveFrom) {
    const std::string message = error_of<NotFoundError>([] { start(ymd(2022, 12, 31)); });
    EXPECT_NE(message.find("pathway \"test-versions\" has no version in force on 2022-12-31"), std::string::npos) << message;
    EXPECT_NE(message.find("its earliest version, \"2023\", is effective from 2023-01"), std::string::npos) << message;
    const std::vector<CaseEntry> entries = {{ymd(2022, 12, 30), "start"}};
    const std::string history = error_of<NotFoundError>([&] {
        evaluate_case(versions(), CaseQuery{.pathway = "test-versions", .entries = entries, .as_of = ymd(2023, 1, 5)});
    });
    EXPECT_NE(history.find("no version in force on 2022-12-30"), std::string::npos) << history;
}

TEST(Versions, AnOutsetOutsideTheCalendarIsOutOfRangeBeforeItIsOlderThanEveryVersion) {
    // england-and-wales covers 1980 to 2100: 1970-01-01 (a zeroed C struct's date) is out of
    // range, as it was before versions; in a history, that is entry 0's error.
    const std::string message = error_of<OutOfRangeError>([] { start(ymd(1979, 12, 31)); });
    EXPECT_NE(message.find("the date of the event 1979-12-31 is outside calendar \"england-and-wales\""), std::string::npos)
        << message;
    const std::string selected = error_of<OutOfRangeError>([] { (void)versions().pathway("test-versions", {}, ymd(1979, 12, 31)); });
    EXPECT_NE(selected.find("the case's outset 1979-12-31 is outside calendar \"england-and-wales\", which covers 1980-01-01"),
              std::string::npos)
        << selected;
    const std::vector<CaseEntry> entries = {{ymd(1979, 12, 31), "start"}};
    try {
        evaluate_case(versions(), CaseQuery{.pathway = "test-versions", .entries = entries, .as_of = ymd(1980, 1, 2)});
        ADD_FAILURE() << "no error";
    } catch (const CaseEntryError<OutOfRangeError>& error) {
        EXPECT_EQ(error.entry(), 0u);
        EXPECT_NE(std::string(error.what()).find("entry 0 (1979-12-31, \"start\")"), std::string::npos) << error.what();
    }
}

TEST(Versions, AnUnknownVersionIsAnErrorListingTheVersionsThereAre) {
    const std::string message = error_of<NotFoundError>([] { start(ymd(2024, 4, 2), "2025"); });
    EXPECT_NE(message.find("pathway \"test-versions\" has no version \"2025\"; its versions are \"2023\", \"2024\""),
              std::string::npos)
        << message;
}

TEST(Versions, TwoVersionsWithOneVersionStringAreALoadError) {
    const std::string message = load_error({{first_version, "a.xml"}, {replace(second_version, "version=\"2024\"", "version=\"2023\""), "b.xml"}});
    EXPECT_NE(message.find("b.xml:7: <pathway id=\"test-versions\" version=\"2023\">: version \"2023\" of this pathway is "
                           "already defined at a.xml:9"),
              std::string::npos)
        << message;
}

TEST(Versions, TwoVersionsWithOneEffectiveFromAreALoadError) {
    const std::string same = load_error(
        {{first_version, "a.xml"}, {replace(second_version, "effective-from=\"2024-04-01\"", "effective-from=\"2023-01\""), "b.xml"}});
    EXPECT_NE(same.find("b.xml:7: <pathway id=\"test-versions\" version=\"2024\">: effective-from \"2023-01\" is the same as "
                        "that of version \"2023\" (\"2023-01\") at a.xml:9"),
              std::string::npos)
        << same;
    // A day inside the month another version states cannot be ordered against it either.
    const std::string overlap = load_error(
        {{first_version, "a.xml"}, {replace(second_version, "effective-from=\"2024-04-01\"", "effective-from=\"2023-01-15\""), "b.xml"}});
    EXPECT_NE(overlap.find("effective-from \"2023-01-15\" overlaps that of version \"2023\""), std::string::npos) << overlap;
}

TEST(Versions, MalformedStatedDatesAreLoadErrorsSayingWhereAndHowToWriteThem) {
    for (const char* bad : {"2024-13", "2024-4", "24", "2024-02-30", "April 2024"}) {
        const std::string effective = load_error(
            {{replace(first_version, "effective-from=\"2023-01\"", std::string("effective-from=\"") + bad + "\""), "a.xml"}});
        EXPECT_NE(effective.find(std::string("a.xml:9: <pathway id=\"test-versions\">: attribute 'effective-from' is \"") + bad +
                                 "\", not a real date, month or year"),
                  std::string::npos)
            << effective;
        EXPECT_NE(effective.find("YYYY-MM-DD, YYYY-MM or YYYY"), std::string::npos) << effective;
        const std::string review = load_error(
            {{replace(second_version, "review-by=\"2025-03\"", std::string("review-by=\"") + bad + "\""), "b.xml"}});
        EXPECT_NE(review.find("attribute 'review-by' is \"" + std::string(bad) + "\""), std::string::npos) << review;
        const std::string source = load_error({{replace(first_version, "date=\"2022\"", std::string("date=\"") + bad + "\""), "a.xml"}});
        EXPECT_NE(source.find("a.xml:11: <source>: attribute 'date' is \"" + std::string(bad) + "\""), std::string::npos) << source;
    }
    const std::string early_review =
        load_error({{replace(second_version, "review-by=\"2025-03\"", "review-by=\"2024-03\""), "b.xml"}});
    EXPECT_NE(early_review.find("review-by \"2024-03\" is before effective-from \"2024-04-01\""), std::string::npos)
        << early_review;
    const std::string missing = load_error({{replace(first_version, "effective-from=\"2023-01\"", ""), "a.xml"}});
    EXPECT_NE(missing.find("missing attribute 'effective-from'"), std::string::npos) << missing;
}

TEST(Versions, BundledPathwaysCarryTheirDatesAsTheirSourcesStateThem) {
    const Engine& e = escalate::testing::engine();
    struct Expected {
        const char* id;
        const char* version;
        const char* effective_from;
        const char* review_by;  // "" when the source states none
        const char* source_date;  // "" when undated
    };
    // From each source's own header (docs/pathways/*.md): e.g. Wolverhampton's Version Control
    // table, "Date Authorised 03 March 2023", "Review Date March 2024".
    for (const Expected& x : {Expected{"wolverhampton", "V3", "2023-03-03", "2024-03", "2023-03-03"},
                              Expected{"shropshire", "February 2023", "2023-02", "2025-02", "2023-02"},
                              Expected{"north-somerset", "NSSB 019", "2016-12", "2018-11", "2016-12"},
                              Expected{"south-tyneside", "April 2024 review", "2024-04", "", "2024-04"},
                              Expected{"staffordshire", "undated web edition", "2016-03", "", ""}}) {
        const Engine::VersionRange range = e.versions(x.id);
        ASSERT_EQ(range.last - range.first, 1) << x.id;
        const Pathway& p = e.pathway(x.id);
        EXPECT_EQ(p.version(), x.version);
        EXPECT_EQ(p.effective_from().text, x.effective_from) << x.id;
        EXPECT_EQ(p.review_by() ? p.review_by()->text : std::string(), x.review_by) << x.id;
        EXPECT_EQ(p.source().date, x.source_date) << x.id;
    }
}

// Bulk rows given by id: Engine::select_versions re-points each to the version in force on its
// outset, the same rule Engine::pathway(id, "", outset) applies to one case.
TEST(Versions, BulkRowsGivenByIdAreAnsweredByTheVersionInForceOnTheirOutset) {
    const Engine& e = versions();
    const int newest = e.find_pathway("test-versions");
    const int oldest = newest - 1;
    const Pathway& latest = *e.pathways()[static_cast<std::size_t>(newest)];
    const int s1 = latest.find_stage("stage-1"), s2 = latest.find_stage("stage-2");
    // 0: entered Thu 28 March 2024, no started: 2023, Stage 1's 5 working days, Tue 2 ... Mon 8 April.
    // 1: Stage 2 entered Wed 10 April, started 28 March: 2023's 10 working days, Thu 11 ... Wed 24.
    // 2: entered Tue 2 April: 2024's 2 working days, Wed 3, Thu 4 (unchanged).
    // 3: the older version's index, entered Tue 2 April: it stands for its id, so 2024.
    // 4: entered Wed 1 June 2022, before every version.
    // 5: entered 31 December 1979, outside the calendar: left for the recalculation to refuse.
    // 6: a stage index out of range; 7: a pathway index out of range: left as they are.
    std::vector<std::int32_t> pathways{newest, newest, newest, oldest, newest, newest, newest, 99};
    std::vector<std::int32_t> stages{s1, s2, s1, s1, s1, s1, 7, s1};
    const std::vector<Date> entered{ymd(2024, 3, 28), ymd(2024, 4, 10), ymd(2024, 4, 2), ymd(2024, 4, 2),
                                    ymd(2022, 6, 1),  ymd(1979, 12, 31), ymd(2024, 3, 28), ymd(2024, 3, 28)};
    const std::vector<Date> started{no_date, ymd(2024, 3, 28), no_date, no_date, no_date, no_date, no_date, no_date};
    EXPECT_EQ(e.select_versions(pathways.data(), stages.data(), entered.data(), started.data(), pathways.size()), 4u);
    EXPECT_EQ(pathways, (std::vector<std::int32_t>{oldest, oldest, newest, newest, Engine::no_version_in_force, newest,
                                                   newest, 99}));
    const Pathway& older = *e.pathways()[static_cast<std::size_t>(oldest)];
    EXPECT_EQ(stages, (std::vector<std::int32_t>{older.find_stage("stage-1"), older.find_stage("stage-2"), s1, s1, s1,
                                                 s1, 7, s1}));
    std::vector<Date> due(pathways.size());
    std::vector<RowStatus> status(pathways.size());
    e.recalculate(CaseColumns{pathways.data(), stages.data(), entered.data(), started.data(), pathways.size()}, due.data(),
                  status.data(), 1);
    EXPECT_EQ(iso(due[0]), "2024-04-08");
    EXPECT_EQ(iso(due[1]), "2024-04-24");
    EXPECT_EQ(iso(due[2]), "2024-04-04");
    EXPECT_EQ(iso(due[3]), "2024-04-04");
    EXPECT_EQ(status, (std::vector<RowStatus>{RowStatus::ok, RowStatus::ok, RowStatus::ok, RowStatus::ok,
                                              RowStatus::no_version, RowStatus::out_of_range, RowStatus::bad_stage,
                                              RowStatus::bad_pathway}));
}

TEST(Versions, BulkVersionChoiceAgreesWithTheOneCaseRuleOnEveryDay) {
    // Every outset from Christmas 2022 to after Easter 2024, by both ways round: the version
    // select_versions gives is the one Engine::pathway(id, "", outset) gives (or it throws
    // NotFoundError where select_versions gives no_version_in_force), and the due dates the
    // bulk call then computes are those due() gives on the chosen version.
    const Engine& e = versions();
    const int newest = e.find_pathway("test-versions");
    std::vector<std::int32_t> pathways, stages;
    std::vector<Date> entered, started;
    for (Date outset = ymd(2022, 12, 25); outset <= ymd(2024, 4, 20); ++outset) {
        for (const char* stage : {"stage-1", "stage-2"}) {
            pathways.push_back(newest);
            stages.push_back(e.pathways()[static_cast<std::size_t>(newest)]->find_stage(stage));
            entered.push_back(outset + 3);
            started.push_back(outset);
        }
    }
    const std::vector<std::int32_t> given = stages;
    e.select_versions(pathways.data(), stages.data(), entered.data(), started.data(), pathways.size());
    std::vector<Date> due(pathways.size());
    std::vector<RowStatus> status(pathways.size());
    e.recalculate(CaseColumns{pathways.data(), stages.data(), entered.data(), started.data(), pathways.size()}, due.data(),
                  status.data(), 1);
    std::size_t older = 0, newer = 0, none = 0;
    for (std::size_t i = 0; i < pathways.size(); ++i) {
        const std::string stage_id = e.pathways()[static_cast<std::size_t>(newest)]->stages()[static_cast<std::size_t>(given[i])].id;
        try {
            const Pathway& chosen = e.pathway("test-versions", {}, started[i]);
            const int index = e.index_of(chosen);
            ASSERT_EQ(pathways[i], index) << iso(started[i]);
            ASSERT_EQ(stages[i], chosen.find_stage(stage_id)) << iso(started[i]);
            ASSERT_EQ(status[i], RowStatus::ok) << iso(started[i]);
            ASSERT_EQ(due[i], e.due(index, stages[i], entered[i], started[i])) << iso(started[i]);
            (index == newest ? newer : older) += 1;
        } catch (const NotFoundError&) {
            ASSERT_EQ(pathways[i], Engine::no_version_in_force) << iso(started[i]);
            ASSERT_EQ(status[i], RowStatus::no_version) << iso(started[i]);
            ++none;
        }
    }
    // Both versions and the days before them were reached: 7 days of 2022, 1 April to 20 April 2024.
    EXPECT_EQ(none, 2u * 7u);
    EXPECT_EQ(newer, 2u * 20u);
    EXPECT_GT(older, 0u);
}
