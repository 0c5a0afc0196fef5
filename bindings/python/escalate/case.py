"""Case histories (docs/case-histories.md): ``Engine.case(pathway, entries, subject=...,
as_of=...)`` evaluates one case from its recorded entries through ``esc_case_evaluate`` and
returns a frozen, picklable :class:`CaseState`. Every date is the library's; nothing here
computes one."""

from __future__ import annotations

import ctypes
import datetime
from ctypes import c_char_p
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Union

from . import _ffi
from ._dates import from_day_number, to_day_number
from .constants import DueRule, OutcomeKind
from .errors import EscalateError, InvalidArgumentError, LibraryError, NotFoundError

#: ESC_STATE_*, by value.
STATES = ("open", "due-today", "overdue", "done-on-time", "done-late", "left-undone")
#: ESC_CASE_OBLIGATION_*, by value.
KINDS = ("stage", "step", "action")
#: ESC_FROM_*, by value.
SOURCES = ("stage", "transition", "outcome")
#: esc_force, by value.
FORCES = ("must", "should", "expected", "usually")


@dataclass(frozen=True)
class PassedStage:
    """A stage the case has left."""

    stage: str
    name: str
    tier: str
    entered: datetime.date
    left: datetime.date
    due: Optional[datetime.date]
    left_late: bool
    """Left after the date it was due."""
    left_on: str
    """The event that moved the case on."""
    force: str


@dataclass(frozen=True)
class CaseObligation:
    """A stage's own deadline, a step or an action, with its due date and state."""

    kind: str
    """``stage`` (done when the case leaves it), ``step`` or ``action``."""
    id: str
    name: str
    stage: Optional[str]
    """The stage or outcome it belongs to; for a transition's action, the stage the event
    left; ``None`` for the start."""
    source: str
    """``stage``, ``transition`` or ``outcome``."""
    side_track: bool
    arose: datetime.date
    due: Optional[datetime.date]
    due_rule: Union[DueRule, int]
    force: str
    provisional: bool
    """Counted from the previous step's due date because its completion is not recorded."""
    waits_for: Optional[str]
    done: Optional[datetime.date]
    state: str
    """``open``, ``due-today``, ``overdue``, ``done-on-time``, ``done-late`` or
    ``left-undone``."""
    clause: str


@dataclass(frozen=True)
class CaseState:
    """Where a case stands on ``as_of``, the stages it passed and every obligation."""

    pathway: str
    version: str
    """The version of the pathway that governed the case (:meth:`Engine.versions`)."""
    subject: Optional[str]
    as_of: datetime.date
    stage: str
    """The current stage's id, or the outcome's."""
    stage_name: str
    tier: Optional[str]
    tier_name: Optional[str]
    terminal: bool
    outcome_kind: Union[OutcomeKind, int]
    started: datetime.date
    entered: datetime.date
    due: Optional[datetime.date]
    due_rule: Union[DueRule, int]
    force: Optional[str]
    overdue: bool
    overdue_on_entry: bool
    entries_applied: int
    stages_passed: tuple[PassedStage, ...]
    obligations: tuple[CaseObligation, ...]

    @property
    def open_obligations(self) -> tuple[CaseObligation, ...]:
        """Steps and actions still owed: open, due today or overdue."""
        return tuple(o for o in self.obligations
                     if o.kind != "stage" and o.state in ("open", "due-today", "overdue"))


def _name(values: tuple[str, ...], code: int) -> str:
    return values[code] if 0 <= code < len(values) else str(code)


def _enum(kind: Any, code: int) -> Any:
    try:
        return kind(code)
    except ValueError:
        return code


def _text(raw: Optional[bytes]) -> Optional[str]:
    return None if raw is None else raw.decode("utf-8")


def _function(library: Any) -> Any:
    if not library.has("esc_case_evaluate"):
        raise LibraryError(f"{library.path} predates case histories (esc_case_evaluate, ABI 1.2)",
                           (library.path,))
    return library.esc_case_evaluate


