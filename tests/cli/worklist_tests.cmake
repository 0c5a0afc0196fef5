# `escalate worklist` (docs/case-histories.md#the-worklist) and the demo's worklist, run as a
# user would. The expected worklists in data/worklist/*.worklist.csv were worked by hand
# (data/worklist/README.md shows each date) from the Wolverhampton policy (WST V3, section 4:
# Stage 1 five working days, Stage 2 two, Stage 3 three, 10 working days from the outset over
# Stages 1 to 3) and North Somerset's (Stage 4 states no timescale), on the England and Wales
# calendar: Christmas Day Thu 25 and Boxing Day Fri 26 December 2025, New Year's Day Thu 1
# January 2026, Good Friday 3 and Easter Monday 6 April 2026. As of Wednesday 8 April 2026.
set(worklist_data ${CMAKE_CURRENT_SOURCE_DIR}/data/worklist)
set(worklist_work ${CMAKE_CURRENT_BINARY_DIR}/worklist)
file(MAKE_DIRECTORY ${worklist_work})

escalate_cli_test(worklist-help 0 ARGS worklist --help STDOUT "--events FILE" "--as-of DATE" "days_left")

# Sorting (most overdue first, then fewest days left, then the case id; no due date last),
# days left negative when overdue, a closed case counted, an event after the as-of date not
# applied. CTest gives no terminal, so the output is CSV and stderr holds no terminal codes.
escalate_recalc_test(worklist-sample 0
  ARGS worklist --events ${worklist_data}/sample.csv --as-of 2026-04-08 STDOUT_FILE ${worklist_data}/sample.worklist.csv
  NO_TERMINAL_CODES
  STDERR "worklist as of 2026-04-08 \\(Wed\\): 7 cases: 6 open, 1 closed \\(at an outcome\\), 0 bad"
         "wolverhampton +line-managers +1 +0 +0 +0 +1\n"
         "north-somerset +board-representatives +0 +0 +0 +1 +1\n"
         "all open cases +2 +1 +2 +1 +6\n"
         "15 rows \\(events\\) in 7 cases; 16 lines: 1 header, 15 in rows, 0 blank")
# The same file with CRLF and with lone CR line endings: the same worklist, the same lines.
escalate_recalc_test(worklist-crlf 0
  ARGS worklist --events ${worklist_data}/crlf.csv --as-of 2026-04-08 STDOUT_FILE ${worklist_data}/sample.worklist.csv
  STDERR "16 lines: 1 header, 15 in rows, 0 blank")
escalate_recalc_test(worklist-cr 0
  ARGS worklist --events ${worklist_data}/cr.csv --as-of 2026-04-08 STDOUT_FILE ${worklist_data}/sample.worklist.csv
  STDERR "16 lines: 1 header, 15 in rows, 0 blank")
# Standard input, a file output (written whole through a temporary), --threads.
escalate_recalc_test(worklist-stdio 0
  ARGS worklist --events - --as-of 2026-04-08 --output ${worklist_work}/sample.csv --threads 2
  INPUT ${worklist_data}/sample.csv OUTPUT ${worklist_work}/sample.csv OUTPUT_FILE ${worklist_data}/sample.worklist.csv
  STDERR "7 cases: 6 open, 1 closed")
# A case with no route for an event (its entry and line named), a case whose rows are split by
# another (both runs listed: nothing dropped), a date that is not a date, an unknown pathway;
# a blank line counted. Exit 1.
escalate_recalc_test(worklist-bad 1
  ARGS worklist --events ${worklist_data}/bad.csv --as-of 2026-04-08 STDOUT_FILE ${worklist_data}/bad.worklist.csv
  STDERR "bad.csv:2-4: case \"B1\": no-transition: entry 2 \\(line 4, 2026-04-03, \"unresolved\"\\)"
         "bad.csv:5: case \"S1\": split: its rows at line 5 continue at line 7"
         "bad.csv:7: case \"S1\": split: its rows at line 7 come after other cases; its earlier rows are at line 5"
         "6 cases: 1 open, 0 closed \\(at an outcome\\), 5 bad"
         "bad cases by reason: bad-date 1, bad-pathway 1, no-transition 1, split 2"
         "8 rows \\(events\\) in 6 cases; 10 lines: 1 header, 8 in rows, 1 blank")
# A table when asked for (or on a terminal): aligned columns, the bad cases, the summary after.
escalate_cli_test(worklist-table 1
  ARGS worklist --events ${worklist_data}/bad.csv --as-of 2026-04-08 --format table
  STDOUT "case +pathway +stage +tier +entered +due +days left +state\n"
         "O1 +wolverhampton +stage-1 +practitioners +2026-04-01 +2026-04-10 +2 +due-later\n"
         "bad cases \\(5\\):\n  lines 2-4: case \"B1\" \\(wolverhampton\\): no-transition"
         "worklist as of 2026-04-08 \\(Wed\\): 6 cases")
escalate_cli_test(worklist-header-only 0
  ARGS worklist --events ${worklist_data}/header-only.csv --as-of 2026-04-08
  STDOUT "^case_id,pathway,stage,tier,entered,due,days_left,state,lines,error\n$"
  STDERR "0 cases: 0 open, 0 closed \\(at an outcome\\), 0 bad" "0 rows \\(events\\) in 0 cases; 1 line: 1 header")
