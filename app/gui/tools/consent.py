"""The question asked before the model's tool call runs: which tool, on which server, what the
tool says it does, and exactly what it would be sent; Allow once, Always for this tool, or
Deny.

The dialog never blocks the event loop: the caller ``open()``s it (window-modal: the window
waits for the answer, while downloads, the Local API and the engine go on) and listens to
``decided``. Every way out gives one answer,
once: a button, Escape, closing the window or ``reject()`` (the caller's Stop) all decide,
and the last three are Deny.

Signals:
    decided(Consent): the user's answer, emitted exactly once.
"""

from __future__ import annotations

import enum
import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.gui.theme import colours_for
from inference.tools.host import Tool

#: A longer description scrolls within this many pixels.
DESCRIPTION_HEIGHT = 110


class Consent(enum.Enum):
    ONCE = "once"  # run this call
    ALWAYS = "always"  # run this call and every later call of this tool, without asking
    DENY = "deny"  # do not run it; the model is told the user declined


def pretty_arguments(arguments: dict[str, Any]) -> str:
    """The arguments as the user reads them: indented JSON, text as written (not escaped)."""
    return json.dumps(arguments, indent=2, ensure_ascii=False, default=str)


class ConsentDialog(QDialog):
    """Asks whether one call of ``tool`` with ``arguments`` may run."""

    decided = Signal(object)

    def __init__(self, tool: Tool, arguments: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tool = tool
        self._choice = Consent.DENY  # what any way out means, unless a button said otherwise
        self._told = False
        self.setWindowTitle(self.tr("Allow a tool call?"))
        self.setAccessibleName(self.tr("Allow a tool call?"))
        self._init_widgets(arguments)
        self._init_layout()
        self._connect_signals()
        self.resize(560, 420)

    def _init_widgets(self, arguments: dict[str, Any]) -> None:
        tool = self.tool
        self.heading = QLabel(self.tr("The model wants to use the tool {tool} of the server "
                                      "{server}.").format(tool=tool.name, server=tool.server),
                              self)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        # the tool's own words, as the model read them: plain text, never rendered; a long
        # description scrolls rather than push the arguments off the dialog
        self.description = QLabel(
            tool.description or self.tr("(The tool does not say what it does.)"), self)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description.setAccessibleName(self.tr("What the tool says it does"))
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description_area = QScrollArea(self)
        self.description_area.setWidget(self.description)
        self.description_area.setWidgetResizable(True)
        self.description_area.setFrameShape(QFrame.Shape.NoFrame)
        self.description_area.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.description_area.setFixedHeight(DESCRIPTION_HEIGHT)
        self.arguments_label = QLabel(self.tr("It would be sent:"), self)
        self.arguments = QPlainTextEdit(pretty_arguments(arguments), self)
        self.arguments.setReadOnly(True)
        self.arguments.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.arguments.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.arguments.setAccessibleName(self.tr("What the tool would be sent"))
        self.arguments_label.setBuddy(self.arguments)
        self.network = QLabel(self.tr("This tool's server is on the network: what it is sent "
                                      "leaves this Mac."), self)
        self.network.setWordWrap(True)
        colours = colours_for(self)
        self.network.setStyleSheet(f"color: {colours.warning}; background: {colours.warning_bg};"
                                   " padding: 6px; border-radius: 4px;")
        self.network.setVisible(tool.remote)
        self.always = QPushButton(self.tr("Always for this tool"), self)
        self.always.setAccessibleName(self.tr("Always allow this tool"))
        self.always.setToolTip(self.tr("Run this tool's calls from now on without asking; "
                                       "Settings ▸ Tools can forget this."))
        self.deny = QPushButton(self.tr("Deny"), self)
        self.deny.setAccessibleName(self.tr("Deny this call"))
        self.allow = QPushButton(self.tr("Allow once"), self)
        self.allow.setAccessibleName(self.tr("Allow this call once"))
        for button in (self.always, self.allow):
            button.setAutoDefault(False)
        self.deny.setDefault(True)  # Return, like Escape, runs nothing

    def _init_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.always)
        buttons.addStretch(1)
        buttons.addWidget(self.deny)
        buttons.addWidget(self.allow)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.description_area)
        layout.addSpacing(6)
        layout.addWidget(self.arguments_label)
        layout.addWidget(self.arguments, 1)
        layout.addWidget(self.network)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.allow.clicked.connect(lambda: self._choose(Consent.ONCE))
        self.always.clicked.connect(lambda: self._choose(Consent.ALWAYS))
        self.deny.clicked.connect(lambda: self._choose(Consent.DENY))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # as tall as the description at this width, up to DESCRIPTION_HEIGHT (a scroll area
        # alone would keep its full height for a one-line description)
        margins = self.contentsMargins() + (self.layout() or QVBoxLayout()).contentsMargins()
        width = self.width() - margins.left() - margins.right()
        needed = self.description.heightForWidth(width)
        self.description_area.setFixedHeight(min(max(needed, 0) + 2, DESCRIPTION_HEIGHT))

    def _choose(self, consent: Consent) -> None:
        self._choice = consent
        if consent is Consent.DENY:
            self.reject()
        else:
            self.accept()

    def done(self, result: int) -> None:
        """Every way out of the dialog ends here: tell the answer, once."""
        super().done(result)
        if self._told:
            return
        self._told = True
        self.decided.emit(self._choice)
