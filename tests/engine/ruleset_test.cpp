// The loader and compiler: every validation error path, and evaluation on a small synthetic
// pathway whose due dates are worked out by hand in the comments beside each expectation.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "escalate/engine.hpp"
#include "escalate/errors.hpp"
#include "escalate/loader.hpp"

using namespace escalate;

namespace {

// Weekend Saturday and Sunday; one holiday, Friday 2024-03-15, so a count across it is visible.
const std::string test_calendar = R"(<calendar id="test" name="Test" first-year="2020" last-year="2030" source="hand-made for tests">
  <weekend days="saturday sunday"/>
  <one-off name="Test holiday" date="2024-03-15" source="tests"/>
</calendar>)";

// Two stages of 2 and 3 working days, a subject-dependent tier name and route.
const std::string base_pathway = R"(<pathway id="p" title="Test pathway" version="1" effective-from="2023-01-01" calendar="test" subjects="child adult">
  <source title="Test policy" authority="Test board" date="2023-01-01" file="test.txt"/>
  <tier id="t1" name="Practitioners" clause="c1"/>
  <tier id="board" name="The board" clause="c2">
    <name-for subject="child" name="Children's partnership"/>
  </tier>
  <start stage="stage-1" clause="c3"/>
  <stage id="stage-1" name="One" tier="t1" clause="c4">
    <deadline kind="working-days" days="2"/>
    <transition on="resolved" to="done" clause="c5"/>
    <transition on="unresolved" to="stage-2" clause="c6"/>
  </stage>
  <stage id="stage-2" name="Two" tier="board" clause="c7">
    <deadline kind="working-days" days="3"/>
    <transition on="resolved" to="done" clause="c8"/>
  </stage>
  <outcome id="done" kind="resolved" name="Resolved" clause="c9"/>
</pathway>)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "test fixture does not contain: " << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

std::shared_ptr<const Engine> compile_texts(const std::string& pathway, const std::string& calendar = test_calendar) {
    RulesetFiles files;
    read_ruleset_text(calendar, "cal.xml", files);
    read_ruleset_text(pathway, "p.xml", files);
    return Engine::compile(files.calendars, files.pathways);
}

// The message of the RulesetError or ParseError that compiling the pathway throws.
template <typename Expected = RulesetError>
std::string error_of(const std::string& pathway) {
    try {
        compile_texts(pathway);
    } catch (const Expected& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("wrong exception type: ") + e.what();
    }
    return "no error";
}

Date d(int y, int m, int day) { return *date_from_ymd(y, m, day); }

}  // namespace

TEST(RulesetFormat, BasePathwayCompiles) {
    auto engine = compile_texts(base_pathway);
    ASSERT_EQ(engine->pathways().size(), 1u);
    const Pathway& p = engine->pathway("p");
    EXPECT_EQ(p.stages().size(), 2u);
    EXPECT_EQ(p.outcomes().size(), 1u);
    EXPECT_EQ(p.entry_stage(), p.find_stage("stage-1"));
    // 2 working days, then 3: worst cases 2 and 5 from the outset.
    EXPECT_EQ(p.stages()[0].cumulative_working_days, 2);
    EXPECT_EQ(p.stages()[1].cumulative_working_days, 5);
}

// --- well-formedness and hostile input -------------------------------------------------

TEST(RulesetParse, MalformedXmlNamesTheLine) {
    const std::string broken = replace(base_pathway, "<tier id=\"t1\" name=\"Practitioners\" clause=\"c1\"/>",
                                       "<tier id=\"t1\" name=\"Practitioners\" clause=\"c1\">");
    const auto message = error_of<ParseError>(broken);
    EXPECT_NE(message.find("p.xml:"), std::string::npos) << message;
    EXPECT_NE(message.find("not well-formed"), std::string::npos) << message;
}

