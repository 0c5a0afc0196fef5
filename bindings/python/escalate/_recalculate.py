"""Engine.recalculate: marshalling bulk cases into esc_recalculate and the answers back.

Two paths share one C call: NumPy arrays are converted vector-wise (ids factorized once,
_columns.IdColumns, so a million rows cost a few look-ups), plain sequences row by row. Ids the engine does not know and
dates that do not fit a day number fail their own row only, like every bad row in the C call.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any, Optional

from . import _ffi
from ._dates import from_day_number, to_day_number
from .constants import NO_DATE, ROW_DATE_OUT_OF_RANGE, ROW_OK, Status, enum_or_int
from .errors import InvalidArgumentError, LibraryError, RecalculationError

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_SHOWN_ROWS = 5
# Rows converted at a time on the column path: a block's temporaries (about 60 bytes a row)
# stay in the caches.
_BLOCK = 1 << 15


def _require_call(engine: Any) -> Any:
    lib = engine._lib
    if not lib.has("esc_recalculate"):
        raise LibraryError(
            f"{lib.path} has no esc_recalculate (bulk recalculation arrives with a later "
            "release of libescalate); use Engine.due per case, or upgrade the library",
            (lib.path,))
    return lib.esc_recalculate


def _call(engine: Any, count: int, pathways: Any, stages: Any, entered: Any,
          started: Optional[Any], out: Any, statuses: Any, threads: int) -> int:
    function = _require_call(engine)
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise InvalidArgumentError(f"threads must be a non-negative int, not {threads!r}")
    failed = ctypes.c_size_t()
    pointer = engine._handle.acquire()
    try:
        function(pointer, count, pathways, stages, entered, started, out, statuses,
                 min(threads, _INT32_MAX), ctypes.byref(failed))
    finally:
        engine._handle.release()
    return failed.value


def _select_versions(engine: Any, count: int, pathways: Any, stages: Any, entered: Any,
                     started: Optional[Any]) -> None:
    """Rows whose pathway was given by id were looked up as the id's latest version: each is
    re-pointed, in place, to the version in force on its outset (``esc_select_versions``), the
    version :meth:`Engine.decide` would answer the same case by. A library without the call
    (before 1.3) answers every id by its latest version."""
    lib = engine._lib
    if not count or not lib.has("esc_select_versions"):
        return
    pointer = engine._handle.acquire()
    try:
        lib.esc_select_versions(pointer, count, pathways, stages, entered, started, None)
    finally:
        engine._handle.release()


def recalculate(engine: Any, pathways: Any, stages: Any, entered: Any, started: Any, *,
                threads: int, errors: str, out: Any = None, statuses: Any = None) -> Any:
    if errors not in ("raise", "coerce"):
        raise InvalidArgumentError(f'errors must be "raise" or "coerce", not {errors!r}')
    _require_call(engine)
    arguments = (pathways, stages, entered, started)
    if out is not None or statuses is not None or (
            "numpy" in sys.modules and any(_is_column(argument) for argument in arguments)):
        return _with_columns(engine, pathways, stages, entered, started, threads, errors, out,
                             statuses)
    return _with_sequences(engine, pathways, stages, entered, started, threads, errors)


def _is_column(value: Any) -> bool:
    from ._columns import is_column

    return is_column(value)


def _length(arguments: dict[str, Any]) -> int:
    lengths = {name: len(value) for name, value in arguments.items() if value is not None}
    if len(set(lengths.values())) > 1:
        raise InvalidArgumentError(
            "recalculate needs arguments of one length, got "
            + ", ".join(f"{name}={length}" for name, length in lengths.items()))
    return next(iter(lengths.values()))


def _failed_row_reasons(engine: Any, pathways: Any, stages: Any, entered: Any,
                        started: Optional[Any], refused_out_of_range: Any) -> Optional[list]:
    """Why each of some failed rows failed, by the library's names: esc_recalculate_reasons
    over those rows alone (rows are independent, so a row's reason is the one it has in its
    batch). The columns are int32 sequences or arrays of the failed rows as they went to
    esc_recalculate. ``None`` from a library without the call.

    A row this binding refused because one of its dates lies beyond the day-number range
    (``refused_out_of_range``, true per row) went to the library as no date, which the library
    would call missing-entered or missing-started: it takes the library's name for a date out
    of range instead. This is the one place a reason is not the library's verdict on the row."""
    lib = engine._lib
    if not lib.has("esc_recalculate_reasons"):
        return None
    count = len(pathways)
    reasons = (ctypes.c_int * count)()
    pointer = engine._handle.acquire()
    try:
        lib.esc_recalculate_reasons(pointer, count, _int32s(pathways), _int32s(stages),
                                    _int32s(entered),
                                    None if started is None else _int32s(started),
                                    (_ffi.esc_date * count)(), reasons, 1, None)
    finally:
        engine._handle.release()
    out_of_range = lib.esc_row_reason_name(ROW_DATE_OUT_OF_RANGE).decode("ascii")
    return [out_of_range if refused else lib.esc_row_reason_name(reason).decode("ascii")
            for reason, refused in zip(reasons, refused_out_of_range)]


