// Golden tests for the bundled North Somerset pathway (rulesets/pathways/north-somerset.xml).
//
// Expected values come from the source policy (NSSB 019, December 2016,
// seeds/003_a2360e85e9479710.txt) and the published England and Wales bank holidays (GOV.UK),
// worked out by hand in the comments; the dates were cross-checked with
// numpy.busday_offset(D, N, roll='backward') over a hand-typed copy of the GOV.UK list.
// Working-day rule (docs/semantics.md, "Counting"): due = the N-th working day strictly after the anchor.
//
// Reading (see the ruleset): the stage headings "Within 1 / 2 / 3 working days" count from
// the outset of the concern, so Stages 1 to 3 fall due on the 1st, 2nd and 3rd working day
// after the pathway started, whenever each stage was entered; Stage 4's "Within 5 working
// days" is the time to reach it (the limit over Stages 1 to 3), and Stage 4 has no timescale.
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

const PathwayQuestions decide{"north-somerset"};

TEST(NorthSomersetPathway, EveryStageAcrossThePlatinumJubilee2022) {
    // Started Wed 2022-06-01. Thu 2 June (spring bank holiday, moved) and Fri 3 June (Platinum
    // Jubilee) 2022 are bank holidays. Working days from the outset: Mon 6 (1), Tue 7 (2),
    // Wed 8 (3), Thu 9 (4), Fri 10 June (5).
    const Date start = ymd(2022, 6, 1);

    const Decision s1 = decide({}, {}, start, no_date);
    EXPECT_EQ(*s1.id, "stage-1");
    EXPECT_EQ(*s1.tier, "workers-and-line-managers");
    EXPECT_EQ(iso(s1.due), "2022-06-06");
    EXPECT_EQ(iso(s1.anchor_date), "2022-06-01");
    // Worker to worker within one working day; line managers' contact within 24 hours of the
    // worker discussion (its due date, Mon 6 June, with no history): Tue 7 June.
    EXPECT_EQ(iso(obligation(s1.steps, "worker-discussion").due), "2022-06-06");
    EXPECT_EQ(iso(obligation(s1.steps, "line-manager-contact").due), "2022-06-07");

    const Decision s2 = decide("stage-1", "unresolved", ymd(2022, 6, 6), start);
    EXPECT_EQ(*s2.id, "stage-2");
    EXPECT_EQ(iso(s2.due), "2022-06-07");
    EXPECT_EQ(iso(s2.anchor_date), "2022-06-01");  // counted from the outset, not the entry
    EXPECT_EQ(s2.due_rule, DueRule::stage_timescale);

    const Decision s3 = decide("stage-2", "unresolved", ymd(2022, 6, 7), start);
    EXPECT_EQ(*s3.id, "stage-3");
    EXPECT_EQ(*s3.tier_name, "Senior manager to senior manager");
    EXPECT_EQ(iso(s3.due), "2022-06-08");
    // Monitoring form at Stage 3 (Additional notes; Appendix 2): no timescale stated.
    EXPECT_EQ(obligation(s3.actions, "monitoring-form").due, no_date);

    // Stage 4 reached Wed 8 June, inside the 5 days to reach it (Fri 10 June): no timescale of
    // its own.
    const Decision s4 = decide("stage-3", "unresolved", ymd(2022, 6, 8), start);
    EXPECT_EQ(*s4.id, "stage-4");
    EXPECT_EQ(s4.due, no_date);
    EXPECT_EQ(s4.due_rule, DueRule::none);
    EXPECT_FALSE(s4.overdue);
    EXPECT_EQ(obligation(s4.actions, "monitoring-form").due, no_date);
}

TEST(NorthSomersetPathway, Stage4IsTheNSSCBOrNSSABRepresentative) {
    const Date start = ymd(2022, 6, 1), at = ymd(2022, 6, 8);
    EXPECT_EQ(*decide("stage-3", "unresolved", at, start, "child").tier_name,
              "Nominated North Somerset Safeguarding Children Board (NSSCB) representative");
    EXPECT_EQ(*decide("stage-3", "unresolved", at, start, "adult").tier_name,
              "Nominated North Somerset Safeguarding Adults Board (NSSAB) representative");
    EXPECT_EQ(*decide("stage-3", "unresolved", at, start).tier_name, "Nominated NSSAB / NSSCB representative");
}

