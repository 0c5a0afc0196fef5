"""What a pathway declares and is made of: ``engine.pathways[id].stages["stage-3"]``.

The introspection calls of escalate.h (``esc_pathway_info_get``, ``esc_stage_info_get``,
``esc_stage_deadline_get``, ``esc_stage_obligation_get``, ``esc_stage_exit_get``,
``esc_pathway_tier_get``, ``esc_pathway_outcome_get``, ``esc_pathway_limit_get``,
``esc_pathway_event_id``) read once when an engine is loaded, into plain frozen values like
every other result (see ``_results.py``: each C field is a :func:`c_value`, so a field a
struct gains is one line here).
"""

from __future__ import annotations

import ctypes
import datetime
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Optional, Union

from . import _ffi
# (kind is also a field's name here, hence member_of)
from ._results import c_value, date, from_struct, index, optional_text, text, word, words
from ._results import kind as member_of
from .constants import FORCES, Anchor, DeadlineKind, OutcomeKind

# esc_stage_obligation_get's `kind` (ESC_OBLIGATION_STEP, ESC_OBLIGATION_ACTION; a test holds
# them to the header).
_OBLIGATION_STEP = 0
_OBLIGATION_ACTION = 1


class Table(Mapping[str, Any]):
    """A read-only, ordered id -> value mapping; iterating yields the ids. Compares, copies
    and pickles as its items, and hashes as them too (equal tables, in any order, hash
    alike), so that the frozen values holding one (a Pathway) are hashable."""

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

    def __hash__(self) -> int:
        # Mapping's __eq__ compares items whatever their order: so does this.
        return hash(frozenset(self._items.items()))


@dataclass(frozen=True)
class Deadline:
    """A timescale as the pathway file states it (``esc_deadline_info``)."""

    kind: int = c_value(member_of(DeadlineKind))
    """A :class:`DeadlineKind`."""
    days: int = c_value(int)
    anchor: int = c_value(member_of(Anchor))
    """An :class:`Anchor`."""
    cumulative_working_days: Optional[int] = c_value(index)
    """The worst case from the outset the policy states; ``None`` when it states none."""
    clause: str = c_value(text)
    # The clocks (docs/semantics.md); fields added after the first release take a default.
    hours: int = c_value(int, default=0)
    """N for :attr:`DeadlineKind.HOURS`, else 0."""
    roll: bool = c_value(bool, default=False)
    """A due date on a non-working day moves to the next working day."""
    force: Union[str, int] = c_value(word(FORCES), default="must")
    """How binding the source words it: ``"must"``, ``"should"``, ``"expected"`` or
    ``"usually"`` (``constants.FORCES``)."""
    waits_for: Optional[str] = c_value(optional_text, default=None)
    """For an ``on:ID`` anchor (:attr:`Anchor.ON_EVENT`), the step, action or event it counts
    from; else ``None``."""
    reading: str = c_value(text, default="")
    """How the source's words were read and the other reading they allow; ``""`` when none is
    recorded."""
    # New fields go here, each with a default (see _results.py).


@dataclass(frozen=True)
class StageObligation:
    """A step or a required action of a stage, as declared (``esc_obligation_info``; no due
    date: :meth:`Engine.decide` gives those)."""

    id: str = c_value(text)
    name: str = c_value(text)
    clause: str = c_value(text)
    deadline: Deadline


@dataclass(frozen=True)
class Route:
    """An event that leaves a stage, or starts the pathway, and where it leads
    (``esc_exit_info``)."""

    event: str = c_value(text)
    subject: Optional[str] = c_value(optional_text)
    """The route applies only to this subject; ``None``: to any."""
    target: str = c_value(text)
    """The stage or terminal outcome it leads to."""
    terminal: bool = c_value(lambda stage: stage < 0, c_name="target_stage")
    """It leads to a terminal outcome (``target_stage`` is -1)."""
    clause: str = c_value(text)
    side_track: bool = c_value(bool, default=False)
    """The route leads back to its own stage: the case stays, its clock keeps running, and the
    route's actions are added."""
    actions: tuple[StageObligation, ...] = ()
    """The obligations the event gives rise to on this route, counted from its date."""


@dataclass(frozen=True)
class Stage:
    """One stage of a pathway (``esc_stage_info``): ``engine.pathways[id].stages["stage-2"]``."""

    index: int
    id: str = c_value(text)
    name: str = c_value(text)
    tier: str = c_value(text, c_name="tier_id")
    """The responsible tier's id (:attr:`Pathway.tiers` has its names)."""
    deadline: Deadline
    limit: Optional[str]
    """The id of the overall limit covering the stage (:attr:`Pathway.limits`), or ``None``."""
    worst_case_working_days: Optional[int] = c_value(index)
    """Working days from the outset to the stage's due date along the longest route; ``None``
    when a stage on the way has no working-day bound."""
    steps: tuple[StageObligation, ...]
    actions: tuple[StageObligation, ...]
    routes: tuple[Route, ...]
    """Every route out of the stage, in the file's order."""
    clause: str = c_value(text)

    @property
    def events(self) -> tuple[str, ...]:
        """The distinct events that leave the stage, in the order of their first route (the
        buttons a screen shows; :meth:`Engine.stage_events` gives one subject's)."""
        return tuple(dict.fromkeys(route.event for route in self.routes))


