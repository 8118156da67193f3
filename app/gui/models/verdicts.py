"""A memory verdict's colour, the same wherever a verdict is shown (the model picker, the
download dialog's quantization ladder), so "tight" reads the same in both."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidgetItem

VERDICT_COLOURS = {"fits": "#2e7d32", "tight": "#a06000", "will not fit": "#b00020"}
#: The context the picker and the download dialog estimate memory at when the chat has no
#: context length of its own: the same number in both, so their verdicts agree.
ESTIMATE_CONTEXT = 4096


def colour_verdict(item: QTableWidgetItem, verdict: str) -> None:
    """Draw ``item`` (a verdict cell) in its verdict's colour."""
    colour = VERDICT_COLOURS.get(verdict)
    if colour is not None:
        item.setForeground(QColor(colour))
