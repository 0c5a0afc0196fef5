"""Engines and decisions: the Python surface over escalate.h (docs/python.md)."""

from __future__ import annotations

import ctypes
import datetime
import os
import sys
from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from . import _ffi
from ._dates import from_day_number, to_day_number
from ._handle import EngineHandle
from ._pathways import Pathway, Table, read_pathways
from ._results import Decision, Limit, Obligation, from_struct
from .errors import InvalidArgumentError, LibraryError

if TYPE_CHECKING:
    from .case import CaseState
    from .calendar import Calendar

PathLike = Union[str, "os.PathLike[str]"]

#: A pathway or stage named by its id, or by its index (ids map to dense indices).
Ref = Union[str, int]


def _text(value: Optional[bytes]) -> Optional[str]:
    return None if value is None else value.decode("utf-8")


def _path_bytes(path: PathLike) -> bytes:
    encoded = os.fsencode(path)
    if b"\0" in encoded:
        raise InvalidArgumentError(f"the ruleset path {os.fsdecode(encoded)!r} contains a NUL "
                                   "character")
    return encoded


def _encode(value: Optional[str], what: str) -> Optional[bytes]:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if "\0" in value:
        raise InvalidArgumentError(f"{what} contains a NUL character")
    return value.encode("utf-8")


def _obligations(buffer: Any, count: int) -> tuple[Obligation, ...]:
    return tuple(from_struct(Obligation, item) for item in buffer[:count])


# Room for the steps and actions of a typical stage; decide() retries with the reported
# counts when a stage has more.
_STEP_ROOM = 4
_ACTION_ROOM = 8


