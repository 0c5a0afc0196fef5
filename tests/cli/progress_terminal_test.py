"""On a terminal, `escalate recalc` shows a progress line on stderr (issue 12, finding 13).

Usage: progress_terminal_test.py ESCALATE_BINARY CASES_CSV OUTPUT_CSV [--without-ptys]

Needs a pseudo-terminal. Where none can be made (a chroot or container without /dev/pts) the
test is skipped with the reason (exit 77, CTest's SKIP_RETURN_CODE) instead of failing.
--without-ptys checks exactly that: the test re-runs itself in a private mount namespace with
an empty /dev/pts (needs root and unshare(1); skipped otherwise) and must skip there.
"""
import os
import pty
import re
import select
import shutil
import subprocess
import sys

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
    try:
        master, slave = pty.openpty()
    except OSError as error:
        print(f"skipped: no pseudo-terminal can be made here ({error})")
        return SKIP
    child = subprocess.Popen([escalate, "recalc", "--input", cases, "--output", output], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed its end
            break
        if not chunk:
            break
        seen += chunk
    child.wait(timeout=30)
    os.close(master)
    text = seen.decode(errors="replace")
    if child.returncode != 0 or not re.search(r"\[K  6 rows  [0-9,]+ rows/s  \[#+\]  100%.*escalate recalc: 6 rows, 0 bad",
                                              text, re.S):
        print(f"exit {child.returncode}; stderr on the terminal:\n{text!r}")
        return 1
    print("progress line shown on the terminal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
