/* esc_case_evaluate (docs/case-histories.md) from C99: a Wolverhampton case across Easter 2025
 * worked by hand, buffers too small and grown element sizes, every error status with the entry
 * it names, and NULL everywhere.
 *
 * Easter 2025 (England and Wales): Good Friday 18 and Easter Monday 21 April. The case starts on
 * Thursday 10 April; its 10-working-day limit runs Fri 11, Mon 14, Tue 15, Wed 16, Thu 17,
 * Tue 22, Wed 23, Thu 24, Fri 25, Mon 28 April (count 10). */
#include <stdio.h>
#include <string.h>

#include "escalate.h"

static int failures = 0;
static int checks = 0;

#define CHECK(condition)                                                                \
    do {                                                                                \
        ++checks;                                                                       \
        if (!(condition)) {                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            ++failures;                                                                 \
        }                                                                               \
    } while (0)

#define CHECK_STATUS(call, expected)                                                         \
    do {                                                                                     \
        esc_status status_ = (call);                                                         \
        ++checks;                                                                            \
        if (status_ != (expected)) {                                                         \
            fprintf(stderr, "%s:%d: %s gave %s, expected %s; last error: \"%s\"\n", __FILE__, \
                    __LINE__, #call, esc_status_name(status_), esc_status_name(expected),    \
                    esc_last_error());                                                       \
            ++failures;                                                                      \
        }                                                                                    \
    } while (0)

#define CHECK_MESSAGE_HAS(text) CHECK(strstr(esc_last_error(), (text)) != NULL)

static esc_date day(int y, int m, int d) { return esc_date_from_ymd(y, m, d); }

static void test_wolverhampton_easter_2025(const esc_engine *engine) {
    const char *events[] = {"start",
                            "done:raise-verbally-and-in-writing",
                            "done:receiving-agency-responds",
                            "unresolved",
                            "unresolved",
                            "done:refer-in-writing"};
    esc_date dates[6];
    esc_case_query query;
    esc_case result;
    esc_case_stage stages[4];
    esc_case_obligation obligations[16];
    dates[0] = day(2025, 4, 10);
    dates[1] = day(2025, 4, 14);
    dates[2] = day(2025, 4, 17);
    dates[3] = day(2025, 4, 17);
    dates[4] = day(2025, 4, 24);
    dates[5] = day(2025, 4, 28);

    esc_case_query_init(&query);
    query.pathway = "wolverhampton";
    query.subject = "adult";
    query.entry_count = 6;
    query.entry_dates = dates;
    query.entry_events = events;
    query.as_of = day(2025, 4, 29);
    esc_case_init(&result);
    result.stages = stages;
    result.stages_capacity = 4;
    result.obligations = obligations;
    result.obligations_capacity = 16;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_OK);
    CHECK(strcmp(result.stage, "stage-3") == 0);
    CHECK(strcmp(result.tier, "senior-managers") == 0);
    CHECK(result.terminal == 0);
    CHECK(result.started == day(2025, 4, 10));
    CHECK(result.entered == day(2025, 4, 24));
    /* Own 3 working days from Thu 24: Fri 25, Mon 28, Tue 29; the limit's Mon 28 is earlier. */
    CHECK(result.due == day(2025, 4, 28));
    CHECK(result.due_rule == ESC_DUE_RULE_OVERALL_LIMIT);
    CHECK(result.force == ESC_FORCE_SHOULD);
    CHECK(result.overdue == 1);
    CHECK(result.overdue_on_entry == 0);
    CHECK(result.entries_applied == 6);
    CHECK(result.error_entry == -1);

    /* Stage 1: 5 working days from Thu 10 (11, 14, 15, 16, 17), left Thu 17: on time. Stage 2:
     * 2 working days from Thu 17 (Tue 22, Wed 23), left Thu 24: late. */
    CHECK(result.stage_count == 2);
    CHECK(strcmp(stages[0].stage, "stage-1") == 0 && stages[0].due == day(2025, 4, 17) && stages[0].left_late == 0);
    CHECK(stages[0].entered_entry == 0 && stages[0].left_entry == 3);
    CHECK(strcmp(stages[1].stage, "stage-2") == 0 && stages[1].due == day(2025, 4, 23) && stages[1].left_late == 1);
    CHECK(stages[1].left == day(2025, 4, 24) && strcmp(stages[1].left_on, "unresolved") == 0);

    /* 11 obligations: stage-1, its 2 steps and 1 action; stage-2 and its action; stage-3, its
     * 2 steps and 2 actions. */
    CHECK(result.obligation_count == 11);
    CHECK(obligations[0].kind == ESC_CASE_OBLIGATION_STAGE && obligations[0].state == ESC_STATE_DONE_ON_TIME);
    /* The response counts from the raise recorded on Mon 14: Tue 15, Wed 16, Thu 17. */
    CHECK(strcmp(obligations[2].id, "receiving-agency-responds") == 0);
    CHECK(obligations[2].due == day(2025, 4, 17) && obligations[2].done == day(2025, 4, 17));
    CHECK(obligations[2].anchor_date == day(2025, 4, 14) && obligations[2].provisional == 0);
    CHECK(obligations[2].done_entry == 2 && obligations[2].state == ESC_STATE_DONE_ON_TIME);
    CHECK(obligations[3].state == ESC_STATE_LEFT_UNDONE);
    CHECK(obligations[4].kind == ESC_CASE_OBLIGATION_STAGE && obligations[4].state == ESC_STATE_DONE_LATE);
    /* The referral: 24 hours from Thu 24 is Fri 25; recorded Mon 28: late. */
    CHECK(strcmp(obligations[7].id, "refer-in-writing") == 0 && obligations[7].kind == ESC_CASE_OBLIGATION_STEP);
    CHECK(obligations[7].due == day(2025, 4, 25) && obligations[7].state == ESC_STATE_DONE_LATE);
    CHECK(obligations[7].force == ESC_FORCE_MUST);
    /* The dialogue: 2 working days from Mon 28 (Tue 29, Wed 30) capped at the stage's Mon 28. */
    CHECK(strcmp(obligations[8].id, "senior-managers-dialogue") == 0);
    CHECK(obligations[8].due == day(2025, 4, 28) && obligations[8].due_rule == ESC_DUE_RULE_OVERALL_LIMIT);
    CHECK(obligations[8].state == ESC_STATE_OVERDUE);
    CHECK(strcmp(obligations[8].stage, "stage-3") == 0 && obligations[8].arose_entry == 4);
    CHECK(obligations[9].due == ESC_NO_DATE && obligations[9].state == ESC_STATE_OPEN);

    /* Too small buffers: the counts still say how many there are; only capacity are written. */
    memset(obligations, 0, sizeof obligations);
    result.stages = NULL;
    result.stages_capacity = 0;
    result.obligations_capacity = 2;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_OK);
    CHECK(result.stage_count == 2 && result.obligation_count == 11);
    CHECK(obligations[1].id != NULL && obligations[2].id == NULL);

    /* A caller whose element has grown (a later header): elements are obligation_size apart. */
    {
        struct grown {
            esc_case_obligation obligation;
            int32_t later_field;
        } grown[3];
        memset(grown, 0x5a, sizeof grown);
        result.obligations = &grown[0].obligation;
        result.obligation_size = (uint32_t)sizeof grown[0];
        result.obligations_capacity = 3;
        CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_OK);
        CHECK(strcmp(grown[2].obligation.id, "receiving-agency-responds") == 0);
        CHECK(grown[2].obligation.due == day(2025, 4, 17));
    }
}

