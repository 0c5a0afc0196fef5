// Golden tests for the bundled Wolverhampton pathway (rulesets/pathways/wolverhampton.xml).
//
// Every expected value comes from the source policy (WST Escalation Policy V3, 3 March 2023,
// seeds/002_0578b0bc18e439c0.txt) and the published England and Wales bank holidays (GOV.UK),
// worked out by hand in the comments; the dates were cross-checked with
// numpy.busday_offset(D, N, roll='backward') over a hand-typed copy of the GOV.UK list.
// Working-day rule (docs/semantics.md, "Counting"): due = the N-th working day strictly after the anchor.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "bundled_pathway.hpp"
#include "escalate/engine.hpp"
#include "escalate/errors.hpp"
#include "escalate/loader.hpp"

namespace {

using namespace escalate;

using namespace escalate::testing;

const PathwayQuestions decide{"wolverhampton"};

// --- Entry and Stage 1 ---------------------------------------------------------------------

TEST(WolverhamptonPathway, EntryIsStage1WithItsTwoSteps) {
    // Started Mon 2023-03-06. Table, Stage 1: raise within 2 working days (Tue 7, Wed 8), the
    // receiving agency responds within 3 more (Thu 9, Fri 10, Mon 13): stage due Mon 13 March,
    // 5 working days from the outset (table: cumulative 5).
    const Decision d = decide({}, {}, ymd(2023, 3, 6), no_date);
    EXPECT_FALSE(d.target.terminal);
    EXPECT_EQ(*d.id, "stage-1");
    EXPECT_EQ(*d.tier, "practitioners");
    EXPECT_EQ(*d.tier_name, "Practitioners");
    EXPECT_EQ(iso(d.started), "2023-03-06");
    EXPECT_EQ(iso(d.due), "2023-03-13");
    EXPECT_EQ(d.due_rule, DueRule::stage_timescale);
    ASSERT_EQ(d.steps.size(), 2u);
    EXPECT_EQ(d.steps[0].obligation->id, "raise-verbally-and-in-writing");
    EXPECT_EQ(iso(d.steps[0].due), "2023-03-08");
    EXPECT_EQ(d.steps[1].obligation->id, "receiving-agency-responds");
    EXPECT_EQ(iso(d.steps[1].due), "2023-03-13");
    // 3.9: recording has no timescale.
    EXPECT_EQ(obligation(d.actions, "record-discussions").due, no_date);
}

TEST(WolverhamptonPathway, Stage1ReceivingAgencyCountsFromTheRaiseAcrossChristmas2025) {
    // Started Tue 2025-12-23. Thu 25, Fri 26 December 2025 and Thu 1 January 2026 are bank
    // holidays. The raise within 2 working days: Wed 24 (1), Mon 29 (2). With no raise recorded
    // the receiving agency's 3 working days count from the raise's due date (previous-step,
    // provisional): Tue 30 (1), Wed 31 (2), Fri 2 January (3) = the stage's day 5 (Wed 24,
    // Mon 29, Tue 30, Wed 31, Fri 2).
    const Decision d = decide({}, {}, ymd(2025, 12, 23), no_date);
    EXPECT_EQ(iso(d.due), "2026-01-02");
    EXPECT_EQ(d.force, Force::must);  // ends with "They must ... within 3 working days"
    const ObligationDue& raise = obligation(d.steps, "raise-verbally-and-in-writing");
    EXPECT_EQ(iso(raise.due), "2025-12-29");
    EXPECT_EQ(raise.force, Force::should);  // "the practitioner should raise"
    const ObligationDue& respond = obligation(d.steps, "receiving-agency-responds");
    EXPECT_EQ(iso(respond.due), "2026-01-02");
    EXPECT_EQ(respond.force, Force::must);  // "The receiving agency must"
    EXPECT_EQ(respond.working.anchor, ymd(2025, 12, 29));
}

TEST(WolverhamptonPathway, Stage1AcrossChristmasAndNewYear2023) {
    // Started Fri 2023-12-22. Mon 25 and Tue 26 December 2023 and Mon 1 January 2024 are bank
    // holidays. Working days: Wed 27 (1), Thu 28 (2), Fri 29 (3), Tue 2 Jan (4), Wed 3 Jan (5).
    // Raise by Thu 28 Dec; respond 3 working days after Thu 28: Fri 29, Tue 2, Wed 3 January.
    const Decision d = decide({}, {}, ymd(2023, 12, 22), no_date);
    EXPECT_EQ(iso(d.due), "2024-01-03");
    EXPECT_EQ(iso(obligation(d.steps, "raise-verbally-and-in-writing").due), "2023-12-28");
    EXPECT_EQ(iso(obligation(d.steps, "receiving-agency-responds").due), "2024-01-03");
}

// --- Immediate risk: a side track, the escalation due the same day --------------------------

TEST(WolverhamptonPathway, ImmediateRiskAtTheOutsetStartsStage1WithTheEscalationDueThatDay) {
    // Table, Stage 1 row: "the individual must ensure their concerns are escalated immediately
    // in line with established safeguarding procedures"; 1.2 "disagreements always require
    // resolution": the disagreement begins at Stage 1 beside the escalation. Started on
    // Christmas Day, Thu 2025-12-25 (a bank holiday): the escalation is due that day, working day
    // or not. Stage 1: [Fri 26 Boxing Day] Mon 29 (1), Tue 30 (2), Wed 31 (3), [Thu 1 January]
    // Fri 2 (4), Mon 5 January 2026 (5); the raise on day 2, Tue 30 December.
    const Decision d = decide({}, "immediate-risk", ymd(2025, 12, 25), no_date);
    ASSERT_FALSE(d.target.terminal);
    EXPECT_EQ(*d.id, "stage-1");
    EXPECT_EQ(iso(d.due), "2026-01-05");
    EXPECT_EQ(iso(obligation(d.steps, "raise-verbally-and-in-writing").due), "2025-12-30");
    const ObligationDue& escalation = obligation(d.actions, "escalate-under-safeguarding-procedures");
    EXPECT_EQ(iso(escalation.due), "2025-12-25");
    EXPECT_EQ(escalation.force, Force::must);
    EXPECT_EQ(escalation.source, ObligationSource::transition);
}

TEST(WolverhamptonPathway, ImmediateRiskKeepsEveryStageAndItsClock) {
    // 3.8 applies at any point: every stage keeps the case and adds the escalation, due the day
    // of the event. Stage 2 entered Thu 2026-04-02 (started Wed 25 March); immediate risk on
    // Easter Monday, 6 April 2026: the escalation is due that day; Stage 2 is still due 2
    // working days after its entry, [Fri 3 Good Friday, Mon 6 Easter Monday] Tue 7 (1),
    // Wed 8 April (2), before the discussion limit: Thu 26 (1), Fri 27 (2), Mon 30 (3),
    // Tue 31 (4), Wed 1 (5), Thu 2 (6), Tue 7 (7), Wed 8 (8), Thu 9 (9), Fri 10 April (10).
    const Decision d = decide.kept("stage-2", "immediate-risk", ymd(2026, 4, 6), ymd(2026, 3, 25), ymd(2026, 4, 2));
    ASSERT_FALSE(d.target.terminal);
    EXPECT_EQ(*d.id, "stage-2");
    EXPECT_TRUE(d.side_track);
    EXPECT_EQ(iso(d.due), "2026-04-08");
    EXPECT_EQ(d.due_rule, DueRule::stage_timescale);
    EXPECT_EQ(iso(obligation(d.actions, "escalate-under-safeguarding-procedures").due), "2026-04-06");

    for (const char* stage : {"stage-1", "confirm-outcome-stage-1", "stage-2", "confirm-outcome-stage-2",
                              "stage-3", "stage-4", "exceptional-referral", "chair-decision"}) {
        const Decision kept = decide.kept(stage, "immediate-risk", ymd(2023, 3, 8), ymd(2023, 3, 6), ymd(2023, 3, 7));
        ASSERT_FALSE(kept.target.terminal) << stage;
        EXPECT_EQ(*kept.id, stage);
        EXPECT_TRUE(kept.side_track) << stage;
        EXPECT_EQ(iso(obligation(kept.actions, "escalate-under-safeguarding-procedures").due), "2023-03-08") << stage;
    }
}

// --- Written confirmations -----------------------------------------------------------------

TEST(WolverhamptonPathway, ResolvedAtStage1IsConfirmedInWritingWithinAFurther2Days) {
    // Resolved Wed 2023-03-08: confirmation within a further 2 working days, Thu 9 and Fri 10.
    const Decision d = decide("stage-1", "resolved", ymd(2023, 3, 8), ymd(2023, 3, 6));
    EXPECT_EQ(*d.id, "confirm-outcome-stage-1");
    EXPECT_EQ(*d.tier, "practitioners");
    EXPECT_EQ(iso(d.due), "2023-03-10");
    EXPECT_EQ(iso(obligation(d.actions, "confirm-in-writing").due), "2023-03-10");
    // Not covered by the 10-day discussion limit: its own timescale sets the date.
    EXPECT_EQ(d.due_rule, DueRule::stage_timescale);

    const Decision done = decide("confirm-outcome-stage-1", "resolved", ymd(2023, 3, 10), ymd(2023, 3, 6));
    ASSERT_TRUE(done.target.terminal);
    EXPECT_EQ(*done.id, "resolved");
    EXPECT_EQ(done.pathway->outcomes()[done.target.index].kind, OutcomeKind::resolved);
}

TEST(WolverhamptonPathway, ConfirmationAcrossEaster2024) {
    // Resolved Thu 2024-03-28. Good Friday 29 March and Easter Monday 1 April 2024 are bank
    // holidays: Tue 2 April (1), Wed 3 April (2).
    const Decision d = decide("stage-1", "resolved", ymd(2024, 3, 28), ymd(2024, 3, 25));
    EXPECT_EQ(iso(d.due), "2024-04-03");
}

TEST(WolverhamptonPathway, ResolvedAtStage2IsConfirmedByTheReceivingAgency) {
    // Resolved Fri 2023-03-10 at Stage 2: within a further 2 working days, Mon 13 and Tue 14.
    const Decision d = decide("stage-2", "resolved", ymd(2023, 3, 10), ymd(2023, 3, 6));
    EXPECT_EQ(*d.id, "confirm-outcome-stage-2");
    EXPECT_EQ(*d.tier, "line-managers");
    EXPECT_EQ(iso(d.due), "2023-03-14");
    EXPECT_EQ(*decide("confirm-outcome-stage-2", "resolved", ymd(2023, 3, 14), ymd(2023, 3, 6)).id, "resolved");
}

TEST(WolverhamptonPathway, ResolvedAtStages3And4EndsWithoutATimedConfirmation) {
    for (const char* stage : {"stage-3", "stage-4"}) {
        const Decision d = decide(stage, "resolved", ymd(2023, 3, 20), ymd(2023, 3, 6));
        ASSERT_TRUE(d.target.terminal) << stage;
        EXPECT_EQ(*d.id, "resolved") << stage;
    }
    // Key Principles still require the written confirmation, with no timescale.
    const Decision stage3 = decide("stage-2", "unresolved", ymd(2023, 3, 15), ymd(2023, 3, 6));
    EXPECT_EQ(obligation(stage3.actions, "confirm-in-writing").due, no_date);
}

// --- The table's worst case: 5, 7, 10, 12 --------------------------------------------------

TEST(WolverhamptonPathway, EachStageRunToItsLimitMatchesTheTablesCumulativeColumn) {
    // Started Mon 2023-03-06; working days from the outset: Tue 7 (1), Wed 8 (2), Thu 9 (3),
    // Fri 10 (4), Mon 13 (5), Tue 14 (6), Wed 15 (7), Thu 16 (8), Fri 17 (9), Mon 20 (10),
    // Tue 21 (11), Wed 22 (12).
    const Date start = ymd(2023, 3, 6);
    const Decision s1 = decide({}, {}, start, no_date);
    EXPECT_EQ(iso(s1.due), "2023-03-13");  // cumulative 5
    const Decision s2 = decide("stage-1", "unresolved", s1.due, start);
    EXPECT_EQ(*s2.id, "stage-2");
    EXPECT_EQ(*s2.tier_name, "Line Managers / Safeguarding Lead");
    EXPECT_EQ(iso(s2.due), "2023-03-15");  // cumulative 7
    const Decision s3 = decide("stage-2", "unresolved", s2.due, start);
    EXPECT_EQ(*s3.id, "stage-3");
    EXPECT_EQ(*s3.tier_name, "Service / Senior Managers / Safeguarding Lead");
    EXPECT_EQ(iso(s3.due), "2023-03-20");  // cumulative 10 = the 10-day discussion limit
    // Stage 3 steps: refer in writing within 24 hours (hours 24: Thu 16), then the senior
    // managers' dialogue within 2 working days of it (Fri 17, Mon 20).
    EXPECT_EQ(iso(obligation(s3.steps, "refer-in-writing").due), "2023-03-16");
    EXPECT_EQ(iso(obligation(s3.steps, "senior-managers-dialogue").due), "2023-03-20");
    const Decision s4 = decide("stage-3", "unresolved", s3.due, start);
    EXPECT_EQ(*s4.id, "stage-4");
    EXPECT_EQ(*s4.tier_name, "WST Agency Representative");
    EXPECT_EQ(iso(s4.due), "2023-03-22");  // cumulative 12
    // Both "within a further 2 working days" count from the end of Stage 3 (the reading that
    // keeps the table's 2 days / cumulative 12): Tue 21, Wed 22.
    EXPECT_EQ(iso(obligation(s4.steps, "raise-with-wst-representative").due), "2023-03-22");
    EXPECT_EQ(iso(obligation(s4.steps, "representatives-meet").due), "2023-03-22");
    EXPECT_EQ(s4.due_rule, DueRule::stage_timescale);
}

TEST(WolverhamptonPathway, CompiledCumulativeTotalsAreTheTables) {
    // Table, cumulative column: Stage 1 5, Stage 2 7, Stage 3 10, Stage 4 12.
    const Pathway& p = engine().pathway("wolverhampton");
    auto cumulative = [&](const char* id) { return p.stages()[p.find_stage(id)].cumulative_working_days; };
    EXPECT_EQ(cumulative("stage-1"), 5);
    EXPECT_EQ(cumulative("stage-2"), 7);
    EXPECT_EQ(cumulative("stage-3"), 10);
    EXPECT_EQ(cumulative("stage-4"), 12);
    ASSERT_EQ(p.limits().size(), 1u);
    EXPECT_EQ(p.limits()[0].working_days, 10);
}

TEST(WolverhamptonPathway, Stage2AcrossTheEarlyMayAndCoronationBankHolidays2023) {
    // Started Thu 2023-04-27; Stage 1 unresolved Fri 5 May. Mon 8 May 2023 (coronation of
    // King Charles III) is a bank holiday: Tue 9 (1), Wed 10 (2). The discussion limit runs
    // from Thu 27 April: Fri 28 (1), [Mon 1 May early May bank holiday], Tue 2 (2), Wed 3 (3),
    // Thu 4 (4), Fri 5 (5), [Mon 8], Tue 9 (6), Wed 10 (7), Thu 11 (8), Fri 12 (9), Mon 15 (10):
    // later than Wed 10, so the stage's own timescale applies.
    const Decision d = decide("stage-1", "unresolved", ymd(2023, 5, 5), ymd(2023, 4, 27));
    EXPECT_EQ(iso(d.due), "2023-05-10");
    EXPECT_EQ(d.due_rule, DueRule::stage_timescale);
}

// --- The 10-working-day discussion limit caps Stages 1 to 3 ---------------------------------

TEST(WolverhamptonPathway, DiscussionLimitCapsALateStage3) {
    // Started Mon 2023-03-06: the limit falls on Mon 20 March (10th working day). Stage 3
    // entered Thu 16 March would otherwise be due 3 working days later, Tue 21 March.
    const Decision d = decide("stage-2", "unresolved", ymd(2023, 3, 16), ymd(2023, 3, 6));
    EXPECT_EQ(*d.id, "stage-3");
    EXPECT_EQ(iso(d.due), "2023-03-20");
    EXPECT_EQ(d.due_rule, DueRule::overall_limit);
}

TEST(WolverhamptonPathway, DiscussionLimitAcrossChristmas2023) {
    // Started Fri 2023-12-22: limit = Wed 27 (1), Thu 28 (2), Fri 29 (3), Tue 2 Jan (4),
    // Wed 3 (5), Thu 4 (6), Fri 5 (7), Mon 8 (8), Tue 9 (9), Wed 10 (10) -> Wed 10 January 2024.
    // Stage 2 entered Tue 9 January would be due Thu 11 by its own 2 days; the limit caps it.
    const Decision d = decide("stage-1", "unresolved", ymd(2024, 1, 9), ymd(2023, 12, 22));
    EXPECT_EQ(iso(d.due), "2024-01-10");
    EXPECT_EQ(d.due_rule, DueRule::overall_limit);
}

TEST(WolverhamptonPathway, Stage4IsNotCoveredByTheDiscussionLimit) {
    // Entered Tue 2023-03-21, after the limit (Mon 20): its own 2 days, Wed 22 and Thu 23.
    const Decision d = decide("stage-3", "unresolved", ymd(2023, 3, 21), ymd(2023, 3, 6));
    EXPECT_EQ(iso(d.due), "2023-03-23");
    EXPECT_EQ(d.due_rule, DueRule::stage_timescale);
}

// --- Exceptional referral to the SACG Chair -------------------------------------------------

TEST(WolverhamptonPathway, ExceptionalReferralFromStage3ToTheChairsFinalDecision) {
    // Exceptional circumstances at the end of Stage 3, Mon 2023-03-20: the Director writes within
    // 2 working days (Tue 21, Wed 22).
    const Decision referral = decide("stage-3", "exceptional", ymd(2023, 3, 20), ymd(2023, 3, 6));
    EXPECT_EQ(*referral.id, "exceptional-referral");
    EXPECT_EQ(*referral.tier, "agency-director");
    EXPECT_EQ(iso(referral.due), "2023-03-22");
    // Brought to the Chair's attention Wed 22 March: decision communicated within 5 working
    // days, Thu 23 (1), Fri 24 (2), Mon 27 (3), Tue 28 (4), Wed 29 (5).
    const Decision chair = decide("exceptional-referral", "unresolved", ymd(2023, 3, 22), ymd(2023, 3, 6));
    EXPECT_EQ(*chair.id, "chair-decision");
    EXPECT_EQ(*chair.tier_name, "WST Scrutiny & Assurance Co-ordination Group Chair");
    EXPECT_EQ(iso(chair.due), "2023-03-29");
    EXPECT_EQ(iso(obligation(chair.actions, "communicate-decision").due), "2023-03-29");
    EXPECT_EQ(obligation(chair.actions, "seek-written-representations").due, no_date);
    // Footnote 1: final and binding.
    const Decision decision = decide("chair-decision", "resolved", ymd(2023, 3, 29), ymd(2023, 3, 6));
    ASSERT_TRUE(decision.target.terminal);
    EXPECT_EQ(*decision.id, "sacg-chair-decision");
    EXPECT_EQ(decision.pathway->outcomes()[decision.target.index].kind, OutcomeKind::final_decision);
}

TEST(WolverhamptonPathway, UnresolvedAfterStage4GoesToTheChair) {
    const Decision d = decide("stage-4", "unresolved", ymd(2023, 3, 22), ymd(2023, 3, 6));
    EXPECT_EQ(*d.id, "exceptional-referral");
    EXPECT_EQ(iso(d.due), "2023-03-24");  // Thu 23 (1), Fri 24 (2)
}

TEST(WolverhamptonPathway, ChairsDecisionAcrossTheSpringBankHoliday2023) {
    // Brought to the Chair Thu 2023-05-25. Mon 29 May 2023 is the spring bank holiday:
    // Fri 26 (1), Tue 30 (2), Wed 31 (3), Thu 1 June (4), Fri 2 June (5).
    const Decision d = decide("exceptional-referral", "unresolved", ymd(2023, 5, 25), ymd(2023, 5, 2));
    EXPECT_EQ(iso(d.due), "2023-06-02");
}

// --- Stage 3: "referred in writing within 24 hours" is hours 24 -------------------------------

TEST(WolverhamptonPathway, Stage3ReferralWithin24HoursFallsOnChristmasDay2025) {
    // Stage 3 entered Wed 2025-12-24 (started Wed 17 December). 24 hours run out on Thu 25
    // December, Christmas Day: an hours deadline is due that calendar day, working day or not
    // (the policy gives no roll). The dialogue's 2 working days count from the referral's due
    // date: [Fri 26] Mon 29 (1), Tue 30 (2). The stage's 3 working days: Mon 29, Tue 30,
    // Wed 31 December. The discussion limit from Wed 17: Thu 18 (1), Fri 19 (2), Mon 22 (3),
    // Tue 23 (4), Wed 24 (5), Mon 29 (6), Tue 30 (7), Wed 31 (8), Fri 2 (9), Mon 5 January
    // 2026 (10): later, so the stage's own timescale rules.
    const Decision d = decide("stage-2", "unresolved", ymd(2025, 12, 24), ymd(2025, 12, 17));
    EXPECT_EQ(*d.id, "stage-3");
    EXPECT_EQ(iso(d.due), "2025-12-31");
    EXPECT_EQ(d.due_rule, DueRule::stage_timescale);
    EXPECT_EQ(d.force, Force::should);  // "should engage in dialogue within 2 working days"
    const ObligationDue& refer = obligation(d.steps, "refer-in-writing");
    EXPECT_EQ(iso(refer.due), "2025-12-25");
    EXPECT_EQ(refer.force, Force::must);  // "must be referred in writing within 24 hours"
    const ObligationDue& dialogue = obligation(d.steps, "senior-managers-dialogue");
    EXPECT_EQ(iso(dialogue.due), "2025-12-30");
    EXPECT_EQ(dialogue.force, Force::should);
}

TEST(WolverhamptonPathway, Stage3ReferralWithin24HoursFallsOnGoodFriday2025) {
    // Stage 3 entered Thu 2025-04-17 (started Mon 7 April). 24 hours: Fri 18 April, Good
    // Friday. Dialogue: [Mon 21 Easter Monday] Tue 22 (1), Wed 23 (2). Stage: Tue 22, Wed 23,
    // Thu 24 April. Limit from Mon 7 April: Tue 8 (1), Wed 9 (2), Thu 10 (3), Fri 11 (4),
    // Mon 14 (5), Tue 15 (6), Wed 16 (7), Thu 17 (8), Tue 22 (9), Wed 23 April (10): earlier
    // than the stage's Thu 24, so the limit rules, and the dialogue (due Wed 23) is within it.
    const Decision d = decide("stage-2", "unresolved", ymd(2025, 4, 17), ymd(2025, 4, 7));
    EXPECT_EQ(iso(d.due), "2025-04-23");
    EXPECT_EQ(d.due_rule, DueRule::overall_limit);
    EXPECT_EQ(iso(obligation(d.steps, "refer-in-writing").due), "2025-04-18");
    EXPECT_EQ(iso(obligation(d.steps, "senior-managers-dialogue").due), "2025-04-23");
    // Started later (Wed 9 April), the limit falls on Fri 25 April and the stage's own
    // Thu 24 April rules.
    const Decision later = decide("stage-2", "unresolved", ymd(2025, 4, 17), ymd(2025, 4, 9));
    EXPECT_EQ(iso(later.due), "2025-04-24");
    EXPECT_EQ(later.due_rule, DueRule::stage_timescale);
}

// --- Exceptional referral: "immediately and within no more than 2 working days" --------------

TEST(WolverhamptonPathway, ExceptionalReferralIsDueImmediatelyAndWithinTwoWorkingDaysAcrossEaster2026) {
    // Exceptional circumstances at the end of Stage 3 on Thu 2026-04-02. The Director "should
    // write immediately": that day, Thu 2 April; "and within no more than 2 working days":
    // [Fri 3 Good Friday, Mon 6 Easter Monday] Tue 7 (1), Wed 8 April (2). Both "should".
    const Decision d = decide("stage-3", "exceptional", ymd(2026, 4, 2), ymd(2026, 3, 19));
    EXPECT_EQ(*d.id, "exceptional-referral");
    EXPECT_EQ(iso(d.due), "2026-04-08");
    EXPECT_EQ(d.force, Force::should);
    const ObligationDue& write = obligation(d.actions, "write-to-chair");
    EXPECT_EQ(iso(write.due), "2026-04-02");
    EXPECT_EQ(write.force, Force::should);
}

TEST(WolverhamptonPathway, ExceptionalReferralAcrossChristmas2025) {
    // Stage 4 unresolved on Wed 2025-12-24: write that day; within 2 working days: [Thu 25,
    // Fri 26] Mon 29 (1), Tue 30 December (2).
    const Decision d = decide("stage-4", "unresolved", ymd(2025, 12, 24), ymd(2025, 12, 5));
    EXPECT_EQ(iso(obligation(d.actions, "write-to-chair").due), "2025-12-24");
    EXPECT_EQ(iso(d.due), "2025-12-30");
}

TEST(WolverhamptonPathway, ChairsDecisionAcrossEaster2025) {
    // Brought to the Chair Wed 2025-04-16: "will be communicated ... within 5 working days"
    // (must): Thu 17 (1), [Fri 18 Good Friday, Mon 21 Easter Monday] Tue 22 (2), Wed 23 (3),
    // Thu 24 (4), Fri 25 April (5).
    const Decision d = decide("exceptional-referral", "unresolved", ymd(2025, 4, 16), ymd(2025, 3, 20));
    EXPECT_EQ(*d.id, "chair-decision");
    EXPECT_EQ(iso(d.due), "2025-04-25");
    EXPECT_EQ(d.force, Force::must);
    EXPECT_EQ(iso(obligation(d.actions, "communicate-decision").due), "2025-04-25");
}

// --- Stage 4: the reading that agrees with the table ------------------------------------------

TEST(WolverhamptonPathway, Stage4AndBothStepsAcrossChristmas2024) {
    // Stage 4 entered Tue 2024-12-24. Wed 25 and Thu 26 December 2024 are bank holidays: Fri 27
    // (1), Mon 30 December (2). Both "within a further 2 working days" count from the end of
    // Stage 3 (the table's 2 days), so the raise and the meeting are both due Mon 30 December.
    // "Will raise", "will then ... meet": must.
    const Decision d = decide("stage-3", "unresolved", ymd(2024, 12, 24), ymd(2024, 12, 6));
    EXPECT_EQ(*d.id, "stage-4");
    EXPECT_EQ(iso(d.due), "2024-12-30");
    EXPECT_EQ(d.force, Force::must);
    EXPECT_EQ(iso(obligation(d.steps, "raise-with-wst-representative").due), "2024-12-30");
    EXPECT_EQ(iso(obligation(d.steps, "representatives-meet").due), "2024-12-30");
}

TEST(WolverhamptonPathway, Stage4SaysTheTextAlsoSupportsTheOtherReading) {
    // The reading kept agrees with the table; the deadline's reading (shown by --explain) says
    // the text also supports the meeting 2 working days after the raise (cumulative 14).
    const Pathway& p = engine().pathway("wolverhampton");
    const auto& stage4 = p.stages()[p.find_stage("stage-4")];
    EXPECT_NE(stage4.deadline.reading.find("also supports"), std::string::npos);
    EXPECT_NE(stage4.deadline.reading.find("cumulative 14"), std::string::npos);
    EXPECT_NE(obligation_definition(stage4.steps, "representatives-meet").deadline.reading.find("cumulative 14"),
              std::string::npos);
    // Immediate risk is no longer an exit: the only outcomes are agreement and the Chair's.
    ASSERT_EQ(p.outcomes().size(), 2u);
    EXPECT_EQ(p.outcomes()[0].id, "resolved");
    EXPECT_EQ(p.outcomes()[1].id, "sacg-chair-decision");
    // "Practitioners should attempt to resolve differences through discussion within 10 working
    // days".
    EXPECT_EQ(p.limits()[0].force, Force::should);
}

// --- Force as worded ---------------------------------------------------------------------------

TEST(WolverhamptonPathway, EachDeadlineCarriesTheForceOfItsWording) {
    const Date start = ymd(2023, 3, 6);
    // Stage 2: "who should attempt to resolve the differences within 2 working days".
    EXPECT_EQ(decide("stage-1", "unresolved", ymd(2023, 3, 13), start).force, Force::should);
    // Written confirmations: "will advise", "will write" (must).
    const Decision c1 = decide("stage-1", "resolved", ymd(2023, 3, 8), start);
    EXPECT_EQ(c1.force, Force::must);
    EXPECT_EQ(obligation(c1.actions, "confirm-in-writing").force, Force::must);
    EXPECT_EQ(decide("stage-2", "resolved", ymd(2023, 3, 10), start).force, Force::must);
    // A stage whose date the discussion limit decides: "should attempt to resolve differences
    // through discussion within 10 working days" (should, as is Stage 3's own). Stage 3
    // entered Thu 16 March: own Tue 21, limit Mon 20 March.
    const Decision capped = decide("stage-2", "unresolved", ymd(2023, 3, 16), start);
    EXPECT_EQ(capped.due_rule, DueRule::overall_limit);
    EXPECT_EQ(capped.force, Force::should);
}

// --- Events with no transition ---------------------------------------------------------------

TEST(WolverhamptonPathway, EventsWithNoTransitionAreErrors) {
    const Date at = ymd(2023, 3, 10), start = ymd(2023, 3, 6);
    // The exceptional route is offered only at the end of Stage 3.
    EXPECT_THROW(decide("stage-1", "exceptional", at, start), NoTransitionError);
    EXPECT_THROW(decide("stage-2", "exceptional", at, start), NoTransitionError);
    // A written confirmation follows agreement; nothing escalates from it.
    EXPECT_THROW(decide("confirm-outcome-stage-1", "unresolved", at, start), NoTransitionError);
    // The Chair's decision is final: nothing lies beyond it.
    EXPECT_THROW(decide("chair-decision", "unresolved", at, start), NoTransitionError);
    EXPECT_THROW(decide("sacg-chair-decision", "resolved", at, start), NoTransitionError);
    // Starting the pathway on "unresolved" is not a route either.
    EXPECT_THROW(decide({}, "unresolved", at, no_date), NoTransitionError);
}

TEST(WolverhamptonPathway, CoversChildrenAndAdultsWithTheSameTierNames) {
    const Decision child = decide("stage-3", "unresolved", ymd(2023, 3, 20), ymd(2023, 3, 6), "child");
    const Decision adult = decide("stage-3", "unresolved", ymd(2023, 3, 20), ymd(2023, 3, 6), "adult");
    EXPECT_EQ(*child.tier_name, "WST Agency Representative");
    EXPECT_EQ(*adult.tier_name, "WST Agency Representative");
}

// --- The reading of Stage 4 is the one under which the table agrees with itself ------------

TEST(WolverhamptonPathway, ReadingStage4sTwoPeriodsOneAfterTheOtherContradictsTheTable) {
    // Read literally in sequence, "raise within a further 2" then "meet within a further 2"
    // make Stage 4 four working days and the meeting fall at cumulative 14, not the table's 12.
    // The compiler must reject that reading against the declared totals.
    std::ifstream in(std::string(ESCALATE_RULESETS_DIR) + "/pathways/wolverhampton.xml");
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    const auto step = text.find("<step id=\"representatives-meet\"");
    ASSERT_NE(step, std::string::npos);
    const std::string days = "days=\"2\"";
    const auto at = text.find(days, step);
    ASSERT_NE(at, std::string::npos);
    text.insert(at + days.size(), " anchor=\"previous-step\"");
    RulesetFiles files = read_rulesets(std::string(ESCALATE_RULESETS_DIR) + "/calendars");
    read_ruleset_text(text, "wolverhampton-literal.xml", files);
    EXPECT_THROW(Engine::compile(files.calendars, files.pathways), RulesetError);
}

}  // namespace