TEST(RulesetParse, DoctypeAndEntitiesAreRefused) {
    const std::string xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE pathway [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" + base_pathway;
    const auto message = error_of<ParseError>(xxe);
    EXPECT_NE(message.find("p.xml:2: DOCTYPE"), std::string::npos) << message;
}

TEST(RulesetParse, EmptyAndBinaryAndWrongEncodingAreRefused) {
    EXPECT_NE(error_of<ParseError>("").find("p.xml:"), std::string::npos);
    EXPECT_NE(error_of<ParseError>(std::string("<pathway\0>", 10)).find("NUL byte"), std::string::npos);
    EXPECT_NE(error_of<ParseError>("\xFF\xFE<\0p\0").find("UTF-16"), std::string::npos);
    const auto latin1 = replace(base_pathway, "title=\"Test pathway\"", "title=\"Caf\xE9\"");
    EXPECT_NE(error_of<ParseError>(latin1).find("p.xml:1: the file is not valid UTF-8"), std::string::npos);
    const auto declared = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + base_pathway;
    EXPECT_NE(error_of<ParseError>(declared).find("encoding other than UTF-8"), std::string::npos);
}

TEST(RulesetParse, DeepNestingIsRefused) {
    std::string deep = "<pathway>";
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    const auto message = error_of<ParseError>(deep);
    EXPECT_NE(message.find("p.xml:"), std::string::npos) << message;
}

TEST(RulesetParse, WrongRootElement) {
    const auto message = error_of("<ruleset/>");
    EXPECT_NE(message.find("p.xml:1: the root element is <ruleset>"), std::string::npos) << message;
}

// --- the strict reader ----------------------------------------------------------------------

TEST(RulesetReader, UnknownAttributeIsAnError) {
    const auto message = error_of(replace(base_pathway, "<tier id=\"t1\"", "<tier colour=\"red\" id=\"t1\""));
    EXPECT_NE(message.find("p.xml:3: <tier id=\"t1\">: unknown attribute 'colour'"), std::string::npos) << message;
    EXPECT_NE(message.find("the attributes of <tier> are"), std::string::npos) << message;
}

TEST(RulesetReader, UnknownElementIsAnError) {
    const auto message = error_of(replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>",
                                          "<deadline kind=\"working-days\" days=\"2\"/>\n<note/>"));
    EXPECT_NE(message.find("p.xml:10: unknown element <note>"), std::string::npos) << message;
}

TEST(RulesetReader, MissingAttributeSaysHowToFix) {
    const auto message = error_of(replace(base_pathway, " tier=\"t1\" clause=\"c4\"", " clause=\"c4\""));
    EXPECT_NE(message.find("p.xml:8: <stage id=\"stage-1\">: missing attribute 'tier'; add it"), std::string::npos) << message;
}

TEST(RulesetReader, BadValues) {
    EXPECT_NE(error_of(replace(base_pathway, "kind=\"resolved\"", "kind=\"happy\"")).find("use one of: resolved, final-decision, exit"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "days=\"2\"", "days=\"two\"")).find("not a whole number from 1"), std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "effective-from=\"2023-01-01\"", "effective-from=\"2023-02-30\"")).find("not a real date"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "id=\"stage-2\"", "id=\"Stage 2\"")).find("not in kebab-case"), std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "subjects=\"child adult\"", "subjects=\"child dog\"")).find("subject \"dog\" is not known"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<outcome id", "stray text<outcome id")).find("unexpected text"), std::string::npos);
}

TEST(RulesetReader, DeadlineShape) {
    EXPECT_NE(error_of(replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>", "<deadline kind=\"working-days\"/>"))
                  .find("needs the number of days"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>", "<deadline kind=\"immediately\" days=\"2\"/>"))
                  .find("takes no days"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>", "<deadline kind=\"none\" cumulative=\"2\"/>"))
                  .find("cannot state a cumulative total"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>", "<deadline kind=\"working-days\" days=\"2\" anchor=\"previous-step\"/>"))
                  .find("use one of: stage-entry, pathway-start"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>", "")).find("must begin with its <deadline>"),
              std::string::npos);
}

TEST(RulesetReader, ChildOrder) {
    const auto moved = replace(replace(base_pathway, "<start stage=\"stage-1\" clause=\"c3\"/>", ""),
                               "<outcome id=\"done\" kind=\"resolved\" name=\"Resolved\" clause=\"c9\"/>",
                               "<outcome id=\"done\" kind=\"resolved\" name=\"Resolved\" clause=\"c9\"/><start stage=\"stage-1\" clause=\"c3\"/>");
    EXPECT_NE(error_of(moved).find("<start> is out of order"), std::string::npos);
    const auto twice = replace(base_pathway, "<start stage=\"stage-1\" clause=\"c3\"/>",
                               "<start stage=\"stage-1\" clause=\"c3\"/><start stage=\"stage-1\" clause=\"c3\"/>");
    EXPECT_NE(error_of(twice).find("has 2 <start> elements"), std::string::npos);
}