static void test_errors(const esc_engine *engine) {
    const char *events[] = {"start", "unresolved", "exceptional"};
    esc_date dates[3];
    esc_case_query query;
    esc_case result;
    dates[0] = day(2024, 12, 20);
    dates[1] = day(2024, 12, 23);
    dates[2] = day(2024, 12, 24);
    esc_case_query_init(&query);
    query.pathway = "wolverhampton";
    query.entry_count = 3;
    query.entry_dates = dates;
    query.entry_events = events;
    query.as_of = day(2024, 12, 31);
    esc_case_init(&result);

    /* No transition at that point: Stage 2 has no "exceptional" route. */
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_NO_TRANSITION);
    CHECK(result.error_entry == 2);
    CHECK_MESSAGE_HAS("entry 2 (2024-12-24, \"exceptional\")");
    CHECK(result.stage == NULL && result.due == ESC_NO_DATE && result.obligation_count == 0);
    /* Out of date order. */
    events[2] = "resolved";
    dates[2] = day(2024, 12, 21);
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    CHECK(result.error_entry == 2);
    CHECK_MESSAGE_HAS("out of date order");
    /* An unknown event; an unknown id. */
    dates[2] = day(2024, 12, 24);
    events[2] = "escalated";
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_NOT_FOUND);
    CHECK(result.error_entry == 2);
    events[2] = "done:nothing-of-the-sort";
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("has no step or action \"nothing-of-the-sort\"");
    /* done: of something not open (a step of Stage 1, which the case has left). */
    events[2] = "done:raise-verbally-and-in-writing";
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_NO_TRANSITION);
    CHECK(result.error_entry == 2);
    /* A NULL event in the arrays is that entry's error. */
    events[2] = NULL;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    CHECK(result.error_entry == 2);
    events[2] = "resolved";
    /* A date outside the calendar (1980 to 2100). */
    dates[2] = day(2101, 1, 3);
    query.as_of = day(2101, 1, 4);
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_OUT_OF_RANGE);
    CHECK(result.error_entry == 2);
    dates[2] = day(2024, 12, 24);
    query.as_of = day(2024, 12, 31);
    /* Whole-case errors name no entry. */
    query.pathway = "nowhere";
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_NOT_FOUND);
    CHECK(result.error_entry == -1);
    query.pathway = "wolverhampton";
    query.as_of = day(2024, 12, 19);
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("before the outset");
    query.as_of = ESC_NO_DATE;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    query.as_of = day(2024, 12, 31);
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_OK);
    /* Resolved at Stage 2 on Tue 24 December: the written confirmation's 2 working days are
     * Fri 27 and Mon 30 December. */
    CHECK(strcmp(result.stage, "confirm-outcome-stage-2") == 0 && result.due == day(2024, 12, 30));

    /* NULL everywhere, bad sizes, buffers without their element size. */
    CHECK_STATUS(esc_case_evaluate(NULL, &query, &result), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_case_evaluate(engine, NULL, &result), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_case_evaluate(engine, &query, NULL), ESC_INVALID_ARGUMENT);
    query.entry_count = 0;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    query.entry_count = 3;
    query.entry_dates = NULL;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    query.entry_dates = dates;
    query.pathway = NULL;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    query.pathway = "wolverhampton";
    query.size = 8;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    query.size = (uint32_t)sizeof query;
    result.size = 8;
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
    esc_case_init(&result);
    {
        esc_case_obligation one[1];
        result.obligations = one;
        result.obligations_capacity = 1;
        result.obligation_size = 0;
        CHECK_STATUS(esc_case_evaluate(engine, &query, &result), ESC_INVALID_ARGUMENT);
        CHECK_MESSAGE_HAS("obligation_size");
    }
}

