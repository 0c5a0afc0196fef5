"""Tests of the escalate Python binding (standard library unittest).

Run from the repository root:
    ESCALATE_LIBRARY=build/lib/libescalate.so.1 PYTHONPATH=bindings/python \
        python3 -m unittest discover -s bindings/python/tests -t bindings/python -v
"""
