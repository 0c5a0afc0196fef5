# `escalate recalc` and `escalate demo`, run as a user would.
#
# Expected due dates in data/recalc/*.csv were worked by hand (data/recalc/README.md shows each
# one) from the Wolverhampton policy (WST Escalation Policy V3, section 4: Stage 1 five working
# days, Stage 2 two, Stage 3 three (1 + 2), Stage 4 two; confirmations and the exceptional
# referral two; the Chair's decision five; 10 working days from the outset over Stages 1 to 3)
# and the GOV.UK list of England and Wales bank holidays for 2024 (Good Friday 29 March, Easter
# Monday 1 April, 6 and 27 May, 25 and 26 December; 1 January 2025), then checked against
# numpy.busday_offset with those holidays. Shropshire's Stage 1 states no timescale.
set(recalc_data ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc)
set(recalc_work ${CMAKE_CURRENT_BINARY_DIR}/recalc)
file(MAKE_DIRECTORY ${recalc_work})

function(escalate_recalc_test name exit)
  cmake_parse_arguments(PARSE_ARGV 2 arg "NO_TERMINAL_CODES"
                        "INPUT;STDOUT_FILE;OUTPUT;OUTPUT_FILE;HOLIDAY_RULESETS" "ARGS;STDERR")
  set(options "")
  if(arg_INPUT)
    list(APPEND options "-DINPUT=${arg_INPUT}")
  endif()
  if(arg_STDOUT_FILE)
    list(APPEND options "-DEXPECT_STDOUT_FILE=${arg_STDOUT_FILE}")
  endif()
  if(arg_OUTPUT)
    list(APPEND options "-DOUTPUT=${arg_OUTPUT}" "-DEXPECT_OUTPUT_FILE=${arg_OUTPUT_FILE}")
  endif()
  if(arg_HOLIDAY_RULESETS)
    list(APPEND options "-DHOLIDAY_RULESETS=${arg_HOLIDAY_RULESETS}" "-DSOURCE_RULESETS=${CMAKE_SOURCE_DIR}/rulesets")
  endif()
  if(arg_NO_TERMINAL_CODES)
    list(APPEND options "-DNO_TERMINAL_CODES=1")
  endif()
  add_test(NAME "cli:${name}"
           COMMAND ${CMAKE_COMMAND} "-DCOMMAND=$<TARGET_FILE:escalate_cli>;${arg_ARGS}" -DEXPECT_EXIT=${exit}
                   "-DEXPECT_STDERR=${arg_STDERR}" ${options}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/run_recalc_check.cmake)
endfunction()

# Files in and out. Every good row is written with its due date; every bad row is written with
# its error and reported as FILE:LINE, and the run still ends (exit 1 for the bad rows).
escalate_recalc_test(recalc-file 1
  ARGS recalc --input ${recalc_data}/cases.csv --output ${recalc_work}/due.csv
  OUTPUT ${recalc_work}/due.csv OUTPUT_FILE ${recalc_data}/due.csv NO_TERMINAL_CODES
  STDERR "cases.csv:14: unknown pathway \"atlantis\"" "cases.csv:15: pathway \"wolverhampton\" has no stage \"stage-9\""
         "cases.csv:16: entered \"2024-02-30\" is not a real date" "cases.csv:17: entered \"01/05/2024\""
         "cases.csv:18: started 2024-05-09 is after entered 2024-05-01"
         "cases.csv:19: entered 2150-01-06 is outside the england-and-wales calendar"
         "cases.csv:20: 3 fields, but the header has 6" "cases.csv:21: started is empty"
         "cases.csv:22: the due date falls beyond the end of the england-and-wales calendar"
         "escalate recalc: 22 rows, 9 bad, [0-9.]+ s, [0-9,]+ rows/s")
# The same through standard input and output; --threads is accepted and changes nothing.
escalate_recalc_test(recalc-stdio 1
  ARGS recalc --input - --output - --threads 2 INPUT ${recalc_data}/cases.csv STDOUT_FILE ${recalc_data}/due.csv
  STDERR "<stdin>:14: unknown pathway" "<stdin>:22: " "22 rows, 9 bad")
# A clean file: byte-order mark, CRLF, columns in another order, no started column, an extra
# quoted column spanning two lines, a blank line, spaces around ids. Exit 0.
escalate_recalc_test(recalc-good 0
  ARGS recalc --input ${recalc_data}/good.csv --output - STDOUT_FILE ${recalc_data}/good.due.csv
  NO_TERMINAL_CODES STDERR "escalate recalc: 6 rows, 0 bad")
# Line numbers are physical lines: the quoted field spanning two lines and the blank line count.
escalate_recalc_test(recalc-line-numbers 1
  ARGS recalc --input ${recalc_data}/quoting.csv --output ${recalc_work}/quoting.due.csv
  STDERR "quoting.csv:10: entered \"2024-13-01\" is not a real date" "7 rows, 1 bad")