/* One obligation as "kind id due done state" (dates ISO, "-" for none), to compare whole lists
 * with what was worked by hand. */
static const char *obligation_line(const esc_case_obligation *o, char *line, size_t capacity) {
    static const char *kinds[] = {"stage", "step", "action"};
    static const char *states[] = {"open", "due-today", "overdue", "done-on-time", "done-late", "left-undone"};
    char due[16] = "-", done[16] = "-";
    if (o->due != ESC_NO_DATE) esc_date_format(o->due, due, sizeof due);
    if (o->done != ESC_NO_DATE) esc_date_format(o->done, done, sizeof done);
    snprintf(line, capacity, "%s %s %s %s %s", kinds[o->kind], o->id, due, done, states[o->state]);
    return line;
}

/* Evaluates a case of `pathway` and checks its obligations against `expected` (count lines). */
static void check_case(const esc_engine *engine, const char *pathway, const char *subject, size_t count,
                       const esc_date *dates, const char *const *events, esc_date as_of, esc_case *result,
                       const char *const *expected, size_t expected_count) {
    static esc_case_obligation obligations[32];
    static esc_case_stage stages[8];
    esc_case_query query;
    size_t i;
    char line[256];
    esc_case_query_init(&query);
    query.pathway = pathway;
    query.subject = subject;
    query.entry_count = count;
    query.entry_dates = dates;
    query.entry_events = events;
    query.as_of = as_of;
    esc_case_init(result);
    result->stages = stages;
    result->stages_capacity = 8;
    result->obligations = obligations;
    result->obligations_capacity = 32;
    CHECK_STATUS(esc_case_evaluate(engine, &query, result), ESC_OK);
    CHECK(result->obligation_count == expected_count);
    for (i = 0; i < result->obligation_count && i < expected_count; ++i) {
        obligation_line(&obligations[i], line, sizeof line);
        if (strcmp(line, expected[i]) != 0) {
            fprintf(stderr, "%s obligation %u: got \"%s\", expected \"%s\"\n", pathway, (unsigned)i, line, expected[i]);
            ++failures;
        }
        ++checks;
    }
}

/* Evaluates a case expecting `status` at entry `entry` (-1: the whole case). */
static void check_error(const esc_engine *engine, const char *pathway, const char *subject, size_t count,
                        const esc_date *dates, const char *const *events, esc_date as_of, esc_status status,
                        int64_t entry, const char *message) {
    esc_case_query query;
    esc_case result;
    esc_case_query_init(&query);
    query.pathway = pathway;
    query.subject = subject;
    query.entry_count = count;
    query.entry_dates = dates;
    query.entry_events = events;
    query.as_of = as_of;
    esc_case_init(&result);
    CHECK_STATUS(esc_case_evaluate(engine, &query, &result), status);
    CHECK(result.error_entry == entry);
    if (strstr(esc_last_error(), message) == NULL) {
        fprintf(stderr, "%s: the message \"%s\" does not say \"%s\"\n", pathway, esc_last_error(), message);
        ++failures;
    }
    ++checks;
}

/* South Tyneside (STSCP/STSAB joint protocol, April 2024), Section 4, across Christmas 2025:
 * Christmas Day Thu 25 and Boxing Day Fri 26 December, New Year's Day Thu 1 January 2026.
 * The 5-working-day maximum ("It is expected that all issues will be resolved within a maximum
 * of 5 working days", force expected) from the outset, Tuesday 23 December: Wed 24 (1), the
 * holidays and the weekend skipped, Mon 29 (2), Tue 30 (3), Wed 31 (4), New Year's Day
 * skipped, Fri 2 January (5). */
static void test_south_tyneside_christmas_2025(const esc_engine *engine) {
    const char *events[] = {"start", "unresolved", "done:share-concern-with-line-manager", "unresolved",
                            "done:notify-partnership"};
    esc_date dates[5];
    esc_case result;
    const char *expected[] = {
        /* Practitioners raise with line managers "within one working day" (should): from Tue 23,
         * Wed 24. Left on Mon 29: late. Its actions have no timescale; left undone. */
        "stage practitioner-discussion 2025-12-24 2025-12-29 done-late",
        "action discuss-rationale - - left-undone",
        "action record-escalation - - left-undone",
        /* Stage 1 "within 1 day" (one working day, expected) from Mon 29: Tue 30; left Wed 31. */
        "stage stage-1 2025-12-30 2025-12-31 done-late",
        "action share-concern-with-line-manager - 2025-12-29 done-on-time",
        /* "Without delay, the line manager will then contact ...": immediately, Mon 29. */
        "action contact-other-line-manager 2025-12-29 - left-undone",
        "action record-escalation - - left-undone",
        "action give-feedback - - left-undone",
        /* Stage 2 states no timescale: due at the maximum, Fri 2 January; overdue on Mon 5. */
        "stage stage-2 2026-01-02 - overdue",
        /* "At this point the STSCP / STSAB should be notified": the day Stage 2 began, Wed 31;
         * recorded on Fri 2 January, late. */
        "action notify-partnership 2025-12-31 2026-01-02 done-late",
        "action record-escalation - - open",
        "action give-feedback - - open",
    };
    dates[0] = day(2025, 12, 23);
    dates[1] = day(2025, 12, 29);
    dates[2] = day(2025, 12, 29);
    dates[3] = day(2025, 12, 31);
    dates[4] = day(2026, 1, 2);
    check_case(engine, "south-tyneside", "child", 5, dates, events, day(2026, 1, 5), &result, expected, 12);
    CHECK(result.stage && strcmp(result.stage, "stage-2") == 0);
    CHECK(result.due == day(2026, 1, 2) && result.due_rule == ESC_DUE_RULE_OVERALL_LIMIT);
    CHECK(result.force == ESC_FORCE_EXPECTED && result.overdue == 1 && result.overdue_on_entry == 0);
    CHECK(result.stage_count == 2 && result.stages[0].left_late == 1 && result.stages[1].left_late == 1);
    /* Named for the child: the STSCP. */
    CHECK(strstr(result.obligations[9].name, "Safeguarding Children Partnership (STSCP)") != NULL);
    /* As of Christmas Eve only the start applies: the raise to line managers is due today. */
    {
        const char *christmas_eve[] = {
            "stage practitioner-discussion 2025-12-24 - due-today",
            "action discuss-rationale - - open",
            "action record-escalation - - open",
        };
        check_case(engine, "south-tyneside", "child", 5, dates, events, day(2025, 12, 24), &result, christmas_eve, 3);
    }
    CHECK(result.entries_applied == 1 && result.due == day(2025, 12, 24) && result.overdue == 0);
    CHECK(result.obligations[0].state == ESC_STATE_DUE_TODAY);
}