// --- compilation checks -----------------------------------------------------------------------

TEST(RulesetCompile, UnknownReferences) {
    EXPECT_NE(error_of(replace(base_pathway, "calendar=\"test\"", "calendar=\"mars\"")).find("unknown calendar \"mars\"; use one of the loaded calendars: test"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "tier=\"board\"", "tier=\"nobody\"")).find("p.xml:13: <stage id=\"stage-2\">: unknown tier \"nobody\""),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "to=\"stage-2\"", "to=\"stage-9\"")).find("p.xml:11: <transition to=\"stage-9\">: no stage or outcome"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "on=\"unresolved\"", "on=\"exceptional\"")).find("declare it with <event id=\"exceptional\""),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<start stage=\"stage-1\"", "<start stage=\"stage-0\"")).find("<start stage=\"stage-0\">: no stage has this id"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<name-for subject=\"child\"", "<name-for subject=\"adult\" name=\"x\"/><name-for subject=\"adult\""))
                  .find("a second name for the same subject"),
              std::string::npos);
}

TEST(RulesetCompile, SubjectsMustBeCovered) {
    const auto adults_only = replace(base_pathway, "subjects=\"child adult\"", "subjects=\"adult\"");
    EXPECT_NE(error_of(adults_only).find("<name-for subject=\"child\">: the pathway does not cover this subject"), std::string::npos);
    const auto guarded = replace(replace(adults_only, "<name-for subject=\"child\" name=\"Children's partnership\"/>", ""),
                                 "on=\"unresolved\"", "on=\"unresolved\" subject=\"child\"");
    EXPECT_NE(error_of(guarded).find("<transition subject=\"child\">: the pathway does not cover this subject"), std::string::npos);
}

TEST(RulesetCompile, DuplicateIds) {
    EXPECT_NE(error_of(replace(base_pathway, "<outcome id=\"done\"", "<outcome id=\"stage-2\" kind=\"exit\" name=\"x\" clause=\"c\"/><outcome id=\"done\""))
                  .find("stages and outcomes share one set of ids"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<tier id=\"board\"", "<tier id=\"t1\"")).find("a tier with this id is already defined"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<transition on=\"resolved\" to=\"done\" clause=\"c8\"/>",
                               "<transition on=\"resolved\" to=\"done\" clause=\"c8\"/><transition on=\"resolved\" to=\"done\" clause=\"c8\"/>"))
                  .find("already has a transition on this event"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<tier id=\"t1\"", "<event id=\"resolved\" name=\"x\" clause=\"c\"/><tier id=\"t1\""))
                  .find("is a standard event and needs no declaration"),
              std::string::npos);
    EXPECT_NE(error_of(replace(base_pathway, "<tier id=\"t1\"",
                               "<event id=\"x\" name=\"x\" clause=\"c\"/><event id=\"x\" name=\"x\" clause=\"c\"/><tier id=\"t1\""))
                  .find("is declared twice"),
              std::string::npos);
    const auto steps = replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>",
                               "<deadline kind=\"working-days\" days=\"2\"/><step id=\"a\" name=\"A\" clause=\"c\"><deadline kind=\"working-days\" days=\"1\"/></step>"
                               "<action id=\"a\" name=\"A\" clause=\"c\"/>");
    EXPECT_NE(error_of(steps).find("the id is already used in stage \"stage-1\""), std::string::npos);
}

TEST(RulesetCompile, DuplicatePathwayAndCalendarIdsAcrossFiles) {
    RulesetFiles files;
    read_ruleset_text(test_calendar, "cal.xml", files);
    read_ruleset_text(test_calendar, "cal2.xml", files);
    try {
        Engine::compile(files.calendars, {});
        FAIL() << "duplicate calendar accepted";
    } catch (const RulesetError& e) {
        EXPECT_NE(std::string(e.what()).find("cal2.xml:1: <calendar id=\"test\">: a calendar with this id is already defined at cal.xml:1"),
                  std::string::npos)
            << e.what();
    }
    files.calendars.pop_back();
    read_ruleset_text(base_pathway, "p.xml", files);
    read_ruleset_text(base_pathway, "q.xml", files);
    EXPECT_THROW(Engine::compile(files.calendars, files.pathways), RulesetError);
}

