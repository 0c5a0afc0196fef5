"""`escalate demo` says when the hypervisor took time from this machine's cores while its bulk
runs were timed (the "steal" column of /proc/stat's first line; docs/performance.md).

Usage: demo_steal_test.py ESCALATE_BINARY

ESCALATE_DEMO_PROC_STAT points the demo at a FIFO that this test writes twice: the reading
before the runs and the reading after (Linux: /proc tells when the demo has closed the first). 250 ticks of steal between them are 250 / CLK_TCK
seconds, worked out here from the system's own tick rate; no steal, or no file, says nothing.
"""
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

BINARY = None


def stat_line(steal_ticks):
    # user nice system idle iowait irq softirq steal
    return f"cpu  1200 3 400 90000 50 0 7 {steal_ticks} 0 0\ncpu0 600 1 200 45000 25 0 3 0 0 0\n"


@unittest.skipUnless(os.path.isdir("/proc/self/fd") and hasattr(os, "mkfifo"),
                     "needs /proc/PID/fd to tell when the demo has closed the FIFO")
class DemoStealTime(unittest.TestCase):
    def run_demo(self, stat_path, readings):
        env = dict(os.environ, ESCALATE_DEMO_PROC_STAT=stat_path)
        demo = subprocess.Popen([BINARY, "demo", "--cases", "5000"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

        def demo_holds_the_fifo():
            try:
                names = os.listdir(f"/proc/{demo.pid}/fd")
            except FileNotFoundError:
                return False
            for name in names:
                try:
                    if os.readlink(f"/proc/{demo.pid}/fd/{name}") == stat_path:
                        return True
                except FileNotFoundError:
                    pass
            return False

        def write_readings():
            for reading in readings:
                fifo = os.open(stat_path, os.O_WRONLY)  # blocks until the demo opens it
                os.write(fifo, reading.encode())
                os.close(fifo)
                # The next reading is for the demo's next open: wait until it has closed this
                # one (a blocked open holds no descriptor, so this cannot miss it).
                while demo_holds_the_fifo():
                    time.sleep(0.001)

        writer = threading.Thread(target=write_readings, daemon=True)
        writer.start()
        out, err = demo.communicate(timeout=300)
        writer.join(timeout=10)
        self.assertFalse(writer.is_alive(), "the demo did not read the FIFO as often as expected")
        self.assertEqual(demo.returncode, 0, err)
        return out

    def test_steal_between_the_readings_is_reported_in_milliseconds(self):
        with tempfile.TemporaryDirectory() as directory:
            fifo = os.path.join(directory, "stat")
            os.mkfifo(fifo)
            out = self.run_demo(fifo, [stat_line(100), stat_line(350)])
        expected = f"{250 * 1000 / os.sysconf('SC_CLK_TCK'):.1f} ms (steal time)"
        self.assertIn("meanwhile the hypervisor ran other work on this machine's cores for " + expected, out)

    def test_no_steal_or_no_file_says_nothing(self):
        with tempfile.TemporaryDirectory() as directory:
            fifo = os.path.join(directory, "stat")
            os.mkfifo(fifo)
            out = self.run_demo(fifo, [stat_line(100), stat_line(100)])
            self.assertIn("cases/s", out)
            self.assertNotIn("steal time", out)
            out = self.run_demo(os.path.join(directory, "absent"), [])
            self.assertIn("cases/s", out)
            self.assertNotIn("steal time", out)


if __name__ == "__main__":
    BINARY = sys.argv.pop(1)
    unittest.main()
