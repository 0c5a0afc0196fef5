// Golden tests for the bundled Staffordshire pathway (rulesets/pathways/staffordshire.xml).
//
// Expected values come from the source policy (SSASPB escalation policy, principles and
// procedure, seeds/004_adbaaaee93c8bbf3.txt) and the published England and Wales bank holidays
// (GOV.UK), worked out by hand in the comments; the dates were cross-checked with
// numpy.busday_offset(D, N, roll='backward') over a hand-typed copy of the GOV.UK list.
// Working-day rule (docs/semantics.md, "Counting"): due = the N-th working day strictly after the anchor.
//
// Reading (see the ruleset): 4.6 "all stages will usually be completed within two working
// days" is two working days for each of Stages 1 to 4, from the stage's start, with the force
// "usually"; the Independent Chair's decision (5.13) has no timescale. Adults only; immediate
// risk: contact the Police the same day, beside the disagreement (a side track).
#include <string>

#include <gtest/gtest.h>

#include "bundled_pathway.hpp"
#include "escalate/engine.hpp"
#include "escalate/errors.hpp"

namespace {

using namespace escalate;

using namespace escalate::testing;

// Staffordshire covers adults only, so every question is about an adult unless a test says not.
const PathwayQuestions decide{"staffordshire", "adult"};

TEST(StaffordshirePathway, EveryStageInTurnAcrossTheStateFuneral2022) {
    // Started Mon 2022-09-12: Stage 1 due Tue 13 (1), Wed 14 (2).
    const Date start = ymd(2022, 9, 12);
    const Decision s1 = decide({}, {}, start, no_date);
    EXPECT_EQ(*s1.id, "stage-1");
    EXPECT_EQ(*s1.tier_name, "Professionals (practitioners)");
    EXPECT_EQ(iso(s1.due), "2022-09-14");
    // 5.1-5.3 say "as soon as possible": no timescale on the actions.
    for (const auto& action : s1.actions) EXPECT_EQ(action.due, no_date) << action.obligation->id;

    // Stage 2 entered Fri 16 September. Mon 19 September 2022 (State Funeral of Queen
    // Elizabeth II) is a bank holiday: Tue 20 (1), Wed 21 (2).
    const Decision s2 = decide("stage-1", "unresolved", ymd(2022, 9, 16), start);
    EXPECT_EQ(*s2.id, "stage-2");
    EXPECT_EQ(*s2.tier, "line-managers");
    EXPECT_EQ(iso(s2.due), "2022-09-21");

    // Stage 3 entered Wed 21: Thu 22, Fri 23.
    const Decision s3 = decide("stage-2", "unresolved", ymd(2022, 9, 21), start);
    EXPECT_EQ(*s3.id, "stage-3");
    EXPECT_EQ(*s3.tier_name, "Head of Service / Safeguarding Lead / Department Head or equivalent");
    EXPECT_EQ(iso(s3.due), "2022-09-23");

    // Stage 4 entered Fri 23: Mon 26, Tue 27.
    const Decision s4 = decide("stage-3", "unresolved", ymd(2022, 9, 23), start);
    EXPECT_EQ(*s4.id, "stage-4");
    EXPECT_EQ(*s4.tier_name, "Assistant Directors or equivalent");
    EXPECT_EQ(iso(s4.due), "2022-09-27");
    EXPECT_EQ(s4.due_rule, DueRule::stage_timescale);
}

TEST(StaffordshirePathway, UnresolvedAtStage4GoesToTheIndependentChairsFinalDecision) {
    const Date start = ymd(2022, 9, 12);
    const Decision chair = decide("stage-4", "unresolved", ymd(2022, 9, 27), start);
    EXPECT_EQ(*chair.id, "chair-decision");
    EXPECT_EQ(*chair.tier_name, "Independent Chair of the SSASPB");
    // 5.13 states no timescale for the Chair.
    EXPECT_EQ(chair.due, no_date);
    EXPECT_EQ(chair.due_rule, DueRule::none);
    const Decision decision = decide("chair-decision", "resolved", ymd(2022, 10, 3), start);
    ASSERT_TRUE(decision.target.terminal);
    EXPECT_EQ(*decision.id, "independent-chair-decision");
    EXPECT_EQ(decision.pathway->outcomes()[decision.target.index].kind, OutcomeKind::final_decision);
}

TEST(StaffordshirePathway, ImmediateRiskAtTheOutsetStartsStage1WithThePoliceContactedThatDay) {
    // 2.4: "the Police should be contacted immediately"; 2.2: the procedure is used "until a
    // satisfactory resolution is reached". Started on Good Friday, 18 April 2025 (a bank
    // holiday): the Police contact is due that day (should), and Stage 1 runs beside it, due
    // [Mon 21 Easter Monday] Tue 22 (1), Wed 23 April (2).
    const Decision d = decide({}, "immediate-risk", ymd(2025, 4, 18), no_date);
    ASSERT_FALSE(d.target.terminal);
    EXPECT_EQ(*d.id, "stage-1");
    EXPECT_EQ(iso(d.due), "2025-04-23");
    const ObligationDue& police = obligation(d.actions, "contact-police");
    EXPECT_EQ(iso(police.due), "2025-04-18");
    EXPECT_EQ(police.force, Force::should);
    EXPECT_EQ(police.source, ObligationSource::transition);
}

TEST(StaffordshirePathway, ImmediateRiskAtAnyStageIsASideTrack) {
    // Stage 3 entered Tue 2025-12-30 (due Wed 31 (1), [Thu 1 January 2026] Fri 2 (2)); immediate
    // risk on New Year's Eve, Wed 31 December: the case stays at Stage 3, still due Fri 2
    // January 2026 (its clock keeps running from its entry); the Police contact is due Wed 31.
    const Decision d = decide.kept("stage-3", "immediate-risk", ymd(2025, 12, 31), ymd(2025, 12, 22), ymd(2025, 12, 30));
    ASSERT_FALSE(d.target.terminal);
    EXPECT_EQ(*d.id, "stage-3");
    EXPECT_TRUE(d.side_track);
    EXPECT_EQ(iso(d.due), "2026-01-02");
    EXPECT_EQ(iso(obligation(d.actions, "contact-police").due), "2025-12-31");
    for (const char* stage : {"stage-1", "stage-2", "stage-3", "stage-4", "chair-decision"}) {
        const Decision kept = decide.kept(stage, "immediate-risk", ymd(2022, 9, 14), ymd(2022, 9, 12), ymd(2022, 9, 13));
        EXPECT_EQ(*kept.id, stage);
        EXPECT_EQ(iso(obligation(kept.actions, "contact-police").due), "2022-09-14") << stage;
    }
}

TEST(StaffordshirePathway, TwoWorkingDaysPerStageAcrossChristmas2025WithTheForceUsually) {
    // 4.6 read per stage (not the whole procedure within two working days of the outset).
    // Started Mon 2025-12-22; Thu 25, Fri 26 December 2025 and Thu 1 January 2026 are bank
    // holidays. Stage 1: Tue 23 (1), Wed 24 (2). Stage 2 entered Wed 24: Mon 29 (1), Tue 30 (2).
    // Stage 3 entered Tue 30: Wed 31 (1), Fri 2 January (2). Stage 4 entered Fri 2: Mon 5 (1),
    // Tue 6 January (2): 8 working days from the outset (23, 24, 29, 30, 31, 2, 5, 6), where the
    // whole-procedure reading would have put every stage by Wed 24 December.
    const Date start = ymd(2025, 12, 22);
    const Decision s1 = decide({}, {}, start, no_date);
    EXPECT_EQ(iso(s1.due), "2025-12-24");
    EXPECT_EQ(s1.force, Force::usually);
    const Decision s2 = decide("stage-1", "unresolved", ymd(2025, 12, 24), start);
    EXPECT_EQ(iso(s2.due), "2025-12-30");
    EXPECT_EQ(s2.force, Force::usually);
    const Decision s3 = decide("stage-2", "unresolved", ymd(2025, 12, 30), start);
    EXPECT_EQ(iso(s3.due), "2026-01-02");
    const Decision s4 = decide("stage-3", "unresolved", ymd(2026, 1, 2), start);
    EXPECT_EQ(iso(s4.due), "2026-01-06");
    EXPECT_EQ(s4.force, Force::usually);
    EXPECT_FALSE(s4.overdue);
}

TEST(StaffordshirePathway, ResolvedAtEachStageEnds) {
    for (const char* stage : {"stage-1", "stage-2", "stage-3", "stage-4"}) {
        const Decision d = decide(stage, "resolved", ymd(2022, 9, 14), ymd(2022, 9, 12));
        ASSERT_TRUE(d.target.terminal) << stage;
        EXPECT_EQ(*d.id, "resolved") << stage;
    }
}

TEST(StaffordshirePathway, AcrossEaster2026) {
    // Stage 2 entered Thu 2026-04-02. Good Friday 3 April and Easter Monday 6 April 2026 are
    // bank holidays: Tue 7 (1), Wed 8 (2).
    EXPECT_EQ(iso(decide("stage-1", "unresolved", ymd(2026, 4, 2), ymd(2026, 3, 31)).due), "2026-04-08");
}

TEST(StaffordshirePathway, AcrossChristmas2026AndNewYear2027) {
    // Christmas Day 2026 is a Friday and Boxing Day a Saturday, so Mon 28 December is the
    // substitute bank holiday; Fri 1 January 2027 is New Year's Day.
    // Started Thu 2026-12-24: Tue 29 (1), Wed 30 (2).
    EXPECT_EQ(iso(decide({}, {}, ymd(2026, 12, 24), no_date).due), "2026-12-30");
    // Stage 3 entered Thu 31 December: [Fri 1 Jan], Mon 4 (1), Tue 5 January 2027 (2).
    EXPECT_EQ(iso(decide("stage-2", "unresolved", ymd(2026, 12, 31), ymd(2026, 12, 24)).due), "2027-01-05");
}

TEST(StaffordshirePathway, EachStageSaysWhichReadingOf46WasTaken) {
    // --explain shows the deadline's reading: per stage, not the whole procedure.
    const Pathway& p = engine().pathway("staffordshire");
    for (const char* id : {"stage-1", "stage-2", "stage-3", "stage-4"}) {
        const auto& deadline = p.stages()[p.find_stage(id)].deadline;
        EXPECT_EQ(deadline.force, Force::usually) << id;
        EXPECT_NE(deadline.reading.find("per stage"), std::string::npos) << id;
        EXPECT_NE(deadline.reading.find("whole procedure"), std::string::npos) << id;
    }
    // Immediate risk is a side track: no exit outcome remains.
    for (const auto& outcome : p.outcomes()) EXPECT_NE(outcome.kind, OutcomeKind::exit) << outcome.id;
}

TEST(StaffordshirePathway, CompiledWorstCaseIsTwoDaysPerStage) {
    const Pathway& p = engine().pathway("staffordshire");
    auto cumulative = [&](const char* id) { return p.stages()[p.find_stage(id)].cumulative_working_days; };
    EXPECT_EQ(cumulative("stage-1"), 2);
    EXPECT_EQ(cumulative("stage-4"), 8);
    EXPECT_EQ(cumulative("chair-decision"), std::nullopt);
    EXPECT_TRUE(p.limits().empty());
}

TEST(StaffordshirePathway, CoversAdultsOnly) {
    EXPECT_THROW(decide({}, {}, ymd(2022, 9, 12), no_date, "child"), InvalidArgumentError);
    EXPECT_EQ(*decide({}, {}, ymd(2022, 9, 12), no_date, {}).id, "stage-1");
}

TEST(StaffordshirePathway, EventsWithNoTransitionAreErrors) {
    const Date start = ymd(2022, 9, 12), at = ymd(2022, 9, 14);
    // The Chair's decision is final.
    EXPECT_THROW(decide("chair-decision", "unresolved", at, start), NoTransitionError);
    EXPECT_THROW(decide({}, "resolved", start, no_date), NoTransitionError);
    // Immediate risk is a side track, not an outcome: there is no "police" to move on from.
    EXPECT_THROW(decide("police", "resolved", at, start), NotFoundError);
}

}  // namespace
