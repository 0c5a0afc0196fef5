"""Whether a value is a column (NumPy array or pandas object), without importing NumPy."""

from __future__ import annotations

import sys
from typing import Any


def is_column(value: Any) -> bool:
    """A NumPy array or a pandas Series/Index/Categorical: the vector forms of the calls
    apply. False whenever NumPy is not loaded (then no value can be one)."""
    if "numpy" not in sys.modules:
        return False
    from ._columns import is_column as column_test

    return column_test(value)