@dataclass(frozen=True)
class Tier:
    """A tier of responsibility (``esc_tier_info``)."""

    id: str = c_value(text)
    name: str = c_value(text)
    """The general name."""
    names: Mapping[str, str]
    """The name for each subject the pathway covers."""
    clause: str = c_value(text)


@dataclass(frozen=True)
class Outcome:
    """A terminal outcome (``esc_outcome_info``)."""

    id: str = c_value(text)
    name: str = c_value(text)
    kind: int = c_value(member_of(OutcomeKind))
    """An :class:`OutcomeKind`."""
    clause: str = c_value(text)
    actions: tuple[StageObligation, ...] = ()
    """The obligations reaching it gives rise to, counted from the date of the event."""


@dataclass(frozen=True)
class PathwayLimit:
    """An overall limit of a pathway (``esc_limit_info``): N working days from the outset
    over the stages it covers."""

    id: str = c_value(text)
    name: str = c_value(text)
    working_days: int = c_value(int)
    clause: str = c_value(text)
    force: Union[str, int] = c_value(word(FORCES), default="must")
    """How binding the source words it; a stage whose due date the limit decides has it."""
    reading: str = c_value(text, default="")
    """How the source's words were read; ``""`` when none is recorded."""


class Stages(Table):
    """A pathway's stages by id, in index order: iterating yields the ids (``"stage-2" in
    stages``); ``stages[i]`` also takes a stage's index (0 to ``len(stages) - 1``, as
    :attr:`Stage.index`), and ``stages.index(id)`` gives one. An index out of that range is
    a ``KeyError`` like an unknown id (never a stage counted from the end), so ``get``,
    ``in`` and ``[]`` agree on every key."""

    def __init__(self, stages: list[Stage]) -> None:
        super().__init__({stage.id: stage for stage in stages}, "stages")
        self._list = stages

    def __getitem__(self, key: Union[str, int]) -> Stage:
        if isinstance(key, int) and not isinstance(key, bool):
            if 0 <= key < len(self._list):
                return self._list[key]
            raise KeyError(f"no stage index {key} (this pathway's stages are 0 to "
                           f"{len(self._list) - 1})")
        return self._items[key]

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def index(self, stage_id: str) -> int:
        """The index of a stage id; ``ValueError`` when the pathway has no such stage."""
        stage = self._items.get(stage_id)
        if stage is None:
            raise ValueError(f"no stage {stage_id!r}")
        return stage.index


@dataclass(frozen=True)
class Pathway:
    """What a pathway file declares (``esc_pathway_info``) and what it is made of."""

    index: int
    id: str = c_value(text)
    title: str = c_value(text)
    version: str = c_value(text)
    """As the source names it ("V3"). Several versions of one id may be loaded:
    :meth:`Engine.versions`."""
    effective_from: Optional[datetime.date] = c_value(date)
    """The day it takes effect; ``None`` when the file states only a month or a year (see
    ``effective_from_stated`` and ``in_force_from``)."""
    calendar: str = c_value(text)
    """The id of the pathway's calendar, for :meth:`Engine.calendar`."""
    subjects: tuple[str, ...] = c_value(words)
    source_title: str = c_value(text)
    source_authority: str = c_value(text)
    source_date: str = c_value(text)
    """As the document states it: ``"2023-03-03"``, ``"2024-04"`` or ``"2016"``; ``""`` when
    the document is undated."""
    source_file: str = c_value(text)
    stages: Stages
    """The stages by id (or index), in index order; terminal outcomes are not stages."""
    entry_stage: str
    """The id of the stage the pathway starts in."""
    tiers: Mapping[str, Tier]
    outcomes: Mapping[str, Outcome]
    limits: Mapping[str, PathwayLimit]
    events: tuple[str, ...]
    """The standard events, then those the pathway declares."""
    start_routes: tuple[Route, ...]
    """The routes taken when the pathway is started on an event (:meth:`Engine.decide` with
    ``stage=None`` and that event)."""
    effective_from_stated: str = c_value(text, default="")
    """Effective-from as the file states it: ``"2023-03-03"``, ``"2024-04"``, ``"2016"``."""
    in_force_from: Optional[datetime.date] = c_value(date, default=None)
    """The first outset this version governs (the first day of a month or year stated)."""
    in_force_until: Optional[datetime.date] = c_value(date, default=None)
    """The last outset it governs; ``None`` for the latest version."""
    review_by: Optional[str] = c_value(lambda raw: text(raw) or None, default=None)
    """When the source says it is due for review, as stated (``"2024-03"``); ``None``."""
    review_by_end: Optional[datetime.date] = c_value(date, default=None)
    """The last day of ``review_by``'s period: the review has passed on any later day."""


# -- reading ------------------------------------------------------------------------------------

def _info(struct: type) -> Any:
    return struct(size=ctypes.sizeof(struct))


