"""Keep None, True and False alive under PySide6 6.12.0's reference leaks (applied when fieldapp.ui is imported).

PySide6 6.12.0 drops a reference it does not own in two everyday places:
* every `SignalInstance.emit()` made from Python loses one reference to `True`;
* every call of a Python slot by a signal Qt emits (a click, a timer, text typed) loses one to `None`.
On Python 3.11 these objects are not immortal: after a few tens of thousands of such calls (an officer's
working day; a long test run) the interpreter aborts with "none_dealloc" or "bool_dealloc".
Python 3.12 made them immortal, which is why the leak goes unnoticed elsewhere.

The remedy adds a cushion of 2^40 references to each of the three (they are never freed anyway),
which no session can use up. It is not applied on Python 3.12+, on debug builds, or off CPython;
`tests/ui/test_pyside_fix.py` shows the leak and that the cushion holds.
"""

from __future__ import annotations

import ctypes
import sys

CUSHION = 1 << 40
_applied = False


def applies() -> bool:
    return (sys.implementation.name == "cpython" and sys.version_info < (3, 12)
            and not hasattr(sys, "gettotalrefcount"))


def apply() -> bool:
    """Add the cushion once; True if it is in place."""
    global _applied
    if _applied or not applies():
        return _applied
    for obj in (None, True, False):
        before = sys.getrefcount(obj)
        cell = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field of every object
        cell.value += CUSHION
        # Other references come and go meanwhile (ctypes' first use takes a few): allow for them.
        if abs(sys.getrefcount(obj) - before - CUSHION) > 1000:  # not the layout we expect: undo, do nothing
            cell.value -= CUSHION
            return False
    _applied = True
    return True
