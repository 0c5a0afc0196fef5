// Golden tests for the bundled Shropshire pathway (rulesets/pathways/shropshire.xml).
//
// Expected values come from the source policy (SSCP escalation policy, February 2023,
// seeds/001_b469db8a60687df2.txt). The text names four stages, sends Stage 4 to the SSCP
// Business Unit, and states no timescale anywhere, so no stage or action may have a due date:
// the engine must never invent one (docs/semantics.md), bank holidays or not.
#include <string>

#include <gtest/gtest.h>

#include "bundled_pathway.hpp"
#include "escalate/engine.hpp"
#include "escalate/errors.hpp"

namespace {

using namespace escalate;

using namespace escalate::testing;

const PathwayQuestions decide{"shropshire"};

void expect_no_dates(const Decision& d) {
    EXPECT_EQ(d.due, no_date) << *d.id;
    EXPECT_EQ(d.due_rule, DueRule::none) << *d.id;
    for (const auto& step : d.steps) EXPECT_EQ(step.due, no_date) << step.obligation->id;
    for (const auto& action : d.actions) EXPECT_EQ(action.due, no_date) << action.obligation->id;
}

TEST(ShropshirePathway, FourStagesInTurnWithNoTimescale) {
    const Date start = ymd(2023, 3, 6);
    const Decision s1 = decide({}, {}, start, no_date);
    EXPECT_EQ(*s1.id, "stage-1");
    EXPECT_EQ(*s1.tier, "roles-not-stated");
    expect_no_dates(s1);
    ASSERT_EQ(s1.actions.size(), 1u);
    EXPECT_EQ(s1.actions[0].obligation->id, "record-contacts-and-outcome");

    const Decision s2 = decide("stage-1", "unresolved", ymd(2023, 3, 7), start);
    EXPECT_EQ(*s2.id, "stage-2");
    expect_no_dates(s2);
    const Decision s3 = decide("stage-2", "unresolved", ymd(2023, 3, 8), start);
    EXPECT_EQ(*s3.id, "stage-3");
    expect_no_dates(s3);

    // Key principles: a disagreement reaching Stage 4 "should be referred to the Shropshire
    // Safeguarding Community Partnership ... in order that the Partnership can be assured": an
    // action of Stage 4 (no timescale), not the tier responsible for it, whose roles the text
    // does not state.
    const Decision s4 = decide("stage-3", "unresolved", ymd(2023, 3, 9), start);
    EXPECT_EQ(*s4.id, "stage-4");
    EXPECT_EQ(*s4.tier, "roles-not-stated");
    expect_no_dates(s4);
    EXPECT_EQ(obligation(s4.actions, "refer-to-business-unit").due, no_date);
    for (const auto& tier : engine().pathway("shropshire").tiers()) EXPECT_NE(tier.id, "partnership");

    const Decision done = decide("stage-4", "resolved", ymd(2023, 3, 10), start);
    ASSERT_TRUE(done.target.terminal);
    EXPECT_EQ(*done.id, "resolved");
}

TEST(ShropshirePathway, ResolvedAtAnyStageEnds) {
    for (const char* stage : {"stage-1", "stage-2", "stage-3", "stage-4"}) {
        const Decision d = decide(stage, "resolved", ymd(2023, 3, 8), ymd(2023, 3, 6));
        ASSERT_TRUE(d.target.terminal) << stage;
        EXPECT_EQ(*d.id, "resolved") << stage;
    }
}

TEST(ShropshirePathway, NoDueDateIsInventedOverChristmasEither) {
    // Entered on Christmas Day 2023 (a bank holiday) and the day before New Year's Day 2024: still
    // no timescale, so still no date.
    expect_no_dates(decide({}, {}, ymd(2023, 12, 25), no_date));
    expect_no_dates(decide("stage-3", "unresolved", ymd(2023, 12, 31), ymd(2023, 12, 25)));
    // Stage 4 reached on Christmas Day 2025 and on Easter Monday 2026: the referral to the SSCP
    // still has no date, and the stage is never overdue.
    for (const Date at : {ymd(2025, 12, 25), ymd(2026, 4, 6)}) {
        const Decision s4 = decide("stage-3", "unresolved", at, ymd(2025, 12, 1));
        expect_no_dates(s4);
        EXPECT_FALSE(s4.overdue);
        EXPECT_EQ(obligation(s4.actions, "refer-to-business-unit").due, no_date);
    }
    const Engine& e = engine();
    const int pathway = e.find_pathway("shropshire");
    ASSERT_GE(pathway, 0);
    for (int stage = 0; stage < 4; ++stage) {
        EXPECT_EQ(e.due(pathway, stage, ymd(2023, 12, 22), ymd(2023, 12, 22)), no_date);
    }
}

TEST(ShropshirePathway, NoCumulativeFigureWithoutTimescales) {
    const Pathway& p = engine().pathway("shropshire");
    EXPECT_TRUE(p.limits().empty());
    for (const auto& stage : p.stages()) EXPECT_EQ(stage.cumulative_working_days, std::nullopt) << stage.id;
}

TEST(ShropshirePathway, TierNamesDoNotDependOnTheSubject) {
    const Date start = ymd(2023, 3, 6);
    EXPECT_EQ(*decide("stage-3", "unresolved", start, start, "child").tier_name,
              *decide("stage-3", "unresolved", start, start, "adult").tier_name);
}

TEST(ShropshirePathway, EventsWithNoTransitionAreErrors) {
    const Date start = ymd(2023, 3, 6), at = ymd(2023, 3, 8);
    // The text states no immediate-risk route.
    EXPECT_THROW(decide({}, "immediate-risk", start, no_date), NoTransitionError);
    EXPECT_THROW(decide("stage-2", "immediate-risk", at, start), NoTransitionError);
    // Stage 4 is the last stage.
    EXPECT_THROW(decide("stage-4", "unresolved", at, start), NoTransitionError);
    // An undeclared event is not an event of this pathway at all.
    EXPECT_THROW(decide("stage-3", "exceptional", at, start), NotFoundError);
}

}  // namespace
