"""Columns in and out: NumPy arrays and pandas Series, Categoricals and Indexes, vectorised.

Every conversion here works a column at a time (no Python loop per row): ids through a
Categorical's categories, a pandas hash index (object strings) or a binary search of the known
ids (NumPy strings), each known id looked up once; dates through integer day numbers (NaT: no
date). pandas is used only when it is already imported (the caller's); it is never required.
"""

from __future__ import annotations

import sys
from typing import Any, Optional

import numpy as np

from .constants import NO_DATE, Status

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
_NAT = np.iinfo(np.int64).min  # NaT's bit pattern in any datetime64 unit


def pandas_module() -> Any:
    """pandas when it is already imported (it is then the caller's), else None."""
    return sys.modules.get("pandas")


def is_pandas(value: Any) -> bool:
    """A pandas Series, Index or Categorical (without importing pandas)."""
    return type(value).__module__.split(".")[0] == "pandas"


def is_column(value: Any) -> bool:
    """A NumPy array or a pandas column: the vector forms of the calls apply."""
    return isinstance(value, np.ndarray) or is_pandas(value)


def first_index(*values: Any) -> Any:
    """The index of the first pandas Series among values (a result takes it), or None."""
    for value in values:
        if is_pandas(value) and hasattr(value, "index") and hasattr(value, "to_numpy"):
            return value.index
    return None


def as_series(result: Any, index: Any, name: str) -> Any:
    """result as a pandas Series on index (when index is not None), else result itself."""
    if index is None:
        return result
    return pandas_module().Series(result, index=index, name=name, copy=False)


def one_dimensional(value: Any, name: str) -> Any:
    """A column's values as a NumPy array or a pandas Categorical (kept for its codes)."""
    from .errors import InvalidArgumentError

    if is_pandas(value):
        dtype = getattr(value, "dtype", None)
        if getattr(dtype, "name", "") == "category":
            return value.array if hasattr(value, "array") else value  # Series -> Categorical
        array = value.to_numpy() if hasattr(value, "to_numpy") else np.asarray(value)
    else:
        array = np.asarray(value)
    if array.ndim != 1:
        raise InvalidArgumentError(f"{name} must be one-dimensional, not of shape {array.shape}")
    return array


def is_categorical(column: Any) -> bool:
    return hasattr(column, "categories") and hasattr(column, "codes")


# -- ids --------------------------------------------------------------------------------------

def known_codes(column: Any, known: list) -> Any:
    """For each row, the position of its id in known (a list of distinct ids), -1 for an id
    not in it or a missing one. A column at a time: a Categorical through its categories,
    object strings through a pandas hash index (each Python string's own cached hash), fixed-
    width NumPy strings through a binary search of the sorted known ids."""
    position = {value: i for i, value in enumerate(known)}
    if is_categorical(column):
        table = np.array([position.get(value, -1) if isinstance(value, str) else -1
                          for value in column.categories] + [-1], dtype=np.int32)
        return table[np.asarray(column.codes)]  # code -1 (missing) takes the last entry, -1
    pandas = pandas_module()
    if column.dtype.kind == "O" and pandas is not None:
        return pandas.Index(known, dtype=object).get_indexer(column).astype(np.int32, copy=False)
    if column.dtype.kind in "US":
        ordered = sorted(range(len(known)), key=lambda i: known[i])
        keys = np.array([known[i] for i in ordered], dtype=column.dtype.kind)
        if not len(keys):
            return np.full(len(column), -1, dtype=np.int32)
        found = np.minimum(np.searchsorted(keys, column), len(keys) - 1)
        matched = keys[found] == column
        return np.where(matched, np.array(ordered, dtype=np.int32)[found], -1).astype(np.int32)
    uniques, inverse = np.unique(column.astype(str), return_inverse=True)
    table = np.array([position.get(value, -1) for value in uniques.tolist()], dtype=np.int32)
    return table[inverse.reshape(-1)]


def integer_column(column: Any) -> bool:
    return not is_categorical(column) and column.dtype.kind in "iu"


def _mark(failed: Any, indices: Any, status: int) -> None:
    """failed[i] = status where indices[i] < 0 and no status is set yet; one pass when no row
    failed (the common case)."""
    if len(indices) and indices.min() < 0:
        failed[(indices < 0) & (failed == 0)] = status


