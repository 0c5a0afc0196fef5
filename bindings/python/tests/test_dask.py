"""escalate.dask on a distributed.LocalCluster (issue 14): the same answers as the
single-process path, the engine loaded once per worker process, bad rows kept as rows."""

from __future__ import annotations

import datetime
import unittest

import escalate

from . import support

np = support.numpy
pd = support.pandas
try:
    import dask.dataframe as dd
    import distributed
except ImportError:  # Debian: python3-dask and python3-distributed (the quickstart installs them)
    dd = distributed = None

D = datetime.date


@unittest.skipIf(pd is None or dd is None,
                 "pandas, Dask or distributed is not installed (Debian: apt-get install "
                 "python3-pandas python3-dask python3-distributed)")
class TestDaskOnALocalCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Threads in this process: fast to start, and the engine cache is then shared by the
        # two workers, so "loaded once" is checked across both of them.
        cls.cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                               processes=False, dashboard_address=None)
        cls.client = distributed.Client(cls.cluster)
        engine = support.engine()
        rows = []
        for k in range(400):
            pathway = list(engine.pathways.values())[k % len(engine.pathways)]
            stage = pathway.stages[k % len(pathway.stages)].id
            started = D(2024, 1, 1) + datetime.timedelta(days=k)
            rows.append((pathway.id, stage, started + datetime.timedelta(days=k % 9), started))
        rows[17] = ("atlantis", "stage-1", D(2024, 1, 1), D(2024, 1, 1))  # an unknown pathway
        rows[18] = (rows[18][0], rows[18][1], rows[18][2], None)           # no outset
        cls.frame = pd.DataFrame(rows, columns=["pathway", "stage", "entered", "started"])
        cls.frame["entered"] = pd.to_datetime(cls.frame.entered)
        cls.frame["started"] = pd.to_datetime(cls.frame.started)
        cls.frame.index = cls.frame.index * 3 + 1000  # an index of the caller's own

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def test_answers_equal_the_single_process_path(self):
        import escalate.dask
        import escalate.partitions

        ddf = dd.from_pandas(self.frame, npartitions=4)
        before = escalate.partitions.loads
        answers = escalate.dask.recalculate(ddf, str(support.RULESETS)).compute()
        statuses = np.zeros(len(self.frame), dtype=np.int32)
        single = support.engine().recalculate(self.frame.pathway, self.frame.stage,
                                              self.frame.entered, self.frame.started,
                                              errors="coerce", statuses=statuses)
        self.assertEqual(list(answers.index), list(self.frame.index))
        pd.testing.assert_series_equal(answers.due, single, check_names=False)
        self.assertEqual(list(answers.status),
                         [escalate.Status(status).name for status in statuses])
        self.assertEqual(answers.status.loc[1000 + 17 * 3], "NOT_FOUND")
        # Four partitions on two workers sharing this process: at most one load.
        self.assertLessEqual(escalate.partitions.loads - before, 1)
        self.assertIs(escalate.partitions.engine_for(support.RULESETS),
                      escalate.partitions.engine_for(str(support.RULESETS)))

    def test_an_engine_from_several_paths_reaches_the_workers_by_its_paths(self):
        # Defect: the workers were given engine.path, the paths joined by os.pathsep, and
        # could not load it.
        import escalate.dask

        ddf = dd.from_pandas(self.frame, npartitions=2)
        with escalate.Engine.load(support.RULESETS / "calendars",
                                  support.RULESETS / "pathways") as engine:
            answers = escalate.dask.recalculate(ddf, engine).compute()
        single = support.engine().recalculate(self.frame.pathway, self.frame.stage,
                                              self.frame.entered, self.frame.started,
                                              errors="coerce")
        pd.testing.assert_series_equal(answers.due, single, check_names=False)
        # An engine made from documents in memory cannot be loaded again on a worker.
        text = (support.RULESETS / "pathways" / "wolverhampton.xml").read_text(encoding="utf-8")
        with escalate.Engine.from_documents({"wolverhampton.xml": text},
                                            support.RULESETS / "calendars") as engine:
            with self.assertRaises(escalate.InvalidArgumentError):
                escalate.dask.recalculate(ddf, engine)

    def test_the_partition_function_serves_spark_batches(self):
        from escalate.partitions import for_spark

        batches = [self.frame.iloc[:150], self.frame.iloc[150:]]
        out = pd.concat(list(for_spark(str(support.RULESETS))(iter(batches))))
        single = support.engine().recalculate(self.frame.pathway, self.frame.stage,
                                              self.frame.entered, self.frame.started,
                                              errors="coerce")
        pd.testing.assert_series_equal(out.due, single, check_names=False)
        self.assertEqual(list(out.columns), ["pathway", "stage", "entered", "started", "due",
                                             "status"])




@unittest.skipIf(pd is None or dd is None,
                 "pandas, Dask or distributed is not installed (Debian: apt-get install "
                 "python3-pandas python3-dask python3-distributed)")
class TestOneLoadPerWorkerProcess(unittest.TestCase):
    def test_a_worker_process_loads_the_engine_once_for_many_partitions(self):
        import escalate.dask

        frame = pd.DataFrame({"pathway": ["wolverhampton"] * 40, "stage": ["stage-4"] * 40,
                              "entered": pd.to_datetime(["2023-03-20"] * 40)})
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            answers = escalate.dask.recalculate(dd.from_pandas(frame, npartitions=8),
                                                str(support.RULESETS)).compute()

            def loads():
                import escalate.partitions
                return escalate.partitions.loads

            per_worker = client.run(loads)
        self.assertEqual(list(per_worker.values()), [1])  # eight partitions, one load
        self.assertTrue((answers.due == pd.Timestamp("2023-03-22")).all())


if __name__ == "__main__":
    unittest.main()
