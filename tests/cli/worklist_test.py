"""`escalate worklist` checked against `escalate case`, on a terminal, and the demo's totals.

Usage: worklist_test.py ESCALATE_BINARY SAMPLE_EVENTS_CSV WORK_DIR differential|terminal|demo

differential: every case of the sample and of a random caseload (every bundled pathway, a
    fixed seed) is evaluated alone by `escalate case --json`; every case it finds open must be
    a worklist row with the same stage, tier, entered and due dates (days left the calendar
    days to the due date, the state from its overdue flag), every worklist row must be such a
    case, every case it rejects must be listed as bad, and every case at an outcome must be
    neither (closed). The random caseload has no done: entries; the hand-worked files and
    tests/engine/case_history_test.cpp cover them.
terminal: on a pseudo-terminal the worklist is a table followed by the summary, and stderr
    shows progress (skipped, exit 77, where no pseudo-terminal can be made).
demo: the demo's worklist summary adds up: open cases by state, closed and bad make every case.
split: a case whose rows come back after a whole batch of other cases (70,000: more than a
    batch), when its first run was already evaluated as open, and one evaluated as closed: both
    runs of each are listed as bad, the summary takes the first back, and nothing is dropped.
memory: the same 2,000 cases with 2 events each and with 500 each (1,000,000 events, piped
    through standard input): the peak resident set size may grow by at most 12 MB (a batch of
    events is reserved in both), not with the events (the input is about 45 MB; holding every
    event would take some 30 MB more).
"""
import csv
import datetime
import io
import json
import os
import random
import re
import subprocess
import sys

from terminal_support import run_on_terminal

SKIP = 77
AS_OF = datetime.date(2026, 4, 8)
PATHWAYS = ["wolverhampton", "north-somerset", "shropshire", "south-tyneside", "staffordshire"]
EVENTS = ["unresolved"] * 5 + ["resolved"] * 3 + ["immediate-risk", "no-such-event"]
FIRST_EVENTS = ["start"] * 8 + ["initiate-stage-3", "unresolved"]


def random_caseload(count, seed=11):
    """Long-format rows (case_id, pathway, date, event, subject): a mix of open, closed and bad
    cases, each case's rows together and (mostly) in date order."""
    generator = random.Random(seed)
    rows = []
    for number in range(count):
        case_id = f"R{number:03d}"
        pathway = generator.choice(PATHWAYS)
        subject = generator.choice(["", "child", "adult"])
        day = datetime.date(2025, 12, 1) + datetime.timedelta(days=generator.randrange(0, 125))
        rows.append((case_id, pathway, day, generator.choice(FIRST_EVENTS), subject))
        for _ in range(generator.randrange(0, 4)):
            # Now and then a day back: out of date order.
            day += datetime.timedelta(days=-1 if generator.random() < 0.02 else generator.randrange(0, 9))
            rows.append((case_id, "", day, generator.choice(EVENTS), ""))
    return rows


def read_sample(path):
    rows = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows.append((row["case_id"], row["pathway"], datetime.date.fromisoformat(row["date"]), row["event"],
                         row.get("subject", "")))
    return rows


def run_worklist(escalate, path):
    done = subprocess.run([escalate, "worklist", "--events", path, "--as-of", AS_OF.isoformat()],
                          capture_output=True, text=True, timeout=60)
    if done.returncode not in (0, 1):
        raise SystemExit(f"worklist failed ({done.returncode}): {done.stderr}")
    return list(csv.DictReader(io.StringIO(done.stdout))), done.stderr


def run_case(escalate, work, case_id, rows):
    entries = os.path.join(work, "entries.csv")
    with open(entries, "w", newline="") as f:
        f.write("date,event\n")
        for row in rows:
            f.write(f"{row[2].isoformat()},{row[3]}\n")
    command = [escalate, "case", rows[0][1], "--entries", entries, "--as-of", AS_OF.isoformat(), "--json"]
    if rows[0][4]:
        command += ["--subject", rows[0][4]]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    return json.loads(done.stdout) if done.returncode == 0 else None