/* South Tyneside across Easter 2026 (Good Friday 3, Easter Monday 6 April), for an adult,
 * started by a manager's referral straight to Stage One (Section 3, Key Principles) on
 * Thursday 2 April. The maximum's 5 working days: Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4),
 * Mon 13 April (5). */
static void test_south_tyneside_easter_2026(const esc_engine *engine) {
    const char *events[] = {"manager-referral", "unresolved", "done:notify-partnership", "unresolved", "unresolved"};
    esc_date dates[5];
    esc_case result;
    const char *expected[] = {
        /* Stage 1's one working day from Thu 2 skips Good Friday, the weekend and Easter
         * Monday: Tue 7. Left that day: on time. */
        "stage stage-1 2026-04-07 2026-04-07 done-on-time",
        "action share-concern-with-line-manager - - left-undone",
        "action contact-other-line-manager 2026-04-02 - left-undone",
        "action record-escalation - - left-undone",
        "action give-feedback - - left-undone",
        /* Stages 2 to 4 have no timescale: due at the maximum, Mon 13 April. */
        "stage stage-2 2026-04-13 2026-04-10 done-on-time",
        "action notify-partnership 2026-04-07 2026-04-07 done-on-time",
        "action record-escalation - - left-undone",
        "action give-feedback - - left-undone",
        "stage stage-3 2026-04-13 2026-04-14 done-late",
        "action pass-information - - left-undone",
        "action outline-action - - left-undone",
        "action record-escalation - - left-undone",
        "action give-feedback - - left-undone",
        /* Stage 4 reached on Tue 14, after the maximum ran out: overdue on entry. */
        "stage stage-4 2026-04-13 - overdue",
        "action discuss-with-chair - - open",
        "action acknowledge-and-plan - - open",
        "action record-on-spreadsheet - - open",
    };
    dates[0] = day(2026, 4, 2);
    dates[1] = day(2026, 4, 7);
    dates[2] = day(2026, 4, 7);
    dates[3] = day(2026, 4, 10);
    dates[4] = day(2026, 4, 14);
    check_case(engine, "south-tyneside", "adult", 5, dates, events, day(2026, 4, 15), &result, expected, 18);
    CHECK(result.stage && strcmp(result.stage, "stage-4") == 0 && strcmp(result.tier, "partnership") == 0);
    CHECK(strstr(result.tier_name, "Safeguarding Adults Board (STSAB)") != NULL);
    CHECK(result.due == day(2026, 4, 13) && result.overdue == 1 && result.overdue_on_entry == 1);
    /* As of Monday 13 April the case is at Stage 3, due that day. */
    {
        const char *monday_13[14];
        memcpy(monday_13, expected, 9 * sizeof expected[0]);
        monday_13[9] = "stage stage-3 2026-04-13 - due-today";
        monday_13[10] = "action pass-information - - open";
        monday_13[11] = "action outline-action - - open";
        monday_13[12] = "action record-escalation - - open";
        monday_13[13] = "action give-feedback - - open";
        check_case(engine, "south-tyneside", "adult", 5, dates, events, day(2026, 4, 13), &result, monday_13, 14);
    }
    CHECK(strcmp(result.stage, "stage-3") == 0 && result.overdue == 0);
    CHECK(result.obligations[9].state == ESC_STATE_DUE_TODAY);
}

/* Staffordshire and Stoke-on-Trent (SSASPB; adults only) across Christmas 2024: Christmas Day
 * Wed 25, Boxing Day Thu 26 December, New Year's Day Wed 1 January 2025. 4.6: "all stages will
 * usually be completed within two working days", read per stage (force usually); 2.4: "the
 * Police should be contacted immediately" (a side track, force should). */