class _Reader:
    """Reads one engine's pathways through the introspection calls (the caller holds the
    engine's handle)."""

    def __init__(self, lib: Any, engine: Any) -> None:
        self.lib = lib
        self.engine = engine

    def pathways(self) -> list[Pathway]:
        count = ctypes.c_int32()
        self.lib.esc_engine_pathway_count(self.engine, ctypes.byref(count))
        return [self.pathway(number) for number in range(count.value)]

    def pathway(self, number: int) -> Pathway:
        info = _info(_ffi.esc_pathway_info)
        self.lib.esc_pathway_info_get(self.engine, number, ctypes.byref(info))
        stages = [self.stage(number, stage) for stage in range(info.stage_count)]
        subjects = words(info.subjects)
        return from_struct(
            Pathway, info, index=number, stages=Stages(stages),
            entry_stage=stages[info.entry_stage].id if 0 <= info.entry_stage < len(stages)
            else "",
            tiers=Table({tier.id: tier for tier in
                         (self.tier(number, i, subjects) for i in range(info.tier_count))},
                        "tiers"),
            outcomes=Table({outcome.id: outcome for outcome in
                            (self.outcome(number, i) for i in range(info.outcome_count))},
                           "outcomes"),
            limits=Table({limit.id: limit for limit in
                          (self.limit(number, i) for i in range(info.limit_count))}, "limits"),
            events=tuple(self.event(number, i) for i in range(info.event_count)),
            start_routes=tuple(self.route(number, -1, i) for i in range(info.start_exit_count)))

    def stage(self, pathway: int, stage: int) -> Stage:
        info = _info(_ffi.esc_stage_info)
        self.lib.esc_stage_info_get(self.engine, pathway, stage, ctypes.byref(info))
        deadline = _info(_ffi.esc_deadline_info)
        self.lib.esc_stage_deadline_get(self.engine, pathway, stage, ctypes.byref(deadline))
        return from_struct(
            Stage, info, index=stage, deadline=from_struct(Deadline, deadline),
            limit=self.limit(pathway, info.limit).id if info.limit >= 0 else None,
            steps=self.obligations(pathway, stage, _OBLIGATION_STEP, info.step_count),
            actions=self.obligations(pathway, stage, _OBLIGATION_ACTION, info.action_count),
            routes=tuple(self.route(pathway, stage, i) for i in range(info.exit_count)))

    def obligation(self, getter: Any, *where: int) -> StageObligation:
        """One obligation through esc_stage_obligation_get, esc_stage_exit_action_get or
        esc_pathway_outcome_action_get (``where``: their index arguments)."""
        item, deadline = _info(_ffi.esc_obligation_info), _info(_ffi.esc_deadline_info)
        getter(self.engine, *where, ctypes.byref(item), ctypes.byref(deadline))
        return from_struct(StageObligation, item, deadline=from_struct(Deadline, deadline))

    def obligations(self, pathway: int, stage: int, which: int,
                    count: int) -> tuple[StageObligation, ...]:
        return tuple(self.obligation(self.lib.esc_stage_obligation_get, pathway, stage, which,
                                     position) for position in range(count))

    def route(self, pathway: int, stage: int, number: int) -> Route:
        """Route ``number`` out of ``stage``; stage -1: the pathway's start."""
        info = _info(_ffi.esc_exit_info)
        self.lib.esc_stage_exit_get(self.engine, pathway, stage, number, ctypes.byref(info))
        return from_struct(Route, info, actions=tuple(
            self.obligation(self.lib.esc_stage_exit_action_get, pathway, stage, number, action)
            for action in range(info.action_count)))

    def tier(self, pathway: int, number: int, subjects: tuple[str, ...]) -> Tier:
        def read(subject: Optional[str]) -> Any:
            info = _info(_ffi.esc_tier_info)
            self.lib.esc_pathway_tier_get(self.engine, pathway, number,
                                          None if subject is None else subject.encode("utf-8"),
                                          ctypes.byref(info))
            return info

        return from_struct(Tier, read(None), names=Table(
            {subject: text(read(subject).name) for subject in subjects}, "names"))

    def outcome(self, pathway: int, number: int) -> Outcome:
        info = _info(_ffi.esc_outcome_info)
        self.lib.esc_pathway_outcome_get(self.engine, pathway, number, ctypes.byref(info))
        return from_struct(Outcome, info, actions=tuple(
            self.obligation(self.lib.esc_pathway_outcome_action_get, pathway, number, action)
            for action in range(info.action_count)))

    def limit(self, pathway: int, number: int) -> PathwayLimit:
        info = _info(_ffi.esc_limit_info)
        self.lib.esc_pathway_limit_get(self.engine, pathway, number, ctypes.byref(info))
        return from_struct(PathwayLimit, info)

    def event(self, pathway: int, number: int) -> str:
        out = ctypes.c_char_p()
        self.lib.esc_pathway_event_id(self.engine, pathway, number, ctypes.byref(out))
        return text(out.value)


def read_pathways(lib: Any, engine: Any) -> list[Pathway]:
    """Every pathway of an engine (a held ``esc_engine`` pointer), every version, in index
    order (by id, then effective-from)."""
    return _Reader(lib, engine).pathways()