class Engine:
    """A compiled ruleset: every calendar and pathway of the paths it was loaded from, immutable.

    One engine may be shared by any number of threads. Release it with :meth:`close` or a
    ``with`` block; objects obtained from it (calendars, decisions) keep it alive, and calls
    on them after an explicit ``close()`` raise :class:`InvalidArgumentError`.
    """

    def __init__(self, handle: EngineHandle, path: str,
                 paths: Optional[tuple[str, ...]] = None) -> None:
        """Use :meth:`Engine.load`."""
        self._handle = handle
        #: Where the rulesets came from, for messages: the paths (and document names),
        #: joined by ``os.pathsep``.
        self.path = path
        #: The paths to load the same engine again (in another process: Dask's workers);
        #: ``None`` for an engine made from documents in memory, which cannot be.
        self.paths: Optional[tuple[str, ...]] = (path,) if paths is None else paths
        self._lib = _ffi.library()
        #: Every version of every pathway, by index (ordered by id, then effective-from).
        self._all_pathways = tuple(self._read_pathways())
        # An id names its latest version (the last of its versions in index order).
        self._pathways = Table({p.id: p for p in self._all_pathways}, "pathways")
        self._calendars: Optional[Table] = None

    @classmethod
    def load(cls, *paths: PathLike) -> "Engine":
        """Loads and compiles ruleset files or directories of them (pathways and calendars)
        into one engine, all or nothing: ``Engine.load("mine/pathways", calendars)``.

        With no path, the rulesets found without one: the paths in ``$ESCALATE_RULESETS``
        when it is set (``esc_engine_load_default``), else the bundled rulesets
        (:func:`escalate.rulesets_dir`).

        Raises :class:`IoError` (cannot read), :class:`ParseError` (not XML) or
        :class:`RulesetError` (breaks the format or the checks, or an id defined twice
        across the paths), each naming the file and line.
        """
        lib = _ffi.library()
        pointer = _ffi.EnginePointer()
        if not paths and os.environ.get("ESCALATE_RULESETS"):
            lib.esc_engine_load_default(ctypes.byref(pointer))
            described = os.environ["ESCALATE_RULESETS"]
            return cls(EngineHandle(pointer, lib.esc_engine_free), described,
                       tuple(part for part in described.split(os.pathsep) if part))
        if not paths:
            from . import rulesets_dir

            paths = (rulesets_dir(),)
        encoded = [_path_bytes(path) for path in paths]
        lib.esc_engine_load_paths((ctypes.c_char_p * len(encoded))(*encoded), len(encoded),
                                  ctypes.byref(pointer))
        decoded = tuple(os.fsdecode(path) for path in encoded)
        return cls(EngineHandle(pointer, lib.esc_engine_free), os.pathsep.join(decoded), decoded)

    @classmethod
    def from_documents(cls, documents: Mapping[str, Union[str, bytes]],
                       *paths: PathLike) -> "Engine":
        """Loads ruleset documents held in memory (``{name: xml}``; each name stands for its
        file in error messages) together with any files or directories, all or nothing
        (``esc_engine_load_documents``):
        ``Engine.from_documents({"sandwell.xml": text}, escalate.rulesets_dir() / "calendars")``.
        Raises as :meth:`load` does.
        """
        lib = _ffi.library()
        texts = [(_encode(name, "document name"),
                  text if isinstance(text, bytes) else str(text).encode("utf-8"))
                 for name, text in documents.items()]
        array = (_ffi.esc_ruleset_document * max(1, len(texts)))()
        for slot, (name, text) in zip(array, texts):
            slot.name, slot.text, slot.length = name, text, len(text)
        encoded = [_path_bytes(path) for path in paths]
        pointer = _ffi.EnginePointer()
        lib.esc_engine_load_documents((ctypes.c_char_p * max(1, len(encoded)))(*encoded),
                                      len(encoded), array, len(texts), ctypes.byref(pointer))
        names = [os.fsdecode(path) for path in encoded] + list(documents)
        engine = cls(EngineHandle(pointer, lib.esc_engine_free), os.pathsep.join(names))
        engine.paths = None if documents else tuple(names)
        return engine

    # -- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        """Frees the engine (after calls in flight on other threads return). Idempotent."""
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.close()

    @property
    def closed(self) -> bool:
        return self._handle.closed

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self, _finalizing: Any = sys.is_finalizing) -> None:
        # At interpreter shutdown the library and this module may already be torn down; the
        # process is ending, so the memory goes back with it.
        if not _finalizing():
            self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{len(self._pathways)} pathways"
        return f"<escalate.Engine {self.path!r} ({state})>"

    # -- pathways ------------------------------------------------------------------------

    def _read_pathways(self) -> list[Pathway]:
        pointer = self._handle.acquire()
        try:
            return read_pathways(self._lib, pointer)
        finally:
            self._handle.release()

    def stage_events(self, pathway: Ref, stage: Optional[Ref],
                     subject: Optional[str] = None) -> tuple[str, ...]:
        """The events with a route out of a stage, for ``subject`` when given (the buttons a
        case-management screen shows), in the order of their first route
        (``esc_stage_events``). ``stage=None`` asks about the start of the pathway. Ids or
        indices are accepted."""
        pathway_index = self.pathway_index(pathway)
        stage_index = -1 if stage is None else self.stage_index(pathway_index, stage)
        encoded = _encode(subject, "subject")
        pointer = self._handle.acquire()
        try:
            count = ctypes.c_size_t()
            self._lib.esc_stage_events(pointer, pathway_index, stage_index, encoded, None, 0,
                                       ctypes.byref(count))
            buffer = (ctypes.c_char_p * max(1, count.value))()
            self._lib.esc_stage_events(pointer, pathway_index, stage_index, encoded, buffer,
                                       count.value, ctypes.byref(count))
            return tuple(_text(buffer[i]) or "" for i in range(count.value))
        finally:
            self._handle.release()

    @property
    def pathways(self) -> Mapping[str, Pathway]:
        """The pathways by id, in index order: ``"wolverhampton" in engine.pathways``,
        ``engine.pathways["wolverhampton"].title``. Where an id has several versions, it
        names the latest (the latest effective-from); :meth:`versions` lists them all."""
        return self._pathways

    def versions(self, pathway: str) -> tuple[Pathway, ...]:
        """Every loaded version of a pathway id, oldest first (by effective-from), each with
        its ``version``, ``effective_from_stated``, ``in_force_from``, ``in_force_until``,
        ``review_by`` and ``source_date`` (``esc_engine_pathway_versions``).
        :class:`NotFoundError` for an unknown id."""
        encoded = _encode(pathway, "pathway")
        if encoded is None:
            raise TypeError("pathway is required (a pathway id), not None")
        if not self._lib.has("esc_engine_pathway_versions"):
            return (self._all_pathways[self.pathway_index(pathway)],)  # before ABI 1.3: one each
        pointer = self._handle.acquire()
        try:
            first, count = ctypes.c_int32(), ctypes.c_int32()
            self._lib.esc_engine_pathway_versions(pointer, encoded, ctypes.byref(first),
                                                  ctypes.byref(count))
        finally:
            self._handle.release()
        return self._all_pathways[first.value:first.value + count.value]

    def pathway(self, pathway: str, *, version: Optional[str] = None,
                outset: Optional[datetime.date] = None) -> Pathway:
        """The version of a pathway that governs a case (``esc_engine_pathway_select``): the
        one named by ``version``, else the one in force on ``outset`` (the date the case
        started), else the latest. :class:`NotFoundError` for an unknown id or version, or an
        outset before every version (the message names the earliest effective-from)."""
        return self._all_pathways[self.pathway_index(pathway, version=version, outset=outset)]

    def pathway_index(self, pathway: Ref, *, version: Optional[str] = None,
                      outset: Optional[datetime.date] = None) -> int:
        """The dense index of a pathway id (an int is checked and returned): its latest
        version, or as :meth:`pathway` chooses with ``version`` or ``outset``."""
        if isinstance(pathway, int) and not isinstance(pathway, bool):
            if not 0 <= pathway < len(self._all_pathways):
                raise InvalidArgumentError(
                    f"pathway index {pathway} is out of range (0..{len(self._all_pathways) - 1})")
            return pathway
        if pathway is None:
            raise TypeError("pathway is required (a pathway id or index), not None")
        encoded = _encode(pathway, "pathway")
        pointer = self._handle.acquire()
        try:
            out = ctypes.c_int32()
            if version is None and outset is None:
                self._lib.esc_engine_pathway_index(pointer, encoded, ctypes.byref(out))
            elif not self._lib.has("esc_engine_pathway_select"):
                raise LibraryError(
                    f"{self._lib.path} predates pathway versions (esc_engine_pathway_select, "
                    "ABI 1.3): it holds one version of each pathway and cannot choose one by "
                    "version or outset; ask without them, or use a newer library",
                    (self._lib.path,))
            else:
                self._lib.esc_engine_pathway_select(
                    pointer, encoded, _encode(version, "version"),
                    to_day_number(outset, "outset", optional=True), ctypes.byref(out))
            return out.value
        finally:
            self._handle.release()

    def _pathway_for_case(self, pathway: Ref, version: Optional[str], entered_day: int,
                          started_day: int) -> int:
        """The version :meth:`due` answers a case by: an index as given, else the version
        ``esc_engine_pathway_for_case`` chooses (named, or in force on the case's outset, by the
        library's one rule). A library before 1.3 has one version of each id."""
        if isinstance(pathway, int) and not isinstance(pathway, bool) or pathway is None or \
                not self._lib.has("esc_engine_pathway_for_case"):
            return self.pathway_index(pathway, version=version)
        pointer = self._handle.acquire()
        try:
            out = ctypes.c_int32()
            self._lib.esc_engine_pathway_for_case(
                pointer, _encode(pathway, "pathway"), _encode(version, "version"), entered_day,
                started_day, ctypes.byref(out))
            return out.value
        finally:
            self._handle.release()

    def stage_index(self, pathway: Ref, stage: Ref) -> int:
        """The dense index of a stage id within a pathway (an int is checked and returned)."""
        pathway_index = self.pathway_index(pathway)
        if isinstance(stage, int) and not isinstance(stage, bool):
            stages = self._all_pathways[pathway_index].stages
            if not 0 <= stage < len(stages):
                raise InvalidArgumentError(
                    f"stage index {stage} is out of range (0..{len(stages) - 1})")
            return stage
        if stage is None:
            raise TypeError("stage is required (a stage id or index), not None")
        encoded = _encode(stage, "stage")
        pointer = self._handle.acquire()
        try:
            out = ctypes.c_int32()
            self._lib.esc_pathway_stage_index(pointer, pathway_index, encoded,
                                              ctypes.byref(out))
            return out.value
        finally:
            self._handle.release()

    # -- questions -----------------------------------------------------------------------

    def decide(
        self,
        pathway: str,
        stage: Optional[str] = None,
        event: Optional[str] = None,
        at: Optional[datetime.date] = None,
        started: Optional[datetime.date] = None,
        subject: Optional[str] = None,
        entered: Optional[datetime.date] = None,
        version: Optional[str] = None,
    ) -> Decision:
        """Answers "the case is at ``stage`` of ``pathway`` and ``event`` happened on ``at``;
        what now?" (docs/semantics.md).

        ``stage=None`` starts the pathway: the answer is its entry stage (or, with an event
        such as ``"immediate-risk"``, where starting on that event leads). ``started`` is the
        outset of the disagreement: ``None`` when starting (then it is ``at``), required later
        wherever the stage's due date counts from the outset. ``subject`` is ``"child"`` or
        ``"adult"``; ``None`` when not stated (tier names take their general form).
        ``entered`` is the date the current stage was entered, needed only when the event
        keeps the case at its stage (a side track, whose clock keeps running: then
        ``decision.side_track``). ``version`` names a version of the pathway; ``None``: the
        version in force on the outset (``started``, else ``at``); ``decision.version`` says
        which answered.

        Raises :class:`NotFoundError` (unknown pathway, stage or event id),
        :class:`NoTransitionError` (the event leads nowhere from that stage),
        :class:`OutOfRangeError` (a date outside the calendar's years),
        :class:`InvalidArgumentError` (a stage without an event, a subject the pathway does
        not cover, no ``started`` where the outset is needed, a ``started`` after ``at``);
        ``TypeError`` for a missing ``at`` or an argument of the wrong type.
        """
        if pathway is None:
            raise TypeError("pathway is required (a pathway id), not None")
        query = _ffi.esc_query(
            size=ctypes.sizeof(_ffi.esc_query),
            pathway=_encode(pathway, "pathway"),
            stage=_encode(stage, "stage"),
            event=_encode(event, "event"),
            subject=_encode(subject, "subject"),
            at=to_day_number(at, "at"),
            started=to_day_number(started, "started", optional=True),
            entered=to_day_number(entered, "entered", optional=True),
            version=_encode(version, "version"),
        )
        step_room, action_room = _STEP_ROOM, _ACTION_ROOM
        pointer = self._handle.acquire()
        try:
            while True:
                steps = (_ffi.esc_obligation * step_room)()
                actions = (_ffi.esc_obligation * action_room)()
                decision = _ffi.esc_decision(
                    size=ctypes.sizeof(_ffi.esc_decision),
                    obligation_size=ctypes.sizeof(_ffi.esc_obligation),
                    steps=steps, steps_capacity=step_room,
                    actions=actions, actions_capacity=action_room,
                )
                self._lib.esc_decide(pointer, ctypes.byref(query), ctypes.byref(decision))
                if decision.step_count <= step_room and decision.action_count <= action_room:
                    break
                step_room = max(step_room, decision.step_count)
                action_room = max(action_room, decision.action_count)
            return self._decision(pathway, decision, steps, actions)
        finally:
            self._handle.release()

    def case(self, pathway: str, entries: Any, *, subject: Optional[str] = None,
             as_of: datetime.date, version: Optional[str] = None) -> "CaseState":
        """Where a case stands on ``as_of``, from its recorded ``entries`` (docs/case-histories.md):
        an iterable of ``(date, event)`` pairs in date order (a ``datetime.date`` or
        ``"YYYY-MM-DD"``), the first ``"start"`` (or a start event), then a transition's event or
        ``"done:ID"``. Returns a frozen, picklable :class:`~escalate.case.CaseState`.
        ``version`` names a version of the pathway; ``None``: the version in force on the
        outset (the first entry's date). ``state.version`` says which governed.

        Raises the error the C call gives (``esc_case_evaluate``): :class:`NoTransitionError`,
        :class:`NotFoundError`, :class:`InvalidArgumentError` or :class:`OutOfRangeError`; for an
        error in one entry the message begins ``entry N (DATE, "event")`` and the exception's
        ``entry`` is N.
        """
        from .case import evaluate
        return evaluate(self, pathway, entries, subject=subject, as_of=as_of, version=version)

    def cases(self, table: Any, *, as_of: datetime.date, pathway: Optional[str] = None) -> list:
        """Many case histories at once (``esc_cases_evaluate``), from a long-format table: one
        row per entry, ``(case_id, date, event[, pathway[, subject]])`` tuples or a pandas
        DataFrame with those columns (``pathway`` and ``subject`` read from each case's first
        row; ``pathway=`` for all cases otherwise). Returns one frozen
        :class:`~escalate.case.CaseSummary` per case, in order of first appearance: its
        ``stage``, ``terminal``, ``entered``, ``due`` and ``overdue``, or the ``status`` saying
        why it failed and its ``bad_entry``. A bad case never stops the others. Unlike
        :meth:`case`, a ``done:ID`` entry is not checked."""
        from .case import evaluate_many
        return evaluate_many(self, table, as_of=as_of, pathway=pathway)

    def _decision(self, pathway: str, raw: Any, steps: Any, actions: Any) -> Decision:
        limit = from_struct(Limit, raw) if raw.limit_id is not None else None
        return from_struct(Decision, raw, pathway=pathway,
                           version=self._all_pathways[raw.pathway_index].version,
                           steps=_obligations(steps, raw.step_count),
                           actions=_obligations(actions, raw.action_count), limit=limit)

    def due(
        self,
        pathway: Ref,
        stage: Ref,
        entered: datetime.date,
        started: Optional[datetime.date] = None,
        *,
        version: Optional[str] = None,
    ) -> Optional[datetime.date]:
        """The due date of ``stage`` of ``pathway`` entered on ``entered`` in a case started
        on ``started``, by the same rules as :meth:`decide`; ``None`` when no timescale
        applies. Ids or indices are accepted.

        A pathway id is answered, as :meth:`decide` answers it, by the version named by
        ``version``, else the version in force on the outset (``started``, else ``entered``):
        :class:`NotFoundError` when the outset is before every version. An index names its
        version itself.

        ``started`` may be ``None`` only for a stage whose due date does not count from the
        outset (no overall limit covers it and it is not anchored at the pathway's start);
        otherwise :class:`InvalidArgumentError`, as escalate.h specifies. ``TypeError`` for
        a missing ``entered`` or an argument of the wrong type.
        """
        entered_day = to_day_number(entered, "entered")
        started_day = to_day_number(started, "started", optional=True)
        pathway_index = self._pathway_for_case(pathway, version, entered_day, started_day)
        stage_index = self.stage_index(pathway_index, stage)
        pointer = self._handle.acquire()
        try:
            out = _ffi.esc_date()
            self._lib.esc_pathway_due(pointer, pathway_index, stage_index, entered_day,
                                      started_day, ctypes.byref(out))
            return from_day_number(out.value)
        finally:
            self._handle.release()

    def dot(self, pathway: Ref, subject: Optional[str] = None) -> str:
        """The pathway's flowchart as Graphviz DOT text (render with ``dot -Tsvg``); tier
        names follow ``subject`` when given. Ids or indices are accepted."""
        pathway_index = self.pathway_index(pathway)
        encoded = _encode(subject, "subject")
        pointer = self._handle.acquire()
        try:
            length = ctypes.c_size_t()
            self._lib.esc_pathway_dot(pointer, pathway_index, encoded, None, 0, ctypes.byref(length))
            buffer = ctypes.create_string_buffer(length.value + 1)
            self._lib.esc_pathway_dot(pointer, pathway_index, encoded, buffer, len(buffer),
                                      ctypes.byref(length))
            return buffer.value.decode("utf-8")
        finally:
            self._handle.release()

    def recalculate(
        self,
        pathways: Any,
        stages: Any,
        entered: Any,
        started: Any = None,
        *,
        threads: int = 0,
        errors: str = "raise",
        out: Any = None,
        statuses: Any = None,
    ) -> Any:
        """Bulk due dates: row ``i`` is :meth:`due` (``pathways[i]``, ``stages[i]``,
        ``entered[i]``, ``started[i]``), computed by the library's ``esc_recalculate``.

        Each argument is a sequence, a NumPy array or a pandas Series (or Categorical) of
        equal length: pathways and stages as ids or indices, dates as ``datetime.date``/
        ``None``, as ``datetime64`` (NaT for no date) or as integer day numbers since
        1970-01-01. String ids are mapped to indices a column at a time, each distinct id
        looked up once (a Categorical's categories; ``esc_factorize_records`` over NumPy
        strings' bytes or object columns' pointers; ``pandas.factorize`` or ``numpy.unique``
        with an older library). ``started=None``
        gives no case an outset, so rows whose stage counts from it fail (as in :meth:`due`).
        ``threads=0`` lets the library choose.

        Returns a list of ``datetime.date``/``None`` for sequences; for NumPy arrays an array
        (``datetime64[D]`` with NaT for no date; ``int32`` day numbers when ``entered`` was
        integers); for pandas Series a Series named ``"due"`` on the first Series' index.

        ``out=`` (a writable, contiguous ``int32`` array of the columns' length) receives the
        due dates as day numbers (``NO_DATE`` for none) and is returned, so repeated calls
        allocate nothing; ``statuses=`` (likewise ``int32``) receives each row's
        :class:`Status` (``OK`` or why it failed). A bad row never affects the others: with
        ``errors="raise"`` a :class:`RecalculationError` carries the full result and the
        failed rows; with ``errors="coerce"`` failed rows are simply no date.

        Requires a library with ``esc_recalculate`` (see :func:`escalate.has_recalculate`).
        """
        from ._recalculate import recalculate

        return recalculate(self, pathways, stages, entered, started, threads=threads,
                           errors=errors, out=out, statuses=statuses)

    # -- calendars -----------------------------------------------------------------------

    def calendar(self, calendar_id: str) -> "Calendar":
        """The calendar with an id (``"england-and-wales"``); :class:`NotFoundError` when
        none has it."""
        from .calendar import Calendar

        encoded = _encode(calendar_id, "calendar")
        pointer = self._handle.acquire()
        try:
            out = _ffi.CalendarPointer()
            self._lib.esc_engine_calendar(pointer, encoded, ctypes.byref(out))
            return Calendar(self, out)
        finally:
            self._handle.release()

    @property
    def calendars(self) -> Mapping[str, "Calendar"]:
        """Every calendar by id, in the engine's order."""
        if self._calendars is None:
            from .calendar import Calendar

            pointer = self._handle.acquire()
            try:
                count = ctypes.c_int32()
                self._lib.esc_engine_calendar_count(pointer, ctypes.byref(count))
                items = {}
                for index in range(count.value):
                    out = _ffi.CalendarPointer()
                    self._lib.esc_engine_calendar_at(pointer, index, ctypes.byref(out))
                    calendar = Calendar(self, out)
                    items[calendar.id] = calendar
            finally:
                self._handle.release()
            self._calendars = Table(items, "calendars")
        return self._calendars

