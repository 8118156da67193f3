"""Help ▸ Keyboard Shortcuts: a sheet listing the window's shortcuts.

The list is read from the window's own actions (menu by menu, then those that live on the
window only), so it can never disagree with what the keys do. The keys of the message box
are key handling in the composer, not actions; they are listed after them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _composer_keys() -> list[tuple[str, str, str]]:
    """(section, what, keys) for the message box's own keys (see app.gui.chat.composer)."""
    box = QCoreApplication.translate("ShortcutsSheet", "Message box")
    return [(box, QCoreApplication.translate("ShortcutsSheet", "Send the message"),
             QCoreApplication.translate("ShortcutsSheet", "Enter")),
            (box, QCoreApplication.translate("ShortcutsSheet", "New line"),
             QCoreApplication.translate("ShortcutsSheet", "Shift+Enter")),
            (box, QCoreApplication.translate("ShortcutsSheet", "Next control"),
             QCoreApplication.translate("ShortcutsSheet", "Tab")),
            (box, QCoreApplication.translate("ShortcutsSheet", "Previous control"),
             QCoreApplication.translate("ShortcutsSheet", "Shift+Tab"))]


def _label(action: QAction) -> str:
    """A menu item's text as a person reads it: no mnemonic ampersand, no ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts() if not s.isEmpty())


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(section, action, keys) for every action of ``window`` that has a shortcut: the menus'
    first, in menu order, then the window's own (keys with no menu item), then those of one
    control, then the message box's keys."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        section = _label(top)
        for action in menu.actions():
            seen.add(id(action))
            if _keys(action):
                rows.append((section, _label(action), _keys(action)))
    for action in window.actions():
        if id(action) not in seen and _keys(action):
            seen.add(id(action))
            rows.append((QCoreApplication.translate("ShortcutsSheet", "Window"), _label(action),
                         _keys(action)))
    # keys of one control (the conversation list's F2): its accessible name says where
    for widget in window.findChildren(QWidget):
        for action in widget.actions():
            if id(action) not in seen and _keys(action):
                seen.add(id(action))
                where = widget.accessibleName() or QCoreApplication.translate(
                    "ShortcutsSheet", "Window")
                rows.append((where, _label(action), _keys(action)))
    return rows + _composer_keys()


class ShortcutsSheet(QDialog):
    """The shortcuts of ``window`` in a table: section, action, keys."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.setAccessibleName(self.tr("Keyboard Shortcuts"))
        self.rows = shortcut_rows(window)
        self.table = QTableWidget(len(self.rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Action"), self.tr("Keys")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for r, row in enumerate(self.rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        width = self.table.horizontalHeader().length() + 60
        self.resize(max(460, width), min(560, 120 + 30 * len(self.rows)))

    def shown_rows(self) -> list[tuple[str, str, str]]:
        """What the table shows, row by row (for tests)."""
        shown: list[tuple[str, str, str]] = []
        for r in range(self.table.rowCount()):
            section, action, keys = ((item.text() if (item := self.table.item(r, c)) else "")
                                     for c in range(3))
            shown.append((section, action, keys))
        return shown
