"""Engine.recalculate: marshalling bulk cases into esc_recalculate and the answers back.

Two paths share one C call: NumPy arrays are converted vector-wise (ids through np.unique, so a
million rows cost a few look-ups), plain sequences row by row. Ids the engine does not know and
dates that do not fit a day number fail their own row only, like every bad row in the C call.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any, Optional

from . import _ffi
from ._dates import from_day_number, to_day_number
from .constants import NO_DATE, Status, enum_or_int
from .errors import InvalidArgumentError, LibraryError, RecalculationError

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_SHOWN_ROWS = 5


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


def recalculate(engine: Any, pathways: Any, stages: Any, entered: Any, started: Any, *,
                threads: int, errors: str) -> Any:
    if errors not in ("raise", "coerce"):
        raise InvalidArgumentError(f'errors must be "raise" or "coerce", not {errors!r}')
    _require_call(engine)
    numpy = sys.modules.get("numpy")
    if numpy is not None and any(isinstance(argument, numpy.ndarray)
                                 for argument in (pathways, stages, entered, started)):
        return _with_numpy(numpy, engine, pathways, stages, entered, started, threads, errors)
    return _with_sequences(engine, pathways, stages, entered, started, threads, errors)


def _length(arguments: dict[str, Any]) -> int:
    lengths = {name: len(value) for name, value in arguments.items() if value is not None}
    if len(set(lengths.values())) > 1:
        raise InvalidArgumentError(
            "recalculate needs arguments of one length, got "
            + ", ".join(f"{name}={length}" for name, length in lengths.items()))
    return next(iter(lengths.values()))


def _reasons(engine: Any, count: int, pathways: Any, stages: Any, entered: Any,
             started: Optional[Any], threads: int) -> list[str]:
    """Every row's reason name from esc_recalculate_reasons: the library says why, this
    binding only copies it. Rows this binding refused before the C call went to it with index
    -1, so the library names them unknown-pathway or unknown-stage too."""
    lib = engine._lib
    out = (_ffi.esc_date * count)()
    reasons = (ctypes.c_int * count)()
    pointer = engine._handle.acquire()
    try:
        lib.esc_recalculate_reasons(pointer, count, pathways, stages, entered, started, out,
                                    reasons, min(threads, _INT32_MAX), None)
        return [lib.esc_row_reason_name(reason).decode("ascii") for reason in reasons]
    finally:
        engine._handle.release()


def _report(result: Any, statuses: list[int], errors: str, reasons: Any = None) -> Any:
    bad = [row for row, status in enumerate(statuses) if status != Status.OK]
    if not bad or errors == "coerce":
        return result
    names = reasons() if reasons is not None else None
    if names is not None:
        for row in bad:
            if statuses[row] == Status.OUT_OF_RANGE and names[row] == "missing-entered":
                # A date this binding could not turn into a day number went as "no date".
                names[row] = "out-of-range"
    shown = ", ".join(f"row {row}: {names[row] if names else _status_text(statuses[row])}"
                      for row in bad[:_SHOWN_ROWS])
    more = f" and {len(bad) - _SHOWN_ROWS} more" if len(bad) > _SHOWN_ROWS else ""
    raise RecalculationError(f"{len(bad)} of {len(statuses)} rows failed ({shown}{more}); "
                             "the other rows were computed", result, bad,
                             [enum_or_int(Status, status) for status in statuses], names)


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
    table = list(engine.pathways.values())
    by_id = {pathway.id: pathway for pathway in table}
    pathway_rows = (ctypes.c_int32 * count)()
    stage_rows = (ctypes.c_int32 * count)()
    entered_rows = (_ffi.esc_date * count)()
    started_rows = (_ffi.esc_date * count)() if started is not None else None
    found_here: dict[int, int] = {}  # row -> status found before the C call
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
        entered_rows[row] = to_day_number(entered[row], f"entered[{row}]", optional=True)
        if started_rows is not None:
            started_rows[row] = to_day_number(started[row], f"started[{row}]", optional=True)
    out = (_ffi.esc_date * count)()
    statuses = (ctypes.c_int * count)()
    if count:
        _call(engine, count, pathway_rows, stage_rows, entered_rows, started_rows, out,
              statuses, threads)
    status_list = list(statuses)
    for row, status in found_here.items():
        status_list[row] = status
        out[row] = NO_DATE
    return _report([from_day_number(day) for day in out], status_list, errors,
                   lambda: _reasons(engine, count, pathway_rows, stage_rows, entered_rows,
                                    started_rows, threads))


def _is_index(value: Any, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


# ---------------------------------------------------------------------------------------------
# NumPy
# ---------------------------------------------------------------------------------------------

def _with_numpy(np: Any, engine: Any, pathways: Any, stages: Any, entered: Any, started: Any,
                threads: int, errors: str) -> Any:
    arrays = {name: np.asarray(value) if value is not None else None
              for name, value in (("pathways", pathways), ("stages", stages),
                                  ("entered", entered), ("started", started))}
    for name, array in arrays.items():
        if array is not None and array.ndim != 1:
            raise InvalidArgumentError(f"{name} must be one-dimensional, not {array.shape}")
    count = _length(arrays)
    if _is_index_array(np, arrays["pathways"]) and _is_index_array(np, arrays["stages"]) \
            and _is_day_array(np, arrays["entered"]) \
            and (arrays["started"] is None or _is_day_array(np, arrays["started"])):
        return _indices_and_days(np, engine, arrays, count, threads, errors)
    table = list(engine.pathways.values())
    failed_here = np.zeros(count, dtype=np.int32)  # status per row found before the C call

    pathway_rows = _indices(np, arrays["pathways"], {p.id: p.index for p in table}, len(table),
                            failed_here)
    stage_rows = np.full(count, -1, dtype=np.int32)
    stage_refs = arrays["stages"]
    for pathway in table:
        rows = pathway_rows == pathway.index
        if rows.any():
            stage_rows[rows] = _indices(np, stage_refs[rows],
                                        {stage: i for i, stage in enumerate(pathway.stages)},
                                        len(pathway.stages), failed_here, rows)
    entered_rows = _days(np, arrays["entered"], failed_here)
    started_rows = _days(np, arrays["started"], failed_here) \
        if arrays["started"] is not None else None

    out = np.empty(count, dtype=np.int32)
    statuses = np.zeros(count, dtype=np.int32)
    if count:
        def as_int32(array: Any) -> Any:
            return array.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))

        _call(engine, count, as_int32(pathway_rows), as_int32(stage_rows), as_int32(entered_rows),
              as_int32(started_rows) if started_rows is not None else None, as_int32(out),
              statuses.ctypes.data_as(ctypes.POINTER(ctypes.c_int)), threads)
    flagged = failed_here != Status.OK
    statuses[flagged] = failed_here[flagged]
    out[flagged] = NO_DATE

    if arrays["entered"].dtype.kind in "iu":
        result = out
    else:
        wide = out.astype(np.int64)
        wide[out == NO_DATE] = np.iinfo(np.int64).min  # NaT's bit pattern
        result = wide.view("datetime64[D]")
    if errors == "coerce" or not statuses.any():
        return result
    return _report(result, statuses.tolist(), errors,
                   lambda: _reasons(engine, count, as_int32(pathway_rows), as_int32(stage_rows),
                                    as_int32(entered_rows),
                                    as_int32(started_rows) if started_rows is not None else None,
                                    threads))


def _indices(np: Any, refs: Any, ids: dict[str, int], size: int, failed_here: Any,
             rows: Any = None) -> Any:
    """Ids or integer indices -> int32 indices, -1 (with a status in failed_here) for an
    unknown id or an index out of range. ``rows`` selects failed_here's rows for refs."""
    status = np.zeros(len(refs), dtype=np.int32)
    if refs.dtype.kind in "iu":
        wide = refs.astype(np.int64)
        good = (wide >= 0) & (wide < size)
        indices = np.where(good, wide, -1).astype(np.int32)
        status[~good] = Status.INVALID_ARGUMENT
    else:
        unique, inverse = np.unique(refs.astype(str), return_inverse=True)
        lookup = np.array([ids.get(ref, -1) for ref in unique.tolist()], dtype=np.int32)
        indices = lookup[inverse.reshape(-1)]
        status[indices < 0] = Status.NOT_FOUND
    if rows is None:
        failed_here[:] = np.where(status != 0, status, failed_here)
    else:
        failed_here[rows] = np.where(status != 0, status, failed_here[rows])
    return indices


