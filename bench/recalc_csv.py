"""`escalate recalc` end to end against the I/O floor: `wc -l` and `cut -d, -f1` of the same file.

Usage: recalc_csv.py ESCALATE_BINARY [--rows N] [--runs R] [--json OUT.json] [--baseline OLD_BINARY]

Writes a caseload of N rows (2,000,000 by default, about 110 MB: the rows of
tests/cli/recalc_memory_test.py, one in a thousand naming an unknown pathway) to a temporary
directory, then times with hyperfine (Debian's package), in one run so that the ratios hold
on a busy machine: `wc -l FILE`, `cut -d, -f1 FILE`, and `escalate recalc --input FILE
--output OUT` with --threads 1 and --threads 2, and with --threads 2 to standard output
(discarded, as cut's is). Prints rows a second (mean, and min-max over
the runs) and each command's time against `cut`'s. The first recalc output is checked against
the second (the same bytes) and its row count against N.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

STAGES = [
    ("wolverhampton", "stage-1"), ("wolverhampton", "stage-2"), ("wolverhampton", "stage-3"),
    ("wolverhampton", "stage-4"), ("wolverhampton", "chair-decision"), ("shropshire", "stage-1"),
    ("south-tyneside", "stage-1"), ("staffordshire", "stage-2"), ("north-somerset", "stage-3"),
]


def write_cases(path, rows):
    with open(path, "w") as f:
        f.write("case_id,pathway,stage,entered,started\n")
        batch = []
        for i in range(rows):
            pathway, stage = STAGES[i % len(STAGES)]
            if i % 1000 == 999:
                pathway = "atlantis"
            month = i % 12 + 1
            batch.append(f"C{i:08d},{pathway},{stage},2025-{month:02d}-{i % 27 + 2:02d},2025-{month:02d}-01\n")
            if len(batch) == 100_000:
                f.write("".join(batch))
                batch.clear()
        f.write("".join(batch))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json")
    parser.add_argument("--baseline", help="another escalate binary (an earlier build) to time beside, with --threads 2")
    args = parser.parse_args()
    if not shutil.which("hyperfine"):
        sys.exit("recalc_csv.py needs hyperfine (apt-get install hyperfine)")
    binary = os.path.abspath(args.binary)
    with tempfile.TemporaryDirectory() as work:
        cases = os.path.join(work, "cases.csv")
        write_cases(cases, args.rows)
        out1, out2 = os.path.join(work, "due1.csv"), os.path.join(work, "due2.csv")
        commands = {
            "wc -l": f"wc -l {cases}",
            "cut -d, -f1": f"cut -d, -f1 {cases}",
            "recalc --threads 1": f"{binary} recalc --input {cases} --output {out1} --threads 1",
            "recalc --threads 2": f"{binary} recalc --input {cases} --output {out2} --threads 2",
            # As cut writes: to standard output, which hyperfine discards.
            "recalc --threads 2 -o -": f"{binary} recalc --input {cases} --output - --threads 2",
        }
        if args.baseline:
            commands["baseline recalc --threads 2"] = (f"{os.path.abspath(args.baseline)} recalc --input {cases} "
                                                       f"--output {os.path.join(work, 'due0.csv')} --threads 2")
        export = os.path.join(work, "hyperfine.json")
        hyperfine = ["hyperfine", "--warmup", "1", "--runs", str(args.runs), "--ignore-failure",
                     "--style", "basic", "--export-json", export]
        for name, command in commands.items():
            hyperfine += ["--command-name", name, command]
        subprocess.run(hyperfine, check=True, stdout=subprocess.DEVNULL)
        with open(out1, "rb") as a, open(out2, "rb") as b:
            first = a.read()
            if first != b.read():
                sys.exit("recalc --threads 1 and --threads 2 wrote different files")
        lines = first.count(b"\n")
        if lines != args.rows + 1:
            sys.exit(f"recalc wrote {lines - 1} rows, expected {args.rows}")
        with open(export) as f:
            results = json.load(f)["results"]
    by_name = {r["command"]: r for r in results}
    floor = by_name["cut -d, -f1"]["mean"]
    report = {"rows": args.rows, "runs": args.runs, "load_average": os.getloadavg(), "commands": {}}
    print(f"{args.rows:,} rows, {args.runs} runs each, load average {os.getloadavg()[0]:.1f}")
    for name, r in by_name.items():
        rate, slowest, fastest = args.rows / r["mean"], args.rows / r["max"], args.rows / r["min"]
        report["commands"][name] = {"mean_s": r["mean"], "stddev_s": r["stddev"], "min_s": r["min"], "max_s": r["max"],
                                    "user_s": r["user"], "system_s": r["system"], "rows_per_s": rate,
                                    "times_cut": r["mean"] / floor}
        print(f"  {name:20} {r['mean']:7.3f} s +- {r['stddev']:.3f}  {rate / 1e6:6.2f} M rows/s "
              f"({slowest / 1e6:.2f}-{fastest / 1e6:.2f})  user {r['user']:.2f} s  sys {r['system']:.2f} s  "
              f"{r['mean'] / floor:.2f} x cut")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
