# Versions of a pathway (docs/ruleset-format.md, Versions) on the command line, with the test
# pathway tests/data/versions: "test-versions" version 2023, effective from January 2023
# (Stage 1: 5 working days, Stage 2: 10), and version 2024, effective from 1 April 2024, review
# by March 2025, its source undated (2 and 3). Dates worked by hand over Easter 2024 on the
# England and Wales calendar (Good Friday 29 March, Easter Monday 1 April 2024); the same
# cases are in tests/engine/versions_test.cpp.
set(versions_calendars ${CMAKE_SOURCE_DIR}/rulesets/calendars)
set(versions_fixture ${CMAKE_SOURCE_DIR}/tests/data/versions)

# validate lists each version as its file states it, and warns (exit 0) once the latest
# version's review-by month has ended: not on 31 March 2025, but on 1 April.
escalate_cli_test(validate-lists-versions 0
  ARGS validate ${versions_calendars} ${versions_fixture} --as-of 2025-03-31
  STDOUT "pathways \\(1 id, 2 versions\\)" "test-versions \\(2 versions\\):"
         "2023: Test versions\n +effective from 2023-01 \\(governs cases started 2023-01-01 to 2024-03-31\\); source dated 2022\n"
         "2024: Test versions\n +effective from 2024-04-01 \\(governs cases started 2024-04-01 onwards\\); review by 2025-03; source undated\n"
  NOT_STDERR "warning")
escalate_cli_test(validate-warns-when-review-by-has-passed 0
  ARGS validate ${versions_calendars} ${versions_fixture} --as-of 2025-04-01
  STDOUT "review by 2025-03 \\(passed\\); source undated"
  STDERR "warning: test-versions version 2024 was due for review by 2025-03 \\(the source's own date\\), which has passed as of 2025-04-01")
# The bundled pathways carry the dates their sources state. On 31 March 2024 Wolverhampton's
# review (March 2024) and Shropshire's (February 2025) have not passed; North Somerset's
# (November 2018) has.
escalate_cli_test(validate-bundled-dates-as-stated 0
  ARGS validate --as-of 2024-03-31
  STDOUT "V3: [^\n]*\n +effective from 2023-03-03 \\(governs cases started 2023-03-03 onwards\\); review by 2024-03; source dated 2023-03-03"
         "April 2024 review: [^\n]*\n +effective from 2024-04 \\(governs cases started 2024-04-01 onwards\\); source dated 2024-04"
         "undated web edition: [^\n]*\n +effective from 2016-03 \\([^)]*\\); source undated"
         "NSSB 019: [^\n]*\n +effective from 2016-12 \\([^)]*\\); review by 2018-11 \\(passed\\); source dated 2016-12"
  STDERR "warning: north-somerset version NSSB 019 was due for review by 2018-11"
  NOT_STDERR "wolverhampton|shropshire")
escalate_cli_test(validate-as-of-must-be-a-date 2 ARGS validate --as-of 2024-13-01 STDERR "--as-of 2024-13-01 is not a real date")

# Every load error names the file and line.
escalate_cli_test(validate-duplicate-version 1
  ARGS validate ${versions_calendars} ${versions_fixture} ${versions_fixture}
  STDERR "versions-20(23|24).xml:[0-9]+: <pathway id=\"test-versions\" version=\"202[34]\">: version \"202[34]\" of this pathway is already defined at [^\n]*versions-20(23|24).xml:[0-9]+")
escalate_cli_test(validate-duplicate-effective-from 1
  ARGS validate ${versions_calendars} ${versions_fixture} ${CMAKE_CURRENT_SOURCE_DIR}/data/versions-same-date
  STDERR "test-versions-2023b.xml:7: <pathway id=\"test-versions\" version=\"2023b\">: effective-from \"2023-01\" is the same as that of version \"2023\" \\(\"2023-01\"\\) at [^\n]*versions-2023.xml:9")
escalate_cli_test(validate-malformed-partial-date 1
  ARGS validate ${versions_calendars} ${CMAKE_CURRENT_SOURCE_DIR}/data/versions-bad-date
  STDERR "test-versions-bad.xml:7: <pathway id=\"test-versions\">: attribute 'effective-from' is \"2025-13\", not a real date, month or year; write it as the source states it: YYYY-MM-DD, YYYY-MM or YYYY")

# case: the version in force on the outset, or the one named.
# Started Thu 28 March 2024 (version 2023): Stage 1 due Mon 8 April (Tue 2 ... Mon 8: Good
# Friday, the weekend and Easter Monday skipped), left Wed 10 April, late; Stage 2's 10
# working days: Thu 11 ... Wed 24 April.
escalate_cli_test(case-version-before-changeover 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       case test-versions --entries ${case_data}/test-versions-before-easter-2024.csv --as-of 2024-04-25
  STDOUT "test-versions version 2023 as of 2024-04-25"
         "stage-1: entered 2024-03-28, left 2024-04-10 on unresolved, due 2024-04-08  LATE"
         "due 2024-04-24 \\(Wed\\), must \\(stage-timescale\\): OVERDUE")
# Started Tue 2 April 2024 (version 2024): Stage 1 due Thu 4 (Wed 3, Thu 4), left that day;
# Stage 2's 3 working days: Fri 5, Mon 8, Tue 9 April.
escalate_cli_test(case-version-after-changeover 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       case test-versions --entries ${case_data}/test-versions-after-easter-2024.csv --as-of 2024-04-09 --json
  STDOUT "\"version\":\"2024\"" "\"due\":\"2024-04-04\",\"left_late\":false" "\"due\":\"2024-04-09\"")
