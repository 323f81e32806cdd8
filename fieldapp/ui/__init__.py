"""The PySide6 desktop app (docs/desktop.md). Importing it keeps PySide6 6.12.0's leaks harmless."""

from fieldapp.ui.pyside_fix import apply as _apply_pyside_fix

_apply_pyside_fix()
