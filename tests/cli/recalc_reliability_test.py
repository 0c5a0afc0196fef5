"""`escalate recalc` loses nothing and writes its output safely (issue 12, findings 1, 2, 3, 11).

Usage: recalc_reliability_test.py ESCALATE_BINARY

Expected due dates are worked by hand (tests/cli/data/recalc/README.md): a Wolverhampton
Stage 1 case entered and started Wednesday 1 May 2024 is due Thursday 9 May 2024 (five
working days, skipping the weekend and the early May bank holiday, Monday 6 May).
"""
import csv
import glob
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

ESCALATE = None
HEADER = b"case_id,pathway,stage,entered,started"
DUE = "2024-05-09"


def row(case, pathway=b"wolverhampton"):
    return case + b"," + pathway + b",stage-1,2024-05-01,2024-05-01"


# The reader fills a 1 MiB buffer before it parses: this many rows make sure a run fed
# through a pipe is under way (its output file opened) before the pipe is closed.
FILLER = b"".join(row(b"F-%d" % i) + b"\n" for i in range(40000))


def run(args, stdin=None):
    return subprocess.run([ESCALATE, "recalc"] + args, input=stdin, capture_output=True, timeout=60)


class Base(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, data):
        path = os.path.join(self.path, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def recalc_file(self, data):
        """Runs recalc from a file to a file; returns (exit, output rows or None, stderr)."""
        source = self.write("in.csv", data)
        out = os.path.join(self.path, "out.csv")
        done = run(["--input", source, "--output", out])
        rows = None
        if os.path.exists(out):
            with open(out, encoding="utf-8") as f:
                rows = f.read().splitlines()
        return done.returncode, rows, done.stderr.decode()

    def leftovers(self):
        return sorted(n for n in os.listdir(self.path) if n not in ("in.csv", "out.csv"))


class LineEndings(Base):
    def test_cr_only_line_endings_are_lines(self):
        # Finding 1: Excel for Mac's "CSV (Macintosh)": before, 0 rows and exit 0.
        code, rows, err = self.recalc_file(HEADER + b"\r" + row(b"C-1") + b"\r" + row(b"C-2") + b"\r")
        self.assertEqual(code, 0, err)
        self.assertEqual(rows[1:], [f"C-1,wolverhampton,stage-1,{DUE},ok,", f"C-2,wolverhampton,stage-1,{DUE},ok,"])
        self.assertIn("rows in 2, rows out 2, rows failed 0; 3 lines: 1 header, 2 in rows, 0 blank", err)

    def test_mixed_endings_count_physical_lines(self):
        # LF, CR, CRLF and a last line with no ending: the bad row is reported on its own line.
        data = HEADER + b"\n" + row(b"A") + b"\r" + row(b"B", b"atlantis") + b"\r\n\r\n" + row(b"C") + b"\n" + row(b"D")
        code, rows, err = self.recalc_file(data)
        self.assertEqual(code, 1, err)
        self.assertIn("in.csv:3: unknown pathway \"atlantis\"", err)
        self.assertEqual([r.split(",")[0] for r in rows[1:]], ["A", "B", "C", "D"])
        self.assertIn("rows in 4, rows out 4, rows failed 1 (unknown-pathway 1); 6 lines: 1 header, 4 in rows, 1 blank",
                      err)

    def test_cr_inside_quotes_is_kept_and_counted(self):
        data = HEADER + b",note\r" + row(b"A") + b",\"one\rtwo\"\r" + row(b"B", b"atlantis") + b",x\r"
        data = data.replace(HEADER + b",note", b"case_id,pathway,stage,entered,started,note")
        code, rows, err = self.recalc_file(data)
        self.assertIn("in.csv:4: unknown pathway", err)
        self.assertIn("4 lines: 1 header, 3 in rows, 0 blank", err)


class Quotes(Base):
    def rows_with_stray_quote(self, count, at):
        lines = [HEADER] + [(b'"' if i == at else b"") + row(b"C-%d" % i) for i in range(count)]
        return b"\n".join(lines) + b"\n"

    def test_an_unclosed_quote_refuses_the_file(self):
        # Finding 2: 1,002 rows with a stray quote at the start of the second: before, "2 rows,
        # 1 bad" and two output rows; 1,000 cases vanished. Now the file is refused, the span and
        # the number of lines named, and no output file (or temporary) is left.
        code, rows, err = self.recalc_file(self.rows_with_stray_quote(1002, 1))
        self.assertEqual(code, 1, err)
        self.assertIsNone(rows, "no output file may be written for a refused input")
        self.assertEqual(self.leftovers(), [])
        self.assertIn("in.csv:3: a quote opened on line 3 is never closed, so lines 3 to 1003 (1001 lines, the rest "
                      "of the input) would be read as one field", err)
        self.assertIn("the input is refused", err)
        self.assertNotRegex(err, r"rows in \d")

    def test_an_unclosed_quote_on_standard_output_says_incomplete(self):
        done = run(["--input", "-", "--output", "-"], stdin=self.rows_with_stray_quote(30001, 10000))
        self.assertEqual(done.returncode, 1)
        out = done.stdout.decode().splitlines()
        self.assertEqual(len(out), 1 + 10000)  # the rows before the quote, each complete
        self.assertIn("INCOMPLETE", done.stderr.decode())
        self.assertIn("lines 10002 to 30002 (20001 lines", done.stderr.decode())

    def test_an_open_quote_over_a_mebibyte_is_refused(self):
        data = HEADER + b"\n" + row(b"A") + b"\n\"" + b"x" * 100 + b"\n" + b"y" * (1 << 20) + b"\n" + row(b"B") + b"\n"
        code, rows, err = self.recalc_file(data)
        self.assertEqual(code, 1)
        self.assertIsNone(rows)
        self.assertIn("in.csv:3: a quote opened on line 3 is not closed within 1 MiB (by line 4, 2 lines)", err)

    def test_a_stray_quote_closed_by_another_names_the_lines_it_took(self):
        # The quote opened in row B closes in row D, so B to D read as one record of the right
        # width: an id holding line breaks is refused, with the lines it took.
        lines = [HEADER, row(b"A"), b'"' + row(b"B"), row(b"C"), row(b'D"'), row(b"E")]
        code, rows, err = self.recalc_file(b"\n".join(lines) + b"\n")
        self.assertEqual(code, 1)
        self.assertIn("in.csv:3: case_id holds a line break (the row spans lines 3 to 5: a quoted field holds line "
                      "breaks)", err)
        self.assertIn("rows in 3, rows out 3, rows failed 1 (malformed 1); 6 lines: 1 header, 5 in rows, 0 blank", err)
        records = list(csv.reader(io.StringIO("\n".join(rows) + "\n")))
        self.assertEqual([r[4] for r in records[1:]], ["ok", "malformed", "ok"])


class Bytes(Base):
    def test_a_nul_in_an_id_is_an_error_naming_the_line(self):
        # Finding 3: "wolverhampton\0evil" was looked up as "wolverhampton" and accepted.
        data = HEADER + b"\n" + row(b"A") + b"\n" + row(b"B", b"wolverhampton\0evil") + b"\n" + row(b"C\0D") + b"\n"
        code, rows, err = self.recalc_file(data)
        self.assertEqual(code, 1, err)
        self.assertIn("in.csv:3: pathway holds a NUL byte", err)
        self.assertIn("in.csv:4: case_id holds a NUL byte", err)
        self.assertEqual(rows[2].split(",")[3:5], ["", "malformed"])
        self.assertIn("rows failed 2 (malformed 2)", err)


class OutputFiles(Base):
    def test_a_planted_link_at_the_old_temporary_name_is_not_followed(self):
        # Finding 11: OUTPUT.partial was opened with fopen("wb"), following a planted link.
        victim = self.write("victim.txt", b"precious\n")
        os.symlink(victim, os.path.join(self.path, "out.csv.partial"))
        code, rows, err = self.recalc_file(HEADER + b"\n" + row(b"A") + b"\n")
        self.assertEqual(code, 0, err)
        with open(victim, "rb") as f:
            self.assertEqual(f.read(), b"precious\n")
        self.assertEqual(rows[1], f"A,wolverhampton,stage-1,{DUE},ok,")

    def test_an_output_that_is_a_link_is_replaced_not_written_through(self):
        victim = self.write("victim.txt", b"precious\n")
        os.symlink(victim, os.path.join(self.path, "out.csv"))
        code, rows, err = self.recalc_file(HEADER + b"\n" + row(b"A") + b"\n")
        self.assertEqual(code, 0, err)
        with open(victim, "rb") as f:
            self.assertEqual(f.read(), b"precious\n")
        self.assertFalse(os.path.islink(os.path.join(self.path, "out.csv")))
        self.assertEqual(rows[1], f"A,wolverhampton,stage-1,{DUE},ok,")
        self.assertEqual(self.leftovers(), ["victim.txt"])

    def test_the_output_gets_the_usual_mode(self):
        old = os.umask(0o022)
        try:
            self.recalc_file(HEADER + b"\n" + row(b"A") + b"\n")
        finally:
            os.umask(old)
        self.assertEqual(os.stat(os.path.join(self.path, "out.csv")).st_mode & 0o777, 0o644)

    def test_sigterm_and_sigint_leave_no_temporary_and_no_output(self):
        for number in (signal.SIGTERM, signal.SIGINT):
            out = os.path.join(self.path, "out.csv")
            child = subprocess.Popen([ESCALATE, "recalc", "--input", "-", "--output", out], stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            child.stdin.write(HEADER + b"\n" + FILLER)
            child.stdin.flush()
            deadline = time.monotonic() + 30
            while not glob.glob(os.path.join(self.path, ".out.csv.partial-*")) and time.monotonic() < deadline:
                time.sleep(0.01)
            self.assertTrue(glob.glob(os.path.join(self.path, ".out.csv.partial-*")), "the temporary never appeared")
            child.send_signal(number)
            child.wait(timeout=30)
            try:
                child.stdin.close()
            except BrokenPipeError:
                pass
            self.assertEqual(child.returncode, -number)
            self.assertEqual(os.listdir(self.path), [], f"left behind after signal {number}")

    def test_two_runs_to_one_output_do_not_share_a_temporary(self):
        out = os.path.join(self.path, "out.csv")
        children = []
        for case in (b"A", b"B"):
            child = subprocess.Popen([ESCALATE, "recalc", "--input", "-", "--output", out], stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            child.stdin.write(HEADER + b"\n" + row(case) + b"\n" + FILLER)
            child.stdin.flush()
            children.append((case, child))
        deadline = time.monotonic() + 30
        while len(glob.glob(os.path.join(self.path, ".out.csv.partial-*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(len(glob.glob(os.path.join(self.path, ".out.csv.partial-*"))), 2)
        for case, child in children:
            child.stdin.close()
            self.assertEqual(child.wait(timeout=30), 0)
        with open(out, encoding="utf-8") as f:
            rows = f.read().splitlines()
        self.assertIn(rows[1], [f"A,wolverhampton,stage-1,{DUE},ok,", f"B,wolverhampton,stage-1,{DUE},ok,"])
        self.assertEqual(len(rows), 2 + 40000)
        self.assertEqual(os.listdir(self.path), ["out.csv"])


if __name__ == "__main__":
    ESCALATE = sys.argv.pop(1)
    unittest.main()
