"""The view of app/gui/notify.py: messages stacked at the top of the transcript.

They sit in a band the transcript sets aside above its text (its viewport's top margin), so
a message never covers the conversation (the "Editing" banner used to hide the very message
being edited) and never moves the transcript's widget in the window's layout. A reader at
the bottom stays at the bottom when the band grows. Each message has its own row and its
own dismiss button; transient ones fade out on a timer, problems stay until dismissed,
states until they end. At most ``MAX_ROWS`` are shown; beyond that the oldest transient one
goes first, and a problem is never pushed out by news.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import notify
from app.gui.theme import colours_for

MAX_ROWS = 4
#: The widest the band grows (the transcript's readable column), in pixels.
MAX_WIDTH = 860


class MessageRow(QFrame):
    """One message: its text and a dismiss button."""

    def __init__(self, level: str, text: str, key: str = "",
                 parent: QWidget | None = None,
                 action: tuple[str, Callable[[], object]] | None = None) -> None:
        super().__init__(parent)
        self.level, self.key = level, key
        self.setObjectName("messageRow")
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Message"))
        close = QToolButton(self)
        close.setText("\u00d7")
        close.setAutoRaise(True)
        close.setToolTip(QCoreApplication.translate("MessageStack", "Dismiss"))
        close.setAccessibleName(self.tr("Dismiss message"))
        self._restyle()
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

    def _restyle(self) -> None:
        """The level's text on its tinted background, both from the theme (at least 4.5:1 in
        light and dark)."""
        text, background = colours_for(self).banner(self.level)
        if getattr(self, "_applied", None) == (text, background):
            return  # a stylesheet sends a palette change of its own
        self._applied = (text, background)
        self.setStyleSheet(
            f"#messageRow {{ background: {background}; border: 1px solid {text};"
            " border-radius: 8px; }")
        self.label.setStyleSheet(f"color: {text}; background: transparent; border: none;")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()

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
    """Rows of messages in a band at the top of ``host`` (the transcript; any scroll area
    sets the band aside from its viewport)."""

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
            self._reserve(0)
            return
        edge = self.host.frameWidth() if isinstance(self.host, QFrame) else 0
        inside = self.host.width() - 2 * edge
        width = max(min(inside - 16, MAX_WIDTH), 200)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move(edge + max(0, (inside - width) // 2), edge)
        self.show()
        self.raise_()
        self._reserve(self.height() + 4)

    def _reserve(self, height: int) -> None:
        """Set the band aside from the host's text (its viewport starts below it)."""
        if isinstance(self.host, QAbstractScrollArea):
            margins = self.host.viewportMargins()
            if margins.top() != height:
                margins.setTop(height)
                self.host.setViewportMargins(margins)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self._place()
        return False