TEST(RulesetCompile, UnreachableStageAndOutcome) {
    const auto orphan = replace(base_pathway, "<transition on=\"unresolved\" to=\"stage-2\" clause=\"c6\"/>", "");
    EXPECT_NE(error_of(orphan).find("p.xml:13: <stage id=\"stage-2\">: cannot be reached from the start"), std::string::npos);
    const auto dead_outcome = replace(base_pathway, "<outcome id=\"done\"", "<outcome id=\"unused\" kind=\"exit\" name=\"x\" clause=\"c\"/><outcome id=\"done\"");
    EXPECT_NE(error_of(dead_outcome).find("<outcome id=\"unused\">: no transition leads to it"), std::string::npos);
}

TEST(RulesetCompile, CycleIsNamed) {
    const auto cycle = replace(base_pathway, "<transition on=\"resolved\" to=\"done\" clause=\"c8\"/>",
                               "<transition on=\"resolved\" to=\"done\" clause=\"c8\"/><transition on=\"unresolved\" to=\"stage-1\" clause=\"c\"/>");
    const auto message = error_of(cycle);
    EXPECT_NE(message.find("the stages form a cycle: stage-1 -> stage-2 -> stage-1"), std::string::npos) << message;
}

TEST(RulesetCompile, DeclaredCumulativeMustMatchTheGraph) {
    // stage-1 is 2 working days, stage-2 3 more: the longest path gives 2 and 5.
    EXPECT_NO_THROW(compile_texts(replace(base_pathway, "days=\"3\"/>", "days=\"3\" cumulative=\"5\"/>")));
    const auto wrong = replace(base_pathway, "days=\"3\"/>", "days=\"3\" cumulative=\"6\"/>");
    EXPECT_NE(error_of(wrong).find("states a cumulative total of 6 working days, but the stages leading to it add up to 5"),
              std::string::npos);
    const auto unbounded = replace(replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>", "<deadline kind=\"none\"/>"),
                                   "days=\"3\"/>", "days=\"3\" cumulative=\"5\"/>");
    EXPECT_NE(error_of(unbounded).find("a stage on the way to it has no working-day timescale"), std::string::npos);
}

TEST(RulesetCompile, LimitsAndSteps) {
    const auto limit = [](const std::string& covers, int days) {
        return "<limit id=\"overall\" name=\"Overall\" working-days=\"" + std::to_string(days) + "\" covers=\"" + covers +
               "\" clause=\"c\"/>\n  <start";
    };
    const auto over = replace(replace(base_pathway, "<start", limit("stage-1 stage-2", 4)), "days=\"3\"/>", "days=\"3\" cumulative=\"5\"/>");
    EXPECT_NE(error_of(over).find("states a cumulative worst case of 5 working days, but the overall limit \"overall\" covering it allows 4"),
              std::string::npos);
    // Capped by the limit, the compiled worst case of stage-2 is 4, not 5.
    auto capped = compile_texts(replace(base_pathway, "<start", limit("stage-1 stage-2", 4)));
    EXPECT_EQ(capped->pathway("p").stages()[1].cumulative_working_days, 4);
    EXPECT_NE(error_of(replace(base_pathway, "<start", limit("stage-7", 4))).find("covers unknown stage \"stage-7\""), std::string::npos);
    const auto twice = replace(base_pathway, "<start", limit("stage-1", 4) + " ");
    EXPECT_NE(error_of(replace(twice, "<start", "<limit id=\"again\" name=\"x\" working-days=\"3\" covers=\"stage-1\" clause=\"c\"/><start"))
                  .find("is already covered by limit \"overall\""),
              std::string::npos);
    const auto long_step = replace(base_pathway, "<deadline kind=\"working-days\" days=\"2\"/>",
                                   "<deadline kind=\"working-days\" days=\"2\"/><step id=\"a\" name=\"A\" clause=\"c\"><deadline kind=\"working-days\" days=\"1\"/></step>"
                                   "<step id=\"b\" name=\"B\" clause=\"c\"><deadline kind=\"working-days\" days=\"2\" anchor=\"previous-step\" cumulative=\"3\"/></step>");
    const auto message = error_of(long_step);
    EXPECT_NE(message.find("<step id=\"b\">: falls due 3 working days after the stage is entered, after the stage's own deadline (2 working days)"),
              std::string::npos)
        << message;
}

