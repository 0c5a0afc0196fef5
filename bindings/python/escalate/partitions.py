"""Recalculation a partition at a time: one function for Dask, Spark or a process pool.

A partition is a pandas DataFrame with the columns ``pathway``, ``stage``, ``entered`` and
(optionally) ``started``, named as in ``escalate recalc``'s CSV (other names can be given).
The function loads the engine once per process and keeps it (keyed by the rulesets' path), so
a worker that handles a thousand partitions compiles the rulesets once. The rulesets' path
must therefore be readable on every worker (a shared file system, or the same install).

Under Dask use :func:`escalate.dask.recalculate`; under Spark::

    from escalate.partitions import for_spark
    due = sdf.mapInPandas(for_spark("/srv/escalate/rulesets"),
                          schema=sdf.schema.add("due", "date").add("status", "string"))

Rows never fail the partition: a bad row gets no due date and its status says why (the
``status`` column holds :class:`~escalate.Status` names as a Categorical, ``"OK"`` for good
rows).
"""

from __future__ import annotations

import os
import threading
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from .constants import Status
from .engine import Engine
from .errors import InvalidArgumentError

PathLike = Union[str, "os.PathLike[str]"]

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()
#: How many times this process compiled rulesets here (the tests check "once per worker").
loads = 0


def engine_for(rulesets: Union[PathLike, tuple[PathLike, ...], Engine]) -> Engine:
    """The engine for a rulesets path (or a tuple of them, loaded into one engine), loaded on
    first use in this process and kept. An Engine passes through (it cannot cross to another
    process: pass :func:`paths_of` it)."""
    global loads
    if isinstance(rulesets, Engine):
        return rulesets
    paths = tuple(os.path.realpath(os.fspath(path))
                  for path in (rulesets if isinstance(rulesets, tuple) else (rulesets,)))
    key = os.pathsep.join(paths)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None or engine.closed:
            engine = Engine.load(*paths)
            _engines[key] = engine
            loads += 1
        return engine


def paths_of(rulesets: Union[PathLike, Engine]) -> tuple[str, ...]:
    """The paths a worker loads for ``rulesets``: a path's own, or those an Engine was loaded
    from; :class:`InvalidArgumentError` for an engine made from documents in memory, which a
    worker cannot load again."""
    if not isinstance(rulesets, Engine):
        return (os.fspath(rulesets),)
    if rulesets.paths is None:
        raise InvalidArgumentError(
            "an engine made from documents in memory cannot be loaded again on a worker; "
            "write the documents to files and pass their paths")
    return rulesets.paths


def status_dtype() -> Any:
    """The ``status`` column's type: a pandas Categorical over every :class:`Status` name, the
    same for every partition (so Dask and Spark see one schema) and a byte a row."""
    import pandas as pd

    return pd.CategoricalDtype([status.name for status in sorted(Status)])


def recalculate_frame(frame: Any, rulesets: Union[PathLike, tuple[PathLike, ...], Engine], *,
                      pathway: str = "pathway", stage: str = "stage", entered: str = "entered",
                      started: Optional[str] = "started", due: str = "due",
                      status: Optional[str] = "status", threads: int = 1) -> Any:
    """A pandas DataFrame of the partition's due dates (column ``due``, ``datetime64``; NaT
    for none) and row statuses (column ``status``; ``None`` leaves it out), on the
    partition's index. ``started=None`` (or a frame without that column): no case has an
    outset. ``threads=1``: the partitions are the parallelism."""
    import numpy as np
    import pandas as pd

    engine = engine_for(rulesets)
    count = len(frame)
    statuses = np.zeros(count, dtype=np.int32)
    outset = frame[started] if started is not None and started in frame else None
    dates = engine.recalculate(frame[pathway], frame[stage], frame[entered], outset,
                               threads=threads, errors="coerce", statuses=statuses)
    if not isinstance(dates, pd.Series):  # an empty partition, or columns without an index
        dates = pd.Series(np.asarray(dates), index=frame.index)
    result = pd.DataFrame({due: dates.astype("datetime64[ns]", copy=False)}, index=frame.index)
    if status is not None:
        # Status values are 0 .. len(Status) - 1, the categories' codes in order.
        result[status] = pd.Categorical.from_codes(statuses, dtype=status_dtype())
    return result


def for_spark(rulesets: PathLike, **options: Any) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """A function for Spark's ``DataFrame.mapInPandas``: each pandas batch comes back with
    the ``due`` and ``status`` columns appended (options as :func:`recalculate_frame`)."""
    path = os.fspath(rulesets)

    def each_batch(batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            answers = recalculate_frame(batch, path, **options)
            # Spark's schema says "string": plain strings rather than a pandas Categorical.
            yield batch.assign(**{name: answers[name].astype(str)
                                  if answers[name].dtype.name == "category" else answers[name]
                                  for name in answers.columns})

    return each_batch
