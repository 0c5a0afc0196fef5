"""Engines, pathways and decisions: SPEC section 5's Python surface over escalate.h."""

from __future__ import annotations

import ctypes
import datetime
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Union

from . import _ffi
from ._dates import from_day_number, to_day_number
from ._handle import EngineHandle
from .constants import (FORCES, NO_DATE, OBLIGATION_SOURCES, Anchor, DeadlineKind, DueRule, OutcomeKind,
                        enum_or_int)
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from .calendar import Calendar

PathLike = Union[str, "os.PathLike[str]"]

#: A pathway or stage named by its id, or by its index (SPEC: ids map to dense indices).
Ref = Union[str, int]


def _text(value: Optional[bytes]) -> Optional[str]:
    return None if value is None else value.decode("utf-8")


def _path_bytes(path: PathLike) -> bytes:
    encoded = os.fsencode(path)
    if b"\0" in encoded:
        raise InvalidArgumentError("the ruleset path contains a NUL character")
    return encoded


def _encode(value: Optional[str], what: str) -> Optional[bytes]:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if "\0" in value:
        raise InvalidArgumentError(f"{what} contains a NUL character")
    return value.encode("utf-8")


@dataclass(frozen=True)
class Deadline:
    """A timescale as the pathway file states it (``esc_deadline_info``)."""

    kind: int
    """A :class:`DeadlineKind`."""
    days: int
    anchor: int
    """An :class:`Anchor`."""
    cumulative_working_days: Optional[int]
    """The worst case from the outset the policy states; ``None`` when it states none."""
    clause: str
    hours: int = 0
    """N for :attr:`DeadlineKind.HOURS`, else 0."""
    roll: bool = False
    """A due date on a non-working day moves to the next working day."""
    force: str = "must"
    """How binding the source words it: must, should, expected or usually."""
    waits_for: Optional[str] = None
    """For an ``on:ID`` anchor (:attr:`Anchor.ON_EVENT`), the step, action or event it counts
    from; else ``None``."""
    reading: str = ""
    """How the source's words were read and the other reading they allow; ``""`` when none is
    recorded."""


@dataclass(frozen=True)
class StageObligation:
    """A step or a required action of a stage, as declared (no due date: see
    :meth:`Engine.decide` for those)."""

    id: str
    name: str
    clause: str
    deadline: Deadline


@dataclass(frozen=True)
class Route:
    """An event that leaves a stage (``esc_exit_info``) and where it leads."""

    event: str
    subject: Optional[str]
    """The route applies only to this subject; ``None``: to any."""
    target: str
    """The stage or terminal outcome it leads to."""
    terminal: bool
    clause: str
    side_track: bool = False
    """The route leads back to its own stage: the case stays, its clock keeps running, and the
    route's actions are added."""
    actions: tuple["StageObligation", ...] = ()
    """The obligations the event gives rise to on this route, counted from its date."""


@dataclass(frozen=True)
class Stage:
    """One stage of a pathway (``esc_stage_info``): ``engine.pathways[id].stages["stage-2"]``."""

    index: int
    id: str
    name: str
    tier: str
    """The responsible tier's id (see :attr:`Pathway.tiers` for its names)."""
    deadline: Deadline
    limit: Optional[str]
    """The id of the overall limit covering the stage, or ``None``."""
    worst_case_working_days: Optional[int]
    steps: tuple[StageObligation, ...]
    actions: tuple[StageObligation, ...]
    routes: tuple[Route, ...]
    """Every route out of the stage, in the file's order."""
    clause: str

    @property
    def events(self) -> tuple[str, ...]:
        """The distinct events that leave the stage, in the order of their first route (the
        buttons a screen shows; :meth:`Engine.stage_events` asks for one subject's)."""
        return tuple(dict.fromkeys(route.event for route in self.routes))


@dataclass(frozen=True)
class Tier:
    id: str
    name: str
    """The general name."""
    names: Mapping[str, str]
    """The name for each subject the pathway covers."""
    clause: str


