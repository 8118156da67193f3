"""The list of Settings ▸ Tools: each server (ticked: it is used) with its tools as children
(ticked: the model is offered it), and a short line beside each (a server's status, a tool's
first line of description).

Each row is keyed ``("server", name, "")`` or ``("tool", server, remote_name)``, so the current
row survives a refill. The ticks the tree sets itself are not reported; the user's are, at
once, from inside Qt's change of the item: a handler must not refill the tree there (that
deletes the item Qt is still changing), but later, from a timer.

Signals:
    ticked(str, str, bool): (server, the tool's name on it or "" for the server, ticked).
    current_changed(): another row became current (or none).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from inference.tools.config import ServerSpec
from inference.tools.host import Tool

#: Where a row keeps its key.
ROLE = Qt.ItemDataRole.UserRole
Key = tuple[str, str, str]


def server_key(name: str) -> Key:
    return ("server", name, "")


def tool_key(server: str, remote_name: str) -> Key:
    return ("tool", server, remote_name)


class ServerTree(QTreeWidget):
    ticked = Signal(str, str, bool)
    current_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Tool servers and their tools"))
        self.setHeaderLabels([self.tr("Server or tool"), self.tr("About")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(True)
        self.setUniformRowHeights(True)
        self.itemChanged.connect(self._changed)
        self.currentItemChanged.connect(lambda *_: self.current_changed.emit())

    def fill(self, specs: Sequence[ServerSpec], tools: dict[str, list[Tool]],
             statuses: dict[str, str]) -> None:
        """Show ``specs`` with their ``tools`` and the ``statuses`` (by server), keeping the
        current row where it is still there."""
        current = self.current_key()
        self.blockSignals(True)  # the ticks set here are not the user's
        try:
            self.clear()
            for spec in specs:
                status = statuses.get(spec.name, "")
                item = self._row(server_key(spec.name), spec.name, status, spec.enabled)
                for tool in tools.get(spec.name, []):
                    lines = tool.description.strip().splitlines()
                    child = self._row(tool_key(spec.name, tool.remote_name), tool.name,
                                      lines[0] if lines else "",
                                      tool.remote_name not in spec.disabled_tools)
                    child.setToolTip(1, tool.description)
                    item.addChild(child)
                self.addTopLevelItem(item)
                item.setExpanded(True)
            if current is not None:
                self.select(current)
        finally:
            self.blockSignals(False)
        self.current_changed.emit()

    @staticmethod
    def _row(key: Key, name: str, about: str, ticked: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem([name, about])
        item.setData(0, ROLE, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        item.setToolTip(1, about)
        return item

    def rows(self) -> list[QTreeWidgetItem]:
        """Every row, each server followed by its tools."""
        out: list[QTreeWidgetItem] = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is not None:
                out += [item, *filter(None, (item.child(j) for j in range(item.childCount())))]
        return out

    @staticmethod
    def key_of(item: QTreeWidgetItem) -> Key:
        kind, server, tool = item.data(0, ROLE)  # (Qt may hand the tuple back as a list)
        return (str(kind), str(server), str(tool))

    def current_key(self) -> Key | None:
        item = self.currentItem()
        return None if item is None else self.key_of(item)

    def select(self, key: Key) -> None:
        """Make the row of ``key`` current; a tool no longer listed: its server's row."""
        rows = {self.key_of(row): row for row in self.rows()}
        row = rows.get(key) or rows.get(server_key(key[1]))
        if row is not None:
            self.setCurrentItem(row)

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        kind, server, tool = self.key_of(item)
        self.ticked.emit(server, tool, item.checkState(0) == Qt.CheckState.Checked)