static void test_staffordshire_christmas_2024(const esc_engine *engine) {
    const char *events[] = {"start", "immediate-risk", "done:contact-police", "unresolved",
                            "done:seek-safeguarding-lead-advice", "unresolved"};
    esc_date dates[6];
    esc_case result;
    const char *expected[] = {
        /* Stage 1 from Mon 23: Tue 24 (1), the 25th and 26th skipped, Fri 27 (2). Left Mon 30. */
        "stage stage-1 2024-12-27 2024-12-30 done-late",
        "action raise-with-fellow-professional - - left-undone",
        "action review-and-meet - - left-undone",
        "action record-notes - - left-undone",
        "action confirm-in-writing - - left-undone",
        /* The immediate risk on Tue 24: the Police that day; recorded Fri 27, late. */
        "action contact-police 2024-12-24 2024-12-27 done-late",
        /* Stage 2 from Mon 30: Tue 31 (1), New Year's Day skipped, Thu 2 January (2); left
         * that day, on time. */
        "stage stage-2 2025-01-02 2025-01-02 done-on-time",
        "action seek-safeguarding-lead-advice - 2024-12-30 done-on-time",
        "action confirm-in-writing - - left-undone",
        /* Stage 3 from Thu 2: Fri 3, Mon 6 January; overdue on Tue 7. */
        "stage stage-3 2025-01-06 - overdue",
        "action contact-peer - - open",
    };
    dates[0] = day(2024, 12, 23);
    dates[1] = day(2024, 12, 24);
    dates[2] = day(2024, 12, 27);
    dates[3] = day(2024, 12, 30);
    dates[4] = day(2024, 12, 30);
    dates[5] = day(2025, 1, 2);
    check_case(engine, "staffordshire", "adult", 6, dates, events, day(2025, 1, 7), &result, expected, 11);
    CHECK(result.stage && strcmp(result.stage, "stage-3") == 0 && strcmp(result.tier, "heads-of-service") == 0);
    CHECK(result.due == day(2025, 1, 6) && result.force == ESC_FORCE_USUALLY && result.overdue == 1);
    CHECK(result.obligations[5].side_track == 1 && result.obligations[5].source == ESC_FROM_TRANSITION);
    CHECK(result.obligations[5].force == ESC_FORCE_SHOULD);
    /* As of Boxing Day: the case is still at Stage 1 (the side track kept it there, due Fri 27)
     * and the Police contact, due Christmas Eve, is overdue. */
    {
        const char *boxing_day[] = {
            "stage stage-1 2024-12-27 - open",
            "action raise-with-fellow-professional - - open",
            "action review-and-meet - - open",
            "action record-notes - - open",
            "action confirm-in-writing - - open",
            "action contact-police 2024-12-24 - overdue",
        };
        check_case(engine, "staffordshire", "adult", 6, dates, events, day(2024, 12, 26), &result, boxing_day, 6);
        CHECK(strcmp(result.stage, "stage-1") == 0 && result.entered == day(2024, 12, 23));
    }
}

/* Staffordshire across Easter 2025 (Good Friday 18, Easter Monday 21 April), started on an
 * immediate risk (the start's route, 2.4) on Maundy Thursday 17 April and taken through every
 * stage to the Independent Chair (5.13), who has no timescale. */
static void test_staffordshire_easter_2025(const esc_engine *engine) {
    const char *events[] = {"immediate-risk", "done:contact-police", "unresolved", "unresolved", "unresolved",
                            "unresolved"};
    esc_date dates[6];
    esc_case result;
    const char *expected[] = {
        /* Stage 1 from Thu 17: Good Friday, the weekend and Easter Monday skipped: Tue 22 (1),
         * Wed 23 (2). Left Wed 23: on time. */
        "stage stage-1 2025-04-23 2025-04-23 done-on-time",
        "action contact-police 2025-04-17 2025-04-17 done-on-time",
        "action raise-with-fellow-professional - - left-undone",
        "action review-and-meet - - left-undone",
        "action record-notes - - left-undone",
        "action confirm-in-writing - - left-undone",
        /* Stage 2 from Wed 23: Thu 24, Fri 25. Left Mon 28: late. */
        "stage stage-2 2025-04-25 2025-04-28 done-late",
        "action seek-safeguarding-lead-advice - - left-undone",
        "action confirm-in-writing - - left-undone",
        /* Stage 3 from Mon 28: Tue 29, Wed 30; left Wed 30. */
        "stage stage-3 2025-04-30 2025-04-30 done-on-time",
        "action contact-peer - - left-undone",
        /* Stage 4 from Wed 30: Thu 1, Fri 2 May; left Fri 2. */
        "stage stage-4 2025-05-02 2025-05-02 done-on-time",
        "action alert-board-member - - left-undone",
        "action forward-learning - - left-undone",
        /* The Independent Chair: 5.13 states no timescale, so none. */
        "stage chair-decision - - open",
        "action inform-in-writing - - open",
    };
    dates[0] = day(2025, 4, 17);
    dates[1] = day(2025, 4, 17);
    dates[2] = day(2025, 4, 23);
    dates[3] = day(2025, 4, 28);
    dates[4] = day(2025, 4, 30);
    dates[5] = day(2025, 5, 2);
    check_case(engine, "staffordshire", NULL, 6, dates, events, day(2025, 5, 7), &result, expected, 16);
    CHECK(result.stage && strcmp(result.stage, "chair-decision") == 0);
    CHECK(result.due == ESC_NO_DATE && result.overdue == 0 && result.stage_count == 4);
    CHECK(result.stages[1].left_late == 1 && result.stages[0].left_late == 0);
}

/* Shropshire (SSCP, February 2023): the text states no timescale at any stage, so across
 * Christmas 2024 and Easter 2026 alike nothing is ever due, overdue or late; only the records
 * ("At each stage of the process a record should be retained", Key principles) and the Stage 4
 * referral to the Business Unit are owed. */
