"""`escalate recalc` streams: 2,000,000 rows piped through it keep its peak memory flat.

Usage: recalc_memory_test.py ESCALATE_BINARY

The rows are generated on the fly and written to the command's standard input while its
standard output is read back, so neither side ever holds the file. One row in a thousand names
an unknown pathway, so bad rows are streamed too. Checks: every row comes out, the bad ones
are counted and reported with a cap, and the peak resident set size of the command (getrusage
of the waited-for child) stays under 50 MB. For scale, the engine itself with all the bundled
rulesets takes about 12 MB; the whole input is about 100 MB.
"""
import resource
import subprocess
import sys
import threading

ROWS = 2_000_000
BAD_EVERY = 1000
LIMIT_KB = 50 * 1024

# Stages that need no outset and stages under an overall limit, with an outset on the 1st.
STAGES = [
    ("wolverhampton", "stage-1"), ("wolverhampton", "stage-2"), ("wolverhampton", "stage-3"),
    ("wolverhampton", "stage-4"), ("wolverhampton", "chair-decision"), ("shropshire", "stage-1"),
    ("south-tyneside", "stage-1"), ("staffordshire", "stage-2"), ("north-somerset", "stage-3"),
]


def generate(stream):
    stream.write(b"case_id,pathway,stage,entered,started\n")
    batch = []
    for i in range(ROWS):
        pathway, stage = STAGES[i % len(STAGES)]
        if i % BAD_EVERY == BAD_EVERY - 1:
            pathway = "atlantis"
        month = i % 12 + 1
        batch.append(f"C{i:08d},{pathway},{stage},2025-{month:02d}-{i % 27 + 2:02d},2025-{month:02d}-01\n")
        if len(batch) == 10_000:
            stream.write("".join(batch).encode())
            batch.clear()
    stream.write("".join(batch).encode())
    stream.close()


def main():
    binary = sys.argv[1]
    child = subprocess.Popen([binary, "recalc", "--input", "-", "--output", "-"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    writer = threading.Thread(target=generate, args=(child.stdin,))
    writer.start()
    errors = []
    reader = threading.Thread(target=lambda: errors.append(child.stderr.read()))
    reader.start()
    lines = ok_rows = 0
    tail = b""
    while True:
        block = child.stdout.read(1 << 20)
        if not block:
            break
        # Count whole lines only; a line split across blocks is finished by the next one.
        data = tail + block
        cut = data.rfind(b"\n") + 1
        lines += data.count(b"\n", 0, cut)
        ok_rows += data.count(b",ok,\n", 0, cut)
        tail = data[cut:]
    writer.join()
    status = child.wait()
    reader.join()
    stderr = errors[0].decode()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    bad = ROWS // BAD_EVERY
    problems = []
    if status != 1:
        problems.append(f"exit status {status}, expected 1 (there are bad rows)")
    if lines != ROWS + 1:
        problems.append(f"{lines} output lines, expected {ROWS + 1}")
    if ok_rows != ROWS - bad:
        problems.append(f"{ok_rows} ok rows, expected {ROWS - bad}")
    if f"2,000,000 rows, {bad:,} bad" not in stderr:
        problems.append("the summary line does not count 2,000,000 rows and the bad ones")
    if stderr.count("unknown pathway") != 20 or f"{bad - 20:,} more bad rows not shown" not in stderr:
        problems.append("bad rows are not reported with a cap of 20")
    if tail:
        problems.append("the output does not end with a line break")
    print(f"peak RSS {peak_kb / 1024:.1f} MB for {ROWS:,} rows; {stderr.strip().splitlines()[-1]}")
    if peak_kb > LIMIT_KB:
        problems.append(f"peak RSS {peak_kb / 1024:.1f} MB exceeds {LIMIT_KB / 1024:.0f} MB")
    if problems:
        print("\n".join(problems) + "\n--- stderr ---\n" + stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
