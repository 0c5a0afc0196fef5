"""The exceptions of the binding, and the one place where C status codes become them.

Every failing C call ends in :func:`raise_for_status`, which picks the class for the status
and attaches the message ``esc_last_error()`` gave on the same thread.
"""

from __future__ import annotations

import re
from typing import Optional

from .constants import Status, enum_or_int


class EscalateError(Exception):
    """Base class of every error the binding raises.

    ``status`` is the C status (a :class:`~escalate.Status`, or a plain int for a code this
    binding does not know), ``message`` the library's own explanation.
    """

    #: The status a class stands for; subclasses override it.
    default_status: int = Status.INTERNAL_ERROR

    def __init__(self, message: str, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = enum_or_int(Status, self.default_status if status is None else status)


class InvalidArgumentError(EscalateError, ValueError):
    """``ESC_INVALID_ARGUMENT``: a missing or malformed argument, a bad index, a subject the
    pathway does not cover, a date the rules need but the call lacks, a closed engine."""

    default_status = Status.INVALID_ARGUMENT


# "path/to/file.xml:12: what is wrong; how to fix it", the shape escalate.h promises, after
# the name of the call when the library puts it first ("esc_engine_load: ").
_LOCATION = re.compile(r"^(?:esc_\w+: )?(?P<file>.+?):(?P<line>\d+):\s")


class RulesetError(EscalateError):
    """``ESC_INVALID_RULESET``: a ruleset breaks the format or fails the compilation checks.

    The message reads ``file:line: what is wrong; how to fix it``; ``file`` and ``line`` hold
    the location when the message gives one, else ``None``.
    """

    default_status = Status.INVALID_RULESET

    def __init__(self, message: str, status: Optional[int] = None) -> None:
        super().__init__(message, status)
        match = _LOCATION.match(message)
        self.file: Optional[str] = match.group("file") if match else None
        self.line: Optional[int] = int(match.group("line")) if match else None


class ParseError(RulesetError):
    """``ESC_PARSE_ERROR``: a ruleset file is not well-formed XML. A :class:`RulesetError`,
    so one ``except RulesetError`` catches every problem with the files."""

    default_status = Status.PARSE_ERROR


class NotFoundError(EscalateError, LookupError):
    """``ESC_NOT_FOUND``: an unknown pathway, stage, event or calendar id."""

    default_status = Status.NOT_FOUND


class NoTransitionError(EscalateError):
    """``ESC_NO_TRANSITION``: the event has no transition from the given stage."""

    default_status = Status.NO_TRANSITION


class OutOfRangeError(EscalateError, ValueError):
    """``ESC_OUT_OF_RANGE``: a date outside the years the calendar was compiled for."""

    default_status = Status.OUT_OF_RANGE


class IoError(EscalateError, OSError):
    """``ESC_IO_ERROR``: a ruleset file or directory that cannot be read."""

    default_status = Status.IO_ERROR


class NoMemoryError(EscalateError, MemoryError):
    """``ESC_NO_MEMORY``: memory ran out inside the library; nothing was changed."""

    default_status = Status.NO_MEMORY


class InternalError(EscalateError):
    """``ESC_INTERNAL_ERROR``: a bug in Escalate; please report the message."""

    default_status = Status.INTERNAL_ERROR


class LibraryError(EscalateError, OSError):
    """libescalate could not be found or loaded, or is not the ABI this binding speaks.

    ``searched`` lists every place that was tried and why it was not used.
    """

    default_status = Status.INTERNAL_ERROR

    def __init__(self, message: str, searched: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.searched = searched


class RecalculationError(EscalateError):
    """Some rows of :meth:`Engine.recalculate` failed; the others were computed.

    ``due`` is the full result (``None`` or NaT in the failed rows), ``rows`` the indices of
    the failed rows, ``statuses`` a status per row (``Status.OK`` for good rows) and
    ``reasons`` why each row failed, by the library's names (``"ok"`` for good rows;
    ``"unknown-pathway"``, ``"missing-started"``, ...: docs/c-api.md lists them).
    """

    default_status = Status.INVALID_ARGUMENT

    def __init__(self, message: str, due: object, rows: list[int], statuses: object,
                 reasons: object = None) -> None:
        super().__init__(message)
        self.due = due
        self.rows = rows
        self.statuses = statuses
        self.reasons = reasons


_CLASS_FOR_STATUS: dict[int, type[EscalateError]] = {
    Status.INVALID_ARGUMENT: InvalidArgumentError,
    Status.PARSE_ERROR: ParseError,
    Status.INVALID_RULESET: RulesetError,
    Status.NOT_FOUND: NotFoundError,
    Status.NO_TRANSITION: NoTransitionError,
    Status.OUT_OF_RANGE: OutOfRangeError,
    Status.IO_ERROR: IoError,
    Status.NO_MEMORY: NoMemoryError,
    Status.INTERNAL_ERROR: InternalError,
}


def error_class(status: int) -> type[EscalateError]:
    """The exception class for a non-OK status; the base class for a code this binding does
    not know (a newer library may add codes)."""
    return _CLASS_FOR_STATUS.get(status, EscalateError)


# The C library words its messages for C callers; a Python caller named the same things as
# keyword arguments and None. Applied to every message, in this one place.
_C_TERMS = (
    (re.compile(r"^esc_\w+: "), ""),                      # the C function's name
    (re.compile(r"\b(?:query|decision)->(\w+)"), r"\1"),  # struct fields are arguments here
    (re.compile(r"\bESC_NO_DATE\b"), "None"),
    (re.compile(r"\bis NULL\b"), "is None"),
)


def python_terms(message: str) -> str:
    """A library message as a Python caller reads it: no C function names, struct fields,
    ESC_NO_DATE or NULL."""
    for pattern, replacement in _C_TERMS:
        message = pattern.sub(replacement, message)
    return message


def make_error(status: int, message: str) -> EscalateError:
    """The exception for a failed call: the class its status calls for, carrying the C
    message in Python terms (or the status's name when the library gave none)."""
    message = python_terms(message)
    if not message:
        name = Status(status).name if status in Status._value2member_map_ else str(status)
        message = f"escalate call failed with status {name}"
    return error_class(status)(message, status)
