"""The C ABI as ctypes sees it: handle types, structs, and one prototype table.

Everything escalate.h declares is described here once: each handle type has its own pointer
type (never a bare ``c_void_p``), each struct mirrors the header field for field, and
:data:`PROTOTYPES` gives every function's result and argument types. Functions that return an
``esc_status`` get :func:`_check_status` as their ``errcheck``, so a failure becomes an
exception in one place. The library is loaded on first use, so ``import escalate`` works
(and the header checks run) where no library is installed.
"""

from __future__ import annotations

import ctypes
import threading
from ctypes import POINTER, Structure, c_char, c_char_p, c_int, c_int32, c_int64, c_size_t, c_uint8, c_uint32, c_void_p
from typing import Any, Optional

from . import _library
from .constants import ABI_VERSION
from .errors import LibraryError, make_error


# ---------------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------------

class esc_status(c_int):
    """``esc_status`` (a C enum, int-sized). Marks the calls whose result is checked."""


class esc_row_reason(c_int):
    """``esc_row_reason`` (a C enum, int-sized): why a bulk row failed."""


#: ``esc_date``: days since 1970-01-01.
esc_date = c_int32


class esc_engine(Structure):
    """Opaque ``esc_engine``; only ever handled through :data:`EnginePointer`."""


class esc_calendar(Structure):
    """Opaque ``esc_calendar``; only ever handled through :data:`CalendarPointer`."""


EnginePointer = POINTER(esc_engine)
CalendarPointer = POINTER(esc_calendar)


class esc_pathway_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("id", c_char_p),
        ("title", c_char_p),
        ("version", c_char_p),
        ("effective_from", esc_date),
        ("calendar", c_char_p),
        ("subjects", c_char_p),
        ("source_title", c_char_p),
        ("source_authority", c_char_p),
        ("source_date", c_char_p),
        ("source_file", c_char_p),
        ("stage_count", c_int32),
        ("entry_stage", c_int32),
        ("tier_count", c_int32),
        ("outcome_count", c_int32),
        ("limit_count", c_int32),
        ("event_count", c_int32),
        ("start_exit_count", c_int32),
        # Since 1.3 (versions):
        ("effective_from_stated", c_char_p),
        ("in_force_from", esc_date),
        ("in_force_until", esc_date),
        ("review_by", c_char_p),
        ("review_by_end", esc_date),
    ]


class esc_ruleset_document(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("text", c_char_p),
        ("length", c_size_t),
    ]


#: enum esc_force: an int in C.
esc_force = c_int


class esc_deadline_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("kind", c_int32),
        ("days", c_int32),
        ("anchor", c_int32),
        ("cumulative_working_days", c_int32),
        ("clause", c_char_p),
        ("hours", c_int32),
        ("roll", c_int32),
        ("force", esc_force),
        ("waits_for", c_char_p),
        ("reading", c_char_p),
    ]


class esc_stage_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("tier", c_int32),
        ("tier_id", c_char_p),
        ("limit", c_int32),
        ("worst_case_working_days", c_int32),
        ("step_count", c_int32),
        ("action_count", c_int32),
        ("exit_count", c_int32),
        ("clause", c_char_p),
    ]


class esc_obligation_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("clause", c_char_p),
    ]


class esc_exit_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("event", c_char_p),
        ("subject", c_char_p),
        ("target", c_char_p),
        ("target_stage", c_int32),
        ("target_outcome", c_int32),
        ("clause", c_char_p),
        ("side_track", c_int32),
        ("action_count", c_int32),
    ]


class esc_tier_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("clause", c_char_p),
    ]


class esc_outcome_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("kind", c_int32),
        ("clause", c_char_p),
        ("action_count", c_int32),
    ]


class esc_limit_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("working_days", c_int32),
        ("clause", c_char_p),
        ("force", esc_force),
        ("reading", c_char_p),
    ]



class esc_query(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("pathway", c_char_p),
        ("stage", c_char_p),
        ("event", c_char_p),
        ("subject", c_char_p),
        ("at", esc_date),
        ("started", esc_date),
        ("entered", esc_date),
        ("version", c_char_p),  # since 1.3
    ]


class esc_obligation(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("name", c_char_p),
        ("clause", c_char_p),
        ("due", esc_date),
        ("deadline_kind", c_int32),
        ("deadline_days", c_int32),
        ("anchor", c_int32),
        ("due_rule", c_int32),
        ("force", esc_force),
        ("source", c_int32),
        ("deadline_hours", c_int32),
        ("roll", c_int32),
        ("anchor_date", esc_date),
        ("waits_for", c_char_p),
    ]


