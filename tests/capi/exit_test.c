/* Calls made after the calling thread's C++ destructors have run: a C++ program that keeps its
 * engine in a global smart pointer frees it from a static destructor, and a C program may
 * call from an atexit handler. On the main thread, exit() runs the thread's destructors
 * before the atexit handlers, so the handler below calls in after them. Each call must still
 * answer and say why it failed (docs/c-api.md, Errors); under AddressSanitizer (the asan stage
 * of scripts/sanitizers.sh) a call that wrote to the thread's destroyed error message or
 * reused decision is a heap-use-after-free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate.h"

static esc_engine *engine = NULL;

static int decide(const char *pathway) {
    esc_query query = ESC_QUERY_INIT;
    esc_decision decision = ESC_DECISION_INIT;
    query.pathway = pathway;
    query.at = esc_date_from_ymd(2024, 5, 1);
    return esc_decide(engine, &query, &decision);
}

static void at_exit(void) {
    /* Wolverhampton, started Wed 1 May 2024: answers as before the exit began. */
    if (decide("wolverhampton") != ESC_OK) {
        fprintf(stderr, "FAIL: esc_decide at exit: %s\n", esc_last_error());
        _Exit(1);
    }
    if (decide("no-such-pathway") != ESC_NOT_FOUND || esc_last_error() == NULL ||
        strlen(esc_last_error()) == 0) {
        fprintf(stderr, "FAIL: a failing call at exit must say why\n");
        _Exit(1);
    }
    esc_engine_free(engine);
    printf("calls at exit answered\n");
    fflush(stdout);
    _Exit(0);
}

int main(void) {
    const char *path = ESCALATE_RULESETS_DIR;
    if (esc_engine_load_paths(&path, 1, &engine) != ESC_OK) {
        fprintf(stderr, "FAIL: load: %s\n", esc_last_error());
        return 1;
    }
    /* Before the exit: the thread's message storage and reused decision come into being. */
    if (decide("no-such-pathway") != ESC_NOT_FOUND || decide("wolverhampton") != ESC_OK) {
        fprintf(stderr, "FAIL: esc_decide before the exit\n");
        return 1;
    }
    atexit(at_exit);
    return 2; /* at_exit decides the status */
}
