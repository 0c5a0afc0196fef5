"""`escalate calendar import` writes <moved> where the list moves a recurring holiday (issue 14).

Usage: calendar_import_test.py ESCALATE_BINARY RULESETS_DIR LISTS_DIR

data/calendars/bank-holidays-moved.json is England and Wales 2027 with two invented moves
(data/calendars/README.md): the Early May bank holiday from Monday 3 May 2027 (the first Monday
of May) to Friday 7 May, and Boxing Day's substitute day from Tuesday 28 December 2027 to
Wednesday 29. By hand, import must write one <moved name="Early May bank holiday"
from="2027-05-03" to="2027-05-07"> and no <one-off>; the substitute day's move cannot name the
date the rule gives (Sunday 26 December), so it goes to stderr. Then the written element,
pasted into a copy of the calendar, must load and leave `calendar check` with only the
substitute day's two dates.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main():
    binary, rulesets, lists = sys.argv[1:4]
    moved_list = os.path.join(lists, "bank-holidays-moved.json")
    problems = []
    run = subprocess.run([binary, "calendar", "import", moved_list, "--calendar", "england-and-wales",
                          "--rulesets", rulesets], capture_output=True, text=True)
    if run.returncode != 0:
        problems.append(f"import exit status {run.returncode}: {run.stderr}")
    moved = re.findall(r'<moved name="([^"]*)" from="([^"]*)" to="([^"]*)"\s+source="([^"]*)"/>', run.stdout)
    if moved != [("Early May bank holiday", "2027-05-03", "2027-05-07", moved[0][3] if moved else "")]:
        problems.append(f"expected one <moved> of the Early May bank holiday, 3 to 7 May 2027; got {moved}")
    elif "bank-holidays-moved.json (division england-and-wales)" not in moved[0][3]:
        problems.append(f"the <moved> source does not cite the list: {moved[0][3]}")
    if "<one-off" in run.stdout:
        problems.append("a moved holiday was written as a <one-off>:\n" + run.stdout)
    if "0 one-offs and 1 moved holiday" not in run.stdout:
        problems.append("the comment does not count 0 one-offs and 1 moved holiday:\n" + run.stdout)
    if not re.search(r'2027-12-29 "Boxing Day \(test move, not real\)" looks like the calendar\'s 2027-12-28 '
                     r'\(a substitute day\) moved; add <moved name="Boxing Day"', run.stderr):
        problems.append("the substitute day's move is not reported on stderr:\n" + run.stderr)

    # Pasted into a copy of the calendar, the element loads and mends the difference.
    with tempfile.TemporaryDirectory() as work:
        copy = os.path.join(work, "rulesets")
        shutil.copytree(rulesets, copy)
        calendar = os.path.join(copy, "calendars", "england-and-wales.xml")
        with open(calendar, encoding="utf-8") as f:
            text = f.read()
        elements = "".join(line + "\n" for line in run.stdout.splitlines() if not line.lstrip().startswith(("<!--", "date order")))
        with open(calendar, "w", encoding="utf-8") as f:
            f.write(text.replace("</calendar>", elements + "</calendar>"))
        check = subprocess.run([binary, "calendar", "check", moved_list, "--calendar", "england-and-wales",
                                "--rulesets", copy], capture_output=True, text=True)
        if "2 differences" not in check.stdout or "2027-05-0" in check.stdout:
            problems.append("after pasting, check should show only the substitute day's two dates:\n"
                            + check.stdout + check.stderr)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("ok: import writes <moved> for the moved Early May bank holiday, and it loads")


if __name__ == "__main__":
    main()
