"""Ownership of one ``esc_engine`` pointer shared by threads.

escalate.h lets any number of threads use an engine at once, but ``esc_engine_free`` must not
run while one still is. Python code can call ``close()`` from any thread, so every call
registers itself here for its duration and ``close()`` waits for the calls in flight before
freeing. A closed handle refuses new calls with InvalidArgumentError (what the C ABI says of
a NULL engine) rather than handing a dangling pointer to C.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from .errors import InvalidArgumentError


class EngineHandle:
    __slots__ = ("_pointer", "_users", "_condition", "_free")

    def __init__(self, pointer: Any, free: Callable[[Any], None]) -> None:
        self._pointer: Optional[Any] = pointer
        self._users = 0
        self._condition = threading.Condition(threading.Lock())
        self._free = free

    @property
    def closed(self) -> bool:
        return self._pointer is None

    def acquire(self) -> Any:
        """The pointer, marked in use until :meth:`release`."""
        with self._condition:
            if self._pointer is None:
                raise InvalidArgumentError("the engine is closed")
            self._users += 1
            return self._pointer

    def release(self) -> None:
        with self._condition:
            self._users -= 1
            if self._users == 0:
                self._condition.notify_all()

    def close(self) -> None:
        """Frees the engine once no call is using it; later calls are refused. Idempotent."""
        with self._condition:
            pointer, self._pointer = self._pointer, None
            while self._users:
                self._condition.wait()
        if pointer:
            self._free(pointer)
