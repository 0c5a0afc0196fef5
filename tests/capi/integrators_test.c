/*
 * The calls added in ESCALATE_1.1 for integrators, compiled as C99: several paths and in-memory
 * documents in one engine, the bundled rulesets found without a path, introspection, per-row
 * reasons for bulk failures and the struct initialisers.
 *
 * Expected values are read off the ruleset files by hand (rulesets/pathways/wolverhampton.xml:
 * six tiers, one limit "discussion" of 10 working days over stages 1 to 3, two outcomes
 * (resolved, sacg-chair-decision), the events resolved, unresolved, immediate-risk and the
 * declared "exceptional"; Stage 3 "3 working days, cumulative 10", force should, with the
 * steps refer-in-writing (24 hours, must, no roll, with a recorded reading) and
 * senior-managers-dialogue (2 working days from the previous step, should), two actions
 * without a timescale, and four routes, the last the immediate-risk side track back to
 * Stage 3 with one action, escalate-under-safeguarding-procedures, immediately and must; the
 * start's one route, immediate-risk to Stage 1 with the same action) or from the small
 * in-memory pathway below. Due dates are worked by hand on the England and Wales calendar as
 * in capi_test.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate.h"

static int failures = 0;
static int checks = 0;

#define CHECK(condition)                                                                  \
    do {                                                                                  \
        ++checks;                                                                         \
        if (!(condition)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s (last error: \"%s\")\n", __FILE__,   \
                    __LINE__, #condition, esc_last_error());                              \
            ++failures;                                                                   \
        }                                                                                 \
    } while (0)
#define CHECK_STR(actual, expected) CHECK((actual) != NULL && strcmp((actual), (expected)) == 0)
#define CHECK_HAS(text, part) CHECK((text) != NULL && strstr((text), (part)) != NULL)

enum { MON_2023_03_06 = 19422, MON_2023_03_13 = 19429, TUE_2023_03_07 = 19423 };

/* A pathway of our own, on the bundled calendar, with a route only for adults. */
static const char own_pathway[] =
    "<pathway id=\"own\" title=\"Own\" version=\"1\" effective-from=\"2023-01-01\"\n"
    "         calendar=\"england-and-wales\" subjects=\"child adult\">\n"
    "  <source title=\"Own policy\" authority=\"Own board\" date=\"2023-01-01\" file=\"own.pdf\"/>\n"
    "  <tier id=\"t\" name=\"Workers\" clause=\"c1\">\n"
    "    <name-for subject=\"adult\" name=\"Adult workers\"/>\n"
    "  </tier>\n"
    "  <start stage=\"s\" clause=\"c3\"/>\n"
    "  <stage id=\"s\" name=\"Stage\" tier=\"t\" clause=\"c4\">\n"
    "    <deadline kind=\"calendar-days\" days=\"7\"/>\n"
    "    <transition on=\"resolved\" to=\"done\" clause=\"c5\"/>\n"
    "    <transition on=\"unresolved\" subject=\"adult\" to=\"done\" clause=\"c6\"/>\n"
    "  </stage>\n"
    "  <outcome id=\"done\" kind=\"resolved\" name=\"Resolved\" clause=\"c7\">\n"
    "    <action id=\"monitor\" name=\"Send the monitoring form\" clause=\"c8\">\n"
    "      <deadline kind=\"calendar-days\" days=\"5\" roll=\"next-working-day\" anchor=\"on:resolved\"\n"
    "                force=\"expected\" reading=\"r8\"/>\n"
    "    </action>\n"
    "  </outcome>\n"
    "</pathway>\n";

