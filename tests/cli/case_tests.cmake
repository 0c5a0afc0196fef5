# `escalate case` (docs/case-histories.md), run as a user would. Dates worked by hand on the
# England and Wales calendar: Christmas Day Wed 25 and Boxing Day Thu 26 December 2024, New
# Year's Day Wed 1 January 2025; Good Friday 3 and Easter Monday 6 April 2026.
set(case_data ${CMAKE_CURRENT_SOURCE_DIR}/data/cases)

escalate_cli_test(case-help 0 ARGS case --help STDOUT "--entries FILE" "--as-of DATE" "done:ID")

# Wolverhampton, started Friday 20 December 2024: Stage 1's 5 working days are 23, 24, 27, 30,
# 31 December; left on 2 January (unresolved), late. Stage 2's 2 working days from Thursday
# 2 January: Friday 3, Monday 6; overdue on Tuesday 7.
escalate_cli_test(case-wolverhampton-christmas 0
  ARGS case wolverhampton --entries ${case_data}/wolverhampton-christmas-2024.csv --as-of 2025-01-07 --subject child
  STDOUT "5 of 5 entries applied" "stage: stage-2: " "due 2025-01-06 \\(Mon\\), should \\(stage-timescale\\): OVERDUE"
         "stage-1: entered 2024-12-20, left 2025-01-02 on unresolved, due 2024-12-31  LATE"
         "stage-2: entered 2025-01-02, current  OVERDUE" "open obligations:" "record-discussions \\(action\\)")
# The same case as it stood on Christmas Eve: the raise (2 working days: 23, 24) is due today;
# the response counts provisionally from it: 27, 30, 31 December.
escalate_cli_test(case-as-of-christmas-eve 0
  ARGS case wolverhampton --entries ${case_data}/wolverhampton-christmas-2024.csv --as-of 2024-12-24
  STDOUT "1 of 5 entries applied" "due 2024-12-31 \\(Tue\\), must \\(stage-timescale\\)\n"
         "raise-verbally-and-in-writing \\(step\\)[^\n]*\n +due 2024-12-24 \\(Tue\\), should: due today"
         "receiving-agency-responds \\(step\\)[^\n]*\n +due 2024-12-31 \\(Tue\\), must \\(provisional\\): open")
# North Somerset, started Thursday 2 April 2026: Stage 1's 1 working day skips Good Friday and
# Easter Monday (Tuesday 7); resolved that day; the agreed action is fed back immediately, due
# the 7th, overdue on the 8th.
escalate_cli_test(case-json-north-somerset-easter 0
  ARGS case north-somerset --entries ${case_data}/north-somerset-easter-2026.json --as-of 2026-04-08 --json
  STDOUT "\"stage\":\"resolved\"" "\"terminal\":true" "\"outcome_kind\":\"resolved\""
         "\"stages_passed\":\\[{\"stage\":\"stage-1\",\"entered\":\"2026-04-02\",\"left\":\"2026-04-07\",\"left_on\":\"resolved\",\"due\":\"2026-04-07\",\"left_late\":false}\\]"
         "\"id\":\"feed-back-agreed-action\"[^}]*\"due\":\"2026-04-07\"[^}]*\"state\":\"overdue\"")
escalate_cli_test(case-out-of-order 1
  ARGS case wolverhampton --entries ${case_data}/out-of-order.csv --as-of 2025-04-30
  STDERR "entry 2 \\(2025-04-16, \"resolved\"\\): out of date order")
escalate_cli_test(case-bad-header 2
  ARGS case wolverhampton --entries ${case_data}/bad-header.csv --as-of 2025-04-30
  STDERR "the header must name the columns date and event")
escalate_cli_test(case-no-as-of 2
  ARGS case wolverhampton --entries ${case_data}/bad-header.csv STDERR "--as-of DATE is required")
escalate_cli_test(case-missing-file 2
  ARGS case wolverhampton --entries ${case_data}/no-such-file.csv --as-of 2025-04-30 STDERR "cannot read --entries")
escalate_cli_test(case-bad-json-entry 2
  ARGS case wolverhampton --entries ${case_data}/bad-entry.json --as-of 2025-04-30
  STDERR "bad-entry.json: entry 1: expected {\"date\": \"YYYY-MM-DD\", \"event\": \"...\"}")
