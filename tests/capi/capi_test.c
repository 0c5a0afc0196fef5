/*
 * The C ABI test program, compiled as C99: every call of escalate.h, every status a caller
 * can provoke, and NULL in every pointer argument, against the bundled rulesets.
 *
 * Where the expected values come from:
 *  - Day numbers were computed independently with Python's datetime
 *    ((date(y, m, d) - date(1970, 1, 1)).days) and are written next to their dates.
 *  - Holidays are from the GOV.UK bank holiday lists for England and Wales and for Scotland.
 *  - Due dates are worked by hand from the Wolverhampton policy (WST Escalation Policy V3,
 *    section 4 table: Stage 1 = 2 + 3 working days, Stage 2 = 2, Stage 3 = 3, Stage 4 = 2,
 *    and "resolve differences through discussion within 10 working days"), counting working
 *    days on a calendar; the working is in the comment beside each case.
 * ESC_NO_MEMORY and ESC_INTERNAL_ERROR cannot be provoked through the interface; the boundary
 * test (boundary_test.cpp) drives the catch ladder for them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate.h"

static int failures = 0;
static int checks = 0;
static int seen[ESC_INTERNAL_ERROR + 1];

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
        if (status_ >= 0 && status_ <= ESC_INTERNAL_ERROR) seen[status_] = 1;                \
        if (status_ != (expected)) {                                                         \
            fprintf(stderr, "%s:%d: %s gave %s, expected %s; last error: \"%s\"\n", __FILE__, \
                    __LINE__, #call, esc_status_name(status_), esc_status_name(expected),    \
                    esc_last_error());                                                       \
            ++failures;                                                                      \
        } else if ((expected) != ESC_OK && esc_last_error()[0] == '\0') {                    \
            fprintf(stderr, "%s:%d: %s failed without a message\n", __FILE__, __LINE__, #call); \
            ++failures;                                                                      \
        } else if ((expected) == ESC_OK && esc_last_error()[0] != '\0') {                    \
            fprintf(stderr, "%s:%d: %s succeeded but left a message\n", __FILE__, __LINE__, #call); \
            ++failures;                                                                      \
        }                                                                                    \
    } while (0)

#define CHECK_MESSAGE_HAS(text) CHECK(strstr(esc_last_error(), (text)) != NULL)

/* Hand-checked day numbers (Python datetime, see above). */
enum {
    MON_2023_03_06 = 19422, WED_2023_03_08 = 19424, MON_2023_03_13 = 19429,
    WED_2023_03_15 = 19431, FRI_2023_03_17 = 19433, MON_2023_03_20 = 19436,
    WED_2023_03_22 = 19438, MON_2023_04_03 = 19450, FRI_2023_04_07 = 19454,
    MON_2023_04_10 = 19457, WED_2023_04_12 = 19459, MON_2023_05_01 = 19478,
    TUE_2023_05_02 = 19479, MON_2023_05_08 = 19485, WED_2023_05_10 = 19487,
    MON_2023_05_29 = 19506, MON_2023_08_28 = 19597, MON_2023_12_25 = 19716,
    TUE_2023_12_26 = 19717, MON_2023_01_02 = 19359, TUE_2023_01_03 = 19360,
    FRI_2022_12_23 = 19349, WED_2022_12_28 = 19354, JAN_1_1980 = 3652, DEC_31_2100 = 47846,
    FEB_29_2000 = 11016
};

static void test_versions(void) {
    CHECK(strcmp(esc_version(), ESCALATE_VERSION_STRING) == 0);
    CHECK(esc_abi_version() == ESC_ABI_VERSION);
    CHECK(ESC_ABI_VERSION == 1);
    CHECK(strcmp(esc_status_name(ESC_OK), "ESC_OK") == 0);
    CHECK(strcmp(esc_status_name(ESC_INVALID_ARGUMENT), "ESC_INVALID_ARGUMENT") == 0);
    CHECK(strcmp(esc_status_name(ESC_PARSE_ERROR), "ESC_PARSE_ERROR") == 0);
    CHECK(strcmp(esc_status_name(ESC_INVALID_RULESET), "ESC_INVALID_RULESET") == 0);
    CHECK(strcmp(esc_status_name(ESC_NOT_FOUND), "ESC_NOT_FOUND") == 0);
    CHECK(strcmp(esc_status_name(ESC_NO_TRANSITION), "ESC_NO_TRANSITION") == 0);
    CHECK(strcmp(esc_status_name(ESC_OUT_OF_RANGE), "ESC_OUT_OF_RANGE") == 0);
    CHECK(strcmp(esc_status_name(ESC_IO_ERROR), "ESC_IO_ERROR") == 0);
    CHECK(strcmp(esc_status_name(ESC_NO_MEMORY), "ESC_NO_MEMORY") == 0);
    CHECK(strcmp(esc_status_name(ESC_INTERNAL_ERROR), "ESC_INTERNAL_ERROR") == 0);
    CHECK(strcmp(esc_status_name((esc_status)42), "ESC_UNKNOWN_STATUS") == 0);
    /* docs/c-api.md fixes the values. */
    CHECK(ESC_OK == 0 && ESC_INVALID_ARGUMENT == 1 && ESC_PARSE_ERROR == 2 &&
          ESC_INVALID_RULESET == 3 && ESC_NOT_FOUND == 4 && ESC_NO_TRANSITION == 5 &&
          ESC_OUT_OF_RANGE == 6 && ESC_IO_ERROR == 7 && ESC_NO_MEMORY == 8 &&
          ESC_INTERNAL_ERROR == 9);
    CHECK(esc_last_error() != NULL);
}