TEST(RulesetLoad, DirectoryWithOneBadFileYieldsNoEngine) {
    const auto dir = std::filesystem::temp_directory_path() / ("escalate-load-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "pathways");
    std::ofstream(dir / "cal.xml") << test_calendar;
    std::ofstream(dir / "pathways" / "p.xml") << base_pathway;
    EXPECT_EQ(Engine::load(dir)->pathways().size(), 1u);
    std::ofstream(dir / "pathways" / "q.xml") << "<pathway id=\"q\"";
    try {
        Engine::load(dir);
        FAIL() << "a directory with a broken file loaded";
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("q.xml:1:"), std::string::npos) << e.what();
    }
    EXPECT_THROW(Engine::load(dir / "missing"), IoError);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    EXPECT_THROW(Engine::load(dir), IoError);  // no *.xml at all
    std::filesystem::remove_all(dir);
}

// --- evaluation -------------------------------------------------------------------------------

class Evaluate : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string with_everything = replace(
            replace(replace(base_pathway, "<start stage=\"stage-1\" clause=\"c3\"/>",
                            "<limit id=\"overall\" name=\"Overall\" working-days=\"6\" covers=\"stage-3\" clause=\"c\"/>"
                            "<start stage=\"stage-1\" clause=\"c3\"><transition on=\"immediate-risk\" to=\"police\" clause=\"c\"/></start>"),
                    "<transition on=\"resolved\" to=\"done\" clause=\"c8\"/>",
                    "<transition on=\"resolved\" to=\"done\" clause=\"c8\"/>"
                    "<transition on=\"unresolved\" subject=\"child\" to=\"stage-3\" clause=\"c\"/>"
                    "<transition on=\"unresolved\" subject=\"adult\" to=\"stage-4\" clause=\"c\"/>"),
            "<outcome id=\"done\"",
            R"(<stage id="stage-3" name="Three" tier="board" clause="c">
                 <deadline kind="none"/>
                 <transition on="resolved" to="done" clause="c"/></stage>
               <stage id="stage-4" name="Four" tier="board" clause="c">
                 <deadline kind="working-days" days="4" anchor="pathway-start"/>
                 <step id="raise" name="Raise" clause="c"><deadline kind="immediately"/></step>
                 <step id="meet" name="Meet" clause="c"><deadline kind="working-days" days="1" anchor="previous-step"/></step>
                 <action id="write" name="Write" clause="c"><deadline kind="calendar-days" days="7"/></action>
                 <action id="record" name="Record" clause="c"/>
                 <transition on="resolved" to="done" clause="c"/></stage>
               <outcome id="police" kind="exit" name="Police" clause="c"/>
               <outcome id="done")");
        engine = compile_texts(with_everything);
    }
    std::shared_ptr<const Engine> engine;
};

TEST_F(Evaluate, StartingEntersTheEntryStage) {
    // Entered Monday 2024-03-11; 2 working days: Tue 12 (1), Wed 13 (2).
    const Decision start = engine->decide({.pathway = "p", .at = d(2024, 3, 11)});
    EXPECT_EQ(*start.id, "stage-1");
    EXPECT_EQ(*start.tier, "t1");
    EXPECT_EQ(*start.tier_name, "Practitioners");
    EXPECT_FALSE(start.target.terminal);
    EXPECT_EQ(start.due, d(2024, 3, 13));
    EXPECT_EQ(start.due_rule, DueRule::stage_timescale);
    EXPECT_EQ(start.started, d(2024, 3, 11));
}