# A quote left open would swallow the rest of the file (lines 3 and 4) into one field: the
# input is refused, naming the lines; on standard output the row before it was already written,
# and the summary says the output is incomplete (issue 12, finding 2).
escalate_recalc_test(recalc-malformed 1
  ARGS recalc --input ${recalc_data}/malformed.csv STDOUT_FILE ${recalc_data}/malformed.due.csv
  STDERR "malformed.csv:3: a quote opened on line 3 is never closed, so lines 3 to 4 \\(2 lines, the rest of the input\\)"
         "INCOMPLETE: the input is refused; standard output holds only the 1 row before the open quote")
escalate_recalc_test(recalc-malformed-to-file 1
  ARGS recalc --input ${recalc_data}/malformed.csv --output ${recalc_work}/malformed.csv
  STDERR "malformed.csv:3: a quote opened on line 3" "the input is refused; .*malformed.csv is not written")
# The summary accounts for every line (cases.csv: 23 lines, the header and 22 rows).
escalate_recalc_test(recalc-summary 1
  ARGS recalc --input ${recalc_data}/cases.csv --output ${recalc_work}/summary.csv
  STDERR "rows in 22, rows out 22, rows failed 9 \\(bad-date 2, due-out-of-range 1, missing-started 1, out-of-range 1, start-after-entry 1, unknown-pathway 1, unknown-stage 1, wrong-column-count 1\\); 23 lines: 1 header, 22 in rows, 0 blank")

# A bank holiday is announced for Tuesday 7 May 2024. By hand: W01 (Stage 1 from Wed 1 May)
# moves from Thu 9 to Fri 10 May; W04 (Stage 3 entered late, capped by the 10-day limit from
# 1 May) from Thu 16 to Fri 17; W05 and W06 (Stage 4 entered Fri 3 and Sat 4 May) from Wed 8 to
# Thu 9. W02 and W03 count past 7 May only through the limit, which their own earlier dates
# undercut, so they stay; every other case's count does not cross 7 May.
escalate_recalc_test(recalc-compare 1
  ARGS recalc --input ${recalc_data}/cases.csv --output ${recalc_work}/compare.csv --compare ${recalc_work}/holiday-a
  HOLIDAY_RULESETS ${recalc_work}/holiday-a OUTPUT ${recalc_work}/compare.csv OUTPUT_FILE ${recalc_data}/compare.csv
  STDERR "4 of 13 due dates change under .*holiday-a")
escalate_recalc_test(recalc-changed-only 1
  ARGS recalc --input - --compare ${recalc_work}/holiday-b --changed-only
  INPUT ${recalc_data}/cases.csv HOLIDAY_RULESETS ${recalc_work}/holiday-b STDOUT_FILE ${recalc_data}/changed-only.csv
  STDERR "4 of 13 due dates change")

# --as-of, --keep and --columns (issue 11): days left (calendar days, negative when overdue)
# and overdue beside each due date; every input column carried through, quoted where it needs
# it (commas, quotes, line breaks LF and CR), bad rows keeping theirs; the stage's tier and
# names from the pathway's XML. Expected outputs written by hand (data/recalc/README.md).
escalate_recalc_test(recalc-keep 1
  ARGS recalc --input ${recalc_data}/keep.csv --output ${recalc_work}/keep.due.csv --as-of 2024-05-09 --keep
       --columns tier,tier_name,stage_name
  OUTPUT ${recalc_work}/keep.due.csv OUTPUT_FILE ${recalc_data}/keep.due.csv
  STDERR "keep.csv:9: unknown pathway" "keep.csv:12: 8 fields, but the header has 7"
         "rows in 9, rows out 9, rows failed 4 .*; 12 lines: 1 header, 11 in rows, 0 blank")
escalate_recalc_test(recalc-keep-threads 1
  ARGS recalc --input - --output - --threads 3 --as-of 2024-05-09 --keep --columns tier,tier_name,stage_name
  INPUT ${recalc_data}/keep.csv STDOUT_FILE ${recalc_data}/keep.due.csv STDERR "rows in 9, rows out 9")
escalate_recalc_test(recalc-as-of 0
  ARGS recalc --input ${recalc_data}/good.csv --as-of 2024-05-08 --columns stage_name
  STDOUT_FILE ${recalc_data}/good.as-of.csv STDERR "6 rows, 0 bad")
# A kept column named like one the command adds would give the output two columns of one name.
escalate_recalc_test(recalc-keep-name-clash 1
  ARGS recalc --input ${recalc_data}/keep-clash.csv --keep --output ${recalc_work}/never-keep.csv
  STDERR "keep-clash.csv:1: with --keep the input may not have a column named status")
escalate_recalc_test(recalc-bad-columns 2 ARGS recalc --input - --columns tier,colour
  STDERR "--columns takes tier, tier_name and stage_name.*not \"colour\"")
escalate_recalc_test(recalc-bad-as-of 2 ARGS recalc --input - --as-of 2024-02-30 STDERR "--as-of")

# Whole-file problems stop the run with exit 1 and no output file; command-line mistakes exit 2.
escalate_recalc_test(recalc-no-header-column 1
  ARGS recalc --input ${recalc_data}/missing-column.csv --output ${recalc_work}/never.csv
  STDERR "missing-column.csv:1: the header has no case_id column")
