# The `escalate` command, run as a user would. Expected dates are worked by hand from the
# Wolverhampton policy (WST Escalation Policy V3, section 4: Stage 1 = 2 + 3 working days,
# Stage 2 = 2, Stage 3 = 3, Stage 4 = 2; 10 working days overall for discussion) on the
# England and Wales calendar (GOV.UK: Good Friday 7 April and Easter Monday 10 April 2023).
set(escalate_command $<TARGET_FILE:escalate_cli>)

function(escalate_cli_test name exit)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "ARGS;STDOUT;STDERR")
  string(REPLACE ";" "\\;" stdout "${arg_STDOUT}")
  string(REPLACE ";" "\\;" stderr "${arg_STDERR}")
  add_test(NAME "cli:${name}"
           COMMAND ${CMAKE_COMMAND} "-DCOMMAND=${escalate_command};${arg_ARGS}"
                   -DEXPECT_EXIT=${exit} "-DEXPECT_STDOUT=${arg_STDOUT}" "-DEXPECT_STDERR=${arg_STDERR}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.cmake)
endfunction()

escalate_cli_test(help 0 ARGS --help STDOUT "validate" "decide" "timeline")
escalate_cli_test(version 0 ARGS --version STDOUT "ABI 1")
escalate_cli_test(unknown-command 2 ARGS frobnicate STDERR "unknown command")
escalate_cli_test(decide-help 0 ARGS decide --help STDOUT "--explain")

# validate: a summary of the bundled rulesets; file:line for broken ones.
escalate_cli_test(validate 0 ARGS validate
  STDOUT ": OK" "calendars \\(3\\)" "england-and-wales" "scotland" "northern-ireland"
         "pathways \\(5\\)" "wolverhampton" "south-tyneside" "shropshire" "north-somerset" "staffordshire")
escalate_cli_test(validate-malformed 1 ARGS validate ${CMAKE_CURRENT_SOURCE_DIR}/data/malformed
  STDERR "malformed/calendar.xml:4: ")
escalate_cli_test(validate-invalid 1 ARGS validate ${CMAKE_CURRENT_SOURCE_DIR}/data/invalid
  STDERR "invalid/calendar.xml:5: ")
escalate_cli_test(validate-missing 1 ARGS validate ${CMAKE_CURRENT_SOURCE_DIR}/data/no-such-dir
  STDERR "no-such-dir")

# decide: started Monday 6 March 2023, Stage 1 is due 5 working days later, Monday 13 March.
escalate_cli_test(decide-start 0 ARGS decide wolverhampton --at 2023-03-06
  STDOUT "stage: +stage-1 " "tier: +practitioners \\(Practitioners\\)" "due: +2023-03-13 \\(Mon\\)"
         "steps:" "due 2023-03-08 \\(Wed\\)" "actions:")
escalate_cli_test(decide-json 0 ARGS decide wolverhampton --at 2023-03-06 --json
  STDOUT "^{\"pathway\":\"wolverhampton\"" "\"stage\":\"stage-1\"" "\"tier\":\"practitioners\""
         "\"due\":\"2023-03-13\"" "\"terminal\":false")
# Stage 1 unresolved on Monday 13 March: Stage 2 (line managers), 2 working days: Wednesday 15.
escalate_cli_test(decide-escalate 0
  ARGS decide wolverhampton --stage stage-1 --event unresolved --at 2023-03-13 --started 2023-03-06
  STDOUT "stage: +stage-2 " "tier: +line-managers" "due: +2023-03-15 \\(Wed\\)")
# Easter: started Monday 3 April 2023: Tue 4, Wed 5, Thu 6, then Good Friday, the weekend and
# Easter Monday are skipped, Tue 11, Wed 12.
escalate_cli_test(decide-explain-holidays 0 ARGS decide wolverhampton --at 2023-04-03 --explain
  STDOUT "2023-04-06 \\(Thu\\)  working day 3" "2023-04-07 \\(Fri\\)  skipped: holiday, Good Friday"
         "2023-04-08 \\(Sat\\)  skipped: weekend" "2023-04-10 \\(Mon\\)  skipped: holiday, Easter Monday"
         "2023-04-12 \\(Wed\\)  working day 5" "due 2023-04-12 \\(Wed\\): set by the stage's own timescale")
# Stage 2 unresolved late, Friday 17 March: Stage 3's own 3 working days give Wednesday 22, but
# the 10-working-day limit from Monday 6 March gives Monday 20, which sets the due date.
escalate_cli_test(decide-explain-limit 0
  ARGS decide wolverhampton --stage stage-2 --event unresolved --at 2023-03-17 --started 2023-03-06 --explain
  STDOUT "stage: +stage-3 " "due: +2023-03-20 \\(Mon\\)" "3 working days from the stage's entry, 2023-03-17"
         "=> 2023-03-22 \\(Wed\\)" "10 working days from the outset, 2023-03-06"
         "2023-03-20 \\(Mon\\)  working day 10"
         "due 2023-03-20 \\(Mon\\): set by the overall limit")
escalate_cli_test(decide-explain-json 0 ARGS decide wolverhampton --at 2023-04-03 --json --explain
  STDOUT "\"explanation\":{\"due_rule\":\"stage-timescale\""
         "{\"date\":\"2023-04-07\",\"weekday\":\"Fri\",\"skipped\":\"holiday\",\"holiday\":\"Good Friday\"}")
escalate_cli_test(decide-terminal 0
  ARGS decide wolverhampton --stage stage-4 --event resolved --at 2023-03-22 --started 2023-03-06
  STDOUT "outcome: +resolved " "kind: +resolved")
# South Tyneside's Stage 4 is the STSCP for a child and the STSAB for an adult.
escalate_cli_test(decide-subject-child 0
  ARGS decide south-tyneside --stage stage-3 --event unresolved --subject child --at 2024-06-03 --started 2024-05-28
  STDOUT "Children Partnership \\(STSCP\\)")
escalate_cli_test(decide-subject-adult 0
  ARGS decide south-tyneside --stage stage-3 --event unresolved --subject adult --at 2024-06-03 --started 2024-05-28
  STDOUT "Adults Board \\(STSAB\\)")
escalate_cli_test(decide-no-transition 1
  ARGS decide wolverhampton --stage confirm-outcome-stage-1 --event unresolved --at 2023-03-13
  STDERR "no transition on \"unresolved\"")
escalate_cli_test(decide-unknown-pathway 1 ARGS decide atlantis --at 2023-03-06 STDERR "atlantis")
escalate_cli_test(decide-out-of-range 1 ARGS decide wolverhampton --at 2150-01-01 STDERR "2150|range")
escalate_cli_test(decide-missing-at 2 ARGS decide wolverhampton STDERR "--at DATE is required")
escalate_cli_test(decide-bad-date 2 ARGS decide wolverhampton --at 2023-02-29 STDERR "not a real date")
escalate_cli_test(decide-stage-without-event 2 ARGS decide wolverhampton --stage stage-1 --at 2023-03-06
  STDERR "--event is required")
escalate_cli_test(decide-unknown-option 2 ARGS decide wolverhampton --at 2023-03-06 --colour STDERR "unknown option --colour")

# timeline: each stage entered on the previous one's due date, from Monday 6 March 2023:
# Stage 1 due Mon 13; Stage 2 (2 days) Wed 15; Stage 3 (3 days) Mon 20, also the 10-day limit;
# Stage 4 (2 days) Wed 22.
escalate_cli_test(timeline 0 ARGS timeline wolverhampton --start 2023-03-06 --json
  STDOUT "\"stage\":\"stage-1\"[^}]*\"entered\":\"2023-03-06\",\"due\":\"2023-03-13\""
         "\"stage\":\"stage-2\"[^}]*\"entered\":\"2023-03-13\",\"due\":\"2023-03-15\""
         "\"stage\":\"stage-3\"[^}]*\"entered\":\"2023-03-15\",\"due\":\"2023-03-20\""
         "\"stage\":\"stage-4\"[^}]*\"entered\":\"2023-03-20\",\"due\":\"2023-03-22\"")
escalate_cli_test(timeline-text 0 ARGS timeline wolverhampton --start 2023-03-06
  STDOUT "stage-1: " "entered  2023-03-06 \\(Mon\\)" "due      2023-03-13 \\(Mon\\)"
         "stage-4: " "due      2023-03-22 \\(Wed\\)")
escalate_cli_test(timeline-missing-start 2 ARGS timeline wolverhampton STDERR "--start DATE is required")

# calendar check / import (issue 14) against data/calendars/bank-holidays.json, a hand-written
# copy of GOV.UK's lists for 2025 to 2027 (data/calendars/README.md cites each source). One
# test per division: the bundled calendar and the published list agree date for date. Before
# issue 14, Scotland lacked the World Cup bank holiday of Monday 15 June 2026.
set(calendar_lists ${CMAKE_CURRENT_SOURCE_DIR}/data/calendars)
foreach(division england-and-wales scotland northern-ireland)
  escalate_cli_test(calendar-check-${division} 0
    ARGS calendar check ${calendar_lists}/bank-holidays.json --calendar ${division}
    STDOUT "${division} against .*2025 to 2027: .* the same")
endforeach()
escalate_cli_test(calendar-check-all 0 ARGS calendar check ${calendar_lists}/bank-holidays.json
  STDOUT "england-and-wales .*: 24 holidays listed, 24 in the calendar: the same"
         "scotland .*: 28 holidays listed, 28 in the calendar: the same"
         "northern-ireland .*: 30 holidays listed, 30 in the calendar: the same")
# Every difference listed, both ways, and exit 1.
escalate_cli_test(calendar-check-differences 1 ARGS calendar check ${calendar_lists}/bank-holidays-changed.json
  STDOUT "england-and-wales .*: 1 difference" "missing +2026-06-19 \\(Fri\\) +Test announcement"
         "scotland .*: 1 difference" "extra +2026-11-30 \\(Mon\\) +St Andrew's Day"
         "northern-ireland .*: the same")
escalate_cli_test(calendar-import 0
  ARGS calendar import ${calendar_lists}/bank-holidays-changed.json --calendar england-and-wales
  STDOUT "<one-off name=\"Test announcement \\(not a real holiday\\)\" date=\"2026-06-19\""
         "source=\"bank holidays list [^\"]*bank-holidays-changed.json \\(division england-and-wales\\)")
escalate_cli_test(calendar-import-nothing 0
  ARGS calendar import ${calendar_lists}/bank-holidays.json --calendar scotland STDOUT "0 one-offs")
escalate_cli_test(calendar-import-needs-calendar 2
  ARGS calendar import ${calendar_lists}/bank-holidays.json STDERR "--calendar")
escalate_cli_test(calendar-check-not-json 1
  ARGS calendar check ${CMAKE_CURRENT_SOURCE_DIR}/data/calendars/README.md STDERR "not JSON")
escalate_cli_test(calendar-check-unknown-division 1
  ARGS calendar check ${calendar_lists}/bank-holidays.json --calendar scotland --division wales
  STDERR "no division \"wales\"")

# recalc --add-holiday previews an announcement (a holiday on Tuesday 7 May 2024) without
# editing files. By hand (data/recalc/README.md): W01, Stage 1 from Wed 1 May, 5 working days,
# Mon 6 May being the early May bank holiday: Thu 2, Fri 3, Wed 8, Thu 9, Fri 10 -> Fri 10 May
# (Thu 9 without the announcement). With 8 May announced too: Thu 2, Fri 3, Thu 9, Fri 10,
# Mon 13 -> Mon 13 May.
escalate_cli_test(recalc-add-holiday 1
  ARGS recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/cases.csv --add-holiday 2024-05-07=Announced
  STDOUT "\nW01,wolverhampton,stage-1,2024-05-10,ok,")
escalate_cli_test(recalc-add-holidays 1
  ARGS recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/cases.csv --add-holiday 2024-05-07=One --add-holiday=2024-05-08=Two
  STDOUT "\nW01,wolverhampton,stage-1,2024-05-13,ok,")
# Only the named calendar: Scotland's announcement leaves an England and Wales case alone.
escalate_cli_test(recalc-add-holiday-one-calendar 1
  ARGS recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/cases.csv --add-holiday scotland:2024-05-07=Announced
  STDOUT "\nW01,wolverhampton,stage-1,2024-05-09,ok,")
escalate_cli_test(recalc-add-holiday-unknown-calendar 2
  ARGS recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/cases.csv --add-holiday narnia:2024-05-07=Announced
  STDERR "no calendar \"narnia\"")
escalate_cli_test(recalc-add-holiday-malformed 2
  ARGS recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/cases.csv --add-holiday 2024-05-07 STDERR "DATE=NAME")
# With --compare the announcement goes to the compared rulesets: the same files on both sides
# list exactly the cases it moves (the four worked in cli_recalc_tests.cmake for 7 May 2024).
escalate_cli_test(recalc-add-holiday-compare 1
  ARGS recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/cases.csv --compare ${CMAKE_SOURCE_DIR}/rulesets
       --add-holiday 2024-05-07=Announced --changed-only
  STDOUT "\nW01,wolverhampton,stage-1,2024-05-09,2024-05-10,true,ok,"
  STDERR "4 of 13 due dates change")
