"""Columns in and out: NumPy arrays and pandas Series, Categoricals and Indexes, vectorised.

Every conversion here works a column at a time (no Python loop per row): ids as codes of
their distinct values (a Categorical's own, or esc_factorize_records over a column's records),
each distinct id looked up once (a pandas hash index or a binary search of the known ids);
dates through integer day numbers (NaT: no date). pandas is used only when it is already
imported (the caller's); it is never required.
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


# -- ids --------------------------------------------------------------------------------------

# Above this many (pathway id, stage id) pairs, IdColumns looks stages up per row rather than
# through one table of every pair (which would then cost more to build than it saves).
_PAIR_TABLE_LIMIT = 1 << 20
# From this many rows, IdColumns factorizes the pathway and stage columns at once on two
# threads (when the call allows more than one).
_PARALLEL_FACTORIZE_ROWS = 1 << 17


class Coded:
    """A column as a Categorical holds it: int32 codes (-1: missing) into distinct values."""

    def __init__(self, codes: Any, categories: Any) -> None:
        self.codes, self.categories = codes, categories

    def __len__(self) -> int:
        return len(self.codes)


def is_categorical(column: Any) -> bool:
    return hasattr(column, "categories") and hasattr(column, "codes")


def integer_column(column: Any) -> bool:
    return not is_categorical(column) and column.dtype.kind in "iu"


def factorized(column: Any, lib: Any) -> Coded:
    """A column of ids (strings, or anything but integers) as codes into its distinct values, in
    one pass with no Python per row: esc_factorize_records over the fixed-width records
    (a NumPy string's bytes, or an object column's pointers: the rows that hold the same
    object, as a pandas column read from a file does for a repeated id, share a code), else
    pandas.factorize, else np.unique."""
    import ctypes

    from .errors import OutOfRangeError

    if is_categorical(column):
        return Coded(np.asarray(column.codes), np.asarray(column.categories))
    count = len(column)
    if lib is not None and lib.has("esc_factorize_records") and count and column.itemsize:
        if column.strides[0] < column.itemsize:  # reversed or overlapping views: copied
            column = np.ascontiguousarray(column)
        codes = np.empty(count, dtype=np.int32)
        distinct = ctypes.c_size_t()
        capacity = min(count, 1024)
        while True:
            firsts = np.empty(capacity, dtype=np.uintp)
            try:
                lib.esc_factorize_records(
                    column.ctypes.data, count, column.itemsize, column.strides[0],
                    codes.ctypes.data_as(ctypes.POINTER(ctypes.c_int32)),
                    firsts.ctypes.data_as(ctypes.POINTER(ctypes.c_size_t)), capacity,
                    ctypes.byref(distinct))
                break
            except OutOfRangeError:  # more distinct ids than firsts held: again with room
                capacity = distinct.value
        return Coded(codes, column[firsts[:distinct.value]])
    pandas = pandas_module()
    if pandas is not None:
        codes, uniques = pandas.factorize(column)
        return Coded(codes.astype(np.int32, copy=False), np.asarray(uniques))
    uniques, inverse = np.unique(column.astype(str) if column.dtype.kind == "O" else column,
                                 return_inverse=True)
    return Coded(inverse.reshape(-1).astype(np.int32), uniques)


def positions(values: Any, known: list) -> Any:
    """For each of values (distinct ids: an array of strings, bytes or anything else), the
    position of its id in known (a list of distinct str), -1 for a value that is not one of
    them. Vectorised, so that a column of a million distinct (mostly wrong) ids costs no
    Python loop per id: a pandas hash index for objects, a binary search for NumPy strings."""
    values = np.asarray(values)
    if not len(values) or not known:
        return np.full(len(values), -1, dtype=np.int32)
    kind = values.dtype.kind
    if kind in "US":
        encoded = known if kind == "U" else [k.encode("utf-8") for k in known]
        ordered = sorted(range(len(known)), key=lambda i: encoded[i])
        keys = np.array([encoded[i] for i in ordered], dtype=kind)
        found = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
        matched = keys[found] == values
        return np.where(matched, np.array(ordered, dtype=np.int32)[found], -1).astype(np.int32)
    if kind != "O":
        return np.full(len(values), -1, dtype=np.int32)  # numbers, dates: never an id
    pandas = pandas_module()
    if pandas is not None:
        return pandas.Index(known, dtype=object).get_indexer(values).astype(np.int32)
    # Without pandas: as NumPy strings, keeping only the values that are strings (None, a
    # number or bytes differs from its text).
    text = values.astype(str)
    found = positions(text, known)
    found[~np.asarray(values == text.astype(object), dtype=bool)] = -1
    return found


def _with_missing(table: Any) -> Any:
    """table with a last entry -1, which code -1 (a missing id) then reads."""
    return np.append(table, np.int32(-1)).astype(np.int32)


def _mark(failed: Any, indices: Any, status: int) -> None:
    """failed[i] = status where indices[i] < 0 and no status is set yet; one pass when no row
    failed (the common case)."""
    if len(indices) and indices.min() < 0:
        failed[(indices < 0) & (failed == 0)] = status


class IdColumns:
    """Pathway and stage columns -> int32 (pathway index, stage index within it) per row, a
    block of rows at a time. Ids (strings, Categoricals, anything but integers) are turned into
    codes once for the whole column (factorized) and each distinct id is looked up once;
    integers are indices, checked. Unknown or missing ids give -1 with NOT_FOUND in the block's
    statuses; indices out of range -1 with INVALID_ARGUMENT. A row whose pathway is known keeps
    its pathway index when its stage is not (the reason then says unknown-stage)."""

    def __init__(self, pathways: Any, stages: Any, table: list, lib: Any,
                 threads: int = 1) -> None:
        # Pathway indices need not be 0 .. len(table) - 1 (an engine may hold versions the
        # table does not list): tables below have a row per index up to the largest, and one
        # more, last, for -1.
        rows = max((p.index for p in table), default=-1) + 2
        self.pathway_count = rows - 1
        self.stage_counts = np.zeros(rows, dtype=np.int64)
        self.stage_counts[[p.index for p in table]] = [len(p.stages) for p in table]
        self.pathway_column, self.stage_column = pathways, stages
        self.pathway_codes = self.stage_codes = self.pair_pathway = None
        stage_coded = None
        if threads != 1 and len(stages) >= _PARALLEL_FACTORIZE_ROWS and \
                not integer_column(pathways) and not integer_column(stages) and \
                not is_categorical(stages):
            # Two columns to factorize and more than one thread allowed: the stage column on a
            # second thread (ctypes lets go of the GIL during the C call) while this one does
            # the pathway column.
            import threading

            results: list = []
            worker = threading.Thread(target=lambda: results.append(factorized(stages, lib)))
            worker.start()
            try:
                pathway_coded = factorized(pathways, lib)
            finally:
                worker.join()
            if not results:  # the worker failed: again here, so that its error is raised
                results.append(factorized(stages, lib))
            stage_coded = results[0]
        elif not integer_column(pathways):
            pathway_coded = factorized(pathways, lib)
        # Pathways given by id (not index) stand for the id, not its latest version: the
        # caller re-points each row to the version in force on its outset.
        self.by_id = not integer_column(pathways)
        if not integer_column(pathways):
            coded = pathway_coded
            self.pathway_codes = coded.codes
            # index order: a position in this list is the pathway index
            found = positions(coded.categories, [p.id for p in table])
            indices = np.array([p.index for p in table] + [-1], dtype=np.int32)
            self.pathway_of_code = _with_missing(indices[found])  # -1 reads the last, -1
        if not integer_column(stages):
            coded = stage_coded if stage_coded is not None else factorized(stages, lib)
            self.stage_codes = coded.codes
            every_stage = sorted({stage for p in table for stage in p.stages})
            self.stage_key_of_code = _with_missing(positions(coded.categories, every_stage))
            # stage_in[p, key]: the index of stage every_stage[key] in pathway p; the extra
            # last row and column (-1) stand for an unknown pathway and an unknown stage id,
            # which index -1 reaches.
            where = {stage: key for key, stage in enumerate(every_stage)}
            stage_in = np.full((rows, len(every_stage) + 1), -1, dtype=np.int32)
            for p in table:
                stage_in[p.index, [where[stage] for stage in p.stages]] = np.arange(
                    len(p.stages), dtype=np.int32)
            self.stage_width = stage_in.shape[1]
            self.stage_in = stage_in.reshape(-1)
        if self.pathway_codes is not None and self.stage_codes is not None and \
                len(self.pathway_of_code) * len(self.stage_key_of_code) <= _PAIR_TABLE_LIMIT:
            # Both coded and few: one table of every (pathway code, stage code) pair, so a row
            # costs a multiply-add and two gathers. Row and column 0 stand for code -1 (a
            # missing id): a row's pair is (pathway code + 1) * width + stage code + 1.
            pathway_of = np.concatenate(([-1], self.pathway_of_code[:-1])).astype(np.int32)
            stage_key_of = np.concatenate(([-1], self.stage_key_of_code[:-1])).astype(np.int32)
            self.width = len(stage_key_of)
            pair_stage = self.stage_in.reshape(-1, self.stage_width)[
                pathway_of[:, None], stage_key_of[None, :]]
            self.pair_stage = np.ascontiguousarray(pair_stage).reshape(-1)
            self.pair_pathway = np.repeat(pathway_of, self.width)

    def rows(self, begin: int, end: int, failed: Any) -> tuple[Any, Any]:
        """The indices of rows begin .. end - 1; failed is those rows' statuses (0: none yet)."""
        if self.pair_pathway is not None:
            pair = np.multiply(self.pathway_codes[begin:end], self.width, dtype=np.intp)
            pair += self.stage_codes[begin:end]
            pair += self.width + 1
            pathway_rows, stage_rows = self.pair_pathway[pair], self.pair_stage[pair]
            _mark(failed, stage_rows, Status.NOT_FOUND)  # every failed pair has stage -1
            return pathway_rows, stage_rows
        if self.pathway_codes is not None:
            pathway_rows = self.pathway_of_code[self.pathway_codes[begin:end]]
            _mark(failed, pathway_rows, Status.NOT_FOUND)
        else:
            wide = self.pathway_column[begin:end].astype(np.int64, copy=False)
            good = (wide >= 0) & (wide < self.pathway_count)
            failed[~good & (failed == 0)] = Status.INVALID_ARGUMENT
            pathway_rows = np.where(good, wide, -1).astype(np.int32)
        if self.stage_codes is not None:
            at = np.multiply(pathway_rows, self.stage_width, dtype=np.intp)
            at += self.stage_key_of_code[self.stage_codes[begin:end]]
            stage_rows = self.stage_in[at]  # an unknown pathway (-1) reads the last row
            _mark(failed, stage_rows, Status.NOT_FOUND)
        else:
            wide = self.stage_column[begin:end].astype(np.int64, copy=False)
            good = (pathway_rows >= 0) & (wide >= 0) & (wide < self.stage_counts[pathway_rows])
            failed[~good & (failed == 0)] = Status.INVALID_ARGUMENT
            stage_rows = np.where(good, wide, -1).astype(np.int32)
        return pathway_rows, stage_rows


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
    if column.dtype.kind not in "iuM":
        column = _object_dates(column, name)
    if column.dtype.kind == "M" and np.datetime_data(column.dtype)[0] in ("ns", "us") \
            and ticks_per_day(column.dtype) is not None:
        # Every such date is within the int32 day range: only NaT needs marking.
        wide = column.view(np.int64)
        missing = wide == _NAT
        result = np.floor_divide(wide, ticks_per_day(column.dtype)).astype(np.int32)
        if missing.any():
            result[missing] = NO_DATE
        return result
    if column.dtype.kind in "iu":
        wide = column.astype(np.int64, copy=False)
        no_date = NO_DATE
    else:
        wide = column.view(np.int64)
        no_date = _NAT
        ticks = ticks_per_day(column.dtype)
        if ticks is None:  # weeks, months, years: numpy's own (slower) conversion
            wide = column.astype("datetime64[D]").view(np.int64)
        elif ticks != 1:
            # Integer floor division: numpy's datetime cast does the same about ten times
            # slower. A time of day within the date is dropped (the library counts dates).
            wide = np.floor_divide(np.where(wide == _NAT, 0, wide), ticks)
            wide[column.view(np.int64) == _NAT] = _NAT
    # One pass finds the rows that need a second look: a day that does not survive narrowing
    # to int32 is missing (no_date) or beyond the range; one that narrows to NO_DATE's own
    # value is beyond it too (it would read as no date).
    result = wide.astype(np.int32)
    odd = result != wide
    if odd.any() or (len(result) and result.min() == NO_DATE):
        odd |= result == NO_DATE
        rows = np.flatnonzero(odd)
        too_far = rows[wide[rows] != no_date]
        if failed is not None and len(too_far):
            failed[too_far[failed[too_far] == 0]] = Status.OUT_OF_RANGE
        result[rows] = NO_DATE
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
    np.copyto(out, day_numbers)  # widening copy, then an in-place multiply: both vectorised
    if ticks != 1:
        out *= ticks
    if len(day_numbers) and day_numbers.min() == NO_DATE:  # a reduction, then only if needed
        out[day_numbers == NO_DATE] = _NAT


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