# The same case under version 2023, named: Stage 1 due Tue 9 April (Wed 3 ... Tue 9); Stage
# 2's 10 working days from Thu 4: Fri 5, Mon 8 ... Thu 18 April.
escalate_cli_test(case-version-named 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       case test-versions --entries ${case_data}/test-versions-after-easter-2024.csv --as-of 2024-04-09 --version 2023
  STDOUT "test-versions version 2023 as of" "left 2024-04-04 on unresolved, due 2024-04-09\n" "due 2024-04-18 \\(Thu\\)")
escalate_cli_test(case-older-than-every-version 1
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       case test-versions --entries ${case_data}/test-versions-too-old.csv --as-of 2023-01-05
  STDERR "pathway \"test-versions\" has no version in force on 2022-12-30 \\(the case's outset\\): its earliest version, \"2023\", is effective from 2023-01")
escalate_cli_test(case-unknown-version 1
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       case test-versions --entries ${case_data}/test-versions-after-easter-2024.csv --as-of 2024-04-09 --version 2025
  STDERR "pathway \"test-versions\" has no version \"2025\"; its versions are \"2023\", \"2024\"")

# decide: started Thu 28 March (version 2023), escalated Wed 10 April: Stage 2 due Wed 24 April;
# named 2024 instead: 3 working days, Thu 11, Fri 12, Mon 15 April.
escalate_cli_test(decide-version-by-outset 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       decide test-versions --stage stage-1 --event unresolved --at 2024-04-10 --started 2024-03-28
  STDOUT "due: +2024-04-24 \\(Wed\\), must" "version: +2023 \\(effective from 2023-01\\)")
escalate_cli_test(decide-version-named 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       decide test-versions --stage stage-1 --event unresolved --at 2024-04-10 --started 2024-03-28 --version 2024 --json
  STDOUT "\"version\":\"2024\"" "\"due\":\"2024-04-15\"")
escalate_cli_test(decide-older-than-every-version 1
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture} decide test-versions --at 2022-12-31
  STDERR "no version in force on 2022-12-31")

# due: the version decide would use, by the outset (--started, else --entered), or the one named.
# Stage 1 entered Thu 28 March 2024 (version 2023, 5 working days): Tue 2 ... Mon 8 April.
escalate_cli_test(due-version-by-outset 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       due test-versions stage-1 --entered 2024-03-28
  STDOUT "^2024-04-08\n$")
# Started 28 March, Stage 2 entered Wed 10 April: version 2023's 10 working days, Thu 11 ... Wed 24.
escalate_cli_test(due-version-by-started 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       due test-versions stage-2 --entered 2024-04-10 --started 2024-03-28 --json
  STDOUT "\"version\":\"2023\"" "\"due\":\"2024-04-24\"")
# Named 2024 (2 working days from Thu 28 March: Tue 2, Wed 3 April).
escalate_cli_test(due-version-named 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       due test-versions stage-1 --entered 2024-03-28 --version 2024 --json
  STDOUT "\"version\":\"2024\"" "\"due\":\"2024-04-03\"")
escalate_cli_test(due-older-than-every-version 1
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture} due test-versions stage-1 --entered 2022-06-01
  STDERR "no version in force on 2022-06-01 \\(the case's outset\\)")

# show and graph: the version named, else the latest (no case, so no outset).
escalate_cli_test(show-version-named 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture} show test-versions --version 2023
  STDOUT "^test-versions: Test versions \\(version 2023, effective 2023-01\\)")
escalate_cli_test(show-latest-version 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture} show test-versions
  STDOUT "^test-versions: Test versions \\(version 2024, effective 2024-04-01\\)")
escalate_cli_test(graph-version-named 0
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture} graph test-versions --version 2023
  STDOUT "test-versions, version 2023")
escalate_cli_test(show-unknown-version 1
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture} show test-versions --version 2025
  STDERR "no version \"2025\"; its versions are \"2023\", \"2024\"")

# recalc: each row by the version in force on its outset (started, else entered), as decide:
# A entered Thu 28 March (2023: Mon 8 April); B Stage 2 in a case started 28 March (2023: Wed 24
# April); C entered Tue 2 April (2024: Thu 4); D before every version.
escalate_cli_test(recalc-version-by-outset 1
  ARGS --rulesets ${versions_calendars} --rulesets ${versions_fixture}
       recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/versions.csv --columns tier
  STDOUT "A,test-versions,stage-1,2024-04-08,practitioners,ok,\n" "B,test-versions,stage-2,2024-04-24,managers,ok,\n"
         "C,test-versions,stage-1,2024-04-04,practitioners,ok,\n"
         "D,test-versions,stage-1,,,no-version,\"pathway \"\"test-versions\"\" has no version in force on 2022-06-01 \\(the case's outset\\): its earliest version, \"\"2023\"\", is effective from 2023-01\"\n"
  STDERR "rows failed 1 \\(no-version 1\\)")
# A stage only the later version has: a case started under the earlier one is not answered as
# if it had it. NEW: Stage 3 entered Fri 5 April 2024, 4 working days: Mon 8 ... Thu 11 April.
escalate_cli_test(recalc-version-without-the-stage 1
  ARGS --rulesets ${versions_calendars} --rulesets ${CMAKE_CURRENT_SOURCE_DIR}/data/versions-stage-added
       recalc --input ${CMAKE_CURRENT_SOURCE_DIR}/data/recalc/versions-stage-added.csv
  STDOUT "OLD,test-versions,stage-3,,unknown-stage,\"stage \"\"stage-3\"\" is not in version \"\"2023\"\" of \"\"test-versions\"\", the version that governs the case's outset \\(in force from 2023-01-01 to 2024-03-31\\)\"\n"
         "NEW,test-versions,stage-3,2024-04-11,ok,\n")