escalate_recalc_test(recalc-missing-input 1
  ARGS recalc --input ${recalc_work}/no-such-file.csv STDERR "cannot read .*no-such-file.csv")
escalate_recalc_test(recalc-empty-input 1 ARGS recalc --input - INPUT ${recalc_data}/empty.csv
  STDERR "the input is empty")
escalate_recalc_test(recalc-no-input 2 ARGS recalc STDERR "--input FILE is required")
escalate_recalc_test(recalc-changed-only-alone 2 ARGS recalc --input - --changed-only
  STDERR "--changed-only needs --compare")
escalate_recalc_test(recalc-bad-threads 2 ARGS recalc --input - --threads many STDERR "--threads must be")

# Peak memory stays flat while 2,000,000 rows stream through a pipe.
find_program(ESCALATE_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(ESCALATE_PYTHON3 NAMES python3)
if(ESCALATE_PYTHON3)
  add_test(NAME cli:recalc-memory
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/recalc_memory_test.py $<TARGET_FILE:escalate_cli>)
  set_tests_properties(cli:recalc-memory PROPERTIES TIMEOUT 120)
endif()

# On a terminal (a pseudo-terminal opened by the test) stderr shows the progress line; the tests
# above check that nothing of it reaches a stderr that is not a terminal. Where no
# pseudo-terminal can be made (a chroot without /dev/pts) the test is skipped with its reason;
# recalc-progress-without-ptys checks that skip under an empty /dev/pts (root only).
if(ESCALATE_PYTHON3)
  add_test(NAME cli:recalc-progress-on-terminal
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/progress_terminal_test.py $<TARGET_FILE:escalate_cli>
                   ${recalc_data}/good.csv ${recalc_work}/progress.csv)
  add_test(NAME cli:recalc-progress-without-ptys
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/progress_terminal_test.py $<TARGET_FILE:escalate_cli>
                   ${recalc_data}/good.csv ${recalc_work}/progress-no-pty.csv --without-ptys)
  set_tests_properties(cli:recalc-progress-on-terminal cli:recalc-progress-without-ptys PROPERTIES SKIP_RETURN_CODE 77)
  # Nothing lost, output files made safely (issue 12): line endings, open quotes, NUL bytes,
  # planted links, signals, the end-of-run summary.
  add_test(NAME cli:recalc-reliability
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/recalc_reliability_test.py $<TARGET_FILE:escalate_cli>)
  set_tests_properties(cli:recalc-reliability PROPERTIES TIMEOUT 120)
  # One thread and several give the same bytes: the fuzz corpus and generated hostile files of
  # many chunks (CR, CRLF, quotes over lines, NUL, 1 MiB fields, an open quote), plain and with
  # --keep --as-of --columns (issue 14: the parallel path must not disagree with the careful one).
  add_test(NAME cli:recalc-threads-agree
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/recalc_threads_test.py $<TARGET_FILE:escalate_cli>
                   ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/csv_recalc ${CMAKE_SOURCE_DIR}/tests/fuzz/csv_rulesets)
  set_tests_properties(cli:recalc-threads-agree PROPERTIES TIMEOUT 300)
endif()

# demo: the worked case is Wolverhampton raised Wed 27 March 2024: five working days skipping
# Good Friday and Easter Monday give Fri 5 April; escalated then, Stage 2 is due Tue 9 April.
escalate_cli_test(demo 0 ARGS demo
  STDOUT "pathways:" "wolverhampton +8 stages" "due 2024-04-05 \\(Fri\\): 5 working days"
         "Good Friday" "stage-2 \\(Stage 2: line managers" "due 2024-04-09 \\(Tue\\)"
         "1,000,000 cases" "median of 21, [0-9]+ cores? +[0-9.]+ ms +[0-9,]+ cases/s"
         "spot check: 1000 of 1000"
         "5. A worklist: 1,000,000 case histories" "events/s, [0-9,]+ cases/s"
         "1,000,000 cases: [0-9,]+ open, [0-9,]+ closed \\(at an outcome\\), 0 bad")
escalate_cli_test(demo-small 0 ARGS demo --cases 5000 STDOUT "5,000 cases" "cases/s")
if(ESCALATE_PYTHON3)
  add_test(NAME cli:demo-steal-time
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/demo_steal_test.py $<TARGET_FILE:escalate_cli>)
  set_tests_properties(cli:demo-steal-time PROPERTIES TIMEOUT 600)
endif()
escalate_cli_test(demo-bad-cases 2 ARGS demo --cases none STDERR "--cases must be")
# A quote opened by the last byte, after a quoted field that ended in a line break (found by the
# fuzz campaign: the message said "lines 3 to 2 (0 lines"): line 3 holds it, and only line 3.
escalate_recalc_test(recalc-quote-open-at-the-end 1
  ARGS recalc --input ${recalc_data}/quote-open-at-the-end.csv --output ${recalc_work}/quote-open-at-the-end.csv
  STDERR "quote-open-at-the-end.csv:3: a quote opened on line 3 is never closed, so lines 3 to 3 \\(1 line, the rest of the input\\)")