def _days(np: Any, dates: Any, failed_here: Any) -> Any:
    """datetime64 (NaT: no date), integer day numbers or date objects -> int32 day numbers.
    A date beyond the int32 day range fails its row (OUT_OF_RANGE)."""
    if dates.dtype.kind == "M":
        wide = dates.astype("datetime64[D]").view(np.int64)
        missing = np.isnat(dates)
    elif dates.dtype.kind in "iu":
        wide = dates.astype(np.int64)
        missing = wide == NO_DATE
    else:
        return np.array([to_day_number(value, f"dates[{row}]", optional=True)
                         for row, value in enumerate(dates.tolist())], dtype=np.int32)
    too_far = ~missing & ((wide <= _INT32_MIN) | (wide > _INT32_MAX))
    failed_here[too_far & (failed_here == 0)] = Status.OUT_OF_RANGE
    return np.where(missing | too_far, NO_DATE, wide).astype(np.int32)


def _is_index_array(np: Any, array: Any) -> bool:
    return array.dtype == np.int32


def _is_day_array(np: Any, array: Any) -> bool:
    return array.dtype == np.int32 or array.dtype == np.dtype("datetime64[D]")


def _indices_and_days(np: Any, engine: Any, arrays: dict[str, Any], count: int, threads: int,
                      errors: str) -> Any:
    """The fast path for the bulk case: int32 indices and int32 or datetime64[D] dates go to
    the C call as they are (no copy for contiguous int32), which checks every row itself.
    Per-row statuses are asked for only when some row failed."""
    def column(array: Any) -> Any:
        if array.dtype == np.int32:
            return np.ascontiguousarray(array)
        wide = array.view(np.int64)  # datetime64[D]: NaT is int64's minimum
        too_far = (wide < _INT32_MIN) | (wide > _INT32_MAX)
        return np.where(too_far, NO_DATE, wide).astype(np.int32)

    pathways, stages = column(arrays["pathways"]), column(arrays["stages"])
    entered = column(arrays["entered"])
    started = column(arrays["started"]) if arrays["started"] is not None else None
    out = np.empty(count, dtype=np.int32)

    def pointer(array: Any) -> Any:
        return array.ctypes.data_as(ctypes.POINTER(ctypes.c_int32)) if array is not None else None

    statuses = None
    failed = _call(engine, count, pointer(pathways), pointer(stages), pointer(entered), pointer(started),
                   pointer(out), None, threads) if count else 0
    if failed and errors == "raise":
        statuses = np.zeros(count, dtype=np.int32)
        _call(engine, count, pointer(pathways), pointer(stages), pointer(entered), pointer(started),
              pointer(out), statuses.ctypes.data_as(ctypes.POINTER(ctypes.c_int)), threads)
    if arrays["entered"].dtype.kind in "iu":
        result = out
    else:
        wide = out.astype(np.int64)
        wide[out == NO_DATE] = np.iinfo(np.int64).min  # NaT's bit pattern
        result = wide.view("datetime64[D]")
    if statuses is None:
        return result
    return _report(result, statuses.tolist(), errors,
                   lambda: _reasons(engine, count, pointer(pathways), pointer(stages),
                                    pointer(entered), pointer(started), threads))