TEST_F(Evaluate, EscalatingCountsAcrossTheHoliday) {
    // Stage 2 entered Wednesday 2024-03-13; 3 working days: Thu 14 (1), Fri 15 is the test
    // holiday, Sat 16 and Sun 17 the weekend, Mon 18 (2), Tue 19 (3).
    const Decision next = engine->decide({.pathway = "p", .stage = "stage-1", .event = "unresolved", .subject = "child",
                                          .at = d(2024, 3, 13), .started = d(2024, 3, 11)});
    EXPECT_EQ(*next.id, "stage-2");
    EXPECT_EQ(*next.tier_name, "Children's partnership");  // <name-for subject="child">
    EXPECT_EQ(next.due, d(2024, 3, 19));
    const Decision adult = engine->decide({.pathway = "p", .stage = "stage-1", .event = "unresolved", .subject = "adult",
                                           .at = d(2024, 3, 13), .started = d(2024, 3, 11)});
    EXPECT_EQ(*adult.tier_name, "The board");  // no adult variant: the general name
    // Starting on a Saturday: Monday is day 1, Tuesday day 2.
    EXPECT_EQ(engine->decide({.pathway = "p", .at = d(2024, 3, 16)}).due, d(2024, 3, 19));
}

TEST_F(Evaluate, OutcomesAndRoutes) {
    const Decision done = engine->decide({.pathway = "p", .stage = "stage-1", .event = "resolved", .at = d(2024, 3, 12), .started = d(2024, 3, 11)});
    EXPECT_TRUE(done.target.terminal);
    EXPECT_EQ(*done.id, "done");
    EXPECT_EQ(done.tier, nullptr);
    EXPECT_EQ(done.due, no_date);
    const Decision police = engine->decide({.pathway = "p", .event = "immediate-risk", .at = d(2024, 3, 12)});
    EXPECT_EQ(*police.id, "police");
    EXPECT_EQ(police.pathway->outcomes()[police.target.index].kind, OutcomeKind::exit);
}

TEST_F(Evaluate, OverallLimitGivesTheDueDateOfAStageWithoutTimescale) {
    // stage-3 has no timescale of its own; the limit is 6 working days from the outset, Monday
    // 2024-03-11: Tue 12, Wed 13, Thu 14, (Fri 15 holiday), Mon 18, Tue 19, Wed 20 -> 20 March.
    const Decision d3 = engine->decide({.pathway = "p", .stage = "stage-2", .event = "unresolved", .subject = "child",
                                        .at = d(2024, 3, 19), .started = d(2024, 3, 11)});
    EXPECT_EQ(*d3.id, "stage-3");
    EXPECT_EQ(d3.due, d(2024, 3, 20));
    EXPECT_EQ(d3.due_rule, DueRule::overall_limit);
    EXPECT_THROW(engine->decide({.pathway = "p", .stage = "stage-2", .event = "unresolved", .subject = "child", .at = d(2024, 3, 19)}),
                 InvalidArgumentError);  // the limit counts from the outset, which was not given
}

TEST_F(Evaluate, PathwayStartAnchorStepsAndActions) {
    // stage-4 is due 4 working days from the outset, Monday 2024-03-11: Tue 12, Wed 13, Thu 14,
    // (Fri 15 holiday) Mon 18 -> 18 March, even though it is entered on the 14th.
    const Decision d4 = engine->decide({.pathway = "p", .stage = "stage-2", .event = "unresolved", .subject = "adult",
                                        .at = d(2024, 3, 14), .started = d(2024, 3, 11)});
    EXPECT_EQ(*d4.id, "stage-4");
    EXPECT_EQ(d4.due, d(2024, 3, 18));
    EXPECT_EQ(d4.anchor_date, d(2024, 3, 11));
    ASSERT_EQ(d4.steps.size(), 2u);
    EXPECT_EQ(d4.steps[0].due, d(2024, 3, 14));  // immediately: the day it is entered
    EXPECT_EQ(d4.steps[1].due, d(2024, 3, 18));  // 1 working day after Thu 14, skipping the holiday
    ASSERT_EQ(d4.actions.size(), 2u);
    EXPECT_EQ(d4.actions[0].due, d(2024, 3, 21));  // 7 calendar days after the 14th
    EXPECT_EQ(d4.actions[1].due, no_date);         // no timescale stated
}

