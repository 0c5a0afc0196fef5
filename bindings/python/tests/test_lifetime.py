"""Ownership: objects keep what they depend on alive, close() is explicit and safe, and the
interpreter can exit with engines still open."""

from __future__ import annotations

import datetime
import gc
import os
import subprocess
import sys
import threading
import time
import unittest
import weakref

import escalate

from . import support

D = datetime.date


def _load():
    return escalate.Engine.load(support.RULESETS)


class TestLifetime(unittest.TestCase):
    def test_a_decision_is_a_value_and_holds_no_engine(self):
        # Issue 14: a decision that held its engine could not be pickled or sent back from
        # another process. It is now plain values, so the engine goes when its last user does.
        engine = _load()
        alive = weakref.ref(engine)
        decision = engine.decide("wolverhampton", at=D(2023, 3, 6))
        del engine
        gc.collect()
        self.assertIsNone(alive())
        self.assertEqual(decision.due, D(2023, 3, 13))

    def test_calendar_keeps_its_engine_alive(self):
        calendar = _load().calendar("england-and-wales")
        gc.collect()
        # The calendar's memory belongs to the engine: it works only because the engine lives.
        self.assertEqual(calendar.add_working_days(D(2023, 3, 6), 5), D(2023, 3, 13))
        self.assertEqual(len(calendar.holidays(2023)), 9)

    def test_calls_after_close_raise_instead_of_crashing(self):
        engine = _load()
        calendar = engine.calendar("england-and-wales")
        decision = engine.decide("wolverhampton", at=D(2023, 3, 6))
        engine.close()
        self.assertTrue(engine.closed)
        with self.assertRaises(escalate.InvalidArgumentError):
            engine.decide("wolverhampton", at=D(2023, 3, 6))
        with self.assertRaises(escalate.InvalidArgumentError):
            engine.due("wolverhampton", "stage-1", D(2023, 3, 6))
        with self.assertRaises(escalate.InvalidArgumentError):
            calendar.is_working_day(D(2023, 3, 6))
        with self.assertRaises(escalate.InvalidArgumentError):
            engine.calendar("england-and-wales")
        # What was already copied out stays readable.
        self.assertEqual(decision.due, D(2023, 3, 13))
        self.assertEqual(engine.pathways["wolverhampton"].entry_stage, "stage-1")
        engine.close()  # a second close is a no-op
        self.assertIn("closed", repr(engine))

    def test_context_manager_closes(self):
        with _load() as engine:
            self.assertFalse(engine.closed)
        self.assertTrue(engine.closed)

    def test_close_waits_for_calls_in_flight(self):
        # close() from one thread while others decide: every call either answers correctly
        # or is refused with InvalidArgumentError; none touches freed memory.
        engine = _load()
        answers, refusals, failures = [], [], []
        started = threading.Barrier(5)

        def work():
            started.wait()
            for _ in range(2000):
                try:
                    answers.append(engine.decide("wolverhampton", at=D(2023, 3, 6)).due)
                except escalate.InvalidArgumentError:
                    refusals.append(1)
                    return
                except Exception as error:  # pragma: no cover - reported below
                    failures.append(error)
                    return

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        started.wait()
        time.sleep(0.01)
        engine.close()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])
        self.assertTrue(all(due == D(2023, 3, 13) for due in answers))

    def test_interpreter_exit_with_open_objects(self):
        # Engines, calendars and decisions left in module globals and in a reference cycle
        # are finalised at shutdown; that must neither crash nor print "Exception ignored".
        script = (
            "import datetime, escalate\n"
            f"engine = escalate.Engine.load({str(support.RULESETS)!r})\n"
            "calendar = engine.calendar('england-and-wales')\n"
            "decision = engine.decide('wolverhampton', at=datetime.date(2023, 3, 6))\n"
            "cycle = [engine]; cycle.append(cycle)\n"
            "other = escalate.Engine.load(engine.path)\n"
            "print(decision.due)\n"
        )
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(support.PACKAGE_SOURCE)] + [p for p in [os.environ.get("PYTHONPATH")] if p])
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                env=environment, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "2023-03-13")
        self.assertEqual(result.stderr, "")

    def test_failed_load_leaves_nothing_to_free(self):
        with self.assertRaises(escalate.IoError):
            escalate.Engine.load(os.path.join(os.sep, "no", "such", "rulesets"))
        gc.collect()  # no half-built Engine whose __del__ could misbehave


if __name__ == "__main__":
    unittest.main()