def ids_to_indices(column: Any, lookup: dict, size: int, failed: Any) -> Any:
    """Pathway ids (or integer indices) -> int32 indices; -1 where unknown, with a status in
    failed (NOT_FOUND for an unknown id, INVALID_ARGUMENT for an index out of range)."""
    if integer_column(column):
        wide = column.astype(np.int64, copy=False)
        good = (wide >= 0) & (wide < size)
        failed[~good & (failed == 0)] = Status.INVALID_ARGUMENT
        return np.where(good, wide, -1).astype(np.int32)
    ids = sorted(lookup, key=lookup.get)  # ids in index order: a code is the index
    indices = known_codes(column, ids)
    _mark(failed, indices, Status.NOT_FOUND)
    return indices


def stage_ids_to_indices(column: Any, pathway_rows: Any, stages_of: list, failed: Any) -> Any:
    """Stage ids (or integer indices) -> int32 indices within each row's pathway, through one
    table of (pathway, stage id) -> index. Rows whose pathway already failed get -1 and keep
    their status."""
    pathway_known = pathway_rows >= 0
    if integer_column(column):
        wide = column.astype(np.int64, copy=False)
        sizes = np.array([len(stages) for stages in stages_of] + [0], dtype=np.int64)
        good = pathway_known & (wide >= 0) & (wide < sizes[pathway_rows])
        failed[~good & (failed == 0)] = Status.INVALID_ARGUMENT
        return np.where(good, wide, -1).astype(np.int32)
    every_stage = sorted({stage for stages in stages_of for stage in stages})
    codes = known_codes(column, every_stage)
    # table[p, code]: the index of stage every_stage[code] in pathway p; the extra last row
    # and column stand for an unknown pathway and an unknown or missing id (code -1).
    table = np.full((len(stages_of) + 1, len(every_stage) + 1), -1, dtype=np.int32)
    for p, stages in enumerate(stages_of):
        where = {stage: i for i, stage in enumerate(stages)}
        table[p, :-1] = [where.get(stage, -1) for stage in every_stage]
    width = table.shape[1]
    flat = pathway_rows * width  # an unknown pathway (-1) lands in the table's last row
    flat += codes
    indices = table.reshape(-1)[flat]
    _mark(failed, indices, Status.NOT_FOUND)
    return indices


class CategoricalPairs:
    """Pathway and stage Categoricals -> (pathway indices, stage indices) through one table of
    every (pathway category, stage category) pair, built once: per row a multiply-add and two
    gathers. Unknown or missing ids get -1 and NOT_FOUND."""

    def __init__(self, pathways: Any, stages: Any, table: list) -> None:
        by_id = {pathway.id: pathway for pathway in table}
        pathway_categories = list(pathways.categories)
        stage_categories = list(stages.categories)
        # One row per pathway category and a last row for a missing pathway (code -1); one
        # column per stage category and a last column for a missing stage. Code -1 then needs
        # no test: row * width + (-1) is the previous row's last column (or, for row 0, the
        # table's last entry), and (-1) * width + column is the last row, all of them -1.
        self.width = len(stage_categories) + 1
        self.pair_pathway = np.full((len(pathway_categories) + 1) * self.width, -1,
                                    dtype=np.int32)
        self.pair_stage = np.full_like(self.pair_pathway, -1)
        for row, pathway_id in enumerate(pathway_categories):
            pathway = by_id.get(pathway_id) if isinstance(pathway_id, str) else None
            if pathway is None:
                continue
            where = {stage: i for i, stage in enumerate(pathway.stages)}
            for column, stage in enumerate(stage_categories):
                index = where.get(stage, -1) if isinstance(stage, str) else -1
                if index >= 0:
                    self.pair_pathway[row * self.width + column] = pathway.index
                    self.pair_stage[row * self.width + column] = index
        self.pathway_codes = np.asarray(pathways.codes)
        self.stage_codes = np.asarray(stages.codes)

    def rows(self, begin: int, end: int, failed: Any) -> tuple[Any, Any]:
        """The indices of rows begin .. end - 1; failed is those rows' statuses."""
        pair = np.multiply(self.pathway_codes[begin:end], self.width, dtype=np.intp)
        pair += self.stage_codes[begin:end]
        stage_rows = self.pair_stage[pair]
        _mark(failed, stage_rows, Status.NOT_FOUND)  # every failed pair has stage -1
        return self.pair_pathway[pair], stage_rows