TEST_F(Evaluate, Errors) {
    EXPECT_THROW(engine->decide({.pathway = "nope", .at = d(2024, 3, 11)}), NotFoundError);
    EXPECT_THROW(engine->decide({.pathway = "p", .stage = "stage-9", .event = "resolved", .at = d(2024, 3, 11)}), NotFoundError);
    EXPECT_THROW(engine->decide({.pathway = "p", .stage = "stage-1", .event = "bogus", .at = d(2024, 3, 11)}), NotFoundError);
    EXPECT_THROW(engine->decide({.pathway = "p", .stage = "stage-1", .event = "immediate-risk", .at = d(2024, 3, 11)}), NoTransitionError);
    EXPECT_THROW(engine->decide({.pathway = "p", .stage = "done", .event = "resolved", .at = d(2024, 3, 11)}), NoTransitionError);
    EXPECT_THROW(engine->decide({.pathway = "p", .stage = "stage-1", .at = d(2024, 3, 11)}), InvalidArgumentError);
    EXPECT_THROW(engine->decide({.pathway = "p", .subject = "dog", .at = d(2024, 3, 11)}), InvalidArgumentError);
    EXPECT_THROW(engine->decide({.pathway = "p"}), InvalidArgumentError);
    // The route from stage-2 on unresolved depends on the subject.
    try {
        engine->decide({.pathway = "p", .stage = "stage-2", .event = "unresolved", .at = d(2024, 3, 19), .started = d(2024, 3, 11)});
        FAIL();
    } catch (const InvalidArgumentError& e) {
        EXPECT_NE(std::string(e.what()).find("depends on the subject"), std::string::npos);
    }
    EXPECT_THROW(engine->decide({.pathway = "p", .at = d(2019, 12, 31)}), OutOfRangeError);
    EXPECT_THROW(engine->decide({.pathway = "p", .stage = "stage-1", .event = "unresolved", .at = d(2024, 3, 11), .started = d(2024, 3, 12)}),
                 InvalidArgumentError);  // started after the event
}

TEST_F(Evaluate, DueByIndexMatchesDecide) {
    const int p = engine->find_pathway("p");
    const Pathway& pathway = *engine->pathways()[p];
    EXPECT_EQ(engine->due(p, pathway.find_stage("stage-2"), d(2024, 3, 13), d(2024, 3, 11)), d(2024, 3, 19));
    EXPECT_EQ(engine->due(p, pathway.find_stage("stage-3"), d(2024, 3, 19), d(2024, 3, 11)), d(2024, 3, 20));
    EXPECT_THROW(engine->due(p, 99, d(2024, 3, 13), no_date), NotFoundError);
    EXPECT_THROW(engine->due(7, 0, d(2024, 3, 13), no_date), NotFoundError);
}

TEST(RulesetEvaluate, StepsAreCappedWithTheirStage) {
    // stage-2 (3 working days, with a step of 3) is covered by a limit of 4 working days from
    // the outset. Started Monday 2024-03-11, stage-2 entered Thursday 14: its own timescale
    // gives Wednesday 20 (Fri 15 is the test holiday: Mon 18 (1), Tue 19 (2), Wed 20 (3)); the
    // limit gives Tue 12, Wed 13, Thu 14, Mon 18 -> Monday 18 March. The step
    // would fall on Wed 20, after its stage, so it too is due on the 18th.
    const auto text = replace(replace(base_pathway, "<start stage",
                                      "<limit id=\"overall\" name=\"Overall\" working-days=\"4\" covers=\"stage-2\" clause=\"c\"/><start stage"),
                              "<deadline kind=\"working-days\" days=\"3\"/>",
                              "<deadline kind=\"working-days\" days=\"3\"/><step id=\"meet\" name=\"Meet\" clause=\"c\"><deadline kind=\"working-days\" days=\"3\"/></step>");
    auto engine = compile_texts(text);
    const Decision capped = engine->decide({.pathway = "p", .stage = "stage-1", .event = "unresolved", .at = d(2024, 3, 14), .started = d(2024, 3, 11)});
    EXPECT_EQ(capped.due, d(2024, 3, 18));
    EXPECT_EQ(capped.due_rule, DueRule::overall_limit);
    ASSERT_EQ(capped.steps.size(), 1u);
    EXPECT_EQ(capped.steps[0].due, d(2024, 3, 18));
    // Entered on the outset itself, the stage's own 3 days (Tue 12, Wed 13, Thu 14) come first
    // and the step keeps its own date.
    const Decision own = engine->decide({.pathway = "p", .stage = "stage-1", .event = "unresolved", .at = d(2024, 3, 11), .started = d(2024, 3, 11)});
    EXPECT_EQ(own.due, d(2024, 3, 14));
    EXPECT_EQ(own.steps[0].due, d(2024, 3, 14));
}