class esc_decision(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("obligation_size", c_uint32),
        ("steps", POINTER(esc_obligation)),
        ("steps_capacity", c_size_t),
        ("actions", POINTER(esc_obligation)),
        ("actions_capacity", c_size_t),
        ("step_count", c_size_t),
        ("action_count", c_size_t),
        ("stage", c_char_p),
        ("stage_name", c_char_p),
        ("tier", c_char_p),
        ("tier_name", c_char_p),
        ("terminal", c_int),
        ("outcome_kind", c_int32),
        ("due", esc_date),
        ("pathway_index", c_int32),
        ("stage_index", c_int32),
        ("entered", esc_date),
        ("started", esc_date),
        ("due_rule", c_int32),
        ("deadline_kind", c_int32),
        ("deadline_days", c_int32),
        ("anchor", c_int32),
        ("anchor_date", esc_date),
        ("timescale_due", esc_date),
        ("limit_id", c_char_p),
        ("limit_name", c_char_p),
        ("limit_working_days", c_int32),
        ("limit_due", esc_date),
        ("calendar", c_char_p),
        ("clause", c_char_p),
        ("transition_clause", c_char_p),
        ("force", esc_force),
        ("overdue", c_int32),
        ("side_track", c_int32),
        ("deadline_hours", c_int32),
        ("roll", c_int32),
        ("waits_for", c_char_p),
        ("timescale_reading", c_char_p),
        ("limit_reading", c_char_p),
    ]


class esc_calendar_info(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("source", c_char_p),
        ("first_date", esc_date),
        ("last_date", esc_date),
    ]


class esc_holiday(Structure):
    _fields_ = [
        ("date", esc_date),
        ("substitute", c_int32),
        ("name", c_char_p),
    ]


# Case histories (since 1.2; docs/case-histories.md).
class esc_case_query(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("pathway", c_char_p),
        ("subject", c_char_p),
        ("entry_count", c_size_t),
        ("entry_dates", POINTER(esc_date)),
        ("entry_events", POINTER(c_char_p)),
        ("as_of", esc_date),
        ("version", c_char_p),  # since 1.3
    ]


class esc_case_stage(Structure):
    _fields_ = [
        ("stage", c_char_p),
        ("stage_name", c_char_p),
        ("tier", c_char_p),
        ("entered", esc_date),
        ("left", esc_date),
        ("due", esc_date),
        ("left_late", c_int32),
        ("force", esc_force),
        ("due_rule", c_int32),
        ("left_on", c_char_p),
        ("entered_entry", c_size_t),
        ("left_entry", c_size_t),
    ]