static void test_several_places(void) {
    const char *paths[2] = {ESCALATE_RULESETS_DIR "/calendars", ESCALATE_RULESETS_DIR "/pathways"};
    const char *twice[2] = {ESCALATE_RULESETS_DIR, ESCALATE_RULESETS_DIR "/calendars"};
    const char *pathways_only[1] = {ESCALATE_RULESETS_DIR "/pathways"};
    esc_ruleset_document own = {"mine/own.xml", own_pathway, sizeof own_pathway - 1};
    esc_ruleset_document broken = {"mine/broken.xml", "<pathway id=\"x\">\n<oops", 22};
    esc_engine *engine = NULL;
    int32_t count = 0;

    /* The bundled pathways need the bundled calendars: loaded together, all five compile. */
    CHECK(esc_engine_load_paths(paths, 2, &engine) == ESC_OK);
    CHECK(esc_engine_pathway_count(engine, &count) == ESC_OK && count == 5);
    esc_engine_free(engine);
    /* Alone they fail, all or nothing, naming the calendar. */
    engine = (esc_engine *)&count;
    CHECK(esc_engine_load_paths(pathways_only, 1, &engine) == ESC_INVALID_RULESET);
    CHECK(engine == NULL);
    CHECK_HAS(esc_last_error(), "unknown calendar \"england-and-wales\"");
    /* The same calendar from two paths: an error naming both files. */
    CHECK(esc_engine_load_paths(twice, 2, &engine) == ESC_INVALID_RULESET);
    CHECK_HAS(esc_last_error(), "calendars/england-and-wales.xml:");
    CHECK_HAS(esc_last_error(), "already defined at " ESCALATE_RULESETS_DIR "/calendars/england-and-wales.xml:");
    CHECK(esc_engine_load_paths(NULL, 1, &engine) == ESC_INVALID_ARGUMENT);
    CHECK(esc_engine_load_paths(paths, 0, &engine) == ESC_INVALID_ARGUMENT);
    CHECK(esc_engine_load_paths(paths, 2, NULL) == ESC_INVALID_ARGUMENT);

    /* A document in memory with the bundled calendars from disk. */
    CHECK(esc_engine_load_documents(paths, 1, &own, 1, &engine) == ESC_OK);
    CHECK(esc_engine_pathway_count(engine, &count) == ESC_OK && count == 1);
    esc_engine_free(engine);
    /* Errors in a document name it and its line. */
    CHECK(esc_engine_load_documents(paths, 1, &broken, 1, &engine) == ESC_PARSE_ERROR);
    CHECK_HAS(esc_last_error(), "mine/broken.xml:2:");
    CHECK(esc_engine_load_documents(NULL, 0, NULL, 0, &engine) == ESC_INVALID_ARGUMENT);
    broken.name = NULL;
    CHECK(esc_engine_load_documents(NULL, 0, &broken, 1, &engine) == ESC_INVALID_ARGUMENT);
}

static void test_default_rulesets(void) {
    esc_engine *engine = NULL;
    int32_t count = 0;
    /* Run from the build tree, the library serves the source tree's rulesets. */
    CHECK_STR(esc_rulesets_dir(), ESCALATE_RULESETS_DIR);
    unsetenv("ESCALATE_RULESETS");
    CHECK(esc_engine_load_default(&engine) == ESC_OK);
    CHECK(esc_engine_pathway_count(engine, &count) == ESC_OK && count == 5);
    esc_engine_free(engine);
    /* ESCALATE_RULESETS, several paths separated by ':'. */
    setenv("ESCALATE_RULESETS", ESCALATE_RULESETS_DIR "/calendars:" ESCALATE_RULESETS_DIR "/pathways", 1);
    CHECK(esc_engine_load_default(&engine) == ESC_OK);
    esc_engine_free(engine);
    setenv("ESCALATE_RULESETS", ESCALATE_RULESETS_DIR "/no-such-dir", 1);
    CHECK(esc_engine_load_default(&engine) == ESC_IO_ERROR && engine == NULL);
    CHECK_HAS(esc_last_error(), "from ESCALATE_RULESETS: ");
    unsetenv("ESCALATE_RULESETS");
    CHECK(esc_engine_load_default(NULL) == ESC_INVALID_ARGUMENT);
}