static void test_dates(void) {
    int year = 0, month = 0, day = 0, weekday = 0;
    esc_date date = 0;
    char buffer[ESC_DATE_BUFFER_SIZE];

    CHECK(esc_date_from_ymd(1970, 1, 1) == 0);
    CHECK(esc_date_from_ymd(1969, 12, 31) == -1);
    CHECK(esc_date_from_ymd(2023, 3, 6) == MON_2023_03_06);
    CHECK(esc_date_from_ymd(2000, 2, 29) == FEB_29_2000);
    CHECK(esc_date_from_ymd(2023, 2, 29) == ESC_NO_DATE); /* not a leap year */
    CHECK(esc_date_from_ymd(2023, 2, 31) == ESC_NO_DATE); /* rejected, never normalised */
    CHECK(esc_date_from_ymd(2023, 13, 1) == ESC_NO_DATE);
    CHECK(esc_date_from_ymd(2023, 0, 1) == ESC_NO_DATE);
    CHECK(esc_date_from_ymd(2023, 1, 0) == ESC_NO_DATE);
    CHECK(esc_date_from_ymd(1900, 2, 29) == ESC_NO_DATE);
    CHECK(esc_date_from_ymd(-5, 1, 1) == ESC_NO_DATE);

    CHECK_STATUS(esc_date_to_ymd(MON_2023_03_06, &year, &month, &day), ESC_OK);
    CHECK(year == 2023 && month == 3 && day == 6);
    CHECK_STATUS(esc_date_to_ymd(FEB_29_2000, &year, NULL, NULL), ESC_OK); /* NULL: not wanted */
    CHECK(year == 2000);
    CHECK_STATUS(esc_date_to_ymd(FEB_29_2000, NULL, NULL, &day), ESC_OK);
    CHECK(day == 29);
    year = 7;
    CHECK_STATUS(esc_date_to_ymd(ESC_NO_DATE, &year, &month, &day), ESC_INVALID_ARGUMENT);
    CHECK(year == 7); /* untouched on failure */
    CHECK_STATUS(esc_date_to_ymd(INT32_MAX, &year, &month, &day), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_date_parse("2023-03-06", &date), ESC_OK);
    CHECK(date == MON_2023_03_06);
    CHECK_STATUS(esc_date_parse("2023-3-6", &date), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("2023-3-6");
    CHECK_STATUS(esc_date_parse("2023-02-29", &date), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_date_parse("", &date), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_date_parse("2023-03-06x", &date), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_date_parse(NULL, &date), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_date_parse("2023-03-06", NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_date_format(MON_2023_03_06, buffer, sizeof buffer), ESC_OK);
    CHECK(strcmp(buffer, "2023-03-06") == 0);
    CHECK_STATUS(esc_date_format(-1, buffer, sizeof buffer), ESC_OK);
    CHECK(strcmp(buffer, "1969-12-31") == 0);
    CHECK_STATUS(esc_date_format(MON_2023_03_06, buffer, 10), ESC_INVALID_ARGUMENT);
    CHECK(buffer[0] == '\0');
    CHECK_STATUS(esc_date_format(MON_2023_03_06, buffer, 0), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_date_format(ESC_NO_DATE, buffer, sizeof buffer), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_date_format(MON_2023_03_06, NULL, 11), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_date_weekday(MON_2023_03_06, &weekday), ESC_OK);
    CHECK(weekday == 1);
    CHECK_STATUS(esc_date_weekday(0, &weekday), ESC_OK);
    CHECK(weekday == 4); /* 1970-01-01 was a Thursday */
    CHECK_STATUS(esc_date_weekday(MON_2023_03_06, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_date_weekday(ESC_NO_DATE, &weekday), ESC_INVALID_ARGUMENT);
}

static void test_loading_errors(void) {
    esc_engine *engine = (esc_engine *)&engine; /* any non-NULL value: must be reset */

    CHECK_STATUS(esc_engine_load(NULL, &engine), ESC_INVALID_ARGUMENT);
    CHECK(engine == NULL);
    CHECK_MESSAGE_HAS("esc_engine_load");
    CHECK_STATUS(esc_engine_load(ESCALATE_RULESETS_DIR, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_load("", &engine), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_engine_load(ESCALATE_CAPI_TEST_DATA "/no-such-directory", &engine), ESC_IO_ERROR);
    CHECK(engine == NULL);
    CHECK_MESSAGE_HAS("no-such-directory");

    /* Not well-formed XML: the message names the file and line. */
    CHECK_STATUS(esc_engine_load(ESCALATE_CAPI_TEST_DATA "/malformed", &engine), ESC_PARSE_ERROR);
    CHECK(engine == NULL);
    CHECK_MESSAGE_HAS("malformed/calendar.xml:4:");

    /* Well-formed but breaking the format on line 5 ("dya" for "day"). */
    CHECK_STATUS(esc_engine_load(ESCALATE_CAPI_TEST_DATA "/invalid", &engine), ESC_INVALID_RULESET);
    CHECK(engine == NULL);
    CHECK_MESSAGE_HAS("invalid/calendar.xml:5:");

    esc_engine_free(NULL); /* a no-op */
    CHECK(esc_last_error()[0] == '\0');
}

static void test_pathways(const esc_engine *engine) {
    int32_t count = -1, index = -1, stages = -1, stage = -1;
    const char *id = NULL;
    esc_pathway_info info;
    esc_date due = 0;

    CHECK_STATUS(esc_engine_pathway_count(engine, &count), ESC_OK);
    CHECK(count == 5); /* docs/pathways/: the five bundled pathways */
    CHECK_STATUS(esc_engine_pathway_count(NULL, &count), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_count(engine, NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_engine_pathway_index(engine, "wolverhampton", &index), ESC_OK);
    CHECK(index >= 0 && index < count);
    CHECK_STATUS(esc_engine_pathway_id(engine, index, &id), ESC_OK);
    CHECK(id && strcmp(id, "wolverhampton") == 0);
    CHECK_STATUS(esc_engine_pathway_index(engine, "atlantis", &stage), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("atlantis");
    CHECK_STATUS(esc_engine_pathway_index(NULL, "wolverhampton", &stage), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_index(engine, NULL, &stage), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_index(engine, "wolverhampton", NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_id(engine, count, &id), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_id(engine, -1, &id), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_id(NULL, 0, &id), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_id(engine, 0, NULL), ESC_INVALID_ARGUMENT);

    /* Every pathway id docs/pathways/ names is there. */
    CHECK_STATUS(esc_engine_pathway_index(engine, "south-tyneside", &stage), ESC_OK);
    CHECK_STATUS(esc_engine_pathway_index(engine, "shropshire", &stage), ESC_OK);
    CHECK_STATUS(esc_engine_pathway_index(engine, "north-somerset", &stage), ESC_OK);
    CHECK_STATUS(esc_engine_pathway_index(engine, "staffordshire", &stage), ESC_OK);

    memset(&info, 0, sizeof info);
    info.size = sizeof info;
    CHECK_STATUS(esc_pathway_info_get(engine, index, &info), ESC_OK);
    CHECK(strcmp(info.id, "wolverhampton") == 0);
    CHECK(strcmp(info.calendar, "england-and-wales") == 0);
    CHECK(strcmp(info.subjects, "child adult") == 0);
    CHECK(info.effective_from == esc_date_from_ymd(2023, 3, 3)); /* V3, 3 March 2023 */
    CHECK(info.title[0] != '\0' && info.version[0] != '\0' && info.source_authority[0] != '\0');
    CHECK(info.source_title != NULL && info.source_date != NULL && info.source_file != NULL);
    info.size = 0;
    CHECK_STATUS(esc_pathway_info_get(engine, index, &info), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("size");
    info.size = sizeof info;
    CHECK_STATUS(esc_pathway_info_get(engine, count, &info), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_info_get(NULL, index, &info), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_info_get(engine, index, NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_pathway_stage_count(engine, index, &stages), ESC_OK);
    CHECK(stages == info.stage_count && stages >= 4);
    CHECK_STATUS(esc_pathway_stage_count(engine, -1, &stages), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_count(NULL, index, &stages), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_count(engine, index, NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_pathway_stage_index(engine, index, "stage-1", &stage), ESC_OK);
    CHECK(stage == info.entry_stage); /* the policy starts at Stage 1 */
    CHECK_STATUS(esc_pathway_stage_id(engine, index, stage, &id), ESC_OK);
    CHECK(strcmp(id, "stage-1") == 0);
    CHECK_STATUS(esc_pathway_stage_index(engine, index, "stage-9", &stage), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("stage-9");
    /* A terminal outcome is not a stage. */
    CHECK_STATUS(esc_pathway_stage_index(engine, index, "resolved", &stage), ESC_NOT_FOUND);
    CHECK_STATUS(esc_pathway_stage_index(engine, count, "stage-1", &stage), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_index(NULL, index, "stage-1", &stage), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_index(engine, index, NULL, &stage), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_index(engine, index, "stage-1", NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_id(engine, index, stages, &id), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_id(engine, index, -1, &id), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_id(NULL, index, 0, &id), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_stage_id(engine, index, 0, NULL), ESC_INVALID_ARGUMENT);

    /* Stage 1 entered Mon 6 March 2023: 5 working days (Tue 7 .. Fri 10, Mon 13). */
    CHECK_STATUS(esc_pathway_stage_index(engine, index, "stage-1", &stage), ESC_OK);
    CHECK_STATUS(esc_pathway_due(engine, index, stage, MON_2023_03_06, MON_2023_03_06, &due), ESC_OK);
    CHECK(due == MON_2023_03_13);
    /* Stage 3 entered Fri 17 March in a pathway started Mon 6 March: its own 3 working days
       give Wed 22, but the 10-working-day limit from the outset gives Mon 20. */
    CHECK_STATUS(esc_pathway_stage_index(engine, index, "stage-3", &stage), ESC_OK);
    CHECK_STATUS(esc_pathway_due(engine, index, stage, FRI_2023_03_17, MON_2023_03_06, &due), ESC_OK);
    CHECK(due == MON_2023_03_20);
    CHECK_STATUS(esc_pathway_due(engine, index, stage, ESC_NO_DATE, MON_2023_03_06, &due), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_due(engine, index, stage, esc_date_from_ymd(2150, 1, 1), esc_date_from_ymd(2150, 1, 1), &due), ESC_OUT_OF_RANGE);
    CHECK_STATUS(esc_pathway_due(engine, index, -1, MON_2023_03_06, ESC_NO_DATE, &due), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_due(engine, -1, stage, MON_2023_03_06, ESC_NO_DATE, &due), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_due(NULL, index, stage, MON_2023_03_06, ESC_NO_DATE, &due), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_due(engine, index, stage, MON_2023_03_06, ESC_NO_DATE, NULL), ESC_INVALID_ARGUMENT);
}

/* Bulk recalculation: the same Wolverhampton answers as esc_pathway_due above, worked by hand,
 * plus bad rows that are reported without touching the others. */
static void test_recalculate(const esc_engine *engine) {
    int32_t index = -1, stage_1 = -1, stage_3 = -1;
    CHECK_STATUS(esc_engine_pathway_index(engine, "wolverhampton", &index), ESC_OK);
    CHECK_STATUS(esc_pathway_stage_index(engine, index, "stage-1", &stage_1), ESC_OK);
    CHECK_STATUS(esc_pathway_stage_index(engine, index, "stage-3", &stage_3), ESC_OK);
    /* Row 0: Stage 1 entered Mon 6 March 2023 -> Mon 13 March (5 working days).
       Row 1: Stage 3 entered Fri 17 March, started Mon 6 March -> Mon 20 March (the limit).
       Row 2: a pathway index past the end.  Row 3: a stage index of -1.
       Row 4: Stage 3 with no outset (the limit counts from it).
       Row 5: entered in 2150, outside the calendar.  Row 6: started after it was entered. */
    const int32_t pathways[7] = {index, index, 99, index, index, index, index};
    const int32_t stages[7] = {stage_1, stage_3, stage_1, -1, stage_3, stage_1, stage_1};
    const esc_date entered[7] = {MON_2023_03_06, FRI_2023_03_17, MON_2023_03_06, MON_2023_03_06,
                                 FRI_2023_03_17, esc_date_from_ymd(2150, 1, 1), MON_2023_03_06};
    const esc_date started[7] = {MON_2023_03_06, MON_2023_03_06, MON_2023_03_06, MON_2023_03_06,
                                 ESC_NO_DATE, esc_date_from_ymd(2150, 1, 1), MON_2023_03_13};
    esc_date due[7];
    esc_status rows[7];
    size_t failed = 0;
    int threads;
    for (threads = 0; threads <= 2; ++threads) {
        CHECK_STATUS(esc_recalculate(engine, 7, pathways, stages, entered, started, due, rows, threads, &failed), ESC_OK);
        CHECK(failed == 5);
        CHECK(due[0] == MON_2023_03_13 && rows[0] == ESC_OK);
        CHECK(due[1] == MON_2023_03_20 && rows[1] == ESC_OK);
        CHECK(due[2] == ESC_NO_DATE && rows[2] == ESC_INVALID_ARGUMENT);
        CHECK(due[3] == ESC_NO_DATE && rows[3] == ESC_INVALID_ARGUMENT);
        CHECK(due[4] == ESC_NO_DATE && rows[4] == ESC_INVALID_ARGUMENT);
        CHECK(due[5] == ESC_NO_DATE && rows[5] == ESC_OUT_OF_RANGE);
        CHECK(due[6] == ESC_NO_DATE && rows[6] == ESC_INVALID_ARGUMENT);
    }
    /* Optional outputs may be NULL; without a start column, rows needing one fail: Stages 1
       to 3 are covered by the 10-day limit from the outset, Stage 4 is not (entered Mon 6
       March, 2 working days: Wed 8 March). */
    {
        int32_t stage_4 = -1;
        int32_t two_stages[2];
        CHECK_STATUS(esc_pathway_stage_index(engine, index, "stage-4", &stage_4), ESC_OK);
        two_stages[0] = stage_4;
        two_stages[1] = stage_1;
        CHECK_STATUS(esc_recalculate(engine, 2, pathways, two_stages, entered, NULL, due, NULL, 1, &failed), ESC_OK);
        CHECK(due[0] == WED_2023_03_08 && due[1] == ESC_NO_DATE && failed == 1);
    }
    CHECK_STATUS(esc_recalculate(engine, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, &failed), ESC_OK);
    CHECK(failed == 0);
    CHECK_STATUS(esc_recalculate(NULL, 1, pathways, stages, entered, started, due, rows, 1, &failed), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_recalculate(engine, 1, NULL, stages, entered, started, due, rows, 1, &failed), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("pathways is NULL");
    CHECK_STATUS(esc_recalculate(engine, 1, pathways, NULL, entered, started, due, rows, 1, &failed), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_recalculate(engine, 1, pathways, stages, NULL, started, due, rows, 1, &failed), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_recalculate(engine, 1, pathways, stages, entered, started, NULL, rows, 1, &failed), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_recalculate(engine, 1, pathways, stages, entered, started, due, rows, -1, &failed), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("threads");
}

/* The flowchart: snprintf-like sizing, every Wolverhampton stage present, NULL handling. */
static void test_flowchart(const esc_engine *engine) {
    int32_t index = -1;
    size_t length = 0, again = 0;
    char small[8];
    char *text;
    CHECK_STATUS(esc_engine_pathway_index(engine, "wolverhampton", &index), ESC_OK);
    CHECK_STATUS(esc_pathway_dot(engine, index, NULL, NULL, 0, &length), ESC_OK);
    CHECK(length > 100);
    CHECK_STATUS(esc_pathway_dot(engine, index, NULL, small, sizeof small, &again), ESC_OK);
    CHECK(again == length && strlen(small) == sizeof small - 1 && strncmp(small, "digraph", 7) == 0);
    CHECK_STATUS(esc_pathway_dot(engine, index, "child", NULL, 0, &length), ESC_OK);
    text = (char *)malloc(length + 1);
    CHECK(text != NULL);
    if (text) {
        CHECK_STATUS(esc_pathway_dot(engine, index, "child", text, length + 1, &again), ESC_OK);
        CHECK(strlen(text) == again);
        /* The source's four stages and the SACG Chair's route (rulesets/pathways/wolverhampton.xml). */
        CHECK(strstr(text, "\"stage-1\"") && strstr(text, "\"stage-2\"") && strstr(text, "\"stage-3\"") &&
              strstr(text, "\"stage-4\"") && strstr(text, "exceptional"));
        free(text);
    }
    CHECK_STATUS(esc_pathway_dot(engine, index, "martian", NULL, 0, &length), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_dot(engine, 99, NULL, NULL, 0, &length), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_dot(NULL, index, NULL, NULL, 0, &length), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_dot(engine, index, NULL, NULL, 0, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_pathway_dot(engine, index, NULL, NULL, 5, &length), ESC_INVALID_ARGUMENT);
}

static esc_query make_query(const char *pathway, const char *stage, const char *event,
                            esc_date at, esc_date started) {
    esc_query query;
    memset(&query, 0, sizeof query);
    query.size = sizeof query;
    query.pathway = pathway;
    query.stage = stage;
    query.event = event;
    query.subject = NULL;
    query.at = at;
    query.started = started;
    query.entered = ESC_NO_DATE;
    return query;
}

static void prepare(esc_decision *decision, esc_obligation *steps, size_t steps_capacity,
                    esc_obligation *actions, size_t actions_capacity) {
    memset(decision, 0, sizeof *decision);
    decision->size = sizeof *decision;
    decision->obligation_size = sizeof(esc_obligation);
    decision->steps = steps;
    decision->steps_capacity = steps_capacity;
    decision->actions = actions;
    decision->actions_capacity = actions_capacity;
}

static void test_decide(const esc_engine *engine) {
    esc_query query;
    esc_decision decision;
    esc_obligation steps[8], actions[8];
    size_t i;

    /* Starting the pathway on Mon 6 March 2023: Stage 1, practitioners, due Mon 13 March
       (2 + 3 working days). Its steps: raise in writing within 2 working days (Wed 8), then
       the receiving agency responds within a further 3 (Mon 13). */
    query = make_query("wolverhampton", NULL, NULL, MON_2023_03_06, ESC_NO_DATE);
    prepare(&decision, steps, 8, actions, 8);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(strcmp(decision.stage, "stage-1") == 0);
    CHECK(decision.stage_name != NULL);
    CHECK(strcmp(decision.tier, "practitioners") == 0);
    CHECK(strcmp(decision.tier_name, "Practitioners") == 0);
    CHECK(decision.terminal == 0 && decision.outcome_kind == ESC_OUTCOME_NONE);
    CHECK(decision.due == MON_2023_03_13);
    CHECK(decision.entered == MON_2023_03_06 && decision.started == MON_2023_03_06);
    CHECK(decision.due_rule == ESC_DUE_RULE_STAGE_TIMESCALE);
    CHECK(decision.deadline_kind == ESC_DEADLINE_WORKING_DAYS && decision.deadline_days == 5);
    CHECK(decision.anchor == ESC_ANCHOR_STAGE_ENTRY && decision.anchor_date == MON_2023_03_06);
    CHECK(decision.timescale_due == MON_2023_03_13);
    CHECK(decision.limit_id != NULL && decision.limit_working_days == 10);
    CHECK(decision.limit_due == MON_2023_03_20); /* 10 working days from Mon 6 March */
    CHECK(strcmp(decision.calendar, "england-and-wales") == 0);
    CHECK(decision.clause != NULL && decision.clause[0] != '\0');
    CHECK(decision.transition_clause != NULL);
    CHECK(decision.step_count == 2);
    CHECK(steps[0].due == WED_2023_03_08 && steps[0].deadline_days == 2);
    CHECK(steps[1].due == MON_2023_03_13 && steps[1].anchor == ESC_ANCHOR_PREVIOUS_STEP);
    CHECK(steps[0].id && steps[0].name && steps[0].clause);
    CHECK(decision.action_count >= 1);
    for (i = 0; i < decision.action_count && i < 8; ++i) {
        CHECK(actions[i].id != NULL && actions[i].name != NULL && actions[i].clause != NULL);
        /* Section 3.9 gives recording no timescale: never an invented due date. */
        if (actions[i].deadline_kind == ESC_DEADLINE_NONE) CHECK(actions[i].due == ESC_NO_DATE);
    }
    CHECK(decision.pathway_index >= 0 && decision.stage_index >= 0);

    /* A buffer too small: the total is still reported, only what fits is written. */
    prepare(&decision, steps, 1, NULL, 0);
    steps[1].id = "untouched";
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.step_count == 2 && steps[0].due == WED_2023_03_08);
    CHECK(strcmp(steps[1].id, "untouched") == 0);
    CHECK(decision.action_count >= 1);
    /* No buffers at all: counts only, obligation_size not needed. */
    prepare(&decision, NULL, 0, NULL, 0);
    decision.obligation_size = 0;
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.step_count == 2);
    /* A buffer without obligation_size is refused. */
    prepare(&decision, steps, 8, NULL, 0);
    decision.obligation_size = 0;
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("obligation_size");

    /* Easter 2023: started Mon 3 April, 5 working days skip Good Friday (7 April), the
       weekend and Easter Monday (10 April): Tue 4, Wed 5, Thu 6, Tue 11, Wed 12. */
    query = make_query("wolverhampton", NULL, NULL, MON_2023_04_03, ESC_NO_DATE);
    prepare(&decision, steps, 8, actions, 8);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == WED_2023_04_12);
    /* The coronation bank holiday (Mon 8 May 2023, a one-off): started Tue 2 May, 5 working
       days are Wed 3, Thu 4, Fri 5, Tue 9, Wed 10. */
    query = make_query("wolverhampton", NULL, NULL, TUE_2023_05_02, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == WED_2023_05_10);

    /* Stage 1 unresolved on Mon 13 March: Stage 2, line managers, 2 working days: Wed 15. */
    query = make_query("wolverhampton", "stage-1", "unresolved", MON_2023_03_13, MON_2023_03_06);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(strcmp(decision.stage, "stage-2") == 0);
    CHECK(strcmp(decision.tier, "line-managers") == 0);
    CHECK(decision.due == WED_2023_03_15);
    CHECK(decision.transition_clause[0] != '\0');

    /* Stage 2 unresolved late, on Fri 17 March: Stage 3's own 3 working days give Wed 22, but
       the 10-working-day discussion limit from Mon 6 March caps it at Mon 20. */
    query = make_query("wolverhampton", "stage-2", "unresolved", FRI_2023_03_17, MON_2023_03_06);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(strcmp(decision.stage, "stage-3") == 0);
    CHECK(decision.due == MON_2023_03_20);
    CHECK(decision.due_rule == ESC_DUE_RULE_OVERALL_LIMIT);
    CHECK(decision.timescale_due == WED_2023_03_22);
    CHECK(decision.limit_due == MON_2023_03_20);
    CHECK(decision.limit_name != NULL);

    /* Stage 4 resolved: a terminal outcome, no tier, no due date. */
    query = make_query("wolverhampton", "stage-4", "resolved", WED_2023_03_22, MON_2023_03_06);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.terminal == 1);
    CHECK(decision.outcome_kind == ESC_OUTCOME_RESOLVED);
    CHECK(strcmp(decision.stage, "resolved") == 0);
    CHECK(decision.tier == NULL && decision.tier_name == NULL);
    CHECK(decision.due == ESC_NO_DATE && decision.stage_index == -1);
    CHECK(decision.step_count == 0 && decision.action_count == 0);

    /* Immediate risk at the start: the disagreement begins at Stage 1 beside the escalation under
       safeguarding procedures (Stage 1 row; 1.2 "disagreements always require resolution"); Stage 1
       is due 5 working days later, Mon 13 March (Tue 7, Wed 8, Thu 9, Fri 10, Mon 13). */
    query = make_query("wolverhampton", NULL, "immediate-risk", MON_2023_03_06, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.terminal == 0 && strcmp(decision.stage, "stage-1") == 0);
    CHECK(decision.due == MON_2023_03_13);

    /* Errors: an event with no route is an error, never a silent default. */
    query = make_query("wolverhampton", "confirm-outcome-stage-1", "unresolved", MON_2023_03_13, MON_2023_03_06);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_NO_TRANSITION);
    CHECK_MESSAGE_HAS("unresolved");
    CHECK(decision.stage == NULL && decision.due == ESC_NO_DATE); /* reset on failure */
    query = make_query("atlantis", NULL, NULL, MON_2023_03_06, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("atlantis");
    query = make_query("wolverhampton", "stage-9", "unresolved", MON_2023_03_06, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_NOT_FOUND);
    query = make_query("wolverhampton", "stage-1", "shrugged", MON_2023_03_06, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("shrugged");
    query = make_query("wolverhampton", NULL, NULL, esc_date_from_ymd(2150, 6, 1), ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OUT_OF_RANGE);
    query = make_query("wolverhampton", NULL, NULL, ESC_NO_DATE, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_INVALID_ARGUMENT);
    query = make_query("wolverhampton", "stage-1", NULL, MON_2023_03_13, MON_2023_03_06);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("event");
    query = make_query(NULL, NULL, NULL, MON_2023_03_06, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_INVALID_ARGUMENT);

    /* NULL and bad sizes. */
    query = make_query("wolverhampton", NULL, NULL, MON_2023_03_06, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(NULL, &query, &decision), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_decide(engine, NULL, &decision), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_decide(engine, &query, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_decide(NULL, NULL, NULL), ESC_INVALID_ARGUMENT);
    query.size = 4;
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("query->size");
    query.size = sizeof query;
    prepare(&decision, NULL, 0, NULL, 0);
    decision.size = 8;
    decision.stage = "sentinel";
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_INVALID_ARGUMENT);
    CHECK(strcmp(decision.stage, "sentinel") == 0); /* a rejected struct is untouched */

    /* A caller built against a later header (a larger struct) is accepted. */
    {
        struct {
            esc_decision decision;
            char future_fields[64];
        } larger;
        memset(&larger, 0, sizeof larger);
        larger.decision.size = sizeof larger;
        CHECK_STATUS(esc_decide(engine, &query, &larger.decision), ESC_OK);
        CHECK(larger.decision.due == MON_2023_03_13);
    }

    /* The last error lasts until the thread's next call, then clears on success. */
    query = make_query("atlantis", NULL, NULL, MON_2023_03_06, ESC_NO_DATE);
    prepare(&decision, NULL, 0, NULL, 0);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_NOT_FOUND);
    CHECK(strstr(esc_last_error(), "esc_decide") == esc_last_error()); /* says where */
    CHECK(esc_last_error()[0] != '\0'); /* reading it twice does not clear it */
    query = make_query("wolverhampton", NULL, NULL, MON_2023_03_06, ESC_NO_DATE);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(esc_last_error()[0] == '\0');
}

static void test_subjects(const esc_engine *engine) {
    /* South Tyneside's last stage is the STSCP for a child and the STSAB for an adult
       (the joint protocol names both); the tier's name follows the subject. */
    esc_query query;
    esc_decision child, adult;
    int32_t index = -1, stages = 0, stage;
    const char *id = NULL;
    CHECK_STATUS(esc_engine_pathway_index(engine, "south-tyneside", &index), ESC_OK);
    CHECK_STATUS(esc_pathway_stage_count(engine, index, &stages), ESC_OK);
    for (stage = 0; stage < stages; ++stage) {
        CHECK_STATUS(esc_pathway_stage_id(engine, index, stage, &id), ESC_OK);
        if (strcmp(id, "stage-4") == 0) break;
    }
    CHECK(stage < stages);
    /* Started Mon 8 April 2024 (19821; the protocol's current version is of April 2024),
       escalated Thu 11 April (19824). */
    query = make_query("south-tyneside", "stage-3", "unresolved", 19824, 19821);
    query.subject = "child";
    prepare(&child, NULL, 0, NULL, 0);
    CHECK_STATUS(esc_decide(engine, &query, &child), ESC_OK);
    query.subject = "adult";
    prepare(&adult, NULL, 0, NULL, 0);
    CHECK_STATUS(esc_decide(engine, &query, &adult), ESC_OK);
    CHECK(child.tier_name && strstr(child.tier_name, "STSCP") != NULL);
    CHECK(adult.tier_name && strstr(adult.tier_name, "STSAB") != NULL);
    query.subject = "martian"; /* not a subject any pathway covers */
    CHECK_STATUS(esc_decide(engine, &query, &adult), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("martian");
}

/* The array forms answer each row as the single calls do (the values are the ones worked by
   hand in test_calendars), and a bad row fails alone. */
static void test_calendar_arrays(const esc_engine *engine) {
    const esc_calendar *england = NULL;
    const esc_date dates[5] = {MON_2023_03_06, FRI_2022_12_23, ESC_NO_DATE, DEC_31_2100, MON_2023_03_06 + 5};
    const int32_t counts[5] = {5, 1, 1, 1, 1};
    const esc_date to[5] = {MON_2023_03_13, MON_2023_03_06, MON_2023_03_06, DEC_31_2100, MON_2023_03_06 + 5};
    esc_date added[5];
    int32_t counted[5];
    uint8_t working[5];
    esc_status statuses[5];
    size_t failed = 99;

    CHECK_STATUS(esc_engine_calendar(engine, "england-and-wales", &england), ESC_OK);
    CHECK_STATUS(esc_calendar_add_working_days_array(england, 5, dates, counts, added, statuses, &failed), ESC_OK);
    CHECK(added[0] == MON_2023_03_13 && statuses[0] == ESC_OK);
    CHECK(added[1] == WED_2022_12_28 && statuses[1] == ESC_OK); /* Christmas 2022 skipped */
    CHECK(added[2] == ESC_NO_DATE && statuses[2] == ESC_INVALID_ARGUMENT);
    CHECK(added[3] == ESC_NO_DATE && statuses[3] == ESC_OUT_OF_RANGE); /* past the tables */
    CHECK(added[4] == MON_2023_03_13 && statuses[4] == ESC_OK); /* from a Saturday */
    CHECK(failed == 2);

    CHECK_STATUS(esc_calendar_count_working_days_array(england, 5, dates, to, counted, statuses, &failed), ESC_OK);
    CHECK(counted[0] == 5 && statuses[0] == ESC_OK);
    CHECK(counted[2] == 0 && statuses[2] == ESC_INVALID_ARGUMENT);
    CHECK(counted[3] == 0 && statuses[3] == ESC_OK); /* 31 December 2100 to itself */
    CHECK(counted[4] == 0 && statuses[4] == ESC_OK);
    CHECK(failed == 1);

    CHECK_STATUS(esc_calendar_is_working_day_array(england, 5, dates, working, NULL, &failed), ESC_OK);
    CHECK(working[0] == 1 && working[1] == 1 && working[2] == 0 && working[4] == 0); /* [4]: Saturday */
    CHECK(failed == 1);

    CHECK_STATUS(esc_calendar_is_working_day_array(NULL, 5, dates, working, NULL, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_is_working_day_array(england, 5, NULL, working, NULL, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_add_working_days_array(england, 0, NULL, NULL, NULL, NULL, &failed), ESC_OK);
    CHECK(failed == 0);
    CHECK_STATUS(esc_calendar_count_working_days_array(england, 1, dates, to, NULL, NULL, NULL), ESC_INVALID_ARGUMENT);
}

static void test_calendars(const esc_engine *engine) {
    const esc_calendar *england = NULL, *scotland = NULL, *at = NULL;
    esc_calendar_info info;
    int32_t count = 0, counted = 0, i;
    int working = -1;
    const char *name = NULL;
    esc_date date = 0;
    esc_holiday holidays[16];
    size_t total = 0;
    const esc_date england_2023[9] = {MON_2023_01_02, FRI_2023_04_07, MON_2023_04_10,
                                      MON_2023_05_01, MON_2023_05_08, MON_2023_05_29,
                                      MON_2023_08_28, MON_2023_12_25, TUE_2023_12_26};

    CHECK_STATUS(esc_engine_calendar_count(engine, &count), ESC_OK);
    CHECK(count == 3); /* docs/ruleset-format.md: the three bundled calendars */
    CHECK_STATUS(esc_engine_calendar_count(NULL, &count), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_calendar_count(engine, NULL), ESC_INVALID_ARGUMENT);
    for (i = 0; i < count; ++i) CHECK_STATUS(esc_engine_calendar_at(engine, i, &at), ESC_OK);
    CHECK_STATUS(esc_engine_calendar_at(engine, count, &at), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_calendar_at(engine, -1, &at), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_calendar_at(NULL, 0, &at), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_calendar_at(engine, 0, NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_engine_calendar(engine, "england-and-wales", &england), ESC_OK);
    CHECK_STATUS(esc_engine_calendar(engine, "scotland", &scotland), ESC_OK);
    CHECK_STATUS(esc_engine_calendar(engine, "northern-ireland", &at), ESC_OK);
    CHECK_STATUS(esc_engine_calendar(engine, "narnia", &at), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("narnia");
    CHECK_STATUS(esc_engine_calendar(NULL, "scotland", &at), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_calendar(engine, NULL, &at), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_calendar(engine, "scotland", NULL), ESC_INVALID_ARGUMENT);

    memset(&info, 0, sizeof info);
    info.size = sizeof info;
    CHECK_STATUS(esc_calendar_info_get(england, &info), ESC_OK);
    CHECK(strcmp(info.id, "england-and-wales") == 0 && info.name && info.source);
    CHECK(info.first_date == JAN_1_1980 && info.last_date == DEC_31_2100); /* docs/ruleset-format.md: 1980-2100 */
    info.size = 0;
    CHECK_STATUS(esc_calendar_info_get(england, &info), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_info_get(NULL, &info), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_info_get(england, NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_calendar_is_working_day(england, MON_2023_03_06, &working), ESC_OK);
    CHECK(working == 1);
    CHECK_STATUS(esc_calendar_is_working_day(england, MON_2023_03_06 + 5, &working), ESC_OK);
    CHECK(working == 0); /* Saturday */
    CHECK_STATUS(esc_calendar_is_working_day(england, MON_2023_05_08, &working), ESC_OK);
    CHECK(working == 0); /* coronation bank holiday */
    /* 2 January is a holiday in Scotland but not in England: on 3 January 2023 Scotland takes
       New Year's Day's substitute (1 January was a Sunday) while England works. */
    CHECK_STATUS(esc_calendar_is_working_day(england, TUE_2023_01_03, &working), ESC_OK);
    CHECK(working == 1);
    CHECK_STATUS(esc_calendar_is_working_day(scotland, TUE_2023_01_03, &working), ESC_OK);
    CHECK(working == 0);
    CHECK_STATUS(esc_calendar_is_working_day(england, esc_date_from_ymd(1979, 12, 31), &working), ESC_OUT_OF_RANGE);
    CHECK_MESSAGE_HAS("1980-01-01");
    CHECK_STATUS(esc_calendar_is_working_day(england, esc_date_from_ymd(2101, 1, 1), &working), ESC_OUT_OF_RANGE);
    CHECK_STATUS(esc_calendar_is_working_day(england, ESC_NO_DATE, &working), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_is_working_day(NULL, MON_2023_03_06, &working), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_is_working_day(england, MON_2023_03_06, NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_calendar_holiday_name(england, FRI_2023_04_07, &name), ESC_OK);
    CHECK(name && strcmp(name, "Good Friday") == 0);
    CHECK_STATUS(esc_calendar_holiday_name(england, MON_2023_05_08, &name), ESC_OK);
    CHECK(name && strstr(name, "coronation") != NULL);
    CHECK_STATUS(esc_calendar_holiday_name(england, MON_2023_03_06, &name), ESC_OK);
    CHECK(name == NULL);
    CHECK_STATUS(esc_calendar_holiday_name(england, esc_date_from_ymd(2200, 1, 1), &name), ESC_OUT_OF_RANGE);
    CHECK_STATUS(esc_calendar_holiday_name(NULL, MON_2023_03_06, &name), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_holiday_name(england, MON_2023_03_06, NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_calendar_add_working_days(england, MON_2023_03_06, 5, &date), ESC_OK);
    CHECK(date == MON_2023_03_13);
    CHECK_STATUS(esc_calendar_add_working_days(england, MON_2023_03_06, 0, &date), ESC_OK);
    CHECK(date == MON_2023_03_06); /* "immediately" */
    CHECK_STATUS(esc_calendar_add_working_days(england, MON_2023_03_13, -5, &date), ESC_OK);
    CHECK(date == MON_2023_03_06);
    /* Christmas 2022 fell on a Sunday: Boxing Day Mon 26, substitute Tue 27, so the working
       day after Fri 23 December is Wed 28. */
    CHECK_STATUS(esc_calendar_add_working_days(england, FRI_2022_12_23, 1, &date), ESC_OK);
    CHECK(date == WED_2022_12_28);
    /* From a Saturday, the first working day after it (Monday) is day 1. */
    CHECK_STATUS(esc_calendar_add_working_days(england, MON_2023_03_06 + 5, 1, &date), ESC_OK);
    CHECK(date == MON_2023_03_13);
    CHECK_STATUS(esc_calendar_add_working_days(england, DEC_31_2100, 1, &date), ESC_OUT_OF_RANGE);
    CHECK_STATUS(esc_calendar_add_working_days(england, ESC_NO_DATE, 1, &date), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_add_working_days(NULL, MON_2023_03_06, 1, &date), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_add_working_days(england, MON_2023_03_06, 1, NULL), ESC_INVALID_ARGUMENT);

    CHECK_STATUS(esc_calendar_count_working_days(england, MON_2023_03_06, MON_2023_03_13, &counted), ESC_OK);
    CHECK(counted == 5);
    CHECK_STATUS(esc_calendar_count_working_days(england, MON_2023_03_13, MON_2023_03_06, &counted), ESC_OK);
    CHECK(counted == -5);
    CHECK_STATUS(esc_calendar_count_working_days(england, MON_2023_04_03, WED_2023_04_12, &counted), ESC_OK);
    CHECK(counted == 5); /* Easter skipped */
    CHECK_STATUS(esc_calendar_count_working_days(england, MON_2023_03_06, MON_2023_03_06, &counted), ESC_OK);
    CHECK(counted == 0);
    CHECK_STATUS(esc_calendar_count_working_days(england, MON_2023_03_06, esc_date_from_ymd(2101, 1, 1), &counted), ESC_OUT_OF_RANGE);
    CHECK_STATUS(esc_calendar_count_working_days(england, ESC_NO_DATE, MON_2023_03_06, &counted), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_count_working_days(NULL, MON_2023_03_06, MON_2023_03_13, &counted), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_count_working_days(england, MON_2023_03_06, MON_2023_03_13, NULL), ESC_INVALID_ARGUMENT);

    /* England and Wales 2023 (GOV.UK): 2 Jan (substitute), 7 Apr, 10 Apr, 1 May, 8 May
       (coronation), 29 May, 28 Aug, 25 Dec, 26 Dec. */
    CHECK_STATUS(esc_calendar_holidays(england, 2023, NULL, 0, &total), ESC_OK);
    CHECK(total == 9);
    CHECK_STATUS(esc_calendar_holidays(england, 2023, holidays, 16, &total), ESC_OK);
    CHECK(total == 9);
    for (i = 0; i < 9 && (size_t)i < total; ++i) {
        CHECK(holidays[i].date == england_2023[i]);
        CHECK(holidays[i].name != NULL && holidays[i].name[0] != '\0');
    }
    CHECK(holidays[0].substitute == 1 && holidays[1].substitute == 0);
    CHECK(strcmp(holidays[1].name, "Good Friday") == 0);
    holidays[3].date = 0;
    CHECK_STATUS(esc_calendar_holidays(england, 2023, holidays, 3, &total), ESC_OK);
    CHECK(total == 9 && holidays[2].date == MON_2023_04_10 && holidays[3].date == 0);
    CHECK_STATUS(esc_calendar_holidays(england, 2101, holidays, 16, &total), ESC_OUT_OF_RANGE);
    CHECK_STATUS(esc_calendar_holidays(england, 1979, holidays, 16, &total), ESC_OUT_OF_RANGE);
    CHECK_STATUS(esc_calendar_holidays(england, 2023, NULL, 4, &total), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_holidays(england, 2023, holidays, 16, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_calendar_holidays(NULL, 2023, holidays, 16, &total), ESC_INVALID_ARGUMENT);
}

/* The clocks fixture (tests/data/clocks, dates worked by hand in tests/engine/clocks_test.cpp),
   and the layouts since 1.1: a caller compiled against the first release must see exactly
   the bytes it had, and no more. Day numbers: Fri 2024-03-08 = 19790, Sat 9 = 19791,
   Mon 11 = 19793, Tue 12 = 19794, Wed 13 = 19795, Mon 18 = 19800, Wed 20 = 19802. */
static void test_clocks(void) {
    esc_engine *engine = NULL;
    esc_query query;
    esc_decision decision;
    esc_obligation steps[4], actions[8];
    unsigned char old_decision[sizeof(esc_decision) + 16];
    unsigned char old_actions[8 * sizeof(esc_obligation)];
    const size_t old_decision_size = offsetof(esc_decision, force);
    const size_t old_obligation_size = offsetof(esc_obligation, due_rule);
    esc_decision *old = (esc_decision *)(void *)old_decision;
    size_t i;

    CHECK_STATUS(esc_engine_load(ESCALATE_CLOCKS_FIXTURE, &engine), ESC_OK);
    if (!engine) return;

    /* Started Fri 8 March: the limit (5 working days, "usually") decides: Mon 18 March. */
    query = make_query("c", NULL, NULL, 19790, ESC_NO_DATE);
    prepare(&decision, steps, 4, actions, 8);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == 19800 && decision.due_rule == ESC_DUE_RULE_OVERALL_LIMIT);
    CHECK(decision.force == ESC_FORCE_USUALLY && decision.overdue == 0 && decision.side_track == 0);
    CHECK(decision.limit_reading != NULL && strstr(decision.limit_reading, "per stage") != NULL);
    CHECK(decision.action_count == 3);
    CHECK(strcmp(actions[0].id, "record") == 0 && actions[0].due == 19791 && actions[0].deadline_kind == ESC_DEADLINE_HOURS &&
          actions[0].deadline_hours == 24 && actions[0].roll == 0);
    CHECK(strcmp(actions[1].id, "file") == 0 && actions[1].due == 19793 && actions[1].roll == 1);
    CHECK(strcmp(actions[2].id, "confirm") == 0 && actions[2].due == ESC_NO_DATE &&
          actions[2].due_rule == ESC_DUE_RULE_WAITING && actions[2].anchor == ESC_ANCHOR_ON_EVENT &&
          strcmp(actions[2].waits_for, "raise") == 0);
    CHECK(steps[0].due == 19800 && steps[0].due_rule == ESC_DUE_RULE_OVERALL_LIMIT && steps[0].force == ESC_FORCE_USUALLY);

    /* A side track on Tue 12 March: the call (immediately, "should") comes first, from the event. */
    query = make_query("c", "stage-1", "immediate-risk", 19794, 19790);
    prepare(&decision, steps, 4, actions, 8);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_INVALID_ARGUMENT); /* no entered */
    query.entered = 19790;
    prepare(&decision, steps, 4, actions, 8);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.side_track == 1 && strcmp(decision.stage, "stage-1") == 0 && decision.due == 19800);
    CHECK(decision.entered == 19790);
    CHECK(strcmp(actions[0].id, "call-police") == 0 && actions[0].due == 19794 &&
          actions[0].force == ESC_FORCE_SHOULD && actions[0].source == ESC_FROM_TRANSITION);

    /* Stage 2 entered Wed 20 March, due Wed 13 (3 working days from the outset): overdue on
       entry, an expectation. */
    query = make_query("c", "stage-1", "unresolved", 19802, 19790);
    prepare(&decision, steps, 4, actions, 8);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == 19795 && decision.overdue == 1 && decision.force == ESC_FORCE_EXPECTED);

    /* Near the calendar's end (it ends Tue 2030-12-31): started Fri 2030-12-20 (22268), the
       own 20 working days run past the end, the limit (23-27 December) does not: due Fri
       2030-12-27 (22275), the own timescale's date absent, not an error (a defect of 1.0: the
       C layer recomputed it with the throwing add). */
    query = make_query("c", NULL, NULL, 22268, ESC_NO_DATE);
    prepare(&decision, steps, 4, actions, 8);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == 22275 && decision.timescale_due == ESC_NO_DATE && decision.limit_due == 22275);
    CHECK(steps[0].due == 22275); /* the 10-day step, brought forward with its stage */
    {
        esc_date due = 0;
        CHECK_STATUS(esc_pathway_due(engine, decision.pathway_index, decision.stage_index, 22268, 22268, &due), ESC_OK);
        CHECK(due == 22275);
    }

    /* A caller of the first release: its shorter structs, and nothing written past them. */
    query = make_query("c", NULL, NULL, 19790, ESC_NO_DATE);
    memset(old_decision, 0xAB, sizeof old_decision);
    memset(old_actions, 0xCD, sizeof old_actions);
    memset(old, 0, old_decision_size);
    old->size = (uint32_t)old_decision_size;
    old->obligation_size = (uint32_t)old_obligation_size;
    old->actions = (esc_obligation *)(void *)old_actions;
    old->actions_capacity = 3;
    CHECK_STATUS(esc_decide(engine, &query, old), ESC_OK);
    CHECK(old->due == 19800 && old->action_count == 3);
    for (i = old_decision_size; i < sizeof old_decision; ++i) CHECK(old_decision[i] == 0xAB);
    for (i = 0; i < 3; ++i) {
        const unsigned char *element = old_actions + i * old_obligation_size;
        esc_date due;
        memcpy(&due, element + offsetof(esc_obligation, due), sizeof due);
        CHECK(due == (i == 0 ? 19791 : i == 1 ? 19793 : ESC_NO_DATE));
    }
    for (i = 3 * old_obligation_size; i < sizeof old_actions; ++i) CHECK(old_actions[i] == 0xCD);
    esc_engine_free(engine);
}

/* Versions of a pathway (ESCALATE_1.3; docs/c-api.md, Versions): the test pathway
   tests/data/versions, "test-versions" version "2023" effective from January 2023 (Stage 1: 5
   working days, Stage 2: 10) and version "2024" effective from 1 April 2024 (2 and 3), loaded
   with the bundled calendars. Dates worked by hand over Easter 2024 (Good Friday 29 March,
   Easter Monday 1 April) in tests/engine/versions_test.cpp. Day numbers: Thu 2024-03-28 =
   19810, Sun 31 = 19813, Mon 1 April = 19814, Tue 2 = 19815, Wed 3 = 19816, Thu 4 = 19817,
   Mon 8 = 19821, Tue 9 = 19822, Wed 10 = 19823, Mon 15 = 19828, Wed 24 = 19837; Sat
   2022-12-31 = 19357, Sun 2023-01-01 = 19358, Mon 2025-03-31 = 20178. */
static void test_pathway_versions(void) {
    const char *paths[] = {ESCALATE_RULESETS_DIR "/calendars", ESCALATE_VERSIONS_FIXTURE};
    esc_engine *engine = NULL;
    esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
    esc_query query;
    esc_decision decision;
    esc_obligation steps[4], actions[4];
    esc_case_query case_query;
    esc_case result;
    const esc_date dates[] = {19810, 19823};
    const char *const events[] = {"start", "unresolved"};
    int32_t first = -1, count = -1, index = -1, latest = -1;

    CHECK_STATUS(esc_engine_load_paths(paths, 2, &engine), ESC_OK);
    if (!engine) return;
    CHECK_STATUS(esc_engine_pathway_versions(engine, "test-versions", &first, &count), ESC_OK);
    CHECK(count == 2);
    CHECK_STATUS(esc_engine_pathway_index(engine, "test-versions", &latest), ESC_OK);
    CHECK(latest == first + 1); /* an id alone means its latest version */
    CHECK_STATUS(esc_pathway_info_get(engine, first, &info), ESC_OK);
    CHECK(strcmp(info.version, "2023") == 0);
    CHECK(info.effective_from == ESC_NO_DATE); /* a month: no invented day */
    CHECK(strcmp(info.effective_from_stated, "2023-01") == 0);
    CHECK(info.in_force_from == 19358 && info.in_force_until == 19813);
    CHECK(strcmp(info.review_by, "") == 0 && info.review_by_end == ESC_NO_DATE);
    CHECK(strcmp(info.source_date, "2022") == 0);
    CHECK_STATUS(esc_pathway_info_get(engine, first + 1, &info), ESC_OK);
    CHECK(strcmp(info.version, "2024") == 0 && info.effective_from == 19814);
    CHECK(strcmp(info.effective_from_stated, "2024-04-01") == 0);
    CHECK(info.in_force_from == 19814 && info.in_force_until == ESC_NO_DATE);
    CHECK(strcmp(info.review_by, "2025-03") == 0 && info.review_by_end == 20178);
    CHECK(strcmp(info.source_date, "") == 0); /* undated */

    /* Selection by outset, by name, and the latest without either. */
    CHECK_STATUS(esc_engine_pathway_select(engine, "test-versions", NULL, 19813, &index), ESC_OK);
    CHECK(index == first);
    CHECK_STATUS(esc_engine_pathway_select(engine, "test-versions", NULL, 19814, &index), ESC_OK);
    CHECK(index == first + 1);
    CHECK_STATUS(esc_engine_pathway_select(engine, "test-versions", NULL, 19358, &index), ESC_OK);
    CHECK(index == first);
    CHECK_STATUS(esc_engine_pathway_select(engine, "test-versions", "2023", 19815, &index), ESC_OK);
    CHECK(index == first);
    CHECK_STATUS(esc_engine_pathway_select(engine, "test-versions", NULL, ESC_NO_DATE, &index), ESC_OK);
    CHECK(index == latest);
    CHECK_STATUS(esc_engine_pathway_select(engine, "test-versions", NULL, 19357, &index), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("no version in force on 2022-12-31");
    CHECK_MESSAGE_HAS("is effective from 2023-01");
    CHECK_STATUS(esc_engine_pathway_select(engine, "test-versions", "2025", ESC_NO_DATE, &index), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("its versions are \"2023\", \"2024\"");
    CHECK_STATUS(esc_engine_pathway_select(engine, "no-such", NULL, ESC_NO_DATE, &index), ESC_NOT_FOUND);
    CHECK_STATUS(esc_engine_pathway_select(engine, NULL, NULL, ESC_NO_DATE, &index), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_select(engine, "test-versions", NULL, ESC_NO_DATE, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_select(NULL, "test-versions", NULL, ESC_NO_DATE, &index), ESC_INVALID_ARGUMENT);
    /* One case by ids: the version esc_engine_pathway_for_case gives is the one
       esc_engine_pathway_select gives on the outset chosen here by hand (started, else
       entered), and the one esc_decide answers the same case by, over every entry date from
       Sun 1 January 2023 to Sun 7 April 2024 (the 2024 version takes effect Mon 1 April),
       with and without a start three days before. */
    {
        esc_date day;
        int checked = 0;
        for (day = 19358; day <= 19820; ++day) {
            int with_start;
            for (with_start = 0; with_start < 2; ++with_start) {
                const esc_date started = with_start ? day - 3 : ESC_NO_DATE;
                const esc_date outset = with_start ? day - 3 : day;
                int32_t for_case = -1, by_hand = -1;
                const esc_status a = esc_engine_pathway_for_case(engine, "test-versions", NULL, day, started, &for_case);
                const esc_status b = esc_engine_pathway_select(engine, "test-versions", NULL, outset, &by_hand);
                CHECK(a == b);
                if (a != ESC_OK) {
                    CHECK(a == ESC_NOT_FOUND && outset < 19358);
                    continue;
                }
                CHECK(for_case == by_hand);
                CHECK(for_case == (outset >= 19814 ? latest : first));
                {
                    esc_query query = ESC_QUERY_INIT;
                    esc_decision decision = ESC_DECISION_INIT;
                    query.pathway = "test-versions";
                    query.at = day;
                    query.started = started;
                    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
                    CHECK(decision.pathway_index == for_case);
                }
                ++checked;
            }
        }
        CHECK(checked > 900);
    }
    /* A named version wins over the dates; bad arguments as esc_engine_pathway_select. */
    CHECK_STATUS(esc_engine_pathway_for_case(engine, "test-versions", "2023", 19815, 19815, &index), ESC_OK);
    CHECK(index == first);
    CHECK_STATUS(esc_engine_pathway_for_case(engine, "test-versions", NULL, 19357, ESC_NO_DATE, &index), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("no version in force on 2022-12-31");
    CHECK_STATUS(esc_engine_pathway_for_case(engine, "test-versions", NULL, 19815, 19357, &index), ESC_NOT_FOUND);
    CHECK_STATUS(esc_engine_pathway_for_case(engine, "no-such", NULL, 19815, ESC_NO_DATE, &index), ESC_NOT_FOUND);
    CHECK_STATUS(esc_engine_pathway_for_case(engine, NULL, NULL, 19815, ESC_NO_DATE, &index), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_for_case(engine, "test-versions", NULL, 19815, ESC_NO_DATE, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_for_case(NULL, "test-versions", NULL, 19815, ESC_NO_DATE, &index), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_versions(engine, "no-such", &first, &count), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("test-versions");
    CHECK_STATUS(esc_engine_pathway_versions(engine, NULL, &first, &count), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_versions(engine, "test-versions", NULL, &count), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_versions(engine, "test-versions", &first, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_versions(NULL, "test-versions", &first, &count), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_engine_pathway_versions(engine, "test-versions", &first, &count), ESC_OK);

    /* Bulk rows given by id (esc_engine_pathway_index: the latest version) re-pointed by
       esc_select_versions to the version in force on each outset, then recalculated. Entered
       Thu 28 March, no started (2023: Tue 2 ... Mon 8 April); Stage 2 entered Wed 10 April in a
       case started 28 March (2023: Thu 11 ... Wed 24 April); entered Tue 2 April (2024: Wed 3,
       Thu 4); entered Sat 31 December 2022 (before every version); the older version's index
       with an outset of Tue 2 April (it stands for its id: 2024). */
    {
        int32_t stage1 = -1, stage2 = -1;
        CHECK_STATUS(esc_pathway_stage_index(engine, latest, "stage-1", &stage1), ESC_OK);
        CHECK_STATUS(esc_pathway_stage_index(engine, latest, "stage-2", &stage2), ESC_OK);
        int32_t rows_pathway[5] = {latest, latest, latest, latest, first};
        int32_t rows_stage[5] = {stage1, stage2, stage1, stage1, stage1};
        const esc_date rows_entered[5] = {19810, 19823, 19815, 19357, 19815};
        const esc_date rows_started[5] = {ESC_NO_DATE, 19810, ESC_NO_DATE, ESC_NO_DATE, ESC_NO_DATE};
        esc_date rows_due[5];
        esc_row_reason rows_reason[5];
        esc_status rows_status[5];
        size_t changed = 99, failed = 99;
        CHECK_STATUS(esc_select_versions(engine, 5, rows_pathway, rows_stage, rows_entered, rows_started, &changed),
                     ESC_OK);
        CHECK(changed == 4);
        CHECK(rows_pathway[0] == first && rows_pathway[1] == first && rows_pathway[2] == latest);
        CHECK(rows_pathway[3] == ESC_PATHWAY_NO_VERSION && rows_pathway[4] == latest);
        CHECK_STATUS(esc_recalculate_reasons(engine, 5, rows_pathway, rows_stage, rows_entered, rows_started, rows_due,
                                             rows_reason, 1, &failed),
                     ESC_OK);
        CHECK(rows_due[0] == 19821 && rows_due[1] == 19837 && rows_due[2] == 19817 && rows_due[4] == 19817);
        CHECK(rows_due[3] == ESC_NO_DATE && rows_reason[3] == ESC_ROW_NO_VERSION && failed == 1);
        CHECK(strcmp(esc_row_reason_name(ESC_ROW_NO_VERSION), "no-version") == 0);
        CHECK_STATUS(esc_recalculate(engine, 5, rows_pathway, rows_stage, rows_entered, rows_started, rows_due,
                                     rows_status, 1, &failed),
                     ESC_OK);
        CHECK(rows_status[3] == ESC_NOT_FOUND && rows_status[0] == ESC_OK && failed == 1);
        /* Already chosen: nothing changes the second time. */
        CHECK_STATUS(esc_select_versions(engine, 5, rows_pathway, rows_stage, rows_entered, rows_started, &changed),
                     ESC_OK);
        CHECK(changed == 0);
        CHECK_STATUS(esc_select_versions(NULL, 5, rows_pathway, rows_stage, rows_entered, NULL, NULL),
                     ESC_INVALID_ARGUMENT);
        CHECK_STATUS(esc_select_versions(engine, 5, rows_pathway, NULL, rows_entered, NULL, NULL), ESC_INVALID_ARGUMENT);
        CHECK_STATUS(esc_select_versions(engine, 0, NULL, NULL, NULL, NULL, NULL), ESC_OK);
    }

    /* esc_decide: started Sun 31 March (version 2023): 5 working days, Tue 2 ... Mon 8 April;
       started Mon 1 April (version 2024): 2 working days, Tue 2, Wed 3. */
    query = make_query("test-versions", NULL, NULL, 19813, ESC_NO_DATE);
    prepare(&decision, steps, 4, actions, 4);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == 19821 && decision.pathway_index == first);
    query = make_query("test-versions", NULL, NULL, 19814, ESC_NO_DATE);
    prepare(&decision, steps, 4, actions, 4);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == 19816 && decision.pathway_index == first + 1);
    /* Named: started Tue 2 April under version 2023: Wed 3 ... Tue 9 April. */
    query = make_query("test-versions", NULL, NULL, 19815, ESC_NO_DATE);
    query.version = "2023";
    prepare(&decision, steps, 4, actions, 4);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == 19822 && decision.pathway_index == first);
    /* A caller compiled before 1.3 sends a smaller query: its bytes past `entered` are never
       read, so the version is chosen by the outset (Tue 2 April: version 2024, Thu 4). */
    query.size = (uint32_t)(offsetof(esc_query, entered) + sizeof(esc_date));
    prepare(&decision, steps, 4, actions, 4);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == 19817 && decision.pathway_index == first + 1);
    /* A move answered by the version of the outset: started Thu 28 March, escalated Wed 10
       April: Stage 2's 10 working days, Thu 11 ... Wed 24 April. */
    query = make_query("test-versions", "stage-1", "unresolved", 19823, 19810);
    prepare(&decision, steps, 4, actions, 4);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_OK);
    CHECK(decision.due == 19837 && decision.pathway_index == first);
    query = make_query("test-versions", NULL, NULL, 19357, ESC_NO_DATE);
    prepare(&decision, steps, 4, actions, 4);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("earliest version, \"2023\", is effective from 2023-01");
    query = make_query("test-versions", NULL, NULL, 19815, ESC_NO_DATE);
    query.version = "1999";
    prepare(&decision, steps, 4, actions, 4);
    CHECK_STATUS(esc_decide(engine, &query, &decision), ESC_NOT_FOUND);
    CHECK_MESSAGE_HAS("has no version \"1999\"");

    /* A case history: started Thu 28 March (version 2023), escalated Wed 10 April: Stage 2
       due Wed 24 April. Named 2024 instead: Stage 2's 3 working days, Thu 11, Fri 12, Mon 15. */
    esc_case_query_init(&case_query);
    case_query.pathway = "test-versions";
    case_query.entry_count = 2;
    case_query.entry_dates = dates;
    case_query.entry_events = events;
    case_query.as_of = 19838;
    esc_case_init(&result);
    CHECK_STATUS(esc_case_evaluate(engine, &case_query, &result), ESC_OK);
    CHECK(result.due == 19837 && result.pathway_index == first && result.overdue == 1);
    case_query.version = "2024";
    esc_case_init(&result);
    CHECK_STATUS(esc_case_evaluate(engine, &case_query, &result), ESC_OK);
    CHECK(result.due == 19828 && result.pathway_index == first + 1);
    case_query.version = "2025";
    esc_case_init(&result);
    CHECK_STATUS(esc_case_evaluate(engine, &case_query, &result), ESC_NOT_FOUND);
    CHECK(result.pathway_index == -1 && result.error_entry == -1);
    esc_engine_free(engine);
}

/* esc_factorize_records: codes in order of first appearance, worked out by hand. */
static void test_factorize_records(void) {
    /* Fixed-width ids as a NumPy 'S6' column holds them: NUL-padded, six bytes each. */
    static const char ids[7][6] = {"stage", "chair", "stage", "", "chair2", "stage", "chair"};
    int32_t codes[7];
    size_t firsts[4], distinct = 99;
    int64_t words[5] = {7, -1, 7, 0, -1}; /* 8-byte records, as an object column's pointers */
    int32_t word_codes[5];
    char long_ids[3][40];
    int32_t long_codes[3];
    int i;

    CHECK_STATUS(esc_factorize_records(ids, 7, 6, 6, codes, firsts, 4, &distinct), ESC_OK);
    CHECK(distinct == 4);
    CHECK(codes[0] == 0 && codes[1] == 1 && codes[2] == 0 && codes[3] == 2 && codes[4] == 3 &&
          codes[5] == 0 && codes[6] == 1);
    CHECK(firsts[0] == 0 && firsts[1] == 1 && firsts[2] == 3 && firsts[3] == 4);

    /* A stride longer than the width: every other 3-byte half of the ids above ("sta", "cha",
     * "sta", "", "cha", "sta", "cha") */
    CHECK_STATUS(esc_factorize_records(ids, 7, 3, 6, codes, firsts, 4, &distinct), ESC_OK);
    CHECK(distinct == 3);
    CHECK(codes[0] == 0 && codes[1] == 1 && codes[2] == 0 && codes[3] == 2 && codes[4] == 1 &&
          codes[5] == 0 && codes[6] == 1);

    CHECK_STATUS(esc_factorize_records(words, 5, 8, 8, word_codes, firsts, 4, &distinct), ESC_OK);
    CHECK(distinct == 3);
    CHECK(word_codes[0] == 0 && word_codes[1] == 1 && word_codes[2] == 0 && word_codes[3] == 2 &&
          word_codes[4] == 1);

    /* Records longer than a few words that differ only in their last byte. */
    memset(long_ids, 'x', sizeof long_ids);
    long_ids[1][39] = 'y';
    CHECK_STATUS(esc_factorize_records(long_ids, 3, 40, 40, long_codes, firsts, 4, &distinct),
                 ESC_OK);
    CHECK(distinct == 2 && long_codes[0] == 0 && long_codes[1] == 1 && long_codes[2] == 0);

    /* More distinct records than firsts can hold: every code, the first two firsts, and how
     * many there are. */
    for (i = 0; i < 4; ++i) firsts[i] = 99;
    CHECK_STATUS(esc_factorize_records(ids, 7, 6, 6, codes, firsts, 2, &distinct),
                 ESC_OUT_OF_RANGE);
    CHECK_MESSAGE_HAS("firsts");
    CHECK(distinct == 4 && codes[4] == 3 && firsts[0] == 0 && firsts[1] == 1 && firsts[2] == 99);
    CHECK_STATUS(esc_factorize_records(ids, 7, 6, 6, codes, NULL, 0, &distinct), ESC_OUT_OF_RANGE);
    CHECK(distinct == 4);

    /* Nothing to do, and bad arguments (each named in the message). */
    CHECK_STATUS(esc_factorize_records(NULL, 0, 6, 6, NULL, NULL, 0, &distinct), ESC_OK);
    CHECK(distinct == 0);
    CHECK_STATUS(esc_factorize_records(ids, 7, 6, 6, codes, firsts, 4, NULL), ESC_INVALID_ARGUMENT);
    CHECK_STATUS(esc_factorize_records(NULL, 7, 6, 6, codes, firsts, 4, &distinct), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("records");
    CHECK_STATUS(esc_factorize_records(ids, 7, 6, 6, NULL, firsts, 4, &distinct), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("codes");
    CHECK_STATUS(esc_factorize_records(ids, 7, 0, 6, codes, firsts, 4, &distinct), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("width");
    CHECK_STATUS(esc_factorize_records(ids, 7, 6, 5, codes, firsts, 4, &distinct), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("stride");
    CHECK_STATUS(esc_factorize_records(ids, 7, 6, 6, codes, NULL, 4, &distinct), ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("firsts");
    /* codes written over the records they are read from */
    CHECK_STATUS(esc_factorize_records(words, 5, 8, 8, (int32_t *)words, firsts, 4, &distinct),
                 ESC_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("overlap");
    CHECK(distinct == 0 && words[0] == 7 && words[1] == -1);
}

int main(void) {
    esc_engine *engine = NULL;
    int status;

    test_versions();
    test_dates();
    test_loading_errors();

    CHECK_STATUS(esc_engine_load(ESCALATE_RULESETS_DIR, &engine), ESC_OK);
    if (!engine) {
        fprintf(stderr, "cannot load the bundled rulesets: %s\n", esc_last_error());
        return 1;
    }
    test_pathways(engine);
    test_decide(engine);
    test_recalculate(engine);
    test_flowchart(engine);
    test_subjects(engine);
    test_calendars(engine);
    test_calendar_arrays(engine);
    test_factorize_records();
    esc_engine_free(engine);
    test_clocks();
    test_pathway_versions();

    /* Every status a caller can provoke was seen. */
    for (status = ESC_OK; status <= ESC_IO_ERROR; ++status) {
        if (!seen[status]) {
            fprintf(stderr, "status %s was never exercised\n", esc_status_name((esc_status)status));
            ++failures;
        }
    }
    printf("%d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
