"""The binding's results: plain frozen dataclasses of values (docs/python.md, "Results are
values"). What a pathway is made of (introspection) is in ``_pathways.py``, built the same way.

A result holds no engine, pointer or library object, so it pickles, deep-copies, compares by
value, goes through ``dataclasses.asdict`` and comes back from another process. Each field
read from a C struct says so with :func:`c_value` (the C field of the same name, and how to
convert it), and :func:`from_struct` fills every such field, so adding a field that the C
struct gained is one line here (plus the struct's line in ``_ffi.py``)::

    overdue: bool = c_value(bool)                      # esc_decision.overdue, as a bool
    working: Optional[int] = c_value(c_name="days_worked")   # another C name, no conversion
    force: Optional[str] = c_value(word(FORCES), unless=no_due_date)   # None without a due date

A field the caller fills itself (one that is not a plain C field) is declared without
:func:`c_value` and passed to :func:`from_struct` by keyword. Fields added after the first
release take a default, so results built by older code (or from an older library, whose
struct lacks the field) still construct.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, TypeVar, Union

from ._dates import from_day_number
from .constants import (FORCES, NO_DATE, OBLIGATION_SOURCES, Anchor, DeadlineKind, DueRule,
                        OutcomeKind, enum_or_int)

_METADATA_KEY = "escalate.c_value"
_Result = TypeVar("_Result")


def c_value(convert: Optional[Callable[[Any], Any]] = None, *, c_name: Optional[str] = None,
            default: Any = dataclasses.MISSING, repr: bool = True,
            unless: Optional[Callable[[Any], bool]] = None) -> Any:
    """Declares a result field read from the C struct's field ``c_name`` (default: the same
    name), through ``convert`` (default: as ctypes gives it); ``None`` instead when
    ``unless(struct)`` holds (a value that means nothing without another field)."""
    metadata = {_METADATA_KEY: (c_name, convert, unless)}
    return field(default=default, repr=repr, metadata=metadata)


def from_struct(cls: type[_Result], raw: Any, **given: Any) -> _Result:
    """An instance of the result class ``cls`` from the ctypes struct ``raw``: every
    :func:`c_value` field read and converted, the others taken from ``given``."""
    values = dict(given)
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        if item.name in values or _METADATA_KEY not in item.metadata:
            continue
        c_name, convert, unless = item.metadata[_METADATA_KEY]
        name = c_name or item.name
        if not hasattr(raw, name):  # a struct from an older header: keep the default
            continue
        if unless is not None and unless(raw):
            values[item.name] = None
            continue
        value = getattr(raw, name)
        values[item.name] = convert(value) if convert is not None else value
    return cls(**values)


# -- converters ---------------------------------------------------------------------------------

def text(value: Optional[bytes]) -> str:
    """A C string ("" for NULL)."""
    return "" if value is None else value.decode("utf-8")


def optional_text(value: Optional[bytes]) -> Optional[str]:
    """A C string, ``None`` for NULL."""
    return None if value is None else value.decode("utf-8")


def date(value: int) -> Optional[datetime.date]:
    """An esc_date, ``None`` for ESC_NO_DATE."""
    return from_day_number(value)


def index(value: int) -> Optional[int]:
    """An index, ``None`` for a negative one (none)."""
    return None if value < 0 else int(value)


def kind(enum_class: Any) -> Callable[[int], int]:
    """An enumeration's member (or the plain int for a value this binding does not know)."""
    return lambda value: enum_or_int(enum_class, value)


def word(names: tuple[str, ...]) -> Callable[[int], Any]:
    """A code's word from ``names`` (by code), e.g. ``FORCES``; the plain int for a code this
    binding does not know (a newer library's)."""
    return lambda value: names[value] if 0 <= value < len(names) else int(value)


def words(value: Optional[bytes]) -> tuple[str, ...]:
    """A C string of space-separated words ("child adult") as a tuple."""
    return tuple(text(value).split())


def no_due_date(raw: Any) -> bool:
    """The struct has no due date (ESC_NO_DATE): its force then means nothing."""
    return raw.due == NO_DATE


