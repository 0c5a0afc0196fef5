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

# South Tyneside (Section 4), Christmas 2025 (Christmas Day Thu 25, Boxing Day Fri 26 December,
# New Year's Day Thu 1 January 2026), started Tuesday 23 December. The practitioners' one
# working day: Wed 24 (left Mon 29: late); Stage 1's "within 1 day" from Mon 29: Tue 30 (left
# Wed 31: late); Stage 2 has no timescale, so the 5-working-day maximum from the outset
# decides: Wed 24, Mon 29, Tue 30, Wed 31, Fri 2 January (expected); overdue on Monday 5.
escalate_cli_test(case-south-tyneside-christmas 0
  ARGS case south-tyneside --entries ${case_data}/south-tyneside-christmas-2025.csv --as-of 2026-01-05 --subject child
  STDOUT "5 of 5 entries applied" "stage: stage-2: "
         "due 2026-01-02 \\(Fri\\), expected \\(overall-limit\\): OVERDUE"
         "practitioner-discussion: entered 2025-12-23, left 2025-12-29 on unresolved, due 2025-12-24  LATE"
         "stage-1: entered 2025-12-29, left 2025-12-31 on unresolved, due 2025-12-30  LATE"
         "open obligations:\n  record-escalation \\(action\\)")
# South Tyneside, Easter 2026 (Good Friday 3, Easter Monday 6 April): a manager's referral
# straight to Stage One on Thursday 2 April. Stage 1's one working day skips Easter: Tuesday 7.
# The maximum: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April; Stage 4 reached on Tuesday 14 is
# overdue on entry.
escalate_cli_test(case-south-tyneside-easter 0
  ARGS case south-tyneside --entries ${case_data}/south-tyneside-easter-2026.csv --as-of 2026-04-15 --subject adult
  STDOUT "stage: stage-4: " "due 2026-04-13 \\(Mon\\), expected \\(overall-limit\\): OVERDUE \\(overdue on entry\\)"
         "stage-1: entered 2026-04-02, left 2026-04-07 on unresolved, due 2026-04-07\n"
         "stage-3: entered 2026-04-10, left 2026-04-14 on unresolved, due 2026-04-13  LATE")
# Staffordshire (4.6: two working days per stage, usually; 2.4: the Police immediately),
# Christmas 2024: Stage 1 from Monday 23: Tue 24, Fri 27 (the 25th and 26th skipped); Stage 2
# from Mon 30: Tue 31, Thu 2 January (New Year's Day skipped); Stage 3 from Thu 2: Fri 3,
# Mon 6; overdue on Tuesday 7.
escalate_cli_test(case-staffordshire-christmas 0
  ARGS case staffordshire --entries ${case_data}/staffordshire-christmas-2024.csv --as-of 2025-01-07 --subject adult --json
  STDOUT "\"stage\":\"stage-3\"" "\"due\":\"2025-01-06\",\"due_rule\":\"stage-timescale\",\"force\":\"usually\",\"overdue\":true"
         "{\"stage\":\"stage-1\",\"entered\":\"2024-12-23\",\"left\":\"2024-12-30\",\"left_on\":\"unresolved\",\"due\":\"2024-12-27\",\"left_late\":true}"
         "{\"stage\":\"stage-2\",\"entered\":\"2024-12-30\",\"left\":\"2025-01-02\",\"left_on\":\"unresolved\",\"due\":\"2025-01-02\",\"left_late\":false}"
         "\"id\":\"contact-police\"[^}]*\"side_track\":true[^}]*\"due\":\"2024-12-24\"[^}]*\"done\":\"2024-12-27\",\"state\":\"done late\"")
# Staffordshire, Easter 2025 (Good Friday 18, Easter Monday 21 April), from an immediate risk
# on Thursday 17 April: Stage 1 Tue 22, Wed 23; Stage 2 Thu 24, Fri 25 (left Mon 28: late);
# Stage 3 Tue 29, Wed 30; Stage 4 Thu 1, Fri 2 May; the Independent Chair states no timescale.
escalate_cli_test(case-staffordshire-easter 0
  ARGS case staffordshire --entries ${case_data}/staffordshire-easter-2025.json --as-of 2025-05-07
  STDOUT "stage: chair-decision: " "no due date \\(no timescale stated\\)"
         "stage-1: entered 2025-04-17, left 2025-04-23 on unresolved, due 2025-04-23\n"
         "stage-2: entered 2025-04-23, left 2025-04-28 on unresolved, due 2025-04-25  LATE"
         "stage-4: entered 2025-04-30, left 2025-05-02 on unresolved, due 2025-05-02\n")
# Shropshire states no timescale: through Good Friday and Easter Monday 2026 nothing is due
# or late; resolved on Thursday 9 April.
escalate_cli_test(case-shropshire-easter 0
  ARGS case shropshire --entries ${case_data}/shropshire-easter-2026.csv --as-of 2026-04-10
  STDOUT "outcome: resolved: " "reached 2026-04-09 \\(Thu\\)"
         "stage-1: entered 2026-04-02, left 2026-04-03 on unresolved, due none\n"
         "open obligations: none")
# Errors: Stage 4's referral while the case is at Stage 1; a subject Staffordshire does not cover.
escalate_cli_test(case-done-not-open 1
  ARGS case shropshire --entries ${case_data}/shropshire-done-not-open.csv --as-of 2025-01-06
  STDERR "entry 1 \\(2024-12-27, \"done:refer-to-business-unit\"\\): \"refer-to-business-unit\" is not open")
escalate_cli_test(case-subject-not-covered 1
  ARGS case staffordshire --entries ${case_data}/staffordshire-christmas-2024.csv --as-of 2025-01-07 --subject child
  STDERR "does not cover subject \"child\"")