def _int32s(values: Any) -> Any:
    """A ctypes int32 array of values (a list, or a NumPy array without a Python loop)."""
    kind = ctypes.c_int32 * len(values)
    if hasattr(values, "dtype"):
        import numpy as np

        return kind.from_buffer_copy(np.ascontiguousarray(values, dtype=np.int32))
    return kind(*values)


def _every_row(engine: Any, count: int, bad: list[int], names: Optional[list]) -> Optional[list]:
    """A reason per row: the failed rows' names, the library's name for ESC_ROW_OK elsewhere."""
    if names is None:
        return None
    reasons = [engine._lib.esc_row_reason_name(ROW_OK).decode("ascii")] * count
    for row, name in zip(bad, names):
        reasons[row] = name
    return reasons


def _raise(result: Any, statuses: list[int], bad: list[int], reasons: Optional[list]) -> Any:
    """RecalculationError for a batch with failed rows (``bad``), each shown by its reason
    (or, from a library without reasons, its status)."""
    shown = ", ".join(f"row {row}: {reasons[row] if reasons else _status_text(statuses[row])}"
                      for row in bad[:_SHOWN_ROWS])
    more = f" and {len(bad) - _SHOWN_ROWS} more" if len(bad) > _SHOWN_ROWS else ""
    raise RecalculationError(f"{len(bad)} of {len(statuses)} rows failed ({shown}{more}); "
                             "the other rows were computed", result, bad,
                             [enum_or_int(Status, status) for status in statuses], reasons)


def _status_text(status: int) -> str:
    known = enum_or_int(Status, status)
    return known.name if isinstance(known, Status) else str(status)


# ---------------------------------------------------------------------------------------------
# Sequences
# ---------------------------------------------------------------------------------------------

def _with_sequences(engine: Any, pathways: Any, stages: Any, entered: Any, started: Any,
                    threads: int, errors: str) -> list:
    count = _length({"pathways": pathways, "stages": stages, "entered": entered,
                     "started": started})
    by_id = engine.pathways  # an id: its latest version, until _select_versions
    table = engine._all_pathways  # an index: that version
    pathway_rows = (ctypes.c_int32 * count)()
    stage_rows = (ctypes.c_int32 * count)()
    entered_rows = (_ffi.esc_date * count)()
    started_rows = (_ffi.esc_date * count)() if started is not None else None
    found_here: dict[int, int] = {}  # row -> status found before the C call
    by_index: list[int] = []  # rows whose pathway is an index: it names its version itself
    for row in range(count):
        pathway_ref, stage_ref = pathways[row], stages[row]
        pathway = by_id.get(pathway_ref) if isinstance(pathway_ref, str) else (
            table[pathway_ref] if _is_index(pathway_ref, len(table)) else None)
        stage_index = -1
        if pathway is None:
            found_here[row] = Status.NOT_FOUND if isinstance(pathway_ref, str) \
                else Status.INVALID_ARGUMENT
        elif isinstance(stage_ref, str):
            try:
                stage_index = pathway.stages.index(stage_ref)
            except ValueError:
                found_here[row] = Status.NOT_FOUND
        elif _is_index(stage_ref, len(pathway.stages)):
            stage_index = stage_ref
        else:
            found_here[row] = Status.INVALID_ARGUMENT
        pathway_rows[row] = pathway.index if pathway is not None else -1
        stage_rows[row] = stage_index
        if not isinstance(pathway_ref, str):
            by_index.append(row)
        entered_rows[row] = to_day_number(entered[row], f"entered[{row}]", optional=True)
        if started_rows is not None:
            started_rows[row] = to_day_number(started[row], f"started[{row}]", optional=True)
    if len(by_index) < count:
        kept = [(row, pathway_rows[row], stage_rows[row]) for row in by_index]
        _select_versions(engine, count, pathway_rows, stage_rows, entered_rows, started_rows)
        for row, pathway_index, stage_index in kept:
            pathway_rows[row], stage_rows[row] = pathway_index, stage_index
    out = (_ffi.esc_date * count)()
    statuses = (ctypes.c_int * count)()
    if count:
        _call(engine, count, pathway_rows, stage_rows, entered_rows, started_rows, out,
              statuses, threads)
    status_list = list(statuses)
    for row, status in found_here.items():
        status_list[row] = status
        out[row] = NO_DATE
    result = [from_day_number(day) for day in out]
    bad = [row for row, status in enumerate(status_list) if status != Status.OK]
    if not bad or errors == "coerce":
        return result
    # Dates here are datetime.date objects, always within the day-number range.
    names = _failed_row_reasons(
        engine, [pathway_rows[row] for row in bad], [stage_rows[row] for row in bad],
        [entered_rows[row] for row in bad],
        None if started_rows is None else [started_rows[row] for row in bad],
        [False] * len(bad))
    return _raise(result, status_list, bad, _every_row(engine, count, bad, names))


