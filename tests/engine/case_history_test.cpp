// Case histories (docs/case-histories.md): cases of the bundled pathways worked by hand across
// Christmas and Easter 2024-2026 on the england-and-wales calendar, the clocks a single
// question cannot date (previous-step from a recorded completion, on:ID), and every error.
//
// Bank holidays used (England and Wales): Christmas Day Wed 25 and Boxing Day Thu 26 December
// 2024; New Year's Day Wed 1 January 2025; Good Friday 18 and Easter Monday 21 April 2025;
// Christmas Thu 25 and Boxing Day Fri 26 December 2025; New Year's Day Thu 1 January 2026;
// Good Friday 3 and Easter Monday 6 April 2026.
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bundled_pathway.hpp"
#include "escalate/history.hpp"
#include "escalate/loader.hpp"

using namespace escalate;
using escalate::testing::engine;
using escalate::testing::iso;
using escalate::testing::ymd;

namespace {

CaseState evaluate(std::string_view pathway, const std::vector<CaseEntry>& entries, Date as_of,
                   std::string_view subject = "child", const Engine& on = engine()) {
    return evaluate_case(on, CaseQuery{.pathway = pathway, .subject = subject, .entries = entries, .as_of = as_of});
}

/// The obligations as "kind id due done state" lines, so a whole list compares at once.
std::vector<std::string> lines(const CaseState& state) {
    std::vector<std::string> out;
    for (const CaseObligation& o : state.obligations) {
        std::string line = std::string(to_string(o.kind)) + " " + *o.id + " due " +
                           (o.due == no_date ? std::string("none") : iso(o.due)) +
                           (o.provisional ? " (provisional)" : "") + " done " +
                           (o.done == no_date ? std::string("-") : iso(o.done)) + " " + std::string(to_string(o.state));
        if (o.waits_for) line += " waits for " + *o.waits_for;
        out.push_back(line);
    }
    return out;
}

const CaseObligation& find(const CaseState& state, std::string_view id, std::size_t nth = 0) {
    for (const CaseObligation& o : state.obligations) {
        if (*o.id == id && nth-- == 0) return o;
    }
    throw std::runtime_error("no obligation " + std::string(id));
}

// Wolverhampton across Christmas 2024. Stage 1 entered Friday 20 December: its own 5 working
// days are Mon 23, Tue 24, Fri 27, Mon 30, Tue 31 December (count 5: the 25th, 26th and the
// weekend are skipped); the raise's 2 are Mon 23, Tue 24. The 10-working-day limit runs Mon 23
// (1), Tue 24 (2), Fri 27 (3), Mon 30 (4), Tue 31 (5), Thu 2 Jan (6), Fri 3 (7), Mon 6 (8),
// Tue 7 (9), Wed 8 January 2025 (10), later than every stage date below, so never decides.
const std::vector<CaseEntry> wolverhampton_christmas = {
    {ymd(2024, 12, 20), "start"},
    {ymd(2024, 12, 27), "done:raise-verbally-and-in-writing"},  // 3 days late
    {ymd(2024, 12, 31), "immediate-risk"},                       // a side track: stays at Stage 1
    {ymd(2025, 1, 2), "done:escalate-under-safeguarding-procedures"},
    {ymd(2025, 1, 2), "unresolved"},
};

TEST(CaseHistory, WolverhamptonAcrossChristmas2024) {
    const CaseState s = evaluate("wolverhampton", wolverhampton_christmas, ymd(2025, 1, 7));
    EXPECT_EQ(*s.id, "stage-2");
    EXPECT_EQ(*s.tier, "line-managers");
    EXPECT_EQ(iso(s.started), "2024-12-20");
    EXPECT_EQ(iso(s.entered), "2025-01-02");
    // Stage 2's 2 working days from Thursday 2 January: Fri 3 (1), Mon 6 (2).
    EXPECT_EQ(iso(s.due), "2025-01-06");
    EXPECT_EQ(s.force, Force::should);
    EXPECT_TRUE(s.overdue);            // as of Tuesday 7 January
    EXPECT_FALSE(s.overdue_on_entry);  // entered on the 2nd, due the 6th
    EXPECT_EQ(s.entries_applied, 5u);

    ASSERT_EQ(s.passed.size(), 1u);
    EXPECT_EQ(*s.passed[0].id, "stage-1");
    EXPECT_EQ(iso(s.passed[0].entered), "2024-12-20");
    EXPECT_EQ(iso(s.passed[0].left), "2025-01-02");
    EXPECT_EQ(iso(s.passed[0].due), "2024-12-31");
    EXPECT_TRUE(s.passed[0].left_late);
    EXPECT_EQ(*s.passed[0].left_on, "unresolved");

    // The receiving agency's 3 working days count from the raise recorded on Friday 27
    // December: Mon 30 (1), Tue 31 (2), Thu 2 January (3). The escalation is due the day the
    // risk was found (immediately), Tuesday 31 December, and was recorded on 2 January.
    EXPECT_EQ(lines(s), (std::vector<std::string>{
                            "stage stage-1 due 2024-12-31 done 2025-01-02 done-late",
                            "step raise-verbally-and-in-writing due 2024-12-24 done 2024-12-27 done-late",
                            "step receiving-agency-responds due 2025-01-02 done - left-undone",
                            "action record-discussions due none done - left-undone",
                            "action escalate-under-safeguarding-procedures due 2024-12-31 done 2025-01-02 done-late",
                            "stage stage-2 due 2025-01-06 done - overdue",
                            "action record-discussions due none done - open",
                        }));
    const CaseObligation& escalation = find(s, "escalate-under-safeguarding-procedures");
    EXPECT_TRUE(escalation.side_track);
    EXPECT_EQ(escalation.source, ObligationSource::transition);
    EXPECT_EQ(*escalation.stage, "stage-1");
    EXPECT_EQ(escalation.force, Force::must);
    EXPECT_EQ(find(s, "raise-verbally-and-in-writing").force, Force::should);
}

TEST(CaseHistory, AsOfADateAppliesOnlyTheEntriesUpToIt) {
    // The same history as it stood on Christmas Eve: only the start is applied. The raise is
    // due today; the response counts provisionally from the raise's due date, Tuesday 24
    // December: Fri 27 (1), Mon 30 (2), Tue 31 (3).
    const CaseState s = evaluate("wolverhampton", wolverhampton_christmas, ymd(2024, 12, 24));
    EXPECT_EQ(s.entries_applied, 1u);
    EXPECT_EQ(*s.id, "stage-1");
    EXPECT_EQ(iso(s.due), "2024-12-31");
    EXPECT_FALSE(s.overdue);
    EXPECT_TRUE(s.passed.empty());
    EXPECT_EQ(lines(s), (std::vector<std::string>{
                            "stage stage-1 due 2024-12-31 done - open",
                            "step raise-verbally-and-in-writing due 2024-12-24 done - due-today",
                            "step receiving-agency-responds due 2024-12-31 (provisional) done - open",
                            "action record-discussions due none done - open",
                        }));
}

TEST(CaseHistory, WolverhamptonAcrossEaster2025TheLimitDecidesStage3AndItsSteps) {
    // Started Thursday 10 April 2025. The 10-working-day limit: Fri 11 (1), Mon 14 (2),
    // Tue 15 (3), Wed 16 (4), Thu 17 (5), [Good Friday 18, Easter Monday 21], Tue 22 (6),
    // Wed 23 (7), Thu 24 (8), Fri 25 (9), Mon 28 April (10).
    const std::vector<CaseEntry> entries = {
        {ymd(2025, 4, 10), "start"},
        {ymd(2025, 4, 14), "done:raise-verbally-and-in-writing"},  // due Mon 14 (Fri 11, Mon 14)
        {ymd(2025, 4, 17), "done:receiving-agency-responds"},      // Tue 15, Wed 16, Thu 17
        {ymd(2025, 4, 17), "unresolved"},
        {ymd(2025, 4, 24), "unresolved"},
        {ymd(2025, 4, 28), "done:refer-in-writing"},
    };
    const CaseState s = evaluate("wolverhampton", entries, ymd(2025, 4, 29), "adult");
    EXPECT_EQ(*s.id, "stage-3");
    // Stage 3's own 3 working days from Thu 24 April: Fri 25, Mon 28, Tue 29; the limit's
    // Monday 28 is earlier, so it decides, with the limit's force ("should attempt").
    EXPECT_EQ(iso(s.due), "2025-04-28");
    EXPECT_EQ(s.working.rule, DueRule::overall_limit);
    EXPECT_EQ(s.force, Force::should);
    EXPECT_TRUE(s.overdue);
    ASSERT_EQ(s.passed.size(), 2u);
    // Stage 1: 5 working days from Thu 10 April: Fri 11, Mon 14, Tue 15, Wed 16, Thu 17; left
    // that day, on time. Stage 2: 2 working days from Thu 17: Tue 22, Wed 23; left Thu 24, late.
    EXPECT_EQ(iso(s.passed[0].due), "2025-04-17");
    EXPECT_FALSE(s.passed[0].left_late);
    EXPECT_EQ(iso(s.passed[1].due), "2025-04-23");
    EXPECT_TRUE(s.passed[1].left_late);
    // The referral: 24 hours from Thu 24 April is Fri 25 (before the limit), done Mon 28: late.
    // The dialogue's 2 working days count from the referral recorded on Mon 28: Tue 29, Wed 30,
    // after Stage 3's own date: a step cannot outlast its stage, so Monday 28 (the limit).
    EXPECT_EQ(lines(s), (std::vector<std::string>{
                            "stage stage-1 due 2025-04-17 done 2025-04-17 done-on-time",
                            "step raise-verbally-and-in-writing due 2025-04-14 done 2025-04-14 done-on-time",
                            "step receiving-agency-responds due 2025-04-17 done 2025-04-17 done-on-time",
                            "action record-discussions due none done - left-undone",
                            "stage stage-2 due 2025-04-23 done 2025-04-24 done-late",
                            "action record-discussions due none done - left-undone",
                            "stage stage-3 due 2025-04-28 done - overdue",
                            "step refer-in-writing due 2025-04-25 done 2025-04-28 done-late",
                            "step senior-managers-dialogue due 2025-04-28 done - overdue",
                            "action record-discussions due none done - open",
                            "action confirm-in-writing due none done - open",
                        }));
    const CaseObligation& dialogue = find(s, "senior-managers-dialogue");
    EXPECT_EQ(dialogue.working.rule, DueRule::overall_limit);
    EXPECT_EQ(iso(*dialogue.working.own), "2025-04-30");
    EXPECT_EQ(iso(*dialogue.working.anchor), "2025-04-28");
    EXPECT_FALSE(dialogue.provisional);
    EXPECT_EQ(find(s, "refer-in-writing").force, Force::must);
}

TEST(CaseHistory, WolverhamptonEaster2026ARecordedRaiseMovesTheResponse) {
    // Started Monday 30 March 2026: the raise's 2 working days are Tue 31 March and Wed 1 April.
    // Before it is recorded, the response counts provisionally from Wed 1: Thu 2, [Good Friday
    // 3, Easter Monday 6], Tue 7, Wed 8 April. Stage 1's own 5: 31, 1, 2, 7, 8 April.
    std::vector<CaseEntry> entries = {{ymd(2026, 3, 30), "start"}};
    CaseState s = evaluate("wolverhampton", entries, ymd(2026, 4, 1));
    EXPECT_EQ(iso(s.due), "2026-04-08");
    EXPECT_EQ(lines(s), (std::vector<std::string>{
                            "stage stage-1 due 2026-04-08 done - open",
                            "step raise-verbally-and-in-writing due 2026-04-01 done - due-today",
                            "step receiving-agency-responds due 2026-04-08 (provisional) done - open",
                            "action record-discussions due none done - open",
                        }));
    // Recorded a day late, on Thu 2 April: the response's 3 days are Tue 7, Wed 8, Thu 9.
    entries.push_back({ymd(2026, 4, 2), "done:raise-verbally-and-in-writing"});
    s = evaluate("wolverhampton", entries, ymd(2026, 4, 2));
    EXPECT_EQ(lines(s)[1], "step raise-verbally-and-in-writing due 2026-04-01 done 2026-04-02 done-late");
    EXPECT_EQ(lines(s)[2], "step receiving-agency-responds due 2026-04-09 done - open");
    EXPECT_EQ(iso(*find(s, "receiving-agency-responds").working.anchor), "2026-04-02");
}

TEST(CaseHistory, NorthSomersetAcrossChristmas2025StagesCountFromTheOutset) {
    // Started Tuesday 23 December 2025. Stages 1 to 3 count 1, 2 and 3 working days from the
    // outset: Wed 24 December; Mon 29 December (24, 29); Tue 30 December (24, 29, 30). The
    // 5-working-day limit: Wed 24 (1), Mon 29 (2), Tue 30 (3), Wed 31 (4), Fri 2 January (5),
    // never earlier, so never deciding.
    const std::vector<CaseEntry> entries = {
        {ymd(2025, 12, 23), "start"},
        {ymd(2025, 12, 29), "done:worker-discussion"},
        {ymd(2025, 12, 30), "unresolved"},
        {ymd(2026, 1, 2), "unresolved"},
    };
    const CaseState s = evaluate("north-somerset", entries, ymd(2026, 1, 5), "adult");
    EXPECT_EQ(*s.id, "stage-3");
    EXPECT_EQ(iso(s.entered), "2026-01-02");
    EXPECT_EQ(iso(s.due), "2025-12-30");
    EXPECT_TRUE(s.overdue);
    EXPECT_TRUE(s.overdue_on_entry);  // entered 2 January, due 30 December
    ASSERT_EQ(s.passed.size(), 2u);
    EXPECT_EQ(iso(s.passed[0].left), "2025-12-30");
    EXPECT_TRUE(s.passed[0].left_late);   // due 24 December
    EXPECT_EQ(iso(s.passed[1].entered), "2025-12-30");
    EXPECT_EQ(iso(s.passed[1].due), "2025-12-29");
    EXPECT_TRUE(s.passed[1].left_late);
    // The line managers' 24 hours count from the discussion recorded on Monday 29 December:
    // Tuesday 30.
    EXPECT_EQ(lines(s), (std::vector<std::string>{
                            "stage stage-1 due 2025-12-24 done 2025-12-30 done-late",
                            "step worker-discussion due 2025-12-24 done 2025-12-29 done-late",
                            "step line-manager-contact due 2025-12-30 done - left-undone",
                            "action record-discussions due none done - left-undone",
                            "stage stage-2 due 2025-12-29 done 2026-01-02 done-late",
                            "action record-and-communicate due none done - left-undone",
                            "stage stage-3 due 2025-12-30 done - overdue",
                            "action record-in-case-file due none done - open",
                            "action monitoring-form due none done - open",
                        }));
}

TEST(CaseHistory, NorthSomersetAtEaster2026ResolvedWithItsFeedBackStillOwed) {
    // Started Thursday 2 April 2026: Stage 1's 1 working day from the outset skips Good Friday
    // and Easter Monday: Tuesday 7 April. Resolved that day, on time; the agreed action is to be
    // fed back immediately (due Tuesday 7), and is still not recorded on Wednesday 8.
    const std::vector<CaseEntry> entries = {{ymd(2026, 4, 2), "start"}, {ymd(2026, 4, 7), "resolved"}};
    const CaseState s = evaluate("north-somerset", entries, ymd(2026, 4, 8), "child");
    EXPECT_TRUE(s.current.terminal);
    EXPECT_EQ(*s.id, "resolved");
    EXPECT_EQ(s.tier, nullptr);
    EXPECT_EQ(s.due, no_date);
    EXPECT_FALSE(s.overdue);
    ASSERT_EQ(s.passed.size(), 1u);
    EXPECT_EQ(iso(s.passed[0].due), "2026-04-07");
    EXPECT_FALSE(s.passed[0].left_late);
    const CaseObligation& feed_back = find(s, "feed-back-agreed-action");
    EXPECT_EQ(iso(feed_back.due), "2026-04-07");
    EXPECT_EQ(feed_back.state, ObligationState::overdue);
    EXPECT_EQ(feed_back.force, Force::should);
    EXPECT_EQ(feed_back.source, ObligationSource::transition);
    EXPECT_FALSE(feed_back.side_track);
    EXPECT_EQ(*feed_back.stage, "stage-1");
    // The stage's own steps close with it; the feed-back (the event's) stays owed.
    EXPECT_EQ(find(s, "worker-discussion").state, ObligationState::left_undone);
    // The line managers' contact counted provisionally from the discussion's due date, Tue 7:
    // 24 hours later, Wednesday 8.
    EXPECT_EQ(iso(find(s, "line-manager-contact").due), "2026-04-08");
    EXPECT_TRUE(find(s, "line-manager-contact").provisional);
}

TEST(CaseHistory, NorthSomersetStartedAtAHigherStageOnAStartEvent) {
    // A start event (Aims 5: "discretion ... as to which stage is initiated") enters Stage 3
    // directly on Friday 20 December 2024: 3 working days from the outset, Mon 23, Tue 24,
    // Fri 27 December.
    const std::vector<CaseEntry> entries = {{ymd(2024, 12, 20), "initiate-stage-3"}};
    const CaseState s = evaluate("north-somerset", entries, ymd(2024, 12, 27), "child");
    EXPECT_EQ(*s.id, "stage-3");
    EXPECT_EQ(iso(s.due), "2024-12-27");
    EXPECT_FALSE(s.overdue);
    EXPECT_EQ(s.obligations[0].state, ObligationState::due_today);
}

// The clocks fixture (tests/data/clocks): a calendar of Saturday and Sunday weekends and one
// holiday, Friday 15 March 2024; stage-1 capped by a 5-working-day limit ("usually"); an action
// "confirm" 2 working days on:raise; the outcome's monitoring form 5 working days on:resolved.
std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

const Engine& clocks() {
    static const std::shared_ptr<const Engine> loaded = [] {
        RulesetFiles files;
        read_ruleset_text(read_file(ESCALATE_TEST_DATA_DIR "/clocks/test-calendar.xml"), "cal.xml", files);
        read_ruleset_text(read_file(ESCALATE_TEST_DATA_DIR "/clocks/clocks.xml"), "clocks.xml", files);
        return Engine::compile(files.calendars, files.pathways);
    }();
    return *loaded;
}

TEST(CaseHistory, OnIdObligationsWaitUntilTheHistoryDatesThem) {
    std::vector<CaseEntry> entries = {{ymd(2024, 3, 11), "start"}};  // Monday 11 March 2024
    CaseState s = evaluate("c", entries, ymd(2024, 3, 12), "adult", clocks());
    // The limit, 5 working days from Monday 11: 12, 13, 14, [15 holiday], 18, 19 -> Tue 19. It
    // caps the stage's 20 days and the raise's 10 (12, 13, 14, 18, ..., 26 March).
    EXPECT_EQ(iso(s.due), "2024-03-19");
    EXPECT_EQ(s.force, Force::usually);
    const CaseObligation& waiting = find(s, "confirm");
    EXPECT_EQ(waiting.due, no_date);
    ASSERT_NE(waiting.waits_for, nullptr);
    EXPECT_EQ(*waiting.waits_for, "raise");
    EXPECT_EQ(waiting.state, ObligationState::open);
    EXPECT_EQ(*find(s, "raise").name, "Raise it with the adult team");

    entries.push_back({ymd(2024, 3, 13), "done:raise"});     // Wednesday 13
    entries.push_back({ymd(2024, 3, 18), "done:confirm"});   // Monday 18
    entries.push_back({ymd(2024, 3, 19), "resolved"});       // Tuesday 19
    s = evaluate("c", entries, ymd(2024, 3, 20), "child", clocks());
    EXPECT_EQ(*s.id, "done");
    EXPECT_EQ(*s.name, "Resolved for the child");
    // confirm: 2 working days from the raise on Wed 13: Thu 14, [Fri 15 holiday], Mon 18.
    // respond: 24 hours from the raise recorded on Wed 13 is Thu 14, a working day (the roll
    // leaves it); before the stage's date, so its own (force must). monitoring-form: 5 working
    // days from the resolution on Tue 19: 20, 21, 22, 25, 26 March.
    EXPECT_EQ(lines(s), (std::vector<std::string>{
                            "stage stage-1 due 2024-03-19 done 2024-03-19 done-on-time",
                            "step raise due 2024-03-19 done 2024-03-13 done-on-time",
                            "step respond due 2024-03-14 done - left-undone",
                            "action record due 2024-03-12 done - left-undone",
                            "action file due 2024-03-12 done - left-undone",
                            "action confirm due 2024-03-18 done 2024-03-18 done-on-time",
                            "action monitoring-form due 2024-03-26 done - open",
                        }));
    EXPECT_EQ(find(s, "raise").force, Force::usually);  // decided by the limit
    EXPECT_EQ(find(s, "respond").force, Force::must);
}

// Errors: each names the entry by index and date, and its kind maps to one C status.
template <class Kind>
std::string entry_error(std::string_view pathway, const std::vector<CaseEntry>& entries, Date as_of,
                        std::size_t expected_entry, const Engine& on = engine()) {
    try {
        evaluate(pathway, entries, as_of, "child", on);
    } catch (const CaseEntryError<Kind>& e) {
        EXPECT_EQ(e.entry(), expected_entry);
        EXPECT_EQ(e.date(), entries[expected_entry].date);
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "wrong kind of error: " << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return "";
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(CaseHistoryErrors, NoTransitionAtThatPoint) {
    // Stage 2 of Wolverhampton has no "exceptional" route (only Stage 3 has).
    const std::string message = entry_error<NoTransitionError>(
        "wolverhampton", {{ymd(2024, 12, 20), "start"}, {ymd(2024, 12, 23), "unresolved"}, {ymd(2024, 12, 24), "exceptional"}},
        ymd(2024, 12, 31), 2);
    EXPECT_TRUE(contains(message, "entry 2 (2024-12-24, \"exceptional\"): ")) << message;
    EXPECT_TRUE(contains(message, "has no transition on \"exceptional\"")) << message;
}

TEST(CaseHistoryErrors, NothingFollowsAnOutcome) {
    const std::string message = entry_error<NoTransitionError>(
        "north-somerset", {{ymd(2026, 4, 2), "start"}, {ymd(2026, 4, 7), "resolved"}, {ymd(2026, 4, 9), "unresolved"}},
        ymd(2026, 4, 10), 2);
    EXPECT_TRUE(contains(message, "entry 2 (2026-04-09, \"unresolved\"): the case reached outcome \"resolved\" on 2026-04-07"))
        << message;
}

TEST(CaseHistoryErrors, OutOfDateOrder) {
    const std::string message = entry_error<InvalidArgumentError>(
        "wolverhampton", {{ymd(2025, 4, 10), "start"}, {ymd(2025, 4, 17), "unresolved"}, {ymd(2025, 4, 16), "resolved"}},
        ymd(2025, 4, 30), 2);
    EXPECT_TRUE(contains(message, "entry 2 (2025-04-16, \"resolved\"): out of date order: it is dated before entry 1 (2025-04-17)"))
        << message;
}

TEST(CaseHistoryErrors, UnknownEventAndUnknownId) {
    std::string message = entry_error<NotFoundError>(
        "wolverhampton", {{ymd(2025, 4, 10), "start"}, {ymd(2025, 4, 11), "escalated"}}, ymd(2025, 4, 30), 1);
    EXPECT_TRUE(contains(message, "entry 1 (2025-04-11, \"escalated\"): pathway \"wolverhampton\" has no event \"escalated\""))
        << message;
    message = entry_error<NotFoundError>(
        "wolverhampton", {{ymd(2025, 4, 10), "start"}, {ymd(2025, 4, 11), "done:raise"}}, ymd(2025, 4, 30), 1);
    EXPECT_TRUE(contains(message, "has no step or action \"raise\"")) << message;
}

TEST(CaseHistoryErrors, DoneOfSomethingNotOpen) {
    // Twice done.
    std::string message = entry_error<NoTransitionError>(
        "wolverhampton",
        {{ymd(2025, 4, 10), "start"},
         {ymd(2025, 4, 11), "done:raise-verbally-and-in-writing"},
         {ymd(2025, 4, 14), "done:raise-verbally-and-in-writing"}},
        ymd(2025, 4, 30), 2);
    EXPECT_TRUE(contains(message, "\"raise-verbally-and-in-writing\" is not open at this point")) << message;
    EXPECT_TRUE(contains(message, "open now: receiving-agency-responds, record-discussions")) << message;
    // A step of a stage not reached.
    message = entry_error<NoTransitionError>(
        "wolverhampton", {{ymd(2025, 4, 10), "start"}, {ymd(2025, 4, 11), "done:refer-in-writing"}}, ymd(2025, 4, 30), 1);
    EXPECT_TRUE(contains(message, "entry 1 (2025-04-11, \"done:refer-in-writing\")")) << message;
    // A step of a stage already left.
    message = entry_error<NoTransitionError>(
        "wolverhampton",
        {{ymd(2025, 4, 10), "start"}, {ymd(2025, 4, 11), "unresolved"}, {ymd(2025, 4, 14), "done:raise-verbally-and-in-writing"}},
        ymd(2025, 4, 30), 2);
    EXPECT_TRUE(contains(message, "not open")) << message;
}

TEST(CaseHistoryErrors, TheFirstEntryMustStartThePathway) {
    std::string message = entry_error<InvalidArgumentError>(
        "wolverhampton", {{ymd(2025, 4, 10), "done:raise-verbally-and-in-writing"}}, ymd(2025, 4, 30), 0);
    EXPECT_TRUE(contains(message, "entry 0 (2025-04-10, ")) << message;
    // "unresolved" is not one of Wolverhampton's start events.
    message = entry_error<NoTransitionError>("wolverhampton", {{ymd(2025, 4, 10), "unresolved"}}, ymd(2025, 4, 30), 0);
    EXPECT_TRUE(contains(message, "the start of pathway \"wolverhampton\" has no transition on \"unresolved\"")) << message;
    // And only the first.
    message = entry_error<NoTransitionError>(
        "wolverhampton", {{ymd(2025, 4, 10), "start"}, {ymd(2025, 4, 11), "start"}}, ymd(2025, 4, 30), 1);
    EXPECT_TRUE(contains(message, "already started")) << message;
}

TEST(CaseHistoryErrors, MissingDatesEventsAndDatesOutsideTheCalendar) {
    entry_error<InvalidArgumentError>("wolverhampton", {{ymd(2025, 4, 10), "start"}, {no_date, "unresolved"}},
                                      ymd(2025, 4, 30), 1);
    entry_error<InvalidArgumentError>("wolverhampton", {{ymd(2025, 4, 10), "start"}, {ymd(2025, 4, 11), ""}},
                                      ymd(2025, 4, 30), 1);
    // The clocks calendar covers 2020 to 2030.
    std::string message = entry_error<OutOfRangeError>(
        "c", {{ymd(2030, 12, 2), "start"}, {ymd(2031, 1, 2), "done:raise"}}, ymd(2031, 1, 3), 1, clocks());
    EXPECT_TRUE(contains(message, "outside calendar \"test\"")) << message;
    // A stage whose due date lies past the calendar's end: the limit's 5 working days from
    // Monday 30 December 2030 run into 2031.
    message = entry_error<OutOfRangeError>("c", {{ymd(2030, 12, 30), "start"}}, ymd(2030, 12, 31), 0, clocks());
    EXPECT_TRUE(contains(message, "falls past 2030-12-31")) << message;
    entry_error<OutOfRangeError>("c", {{ymd(2019, 12, 30), "start"}}, ymd(2020, 1, 3), 0, clocks());
}

TEST(CaseHistoryErrors, WholeCaseErrors) {
    EXPECT_THROW(evaluate("nowhere", {{ymd(2025, 4, 10), "start"}}, ymd(2025, 4, 30)), NotFoundError);
    EXPECT_THROW(evaluate("wolverhampton", {}, ymd(2025, 4, 30)), InvalidArgumentError);
    EXPECT_THROW(evaluate("wolverhampton", {{ymd(2025, 4, 10), "start"}}, no_date), InvalidArgumentError);
    try {
        evaluate("wolverhampton", {{ymd(2025, 4, 10), "start"}}, ymd(2025, 4, 9));
        ADD_FAILURE() << "no error";
    } catch (const InvalidArgumentError& e) {
        EXPECT_TRUE(contains(e.what(), "the as-of date 2025-04-09 is before the outset 2025-04-10")) << e.what();
    }
    // A subject the pathway does not cover: named at the first entry.
    try {
        evaluate("wolverhampton", {{ymd(2025, 4, 10), "start"}}, ymd(2025, 4, 30), "pet");
        ADD_FAILURE() << "no error";
    } catch (const CaseEntryError<InvalidArgumentError>& e) {
        EXPECT_EQ(e.entry(), 0u);
        EXPECT_TRUE(contains(e.what(), "does not cover subject \"pet\"")) << e.what();
    }
}

}  // namespace

// Bulk histories agree with evaluate_case on every case of a random caseload: valid cases of
// every bundled pathway (moves, side tracks, steps and actions done, as-of dates inside and
// after the history) and cases broken in one entry each way the bulk statuses name.
namespace {

struct Generated {
    std::int32_t pathway = 0;
    std::int32_t subject = -1;
    std::vector<Date> dates;
    std::vector<std::string> events;  // as evaluate_case reads them
};

CaseStatus status_of_error(const std::exception& e) {
    if (dynamic_cast<const NoTransitionError*>(&e)) return CaseStatus::no_transition;
    if (dynamic_cast<const NotFoundError*>(&e)) return CaseStatus::unknown_event;
    if (dynamic_cast<const OutOfRangeError*>(&e)) return CaseStatus::out_of_range;
    return CaseStatus::missing_date;  // any InvalidArgumentError: compared as a family below
}

bool invalid_argument_family(CaseStatus s) {
    return s == CaseStatus::bad_subject || s == CaseStatus::no_entries || s == CaseStatus::as_of_before_outset ||
           s == CaseStatus::bad_first_entry || s == CaseStatus::out_of_order || s == CaseStatus::missing_date ||
           s == CaseStatus::needs_subject;
}

TEST(CaseHistoryBulk, AgreesWithTheSingleCaseCallOnARandomCaseload) {
    const Engine& e = engine();
    std::mt19937 rng(20241225);
    auto pick = [&rng](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    std::vector<Generated> cases;
    // From April 2024, when every bundled pathway's current version is in force (the bulk path
    // takes the index it is given as the version; it does not choose one by the outset).
    const Date first_day = ymd(2024, 4, 1);
    for (int n = 0; n < 1500; ++n) {
        Generated g;
        g.pathway = static_cast<std::int32_t>(pick(e.pathways().size()));
        const Pathway& p = *e.pathways()[static_cast<std::size_t>(g.pathway)];
        g.subject = static_cast<std::int32_t>(pick(p.subjects().size() + 1)) - 1;  // -1: not stated
        Date day = first_day + static_cast<Date>(pick(1000));
        g.dates.push_back(day);
        g.events.push_back("start");
        const int moves = static_cast<int>(pick(6));
        for (int m = 0; m < moves; ++m) {
            day += static_cast<Date>(pick(5));
            std::vector<CaseEntry> so_far;
            for (std::size_t k = 0; k < g.dates.size(); ++k) so_far.push_back({g.dates[k], g.events[k]});
            CaseState now;
            try {
                now = evaluate_case(e, CaseQuery{.pathway = p.id(),
                                                 .subject = g.subject < 0 ? std::string_view() : std::string_view(p.subjects()[g.subject]),
                                                 .entries = so_far, .as_of = day});
            } catch (const std::exception&) {
                break;  // e.g. a route that needs the subject: the case ends here
            }
            std::vector<std::string> open;
            for (const CaseObligation& o : now.obligations) {
                if (o.kind != ObligationKind::stage && o.done == no_date && o.state != ObligationState::left_undone)
                    open.push_back(*o.id);
            }
            if (pick(3) == 0 && !open.empty()) {
                g.dates.push_back(day);
                g.events.push_back("done:" + open[pick(open.size())]);
                continue;
            }
            if (now.current.terminal) break;
            std::vector<std::string> events;
            for (const auto& t : p.transitions()) {
                if (t.from == now.current.index) events.push_back(p.events()[t.event]);
            }
            if (events.empty()) break;
            g.dates.push_back(day);
            g.events.push_back(events[pick(events.size())]);
        }
        // Break one case in four, one way each.
        if (pick(4) == 0) {
            const std::size_t at = pick(g.events.size());
            switch (pick(6)) {
                case 0: g.events[at] = "escalated-sideways"; break;             // unknown event
                case 1: g.events[at] = at == 0 ? "done:x" : "start"; break;       // bad first / start again
                case 2: if (at > 0) g.dates[at] = g.dates[at - 1] - 1; break;    // out of order
                case 3: g.dates[at] = ymd(2101, 1, 4); break;                     // outside the calendar
                case 4: g.events[at] = "unresolved"; break;                       // maybe no route there
                case 5: g.events.push_back("resolved"); g.dates.push_back(g.dates.back()); break;
            }
        }
        cases.push_back(std::move(g));
    }

    // The columns: event indices of each case's pathway, or the bulk codes.
    std::vector<std::size_t> offsets{0};
    std::vector<std::int32_t> pathways, subjects, events;
    std::vector<Date> dates;
    for (const Generated& g : cases) {
        const Pathway& p = *e.pathways()[static_cast<std::size_t>(g.pathway)];
        pathways.push_back(g.pathway);
        subjects.push_back(g.subject);
        for (std::size_t k = 0; k < g.events.size(); ++k) {
            const std::string& ev = g.events[k];
            dates.push_back(g.dates[k]);
            if (ev == "start") events.push_back(bulk_start_event);
            else if (ev.starts_with("done:")) events.push_back(bulk_done_event);
            else events.push_back(p.find_event(ev) >= 0 ? p.find_event(ev) : static_cast<std::int32_t>(p.events().size()));
        }
        offsets.push_back(dates.size());
    }
    std::size_t ok = 0, failed = 0, not_checked_in_bulk = 0;
    for (const Date as_of : {ymd(2024, 6, 28), ymd(2025, 12, 24), ymd(2027, 1, 1)}) {
        CaseHistoryColumns columns{.cases = cases.size(), .offsets = offsets.data(), .pathways = pathways.data(),
                                   .subjects = subjects.data(), .dates = dates.data(), .events = events.data(),
                                   .as_of = as_of};
        std::vector<CaseRow> rows(cases.size());
        evaluate_cases(e, columns, rows.data());
        for (std::size_t n = 0; n < cases.size(); ++n) {
            const Generated& g = cases[n];
            const Pathway& p = *e.pathways()[static_cast<std::size_t>(g.pathway)];
            std::vector<CaseEntry> entries;
            for (std::size_t k = 0; k < g.events.size(); ++k) entries.push_back({g.dates[k], g.events[k]});
            const CaseRow& row = rows[n];
            try {
                const CaseState s = evaluate_case(
                    e, CaseQuery{.pathway = p.id(),
                                 .subject = g.subject < 0 ? std::string_view() : std::string_view(p.subjects()[g.subject]),
                                 .entries = entries, .as_of = as_of});
                ASSERT_EQ(row.status, CaseStatus::ok) << "case " << n << ": bulk says " << to_string(row.status);
                EXPECT_EQ(row.current.terminal, s.current.terminal) << n;
                EXPECT_EQ(row.current.index, s.current.index) << n;
                EXPECT_EQ(row.entered, s.entered) << n;
                EXPECT_EQ(row.due, s.due) << n;
                EXPECT_EQ(row.overdue, s.overdue) << n;
                EXPECT_EQ(row.entries_applied, s.entries_applied) << n;
                ++ok;
            } catch (const std::exception& error) {
                const auto* where = dynamic_cast<const CaseEntryLocation*>(&error);
                if (where && where->entry() > 0 && g.events[where->entry()].starts_with("done:") &&
                    (dynamic_cast<const NoTransitionError*>(&error) || dynamic_cast<const NotFoundError*>(&error))) {
                    // The one documented difference: the bulk path does not check that a
                    // done:ID names an open obligation (a broken case can make one stale).
                    ++not_checked_in_bulk;
                    continue;
                }
                ASSERT_NE(row.status, CaseStatus::ok) << "case " << n << ": single-case error " << error.what();
                const CaseStatus expected = status_of_error(error);
                if (expected == CaseStatus::missing_date) {
                    EXPECT_TRUE(invalid_argument_family(row.status)) << n << " " << to_string(row.status) << " " << error.what();
                } else {
                    EXPECT_EQ(row.status, expected) << n << " " << error.what();
                }
                EXPECT_EQ(row.bad_entry, where ? static_cast<std::int64_t>(where->entry()) : -1) << n << " " << error.what();
                ++failed;
            }
        }
    }
    // The caseload exercises both kinds of case; the stale done: entries are few.
    EXPECT_GT(ok, 1500u);
    EXPECT_GT(failed, 600u);
    EXPECT_LT(not_checked_in_bulk, 60u);
}

}  // namespace
