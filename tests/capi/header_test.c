/* escalate.h must compile cleanly as C99 and as C++ (this same file is compiled with -x c++)
   under -Wall -Wextra -pedantic -Werror: integrators build with their own strict flags. */
#include <string.h>

#include "escalate.h"
#include "escalate.h" /* the include guard holds */

#if ESC_ABI_VERSION != 1
#error "unexpected ABI version"
#endif

int header_test_use(void);

int header_test_use(void) {
    esc_query query;
    esc_decision decision;
    esc_obligation obligation;
    esc_holiday holiday;
    esc_pathway_info pathway;
    esc_calendar_info calendar;
    esc_status status = ESC_OK;
    esc_date date = ESC_NO_DATE;
    memset(&query, 0, sizeof query);
    memset(&decision, 0, sizeof decision);
    memset(&obligation, 0, sizeof obligation);
    memset(&holiday, 0, sizeof holiday);
    memset(&pathway, 0, sizeof pathway);
    memset(&calendar, 0, sizeof calendar);
    query.size = (uint32_t)sizeof query;
    decision.size = (uint32_t)sizeof decision;
    pathway.size = (uint32_t)sizeof pathway;
    calendar.size = (uint32_t)sizeof calendar;
    (void)obligation;
    (void)holiday;
    (void)status;
    (void)date;
    return ESCALATE_VERSION_MAJOR + ESCALATE_VERSION_MINOR + ESCALATE_VERSION_PATCH +
           ESC_DATE_BUFFER_SIZE + ESC_DEADLINE_NONE + ESC_ANCHOR_STAGE_ENTRY +
           ESC_DUE_RULE_NONE + ESC_OUTCOME_NONE;
}

/* Every initialiser compiles cleanly (as C and as C++, with -Wconversion) and the version
   macros the generated escalate_version.h provides are there. */
int use_initialisers(void);
int use_initialisers(void) {
    esc_query query = ESC_QUERY_INIT;
    esc_decision decision = ESC_DECISION_INIT;
    esc_pathway_info pathway = ESC_PATHWAY_INFO_INIT;
    esc_calendar_info calendar = ESC_CALENDAR_INFO_INIT;
    esc_deadline_info deadline = ESC_DEADLINE_INFO_INIT;
    esc_stage_info stage = ESC_STAGE_INFO_INIT;
    esc_obligation_info obligation = ESC_OBLIGATION_INFO_INIT;
    esc_exit_info exit_info = ESC_EXIT_INFO_INIT;
    esc_tier_info tier = ESC_TIER_INFO_INIT;
    esc_outcome_info outcome = ESC_OUTCOME_INFO_INIT;
    esc_limit_info limit = ESC_LIMIT_INFO_INIT;
    esc_row_reason reason = ESC_ROW_OK;
    (void)reason;
    return (int)(query.size + decision.size + pathway.size + calendar.size + deadline.size + stage.size +
                 obligation.size + exit_info.size + tier.size + outcome.size + limit.size) +
           ESCALATE_VERSION_NUMBER + ESC_ABI_VERSION;
}