TEST(NorthSomersetPathway, TheSpringBankHolidayWasMovedIn2022) {
    // Started Fri 2022-05-27. In 2022 the spring bank holiday moved from Mon 30 May to Thu 2 June,
    // so Mon 30 May is a working day. From the outset: Mon 30 (1), Tue 31 (2), Wed 1 June (3),
    // [Thu 2, Fri 3 holidays], Mon 6 (4), Tue 7 June (5).
    const Date start = ymd(2022, 5, 27);
    EXPECT_EQ(iso(decide({}, {}, start, no_date).due), "2022-05-30");
    EXPECT_EQ(iso(decide("stage-1", "unresolved", ymd(2022, 5, 30), start).due), "2022-05-31");
    EXPECT_EQ(iso(decide("stage-2", "unresolved", ymd(2022, 5, 31), start).due), "2022-06-01");
    EXPECT_EQ(decide("stage-3", "unresolved", ymd(2022, 6, 1), start).due, no_date);
}

TEST(NorthSomersetPathway, AcrossTheStateFuneralBankHoliday2022) {
    // Started Fri 2022-09-16. Mon 19 September 2022 (State Funeral of Queen Elizabeth II) is a
    // bank holiday. From the outset: Tue 20 (1), Wed 21 (2), Thu 22 (3), Fri 23 (4), Mon 26 (5).
    const Date start = ymd(2022, 9, 16);
    EXPECT_EQ(iso(decide({}, {}, start, no_date).due), "2022-09-20");
    // Stage 3 entered Thu 22 September is due on day 3, Thu 22; the limit (day 5) is Mon 26.
    EXPECT_EQ(iso(decide("stage-2", "unresolved", ymd(2022, 9, 22), start).due), "2022-09-22");
}

TEST(NorthSomersetPathway, AcrossChristmasAndNewYear2022) {
    // Started Fri 2022-12-23. Mon 26 December (Boxing Day), Tue 27 December (substitute for
    // Christmas Day, a Sunday) and Mon 2 January 2023 (substitute for New Year's Day, a Sunday)
    // are bank holidays. From the outset: Wed 28 (1), Thu 29 (2), Fri 30 (3), Tue 3 Jan (4),
    // Wed 4 Jan (5).
    const Date start = ymd(2022, 12, 23);
    EXPECT_EQ(iso(decide({}, {}, start, no_date).due), "2022-12-28");
    EXPECT_EQ(iso(decide("stage-1", "unresolved", ymd(2022, 12, 28), start).due), "2022-12-29");
    EXPECT_EQ(iso(decide("stage-2", "unresolved", ymd(2022, 12, 29), start).due), "2022-12-30");
    EXPECT_EQ(decide("stage-3", "unresolved", ymd(2022, 12, 30), start).due, no_date);
}

TEST(NorthSomersetPathway, ALateStageIsDueByTheMilestoneFromTheOutset) {
    // Started Wed 2022-06-01, Stage 3 due the 3rd working day (Wed 8 June) even when entered
    // on Thu 9 June: the heading counts from the outset.
    const Decision d = decide("stage-2", "unresolved", ymd(2022, 6, 9), ymd(2022, 6, 1));
    EXPECT_EQ(iso(d.due), "2022-06-08");
}