static void test_introspection(const esc_engine *engine) {
    int32_t p = -1, stage = -1, stage1 = -1, stage4 = -1, i;
    esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
    esc_stage_info si = ESC_STAGE_INFO_INIT;
    esc_deadline_info deadline = ESC_DEADLINE_INFO_INIT;
    esc_obligation_info item = ESC_OBLIGATION_INFO_INIT;
    esc_exit_info route = ESC_EXIT_INFO_INIT;
    esc_tier_info tier = ESC_TIER_INFO_INIT;
    esc_outcome_info outcome = ESC_OUTCOME_INFO_INIT;
    esc_limit_info limit = ESC_LIMIT_INFO_INIT;
    const char *events[8];
    const char *event = NULL;
    size_t n = 0;
    static const char *const expected_events[4] = {"resolved", "unresolved", "exceptional", "immediate-risk"};
    static const char *const expected_targets[4] = {"resolved", "stage-4", "exceptional-referral", "stage-3"};
    static const int expected_actions[4] = {0, 0, 0, 1};

    CHECK(esc_engine_pathway_index(engine, "wolverhampton", &p) == ESC_OK);
    CHECK(esc_pathway_info_get(engine, p, &info) == ESC_OK);
    CHECK(info.tier_count == 6 && info.outcome_count == 2 && info.limit_count == 1);
    CHECK(info.event_count == 4 && info.start_exit_count == 1);
    CHECK(esc_pathway_stage_index(engine, p, "stage-3", &stage) == ESC_OK);
    CHECK(esc_pathway_stage_index(engine, p, "stage-1", &stage1) == ESC_OK);
    CHECK(esc_pathway_stage_index(engine, p, "stage-4", &stage4) == ESC_OK);

    CHECK(esc_stage_info_get(engine, p, stage, &si) == ESC_OK);
    CHECK_STR(si.id, "stage-3");
    CHECK_STR(si.tier_id, "senior-managers");
    CHECK(si.step_count == 2 && si.action_count == 2 && si.exit_count == 4);
    CHECK(si.limit == 0);
    /* Longest route: Stage 1 (5) + Stage 2 (2) + Stage 3 (3) = working day 10. */
    CHECK(si.worst_case_working_days == 10);
    CHECK(esc_stage_deadline_get(engine, p, stage, &deadline) == ESC_OK);
    CHECK(deadline.kind == ESC_DEADLINE_WORKING_DAYS && deadline.days == 3 && deadline.hours == 0);
    CHECK(deadline.anchor == ESC_ANCHOR_STAGE_ENTRY && deadline.cumulative_working_days == 10);
    CHECK(deadline.force == ESC_FORCE_SHOULD && deadline.roll == 0 && deadline.waits_for == NULL);
    CHECK_STR(deadline.reading, "");
    CHECK_HAS(deadline.clause, "Stage 3 row");
    /* Stage 4 records the reading it takes and the other one the text allows. */
    CHECK(esc_stage_deadline_get(engine, p, stage4, &deadline) == ESC_OK);
    CHECK(deadline.force == ESC_FORCE_MUST);
    CHECK_HAS(deadline.reading, "The text also supports the other reading");

    /* "Referred in writing within 24 hours": hours 24, no roll stated, must. */
    CHECK(esc_stage_obligation_get(engine, p, stage, ESC_OBLIGATION_STEP, 0, &item, &deadline) == ESC_OK);
    CHECK_STR(item.id, "refer-in-writing");
    CHECK(deadline.kind == ESC_DEADLINE_HOURS && deadline.hours == 24 && deadline.days == 0);
    CHECK(deadline.roll == 0 && deadline.force == ESC_FORCE_MUST && deadline.anchor == ESC_ANCHOR_STAGE_ENTRY);
    CHECK_HAS(deadline.reading, "24 hours as written");
    CHECK(esc_stage_obligation_get(engine, p, stage, ESC_OBLIGATION_STEP, 1, &item, &deadline) == ESC_OK);
    CHECK_STR(item.id, "senior-managers-dialogue");
    CHECK(deadline.kind == ESC_DEADLINE_WORKING_DAYS && deadline.days == 2 &&
          deadline.anchor == ESC_ANCHOR_PREVIOUS_STEP && deadline.force == ESC_FORCE_SHOULD);
    CHECK(esc_stage_obligation_get(engine, p, stage, ESC_OBLIGATION_ACTION, 0, &item, NULL) == ESC_OK);
    CHECK_STR(item.id, "record-discussions");
    CHECK(esc_stage_obligation_get(engine, p, stage, ESC_OBLIGATION_ACTION, 2, &item, NULL) == ESC_INVALID_ARGUMENT);
    CHECK(esc_stage_obligation_get(engine, p, stage, 7, 0, &item, NULL) == ESC_INVALID_ARGUMENT);

    for (i = 0; i < 4; ++i) {
        CHECK(esc_stage_exit_get(engine, p, stage, i, &route) == ESC_OK);
        CHECK_STR(route.event, expected_events[i]);
        CHECK_STR(route.target, expected_targets[i]);
        CHECK(route.subject == NULL);
        CHECK(route.action_count == expected_actions[i]);
        CHECK(route.side_track == (i == 3));
    }
    CHECK(esc_stage_exit_get(engine, p, stage, 1, &route) == ESC_OK && route.target_outcome == -1);
    CHECK(route.target_stage == stage4);
    CHECK(esc_stage_exit_get(engine, p, stage, 4, &route) == ESC_INVALID_ARGUMENT);
    /* Immediate risk is a side track: the case stays at Stage 3 and the escalation under
       safeguarding procedures is due the day of the event, must. */
    CHECK(esc_stage_exit_get(engine, p, stage, 3, &route) == ESC_OK);
    CHECK(route.target_stage == stage && route.target_outcome == -1);
    CHECK(esc_stage_exit_action_get(engine, p, stage, 3, 0, &item, &deadline) == ESC_OK);
    CHECK_STR(item.id, "escalate-under-safeguarding-procedures");
    CHECK_HAS(item.clause, "escalated immediately in line with established safeguarding procedures");
    CHECK(deadline.kind == ESC_DEADLINE_IMMEDIATELY && deadline.force == ESC_FORCE_MUST);
    CHECK(deadline.anchor == ESC_ANCHOR_STAGE_ENTRY && deadline.waits_for == NULL);
    CHECK(esc_stage_exit_action_get(engine, p, stage, 3, 1, &item, NULL) == ESC_INVALID_ARGUMENT);
    CHECK(esc_stage_exit_action_get(engine, p, stage, 0, 0, &item, NULL) == ESC_INVALID_ARGUMENT);
    CHECK(esc_stage_exit_action_get(engine, p, stage, 4, 0, &item, NULL) == ESC_INVALID_ARGUMENT);
    CHECK(esc_stage_exit_action_get(NULL, p, stage, 3, 0, &item, NULL) == ESC_INVALID_ARGUMENT);
    /* The start: immediate risk begins the disagreement at Stage 1 with the same obligation;
       not a side track (the start is not a stage). */
    CHECK(esc_stage_exit_get(engine, p, -1, 0, &route) == ESC_OK);
    CHECK_STR(route.event, "immediate-risk");
    CHECK_STR(route.target, "stage-1");
    CHECK(route.target_stage == stage1 && route.target_outcome == -1);
    CHECK(route.side_track == 0 && route.action_count == 1);
    CHECK(esc_stage_exit_action_get(engine, p, -1, 0, 0, &item, &deadline) == ESC_OK);
    CHECK_STR(item.id, "escalate-under-safeguarding-procedures");
    CHECK(deadline.kind == ESC_DEADLINE_IMMEDIATELY && deadline.force == ESC_FORCE_MUST);
    /* The outcomes: agreement, and the SACG Chair's final and binding decision; no actions. */
    CHECK(esc_pathway_outcome_get(engine, p, 0, &outcome) == ESC_OK);
    CHECK_STR(outcome.id, "resolved");
    CHECK(outcome.kind == ESC_OUTCOME_RESOLVED && outcome.action_count == 0);
    CHECK(esc_pathway_outcome_get(engine, p, 1, &outcome) == ESC_OK);
    CHECK_STR(outcome.id, "sacg-chair-decision");
    CHECK(outcome.kind == ESC_OUTCOME_FINAL_DECISION && outcome.action_count == 0);
    CHECK(esc_pathway_outcome_get(engine, p, 2, &outcome) == ESC_INVALID_ARGUMENT);
    CHECK(esc_pathway_outcome_action_get(engine, p, 0, 0, &item, NULL) == ESC_INVALID_ARGUMENT);

    /* The screen's buttons: one call. */
    CHECK(esc_stage_events(engine, p, stage, NULL, events, 8, &n) == ESC_OK && n == 4);
    for (i = 0; i < 4; ++i) CHECK_STR(events[i], expected_events[i]);
    CHECK(esc_stage_events(engine, p, stage, NULL, NULL, 0, &n) == ESC_OK && n == 4);
    CHECK(esc_stage_events(engine, p, stage, "dog", events, 8, &n) == ESC_INVALID_ARGUMENT);

    CHECK(esc_pathway_tier_get(engine, p, si.tier, NULL, &tier) == ESC_OK);
    CHECK_STR(tier.name, "Service / Senior Managers / Safeguarding Lead");
    CHECK(esc_pathway_limit_get(engine, p, si.limit, &limit) == ESC_OK);
    CHECK_STR(limit.id, "discussion");
    CHECK(limit.working_days == 10);
    /* "Practitioners should attempt to resolve differences ... within 10 working days". */
    CHECK(limit.force == ESC_FORCE_SHOULD);
    CHECK(limit.reading != NULL);
    CHECK(esc_pathway_event_id(engine, p, 3, &event) == ESC_OK);
    CHECK_STR(event, "exceptional");
    CHECK(esc_pathway_event_id(engine, p, 4, &event) == ESC_INVALID_ARGUMENT);
    CHECK(esc_stage_info_get(engine, p, 99, &si) == ESC_INVALID_ARGUMENT);
    CHECK(esc_stage_info_get(NULL, p, 0, &si) == ESC_INVALID_ARGUMENT);
    si.size = 4;
    CHECK(esc_stage_info_get(engine, p, 0, &si) == ESC_INVALID_ARGUMENT);
}