def _is_index(value: Any, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


# ---------------------------------------------------------------------------------------------
# NumPy and pandas columns
# ---------------------------------------------------------------------------------------------

def _output_array(np: Any, array: Any, count: int, name: str) -> Any:
    """The caller's out= or statuses= array, checked: it is written in place, so it must be a
    writable, contiguous int32 array of the right length."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"{name} must be a NumPy int32 array, not {type(array).__name__}")
    if array.dtype != np.int32 or array.ndim != 1 or not array.flags.c_contiguous \
            or not array.flags.writeable:
        raise TypeError(f"{name} must be a writable, contiguous, one-dimensional int32 array "
                        f"(got {array.dtype}, shape {array.shape})")
    if len(array) != count:
        raise InvalidArgumentError(f"{name} has {len(array)} rows, the columns {count}")
    return array


def _with_columns(engine: Any, pathways: Any, stages: Any, entered: Any, started: Any,
                  threads: int, errors: str, out: Any, statuses: Any) -> Any:
    import numpy as np

    from . import _columns as columns

    index = columns.first_index(pathways, stages, entered, started)
    given = {"pathways": pathways, "stages": stages, "entered": entered, "started": started}
    arrays = {name: columns.one_dimensional(value, name) if value is not None else None
              for name, value in given.items()}
    count = _length(arrays)
    if out is not None:
        out = _output_array(np, out, count, "out")
    row_status = _output_array(np, statuses, count, "statuses") if statuses is not None \
        else None
    int32 = ctypes.c_int32
    entered_array = arrays["entered"]
    # The answer: the caller's out=, int32 day numbers for integer dates, else datetime64 (in
    # nanoseconds for pandas, which before 2.0 holds no other unit).
    unit = None if out is not None or (not columns.is_categorical(entered_array)
                                       and entered_array.dtype.kind in "iu") \
        else ("D" if index is None else "ns")

    def fast_date(array: Any) -> bool:
        return not columns.is_categorical(array) and array.dtype in (
            np.int32, np.dtype("datetime64[D]"))

    fast = all(not columns.is_categorical(arrays[name]) and arrays[name].dtype == np.int32
               for name in ("pathways", "stages")) and fast_date(arrays["entered"]) \
        and (arrays["started"] is None or fast_date(arrays["started"]))
    if fast:
        # datetime64[D] dates are converted here; one beyond the day-number range fails its
        # row as out of range, which the block path below reports (rare: it is taken then).
        refused = None if all(arrays[name] is None or arrays[name].dtype == np.int32
                              for name in ("entered", "started")) \
            else np.zeros(count, dtype=np.int32)
        entered_rows = np.ascontiguousarray(columns.days(arrays["entered"], "entered",
                                                         refused))
        started_rows = None if arrays["started"] is None else \
            np.ascontiguousarray(columns.days(arrays["started"], "started", refused))
        fast = refused is None or not refused.any()
    if fast:
        # The bulk case: int32 indices and int32 (or datetime64[D]) dates go to the C call as
        # they are; it checks every row itself. With out= and int32 columns nothing is
        # allocated.
        due = out if out is not None else np.empty(count, dtype=np.int32)
        pathway_rows = np.ascontiguousarray(arrays["pathways"])
        stage_rows = np.ascontiguousarray(arrays["stages"])
        failed = _call(engine, count, columns.pointer(pathway_rows, int32),
                       columns.pointer(stage_rows, int32), columns.pointer(entered_rows, int32),
                       columns.pointer(started_rows, int32), columns.pointer(due, int32),
                       columns.pointer(row_status, ctypes.c_int), threads) if count else 0
        if failed and row_status is None and errors == "raise":
            row_status = np.zeros(count, dtype=np.int32)  # only now: say which rows failed
            _call(engine, count, columns.pointer(pathway_rows, int32),
                  columns.pointer(stage_rows, int32), columns.pointer(entered_rows, int32),
                  columns.pointer(started_rows, int32), columns.pointer(due, int32),
                  columns.pointer(row_status, ctypes.c_int), threads)
    else:
        result, row_status, failed, failed_inputs = _by_blocks(
            np, columns, engine, arrays, count, threads, out, row_status, unit, errors)
        return _finish(np, columns, engine, result, index, row_status, failed, errors,
                       lambda bad: failed_inputs)

    def fast_failed_inputs(bad: Any) -> tuple:
        # The columns went to the C call as they are: nothing was refused here.
        return (pathway_rows[bad], stage_rows[bad], entered_rows[bad],
                None if started_rows is None else started_rows[bad],
                np.zeros(len(bad), dtype=bool))

    result = due if unit is None else columns.as_dates(due, unit)
    return _finish(np, columns, engine, result, index, row_status, failed, errors,
                   fast_failed_inputs)


def _finish(np: Any, columns: Any, engine: Any, result: Any, index: Any, row_status: Any,
            failed: int, errors: str, failed_inputs: Any) -> Any:
    """The answer, or RecalculationError when rows failed and errors="raise".
    ``failed_inputs(bad)``: the failed rows' (pathways, stages, entered, started, refused out
    of range) as they went to the C call, for their reasons."""
    result = columns.as_series(result, index, "due")
    if not failed or errors == "coerce":
        return result
    bad = np.flatnonzero(row_status)
    names = _failed_row_reasons(engine, *failed_inputs(bad))
    bad_rows = bad.tolist()
    return _raise(result, row_status.tolist(), bad_rows,
                  _every_row(engine, len(row_status), bad_rows, names))


def _by_blocks(np: Any, columns: Any, engine: Any, arrays: dict, count: int, threads: int,
               out: Any, row_status: Any, unit: Any, errors: str) -> tuple[Any, Any, int]:
    """The column path: ids and dates converted and computed a block of rows at a time, so a
    block's temporaries stay in the caches and no array of the batch's length is made but the
    answer (and the statuses, only when some row failed and errors="raise": with "coerce" the
    failed rows are only counted). A large batch, when more than one thread is allowed, is cut
    into consecutive parts converted at once on that many Python threads (NumPy and the C calls
    let go of the GIL), each part's C calls on one thread. Returns (answer, statuses, failed)."""
    ids = columns.IdColumns(arrays["pathways"], arrays["stages"],
                            list(engine.pathways.values()), engine._lib, threads)
    if out is not None:
        result = out
    elif unit is None:
        result = np.empty(count, dtype=np.int32)
    else:
        result = np.empty(count, dtype=f"datetime64[{unit}]")
    ticks = None if result.dtype == np.int32 else columns.ticks_per_day(result.dtype)

    def convert(begin: int, end: int, part_threads: int) -> _Part:
        return _convert_part(np, columns, engine, arrays, ids, begin, end, part_threads, result,
                             ticks, row_status, errors)

    bounds = _part_bounds(count, threads)
    if len(bounds) == 1:
        parts = [convert(0, count, threads)]
    else:
        import threading

        parts = [None] * len(bounds)
        raised: list = []

        def work(k: int) -> None:
            try:
                parts[k] = convert(*bounds[k], 1)
            except BaseException as error:  # re-raised on the calling thread
                raised.append(error)

        workers = [threading.Thread(target=work, args=(k,)) for k in range(1, len(bounds))]
        for worker in workers:
            worker.start()
        try:
            work(0)
        finally:
            for worker in workers:
                worker.join()
        if raised:
            raise raised[0]
    bad_rows = [rows for part in parts for rows in part.bad_rows]
    bad_statuses = [statuses for part in parts for statuses in part.bad_statuses]
    bad_inputs = [inputs for part in parts for inputs in part.bad_inputs]
    failed = sum(part.failed_rows for part in parts) + sum(len(rows) for rows in bad_rows)
    if bad_rows and row_status is None:  # only now: a status for every row, to say which failed
        row_status = np.zeros(count, dtype=np.int32)
        for rows, statuses in zip(bad_rows, bad_statuses):
            row_status[rows] = statuses
    failed_inputs = tuple(None if any(part is None for part in parts) else np.concatenate(parts)
                          for parts in zip(*bad_inputs)) if bad_inputs else ()
    return result, row_status, failed, failed_inputs


