"""On a terminal, `escalate recalc` shows a progress line on stderr (issue 12, finding 13).

Usage: progress_terminal_test.py ESCALATE_BINARY CASES_CSV OUTPUT_CSV [--without-ptys]

Needs a pseudo-terminal. Where none can be made (a chroot or container without /dev/pts) the
test is skipped with the reason (exit 77, CTest's SKIP_RETURN_CODE) instead of failing.
--without-ptys checks exactly that: the test re-runs itself in a private mount namespace with
an empty /dev/pts (needs root and unshare(1); skipped otherwise) and must skip there.
"""
import os
import re
import shutil
import subprocess
import sys

from terminal_support import run_on_terminal

SKIP = 77


def main():
    escalate, cases, output = sys.argv[1:4]
    if "--without-ptys" in sys.argv[4:]:
        unshare = shutil.which("unshare")
        if os.geteuid() != 0 or not unshare:
            print("skipped: hiding /dev/pts needs root and unshare(1)")
            return SKIP
        inner = f"mount -t tmpfs none /dev/pts && exec {sys.executable} {__file__} {escalate} {cases} {output}"
        done = subprocess.run([unshare, "-m", "sh", "-c", inner], capture_output=True, text=True, timeout=60)
        print(done.stdout + done.stderr)
        if done.returncode != 0 and "mount" in done.stderr:
            print("skipped: cannot mount over /dev/pts here")
            return SKIP
        # The inner run must have skipped, with its reason.
        return 0 if done.returncode == SKIP and "no pseudo-terminal" in done.stdout else 1
    shown = run_on_terminal([escalate, "recalc", "--input", cases, "--output", output])
    if shown is None:
        return SKIP
    returncode, text = shown
    if returncode != 0 or not re.search(r"\[K  6 rows  [0-9,]+ rows/s  \[#+\]  100%.*escalate recalc: 6 rows, 0 bad",
                                              text, re.S):
        print(f"exit {returncode}; stderr on the terminal:\n{text!r}")
        return 1
    print("progress line shown on the terminal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