@dataclass(frozen=True)
class Outcome:
    id: str
    name: str
    kind: int
    """An :class:`OutcomeKind`."""
    clause: str
    actions: tuple["StageObligation", ...] = ()
    """The obligations reaching it gives rise to, counted from the date of the event."""


@dataclass(frozen=True)
class PathwayLimit:
    """An overall limit of a pathway: N working days from the outset over the stages it
    covers."""

    id: str
    name: str
    working_days: int
    clause: str
    force: str = "must"
    """How binding the source words it; a stage whose due date the limit decides has it."""
    reading: str = ""
    """How the source's words were read; ``""`` when none is recorded."""


class Stages(Mapping[str, Stage]):
    """A pathway's stages by id, in index order; ``stages[i]`` also takes an index, and
    ``stages.index(id)`` gives one. Iterating yields the ids."""

    def __init__(self, stages: list[Stage]) -> None:
        self._list = stages
        self._by_id = {stage.id: stage for stage in stages}

    def __getitem__(self, key: Union[str, int]) -> Stage:
        if isinstance(key, int) and not isinstance(key, bool):
            return self._list[key]
        return self._by_id[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._list)

    def index(self, stage_id: str) -> int:
        """The index of a stage id; ``ValueError`` when the pathway has no such stage."""
        stage = self._by_id.get(stage_id)
        if stage is None:
            raise ValueError(f"no stage {stage_id!r}")
        return stage.index

    def __repr__(self) -> str:
        return f"<stages: {', '.join(self._by_id)}>"


@dataclass(frozen=True)
class Pathway:
    """What a pathway file declares (``esc_pathway_info``) and what it is made of."""

    index: int
    id: str
    title: str
    version: str
    effective_from: Optional[datetime.date]
    calendar: str
    """The id of the pathway's calendar, for :meth:`Engine.calendar`."""
    subjects: tuple[str, ...]
    source_title: str
    source_authority: str
    source_date: str
    """As the document states it (ISO 8601, possibly year and month only)."""
    source_file: str
    stages: Stages
    """The stages by id (or index), in index order; terminal outcomes are not stages."""
    entry_stage: str
    tiers: Mapping[str, Tier] = field(default_factory=dict)
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    limits: Mapping[str, PathwayLimit] = field(default_factory=dict)
    events: tuple[str, ...] = ()
    """The standard events, then those the pathway declares."""
    start_routes: tuple[Route, ...] = ()
    """The routes taken when the pathway is started on an event."""


@dataclass(frozen=True)
class Obligation:
    """A step inside a stage (an ordered sub-deadline) or a required action of a stage."""

    id: str
    name: str
    clause: str
    due: Optional[datetime.date]
    """``None`` when the source gives no timescale."""
    deadline_kind: int
    """A :class:`DeadlineKind`."""
    deadline_days: int
    anchor: int
    """An :class:`Anchor`."""
    force: str = "must"
    """The force its source gives the deadline: must, should, expected or usually."""
    waits_for: Optional[str] = None
    """For an ``on:ID`` anchor, the step, action or event it waits for (then ``due`` is
    ``None`` until it happens)."""
    source: str = "stage"
    """Where it comes from: ``"stage"``, ``"event"`` (the transition taken) or ``"outcome"``."""
    due_rule: int = 0
    """A :class:`DueRule`: what decided ``due``, or why there is none (``WAITING``,
    ``PAST_CALENDAR_END``)."""


@dataclass(frozen=True)
class Limit:
    """An overall limit from the pathway's outset covering the decided stage."""

    id: str
    name: str
    working_days: int
    due: Optional[datetime.date]


