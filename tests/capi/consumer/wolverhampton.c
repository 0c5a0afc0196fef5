/* The integrator's first program (docs/c-api.md): the next stage, tier and due date for a
   Wolverhampton case started on Monday 6 March 2023. Usage: wolverhampton [RULESETS_DIR]; without
   one, the rulesets the library finds itself (esc_engine_load_default). */
#include <stdio.h>
#include <escalate.h>

int main(int argc, char **argv) {
    esc_engine *engine = NULL;
    esc_query query = ESC_QUERY_INIT;
    esc_decision decision = ESC_DECISION_INIT;
    char due[ESC_DATE_BUFFER_SIZE];
    esc_status status = argc > 1 ? esc_engine_load(argv[1], &engine) : esc_engine_load_default(&engine);
    query.pathway = "wolverhampton";
    query.at = esc_date_from_ymd(2023, 3, 6);
    if (status != ESC_OK || esc_decide(engine, &query, &decision) != ESC_OK) {
        fprintf(stderr, "escalate: %s\n", esc_last_error());
        return 1;
    }
    esc_date_format(decision.due, due, sizeof due);
    printf("%s | %s | %s\n", decision.stage, decision.tier_name, due);
    esc_engine_free(engine);
    return 0;
}
