"""The conversation list: newest first, new / rename / delete, and search over message text.

Signals:
    selected(int): the user opened a conversation (its id).
    new_requested(): the user asked for a new chat.
    rename_requested(int, str): a new title for a conversation.
    delete_requested(int): delete a conversation (the window offers undo).
    search_changed(str): the search text changed (empty: show all).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


@dataclass
class ConversationRow:
    id: int
    title: str
    detail: str = ""  # a search snippet or the date


class Sidebar(QWidget):
    selected = Signal(int)
    new_requested = Signal()
    rename_requested = Signal(int, str)
    delete_requested = Signal(int)
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = QPushButton("New chat", self)
        self.new_button.setAccessibleName("New chat")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search conversations")
        self.search.setAccessibleName("Search conversations")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Conversations")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.new_button.clicked.connect(self.new_requested)
        self.search.textChanged.connect(self.search_changed)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.customContextMenuRequested.connect(self._menu)
        self._quiet = False

    def set_rows(self, rows: list[ConversationRow], current: int | None = None) -> None:
        self._quiet = True
        self.list.clear()
        for row in rows:
            text = row.title if not row.detail else f"{row.title}\n{row.detail}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(row.detail or row.title)
            self.list.addItem(item)
            if row.id == current:
                self.list.setCurrentItem(item)
        self._quiet = False

    def select(self, cid: int | None) -> None:
        """Highlight ``cid`` without asking to open it (the controller kept it open)."""
        self._quiet = True
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == cid:
                self.list.setCurrentItem(item)
                break
        else:
            self.list.setCurrentRow(-1)  # no current item
        self._quiet = False

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _current_changed(self, item: QListWidgetItem | None, _old: QListWidgetItem | None) -> None:
        if item is not None and not self._quiet:
            self.selected.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        cid = int(item.data(Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        rename = menu.addAction("Rename…")
        delete = menu.addAction("Delete")
        chosen = menu.exec(self.list.mapToGlobal(pos))
        if chosen is rename:
            self.ask_rename(cid, item.text().split("\n")[0])
        elif chosen is delete:
            self.delete_requested.emit(cid)

    def ask_rename(self, cid: int, title: str) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Rename conversation")
        dialog.setLabelText("Title:")
        dialog.setTextValue(title)
        dialog.resize(max(420, dialog.sizeHint().width()), dialog.sizeHint().height())
        ok = bool(dialog.exec())
        new = dialog.textValue()
        if ok and new.strip():
            self.rename_requested.emit(cid, new.strip())
