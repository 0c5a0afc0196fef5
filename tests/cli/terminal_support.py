"""Runs a command with its standard error (and, if asked, its standard output) on a
pseudo-terminal and returns what the terminal showed, for the tests of what `escalate` does
on a terminal. None where no pseudo-terminal can be made (a chroot without /dev/pts): the
caller skips, saying so."""

import os
import pty
import select
import subprocess


def run_on_terminal(argv, stdout_on_terminal=False, timeout=30):
    """(exit status, text shown) or None when no pseudo-terminal can be made."""
    try:
        master, slave = pty.openpty()
    except OSError as error:
        print(f"skipped: no pseudo-terminal can be made here ({error})")
        return None
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                             stdout=slave if stdout_on_terminal else subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed its end
            break
        if not chunk:
            break
        seen += chunk
    child.wait(timeout=timeout)
    os.close(master)
    return child.returncode, seen.decode(errors="replace")