// Look-ups by id compare ids in order for up to 16 items and use the hash index beyond
// (pathway.cpp, Engine::find_pathway): both must find every id at its place, and nothing else.
namespace {

// A pathway of `stages` stages in a line: stage-k escalates to stage-(k+1), the last to "done".
std::string line_pathway(const std::string& id, int stages) {
    std::string text = "<pathway id=\"" + id + "\" title=\"Line\" version=\"1\" effective-from=\"2023-01-01\" calendar=\"test\" subjects=\"child adult\">"
                       "<source title=\"T\" authority=\"T\" date=\"2023-01-01\" file=\"t.txt\"/>"
                       "<tier id=\"t\" name=\"T\" clause=\"c\"/><start stage=\"stage-0\" clause=\"c\"/>";
    for (int k = 0; k < stages; ++k) {
        const std::string next = k + 1 < stages ? "stage-" + std::to_string(k + 1) : "done";
        text += "<stage id=\"stage-" + std::to_string(k) + "\" name=\"S\" tier=\"t\" clause=\"c\">"
                "<deadline kind=\"working-days\" days=\"1\"/>"
                "<transition on=\"resolved\" to=\"done\" clause=\"c\"/>"
                "<transition on=\"unresolved\" to=\"" + next + "\" clause=\"c\"/></stage>";
    }
    return text + "<outcome id=\"done\" kind=\"resolved\" name=\"Done\" clause=\"c\"/></pathway>";
}

}  // namespace

TEST(RulesetLookUps, SmallAndLargePathwaysFindEveryStageEventAndOutcome) {
    for (const int stages : {3, 16, 17, 40}) {  // either side of the 16 where the hash index takes over
        const auto engine = compile_texts(line_pathway("line", stages));
        const Pathway& p = engine->pathway("line");
        ASSERT_EQ(static_cast<int>(p.stages().size()), stages);
        for (int k = 0; k < stages; ++k) {
            const std::string id = "stage-" + std::to_string(k);
            EXPECT_EQ(p.find_stage(id), k) << id << " of " << stages;
            // Escalating from stage-k reaches stage-(k+1) (the last reaches the outcome).
            Query query;
            query.pathway = "line";
            query.stage = id;
            query.event = "unresolved";
            query.at = d(2024, 3, 11);
            query.started = d(2024, 3, 1);
            const Decision decision = engine->decide(query);
            EXPECT_EQ(*decision.id, k + 1 < stages ? "stage-" + std::to_string(k + 1) : std::string("done"));
            EXPECT_EQ(decision.pathway_index, 0);
        }
        EXPECT_EQ(p.find_stage("stage-" + std::to_string(stages)), -1);
        EXPECT_EQ(p.find_stage("stage"), -1);
        EXPECT_EQ(p.find_stage(""), -1);
        EXPECT_EQ(p.find_outcome("done"), 0);
        EXPECT_EQ(p.find_outcome("stage-0"), -1);
        EXPECT_EQ(p.find_event("resolved"), 0);  // the standard events come first
        EXPECT_EQ(p.find_event("unresolved"), 1);
        EXPECT_EQ(p.find_event("unresolve"), -1);
    }
}

TEST(RulesetLookUps, FewAndManyPathwaysAreFoundAtTheirIndices) {
    for (const int count : {1, 5, 16, 17, 30}) {
        RulesetFiles files;
        read_ruleset_text(test_calendar, "cal.xml", files);
        for (int i = 0; i < count; ++i)
            read_ruleset_text(line_pathway("pathway-" + std::to_string(i), 2), "p" + std::to_string(i) + ".xml", files);
        const auto engine = Engine::compile(files.calendars, files.pathways);
        ASSERT_EQ(static_cast<int>(engine->pathways().size()), count);
        for (int i = 0; i < count; ++i) {
            const std::string id = "pathway-" + std::to_string(i);
            const int index = engine->find_pathway(id);
            ASSERT_GE(index, 0) << id << " of " << count;
            EXPECT_EQ(engine->pathways()[index]->id(), id);
            Query query;
            query.pathway = id;
            query.at = d(2024, 3, 11);
            EXPECT_EQ(engine->decide(query).pathway_index, index) << id;
        }
        EXPECT_EQ(engine->find_pathway("pathway-" + std::to_string(count)), -1);
        EXPECT_EQ(engine->find_pathway("pathway"), -1);
    }
}