escalate_cli_test(worklist-empty 1
  ARGS worklist --events ${worklist_data}/empty.csv --as-of 2026-04-08 STDERR "the input is empty; it needs a header row")
escalate_cli_test(worklist-no-as-of 2 ARGS worklist --events ${worklist_data}/sample.csv STDERR "--as-of DATE is required")
escalate_cli_test(worklist-bad-format 2
  ARGS worklist --events ${worklist_data}/sample.csv --as-of 2026-04-08 --format xml STDERR "--format must be csv or table")
escalate_cli_test(worklist-missing-column 1
  ARGS worklist --events ${CMAKE_CURRENT_SOURCE_DIR}/data/cases/wolverhampton-christmas-2024.csv --as-of 2026-04-08
  STDERR "the header has no case_id column")

if(ESCALATE_PYTHON3)
  # Every worklist row against `escalate case` on the same case, both ways, over the sample and
  # a random caseload of every bundled pathway; the table and progress on a pseudo-terminal.
  add_test(NAME cli:worklist-agrees-with-case
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/worklist_test.py $<TARGET_FILE:escalate_cli>
                   ${worklist_data}/sample.csv ${worklist_work} differential)
  add_test(NAME cli:worklist-on-terminal
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/worklist_test.py $<TARGET_FILE:escalate_cli>
                   ${worklist_data}/sample.csv ${worklist_work} terminal)
  # The demo's worklist summary adds up: open by state, closed and bad make every case.
  add_test(NAME cli:demo-worklist-totals
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/worklist_test.py $<TARGET_FILE:escalate_cli>
                   ${worklist_data}/sample.csv ${worklist_work} demo)
  # Memory flat in the number of events: 2,000 cases of 2 events and of 500 events each.
  add_test(NAME cli:worklist-memory
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/worklist_test.py $<TARGET_FILE:escalate_cli>
                   ${worklist_data}/sample.csv ${worklist_work} memory)
  # A split case whose first run was evaluated in an earlier batch (open, closed): taken back.
  add_test(NAME cli:worklist-split-across-batches
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/worklist_test.py $<TARGET_FILE:escalate_cli>
                   ${worklist_data}/sample.csv ${worklist_work} split)
  set_tests_properties(cli:worklist-agrees-with-case cli:worklist-on-terminal cli:demo-worklist-totals
                       cli:worklist-memory cli:worklist-split-across-batches PROPERTIES
                       SKIP_RETURN_CODE 77 TIMEOUT 120 ENVIRONMENT "ESCALATE_RULESETS=")
endif()

# A row with a field missing makes its case bad (the lines it spans named), as does a pathway
# that changes within a case, and a subject the pathway does not cover (Staffordshire's policy
# is for adults: the bulk call's bad-subject). C4 is open, due Friday 10 April (2 days left).
escalate_cli_test(worklist-malformed 1
  ARGS worklist --events ${worklist_data}/malformed.csv --as-of 2026-04-08
  STDOUT "^case_id,pathway,stage,tier,entered,due,days_left,state,lines,error\nC4,wolverhampton,stage-1,practitioners,2026-04-01,2026-04-10,2,due-later,8,\n"
         "C1,wolverhampton,,,,,,error,2-4,\"wrong-column-count: line 3: 3 fields, but the header has 5\"\n"
         "C2,wolverhampton,,,,,,error,5-6,\"inconsistent-pathway: line 6: pathway \"\"shropshire\"\" differs from the case's first row's \"\"wolverhampton\"\"\"\n"
         "C3,staffordshire,,,,,,error,7,\"bad-subject: entry 0 \\(line 7, 2026-04-01, \"\"start\"\"\\): pathway \"\"staffordshire\"\" does not cover the subject \"\"child\"\"\"\n$"
  STDERR "4 cases: 1 open, 0 closed \\(at an outcome\\), 3 bad" "7 rows \\(events\\) in 4 cases; 8 lines: 1 header, 7 in rows, 0 blank")

# Versions (docs/ruleset-format.md#versions): each case is evaluated by the version in force on
# its outset, the date of its first row, with the test pathway tests/data/versions ("2023":
# Stage 1 in 5 working days, Stage 2 in 10; "2024" from Mon 1 April 2024: 2 and 3), as of
# Fri 12 April 2024, England and Wales (Good Friday 29 March, Easter Monday 1 April 2024).
# V-NEW started Mon 1 April (version 2024): Stage 1's 2 working days, Tue 2 and Wed 3 April:
#   due 2024-04-03, 9 days overdue.
# V-OLD started Thu 28 March (version 2023), escalated Wed 10 April: Stage 2's 10 working days,
#   Thu 11 ... Wed 24 April: due 2024-04-24, 12 days left. (Version 2024 would say Mon 15.)
# V-PRE started Sat 31 December 2022, before the first version (January 2023): bad, no-version.
escalate_recalc_test(worklist-version-by-outset 1
  ARGS --rulesets ${CMAKE_SOURCE_DIR}/rulesets/calendars --rulesets ${CMAKE_SOURCE_DIR}/tests/data/versions
       worklist --events ${worklist_data}/versions.csv --as-of 2024-04-12
  STDOUT_FILE ${worklist_data}/versions.worklist.csv
  STDERR "test-versions 2023 +managers +0 +0 +1 +0 +1\n" "test-versions 2024 +practitioners +1 +0 +0 +0 +1\n"
         "bad cases by reason: no-version 1")