class esc_case_obligation(Structure):
    _fields_ = [
        ("kind", c_int32),
        ("source", c_int32),
        ("side_track", c_int32),
        ("state", c_int32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("clause", c_char_p),
        ("stage", c_char_p),
        ("arose_entry", c_size_t),
        ("arose", esc_date),
        ("due", esc_date),
        ("due_rule", c_int32),
        ("force", esc_force),
        ("anchor_date", esc_date),
        ("provisional", c_int32),
        ("waits_for", c_char_p),
        ("done", esc_date),
        ("done_entry", c_size_t),
    ]


class esc_case(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("stage_size", c_uint32),
        ("stages", POINTER(esc_case_stage)),
        ("stages_capacity", c_size_t),
        ("obligation_size", c_uint32),
        ("obligations", POINTER(esc_case_obligation)),
        ("obligations_capacity", c_size_t),
        ("stage_count", c_size_t),
        ("obligation_count", c_size_t),
        ("stage", c_char_p),
        ("stage_name", c_char_p),
        ("tier", c_char_p),
        ("tier_name", c_char_p),
        ("terminal", c_int32),
        ("outcome_kind", c_int32),
        ("started", esc_date),
        ("entered", esc_date),
        ("due", esc_date),
        ("due_rule", c_int32),
        ("force", esc_force),
        ("overdue", c_int32),
        ("overdue_on_entry", c_int32),
        ("entries_applied", c_size_t),
        ("error_entry", c_int64),
        ("pathway_index", c_int32),  # since 1.3
    ]


class esc_case_columns(Structure):
    _fields_ = [
        ("size", c_uint32),
        ("case_count", c_size_t),
        ("offsets", POINTER(c_size_t)),
        ("pathways", POINTER(c_int32)),
        ("subjects", POINTER(c_int32)),
        ("dates", POINTER(esc_date)),
        ("events", POINTER(c_int32)),
        ("as_of", esc_date),
    ]


class esc_case_row(Structure):
    _fields_ = [
        ("stage", c_char_p),
        ("stage_index", c_int32),
        ("terminal", c_int32),
        ("entered", esc_date),
        ("due", esc_date),
        ("overdue", c_int32),
        ("status", c_int32),
        ("bad_entry", c_int64),
    ]


#: Every struct of the header, by its C name (the tests compare layouts with a C compiler's).
STRUCTS: dict[str, type[Structure]] = {
    cls.__name__: cls
    for cls in (esc_pathway_info, esc_query, esc_obligation, esc_decision, esc_calendar_info,
                esc_holiday, esc_ruleset_document, esc_deadline_info, esc_stage_info,
                esc_obligation_info, esc_exit_info, esc_tier_info, esc_outcome_info,
                esc_limit_info,
                esc_case_query, esc_case_stage, esc_case_obligation, esc_case,
                esc_case_columns, esc_case_row)
}


# ---------------------------------------------------------------------------------------------
# The prototype table
# ---------------------------------------------------------------------------------------------

_p = POINTER

#: name -> (result type, argument types). esc_status results are checked by errcheck.
PROTOTYPES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    # Versions and errors
    "esc_version": (c_char_p, ()),
    "esc_abi_version": (c_int, ()),
    "esc_last_error": (c_char_p, ()),
    "esc_status_name": (c_char_p, (esc_status,)),
    # Dates
    "esc_date_from_ymd": (esc_date, (c_int, c_int, c_int)),
    "esc_date_to_ymd": (esc_status, (esc_date, _p(c_int), _p(c_int), _p(c_int))),
    "esc_date_parse": (esc_status, (c_char_p, _p(esc_date))),
    "esc_date_format": (esc_status, (esc_date, _p(c_char), c_size_t)),
    "esc_date_weekday": (esc_status, (esc_date, _p(c_int))),
    # Engines
    "esc_engine_load": (esc_status, (c_char_p, _p(EnginePointer))),
    "esc_engine_free": (None, (EnginePointer,)),
    "esc_engine_load_paths": (esc_status, (_p(c_char_p), c_size_t, _p(EnginePointer))),
    "esc_engine_load_documents": (esc_status, (_p(c_char_p), c_size_t, _p(esc_ruleset_document),
                                               c_size_t, _p(EnginePointer))),
    "esc_rulesets_dir": (c_char_p, ()),
    "esc_engine_load_default": (esc_status, (_p(EnginePointer),)),
    # Pathways and stages by index
    "esc_engine_pathway_count": (esc_status, (EnginePointer, _p(c_int32))),
    "esc_engine_pathway_index": (esc_status, (EnginePointer, c_char_p, _p(c_int32))),
    "esc_engine_pathway_id": (esc_status, (EnginePointer, c_int32, _p(c_char_p))),
    "esc_pathway_info_get": (esc_status, (EnginePointer, c_int32, _p(esc_pathway_info))),
    "esc_pathway_stage_count": (esc_status, (EnginePointer, c_int32, _p(c_int32))),
    "esc_pathway_stage_index": (esc_status, (EnginePointer, c_int32, c_char_p, _p(c_int32))),
    "esc_pathway_stage_id": (esc_status, (EnginePointer, c_int32, c_int32, _p(c_char_p))),
    "esc_pathway_due": (esc_status,
                        (EnginePointer, c_int32, c_int32, esc_date, esc_date, _p(esc_date))),
    "esc_pathway_dot": (esc_status,
                        (EnginePointer, c_int32, c_char_p, _p(c_char), c_size_t, _p(c_size_t))),
    # Introspection
    "esc_stage_info_get": (esc_status, (EnginePointer, c_int32, c_int32, _p(esc_stage_info))),
    "esc_stage_deadline_get": (esc_status,
                               (EnginePointer, c_int32, c_int32, _p(esc_deadline_info))),
    "esc_stage_obligation_get": (esc_status,
                                 (EnginePointer, c_int32, c_int32, c_int32, c_int32,
                                  _p(esc_obligation_info), _p(esc_deadline_info))),
    "esc_stage_exit_get": (esc_status,
                           (EnginePointer, c_int32, c_int32, c_int32, _p(esc_exit_info))),
    "esc_stage_exit_action_get": (esc_status,
                                  (EnginePointer, c_int32, c_int32, c_int32, c_int32,
                                   _p(esc_obligation_info), _p(esc_deadline_info))),
    "esc_stage_events": (esc_status, (EnginePointer, c_int32, c_int32, c_char_p, _p(c_char_p),
                                      c_size_t, _p(c_size_t))),
    "esc_pathway_tier_get": (esc_status,
                             (EnginePointer, c_int32, c_int32, c_char_p, _p(esc_tier_info))),
    "esc_pathway_outcome_get": (esc_status,
                                (EnginePointer, c_int32, c_int32, _p(esc_outcome_info))),
    "esc_pathway_outcome_action_get": (esc_status,
                                       (EnginePointer, c_int32, c_int32, c_int32,
                                        _p(esc_obligation_info), _p(esc_deadline_info))),
    "esc_pathway_limit_get": (esc_status, (EnginePointer, c_int32, c_int32, _p(esc_limit_info))),
    "esc_pathway_event_id": (esc_status, (EnginePointer, c_int32, c_int32, _p(c_char_p))),
    # Decisions
    "esc_decide": (esc_status, (EnginePointer, _p(esc_query), _p(esc_decision))),
    # Calendars
    "esc_engine_calendar_count": (esc_status, (EnginePointer, _p(c_int32))),
    "esc_engine_calendar_at": (esc_status, (EnginePointer, c_int32, _p(CalendarPointer))),
    "esc_engine_calendar": (esc_status, (EnginePointer, c_char_p, _p(CalendarPointer))),
    "esc_calendar_info_get": (esc_status, (CalendarPointer, _p(esc_calendar_info))),
    "esc_calendar_is_working_day": (esc_status, (CalendarPointer, esc_date, _p(c_int))),
    "esc_calendar_holiday_name": (esc_status, (CalendarPointer, esc_date, _p(c_char_p))),
    "esc_calendar_add_working_days": (esc_status,
                                      (CalendarPointer, esc_date, c_int32, _p(esc_date))),
    "esc_calendar_count_working_days": (esc_status,
                                        (CalendarPointer, esc_date, esc_date, _p(c_int32))),
    "esc_calendar_holidays": (esc_status,
                              (CalendarPointer, c_int, _p(esc_holiday), c_size_t, _p(c_size_t))),
    # Calendar calls over arrays (node ESCALATE_1.1): out, row_status (NULL: not wanted),
    # failed (rows that failed).
    "esc_calendar_add_working_days_array": (
        esc_status, (CalendarPointer, c_size_t, _p(esc_date), _p(c_int32), _p(esc_date),
                     _p(esc_status), _p(c_size_t))),
    "esc_calendar_count_working_days_array": (
        esc_status, (CalendarPointer, c_size_t, _p(esc_date), _p(esc_date), _p(c_int32),
                     _p(esc_status), _p(c_size_t))),
    "esc_calendar_is_working_day_array": (
        esc_status, (CalendarPointer, c_size_t, _p(esc_date), _p(c_uint8), _p(esc_status),
                     _p(c_size_t))),
    # Bulk recalculation
    "esc_recalculate": (esc_status,
                        (EnginePointer, c_size_t, _p(c_int32), _p(c_int32), _p(esc_date),
                         _p(esc_date), _p(esc_date), _p(esc_status), c_int, _p(c_size_t))),
    "esc_row_reason_name": (c_char_p, (esc_row_reason,)),
    # A status as a value to read, not a failure to raise (since 1.3): see VALUE_STATUSES.
    "esc_row_reason_status": (esc_status, (esc_row_reason,)),
    "esc_recalculate_reasons": (esc_status,
                                (EnginePointer, c_size_t, _p(c_int32), _p(c_int32), _p(esc_date),
                                 _p(esc_date), _p(esc_date), _p(esc_row_reason), c_int,
                                 _p(c_size_t))),
    # Columns of ids, each distinct id once (node ESCALATE_1.3): records, count, width,
    # stride, codes, firsts, capacity, distinct.
    "esc_factorize_records": (esc_status, (c_void_p, c_size_t, c_size_t, c_size_t, _p(c_int32),
                                           _p(c_size_t), c_size_t, _p(c_size_t))),
    # Case histories (since 1.2)
    "esc_case_evaluate": (esc_status, (EnginePointer, _p(esc_case_query), _p(esc_case))),
    "esc_pathway_event_index": (esc_status, (EnginePointer, c_int32, c_char_p, _p(c_int32))),
    "esc_cases_evaluate": (esc_status,
                           (EnginePointer, _p(esc_case_columns), _p(esc_case_row), _p(c_size_t))),
    # The worklist (since 1.3)
    "esc_case_status_name": (c_char_p, (c_int32,)),
    # Versions (since 1.3)
    "esc_engine_pathway_versions": (esc_status,
                                    (EnginePointer, c_char_p, _p(c_int32), _p(c_int32))),
    "esc_engine_pathway_select": (esc_status,
                                  (EnginePointer, c_char_p, c_char_p, esc_date, _p(c_int32))),
    "esc_engine_pathway_for_case": (esc_status, (EnginePointer, c_char_p, c_char_p, esc_date,
                                                 esc_date, _p(c_int32))),
    "esc_select_versions": (esc_status, (EnginePointer, c_size_t, _p(c_int32), _p(c_int32),
                                         _p(esc_date), _p(esc_date), _p(c_size_t))),
}