static void test_shropshire_christmas_and_easter(const esc_engine *engine) {
    const char *christmas[] = {"start", "done:record-contacts-and-outcome", "unresolved"};
    const char *easter[] = {"start", "unresolved", "unresolved", "unresolved", "done:refer-to-business-unit", "resolved"};
    esc_date dates[6];
    esc_case result;
    const char *at_christmas[] = {
        "stage stage-1 - 2025-01-02 done-on-time",
        "action record-contacts-and-outcome - 2024-12-27 done-on-time",
        "stage stage-2 - - open",
        "action record-contacts-and-outcome - - open",
    };
    const char *at_easter[] = {
        "stage stage-1 - 2026-04-03 done-on-time",
        "action record-contacts-and-outcome - - left-undone",
        "stage stage-2 - 2026-04-06 done-on-time",
        "action record-contacts-and-outcome - - left-undone",
        "stage stage-3 - 2026-04-07 done-on-time",
        "action record-contacts-and-outcome - - left-undone",
        "stage stage-4 - 2026-04-09 done-on-time",
        "action refer-to-business-unit - 2026-04-08 done-on-time",
        "action record-contacts-and-outcome - - left-undone",
    };
    /* Christmas Eve 2024, the record on Friday 27, Stage 2 on Thursday 2 January. */
    dates[0] = day(2024, 12, 24);
    dates[1] = day(2024, 12, 27);
    dates[2] = day(2025, 1, 2);
    check_case(engine, "shropshire", "child", 3, dates, christmas, day(2025, 1, 6), &result, at_christmas, 4);
    CHECK(result.stage && strcmp(result.stage, "stage-2") == 0 && result.due == ESC_NO_DATE && result.overdue == 0);
    CHECK(strcmp(result.tier, "roles-not-stated") == 0);
    /* Thursday 2 April 2026, escalated on Good Friday and on Easter Monday (the record keeps
     * the days they happened, working or not), Stage 4 on Tuesday 7, resolved Thursday 9. */
    dates[0] = day(2026, 4, 2);
    dates[1] = day(2026, 4, 3);
    dates[2] = day(2026, 4, 6);
    dates[3] = day(2026, 4, 7);
    dates[4] = day(2026, 4, 8);
    dates[5] = day(2026, 4, 9);
    check_case(engine, "shropshire", "adult", 6, dates, easter, day(2026, 4, 10), &result, at_easter, 9);
    CHECK(result.stage && strcmp(result.stage, "resolved") == 0 && result.terminal == 1);
    CHECK(result.outcome_kind == ESC_OUTCOME_RESOLVED && result.tier == NULL && result.stage_count == 4);
}

/* The error paths the cases above do not reach, one each, on these pathways. */
static void test_more_errors(const esc_engine *engine) {
    const char *events[3];
    esc_date dates[3];
    dates[0] = day(2025, 4, 17);
    dates[1] = day(2025, 4, 22);
    dates[2] = day(2025, 4, 23);
    /* Staffordshire covers adults only: the subject is the first entry's error. */
    events[0] = "start";
    check_error(engine, "staffordshire", "child", 1, dates, events, day(2025, 4, 30), ESC_INVALID_ARGUMENT, 0,
                "does not cover subject \"child\"");
    /* South Tyneside states no immediate-risk route. */
    events[1] = "immediate-risk";
    check_error(engine, "south-tyneside", NULL, 2, dates, events, day(2025, 4, 30), ESC_NO_TRANSITION, 1,
                "has no transition on \"immediate-risk\"");
    /* Shropshire has no "manager-referral" (South Tyneside's). */
    events[1] = "manager-referral";
    check_error(engine, "shropshire", NULL, 2, dates, events, day(2025, 4, 30), ESC_NOT_FOUND, 1,
                "has no event \"manager-referral\"");
    /* A first entry that records something done. */
    events[0] = "done:record-contacts-and-outcome";
    check_error(engine, "shropshire", NULL, 1, dates, events, day(2025, 4, 30), ESC_INVALID_ARGUMENT, 0,
                "entry 0 (2025-04-17, \"done:record-contacts-and-outcome\")");
    /* "start" again. */
    events[0] = "start";
    events[1] = "start";
    check_error(engine, "shropshire", NULL, 2, dates, events, day(2025, 4, 30), ESC_NO_TRANSITION, 1, "already started");
    /* Stage 4's referral while the case is at Stage 1. */
    events[1] = "done:refer-to-business-unit";
    check_error(engine, "shropshire", NULL, 2, dates, events, day(2025, 4, 30), ESC_NO_TRANSITION, 1,
                "\"refer-to-business-unit\" is not open");
    /* After the outcome: a Police contact nobody owes, then an escalation. */
    events[1] = "resolved";
    events[2] = "done:contact-police";
    check_error(engine, "staffordshire", "adult", 3, dates, events, day(2025, 4, 30), ESC_NO_TRANSITION, 2, "not open");
    events[2] = "unresolved";
    check_error(engine, "staffordshire", "adult", 3, dates, events, day(2025, 4, 30), ESC_NO_TRANSITION, 2,
                "the case reached outcome \"resolved\" on 2025-04-22");
    /* An entry with no event; one with no date. */
    events[2] = "";
    check_error(engine, "staffordshire", "adult", 3, dates, events, day(2025, 4, 30), ESC_INVALID_ARGUMENT, 2,
                "the entry has no event");
    events[2] = "unresolved";
    dates[2] = ESC_NO_DATE;
    check_error(engine, "staffordshire", "adult", 3, dates, events, day(2025, 4, 30), ESC_INVALID_ARGUMENT, 2,
                "the entry has no date");
    /* The calendar ends on Friday 31 December 2100: South Tyneside started that day has no
     * working day left for its one, nor for the 5-day maximum. */
    dates[0] = day(2100, 12, 31);
    check_error(engine, "south-tyneside", NULL, 1, dates, events, day(2100, 12, 31), ESC_OUT_OF_RANGE, 0,
                "falls past 2100-12-31");
    /* A done: dated past the calendar's end. */
    dates[0] = day(2100, 12, 20);
    dates[1] = day(2101, 1, 4);
    events[1] = "done:record-contacts-and-outcome";
    check_error(engine, "shropshire", NULL, 2, dates, events, day(2101, 1, 5), ESC_OUT_OF_RANGE, 1,
                "outside calendar \"england-and-wales\"");
}