def _entry(item: Any, index: int) -> tuple[int, bytes]:
    try:
        day, event = item
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"entry {index}: expected a (date, event) pair, got {item!r}",
                                   1) from None
    if isinstance(day, str):
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError:
            raise InvalidArgumentError(f"entry {index}: {day!r} is not a date (YYYY-MM-DD)") from None
    if not isinstance(event, str):
        raise InvalidArgumentError(f"entry {index}: the event must be a string, got {event!r}")
    return to_day_number(day, f"entry {index}"), event.encode("utf-8")


def evaluate(engine: Any, pathway: str, entries: Iterable[Any], *, subject: Optional[str] = None,
             as_of: datetime.date, version: Optional[str] = None) -> CaseState:
    """The body of :meth:`Engine.case`."""
    library = _ffi.library()
    function = _function(library)
    pairs = [_entry(item, i) for i, item in enumerate(entries)]
    dates = (_ffi.esc_date * max(len(pairs), 1))(*[d for d, _ in pairs])
    events = (c_char_p * max(len(pairs), 1))(*[e for _, e in pairs])
    query = _ffi.esc_case_query(
        size=ctypes.sizeof(_ffi.esc_case_query),
        pathway=pathway.encode("utf-8") if isinstance(pathway, str) else pathway,
        subject=subject.encode("utf-8") if subject is not None else None,
        entry_count=len(pairs),
        entry_dates=dates,
        entry_events=events,
        as_of=to_day_number(as_of, "as_of"),
        version=version.encode("utf-8") if version is not None else None,
    )
    stage_room, obligation_room = 8, 32
    pointer = engine._handle.acquire()
    try:
        while True:
            stages = (_ffi.esc_case_stage * stage_room)()
            obligations = (_ffi.esc_case_obligation * obligation_room)()
            result = _ffi.esc_case(size=ctypes.sizeof(_ffi.esc_case),
                              stage_size=ctypes.sizeof(_ffi.esc_case_stage), stages=stages,
                              stages_capacity=stage_room,
                              obligation_size=ctypes.sizeof(_ffi.esc_case_obligation),
                              obligations=obligations, obligations_capacity=obligation_room,
                              error_entry=-1)
            try:
                function(pointer, ctypes.byref(query), ctypes.byref(result))
            except EscalateError as error:
                # Which entry was at fault, for programs that point at it.
                error.entry = result.error_entry if result.error_entry >= 0 else None
                raise
            if result.stage_count <= stage_room and result.obligation_count <= obligation_room:
                break
            stage_room = max(stage_room, result.stage_count)
            obligation_room = max(obligation_room, result.obligation_count)
        return _state(pathway, engine._all_pathways[result.pathway_index].version, subject, as_of,
                      result, stages, obligations)
    finally:
        engine._handle.release()


def _state(pathway: str, version: str, subject: Optional[str], as_of: datetime.date, raw: Any,
           stages: Any, obligations: Any) -> CaseState:
    passed = tuple(
        PassedStage(stage=_text(s.stage), name=_text(s.stage_name), tier=_text(s.tier),
                    entered=from_day_number(s.entered), left=from_day_number(s.left),
                    due=from_day_number(s.due), left_late=bool(s.left_late),
                    left_on=_text(s.left_on), force=_name(FORCES, s.force))
        for s in stages[:raw.stage_count])
    owed = tuple(
        CaseObligation(kind=_name(KINDS, o.kind), id=_text(o.id), name=_text(o.name),
                       stage=_text(o.stage), source=_name(SOURCES, o.source),
                       side_track=bool(o.side_track), arose=from_day_number(o.arose),
                       due=from_day_number(o.due), due_rule=_enum(DueRule, o.due_rule),
                       force=_name(FORCES, o.force), provisional=bool(o.provisional),
                       waits_for=_text(o.waits_for), done=from_day_number(o.done),
                       state=_name(STATES, o.state), clause=_text(o.clause) or "")
        for o in obligations[:raw.obligation_count])
    due = from_day_number(raw.due)
    return CaseState(
        pathway=pathway, version=version, subject=subject, as_of=as_of, stage=_text(raw.stage),
        stage_name=_text(raw.stage_name), tier=_text(raw.tier), tier_name=_text(raw.tier_name),
        terminal=bool(raw.terminal), outcome_kind=_enum(OutcomeKind, raw.outcome_kind),
        started=from_day_number(raw.started), entered=from_day_number(raw.entered), due=due,
        due_rule=_enum(DueRule, raw.due_rule), force=None if due is None else _name(FORCES, raw.force),
        overdue=bool(raw.overdue), overdue_on_entry=bool(raw.overdue_on_entry),
        entries_applied=int(raw.entries_applied), stages_passed=passed, obligations=owed)