static void test_subject_routes(void) {
    const char *calendars[1] = {ESCALATE_RULESETS_DIR "/calendars"};
    esc_ruleset_document own = {"own.xml", own_pathway, sizeof own_pathway - 1};
    esc_engine *engine = NULL;
    esc_tier_info tier = ESC_TIER_INFO_INIT;
    esc_exit_info route = ESC_EXIT_INFO_INIT;
    esc_outcome_info outcome = ESC_OUTCOME_INFO_INIT;
    esc_obligation_info item = ESC_OBLIGATION_INFO_INIT;
    esc_deadline_info deadline = ESC_DEADLINE_INFO_INIT;
    const char *events[4];
    size_t n = 0;
    CHECK(esc_engine_load_documents(calendars, 1, &own, 1, &engine) == ESC_OK);
    CHECK(esc_stage_events(engine, 0, 0, NULL, events, 4, &n) == ESC_OK && n == 2);
    CHECK(esc_stage_events(engine, 0, 0, "child", events, 4, &n) == ESC_OK && n == 1);
    CHECK_STR(events[0], "resolved");
    CHECK(esc_stage_events(engine, 0, 0, "adult", events, 4, &n) == ESC_OK && n == 2);
    CHECK(esc_stage_exit_get(engine, 0, 0, 1, &route) == ESC_OK);
    CHECK_STR(route.subject, "adult");
    CHECK(esc_pathway_tier_get(engine, 0, 0, "adult", &tier) == ESC_OK);
    CHECK_STR(tier.name, "Adult workers");
    CHECK(esc_pathway_tier_get(engine, 0, 0, "child", &tier) == ESC_OK);
    CHECK_STR(tier.name, "Workers");
    /* The outcome's action: 5 calendar days from the resolution, rolled to a working day,
       expected. */
    CHECK(esc_pathway_outcome_get(engine, 0, 0, &outcome) == ESC_OK && outcome.action_count == 1);
    CHECK(esc_pathway_outcome_action_get(engine, 0, 0, 0, &item, &deadline) == ESC_OK);
    CHECK_STR(item.id, "monitor");
    CHECK_STR(item.clause, "c8");
    CHECK(deadline.kind == ESC_DEADLINE_CALENDAR_DAYS && deadline.days == 5 && deadline.roll == 1);
    CHECK(deadline.anchor == ESC_ANCHOR_ON_EVENT && deadline.force == ESC_FORCE_EXPECTED);
    CHECK_STR(deadline.waits_for, "resolved");
    CHECK_STR(deadline.reading, "r8");
    CHECK(esc_pathway_outcome_action_get(engine, 0, 0, 1, &item, &deadline) == ESC_INVALID_ARGUMENT);
    CHECK(esc_pathway_outcome_action_get(engine, 0, 1, 0, &item, &deadline) == ESC_INVALID_ARGUMENT);
    deadline.size = 8;
    CHECK(esc_pathway_outcome_action_get(engine, 0, 0, 0, &item, &deadline) == ESC_INVALID_ARGUMENT);
    esc_engine_free(engine);
}