# From this many rows a batch is worth cutting into parts for several Python threads: each part
# is then at least four blocks, so the threads' start and join are a small share of the work.
_PARALLEL_ROWS = 8 * _BLOCK


def _part_bounds(count: int, threads: int) -> list[tuple[int, int]]:
    """(begin, end) of each part of a batch: one per thread allowed (threads=0: one per core this
    process may run on), whole blocks, in row order; one part for a small batch."""
    import os

    if threads == 1 or count < _PARALLEL_ROWS:
        return [(0, count)]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)
    wanted = min(threads or cores, cores, count // (4 * _BLOCK))
    if wanted <= 1:
        return [(0, count)]
    blocks = -(-count // _BLOCK)
    cuts = [min(count, (blocks * k // wanted) * _BLOCK) for k in range(wanted + 1)]
    return [(cuts[k], cuts[k + 1]) for k in range(wanted) if cuts[k] < cuts[k + 1]]


class _Part:
    """What one part of the column path found: the failed rows counted (errors="coerce") or
    listed with their statuses and the inputs the C call saw (errors="raise")."""

    def __init__(self) -> None:
        self.failed_rows = 0
        self.bad_rows: list = []
        self.bad_statuses: list = []
        self.bad_inputs: list = []


def _convert_part(np: Any, columns: Any, engine: Any, arrays: dict, ids: Any, part_begin: int,
                  part_end: int, threads: int, result: Any, ticks: Any, row_status: Any,
                  errors: str) -> _Part:
    """Rows part_begin .. part_end - 1 of the column path, a block at a time, into result (and
    row_status when given)."""
    int32 = ctypes.c_int32
    part = _Part()
    size = min(part_end - part_begin, _BLOCK)
    block_due = np.empty(size, dtype=np.int32)
    block_status = np.empty(size, dtype=np.int32)
    block_failed = np.empty(size, dtype=np.int32)
    for begin in range(part_begin, part_end, _BLOCK):
        end = min(part_end, begin + _BLOCK)
        failed_here = block_failed[:end - begin]  # statuses found here
        failed_here.fill(0)
        pathway_rows, stage_rows = ids.rows(begin, end, failed_here)
        entered_rows = np.ascontiguousarray(columns.days(
            columns.rows_of(arrays["entered"], begin, end), "entered", failed_here))
        started_rows = None if arrays["started"] is None else np.ascontiguousarray(
            columns.days(columns.rows_of(arrays["started"], begin, end), "started",
                         failed_here))
        if ids.by_id:  # ids were looked up as their latest versions
            _select_versions(engine, end - begin, columns.pointer(pathway_rows, int32),
                             columns.pointer(stage_rows, int32),
                             columns.pointer(entered_rows, int32),
                             columns.pointer(started_rows, int32))
        due = result[begin:end] if ticks is None else block_due[:end - begin]
        status = row_status[begin:end] if row_status is not None \
            else block_status[:end - begin]
        failed = _call(engine, end - begin, columns.pointer(pathway_rows, int32),
                       columns.pointer(stage_rows, int32), columns.pointer(entered_rows, int32),
                       columns.pointer(started_rows, int32), columns.pointer(due, int32),
                       columns.pointer(status, ctypes.c_int), threads)
        any_flagged = bool(failed_here.any())  # Status.OK is 0
        if any_flagged:
            flagged = failed_here != 0
            status[flagged] = failed_here[flagged]
            due[flagged] = NO_DATE
        if ticks is not None:
            columns.day_numbers_to_ticks(due, ticks, result[begin:end].view(np.int64))
        if errors == "coerce":  # nothing to report: only counted
            if failed or any_flagged:
                part.failed_rows += int(np.count_nonzero(status))
        elif failed or any_flagged:
            rows = np.flatnonzero(status)
            part.bad_rows.append(rows + begin)
            part.bad_statuses.append(status[rows])
            part.bad_inputs.append((pathway_rows[rows], stage_rows[rows], entered_rows[rows],
                                    None if started_rows is None else started_rows[rows],
                                    failed_here[rows] == Status.OUT_OF_RANGE))
    return part
