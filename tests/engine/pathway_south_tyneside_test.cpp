// Golden tests for the bundled South Tyneside pathway (rulesets/pathways/south-tyneside.xml).
//
// Expected values come from the source protocol (STSCP / STSAB joint escalation protocol,
// reviewed April 2024, seeds/000_0a1c27d958957785.txt) and the published England and Wales
// bank holidays (GOV.UK), worked out by hand in the comments; the dates were cross-checked
// with numpy.busday_offset(D, N, roll='backward') over a hand-typed copy of the GOV.UK list.
// Working-day rule (docs/semantics.md, "Counting"): due = the N-th working day strictly after the anchor.
//
// The protocol's timescales: raise with line managers within one working day; Stage 1
// "within 1 day" (read as one working day); every issue resolved within a maximum of 5
// working days from the outset, which is the due date of Stages 2 to 4 (no timescale of their
// own) and caps the others.
#include <string>

#include <gtest/gtest.h>

#include "bundled_pathway.hpp"
#include "escalate/engine.hpp"
#include "escalate/errors.hpp"

namespace {

using namespace escalate;

using namespace escalate::testing;

const PathwayQuestions decide{"south-tyneside"};

TEST(SouthTynesidePathway, EntryIsThePractitionerDiscussion) {
    // Started Mon 2024-04-08: raise with line managers within one working day, Tue 9 April.
    const Decision d = decide({}, {}, ymd(2024, 4, 8), no_date);
    EXPECT_EQ(*d.id, "practitioner-discussion");
    EXPECT_EQ(*d.tier, "practitioners");
    EXPECT_EQ(iso(d.due), "2024-04-09");
    EXPECT_EQ(d.due_rule, DueRule::stage_timescale);
    EXPECT_EQ(obligation(d.actions, "record-escalation").due, no_date);
}

TEST(SouthTynesidePathway, EveryStageInTurnWithTheFiveDayMaximum) {
    // Started Mon 2024-04-08. The 5-working-day maximum: Tue 9 (1), Wed 10 (2), Thu 11 (3),
    // Fri 12 (4), Mon 15 April (5).
    const Date start = ymd(2024, 4, 8);

    // Stage 1 entered Tue 9: within 1 (working) day, Wed 10. The line manager contacts the
    // other line manager "without delay": the day the stage is entered.
    const Decision s1 = decide("practitioner-discussion", "unresolved", ymd(2024, 4, 9), start);
    EXPECT_EQ(*s1.id, "stage-1");
    EXPECT_EQ(*s1.tier_name, "Line Managers");
    EXPECT_EQ(iso(s1.due), "2024-04-10");
    EXPECT_EQ(s1.due_rule, DueRule::stage_timescale);
    EXPECT_EQ(iso(obligation(s1.actions, "contact-other-line-manager").due), "2024-04-09");
    EXPECT_EQ(obligation(s1.actions, "give-feedback").due, no_date);

    // Stage 2 entered Wed 10: no timescale of its own, so due at the maximum, Mon 15. The board
    // is notified "at this point": the day Stage 2 is entered.
    const Decision s2 = decide("stage-1", "unresolved", ymd(2024, 4, 10), start);
    EXPECT_EQ(*s2.id, "stage-2");
    EXPECT_EQ(*s2.tier_name,
              "Senior Manager / Service Manager / Named Designated Safeguarding Lead / Role of equivalent standing");
    EXPECT_EQ(iso(s2.due), "2024-04-15");
    EXPECT_EQ(s2.due_rule, DueRule::overall_limit);
    EXPECT_EQ(iso(obligation(s2.actions, "notify-partnership").due), "2024-04-10");

    const Decision s3 = decide("stage-2", "unresolved", ymd(2024, 4, 11), start);
    EXPECT_EQ(*s3.id, "stage-3");
    EXPECT_EQ(*s3.tier_name, "Head of Service / Headteacher / Chief Officer or Role of equivalent standing");
    EXPECT_EQ(iso(s3.due), "2024-04-15");
    EXPECT_EQ(s3.due_rule, DueRule::overall_limit);

    const Decision s4 = decide("stage-3", "unresolved", ymd(2024, 4, 12), start);
    EXPECT_EQ(*s4.id, "stage-4");
    EXPECT_EQ(iso(s4.due), "2024-04-15");
    EXPECT_EQ(s4.due_rule, DueRule::overall_limit);
    EXPECT_EQ(obligation(s4.actions, "record-on-spreadsheet").due, no_date);

    const Decision done = decide("stage-4", "resolved", ymd(2024, 4, 15), start);
    ASSERT_TRUE(done.target.terminal);
    EXPECT_EQ(*done.id, "resolved");
}

TEST(SouthTynesidePathway, Stage4IsTheSTSCPForAChildAndTheSTSABForAnAdult) {
    const Date start = ymd(2024, 4, 8), at = ymd(2024, 4, 12);
    EXPECT_EQ(*decide("stage-3", "unresolved", at, start, "child").tier_name,
              "South Tyneside Safeguarding Children Partnership (STSCP)");
    EXPECT_EQ(*decide("stage-3", "unresolved", at, start, "adult").tier_name,
              "South Tyneside Safeguarding Adults Board (STSAB)");
    // Subject not stated: the general name.
    EXPECT_EQ(*decide("stage-3", "unresolved", at, start).tier_name, "STSCP / STSAB");
    EXPECT_EQ(*decide("stage-3", "unresolved", at, start, "child").tier, "partnership");
}

TEST(SouthTynesidePathway, ResolvedAtAnyStageEnds) {
    const Date start = ymd(2024, 4, 8), at = ymd(2024, 4, 10);
    for (const char* stage : {"practitioner-discussion", "stage-1", "stage-2", "stage-3", "stage-4"}) {
        const Decision d = decide(stage, "resolved", at, start);
        ASSERT_TRUE(d.target.terminal) << stage;
        EXPECT_EQ(*d.id, "resolved") << stage;
        EXPECT_EQ(d.pathway->outcomes()[d.target.index].kind, OutcomeKind::resolved);
    }
}

TEST(SouthTynesidePathway, ManagerReferralStartsAtStageOne) {
    // Section 3: a worker who feels a decision is unsafe consults their manager, who refers to
    // Stage One. Started Mon 2024-04-08: Stage 1 due Tue 9 April.
    const Decision d = decide({}, "manager-referral", ymd(2024, 4, 8), no_date);
    EXPECT_EQ(*d.id, "stage-1");
    EXPECT_EQ(iso(d.due), "2024-04-09");
}

TEST(SouthTynesidePathway, TheMaximumCapsALateStage1) {
    // Started Mon 2024-04-08, maximum Mon 15 April. Stage 1 entered Mon 15 would be due Tue 16
    // by its own day; the maximum caps it at Mon 15.
    const Decision d = decide("practitioner-discussion", "unresolved", ymd(2024, 4, 15), ymd(2024, 4, 8));
    EXPECT_EQ(iso(d.due), "2024-04-15");
    EXPECT_EQ(d.due_rule, DueRule::overall_limit);
}

TEST(SouthTynesidePathway, AStageEnteredAfterTheMaximumIsAlreadyDue) {
    // Stage 4 entered Tue 2024-04-16, after the maximum (Mon 15): due Mon 15, overdue on entry.
    const Decision d = decide("stage-3", "unresolved", ymd(2024, 4, 16), ymd(2024, 4, 8));
    EXPECT_EQ(iso(d.due), "2024-04-15");
    EXPECT_LT(d.due, d.entered);
    EXPECT_TRUE(d.overdue);
}

// --- The clocks: the maximum binds Stage 4, as an expectation ----------------------------------

TEST(SouthTynesidePathway, Stage4ReachedAfterTheMaximumAcrossChristmas2025IsAMissedExpectation) {
    // "It is expected that all issues will be resolved within a maximum of 5 working days":
    // read as binding the Partnership's Stage 4 too, with the force "expected". Started Mon
    // 2025-12-22; Thu 25, Fri 26 December 2025 and Thu 1 January 2026 are bank holidays. The
    // maximum: Tue 23 (1), Wed 24 (2), Mon 29 (3), Tue 30 (4), Wed 31 December (5). Stage 4
    // reached Fri 2 January 2026: due Wed 31 December 2025, overdue on entry, a missed
    // expectation rather than a breach.
    const Decision d = decide("stage-3", "unresolved", ymd(2026, 1, 2), ymd(2025, 12, 22), "adult");
    EXPECT_EQ(*d.id, "stage-4");
    EXPECT_EQ(iso(d.due), "2025-12-31");
    EXPECT_EQ(d.due_rule, DueRule::overall_limit);
    EXPECT_EQ(d.force, Force::expected);
    EXPECT_TRUE(d.overdue);
    // Reached on Wed 31 December itself: due that day, not overdue.
    const Decision on_time = decide("stage-3", "unresolved", ymd(2025, 12, 31), ymd(2025, 12, 22));
    EXPECT_EQ(iso(on_time.due), "2025-12-31");
    EXPECT_FALSE(on_time.overdue);
}

TEST(SouthTynesidePathway, TheMaximumIsAnExpectationCoveringStage4) {
    const Pathway& p = engine().pathway("south-tyneside");
    ASSERT_EQ(p.limits().size(), 1u);
    EXPECT_EQ(p.limits()[0].force, Force::expected);  // "It is expected that all issues ..."
    EXPECT_EQ(p.stages()[p.find_stage("stage-4")].limit, 0);
}

TEST(SouthTynesidePathway, ImmediateObligationsAcrossEaster2025) {
    // Stage 1 entered on Easter Monday, 21 April 2025 (started Thu 17 April): "Without delay,
    // the line manager will then contact ..." is due that day, a bank holiday (immediately is
    // due on the day of the event, working day or not), force must ("will"). Stage 1 "within 1
    // day": Tue 22 April, force expected. The maximum from Thu 17: Tue 22 (1), Wed 23 (2),
    // Thu 24 (3), Fri 25 (4), Mon 28 April (5), later.
    const Decision s1 = decide("practitioner-discussion", "unresolved", ymd(2025, 4, 21), ymd(2025, 4, 17));
    EXPECT_EQ(iso(s1.due), "2025-04-22");
    EXPECT_EQ(s1.due_rule, DueRule::stage_timescale);
    EXPECT_EQ(s1.force, Force::expected);
    const ObligationDue& contact = obligation(s1.actions, "contact-other-line-manager");
    EXPECT_EQ(iso(contact.due), "2025-04-21");
    EXPECT_EQ(contact.force, Force::must);

    // Stage 2 entered on Good Friday, 18 April 2025 (started Wed 16 April): notify the STSCP /
    // STSAB "at this point", that day (should); Stage 2 due at the maximum, Thu 17 (1),
    // [Fri 18, Mon 21] Tue 22 (2), Wed 23 (3), Thu 24 (4), Fri 25 April (5), force expected.
    const Decision s2 = decide("stage-1", "unresolved", ymd(2025, 4, 18), ymd(2025, 4, 16), "child");
    EXPECT_EQ(iso(s2.due), "2025-04-25");
    EXPECT_EQ(s2.force, Force::expected);
    const ObligationDue& notify = obligation(s2.actions, "notify-partnership");
    EXPECT_EQ(iso(notify.due), "2025-04-18");
    EXPECT_EQ(notify.force, Force::should);
}

TEST(SouthTynesidePathway, ActionsNameTheSTSCPForAChildAndTheSTSABForAnAdult) {
    const Date start = ymd(2024, 4, 8);
    const Decision child = decide("stage-1", "unresolved", ymd(2024, 4, 10), start, "child");
    const Decision adult = decide("stage-1", "unresolved", ymd(2024, 4, 10), start, "adult");
    const Decision unstated = decide("stage-1", "unresolved", ymd(2024, 4, 10), start);
    EXPECT_EQ(*obligation(child.actions, "notify-partnership").name,
              "Notify the South Tyneside Safeguarding Children Partnership (STSCP) of the nature of the professional "
              "challenge (Escalation Notification Form, Appendix A)");
    EXPECT_EQ(*obligation(adult.actions, "notify-partnership").name,
              "Notify the South Tyneside Safeguarding Adults Board (STSAB) of the nature of the professional challenge "
              "(Escalation Notification Form, Appendix A)");
    EXPECT_EQ(*obligation(unstated.actions, "notify-partnership").name,
              "Notify the STSCP / STSAB of the nature of the professional challenge (Escalation Notification Form, "
              "Appendix A)");

    const Decision child4 = decide("stage-3", "unresolved", ymd(2024, 4, 12), start, "child");
    const Decision adult4 = decide("stage-3", "unresolved", ymd(2024, 4, 12), start, "adult");
    EXPECT_EQ(*obligation(child4.actions, "discuss-with-chair").name,
              "The STSCP Business Manager discusses with the Chair of the Safeguarding Children Partnership how the "
              "issue should be addressed");
    EXPECT_EQ(*obligation(adult4.actions, "discuss-with-chair").name,
              "The STSAB Business Manager discusses with the Independent Chair of the Safeguarding Adults Board how "
              "the issue should be addressed");
    EXPECT_EQ(*obligation(child4.actions, "acknowledge-and-plan").name,
              "The STSCP acknowledges receipt of the issue and informs the referrer of the plan of action");
    EXPECT_EQ(*obligation(adult4.actions, "acknowledge-and-plan").name,
              "The STSAB acknowledges receipt of the issue and informs the referrer of the plan of action");
    EXPECT_EQ(*obligation(child4.actions, "record-on-spreadsheet").name,
              "Record the issue and subsequent actions on the STSCP Escalation and Challenge spreadsheet");
    EXPECT_EQ(*obligation(adult4.actions, "record-on-spreadsheet").name,
              "Record the issue and subsequent actions on the STSAB Escalation and Challenge spreadsheet");
}

TEST(SouthTynesidePathway, AcrossChristmasAndNewYear2024) {
    // Started Mon 2024-12-23. Wed 25 and Thu 26 December 2024 and Wed 1 January 2025 are bank
    // holidays. Working days: Tue 24 (1), Fri 27 (2), Mon 30 (3), Tue 31 (4), Thu 2 Jan (5).
    const Date start = ymd(2024, 12, 23);
    EXPECT_EQ(iso(decide({}, {}, start, no_date).due), "2024-12-24");
    // Stage 1 entered Tue 24 December: one working day later is Fri 27.
    const Decision s1 = decide("practitioner-discussion", "unresolved", ymd(2024, 12, 24), start);
    EXPECT_EQ(iso(s1.due), "2024-12-27");
    // Stage 2 entered Fri 27 December: due at the maximum, Thu 2 January 2025.
    const Decision s2 = decide("stage-1", "unresolved", ymd(2024, 12, 27), start);
    EXPECT_EQ(iso(s2.due), "2025-01-02");
    EXPECT_EQ(iso(obligation(s2.actions, "notify-partnership").due), "2024-12-27");
}

TEST(SouthTynesidePathway, AcrossEaster2025) {
    // Started Wed 2025-04-16. Good Friday 18 April and Easter Monday 21 April 2025 are bank
    // holidays. Working days: Thu 17 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4), Fri 25 (5).
    const Date start = ymd(2025, 4, 16);
    EXPECT_EQ(iso(decide({}, {}, start, no_date).due), "2025-04-17");
    EXPECT_EQ(iso(decide("practitioner-discussion", "unresolved", ymd(2025, 4, 17), start).due), "2025-04-22");
    EXPECT_EQ(iso(decide("stage-2", "unresolved", ymd(2025, 4, 23), start).due), "2025-04-25");
}

TEST(SouthTynesidePathway, CompiledCumulativeTotalsFitTheMaximum) {
    // 1 working day, then 1 more (2), then Stages 2 to 4 at the 5-day maximum.
    const Pathway& p = engine().pathway("south-tyneside");
    auto cumulative = [&](const char* id) { return p.stages()[p.find_stage(id)].cumulative_working_days; };
    EXPECT_EQ(cumulative("practitioner-discussion"), 1);
    EXPECT_EQ(cumulative("stage-1"), 2);
    EXPECT_EQ(cumulative("stage-2"), 5);
    EXPECT_EQ(cumulative("stage-4"), 5);
}

TEST(SouthTynesidePathway, EventsWithNoTransitionAreErrors) {
    const Date start = ymd(2024, 4, 8), at = ymd(2024, 4, 10);
    // The protocol states no immediate-risk route, so none is encoded.
    EXPECT_THROW(decide({}, "immediate-risk", start, no_date), NoTransitionError);
    EXPECT_THROW(decide("stage-2", "immediate-risk", at, start), NoTransitionError);
    // Stage 4 is the last stage: nothing follows an unresolved Stage 4.
    EXPECT_THROW(decide("stage-4", "unresolved", at, start), NoTransitionError);
    // The manager's referral is a way in, not a route between stages.
    EXPECT_THROW(decide("practitioner-discussion", "manager-referral", at, start), NoTransitionError);
}

TEST(SouthTynesidePathway, UnknownSubjectIsRejected) {
    EXPECT_THROW(decide({}, {}, ymd(2024, 4, 8), no_date, "family"), InvalidArgumentError);
}

}  // namespace