static void test_reasons(const esc_engine *engine) {
    /* Rows: 0 good; 1 pathway 99; 2 stage 99; 3 no entry; 4 no start for Stage 1 (under the
       10-day limit); 5 start after entry; 6 entered in 2150; 7 Stage 4 (2 working days) entered
       Fri 31 Dec 2100, due in 2101 past the calendar's end. */
    int32_t p = -1, s1 = -1, s4 = -1;
    int32_t pathways[8], stages[8];
    esc_date entered[8], started[8], due[8], due_again[8];
    esc_row_reason reasons[8];
    esc_status statuses[8];
    size_t failed = 0, failed_again = 0;
    int i;
    static const esc_row_reason expected[8] = {ESC_ROW_OK, ESC_ROW_UNKNOWN_PATHWAY, ESC_ROW_UNKNOWN_STAGE,
                                               ESC_ROW_MISSING_ENTERED, ESC_ROW_MISSING_STARTED,
                                               ESC_ROW_START_AFTER_ENTRY, ESC_ROW_DATE_OUT_OF_RANGE,
                                               ESC_ROW_DUE_OUT_OF_RANGE};
    static const char *const names[8] = {"ok", "unknown-pathway", "unknown-stage", "missing-entered",
                                         "missing-started", "start-after-entry", "out-of-range",
                                         "due-out-of-range"};
    CHECK(esc_engine_pathway_index(engine, "wolverhampton", &p) == ESC_OK);
    CHECK(esc_pathway_stage_index(engine, p, "stage-1", &s1) == ESC_OK);
    CHECK(esc_pathway_stage_index(engine, p, "stage-4", &s4) == ESC_OK);
    for (i = 0; i < 8; ++i) {
        pathways[i] = p;
        stages[i] = s1;
        entered[i] = MON_2023_03_06;
        started[i] = MON_2023_03_06;
    }
    pathways[1] = 99;
    stages[2] = 99;
    entered[3] = ESC_NO_DATE;
    started[4] = ESC_NO_DATE;
    started[5] = TUE_2023_03_07;
    stages[6] = s4;
    entered[6] = esc_date_from_ymd(2150, 1, 6);
    started[6] = ESC_NO_DATE;
    stages[7] = s4;
    entered[7] = esc_date_from_ymd(2100, 12, 31);
    started[7] = esc_date_from_ymd(2100, 12, 1);
    CHECK(esc_recalculate_reasons(engine, 8, pathways, stages, entered, started, due, reasons, 1, &failed) == ESC_OK);
    CHECK(failed == 7);
    /* Stage 1 from Monday 6 March 2023: 5 working days, Monday 13 March. */
    CHECK(due[0] == MON_2023_03_13);
    for (i = 0; i < 8; ++i) {
        CHECK(reasons[i] == expected[i]);
        CHECK_STR(esc_row_reason_name(reasons[i]), names[i]);
        if (i > 0) CHECK(due[i] == ESC_NO_DATE);
    }
    /* esc_recalculate fails the same rows, with the coarse status each reason maps to. */
    CHECK(esc_recalculate(engine, 8, pathways, stages, entered, started, due_again, statuses, 1, &failed_again) ==
          ESC_OK);
    CHECK(failed_again == failed);
    for (i = 0; i < 8; ++i) {
        CHECK(due_again[i] == due[i]);
        CHECK(statuses[i] == (i == 0 ? ESC_OK : i >= 6 ? ESC_OUT_OF_RANGE : ESC_INVALID_ARGUMENT));
    }
    CHECK_STR(esc_row_reason_name((esc_row_reason)42), "unknown-reason");
    CHECK(esc_recalculate_reasons(engine, 8, pathways, stages, entered, started, due, NULL, -1, &failed) ==
          ESC_INVALID_ARGUMENT);
}