/* The bulk call checks done:ID as esc_case_evaluate does: same status, same entry. */
static void test_bulk_done(const esc_engine *engine) {
    const char *names[] = {"start", "done:raise-verbally-and-in-writing", "done:raise-verbally-and-in-writing",
                           /* case 1 */ "start", "immediate-risk", "unresolved", "done:escalate-under-safeguarding-procedures",
                           /* case 2 */ "start", "unresolved", "done:receiving-agency-responds"};
    esc_date dates[10];
    int32_t events[10];
    size_t offsets[4] = {0, 3, 7, 10};
    int32_t pathways[3];
    esc_case_columns columns;
    esc_case_row rows[3];
    size_t failed = 0, i;
    int32_t wolverhampton = -1;
    CHECK_STATUS(esc_engine_pathway_index(engine, "wolverhampton", &wolverhampton), ESC_OK);
    for (i = 0; i < 3; ++i) pathways[i] = wolverhampton;
    for (i = 0; i < 10; ++i) {
        dates[i] = day(2025, 1, 6) + (esc_date)i;
        CHECK_STATUS(esc_pathway_event_index(engine, wolverhampton, names[i], &events[i]), ESC_OK);
    }
    /* The same id, the same code; a different id, another. */
    CHECK(events[1] == events[2] && events[6] != events[1] && events[9] <= ESC_EVENT_DONE_FIRST);
    CHECK_STATUS(esc_pathway_event_index(engine, wolverhampton, "done:no-such-step", &events[0]), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("has no step or action \"no-such-step\"");
    events[0] = ESC_EVENT_START;
    memset(&columns, 0, sizeof columns);
    columns.size = (uint32_t)sizeof columns;
    columns.case_count = 3;
    columns.offsets = offsets;
    columns.pathways = pathways;
    columns.dates = dates;
    columns.events = events;
    columns.as_of = day(2025, 2, 3);
    CHECK_STATUS(esc_cases_evaluate(engine, &columns, rows, &failed), ESC_OK);
    CHECK(failed == 2);
    /* Twice done: the second names nothing open. */
    CHECK(rows[0].status == ESC_CASE_NO_TRANSITION && rows[0].bad_entry == 2);
    /* An event's action stays owed after the case moves on. */
    CHECK(rows[1].status == ESC_CASE_OK && strcmp(rows[1].stage, "stage-2") == 0);
    /* Stage 1's step closed when the case left it. */
    CHECK(rows[2].status == ESC_CASE_NO_TRANSITION && rows[2].bad_entry == 2);
    for (i = 0; i < 3; ++i) {
        esc_case_query query;
        esc_case result;
        esc_case_query_init(&query);
        query.pathway = "wolverhampton";
        query.entry_count = offsets[i + 1] - offsets[i];
        query.entry_dates = dates + offsets[i];
        query.entry_events = names + offsets[i];
        query.as_of = columns.as_of;
        esc_case_init(&result);
        CHECK_STATUS(esc_case_evaluate(engine, &query, &result), rows[i].status == ESC_CASE_OK ? ESC_OK : ESC_NO_TRANSITION);
        CHECK(result.error_entry == rows[i].bad_entry);
    }
}

/* The bulk call agrees with esc_case_evaluate case by case: the Easter 2025 case, a case
 * resolved at Stage 1, one with an unknown event index, one out of order, and one in between
 * that has no entries. */
static void test_bulk(const esc_engine *engine) {
    const char *names[] = {"start", "done:raise-verbally-and-in-writing", "unresolved", "unresolved",
                           /* case 1 */ "start", "resolved",
                           /* case 2 */ "start", "unresolved",
                           /* case 4 */ "start", "unresolved", "unresolved"};
    esc_date dates[11];
    int32_t events[11];
    size_t offsets[6] = {0, 4, 6, 8, 8, 11};
    int32_t pathways[5], subjects[5] = {0, 1, -1, 0, 0};
    esc_case_columns columns;
    esc_case_row rows[5];
    size_t failed = 99, i;
    int32_t wolverhampton = -1;
    esc_case_query query;
    esc_case result;

    CHECK_STATUS(esc_engine_pathway_index(engine, "wolverhampton", &wolverhampton), ESC_OK);
    for (i = 0; i < 5; ++i) pathways[i] = wolverhampton;
    dates[0] = day(2025, 4, 10); dates[1] = day(2025, 4, 14); dates[2] = day(2025, 4, 17); dates[3] = day(2025, 4, 24);
    dates[4] = day(2024, 12, 20); dates[5] = day(2024, 12, 23);
    dates[6] = day(2026, 3, 30); dates[7] = day(2026, 4, 2);
    dates[8] = day(2025, 1, 6); dates[9] = day(2025, 1, 8); dates[10] = day(2025, 1, 7);
    for (i = 0; i < 11; ++i)
        CHECK_STATUS(esc_pathway_event_index(engine, wolverhampton, names[i], &events[i]), ESC_OK);
    CHECK(events[0] == ESC_EVENT_START && events[1] <= ESC_EVENT_DONE_FIRST && events[2] >= 0);
    events[7] = 999; /* case 2: an event index the pathway does not have */
    CHECK_STATUS(esc_pathway_event_index(engine, wolverhampton, "escalated", &events[0]), ESC_NOT_FOUND);
    events[0] = ESC_EVENT_START;

    memset(&columns, 0, sizeof columns);
    columns.size = (uint32_t)sizeof columns;
    columns.case_count = 5;
    columns.offsets = offsets;
    columns.pathways = pathways;
    columns.subjects = subjects;
    columns.dates = dates;
    columns.events = events;
    columns.as_of = day(2026, 4, 8);
    CHECK_STATUS(esc_cases_evaluate(engine, &columns, rows, &failed), ESC_OK);
    CHECK(failed == 3);
    /* Case 0: at Stage 3 since Thu 24 April 2025, due Mon 28 (the limit); overdue in 2026. */
    CHECK(rows[0].status == ESC_CASE_OK && strcmp(rows[0].stage, "stage-3") == 0);
    CHECK(rows[0].entered == day(2025, 4, 24) && rows[0].due == day(2025, 4, 28) && rows[0].overdue == 1);
    /* Case 1: resolved at Stage 1 on Mon 23 December: the written confirmation, 2 working days:
     * Tue 24, Fri 27 December. */
    CHECK(rows[1].status == ESC_CASE_OK && strcmp(rows[1].stage, "confirm-outcome-stage-1") == 0);
    CHECK(rows[1].due == day(2024, 12, 27) && rows[1].terminal == 0);
    CHECK(rows[2].status == ESC_CASE_UNKNOWN_EVENT && rows[2].bad_entry == 1 && rows[2].stage == NULL);
    CHECK(rows[3].status == ESC_CASE_NO_ENTRIES && rows[3].bad_entry == -1);
    CHECK(rows[4].status == ESC_CASE_OUT_OF_ORDER && rows[4].bad_entry == 2);

    /* The same cases one at a time. */
    for (i = 0; i < 5; ++i) {
        const char *subject_names[] = {"child", "adult"};
        esc_status expected;
        esc_case_query_init(&query);
        query.pathway = "wolverhampton";
        query.subject = subjects[i] < 0 ? NULL : subject_names[subjects[i]];
        query.entry_count = offsets[i + 1] - offsets[i];
        query.entry_dates = dates + offsets[i];
        query.entry_events = names + offsets[i];
        query.as_of = columns.as_of;
        esc_case_init(&result);
        expected = rows[i].status == ESC_CASE_OK ? ESC_OK
                   : rows[i].status == ESC_CASE_UNKNOWN_EVENT ? ESC_OK /* the names are valid */
                   : ESC_INVALID_ARGUMENT;
        CHECK_STATUS(esc_case_evaluate(engine, &query, &result), expected);
        if (rows[i].status == ESC_CASE_OK) {
            CHECK(strcmp(result.stage, rows[i].stage) == 0);
            CHECK(result.entered == rows[i].entered && result.due == rows[i].due);
            CHECK(result.overdue == rows[i].overdue);
        } else if (rows[i].status == ESC_CASE_OUT_OF_ORDER) {
            CHECK(result.error_entry == rows[i].bad_entry);
        }
    }

    CHECK_STATUS(esc_cases_evaluate(NULL, &columns, rows, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_cases_evaluate(engine, NULL, rows, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_cases_evaluate(engine, &columns, NULL, NULL), ESC_INVALID_ARGUMENT);
    columns.events = NULL;
    CHECK_STATUS(esc_cases_evaluate(engine, &columns, rows, NULL), ESC_INVALID_ARGUMENT);
    columns.case_count = 0;
    CHECK_STATUS(esc_cases_evaluate(engine, &columns, NULL, &failed), ESC_OK);
    CHECK(failed == 0);
    columns.size = 4;
    CHECK_STATUS(esc_cases_evaluate(engine, &columns, rows, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_event_index(engine, 99, "start", &events[0]), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_event_index(engine, wolverhampton, NULL, &events[0]), ESC_INVALID_ARGUMENT);
}

/* The names of the bulk statuses, as docs/c-api.md lists them (written here by hand). */
static void test_status_names(void) {
    static const char *const names[] = {"ok", "bad-pathway", "bad-subject", "no-entries", "as-of-before-outset",
                                        "bad-first-entry", "out-of-order", "missing-date", "needs-subject",
                                        "unknown-event", "no-transition", "out-of-range"};
    for (int32_t status = ESC_CASE_OK; status <= ESC_CASE_OUT_OF_RANGE; ++status)
        CHECK(strcmp(esc_case_status_name(status), names[status]) == 0);
    CHECK(strcmp(esc_case_status_name(-1), "unknown-status") == 0);
    CHECK(strcmp(esc_case_status_name(ESC_CASE_OUT_OF_RANGE + 1), "unknown-status") == 0);
}

int main(void) {
    esc_engine *engine = NULL;
    if (esc_engine_load(ESCALATE_RULESETS_DIR, &engine) != ESC_OK) {
        fprintf(stderr, "cannot load the bundled rulesets: %s\n", esc_last_error());
        return 1;
    }
    test_wolverhampton_easter_2025(engine);
    test_errors(engine);
    test_bulk(engine);
    test_south_tyneside_christmas_2025(engine);
    test_south_tyneside_easter_2026(engine);
    test_staffordshire_christmas_2024(engine);
    test_staffordshire_easter_2025(engine);
    test_shropshire_christmas_and_easter(engine);
    test_more_errors(engine);
    test_bulk_done(engine);
    test_status_names();
    esc_engine_free(engine);
    printf("%d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