TEST(NorthSomersetPathway, ImmediateRiskLetsTheAgencyChooseTheStartingStage) {
    // Aim 5: discretion as to which stage is initiated. Started Mon 2022-09-12.
    const Date start = ymd(2022, 9, 12);
    // Stage 2 due the 2nd working day from the outset: Tue 13 (1), Wed 14 (2).
    const Decision s2 = decide({}, "initiate-stage-2", start, no_date);
    EXPECT_EQ(*s2.id, "stage-2");
    EXPECT_EQ(iso(s2.due), "2022-09-14");
    // Stage 3: Tue 13, Wed 14, Thu 15.
    const Decision s3 = decide({}, "initiate-stage-3", start, no_date);
    EXPECT_EQ(*s3.id, "stage-3");
    EXPECT_EQ(iso(s3.due), "2022-09-15");
    // Stage 4: "quickly" is not a number and Stage 4 has no timescale: no due date.
    const Decision s4 = decide({}, "initiate-stage-4", start, no_date, "adult");
    EXPECT_EQ(*s4.id, "stage-4");
    EXPECT_EQ(s4.due, no_date);
    EXPECT_EQ(*s4.tier_name, "Nominated North Somerset Safeguarding Adults Board (NSSAB) representative");
}

TEST(NorthSomersetPathway, UnresolvedAtStage4GoesToMediationThenThePanel) {
    const Date start = ymd(2022, 6, 1);
    // Still unresolved Fri 10 June: contact the Service Leader immediately and send a copy of
    // the monitoring form, both due that day; deciding between mediation and a panel has no
    // timescale.
    const Decision referral = decide("stage-4", "unresolved", ymd(2022, 6, 10), start);
    EXPECT_EQ(*referral.id, "mediation-referral");
    EXPECT_EQ(*referral.tier, "service-leader");
    EXPECT_EQ(referral.due, no_date);
    EXPECT_EQ(referral.due_rule, DueRule::none);
    EXPECT_EQ(iso(obligation(referral.actions, "contact-service-leader").due), "2022-06-10");
    EXPECT_EQ(obligation(referral.actions, "contact-service-leader").force, Force::must);  // "must be made"
    EXPECT_EQ(iso(obligation(referral.actions, "send-monitoring-form").due), "2022-06-10");
    EXPECT_EQ(obligation(referral.actions, "send-monitoring-form").force, Force::must);

    // Resolved through mediation.
    EXPECT_EQ(*decide("mediation-referral", "resolved", ymd(2022, 6, 13), start).id, "resolved");

    // Or a panel, named for the subject; its decision is final and binding.
    const Decision panel = decide("mediation-referral", "unresolved", ymd(2022, 6, 13), start, "child");
    EXPECT_EQ(*panel.id, "mediation-panel");
    EXPECT_EQ(*panel.tier_name, "NSSCB Panel (North Somerset Safeguarding Children Board)");
    EXPECT_EQ(panel.due, no_date);
    EXPECT_EQ(*decide("mediation-referral", "unresolved", ymd(2022, 6, 13), start, "adult").tier_name,
              "NSSAB Panel (North Somerset Safeguarding Adults Board)");
    const Decision decision = decide("mediation-panel", "resolved", ymd(2022, 6, 20), start);
    ASSERT_TRUE(decision.target.terminal);
    EXPECT_EQ(*decision.id, "panel-decision");
    EXPECT_EQ(decision.pathway->outcomes()[decision.target.index].kind, OutcomeKind::final_decision);
}

TEST(NorthSomersetPathway, ResolvedAtEachStageEnds) {
    const Date start = ymd(2022, 6, 1), at = ymd(2022, 6, 7);
    for (const char* stage : {"stage-1", "stage-2", "stage-3", "stage-4"}) {
        const Decision d = decide(stage, "resolved", at, start);
        ASSERT_TRUE(d.target.terminal) << stage;
        EXPECT_EQ(*d.id, "resolved") << stage;
    }
}

TEST(NorthSomersetPathway, CompiledCumulativeTotalsAreTheHeadings) {
    // Headings: 1, 2, 3 working days from the outset; the 5-day limit covers Stages 1-3 (the
    // time to reach Stage 4), and Stage 4 has no timescale of its own.
    const Pathway& p = engine().pathway("north-somerset");
    auto cumulative = [&](const char* id) { return p.stages()[p.find_stage(id)].cumulative_working_days; };
    EXPECT_EQ(cumulative("stage-1"), 1);
    EXPECT_EQ(cumulative("stage-2"), 2);
    EXPECT_EQ(cumulative("stage-3"), 3);
    EXPECT_EQ(cumulative("stage-4"), std::nullopt);
    EXPECT_EQ(cumulative("mediation-panel"), std::nullopt);
    ASSERT_EQ(p.limits().size(), 1u);
    EXPECT_EQ(p.limits()[0].working_days, 5);
    EXPECT_EQ(p.limits()[0].force, Force::should);  // "it should take no longer than"
    EXPECT_EQ(p.stages()[p.find_stage("stage-4")].limit, -1);
}