@dataclass(frozen=True)
class Decision:
    """The answer of :meth:`Engine.decide`: where the case goes, who is responsible, when it
    is due, and the working behind that date. Keeps its engine alive."""

    engine: "Engine" = field(repr=False, compare=False)
    pathway: str
    stage: str
    """The stage id, or the terminal outcome's id."""
    stage_name: str
    tier: Optional[str]
    """The responsible tier's id; ``None`` when terminal."""
    tier_name: Optional[str]
    """The tier's name for the query's subject; ``None`` when terminal."""
    terminal: bool
    outcome_kind: int
    """An :class:`OutcomeKind` (``NONE`` unless terminal)."""
    due: Optional[datetime.date]
    """``None`` when no timescale applies (always for a terminal outcome)."""
    steps: tuple[Obligation, ...]
    actions: tuple[Obligation, ...]
    pathway_index: int
    stage_index: Optional[int]
    """``None`` when terminal."""
    entered: Optional[datetime.date]
    started: Optional[datetime.date]
    due_rule: int
    """A :class:`DueRule`: which rule set ``due``."""
    deadline_kind: int
    deadline_days: int
    anchor: int
    anchor_date: Optional[datetime.date]
    timescale_due: Optional[datetime.date]
    """The stage's own timescale's due date, before any overall limit."""
    limit: Optional[Limit]
    calendar: str
    clause: str
    transition_clause: str
    overdue: bool = False
    """The stage is entered after the date it is due: overdue on entry."""
    force: Optional[str] = None
    """The force of the rule that set ``due`` (must, should, expected, usually); ``None``
    when there is no due date."""
    side_track: bool = False
    """The event kept the case at its stage; ``entered`` is the stage's entry."""


def _obligations(buffer: Any, count: int) -> tuple[Obligation, ...]:
    return tuple(
        Obligation(
            id=_text(item.id) or "",
            name=_text(item.name) or "",
            clause=_text(item.clause) or "",
            due=from_day_number(item.due),
            deadline_kind=enum_or_int(DeadlineKind, item.deadline_kind),
            deadline_days=item.deadline_days,
            anchor=enum_or_int(Anchor, item.anchor),
            force=FORCES[item.force] if 0 <= item.force < len(FORCES) else str(item.force),
            waits_for=_text(item.waits_for),
            source=OBLIGATION_SOURCES[item.source] if 0 <= item.source < len(OBLIGATION_SOURCES) else str(item.source),
            due_rule=enum_or_int(DueRule, item.due_rule),
        )
        for item in buffer[:count]
    )


class _Table(Mapping[str, Any]):
    """A read-only, ordered id -> object mapping; iterating yields the ids."""

    def __init__(self, items: dict[str, Any], what: str) -> None:
        self._items = items
        self._what = what

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"<{self._what}: {', '.join(self._items)}>"


_OBLIGATION_STEP = 0    # ESC_OBLIGATION_STEP
_OBLIGATION_ACTION = 1  # ESC_OBLIGATION_ACTION

# Room for the steps and actions of a typical stage; decide() retries with the reported
# counts when a stage has more.
_STEP_ROOM = 4
_ACTION_ROOM = 8


