"""`escalate recalc` gives the same answer on one thread and on several (issue 14).

Usage: recalc_threads_test.py ESCALATE_BINARY FUZZ_CORPUS_DIR FUZZ_RULESETS_DIR

With --threads 1 the calling thread reads, computes and writes every chunk; with more, worker
threads take stretches of the input (or chunks of 8,192 rows after a record left to the careful
reader) and write them back in input order. The code is the same either way, so the output,
the exit status and standard error (the timing aside) must be the same byte for byte; and so
must a run whose input is cut into stretches of a few bytes (ESCALATE_TEST_RECALC_STRETCH_BYTES),
which puts the worker threads' record boundaries everywhere. Checked on every file of the CSV
fuzz corpus (against the fuzz target's small rulesets) and on generated hostile files of many chunks: LF, CRLF and lone-CR
line ends, quoted fields holding commas, quotes and line breaks, NUL bytes in ids, rows of the
wrong width, blank lines, spaces around ids, a field over 1 MiB, a line of 1.2 million commas
(malformed: the separators count toward the reader's 1 MiB bound), a quoted field of 300,000
lines, and a quote left open near the end; each plain and with --keep --as-of --columns.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

TIMING = re.compile(rb"[0-9.]+ s, [0-9,]+ rows/s")


def run(binary, args, stretch_bytes=None):
    env = dict(os.environ)
    if stretch_bytes:
        # The test hook: the input cut into stretches of this many bytes, so that the record
        # boundaries fall everywhere (CRLF split, quotes open across a cut).
        env["ESCALATE_TEST_RECALC_STRETCH_BYTES"] = str(stretch_bytes)
    done = subprocess.run([binary, "recalc", *args], capture_output=True, env=env)
    return done.returncode, done.stdout, TIMING.sub(b"T", done.stderr)


def row(i, rng):
    pathways = [("wolverhampton", "stage-1"), ("wolverhampton", "stage-2"), ("wolverhampton", "stage-4"),
                ("shropshire", "stage-1"), ("atlantis", "x"), ("wolverhampton", "stage-9")]
    pathway, stage = pathways[i % len(pathways)]
    note = rng.choice(['plain', '"has, comma"', '"say ""hi"""', '"two\nlines"', '"cr\ronly"', '"crlf\r\nin"',
                       '', 'x"y', '"a"b'])
    date = f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
    r = rng.random()
    if r < 0.01:
        return f"C{i},{pathway},{stage}\n"
    if r < 0.02:
        return f"C{i},{pathway},{stage},{date},2024-01-01,{note},extra\n"
    if r < 0.025:
        return f"C\0{i},{pathway},{stage},{date},2024-01-01,{note}\n"
    if r < 0.03:
        return "\n"
    if r < 0.035:
        return f" C{i} , {pathway} , {stage} , {date} , 2024-01-01 ,{note}\n"
    if r < 0.04:
        return f'"C{i}","{pathway}","{stage}","{date}","2024-01-01",{note}\n'
    if r < 0.045:
        return f"C{i},{pathway},{stage},2024-02-30,,{note}\n"
    return f"C{i},{pathway},{stage},{date},2024-01-01,{note}\n"


def hostile_files(directory):
    rng = random.Random(7)
    header = "case_id,pathway,stage,entered,started,notes\n"
    paths = []
    for name, end in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")]:
        text = "\ufeff" + header + "".join(row(i, rng) for i in range(40000))
        path = os.path.join(directory, f"{name}.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            f.write(text.replace("\n", end) if end != "\n" else text)
        paths.append(path)
    path = os.path.join(directory, "long.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for i in range(20000):
            f.write(row(i, rng))
            if i == 9000:
                f.write("L1,wolverhampton,stage-1,2024-05-01,2024-05-01," + "z" * ((1 << 20) + 5) + "\n")
            if i == 12000:
                # A million commas and more: the separators count toward the reader's 1 MiB bound
                # (before, a record of 1.2 million empty fields was kept whole).
                f.write("L2," + "," * 1_200_000 + "\n")
            if i == 15000:
                f.write('Q1,wolverhampton,stage-1,2024-05-01,2024-05-01,"' + "q\n" * 300000 + '"\n')
    paths.append(path)
    path = os.path.join(directory, "unclosed.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "".join(row(i, rng) for i in range(30000)))
        f.write('U1,wolverhampton,stage-1,2024-05-01,2024-05-01,"never closed\n')
        f.write("C1,wolverhampton,stage-1,2024-05-01,2024-05-01,x\n" * 100)
    paths.append(path)
    return paths


def main():
    binary, corpus, small_rulesets = sys.argv[1:4]
    problems = []
    compared = 0

    def compare(path, args, thread_counts, stretch_bytes=()):
        nonlocal compared
        first = run(binary, ["--input", path, "--output", "-", "--threads", "1", *args])
        for threads in thread_counts:
            other = run(binary, ["--input", path, "--output", "-", "--threads", str(threads), *args])
            compared += 1
            for what, a, b in zip(("exit status", "stdout", "stderr"), first, other):
                if a != b:
                    problems.append(f"{os.path.basename(path)} {' '.join(args)}: {what} differs between "
                                    f"--threads 1 and --threads {threads}")
        for size in stretch_bytes:
            other = run(binary, ["--input", path, "--output", "-", "--threads", "2", *args], size)
            compared += 1
            for what, a, b in zip(("exit status", "stdout", "stderr"), first, other):
                if a != b:
                    problems.append(f"{os.path.basename(path)} {' '.join(args)}: {what} differs between "
                                    f"--threads 1 and stretches of {size} bytes")
        return first

    for name in sorted(os.listdir(corpus)):
        compare(os.path.join(corpus, name), ["--rulesets", small_rulesets], [3], [1, 2, 7])
    with tempfile.TemporaryDirectory() as work:
        for path in hostile_files(work):
            status, out, err = compare(path, [], [2, 3], [61])
            if b"NOT ACCOUNTED" in err:
                problems.append(f"{os.path.basename(path)}: lines not accounted for")
            # Two rows over the bound, the 1 MiB field and the commas (a malformed row's fields
            # are not trusted, so its case_id is left empty).
            if path.endswith("long.csv") and out.count(b"\n,,,,malformed,the record is longer than 1 MiB\n") != 2:
                problems.append("long.csv: the line of 1.2 million commas is not malformed (longer than 1 MiB)")
            if not path.endswith("unclosed.csv") and b"rows in " not in err:
                problems.append(f"{os.path.basename(path)}: no summary: {err[-300:]!r}")
            compare(path, ["--keep", "--as-of", "2024-06-01", "--columns", "tier,stage_name"], [3])
    if problems:
        print("\n".join(problems[:40]))
        sys.exit(1)
    print(f"ok: {compared} comparisons of --threads 1 against 2 and 3 and small stretches agree byte for byte")


if __name__ == "__main__":
    main()