# ---------------------------------------------------------------------------------------------
# Many cases at once (esc_cases_evaluate)
# ---------------------------------------------------------------------------------------------

#: ESC_CASE_*, by value.
CASE_STATUSES = ("ok", "bad-pathway", "bad-subject", "no-entries", "as-of-before-outset",
                 "bad-first-entry", "out-of-order", "missing-date", "needs-subject",
                 "unknown-event", "no-transition", "out-of-range")


@dataclass(frozen=True)
class CaseSummary:
    """One case of :meth:`Engine.cases`: where it stands, or why it failed."""

    case_id: Any
    pathway: str
    status: str
    """``"ok"``, or why the case failed (``"no-transition"``, ``"out-of-order"``, ...)."""
    bad_entry: Optional[int]
    """The case's own entry index at fault, or ``None``."""
    stage: Optional[str]
    terminal: bool
    entered: Optional[datetime.date]
    due: Optional[datetime.date]
    overdue: bool


def _long_rows(table: Any) -> Iterable[tuple]:
    """(case_id, date, event, pathway, subject) rows from a DataFrame or an iterable."""
    columns = getattr(table, "columns", None)
    if columns is not None:  # a pandas DataFrame: one row per entry
        get = {name: table[name].tolist() for name in ("case_id", "date", "event")}
        pathways = table["pathway"].tolist() if "pathway" in columns else [None] * len(table)
        subjects = table["subject"].tolist() if "subject" in columns else [None] * len(table)
        return zip(get["case_id"], get["date"], get["event"], pathways, subjects)
    return (tuple(row) + (None,) * (5 - len(row)) for row in table)


def _as_date(value: Any, where: str) -> datetime.date:
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise InvalidArgumentError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
    if hasattr(value, "date") and callable(value.date) and not isinstance(value, datetime.date):
        return value.date()  # a pandas Timestamp
    return value


