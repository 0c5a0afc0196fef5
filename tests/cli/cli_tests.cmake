# The `escalate` command, run as a user would. Expected dates are worked by hand from the
# Wolverhampton policy (WST Escalation Policy V3, section 4: Stage 1 = 2 + 3 working days,
# Stage 2 = 2, Stage 3 = 3, Stage 4 = 2; 10 working days overall for discussion) on the
# England and Wales calendar (GOV.UK: Good Friday 7 April and Easter Monday 10 April 2023).
set(escalate_command $<TARGET_FILE:escalate_cli>)

function(escalate_cli_test name exit)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "ARGS;STDOUT;STDERR;NOT_STDERR;ENV")
  string(REPLACE ";" "\\;" stdout "${arg_STDOUT}")
  string(REPLACE ";" "\\;" stderr "${arg_STDERR}")
  set(command ${escalate_command})
  if(arg_ENV)  # run through `cmake -E env` with these settings
    set(command ${CMAKE_COMMAND} -E env ${arg_ENV} ${escalate_command})
  endif()
  add_test(NAME "cli:${name}"
           COMMAND ${CMAKE_COMMAND} "-DCOMMAND=${command};${arg_ARGS}"
                   -DEXPECT_EXIT=${exit} "-DEXPECT_STDOUT=${arg_STDOUT}" "-DEXPECT_STDERR=${arg_STDERR}"
                   "-DREJECT_STDERR=${arg_NOT_STDERR}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.cmake)
  # The bundled rulesets unless a test says otherwise: an ESCALATE_RULESETS of the caller's
  # must not change what these tests see.
  if(NOT arg_ENV)
    set_tests_properties("cli:${name}" PROPERTIES ENVIRONMENT "ESCALATE_RULESETS=")
  endif()
endfunction()

escalate_cli_test(help 0 ARGS --help STDOUT "validate" "decide" "timeline")
escalate_cli_test(version 0 ARGS --version STDOUT "ABI 1")
escalate_cli_test(unknown-command 2 ARGS frobnicate STDERR "unknown command")
escalate_cli_test(decide-help 0 ARGS decide --help STDOUT "--explain")

# validate: a summary of the bundled rulesets; file:line for broken ones.
escalate_cli_test(validate 0 ARGS validate
  STDOUT ": OK" "calendars \\(3\\)" "england-and-wales" "scotland" "northern-ireland"
         "pathways \\(5 ids, 5 versions\\)" "wolverhampton" "south-tyneside" "shropshire" "north-somerset" "staffordshire")
escalate_cli_test(validate-malformed 1 ARGS validate ${CMAKE_SOURCE_DIR}/tests/capi/data/malformed
  STDERR "malformed/calendar.xml:4: ")
escalate_cli_test(validate-invalid 1 ARGS validate ${CMAKE_SOURCE_DIR}/tests/capi/data/invalid
  STDERR "invalid/calendar.xml:5: ")
escalate_cli_test(validate-missing 1 ARGS validate ${CMAKE_SOURCE_DIR}/tests/capi/data/no-such-dir
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

# --explain says how a revisited clause was read (docs/pathways/<id>.md). Staffordshire 4.6,
# per stage: Stage 2 entered Wed 24 December 2025 is due [Thu 25, Fri 26] Mon 29, Tue 30,
# "usually". Wolverhampton Stage 4 entered Tue 24 December 2024: [Wed 25, Thu 26] Fri 27,
# Mon 30; the text also supports the other reading.
escalate_cli_test(decide-explain-reading-per-stage 0
  ARGS decide staffordshire --stage stage-1 --event unresolved --subject adult --at 2025-12-24 --started 2025-12-22 --explain
  STDOUT "due: +2025-12-30 \\(Tue\\), usually" "reading: Read per stage" "whole procedure")
escalate_cli_test(decide-explain-reading-other-supported 0
  ARGS decide wolverhampton --stage stage-3 --event unresolved --at 2024-12-24 --started 2024-12-06 --explain
  STDOUT "due: +2024-12-30 \\(Mon\\), must" "The text also supports the other reading")
# Immediate risk at Staffordshire's Stage 3 on New Year's Eve 2025: a side track, the stage
# still due Fri 2 January 2026 from its entry on Tue 30 December; the Police that day.
escalate_cli_test(decide-side-track-police 0
  ARGS decide staffordshire --stage stage-3 --event immediate-risk --subject adult --at 2025-12-31 --started 2025-12-22 --entered 2025-12-30
  STDOUT "stage: +stage-3 " "due: +2026-01-02 \\(Fri\\)" "contact-police: " "due 2025-12-31 \\(Wed\\), should")

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

# The clocks (tests/data/clocks, dates worked by hand in tests/engine/clocks_test.cpp): the
# force beside every date, overdue on entry, a side track and what an obligation waits for.
set(clocks_fixture ${CMAKE_SOURCE_DIR}/tests/data/clocks)
escalate_cli_test(decide-overdue-on-entry 0 ARGS decide c --rulesets ${clocks_fixture} --stage stage-1
                  --event unresolved --at 2024-03-20 --started 2024-03-08
  STDOUT "due: +2024-03-13 \\(Wed\\), expected  -- overdue on entry")
escalate_cli_test(decide-side-track 0 ARGS decide c --rulesets ${clocks_fixture} --stage stage-1
                  --event immediate-risk --at 2024-03-12 --started 2024-03-08 --entered 2024-03-08
  STDOUT "stage: +stage-1 " "due: +2024-03-18 \\(Mon\\), usually" "a side track"
         "call-police: Contact the Police  \\(from the event\\)" "due 2024-03-12 \\(Tue\\), should"
         "due none yet: waits for raise")
escalate_cli_test(decide-side-track-needs-entered 1 ARGS decide c --rulesets ${clocks_fixture} --stage stage-1
                  --event immediate-risk --at 2024-03-12 --started 2024-03-08
  STDERR "give the date the stage was entered")
escalate_cli_test(decide-explain-force-and-reading 0 ARGS decide c --rulesets ${clocks_fixture} --at 2024-03-08 --explain
  STDOUT "reading: per stage; the text also allows the whole procedure"
         "set by the overall limit \"Overall\", which falls before the stage's own timescale \\(2024-04-08 \\(Mon\\)\\)"
         "force: usually \\(missing it misses an expectation, not a requirement\\)")
escalate_cli_test(decide-json-clocks 0 ARGS decide c --rulesets ${clocks_fixture} --stage stage-1
                  --event unresolved --at 2024-03-20 --started 2024-03-08 --json
  STDOUT "\"due\":\"2024-03-13\"" "\"force\":\"expected\"" "\"overdue\":true")

# Usage errors: the message, the command's usage line and where the options are; not the whole help.
escalate_cli_test(usage-is-short 2 ARGS decide wolverhampton
  STDERR "--at DATE is required" "usage: escalate decide PATHWAY" "Run `escalate decide --help` for the options"
  NOT_STDERR "--explain +show why")
escalate_cli_test(no-command 2 STDERR "the commands are validate decide" NOT_STDERR "exit status")

# --at today: the local date.
escalate_cli_test(decide-today 0 ARGS decide wolverhampton --at today STDOUT "entered: +@TODAY@ ")

# --rulesets, repeatable, before or after the command; ESCALATE_RULESETS.
escalate_cli_test(rulesets-before-and-after 0
  ARGS --rulesets ${CMAKE_SOURCE_DIR}/rulesets/calendars validate --rulesets ${CMAKE_SOURCE_DIR}/rulesets/pathways
  STDOUT "calendars \\(3\\)" "pathways \\(5 ids, 5 versions\\)")
escalate_cli_test(rulesets-pathways-alone 1 ARGS validate --rulesets ${CMAKE_SOURCE_DIR}/rulesets/pathways
  STDERR "unknown calendar \"england-and-wales\"")
escalate_cli_test(rulesets-twice-is-a-duplicate 1
  ARGS --rulesets ${CMAKE_SOURCE_DIR}/rulesets --rulesets=${CMAKE_SOURCE_DIR}/rulesets/calendars validate
  STDERR "already defined at")
escalate_cli_test(rulesets-from-the-environment 0 ARGS validate
  ENV "ESCALATE_RULESETS=${CMAKE_SOURCE_DIR}/rulesets/calendars"
  STDOUT "\\(ESCALATE_RULESETS\\): OK" "calendars \\(3\\)" "pathways \\(0 ids, 0 versions\\)")
escalate_cli_test(rulesets-needs-a-value 2 ARGS validate --rulesets STDERR "--rulesets needs a value")

# show: Wolverhampton's Stage 3 as the file states it (3 working days, cumulative 10, "should";
# the referral "within 24 hours", must, no roll, with its recorded reading; the dialogue 2
# working days from the previous step, should; four routes, immediate risk a side track back to
# Stage 3 whose escalation under safeguarding procedures is due immediately, must).
escalate_cli_test(show-stage 0 ARGS show wolverhampton stage-3
  STDOUT "tier: +senior-managers" "due: +3 working days from stage entry \\(should\\); capped by the overall limit discussion \\(should\\)"
         "worst case: working day 10 from the outset" "refer-in-writing: [^\n]*; 24 hours from stage entry \\(must\\)\n"
         "reading: 24 hours as written"
         "senior-managers-dialogue: [^\n]*; 2 working days from the previous step's due date \\(should\\)"
         "exceptional -> exceptional-referral"
         "immediate-risk -> stage-3 \\(side track: the case stays, its clock runs on\\)"
         "then escalate-under-safeguarding-procedures: [^\n]*; immediately, on the event \\(must\\)")
escalate_cli_test(show-pathway 0 ARGS show wolverhampton
  STDOUT "started on immediate-risk -> stage-1\n  then escalate-under-safeguarding-procedures: "
         "stage-1: Stage 1: practitioners" "events: resolved -> confirm-outcome-stage-1, unresolved -> stage-2"
         "discussion: Resolution through discussion, 10 working days from the outset \\(should\\)"
         "outcomes:\n  resolved: [^\n]*\n  sacg-chair-decision: [^\n]*\n\n"
         "events: resolved unresolved immediate-risk exceptional")
escalate_cli_test(show-json 0 ARGS show wolverhampton --json
  STDOUT "^{\"id\":\"wolverhampton\"" "\"limits\":\\[{\"id\":\"discussion\",[^]]*\"working_days\":10,\"force\":\"should\","
         "\"id\":\"refer-in-writing\",[^{]*{\"kind\":\"hours\",\"days\":0,\"hours\":24,\"roll\":false,[^}]*\"force\":\"must\""
         "\"event\":\"immediate-risk\",\"subject\":null,\"target\":\"stage-3\",\"terminal\":false,\"side_track\":true,\"actions\":\\[{\"id\":\"escalate-under-safeguarding-procedures\"")
# South Tyneside's Stage 4 has no timescale of its own; "It is expected that all issues will be
# resolved within a maximum of 5 working days" caps it (force expected).
escalate_cli_test(show-subject 0 ARGS show south-tyneside stage-4 --subject adult
  STDOUT "South Tyneside Safeguarding Adults Board \\(STSAB\\)"
         "due: +no timescale stated; capped by the overall limit maximum \\(expected\\)")
escalate_cli_test(show-unknown-stage 1 ARGS show wolverhampton stage-9 STDERR "has no stage \"stage-9\"")

# due: Stage 3 entered Friday 17 March 2023, started Monday 6 March: the 10-day limit, Monday
# 20 March, beats its own 3 working days (Wednesday 22). Shropshire's Stage 1 states none.
escalate_cli_test(due 0 ARGS due wolverhampton stage-3 --entered 2023-03-17 --started 2023-03-06 STDOUT "^2023-03-20\n$")
escalate_cli_test(due-json 0 ARGS due wolverhampton stage-3 --entered 2023-03-17 --started 2023-03-06 --json
  STDOUT "\"due\":\"2023-03-20\"")
escalate_cli_test(due-none 0 ARGS due shropshire stage-1 --entered 2023-03-17 STDOUT "^none\n$")
escalate_cli_test(due-needs-the-start 1 ARGS due wolverhampton stage-3 --entered 2023-03-17 STDERR "started")
escalate_cli_test(due-missing-entered 2 ARGS due wolverhampton stage-3 STDERR "--entered DATE is required")

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
# Where the list moves a recurring holiday for one year, import writes a <moved> element (not a
# one-off), which loads and mends the difference (data/calendars/README.md, the worked moves).
find_program(ESCALATE_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(ESCALATE_PYTHON3 NAMES python3)
if(ESCALATE_PYTHON3)
  add_test(NAME cli:calendar-import-moved
           COMMAND ${ESCALATE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/calendar_import_test.py $<TARGET_FILE:escalate_cli>
                   ${CMAKE_SOURCE_DIR}/rulesets ${calendar_lists})
endif()
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
# list exactly the cases it moves (the four worked in recalc_tests.cmake for 7 May 2024).
escalate_cli_test(recalc-add-holiday-compare 1
  ARGS recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/cases.csv --compare ${CMAKE_SOURCE_DIR}/rulesets
       --add-holiday 2024-05-07=Announced --changed-only
  STDOUT "\nW01,wolverhampton,stage-1,2024-05-09,2024-05-10,true,ok,"
  STDERR "4 of 13 due dates change")
