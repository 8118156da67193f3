"""The view of app/gui/notify.py: messages stacked over the top of the transcript.

It floats over the conversation instead of taking a row of the layout, so a message coming
or going never resizes (and scrolls) the transcript. Each message has its own row and its
own dismiss button; transient ones fade out on a timer, problems stay until dismissed,
states until they end. At most ``MAX_ROWS`` are shown; beyond that the oldest transient one
goes first, and a problem is never pushed out by news.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import notify

COLOURS = {"error": "#b00020", "warning": "#a06000", "info": "#2f5f8f"}
MAX_ROWS = 4


class MessageRow(QFrame):
    """One message: its text and a dismiss button."""

    def __init__(self, level: str, text: str, key: str = "",
                 parent: QWidget | None = None,
                 action: tuple[str, Callable[[], object]] | None = None) -> None:
        super().__init__(parent)
        self.level, self.key = level, key
        self.setObjectName("messageRow")
        colour = COLOURS.get(level, "#333")
        self.setStyleSheet(
            f"#messageRow {{ background: palette(base); border: 1px solid {colour};"
            " border-radius: 6px; }")
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(f"color: {colour}; border: none;")
        self.label.setAccessibleName("Message")
        close = QToolButton(self)
        close.setText("\u00d7")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if action is not None:
            label, run = action
            self.button = QPushButton(label, self)
            self.button.setAccessibleName(label)
            self._run = run
            self.button.clicked.connect(self._act)
            layout.addWidget(self.button)
        layout.addWidget(close)
        if level == "info" and not key:
            wait = notify.OFFER_MS if action is not None else notify.INFO_MS
            QTimer.singleShot(wait, self, self.dismiss)

    def _act(self) -> None:
        self._run()
        self.dismiss()

    @property
    def sticky(self) -> bool:
        return self.level != "info" or bool(self.key)

    def dismiss(self) -> None:
        stack = self.parent()
        self.hide()
        self.deleteLater()
        if isinstance(stack, MessageStack):
            stack.removed(self)


class MessageStack(QWidget):
    """Rows of messages laid over the top edge of ``host`` (the transcript)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 0)
        self._layout.setSpacing(4)
        self.rows: list[MessageRow] = []
        host.installEventFilter(self)
        self.hide()
        notify.bus.posted.connect(self.show_message)
        notify.bus.state_changed.connect(self.show_state)
        notify.bus.offered.connect(self.show_offer)

    # --- what is shown ---------------------------------------------------------------------
    def show_message(self, level: str, text: str) -> None:
        # the same sentence again (a repeated click) refreshes rather than stacks
        for row in self.rows:
            if not row.key and row.label.text() == text:
                row.dismiss()
        self._add(MessageRow(level, text, parent=self))

    def show_offer(self, text: str, label: str, action: Callable[[], object]) -> None:
        self._add(MessageRow("info", text, parent=self, action=(label, action)))

    def show_state(self, key: str, text: str) -> None:
        for row in [r for r in self.rows if r.key == key]:
            row.dismiss()
        if text:
            self._add(MessageRow("info", text, key, parent=self))

    def texts(self) -> list[str]:
        return [row.label.text() for row in self.rows]

    def _add(self, row: MessageRow) -> None:
        self.rows.append(row)
        self._layout.addWidget(row)
        while len(self.rows) > MAX_ROWS:
            transient = [r for r in self.rows if not r.sticky]
            (transient[0] if transient else self.rows[0]).dismiss()
        row.show()
        self._place()

    def removed(self, row: MessageRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            self._layout.removeWidget(row)
        self._place()

    # --- where -----------------------------------------------------------------------------
    def _place(self) -> None:
        if not self.rows:
            self.hide()
            return
        width = max(self.host.width() - 24, 200)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move(6, 0)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self._place()
        return False