def evaluate_many(engine: Any, table: Any, *, as_of: datetime.date,
                  pathway: Optional[str] = None) -> list[CaseSummary]:
    """The body of :meth:`Engine.cases`."""
    library = _ffi.library()
    if not library.has("esc_cases_evaluate"):
        raise LibraryError(f"{library.path} predates bulk case histories (esc_cases_evaluate)",
                           (library.path,))
    order: list[Any] = []
    grouped: dict[Any, list[tuple]] = {}
    for row in _long_rows(table):
        case_id = row[0]
        if case_id not in grouped:
            grouped[case_id] = []
            order.append(case_id)
        grouped[case_id].append(row)
    # The version in force on each case's outset (its first entry's date) governs it, as in
    # Engine.case (docs/ruleset-format.md#versions); the bulk call applies the index it is given.
    # Only ids with several versions need the choice; a case older than every version fails
    # alone ("no-version").
    several = {}
    chosen: dict[Any, int] = {}
    no_version: set = set()
    for case_id in order:
        rows = grouped[case_id]
        name = rows[0][3] if rows[0][3] is not None else pathway
        if name is None or engine.pathways.get(name) is None:
            continue
        if name not in several:
            several[name] = len(engine.versions(name)) > 1
        if several[name]:
            outset = _as_date(rows[0][1], f"case {case_id!r}, entry 0")
            try:
                chosen[case_id] = engine.pathway_index(name, outset=outset)
            except NotFoundError:
                no_version.add(case_id)
    pathway_ids: list[str] = []
    offsets, pathways, subjects, dates, events = [0], [], [], [], []
    event_index: dict[tuple[int, str], int] = {}
    pointer = engine._handle.acquire()
    try:
        for case_id in order:
            rows = grouped[case_id]
            name = rows[0][3] if rows[0][3] is not None else pathway
            if name is None:
                raise InvalidArgumentError(f"case {case_id!r}: no pathway (a pathway column on its "
                                           "first row, or pathway=)")
            info = engine.pathways.get(name)
            # An unknown pathway fails its own case (bad-pathway), not the batch.
            # A case older than every version is not evaluated (-1); its summary says why.
            index = -1 if info is None or case_id in no_version else chosen.get(case_id, info.index)
            subject = rows[0][4]
            subject_index = -1
            if info is not None and subject is not None and subject == subject:  # NaN: not stated
                subject_index = info.subjects.index(subject) if subject in info.subjects else len(info.subjects)
            pathway_ids.append(name)
            pathways.append(index)
            subjects.append(subject_index)
            for k, row in enumerate(rows):
                day = _as_date(row[1], f"case {case_id!r}, entry {k}")
                dates.append(to_day_number(day, f"case {case_id!r}, entry {k}"))
                key = (index, row[2])
                code = event_index.get(key) if index >= 0 else 0
                if code is None:
                    out = ctypes.c_int32()
                    try:
                        library.esc_pathway_event_index(pointer, index, str(row[2]).encode("utf-8"),
                                                        ctypes.byref(out))
                        code = out.value
                    except EscalateError:
                        # Unknown: the bulk call reports the case, not the batch. An unknown
                        # done:ID keeps a done code (one past any id), so that as a first entry
                        # it fails as bad-first-entry, as Engine.case says.
                        code = -3 - (1 << 24) if str(row[2]).startswith("done:") else 1 << 30
                    event_index[key] = code
                events.append(code)
            offsets.append(len(dates))
        count = len(order)
        columns = _ffi.esc_case_columns(
            size=ctypes.sizeof(_ffi.esc_case_columns), case_count=count,
            offsets=(ctypes.c_size_t * len(offsets))(*offsets),
            pathways=(ctypes.c_int32 * max(count, 1))(*pathways),
            subjects=(ctypes.c_int32 * max(count, 1))(*subjects),
            dates=(_ffi.esc_date * max(len(dates), 1))(*dates),
            events=(ctypes.c_int32 * max(len(events), 1))(*events),
            as_of=to_day_number(as_of, "as_of"))
        rows_out = (_ffi.esc_case_row * max(count, 1))()
        failed = ctypes.c_size_t()
        library.esc_cases_evaluate(pointer, ctypes.byref(columns), rows_out, ctypes.byref(failed))
    finally:
        engine._handle.release()
    return [CaseSummary(case_id=case_id, pathway=pathway_ids[i], status="no-version", bad_entry=0,
                        stage=None, terminal=False, entered=None, due=None, overdue=False)
            if case_id in no_version else
            CaseSummary(case_id=case_id, pathway=pathway_ids[i],
                        status=_name(CASE_STATUSES, rows_out[i].status),
                        bad_entry=None if rows_out[i].bad_entry < 0 else int(rows_out[i].bad_entry),
                        stage=_text(rows_out[i].stage), terminal=bool(rows_out[i].terminal),
                        entered=from_day_number(rows_out[i].entered), due=from_day_number(rows_out[i].due),
                        overdue=bool(rows_out[i].overdue))
            for i, case_id in enumerate(order)]
