"""Bulk recalculation over Dask: ``escalate.dask.recalculate(ddf, rulesets)``.

Each partition goes through :func:`escalate.partitions.recalculate_frame`, which loads the
engine once per worker process (kept, keyed by the rulesets' path), so the cost of a
partition is the C call and its columns. The rulesets' path must be readable on every worker.
Requires Dask (Debian: python3-dask; a cluster: python3-distributed); ``import escalate``
does not.

    import dask.dataframe as dd, escalate.dask
    cases = dd.read_csv("cases-*.csv", parse_dates=["entered", "started"],
                        dtype={"pathway": "category", "stage": "category"})
    answers = escalate.dask.recalculate(cases, "/srv/escalate/rulesets")
    cases = cases.assign(due=answers.due, status=answers.status)
"""

from __future__ import annotations

import os
from typing import Any, Optional, Union

from .engine import Engine
from .partitions import paths_of, recalculate_frame, status_dtype


def recalculate(ddf: Any, rulesets: Union[str, "os.PathLike[str]", Engine], *,
                pathway: str = "pathway", stage: str = "stage", entered: str = "entered",
                started: Optional[str] = "started", due: str = "due",
                status: Optional[str] = "status", threads: int = 1) -> Any:
    """A lazy Dask DataFrame, partitioned and indexed as ``ddf``, with the columns ``due``
    (``datetime64[ns]``, NaT for none) and ``status`` (:class:`~escalate.Status` names as a
    Categorical;
    ``status=None`` leaves it out): what ``Engine.recalculate`` gives each row, as
    :func:`escalate.partitions.recalculate_frame` computes it on the workers.

    ``rulesets`` is a path (or an Engine, whose paths are used: an engine cannot travel to
    another process; one made from documents in memory is an :class:`InvalidArgumentError`). A bad row never fails the computation: it has no date and its
    status."""
    import pandas as pd

    paths = paths_of(rulesets)
    meta = pd.DataFrame({due: pd.Series([], dtype="datetime64[ns]")},
                        index=ddf._meta.index[:0])
    if status is not None:
        meta[status] = pd.Series([], dtype=status_dtype(), index=meta.index)
    return ddf.map_partitions(recalculate_frame, paths, pathway=pathway, stage=stage,
                              entered=entered, started=started, due=due, status=status,
                              threads=threads, meta=meta)
