"""Asking before something cannot be undone: one helper, so every confirmation behaves alike
and tests can answer for the user (each caller keeps it as a ``confirm`` attribute)."""

from __future__ import annotations

from typing import Any


def ask(box: Any) -> Any:
    """Show the question ``box`` (a QMessageBox) and return the button the user pressed."""
    box.exec()
    return box.clickedButton()