static void test_initialisers(const esc_engine *engine) {
    esc_query query = ESC_QUERY_INIT;
    esc_decision decision = ESC_DECISION_INIT;
    esc_calendar_info calendar = ESC_CALENDAR_INFO_INIT;
    esc_query zeroed;
    CHECK(query.size == sizeof query && query.at == ESC_NO_DATE && query.started == ESC_NO_DATE);
    CHECK(decision.size == sizeof decision && decision.obligation_size == sizeof(esc_obligation));
    CHECK(decision.due == ESC_NO_DATE && decision.limit_due == ESC_NO_DATE && decision.anchor_date == ESC_NO_DATE);
    CHECK(calendar.size == sizeof calendar && calendar.first_date == ESC_NO_DATE);
    {
        esc_deadline_info deadline = ESC_DEADLINE_INFO_INIT;
        esc_exit_info route = ESC_EXIT_INFO_INIT;
        esc_outcome_info outcome = ESC_OUTCOME_INFO_INIT;
        esc_limit_info limit = ESC_LIMIT_INFO_INIT;
        CHECK(deadline.size == sizeof deadline && deadline.cumulative_working_days == -1);
        CHECK(deadline.hours == 0 && deadline.roll == 0 && deadline.force == ESC_FORCE_MUST);
        CHECK(deadline.waits_for == NULL && deadline.reading == NULL);
        CHECK(route.size == sizeof route && route.target_stage == -1 && route.side_track == 0 && route.action_count == 0);
        CHECK(outcome.size == sizeof outcome && outcome.action_count == 0);
        CHECK(limit.size == sizeof limit && limit.force == ESC_FORCE_MUST && limit.reading == NULL);
    }
    query.pathway = "wolverhampton";
    query.at = MON_2023_03_06;
    CHECK(esc_decide(engine, &query, &decision) == ESC_OK);
    CHECK(decision.due == MON_2023_03_13);
    /* A zeroed query's started is 1970-01-01: refused, and the message says why. */
    memset(&zeroed, 0, sizeof zeroed);
    zeroed.size = sizeof zeroed;
    zeroed.pathway = "wolverhampton";
    zeroed.at = MON_2023_03_06;
    CHECK(esc_decide(engine, &zeroed, &decision) == ESC_OUT_OF_RANGE);
    CHECK_HAS(esc_last_error(), "query->started is 0, which is the date 1970-01-01");
}

static void test_older_callers(const esc_engine *engine) {
    /* A caller compiled against the first layout of esc_pathway_info: nothing past it written. */
    struct {
        esc_pathway_info info;
        char guard[64];
    } old;
    size_t first = offsetof(esc_pathway_info, entry_stage) + sizeof(int32_t);
    size_t k;
    memset(&old, 0x5A, sizeof old);
    old.info.size = (uint32_t)first;
    CHECK(esc_pathway_info_get(engine, 0, &old.info) == ESC_OK);
    CHECK(old.info.stage_count > 0);
    for (k = first; k < sizeof old.info; ++k) CHECK(((unsigned char *)&old.info)[k] == 0x5A);
}

int main(void) {
    esc_engine *engine = NULL;
    test_several_places();
    test_default_rulesets();
    if (esc_engine_load(ESCALATE_RULESETS_DIR, &engine) != ESC_OK) {
        fprintf(stderr, "cannot load the bundled rulesets: %s\n", esc_last_error());
        return 1;
    }
    test_introspection(engine);
    test_subject_routes();
    test_reasons(engine);
    test_initialisers(engine);
    test_older_callers(engine);
    esc_engine_free(engine);
    printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
