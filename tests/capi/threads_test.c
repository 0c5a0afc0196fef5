/*
 * Many threads sharing one engine (docs/c-api.md, threads): every thread answers the same
 * grid of questions (every stage of every bundled pathway, every standard event, dates across
 * two years, successes and failures alike) and must get exactly the answers one thread got,
 * while each thread's esc_last_error() stays its own. Expected values are the single-threaded
 * answers: this test checks sharing, not the rules (capi_test.c checks those by hand).
 * Compiled as C99 with POSIX threads; clean under ThreadSanitizer.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate.h"

enum { THREADS = 8, ROUNDS = 3, DATES = 40 };

typedef struct {
    esc_query query;
    esc_status status;
    const char *stage; /* engine-owned: equal pointers mean equal answers */
    const char *tier_name;
    esc_date due;
    size_t steps;
    size_t actions;
    esc_date first_step_due;
} expected_answer;

static const esc_engine *shared_engine;
static expected_answer *grid;
static size_t grid_size;

static const char *const events[] = {"resolved", "unresolved", "immediate-risk", "exceptional"};

static void answer(const esc_query *query, expected_answer *out) {
    esc_decision decision;
    esc_obligation steps[4];
    memset(&decision, 0, sizeof decision);
    decision.size = sizeof decision;
    decision.obligation_size = sizeof(esc_obligation);
    decision.steps = steps;
    decision.steps_capacity = 4;
    steps[0].due = ESC_NO_DATE;
    out->status = esc_decide(shared_engine, query, &decision);
    out->stage = decision.stage;
    out->tier_name = decision.tier_name;
    out->due = decision.due;
    out->steps = decision.step_count;
    out->actions = decision.action_count;
    out->first_step_due = decision.step_count ? steps[0].due : ESC_NO_DATE;
}

static int same(const expected_answer *a, const expected_answer *b) {
    return a->status == b->status && a->stage == b->stage && a->tier_name == b->tier_name &&
           a->due == b->due && a->steps == b->steps && a->actions == b->actions &&
           a->first_step_due == b->first_step_due;
}

static void *worker(void *argument) {
    const size_t offset = (size_t)(long)argument;
    char missing[32];
    long mismatches = 0;
    int round;
    size_t i;
    int32_t index;
    snprintf(missing, sizeof missing, "missing-%lu", (unsigned long)offset);
    for (round = 0; round < ROUNDS; ++round) {
        for (i = 0; i < grid_size; ++i) {
            /* Each thread walks the grid from its own starting point. */
            const expected_answer *expected = &grid[(i + offset * 97) % grid_size];
            expected_answer got;
            answer(&expected->query, &got);
            if (!same(&got, expected)) ++mismatches;
        }
        /* This thread's error message is its own, whatever the others are doing. */
        if (esc_engine_pathway_index(shared_engine, missing, &index) != ESC_NOT_FOUND ||
            strstr(esc_last_error(), missing) == NULL)
            ++mismatches;
    }
    return (void *)mismatches;
}

int main(void) {
    esc_engine *engine = NULL;
    pthread_t threads[THREADS];
    int32_t pathways = 0, p, stages, s;
    size_t capacity = 0, e, d;
    long failures = 0;
    int t;
    const esc_date first = esc_date_from_ymd(2023, 1, 2);

    if (esc_engine_load(ESCALATE_RULESETS_DIR, &engine) != ESC_OK) {
        fprintf(stderr, "load failed: %s\n", esc_last_error());
        return 1;
    }
    shared_engine = engine;
    esc_engine_pathway_count(engine, &pathways);
    for (p = 0; p < pathways; ++p) {
        esc_pathway_stage_count(engine, p, &stages);
        capacity += (size_t)(stages + 1) * 4 * DATES;
    }
    grid = calloc(capacity, sizeof *grid);
    if (!grid) return 1;
    for (p = 0; p < pathways; ++p) {
        const char *pathway = NULL;
        esc_engine_pathway_id(engine, p, &pathway);
        esc_pathway_stage_count(engine, p, &stages);
        for (s = -1; s < stages; ++s) {
            const char *stage = NULL;
            if (s >= 0) esc_pathway_stage_id(engine, p, s, &stage);
            for (e = 0; e < 4; ++e) {
                for (d = 0; d < DATES; ++d) {
                    expected_answer *cell = &grid[grid_size++];
                    cell->query.size = sizeof cell->query;
                    cell->query.pathway = pathway;
                    cell->query.stage = stage;
                    cell->query.event = (s < 0 && e == 1) ? NULL : events[e];
                    cell->query.subject = (d % 2) ? "adult" : NULL;
                    cell->query.at = first + (esc_date)(d * 17);
                    cell->query.started = s < 0 ? ESC_NO_DATE : first + (esc_date)(d * 17) - 9;
                    answer(&cell->query, cell);
                }
            }
        }
    }

    for (t = 0; t < THREADS; ++t)
        if (pthread_create(&threads[t], NULL, worker, (void *)(long)t) != 0) return 1;
    for (t = 0; t < THREADS; ++t) {
        void *result = NULL;
        pthread_join(threads[t], &result);
        failures += (long)result;
    }
    {
        /* The grid must hold successes and failures, or the test proves little. */
        size_t ok = 0;
        for (d = 0; d < grid_size; ++d) ok += grid[d].status == ESC_OK;
        printf("%lu questions (%lu answered, %lu refused) x %d threads x %d rounds: %ld mismatches\n",
               (unsigned long)grid_size, (unsigned long)ok, (unsigned long)(grid_size - ok), THREADS,
               ROUNDS, failures);
        if (ok == 0 || ok == grid_size) failures += 1;
    }
    free(grid);
    esc_engine_free(engine);
    return failures == 0 ? 0 : 1;
}