TEST(NorthSomersetPathway, EventsWithNoTransitionAreErrors) {
    const Date start = ymd(2022, 6, 1), at = ymd(2022, 6, 7);
    // Immediate risk names no stage: the agency chooses one (initiate-stage-N).
    EXPECT_THROW(decide({}, "immediate-risk", start, no_date), NoTransitionError);
    EXPECT_THROW(decide("stage-2", "immediate-risk", at, start), NoTransitionError);
    // Choosing a starting stage is only possible at the outset; under way, a case is taken to
    // a higher stage (take-to-stage-N), never a lower or the same one.
    EXPECT_THROW(decide("stage-1", "initiate-stage-3", at, start), NoTransitionError);
    EXPECT_THROW(decide("stage-3", "take-to-stage-2", at, start), NoTransitionError);
    EXPECT_THROW(decide("stage-3", "take-to-stage-3", at, start), NoTransitionError);
    EXPECT_THROW(decide("stage-4", "take-to-stage-4", at, start), NoTransitionError);
    // The panel's decision is final.
    EXPECT_THROW(decide("mediation-panel", "unresolved", at, start), NoTransitionError);
}

// --- The clocks, across Christmas and Easter 2024-2026 ----------------------------------------

TEST(NorthSomersetPathway, LineManagersWithin24HoursOfTheWorkerDiscussionFallOnChristmasDay2026) {
    // Started Wed 2026-12-23. The worker discussion and Stage 1: 1 working day, Thu 24 December
    // ("should"). Line managers' contact "within 24 hours" of the worker discussion (its due
    // date, with no history): Fri 25 December 2026, Christmas Day; an hours deadline does not
    // roll to a working day unless its source says so.
    const Decision d = decide({}, {}, ymd(2026, 12, 23), no_date);
    EXPECT_EQ(iso(d.due), "2026-12-24");
    EXPECT_EQ(d.force, Force::should);
    EXPECT_EQ(iso(obligation(d.steps, "worker-discussion").due), "2026-12-24");
    const ObligationDue& contact = obligation(d.steps, "line-manager-contact");
    EXPECT_EQ(iso(contact.due), "2026-12-25");
    EXPECT_EQ(contact.force, Force::should);  // "should take place within 24 hours"
}

TEST(NorthSomersetPathway, Stage4ReachedAcrossChristmas2025HasNoDueDate) {
    // Started Mon 2025-12-22. Thu 25 and Fri 26 December are bank holidays. Stage 3 entered
    // Tue 23: 3 working days from the outset, Tue 23 (1), Wed 24 (2), Mon 29 (3); the limit,
    // Tue 30 (4), Wed 31 (5), is later.
    const Date start = ymd(2025, 12, 22);
    const Decision s3 = decide("stage-2", "unresolved", ymd(2025, 12, 23), start);
    EXPECT_EQ(iso(s3.due), "2025-12-29");
    EXPECT_EQ(s3.due_rule, DueRule::stage_timescale);
    // Stage 4 reached Mon 29 December: the representative's work has no timescale; no date, not
    // overdue. Reached after the 5 days (Fri 2 January 2026), still no date: the limit that was
    // missed is Stage 3's, not Stage 4's.
    for (const Date at : {ymd(2025, 12, 29), ymd(2026, 1, 2)}) {
        const Decision s4 = decide("stage-3", "unresolved", at, start, "child");
        EXPECT_EQ(*s4.id, "stage-4");
        EXPECT_EQ(s4.due, no_date);
        EXPECT_EQ(s4.due_rule, DueRule::none);
        EXPECT_FALSE(s4.overdue);
    }
    // Started at Stage 4 under immediate harm on Christmas Eve 2024: no due date ("quickly").
    const Decision started_at_4 = decide({}, "initiate-stage-4", ymd(2024, 12, 24), no_date);
    EXPECT_EQ(*started_at_4.id, "stage-4");
    EXPECT_EQ(started_at_4.due, no_date);
}