# -- results ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Obligation:
    """A step inside a stage (an ordered sub-deadline) or a required action of a stage."""

    id: str = c_value(text)
    name: str = c_value(text)
    clause: str = c_value(text)
    due: Optional[datetime.date] = c_value(date)
    """``None`` when the source gives no timescale."""
    deadline_kind: int = c_value(kind(DeadlineKind))
    """A :class:`DeadlineKind`."""
    deadline_days: int = c_value(int)
    anchor: int = c_value(kind(Anchor))
    """An :class:`Anchor`."""
    # The clocks (docs/semantics.md); defaults for results built without them.
    force: Union[str, int] = c_value(word(FORCES), default="must")
    """The force its source gives the deadline: ``"must"``, ``"should"``, ``"expected"`` or
    ``"usually"`` (``constants.FORCES``)."""
    waits_for: Optional[str] = c_value(optional_text, default=None)
    """For an ``on:ID`` anchor, the step, action or event it waits for (``due`` is ``None``
    until it happens)."""
    source: Union[str, int] = c_value(word(OBLIGATION_SOURCES), default="stage")
    """Where it comes from: ``"stage"``, ``"event"`` (the transition taken) or ``"outcome"``."""
    due_rule: int = c_value(kind(DueRule), default=DueRule.NONE)
    """A :class:`DueRule`: what decided ``due``, or why there is none (``WAITING``,
    ``PAST_CALENDAR_END``)."""
    deadline_hours: int = c_value(int, default=0)
    """N for an ``HOURS`` deadline, else 0."""
    roll: bool = c_value(bool, default=False)
    """A due date on a non-working day moves to the next working day."""
    anchor_date: Optional[datetime.date] = c_value(date, default=None)
    """The date its timescale counts from; ``None`` while it waits."""


@dataclass(frozen=True)
class Limit:
    """An overall limit from the pathway's outset covering the decided stage."""

    id: str = c_value(text, c_name="limit_id")
    name: str = c_value(text, c_name="limit_name")
    working_days: int = c_value(int, c_name="limit_working_days")
    due: Optional[datetime.date] = c_value(date, c_name="limit_due")


@dataclass(frozen=True)
class Decision:
    """The answer of :meth:`Engine.decide`: where the case goes, who is responsible, when it
    is due, and the working behind that date. A plain value: it pickles, compares by value
    and goes through ``dataclasses.asdict``; the repr shows the answer, not the working."""

    pathway: str
    version: str
    """The version of the pathway that answered (:meth:`Engine.versions`)."""
    stage: str = c_value(text)
    """The stage id, or the terminal outcome's id."""
    stage_name: str = c_value(text)
    tier: Optional[str] = c_value(optional_text)
    """The responsible tier's id; ``None`` when terminal."""
    tier_name: Optional[str] = c_value(optional_text)
    """The tier's name for the query's subject; ``None`` when terminal."""
    terminal: bool = c_value(bool)
    outcome_kind: int = c_value(kind(OutcomeKind), repr=False)
    """An :class:`OutcomeKind` (``NONE`` unless terminal)."""
    due: Optional[datetime.date] = c_value(date)
    """``None`` when no timescale applies (always for a terminal outcome)."""
    steps: tuple[Obligation, ...] = field(repr=False)
    actions: tuple[Obligation, ...] = field(repr=False)
    pathway_index: int = c_value(int, repr=False)
    stage_index: Optional[int] = c_value(index, repr=False)
    """``None`` when terminal."""
    entered: Optional[datetime.date] = c_value(date, repr=False)
    started: Optional[datetime.date] = c_value(date, repr=False)
    due_rule: int = c_value(kind(DueRule), repr=False)
    """A :class:`DueRule`: which rule set ``due``."""
    deadline_kind: int = c_value(kind(DeadlineKind), repr=False)
    deadline_days: int = c_value(int, repr=False)
    anchor: int = c_value(kind(Anchor), repr=False)
    anchor_date: Optional[datetime.date] = c_value(date, repr=False)
    timescale_due: Optional[datetime.date] = c_value(date, repr=False)
    """The stage's own timescale's due date, before any overall limit."""
    limit: Optional[Limit] = field(repr=False)
    calendar: str = c_value(text, repr=False)
    clause: str = c_value(text, repr=False)
    transition_clause: str = c_value(text, repr=False)
    # The clocks (docs/semantics.md).
    overdue: bool = c_value(bool, default=False, repr=False)
    """The stage is entered after the date it is due: overdue on entry."""
    force: Union[str, int, None] = c_value(word(FORCES), default=None, unless=no_due_date,
                                           repr=False)
    """The force of the rule that set ``due`` (``"must"``, ``"should"``, ``"expected"``,
    ``"usually"``); ``None`` when there is no due date."""
    side_track: bool = c_value(bool, default=False, repr=False)
    """The event kept the case at its stage; ``entered`` is the stage's entry."""
    deadline_hours: int = c_value(int, default=0, repr=False)
    """N for an ``HOURS`` timescale, else 0."""
    roll: bool = c_value(bool, default=False, repr=False)
    """The own timescale's due date rolls to the next working day."""
    waits_for: Optional[str] = c_value(optional_text, default=None, repr=False)
    """The stage's timescale is anchored on an event or step: its id."""
    timescale_reading: str = c_value(text, default="", repr=False)
    """How the source's words for the own timescale were read, and any other reading they
    allow; ``""`` when none is recorded."""
    limit_reading: str = c_value(text, default="", repr=False)
    """The same for the overall limit."""
    # New fields go here, each with a default (see the module's docstring).


@dataclass(frozen=True)
class Holiday:
    """One holiday of a calendar year."""

    date: datetime.date = c_value(date)
    name: str = c_value(text)
    substitute: bool = c_value(bool)
    """True for a substitute day taken because the holiday fell on a weekend."""