def rows_of(column: Any, begin: int, end: int) -> Any:
    """Rows begin .. end - 1 of a column (a view; a Categorical keeps its categories)."""
    return None if column is None else column[begin:end]


# -- dates ------------------------------------------------------------------------------------

def is_day_numbers(column: Any) -> bool:
    return not is_categorical(column) and column.dtype.kind in "iu"


def days(column: Any, name: str, failed: Optional[Any] = None) -> Any:
    """A date column -> int32 day numbers, NO_DATE for NaT/None. datetime64 of any unit,
    integer day numbers (NO_DATE: none) or date objects. A date beyond the int32 day range is
    NO_DATE with OUT_OF_RANGE in failed (when given)."""
    if is_categorical(column):
        column = np.asarray(column)
    if column.dtype == np.int32:
        return column
    if column.dtype.kind in "iu":
        wide = column.astype(np.int64, copy=False)
        missing = wide == NO_DATE
    else:
        if column.dtype.kind != "M":
            column = _object_dates(column, name)
        wide = column.view(np.int64)
        missing = wide == _NAT
        ticks = ticks_per_day(column.dtype)
        if ticks is None:  # weeks, months, years: numpy's own (slower) conversion
            wide = column.astype("datetime64[D]").view(np.int64)
        elif ticks != 1:
            # Integer floor division: numpy's datetime cast does the same about ten times
            # slower. A time of day within the date is dropped (the library counts dates).
            wide = np.floor_divide(wide, ticks)
    if column.dtype.kind == "M" and np.datetime_data(column.dtype)[0] in ("ns", "us"):
        too_far = None  # every such date is within the int32 day range
    else:
        too_far = (wide <= INT32_MIN) | (wide > INT32_MAX)
        too_far &= ~missing
    if too_far is not None and too_far.any():
        if failed is not None:
            failed[too_far & (failed == 0)] = Status.OUT_OF_RANGE
        missing = missing | too_far
    result = wide.astype(np.int32)
    if missing.any():
        result[missing] = NO_DATE
    return result


def scalar_day(value: Any, name: str) -> int:
    """One date given beside a column: a datetime.date, numpy.datetime64 or pandas
    Timestamp."""
    from ._dates import to_day_number

    if isinstance(value, np.datetime64) or (is_pandas(value) and hasattr(value, "to_datetime64")):
        return int(days(np.array([value], dtype="datetime64[ns]"), name)[0])
    return to_day_number(value, name)


def ticks_per_day(dtype: Any) -> Optional[int]:
    unit, step = np.datetime_data(dtype)
    per_day = {"D": 1, "h": 24, "m": 1440, "s": 86400, "ms": 86400 * 10**3,
               "us": 86400 * 10**6, "ns": 86400 * 10**9}.get(unit)
    if per_day is None or per_day % step:
        return None
    return per_day // step


def _object_dates(column: Any, name: str) -> Any:
    """Date objects, None, NaT or NaN (pandas' missing values) -> datetime64[D]."""
    pandas = pandas_module()
    if pandas is not None:
        try:
            return pandas.to_datetime(column).to_numpy("datetime64[ns]")
        except (TypeError, ValueError) as error:
            raise TypeError(f"{name} must hold dates (datetime.date, datetime64 or None): "
                            f"{error}") from None
    try:
        return column.astype("datetime64[D]")
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must hold dates (datetime.date, datetime64 or None): "
                        f"{error}") from None


def day_numbers_to_ticks(day_numbers: Any, ticks: int, out: Any) -> None:
    """int32 day numbers -> int64 datetime64 ticks in out, NaT's bit pattern for NO_DATE."""
    np.multiply(day_numbers, ticks, out=out, dtype=np.int64)
    missing = day_numbers == NO_DATE
    if missing.any():
        out[missing] = _NAT


def as_dates(day_numbers: Any, unit: str = "D") -> Any:
    """int32 day numbers -> datetime64 of unit (days, or pandas' nanoseconds), NaT for
    NO_DATE."""
    ticks = 1 if unit == "D" else ticks_per_day(np.dtype(f"datetime64[{unit}]"))
    wide = np.multiply(day_numbers, ticks, dtype=np.int64)
    missing = day_numbers == NO_DATE
    if missing.any():
        wide[missing] = _NAT
    return wide.view(f"datetime64[{unit}]")


def pointer(array: Any, ctype: Any) -> Any:
    import ctypes

    return None if array is None else array.ctypes.data_as(ctypes.POINTER(ctype))
