// The clocks (docs/semantics.md): hours with and without a roll, immediately on an event's
// obligation, previous-step and on:ID anchors, obligations on transitions and outcomes, a side
// track, subject-specific names, force, overdue on entry, and the calendar's end. Every date is
// worked by hand in the comment beside it, on a calendar with Saturday and Sunday weekends and
// one holiday, Friday 2024-03-15 (no other holidays, so 2030's Christmas is a working week).
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "escalate/dot_export.hpp"
#include "escalate/engine.hpp"
#include "escalate/errors.hpp"
#include "escalate/loader.hpp"

using namespace escalate;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The fixture is shared with the Python tests; line numbers below count in clocks.xml.
const std::string calendar_xml = read_file(ESCALATE_TEST_DATA_DIR "/clocks/test-calendar.xml");
const std::string clocks_xml = read_file(ESCALATE_TEST_DATA_DIR "/clocks/clocks.xml");

std::shared_ptr<const Engine> compile_text(const std::string& pathway) {
    RulesetFiles files;
    read_ruleset_text(calendar_xml, "cal.xml", files);
    read_ruleset_text(pathway, "p.xml", files);
    return Engine::compile(files.calendars, files.pathways);
}

std::string error_of(const std::string& pathway) {
    try {
        compile_text(pathway);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no error";
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

Date d(int y, int m, int day) { return *date_from_ymd(y, m, day); }

const ObligationDue& find(const std::vector<ObligationDue>& items, const std::string& id) {
    for (const auto& item : items) {
        if (item.obligation->id == id) return item;
    }
    ADD_FAILURE() << "no obligation " << id;
    return items.front();
}

class Clocks : public ::testing::Test {
protected:
    std::shared_ptr<const Engine> engine = compile_text(clocks_xml);
    Decision decide(std::string_view stage, std::string_view event, Date at, Date started, std::string_view subject = "",
                    Date entered = no_date) {
        Query q;
        q.pathway = "c";
        q.stage = stage;
        q.event = event;
        q.subject = subject;
        q.at = at;
        q.started = started;
        q.entered = entered;
        return engine->decide(q);
    }
};

}  // namespace

TEST_F(Clocks, LimitCapsTheStageAndItsStepsAndGivesItsForce) {
    // Started Friday 2024-03-08. Own 20 working days: 11-14 (4), 15 is the holiday, 18-22 (9),
    // 25-29 (14), 1-5 April (19), Monday 8 April (20). Limit 5: 11, 12, 13, 14, 18 -> 18 March.
    const Decision start = decide("", "", d(2024, 3, 8), no_date, "adult");
    EXPECT_EQ(start.due, d(2024, 3, 18));
    EXPECT_EQ(start.due_rule, DueRule::overall_limit);
    EXPECT_EQ(start.working.own, d(2024, 4, 8));
    EXPECT_EQ(start.working.limit, d(2024, 3, 18));
    EXPECT_EQ(start.force, Force::usually);
    EXPECT_FALSE(start.overdue);
    // raise: 10 working days -> Monday 25 March, capped at the limit's 18 March.
    const auto& raise = find(start.steps, "raise");
    EXPECT_EQ(raise.due, d(2024, 3, 18));
    EXPECT_EQ(raise.working.own, d(2024, 3, 25));
    EXPECT_EQ(raise.working.rule, DueRule::overall_limit);
    EXPECT_EQ(*raise.name, "Raise it with the adult team");
    // respond: 24 hours after raise's 18 March -> Tuesday 19 March, capped at 18 March.
    EXPECT_EQ(find(start.steps, "respond").due, d(2024, 3, 18));
    EXPECT_EQ(find(start.steps, "respond").working.own, d(2024, 3, 19));
}

TEST_F(Clocks, HoursRunToTheCalendarDayAndRollOnlyWhenTold) {
    // "Within 24 hours" of Friday 2024-03-08 is due on Saturday 9 March; rolled, Monday 11.
    const Decision friday = decide("", "", d(2024, 3, 8), no_date);
    EXPECT_EQ(find(friday.actions, "record").due, d(2024, 3, 9));
    EXPECT_EQ(find(friday.actions, "file").due, d(2024, 3, 11));
    // From Thursday 14 March: Friday 15 (the holiday) unrolled; rolled, Monday 18.
    const Decision thursday = decide("", "", d(2024, 3, 14), no_date);
    EXPECT_EQ(find(thursday.actions, "record").due, d(2024, 3, 15));
    EXPECT_EQ(find(thursday.actions, "file").due, d(2024, 3, 18));
    EXPECT_EQ(find(thursday.actions, "file").force, Force::must);
}

TEST_F(Clocks, OnIdWaitsInASingleQueryUnlessItIsTheQuerysEvent) {
    const Decision start = decide("", "", d(2024, 3, 8), no_date);
    const auto& confirm = find(start.actions, "confirm");
    EXPECT_EQ(confirm.due, no_date);
    EXPECT_EQ(confirm.working.rule, DueRule::waiting);
    EXPECT_EQ(confirm.obligation->deadline.on, "raise");
    // Resolved on Tuesday 12 March: the monitoring form counts from that day, 5 working days:
    // 13, 14, (15 holiday), 18, 19, 20 -> Wednesday 20 March. The outcome is named for the child.
    const Decision resolved = decide("stage-1", "resolved", d(2024, 3, 12), d(2024, 3, 8), "child");
    ASSERT_TRUE(resolved.target.terminal);
    EXPECT_EQ(*resolved.name, "Resolved for the child");
    const auto& form = find(resolved.actions, "monitoring-form");
    EXPECT_EQ(form.due, d(2024, 3, 20));
    EXPECT_EQ(form.source, ObligationSource::outcome);
}

TEST_F(Clocks, ImmediatelyOnAnEventIsDueThatDayWorkingDayOrNot) {
    // Immediate risk at the start on Saturday 9 March: the Police, and the call is due that day.
    const Decision risk = decide("", "immediate-risk", d(2024, 3, 9), no_date);
    ASSERT_TRUE(risk.target.terminal);
    const auto& call = find(risk.actions, "call-police");
    EXPECT_EQ(call.due, d(2024, 3, 9));
    EXPECT_EQ(call.force, Force::should);
    EXPECT_EQ(call.source, ObligationSource::transition);
}

TEST_F(Clocks, ASideTrackKeepsTheStageAndItsClock) {
    // Immediate risk on Tuesday 12 March at stage-1, entered and started Friday 8 March: the case
    // stays, still due 18 March; the call is due 12 March and comes first.
    const Decision side = decide("stage-1", "immediate-risk", d(2024, 3, 12), d(2024, 3, 8), "", d(2024, 3, 8));
    EXPECT_TRUE(side.side_track);
    EXPECT_EQ(*side.id, "stage-1");
    EXPECT_EQ(side.entered, d(2024, 3, 8));
    EXPECT_EQ(side.due, d(2024, 3, 18));
    ASSERT_FALSE(side.actions.empty());
    EXPECT_EQ(side.actions.front().obligation->id, "call-police");
    EXPECT_EQ(side.actions.front().due, d(2024, 3, 12));
    EXPECT_EQ(find(side.actions, "record").due, d(2024, 3, 9));  // still from the stage's entry
    EXPECT_FALSE(side.overdue);
    // A side track after the stage's due date: the stage was not entered late, so it is not
    // "overdue on entry" (it is simply overdue, which a case history reports).
    EXPECT_FALSE(decide("stage-1", "immediate-risk", d(2024, 3, 20), d(2024, 3, 8), "", d(2024, 3, 8)).overdue);
    // Without the stage's entry date the clock cannot be known: an error, not a guess.
    EXPECT_THROW(decide("stage-1", "immediate-risk", d(2024, 3, 12), d(2024, 3, 8)), InvalidArgumentError);
}

TEST_F(Clocks, OverdueOnEntryAndForce) {
    // Stage 2 is due 3 working days from the outset, Friday 8 March: 11, 12, 13 -> Wednesday 13.
    // Entered on Wednesday 20 March: overdue on entry, and the deadline is an expectation.
    const Decision late = decide("stage-1", "unresolved", d(2024, 3, 20), d(2024, 3, 8));
    EXPECT_EQ(late.due, d(2024, 3, 13));
    EXPECT_TRUE(late.overdue);
    EXPECT_EQ(late.force, Force::expected);
    const Decision on_time = decide("stage-1", "unresolved", d(2024, 3, 13), d(2024, 3, 8));
    EXPECT_FALSE(on_time.overdue);  // due that very day
}

// Defect: Engine::decide threw for a step of 10 working days in a 20-day stage under a 5-day
// limit near the calendar's end, where Engine::due answered.
TEST_F(Clocks, NearTheCalendarsEndOnlyTheDecidingRuleMatters) {
    // Friday 2030-12-20; the calendar ends Tuesday 2030-12-31. Limit 5: 23-27 -> Friday 27.
    // Own 20 and raise 10 run past the end; the limit decides both.
    const Decision start = decide("", "", d(2030, 12, 20), no_date);
    EXPECT_EQ(start.due, d(2030, 12, 27));
    EXPECT_FALSE(start.working.own.has_value());
    EXPECT_EQ(find(start.steps, "raise").due, d(2030, 12, 27));
    EXPECT_EQ(engine->due(0, 0, d(2030, 12, 20), d(2030, 12, 20)), d(2030, 12, 27));
    EXPECT_EQ(find(start.actions, "file").due, d(2030, 12, 23));  // Saturday 21 rolled to Monday 23
    // Stage 2 from Friday 20 December: 23, 24, 25 -> Wednesday 25, overdue when entered on the
    // 27th; its action (10 working days from the 27th) lies past the end: reported, not thrown.
    const Decision late = decide("stage-1", "unresolved", d(2030, 12, 27), d(2030, 12, 20));
    EXPECT_EQ(late.due, d(2030, 12, 25));
    EXPECT_TRUE(late.overdue);
    EXPECT_EQ(find(late.actions, "report").working.status, DueStatus::past_calendar_end);
    EXPECT_EQ(find(late.actions, "report").due, no_date);
    // When the deciding rule runs past the end, it is an error: started Monday 30 December,
    // the limit needs 5 working days and only the 31st remains.
    EXPECT_THROW(decide("", "", d(2030, 12, 30), no_date), OutOfRangeError);
    EXPECT_THROW(engine->due(0, 0, d(2030, 12, 30), d(2030, 12, 30)), OutOfRangeError);
}

TEST(ClocksFormat, OnIdThatNamesNothingIsAnErrorWithItsLine) {
    const std::string message = error_of(replace(clocks_xml, "anchor=\"on:raise\"", "anchor=\"on:rise\""));
    EXPECT_NE(message.find("p.xml:19:"), std::string::npos) << message;
    EXPECT_NE(message.find("no step, action or event has the id \"rise\""), std::string::npos) << message;
    // An event is a valid anchor as well as a step or action.
    EXPECT_EQ(error_of(replace(clocks_xml, "anchor=\"on:raise\"", "anchor=\"on:unresolved\"")), "no error");
}

TEST(ClocksFormat, RollOnlyOnHoursAndCalendarDays) {
    const std::string message = error_of(replace(clocks_xml, R"(<deadline kind="working-days" days="10"/>)",
                                                 R"(<deadline kind="working-days" days="10" roll="next-working-day"/>)"));
    EXPECT_NE(message.find("roll=\"next-working-day\" applies only to kind \"hours\" or \"calendar-days\""), std::string::npos)
        << message;
    EXPECT_NE(error_of(replace(clocks_xml, R"(kind="hours" hours="24"/>)", R"(kind="hours" days="1"/>)")).find("needs the number of hours"),
              std::string::npos);
    EXPECT_NE(error_of(replace(clocks_xml, R"(force="expected")", R"(force="ought")")).find("ought"), std::string::npos);
    // <name-for> first, as the schema says.
    EXPECT_NE(error_of(replace(clocks_xml, R"(<name-for subject="adult" name="Raise it with the adult team"/>
      <deadline kind="working-days" days="10"/>)", R"(<deadline kind="working-days" days="10"/>
      <name-for subject="adult" name="Raise it with the adult team"/>)")).find("p.xml:14: <name-for> is out of order inside <step id=\"raise\">"),
              std::string::npos);
}

TEST(ClocksFormat, ASideTrackIsNotACycleButALoopThroughAnotherStageIs) {
    EXPECT_EQ(error_of(clocks_xml), "no error");
    const std::string message =
        error_of(replace(clocks_xml, R"(<transition on="resolved" to="done" clause="c8"/>)",
                         R"(<transition on="resolved" to="done" clause="c8"/><transition on="unresolved" to="stage-1" clause="c8"/>)"));
    EXPECT_NE(message.find("cycle"), std::string::npos) << message;
}

TEST(ClocksFlowchart, ShowsSideTracksAndTheEventsObligations) {
    const auto engine = compile_text(clocks_xml);
    std::ostringstream dot;
    write_dot(engine->pathway("c"), dot, "");
    const std::string text = dot.str();
    // The side track is a dashed loop on stage-1 that says the stage goes on.
    EXPECT_NE(text.find("\"stage-1\"->\"stage-1\" [label=\"immediate-risk\\n(side track: the stage goes on)\\n+ Contact the Police: immediately (should)\", style=dashed]"),
              std::string::npos)
        << text;
    // The start's route to the Police carries the same immediate obligation.
    EXPECT_NE(text.find("\"(start)\"->police [label=\"immediate-risk\\n+ Contact the Police: immediately (should)\", style=dashed]"),
              std::string::npos)
        << text;
    // An outcome's own obligation, and clocks other than working days, in the boxes.
    EXPECT_NE(text.find("+ Send the monitoring form: 5 working days after resolved"), std::string::npos) << text;
    EXPECT_NE(text.find("Action file: 24 hours (next working day)"), std::string::npos) << text;
}
