"""The constants of escalate.h, as Python enumerations.

Each class mirrors one group of the header's enumerators or macros, with the ``ESC_`` (and
group) prefix dropped: ``ESC_NOT_FOUND`` is ``Status.NOT_FOUND``. The test suite parses
escalate.h and checks that every value here still matches it.
"""

from __future__ import annotations

import enum

#: The ABI major version this binding was written against (``ESC_ABI_VERSION``). The library
#: loaded at run time must report the same number from ``esc_abi_version()``.
ABI_VERSION = 1

#: ``ESC_NO_DATE``: the day number meaning "no date" (``INT32_MIN``).
NO_DATE = -(2**31)

#: ``ESC_DATE_BUFFER_SIZE``: bytes for "YYYY-MM-DD" and its terminating NUL.
DATE_BUFFER_SIZE = 11


#: ``ESC_ROW_OK`` and ``ESC_ROW_DATE_OUT_OF_RANGE``: the two bulk row reasons this binding
#: itself gives (the library names them: ``escalate.row_reason_name``).
ROW_OK = 0
ROW_DATE_OUT_OF_RANGE = 6


class Status(enum.IntEnum):
    """``esc_status``: what a C call did."""

    OK = 0
    INVALID_ARGUMENT = 1
    PARSE_ERROR = 2
    INVALID_RULESET = 3
    NOT_FOUND = 4
    NO_TRANSITION = 5
    OUT_OF_RANGE = 6
    IO_ERROR = 7
    NO_MEMORY = 8
    INTERNAL_ERROR = 9


class DeadlineKind(enum.IntEnum):
    """``ESC_DEADLINE_*``: the kind of a timescale (``<deadline kind="...">``)."""

    NONE = 0
    IMMEDIATELY = 1
    WORKING_DAYS = 2
    CALENDAR_DAYS = 3
    HOURS = 4


class Anchor(enum.IntEnum):
    """``ESC_ANCHOR_*``: what a timescale counts from."""

    STAGE_ENTRY = 0
    PATHWAY_START = 1
    PREVIOUS_STEP = 2
    ON_EVENT = 3


class DueRule(enum.IntEnum):
    """``ESC_DUE_RULE_*``: which rule set a stage's due date."""

    NONE = 0
    STAGE_TIMESCALE = 1
    OVERALL_LIMIT = 2
    WAITING = 3
    PAST_CALENDAR_END = 4


class OutcomeKind(enum.IntEnum):
    """``ESC_OUTCOME_*``: the kind of a terminal outcome (``NONE`` when not terminal)."""

    NONE = 0
    RESOLVED = 1
    FINAL_DECISION = 2
    EXIT = 3


def enum_or_int(cls: type[enum.IntEnum], value: int) -> int:
    """``cls(value)``, or the plain int when a newer library returns a value this binding
    does not know yet (the header allows new values to be added)."""
    try:
        return cls(value)
    except ValueError:
        return int(value)


#: ``esc_force`` values by code: the force of a deadline as its source words it, reported as
#: the word (docs/semantics.md, "Force").
FORCES = ("must", "should", "expected", "usually")

#: ``ESC_FROM_*`` values by code: where an obligation comes from ("event": the transition).
OBLIGATION_SOURCES = ("stage", "event", "outcome")
