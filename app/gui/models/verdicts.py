"""A memory verdict's colour, the same wherever a verdict is shown (the model picker, the
download dialog's quantization ladder), so "tight" reads the same in both.

A verdict is inference's word ("fits", "tight", "will not fit"): data, compared and looked
up as such; :func:`verdict_text` is what the user reads (translated)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidgetItem

VERDICT_COLOURS = {"fits": "#2e7d32", "tight": "#a06000", "will not fit": "#b00020"}
# Each verdict as the user reads it, translated at use (context "Verdicts").
VERDICT_TEXTS = {
    "fits": QT_TRANSLATE_NOOP("Verdicts", "fits"),
    "tight": QT_TRANSLATE_NOOP("Verdicts", "tight"),
    "will not fit": QT_TRANSLATE_NOOP("Verdicts", "will not fit"),
}
#: The context the picker and the download dialog estimate memory at when the chat has no
#: context length of its own: the same number in both, so their verdicts agree.
ESTIMATE_CONTEXT = 4096


def verdict_text(verdict: str) -> str:
    """``verdict`` as shown: translated (an unknown word is shown as it is)."""
    text = VERDICT_TEXTS.get(verdict)
    return QCoreApplication.translate("Verdicts", str(text)) if text is not None else verdict


def colour_verdict(item: QTableWidgetItem, verdict: str) -> None:
    """Draw ``item`` (a verdict cell) in its verdict's colour (``verdict``: the data, not
    the text shown)."""
    colour = VERDICT_COLOURS.get(verdict)
    if colour is not None:
        item.setForeground(QColor(colour))