TEST(NorthSomersetPathway, ACaseUnderWayIsTakenToAHigherStageAcrossEaster2026) {
    // Aim 5: "outstanding disagreements should be taken to a higher stage of the procedure
    // quickly". Started Thu 2026-04-02; at Stage 1, taken to Stage 3 on Good Friday, 3 April.
    // Stage 3 counts from the outset: [Fri 3, Mon 6] Tue 7 (1), Wed 8 (2), Thu 9 April (3); the
    // limit Fri 10 (4), Mon 13 (5) is later.
    const Date start = ymd(2026, 4, 2);
    const Decision s3 = decide("stage-1", "take-to-stage-3", ymd(2026, 4, 3), start);
    EXPECT_EQ(*s3.id, "stage-3");
    EXPECT_EQ(iso(s3.due), "2026-04-09");
    EXPECT_EQ(s3.due_rule, DueRule::stage_timescale);
    // Stage 1 or Stage 2 straight to Stage 4: no timescale there.
    for (const char* from : {"stage-1", "stage-2", "stage-3"}) {
        const Decision s4 = decide(from, "take-to-stage-4", ymd(2026, 4, 7), start);
        EXPECT_EQ(*s4.id, "stage-4") << from;
        EXPECT_EQ(s4.due, no_date) << from;
    }
    // Stage 1 to Stage 2: day 2 from the outset, Wed 8 April.
    EXPECT_EQ(iso(decide("stage-1", "take-to-stage-2", ymd(2026, 4, 6), start).due), "2026-04-08");
}

TEST(NorthSomersetPathway, AgreementAtStage1IsFedBackTheSameDayOnBoxingDay2025) {
    // "Any action agreed should be fed back immediately to the relevant managers involved":
    // an obligation on the event that resolves Stage 1, due the day agreement is reached,
    // Fri 26 December 2025 (a bank holiday), force should.
    const Decision d = decide("stage-1", "resolved", ymd(2025, 12, 26), ymd(2025, 12, 24));
    ASSERT_TRUE(d.target.terminal);
    EXPECT_EQ(*d.id, "resolved");
    const ObligationDue& feedback = obligation(d.actions, "feed-back-agreed-action");
    EXPECT_EQ(iso(feedback.due), "2025-12-26");
    EXPECT_EQ(feedback.force, Force::should);
    EXPECT_EQ(feedback.source, ObligationSource::transition);
    // Resolved at Stage 2: no such obligation (the text gives it at Stage 1 only).
    const Decision later = decide("stage-2", "resolved", ymd(2025, 12, 29), ymd(2025, 12, 24));
    EXPECT_TRUE(later.actions.empty());
}

TEST(NorthSomersetPathway, StagesCountedFromTheOutsetNeedTheStartDate) {
    EXPECT_THROW(decide("stage-1", "unresolved", ymd(2022, 6, 6), no_date), InvalidArgumentError);
}

TEST(NorthSomersetPathway, CountingEachStageFromItsOwnStartContradictsTheFiveDays) {
    // The rejected reading: each heading counted from the stage's own start. Stages 1 to 3 then
    // take 1 + 2 + 3 = 6 working days, more than the 5 allowed to reach Stage 4, and the
    // declared totals (1, 2, 3) no longer hold: the compiler must refuse it.
    std::ifstream in(std::string(ESCALATE_RULESETS_DIR) + "/pathways/north-somerset.xml");
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    for (std::size_t at; (at = text.find("anchor=\"pathway-start\"")) != std::string::npos;) {
        text.replace(at, 22, "anchor=\"stage-entry\"");
    }
    RulesetFiles files = read_rulesets(std::string(ESCALATE_RULESETS_DIR) + "/calendars");
    read_ruleset_text(text, "north-somerset-per-stage.xml", files);
    EXPECT_THROW(Engine::compile(files.calendars, files.pathways), RulesetError);
}

}  // namespace
