"""One engine shared by several threads gives the same answers as one thread (docs/performance.md).

The expected answers are computed sequentially first and are themselves checked against dates
worked by hand for a few rows (see test_engine.py for the working)."""

from __future__ import annotations

import datetime
import threading
import unittest

from . import support

D = datetime.date

# (stage, event, at, started) for Wolverhampton; None stage starts the pathway.
CASES = [
    (None, None, D(2023, 3, 6), None),
    ("stage-1", "unresolved", D(2023, 3, 13), D(2023, 3, 6)),
    ("stage-2", "unresolved", D(2023, 3, 15), D(2023, 3, 6)),
    ("stage-3", "unresolved", D(2023, 3, 20), D(2023, 3, 6)),
    ("stage-3", "exceptional", D(2023, 3, 20), D(2023, 3, 6)),
    ("stage-1", "resolved", D(2023, 3, 13), D(2023, 3, 6)),
] + [(None, None, D(2023, 3, 3) + datetime.timedelta(days=n), None) for n in range(0, 365, 3)]

# Hand-worked rows (test_engine.py): the start and the three escalations.
HAND_WORKED = {0: D(2023, 3, 13), 1: D(2023, 3, 15), 2: D(2023, 3, 20), 3: D(2023, 3, 22)}


def answer(engine, case):
    stage, event, at, started = case
    decision = engine.decide("wolverhampton", stage, event, at=at, started=started)
    calendar = engine.calendar(decision.calendar)
    return (decision.stage, decision.tier, decision.due,
            tuple(step.due for step in decision.steps),
            calendar.add_working_days(at, 10), calendar.is_working_day(at))


class TestSharedEngine(unittest.TestCase):
    def test_threads_agree_with_one_thread(self):
        engine = support.engine()
        expected = [answer(engine, case) for case in CASES]
        for row, due in HAND_WORKED.items():
            self.assertEqual(expected[row][2], due)

        results: dict[int, list] = {}
        errors: list[BaseException] = []
        barrier = threading.Barrier(8)

        def work(worker: int) -> None:
            try:
                barrier.wait()
                mine = []
                for repeat in range(5):
                    # Each worker walks the cases in its own order to mix the calls.
                    for index in range(len(CASES)):
                        row = (index * (worker + 1) + repeat) % len(CASES)
                        mine.append((row, answer(engine, CASES[row])))
                results[worker] = mine
            except BaseException as error:  # reported in the main thread
                errors.append(error)

        threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 8)
        for worker, rows in results.items():
            for row, got in rows:
                self.assertEqual(got, expected[row], f"worker {worker}, case {row}")

    def test_concurrent_loads(self):
        # escalate.h: loads may run concurrently; each gives a complete, independent engine.
        import escalate

        engines, errors = [], []

        def load():
            try:
                engines.append(escalate.Engine.load(support.RULESETS))
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        for engine in engines:
            self.assertEqual(engine.due("wolverhampton", "stage-4", D(2023, 3, 20)), D(2023, 3, 22))
            engine.close()


if __name__ == "__main__":
    unittest.main()