#: Calls a library may lack (it predates them); every other call must be present.
OPTIONAL = frozenset({"esc_recalculate", "esc_calendar_add_working_days_array",
                      "esc_calendar_count_working_days_array",
                      "esc_calendar_is_working_day_array", "esc_case_evaluate",
                      "esc_pathway_event_index", "esc_cases_evaluate", "esc_case_status_name",
                      "esc_engine_pathway_versions", "esc_engine_pathway_select",
                      "esc_factorize_records", "esc_select_versions",
                      "esc_engine_pathway_for_case", "esc_row_reason_status"})


#: Calls whose esc_status result is an answer (a row's status), not the call's success: no
#: errcheck.
VALUE_STATUSES = frozenset({"esc_row_reason_status"})


def _check_status(result: int, function: Any, arguments: tuple) -> tuple:
    """errcheck for every esc_status call: OK passes, anything else raises the exception
    its status calls for, with esc_last_error()'s message from this same thread."""
    if result != 0:
        message = _last_error_function()
        raise make_error(result, message.decode("utf-8", "replace") if message else "")
    return arguments


def _as_ctypes(kind: Any) -> Any:
    # esc_status is a marker for the table; ctypes passes and returns it as a plain int, and
    # an esc_status array as an int array.
    if kind is esc_status or kind is esc_row_reason:
        return c_int
    if kind is POINTER(esc_status) or kind is POINTER(esc_row_reason):
        return POINTER(c_int)
    return kind


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

