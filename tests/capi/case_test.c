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
    CHECK(events[0] == ESC_EVENT_START && events[1] == ESC_EVENT_DONE && events[2] >= 0);
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
    test_status_names();
    esc_engine_free(engine);
    printf("%d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
