"""Escalate from Python: a pure-ctypes binding over libescalate's C ABI (escalate.h).

    >>> import datetime, escalate
    >>> with escalate.Engine.load() as engine:  # the bundled rulesets
    ...     decision = engine.decide("wolverhampton", at=datetime.date(2023, 3, 6))
    ...     decision.stage, decision.tier_name, decision.due

No compile step and no dependency beyond the standard library; NumPy arrays are accepted and
returned by :meth:`Engine.recalculate` when NumPy is installed. The library is found through
``$ESCALATE_LIBRARY``, then beside this package, then the build tree of a source checkout,
then the system.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import _ffi
from .calendar import Calendar, Holiday
from .constants import (ABI_VERSION, NO_DATE, Anchor, DeadlineKind, DueRule, OutcomeKind,
                        Status)
from ._pathways import (Deadline, Outcome, Pathway, PathwayLimit, Route, Stage, StageObligation,
                        Stages, Tier)
from ._results import Decision, Limit, Obligation
from .engine import Engine
from .case import CaseObligation, CaseState, CaseSummary, PassedStage
from .errors import (EscalateError, InternalError, InvalidArgumentError, IoError,
                     LibraryError, NoMemoryError, NoTransitionError, NotFoundError,
                     OutOfRangeError, ParseError, RecalculationError, RulesetError)

#: This binding's release; it follows the C library's (ESCALATE_VERSION_STRING).
__version__ = "0.1.0"

__all__ = [
    "ABI_VERSION", "Anchor", "Calendar", "CaseObligation", "CaseState", "CaseSummary",
    "Deadline", "DeadlineKind", "Decision", "DueRule", "Engine", "EscalateError",
    "has_recalculate", "Holiday", "InternalError", "InvalidArgumentError", "IoError",
    "library_path", "library_version", "LibraryError", "Limit", "NO_DATE", "NoMemoryError",
    "NotFoundError", "NoTransitionError", "Obligation", "Outcome", "OutcomeKind",
    "OutOfRangeError", "ParseError", "PassedStage", "Pathway", "PathwayLimit",
    "RecalculationError", "Route", "row_reason_name", "RulesetError", "rulesets_dir", "Stage",
    "StageObligation", "Stages", "Status", "status_name", "Tier",
]


def rulesets_dir() -> Path:
    """The bundled pathways and calendars: the copy this package ships (``escalate/rulesets``
    in a wheel), else the directory the loaded library reports (``esc_rulesets_dir()``: its
    installation's, or the source tree's for a build tree)."""
    shipped = Path(__file__).resolve().parent / "rulesets"
    if shipped.is_dir():
        return shipped
    return Path(os.fsdecode(_ffi.library().esc_rulesets_dir()))


def row_reason_name(reason: int) -> str:
    """The name of a bulk row's failure reason, ``"missing-started"``
    (``esc_row_reason_name()``)."""
    return _ffi.library().esc_row_reason_name(int(reason)).decode("ascii")


def library_path() -> str:
    """Where the loaded libescalate came from (loading it if need be)."""
    return _ffi.library().path


def library_version() -> str:
    """The release of the loaded library, ``"MAJOR.MINOR.PATCH"`` (``esc_version()``)."""
    return _ffi.library().esc_version().decode("ascii")


def has_recalculate() -> bool:
    """Whether the loaded library provides bulk recalculation (``esc_recalculate``)."""
    return _ffi.library().has("esc_recalculate")


def status_name(status: int) -> str:
    """The C enumerator's name of a status, ``"ESC_NOT_FOUND"`` (``esc_status_name()``)."""
    return _ffi.library().esc_status_name(int(status)).decode("ascii")