class Engine:
    """A compiled ruleset: every calendar and pathway of a file or directory, immutable.

    One engine may be shared by any number of threads. Release it with :meth:`close` or a
    ``with`` block; objects obtained from it (calendars, decisions) keep it alive, and calls
    on them after an explicit ``close()`` raise :class:`InvalidArgumentError`.
    """

    def __init__(self, handle: EngineHandle, path: str) -> None:
        """Use :meth:`Engine.load`."""
        self._handle = handle
        self.path = path
        self._lib = _ffi.library()
        self._pathways = _Table(self._read_pathways(), "pathways")
        self._calendars: Optional[_Table] = None

    @classmethod
    def load(cls, *paths: PathLike) -> "Engine":
        """Loads and compiles ruleset files or directories of them (pathways and calendars)
        into one engine, all or nothing: ``Engine.load("mine/pathways", calendars)``.

        With no path, the rulesets found without one: the paths in ``$ESCALATE_RULESETS``
        when it is set, else the bundled rulesets (:func:`escalate.rulesets_dir`).

        Raises :class:`IoError` (cannot read), :class:`ParseError` (not XML) or
        :class:`RulesetError` (breaks the format or the checks, or an id defined twice
        across the paths), each naming the file and line.
        """
        lib = _ffi.library()
        pointer = _ffi.EnginePointer()
        if not paths:
            from . import rulesets_dir

            if os.environ.get("ESCALATE_RULESETS"):
                lib.esc_engine_load_default(ctypes.byref(pointer))
                described = os.environ["ESCALATE_RULESETS"]
            else:
                described = str(rulesets_dir())
                lib.esc_engine_load_paths((ctypes.c_char_p * 1)(os.fsencode(described)), 1,
                                          ctypes.byref(pointer))
            return cls(EngineHandle(pointer, lib.esc_engine_free), described)
        encoded = [_path_bytes(path) for path in paths]
        lib.esc_engine_load_paths((ctypes.c_char_p * len(encoded))(*encoded), len(encoded),
                                  ctypes.byref(pointer))
        return cls(EngineHandle(pointer, lib.esc_engine_free),
                   os.pathsep.join(os.fsdecode(path) for path in encoded))

    @classmethod
    def from_documents(cls, documents: Mapping[str, Union[str, bytes]],
                       *paths: PathLike) -> "Engine":
        """Loads ruleset documents held in memory (``{name: xml}``; each name stands for its
        file in error messages) together with any files or directories, all or nothing:
        ``Engine.from_documents({"sandwell.xml": text}, escalate.rulesets_dir() / "calendars")``.
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
        return cls(EngineHandle(pointer, lib.esc_engine_free), os.pathsep.join(names))

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

    def _read_pathways(self) -> dict[str, Pathway]:
        lib = self._lib
        pointer = self._handle.acquire()
        try:
            count = ctypes.c_int32()
            lib.esc_engine_pathway_count(pointer, ctypes.byref(count))
            pathways = {}
            for index in range(count.value):
                info = _ffi.esc_pathway_info(size=ctypes.sizeof(_ffi.esc_pathway_info))
                lib.esc_pathway_info_get(pointer, index, ctypes.byref(info))
                subjects = tuple((_text(info.subjects) or "").split())
                stages = [self._read_stage(pointer, index, stage)
                          for stage in range(info.stage_count)]
                pathway = Pathway(
                    index=index,
                    id=_text(info.id) or "",
                    title=_text(info.title) or "",
                    version=_text(info.version) or "",
                    effective_from=from_day_number(info.effective_from),
                    calendar=_text(info.calendar) or "",
                    subjects=subjects,
                    source_title=_text(info.source_title) or "",
                    source_authority=_text(info.source_authority) or "",
                    source_date=_text(info.source_date) or "",
                    source_file=_text(info.source_file) or "",
                    stages=Stages(stages),
                    entry_stage=stages[info.entry_stage].id
                    if 0 <= info.entry_stage < len(stages) else "",
                    tiers=self._read_tiers(pointer, index, info.tier_count, subjects),
                    outcomes=self._read_outcomes(pointer, index, info.outcome_count),
                    limits=self._read_limits(pointer, index, info.limit_count),
                    events=self._read_events(pointer, index, info.event_count),
                    start_routes=tuple(self._read_route(pointer, index, -1, route)
                                       for route in range(info.start_exit_count)),
                )
                pathways[pathway.id] = pathway
            return pathways
        finally:
            self._handle.release()

    def _read_deadline(self, raw: Any) -> Deadline:
        return Deadline(kind=enum_or_int(DeadlineKind, raw.kind), days=raw.days,
                        anchor=enum_or_int(Anchor, raw.anchor),
                        cumulative_working_days=None if raw.cumulative_working_days < 0
                        else raw.cumulative_working_days,
                        clause=_text(raw.clause) or "", hours=raw.hours, roll=bool(raw.roll),
                        force=FORCES[raw.force] if 0 <= raw.force < len(FORCES) else str(raw.force),
                        waits_for=_text(raw.waits_for), reading=_text(raw.reading) or "")

    def _read_obligation(self, getter: Any, *where: int) -> StageObligation:
        """One obligation through esc_stage_obligation_get, esc_stage_exit_action_get or
        esc_pathway_outcome_action_get (`where`: their index arguments)."""
        item = _ffi.esc_obligation_info(size=ctypes.sizeof(_ffi.esc_obligation_info))
        its = _ffi.esc_deadline_info(size=ctypes.sizeof(_ffi.esc_deadline_info))
        getter(*where, ctypes.byref(item), ctypes.byref(its))
        return StageObligation(id=_text(item.id) or "", name=_text(item.name) or "",
                               clause=_text(item.clause) or "", deadline=self._read_deadline(its))

    def _read_route(self, pointer: Any, pathway: int, stage: int, index: int) -> Route:
        raw = _ffi.esc_exit_info(size=ctypes.sizeof(_ffi.esc_exit_info))
        self._lib.esc_stage_exit_get(pointer, pathway, stage, index, ctypes.byref(raw))
        actions = tuple(self._read_obligation(self._lib.esc_stage_exit_action_get, pointer, pathway,
                                              stage, index, action)
                        for action in range(raw.action_count))
        return Route(event=_text(raw.event) or "", subject=_text(raw.subject),
                     target=_text(raw.target) or "", terminal=raw.target_stage < 0,
                     clause=_text(raw.clause) or "", side_track=bool(raw.side_track),
                     actions=actions)

    def _read_stage(self, pointer: Any, pathway: int, stage: int) -> Stage:
        lib = self._lib
        info = _ffi.esc_stage_info(size=ctypes.sizeof(_ffi.esc_stage_info))
        lib.esc_stage_info_get(pointer, pathway, stage, ctypes.byref(info))
        deadline = _ffi.esc_deadline_info(size=ctypes.sizeof(_ffi.esc_deadline_info))
        lib.esc_stage_deadline_get(pointer, pathway, stage, ctypes.byref(deadline))

        def obligations(kind: int, count: int) -> tuple[StageObligation, ...]:
            return tuple(self._read_obligation(lib.esc_stage_obligation_get, pointer, pathway,
                                               stage, kind, position)
                         for position in range(count))

        limit = None
        if info.limit >= 0:
            raw = _ffi.esc_limit_info(size=ctypes.sizeof(_ffi.esc_limit_info))
            lib.esc_pathway_limit_get(pointer, pathway, info.limit, ctypes.byref(raw))
            limit = _text(raw.id)
        return Stage(
            index=stage, id=_text(info.id) or "", name=_text(info.name) or "",
            tier=_text(info.tier_id) or "", deadline=self._read_deadline(deadline), limit=limit,
            worst_case_working_days=None if info.worst_case_working_days < 0
            else info.worst_case_working_days,
            steps=obligations(_OBLIGATION_STEP, info.step_count),
            actions=obligations(_OBLIGATION_ACTION, info.action_count),
            routes=tuple(self._read_route(pointer, pathway, stage, route)
                         for route in range(info.exit_count)),
            clause=_text(info.clause) or "")

    def _read_tiers(self, pointer: Any, pathway: int, count: int,
                    subjects: tuple[str, ...]) -> Mapping[str, Tier]:
        tiers = {}
        for index in range(count):
            names = {}
            for subject in (None, *subjects):
                raw = _ffi.esc_tier_info(size=ctypes.sizeof(_ffi.esc_tier_info))
                self._lib.esc_pathway_tier_get(pointer, pathway, index, _encode(subject, "subject"),
                                               ctypes.byref(raw))
                if subject is None:
                    general = raw
                else:
                    names[subject] = _text(raw.name) or ""
            tier = Tier(id=_text(general.id) or "", name=_text(general.name) or "", names=names,
                        clause=_text(general.clause) or "")
            tiers[tier.id] = tier
        return _Table(tiers, "tiers")

    def _read_outcomes(self, pointer: Any, pathway: int, count: int) -> Mapping[str, Outcome]:
        outcomes = {}
        for index in range(count):
            raw = _ffi.esc_outcome_info(size=ctypes.sizeof(_ffi.esc_outcome_info))
            self._lib.esc_pathway_outcome_get(pointer, pathway, index, ctypes.byref(raw))
            actions = tuple(self._read_obligation(self._lib.esc_pathway_outcome_action_get, pointer,
                                                  pathway, index, action)
                            for action in range(raw.action_count))
            outcome = Outcome(id=_text(raw.id) or "", name=_text(raw.name) or "",
                              kind=enum_or_int(OutcomeKind, raw.kind), clause=_text(raw.clause) or "",
                              actions=actions)
            outcomes[outcome.id] = outcome
        return _Table(outcomes, "outcomes")

    def _read_limits(self, pointer: Any, pathway: int, count: int) -> Mapping[str, PathwayLimit]:
        limits = {}
        for index in range(count):
            raw = _ffi.esc_limit_info(size=ctypes.sizeof(_ffi.esc_limit_info))
            self._lib.esc_pathway_limit_get(pointer, pathway, index, ctypes.byref(raw))
            limit = PathwayLimit(id=_text(raw.id) or "", name=_text(raw.name) or "",
                                 working_days=raw.working_days, clause=_text(raw.clause) or "",
                                 force=FORCES[raw.force] if 0 <= raw.force < len(FORCES)
                                 else str(raw.force),
                                 reading=_text(raw.reading) or "")
            limits[limit.id] = limit
        return _Table(limits, "limits")

    def _read_events(self, pointer: Any, pathway: int, count: int) -> tuple[str, ...]:
        events = []
        out = ctypes.c_char_p()
        for index in range(count):
            self._lib.esc_pathway_event_id(pointer, pathway, index, ctypes.byref(out))
            events.append(_text(out.value) or "")
        return tuple(events)

    def stage_events(self, pathway: Ref, stage: Optional[Ref],
                     subject: Optional[str] = None) -> tuple[str, ...]:
        """The events with a route out of a stage, for ``subject`` when given (the buttons a
        case-management screen shows), in the order of their first route
        (``esc_stage_events``). ``stage=None`` asks about the start of the pathway."""
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
        ``engine.pathways["wolverhampton"].title``."""
        return self._pathways

    def pathway_index(self, pathway: Ref) -> int:
        """The dense index of a pathway id (an int is checked and returned)."""
        if isinstance(pathway, int) and not isinstance(pathway, bool):
            if not 0 <= pathway < len(self._pathways):
                raise InvalidArgumentError(
                    f"pathway index {pathway} is out of range (0..{len(self._pathways) - 1})")
            return pathway
        encoded = _encode(pathway, "pathway")
        pointer = self._handle.acquire()
        try:
            out = ctypes.c_int32()
            self._lib.esc_engine_pathway_index(pointer, encoded, ctypes.byref(out))
            return out.value
        finally:
            self._handle.release()

    def stage_index(self, pathway: Ref, stage: Ref) -> int:
        """The dense index of a stage id within a pathway (an int is checked and returned)."""
        pathway_index = self.pathway_index(pathway)
        if isinstance(stage, int) and not isinstance(stage, bool):
            stages = list(self._pathways.values())[pathway_index].stages
            if not 0 <= stage < len(stages):
                raise InvalidArgumentError(
                    f"stage index {stage} is out of range (0..{len(stages) - 1})")
            return stage
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
    ) -> Decision:
        """Answers "the case is at ``stage`` of ``pathway`` and ``event`` happened on ``at``;
        what now?" (docs/semantics.md).

        ``stage=None`` starts the pathway: the answer is its entry stage (or, with an event
        such as ``"immediate-risk"``, where starting on that event leads). ``started`` is the
        outset of the disagreement: ``None`` when starting (then it is ``at``), required later
        wherever the stage's due date counts from the outset. ``subject`` is ``"child"`` or
        ``"adult"``; ``None`` when not stated (tier names take their general form).
        ``entered`` is the date the current stage was entered, needed only when the event
        keeps the case at its stage (a side track, whose clock keeps running).

        Raises :class:`NotFoundError` (unknown pathway, stage or event id),
        :class:`NoTransitionError` (the event leads nowhere from that stage),
        :class:`OutOfRangeError` (a date outside the calendar's years),
        :class:`InvalidArgumentError` (a missing ``at``, a stage without an event, a subject
        the pathway does not cover, no ``started`` where the outset is needed, a ``started``
        after ``at``).
        """
        query = _ffi.esc_query(
            size=ctypes.sizeof(_ffi.esc_query),
            pathway=_encode(pathway, "pathway"),
            stage=_encode(stage, "stage"),
            event=_encode(event, "event"),
            subject=_encode(subject, "subject"),
            at=to_day_number(at, "at"),
            started=to_day_number(started, "started", optional=True),
            entered=to_day_number(entered, "entered", optional=True),
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

    def _decision(self, pathway: str, raw: Any, steps: Any, actions: Any) -> Decision:
        limit = None
        if raw.limit_id is not None:
            limit = Limit(id=_text(raw.limit_id) or "", name=_text(raw.limit_name) or "",
                          working_days=raw.limit_working_days,
                          due=from_day_number(raw.limit_due))
        return Decision(
            engine=self,
            pathway=pathway,
            stage=_text(raw.stage) or "",
            stage_name=_text(raw.stage_name) or "",
            tier=_text(raw.tier),
            tier_name=_text(raw.tier_name),
            terminal=bool(raw.terminal),
            outcome_kind=enum_or_int(OutcomeKind, raw.outcome_kind),
            due=from_day_number(raw.due),
            steps=_obligations(steps, raw.step_count),
            actions=_obligations(actions, raw.action_count),
            pathway_index=raw.pathway_index,
            stage_index=None if raw.stage_index < 0 else raw.stage_index,
            entered=from_day_number(raw.entered),
            started=from_day_number(raw.started),
            due_rule=enum_or_int(DueRule, raw.due_rule),
            deadline_kind=enum_or_int(DeadlineKind, raw.deadline_kind),
            deadline_days=raw.deadline_days,
            anchor=enum_or_int(Anchor, raw.anchor),
            anchor_date=from_day_number(raw.anchor_date),
            timescale_due=from_day_number(raw.timescale_due),
            limit=limit,
            calendar=_text(raw.calendar) or "",
            clause=_text(raw.clause) or "",
            transition_clause=_text(raw.transition_clause) or "",
            overdue=bool(raw.overdue),
            force=None if raw.due == NO_DATE else FORCES[raw.force] if 0 <= raw.force < len(FORCES) else str(raw.force),
            side_track=bool(raw.side_track),
        )

    def due(
        self,
        pathway: Ref,
        stage: Ref,
        entered: datetime.date,
        started: Optional[datetime.date] = None,
    ) -> Optional[datetime.date]:
        """The due date of ``stage`` of ``pathway`` entered on ``entered`` in a case started
        on ``started``, by the same rules as :meth:`decide`; ``None`` when no timescale
        applies. Ids or indices are accepted.

        ``started`` may be ``None`` only for a stage whose due date does not count from the
        outset (no overall limit covers it and it is not anchored at the pathway's start);
        otherwise :class:`InvalidArgumentError`, as escalate.h specifies.
        """
        entered_day = to_day_number(entered, "entered")
        started_day = to_day_number(started, "started", optional=True)
        pathway_index = self.pathway_index(pathway)
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
        encoded = subject.encode("utf-8") if subject is not None else None
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
    ) -> Any:
        """Bulk due dates: row ``i`` is :meth:`due` (``pathways[i]``, ``stages[i]``,
        ``entered[i]``, ``started[i]``), computed by the library's ``esc_recalculate``.

        Each argument is a sequence or a NumPy array of equal length: pathways and stages as
        ids or indices, dates as ``datetime.date``/``None``, or as NumPy ``datetime64`` (NaT
        for no date) or integer day numbers since 1970-01-01. ``started=None`` gives no case
        an outset, so rows whose stage counts from it fail (as in :meth:`due`).
        ``threads=0`` lets the library choose.

        Returns a list of ``datetime.date``/``None``, or a NumPy array when any argument is a
        NumPy array (``datetime64[D]`` with NaT for no date; ``int32`` day numbers when
        ``entered`` was integers). A bad row never affects the others: with
        ``errors="raise"`` a :class:`RecalculationError` carries the full result and the
        failed rows; with ``errors="coerce"`` failed rows are simply no date.

        Requires a library with ``esc_recalculate`` (see :func:`escalate.has_recalculate`).
        """
        from ._recalculate import recalculate

        return recalculate(self, pathways, stages, entered, started, threads=threads,
                           errors=errors)

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
            self._calendars = _Table(items, "calendars")
        return self._calendars

