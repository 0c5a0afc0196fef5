"""Pathways as values: hashable consistently with equality, and ``stages[i]`` as
docs/python.md promises it (a stage's index, 0 to len - 1; a KeyError beyond, like an unknown
id, so that ``[]``, ``get`` and ``in`` agree)."""

from __future__ import annotations

import copy
import pickle
import unittest

from . import support


class TestPathwaysAreHashable(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()

    def test_equal_pathways_hash_alike(self):
        for pathway in self.engine.pathways.values():
            with self.subTest(pathway=pathway.id):
                twin = pickle.loads(pickle.dumps(pathway))
                self.assertIsNot(twin, pathway)
                self.assertEqual(twin, pathway)
                self.assertEqual(hash(twin), hash(pathway))
                self.assertEqual(hash(copy.deepcopy(pathway)), hash(pathway))
                stage = pathway.stages[pathway.entry_stage]
                self.assertEqual(hash(twin.stages[stage.id]), hash(stage))

    def test_pathways_key_dicts_and_sets(self):
        pathways = list(self.engine.pathways.values())
        # Before: TypeError: unhashable type (the stages, tiers, outcomes and limits tables).
        by_pathway = {pathway: pathway.id for pathway in pathways}
        self.assertEqual(len(by_pathway), 5)
        twin = pickle.loads(pickle.dumps(pathways[0]))
        self.assertEqual(by_pathway[twin], pathways[0].id)
        self.assertEqual(len(set(pathways) | {twin}), 5)

    def test_tables_hash_as_their_items_whatever_their_order(self):
        from escalate._pathways import Table

        forwards = Table({"a": 1, "b": 2}, "things")
        backwards = Table({"b": 2, "a": 1}, "things")
        self.assertEqual(forwards, backwards)
        self.assertEqual(hash(forwards), hash(backwards))
        self.assertNotEqual(forwards, Table({"a": 1, "b": 3}, "things"))
        # A tier's names by subject still compare equal to a plain dict of them.
        tier = self.engine.pathways["wolverhampton"].tiers["practitioners"]
        self.assertEqual(tier.names, dict(tier.names))
        hash(tier)


class TestStagesByIndex(unittest.TestCase):
    def setUp(self):
        self.stages = support.engine().pathways["shropshire"].stages  # stage-1 .. stage-4

    def test_an_index_gives_the_stage_with_that_index(self):
        self.assertEqual(list(self.stages), ["stage-1", "stage-2", "stage-3", "stage-4"])
        for i, stage_id in enumerate(self.stages):
            self.assertIs(self.stages[i], self.stages[stage_id])
            self.assertEqual(self.stages[i].index, i)
            self.assertEqual(self.stages.index(stage_id), i)
            self.assertIn(i, self.stages)

    def test_an_index_out_of_range_is_a_key_error_like_an_unknown_id(self):
        # Before: stages[-1] was the last stage, stages[4] an IndexError (so stages.get(4)
        # raised instead of giving None).
        for key in (4, -1, 99, "stage-9"):
            with self.subTest(key=key):
                with self.assertRaises(KeyError):
                    self.stages[key]
                self.assertIsNone(self.stages.get(key))
                self.assertNotIn(key, self.stages)
        self.assertNotIn(True, self.stages)  # a bool is not an index


if __name__ == "__main__":
    unittest.main()