class Library:
    """The loaded library: one attribute per available C call, typed from the table."""

    def __init__(self, cdll: ctypes.CDLL, path: str) -> None:
        self.cdll = cdll
        self.path = path
        missing = []
        for name, (result, arguments) in PROTOTYPES.items():
            try:
                function = getattr(cdll, name)
            except AttributeError:
                if name not in OPTIONAL:
                    missing.append(name)
                continue
            function.restype = _as_ctypes(result)
            function.argtypes = [_as_ctypes(kind) for kind in arguments]
            if result is esc_status and name not in VALUE_STATUSES:
                function.errcheck = _check_status
            setattr(self, name, function)
        if missing:
            raise LibraryError(f"{path} lacks calls this binding needs: {', '.join(missing)}",
                               (path,))
        abi = self.esc_abi_version()
        if abi != ABI_VERSION:
            raise LibraryError(
                f"{path} implements ABI {abi}, but this binding speaks ABI {ABI_VERSION}; "
                "install the matching library or binding", (path,))

    def has(self, name: str) -> bool:
        """Whether the library provides a call (for the optional ones)."""
        return hasattr(self, name)


_lock = threading.Lock()
_loaded: Optional[Library] = None
_last_error_function: Any = None


def library() -> Library:
    """The library, loaded and checked on first use (thread-safe). Raises LibraryError."""
    global _loaded, _last_error_function
    loaded = _loaded
    if loaded is not None:
        return loaded
    with _lock:
        if _loaded is None:
            cdll, path = _library.load()
            # errcheck needs esc_last_error before the table is applied to the rest.
            last_error = cdll.esc_last_error
            last_error.restype = c_char_p
            last_error.argtypes = []
            _last_error_function = last_error
            _loaded = Library(cdll, path)
        return _loaded