def differential(escalate, sample, work):
    problems = []
    for name, rows in (("sample", read_sample(sample)), ("random", random_caseload(120))):
        path = os.path.join(work, f"differential-{name}.csv")
        with open(path, "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["case_id", "pathway", "date", "event", "subject"])
            for row in rows:
                writer.writerow([row[0], row[1], row[2].isoformat(), row[3], row[4]])
        listed, _ = run_worklist(escalate, path)
        open_rows = {r["case_id"]: r for r in listed if r["state"] != "error"}
        bad_rows = {r["case_id"] for r in listed if r["state"] == "error"}
        by_case = {}
        for row in rows:
            by_case.setdefault(row[0], []).append(row)
        counts = {"open": 0, "closed": 0, "bad": 0}
        for case_id, case_rows in by_case.items():
            answer = run_case(escalate, work, case_id, case_rows)
            if answer is None:
                counts["bad"] += 1
                if case_id not in bad_rows:
                    problems.append(f"{name} {case_id}: `case` rejects it, the worklist does not list it as bad")
                continue
            if answer["terminal"]:
                counts["closed"] += 1
                if case_id in open_rows or case_id in bad_rows:
                    problems.append(f"{name} {case_id}: closed ({answer['stage']}), yet listed by the worklist")
                continue
            counts["open"] += 1
            row = open_rows.get(case_id)
            if row is None:
                problems.append(f"{name} {case_id}: open at {answer['stage']} by `case`, missing from the worklist")
                continue
            due = answer["due"]
            expected = {
                "pathway": case_rows[0][1], "stage": answer["stage"], "tier": answer["tier"],
                "entered": answer["entered"], "due": due or "",
                "days_left": str((datetime.date.fromisoformat(due) - AS_OF).days) if due else "",
                "state": ("no-due-date" if not due else "overdue" if answer["overdue"]
                          else "due-today" if due == AS_OF.isoformat() else "due-later"),
            }
            for key, value in expected.items():
                if row[key] != value:
                    problems.append(f"{name} {case_id}: {key} is {row[key]!r} in the worklist, {value!r} by `case`")
        for case_id in open_rows:
            if case_id not in by_case:
                problems.append(f"{name} {case_id}: in the worklist, not in the input")
        if len(open_rows) != counts["open"]:
            problems.append(f"{name}: {len(open_rows)} open in the worklist, {counts['open']} by `case`")
        print(f"{name}: {len(by_case)} cases: {counts['open']} open, {counts['closed']} closed, {counts['bad']} bad")
        if name == "random" and min(counts.values()) < 5:
            problems.append(f"the random caseload should mix open, closed and bad cases: {counts}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def terminal(escalate, sample):
    shown = run_on_terminal([escalate, "worklist", "--events", sample, "--as-of", AS_OF.isoformat()],
                            stdout_on_terminal=True)
    if shown is None:
        return SKIP
    returncode, text = shown
    text = text.replace("\r\n", "\n")
    checks = [
        (r"\x1b\[K  15 rows", "a progress line on stderr"),
        (r"case +pathway +stage +tier +entered +due +days left +state\n", "the table's heading"),
        (r"W6 +wolverhampton +stage-1 +practitioners +2025-12-19 +2025-12-30 +-99 +overdue\n", "the most overdue case first"),
        (r"W5 +north-somerset +stage-4 +board-representatives +2026-03-02 +no-due-date\n", "no due date last"),
        (r"overdue\n[^\n]*due-today\n[^\n]*due-later\n[^\n]*due-later\n[^\n]*no-due-date\n\nworklist as of",
         "the summary after the table"),
    ]
    problems = [f"missing: {what}" for pattern, what in checks if not re.search(pattern, text)]
    if "case_id,pathway" in text:
        problems.append("CSV on a terminal")
    if returncode != 0:
        problems.append(f"exit status {returncode}")
    if problems:
        print("\n".join(problems) + "\n--- terminal ---\n" + text)
        return 1
    return 0


def demo(escalate):
    done = subprocess.run([escalate, "demo", "--cases", "100000"], capture_output=True, text=True, timeout=120)
    text = done.stdout
    section = text[text.find("5. A worklist"):]
    heading = re.search(r"as of 2026-04-08 \(Wed\): ([0-9,]+) cases: ([0-9,]+) open, ([0-9,]+) closed \(at an outcome\), "
                        r"([0-9,]+) bad", section)
    if done.returncode != 0 or not heading or "events/s" not in section:
        print(f"exit {done.returncode}; no worklist summary:\n{text}\n{done.stderr}")
        return 1
    number = lambda s: int(s.replace(",", ""))
    cases, open_, closed, bad = (number(g) for g in heading.groups())
    problems = []
    if cases != 100000 or open_ + closed + bad != cases:
        problems.append(f"{open_} open + {closed} closed + {bad} bad is not {cases} cases of 100,000")
    rows = re.findall(r"^ +([a-z-]+) +([a-z-]+) +([0-9,]+) +([0-9,]+) +([0-9,]+) +([0-9,]+) +([0-9,]+)$", section, re.M)
    total = re.search(r"all open cases +([0-9,]+) +([0-9,]+) +([0-9,]+) +([0-9,]+) +([0-9,]+)$", section, re.M)
    if not rows or not total:
        problems.append("no table of open cases by tier")
    else:
        columns = [0] * 5
        for row in rows:
            counts = [number(v) for v in row[2:]]
            if sum(counts[:4]) != counts[4]:
                problems.append(f"{row[0]} {row[1]}: the states do not add up to its total")
            columns = [a + b for a, b in zip(columns, counts)]
        if columns != [number(v) for v in total.groups()] or columns[4] != open_:
            problems.append(f"the tiers add up to {columns}, the totals say {total.groups()}, open {open_}")
        if min(columns[:3]) == 0 or closed == 0:
            problems.append("the generated caseload should have overdue, due-today, due-later and closed cases")
    if bad != 0:
        problems.append(f"{bad} generated cases are bad: the generator follows the pathways' own routes")
    if problems:
        print("\n".join(problems) + "\n" + section)
        return 1
    print(section)
    return 0


MEMORY_CASES = 2000
FILLER_CASES = 70_000


def split(escalate, work):
    path = os.path.join(work, "split.csv")
    with open(path, "w") as f:
        f.write("case_id,pathway,date,event\n")
        f.write("A,wolverhampton,2026-04-01,start\n")                                 # line 2: open
        f.write("C,wolverhampton,2026-03-02,start\nC,,2026-03-04,resolved\nC,,2026-03-05,resolved\n")  # 3-5: closed
        f.write("".join(f"F{i:06d},wolverhampton,2026-04-01,start\n" for i in range(FILLER_CASES)))
        last = FILLER_CASES + 5
        f.write("A,wolverhampton,2026-04-02,unresolved\n")                             # last + 1
        f.write("C,wolverhampton,2026-03-06,resolved\n")                               # last + 2
    listed, err = run_worklist(escalate, path)
    bad = [(r["case_id"], r["lines"], r["error"]) for r in listed if r["state"] == "error"]
    expected = [
        ("A", "2", f"split: its rows at line 2 continue at line {last + 1} after other cases "
                   "(the rows of one case must be together)"),
        ("C", "3-5", f"split: its rows at lines 3-5 continue at line {last + 2} after other cases "
                     "(the rows of one case must be together)"),
        ("A", str(last + 1), f"split: its rows at line {last + 1} come after other cases; its earlier rows are at "
                             "line 2 (the rows of one case must be together)"),
        ("C", str(last + 2), f"split: its rows at line {last + 2} come after other cases; its earlier rows are at "
                             "lines 3-5 (the rows of one case must be together)"),
    ]
    problems = []
    if bad != expected:
        problems.append(f"bad cases {bad}, expected {expected}")
    if len(listed) - len(bad) != FILLER_CASES or any(r["case_id"] in ("A", "C") for r in listed if r["state"] != "error"):
        problems.append(f"{len(listed) - len(bad)} open cases, expected the {FILLER_CASES:,} fillers only")
    heading = f"{FILLER_CASES + 4:,} cases: {FILLER_CASES:,} open, 0 closed (at an outcome), 4 bad"
    if heading not in err:
        problems.append(f"the summary should say {heading!r}:\n{err}")
    if not re.search(rf"all open cases +0 +0 +{FILLER_CASES:,} +0 +{FILLER_CASES:,}\n", err):
        problems.append(f"the open cases by state should be the fillers only:\n{err}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def peak_memory_kb(escalate, events_per_case):
    """Runs the worklist over generated events in a child and returns its peak RSS in KB."""
    import resource
    import threading
    child = subprocess.Popen([escalate, "worklist", "--events", "-", "--as-of", AS_OF.isoformat()],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def generate():
        child.stdin.write(b"case_id,pathway,date,event\n")
        for case in range(MEMORY_CASES):
            # Wolverhampton's immediate-risk is a side track: the case stays at Stage 1.
            rows = [f"M{case:05d},wolverhampton,2026-04-01,start\n"]
            rows += [f"M{case:05d},,2026-04-01,immediate-risk\n"] * (events_per_case - 1)
            child.stdin.write("".join(rows).encode())
        child.stdin.close()

    writer = threading.Thread(target=generate)
    writer.start()
    out = []
    reader = threading.Thread(target=lambda: out.append(child.stdout.read()))
    reader.start()
    err = child.stderr.read().decode()
    writer.join()
    reader.join()
    status = child.wait()
    expected = f"{MEMORY_CASES * events_per_case:,} rows (events) in {MEMORY_CASES:,} cases"
    if status != 0 or expected not in err or out[0].count(b"\n") != MEMORY_CASES + 1:
        raise SystemExit(f"exit {status}; expected {expected} and {MEMORY_CASES} open cases:\n{err}")
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def memory(escalate):
    # Each measurement in its own process: RUSAGE_CHILDREN keeps the largest child's peak.
    peaks = []
    for events in (2, 500):
        done = subprocess.run([sys.executable, __file__, escalate, "-", "-", "memory-one", str(events)],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            print(done.stdout + done.stderr)
            return 1
        peaks.append(int(done.stdout.split()[-1]))
    print(f"peak RSS: {peaks[0]:,} KB with 2 events a case, {peaks[1]:,} KB with 500")
    return 0 if peaks[1] - peaks[0] <= 12 * 1024 else 1


def main():
    escalate, sample, work, mode = sys.argv[1:5]
    if mode == "memory-one":
        print(peak_memory_kb(escalate, int(sys.argv[5])))
        return 0
    if mode == "memory":
        return memory(escalate)
    if mode == "split":
        return split(escalate, work)
    os.makedirs(work, exist_ok=True)
    if mode == "differential":
        return differential(escalate, sample, work)
    if mode == "terminal":
        return terminal(escalate, sample)
    return demo(escalate)


if __name__ == "__main__":
    sys.exit(main())
