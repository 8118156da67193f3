"""The downloads list of the Download Models window: one row per download with a progress
bar, a status line (bytes, rate, time left) and its buttons: Pause and Cancel while it runs,
Resume and Cancel at rest, Use when it is done.

Signals:
    use_model(str): load this library entry (its id).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.gui.confirm import ask
from app.gui.models.download_manager import Download, DownloadManager, fraction, status_text

# The headers, translated where shown (context "DownloadsTable").
COLUMNS = [QT_TRANSLATE_NOOP("DownloadsTable", "Model"),
           QT_TRANSLATE_NOOP("DownloadsTable", "Progress"),
           QT_TRANSLATE_NOOP("DownloadsTable", "Status"), ""]


class DownloadsTable(QTableWidget):
    use_model = Signal(str)

    def __init__(self, manager: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.manager = manager
        self._button_kind: dict[str, str] = {}
        self.setHorizontalHeaderLabels(
            [QCoreApplication.translate("DownloadsTable", str(c)) if c else "" for c in COLUMNS])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        self.setAccessibleName(self.tr("Downloads"))
        header = self.horizontalHeader()
        for c, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                  QHeaderView.ResizeMode.Fixed, QHeaderView.ResizeMode.Stretch,
                                  QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(c, mode)
        self.setColumnWidth(1, 160)
        manager.changed.connect(self.update_row)
        self.show_all()

    def show_all(self) -> None:
        self.setRowCount(0)
        for d in self.manager.downloads():
            self.update_row(d.key)

    def _row_of(self, key: str) -> int:
        for r in range(self.rowCount()):
            item = self.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                return r
        return -1

    def update_row(self, key: str) -> None:
        d = self.manager.get(key)
        r = self._row_of(key)
        if d is None:
            self._button_kind.pop(key, None)
            if r >= 0:
                self.removeRow(r)
            return
        if r < 0:
            r = self.rowCount()
            self.insertRow(r)
            item = QTableWidgetItem(d.label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.setItem(r, 0, item)
            new_bar = QProgressBar(self)
            new_bar.setRange(0, 1000)
            new_bar.setAccessibleName(self.tr("Progress of {download}").format(
                download=d.label))
            self.setCellWidget(r, 1, new_bar)
            self.setItem(r, 2, QTableWidgetItem())
        bar = self.cellWidget(r, 1)
        if isinstance(bar, QProgressBar):
            bar.setValue(int(fraction(d) * 1000))
        status = self.item(r, 2)
        if status is not None:  # set with the row above
            status.setText(status_text(d))
        self._buttons(r, d)

    def _buttons(self, r: int, d: Download) -> None:
        """Pause + Cancel while it runs, Resume + Cancel at rest, Use when done. Rebuilt only
        when that changes, so a progress update never swaps a button under the pointer."""
        kind = "active" if d.active else d.state
        if self._button_kind.get(d.key) == kind and self.cellWidget(r, 3):
            return
        self._button_kind[d.key] = kind
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(2, 0, 2, 0)
        key = d.key
        # (action, as :meth:`button` finds it; text; accessible name; slot)
        wanted: list[tuple[str, str, str, Any]]
        pause = ("Pause", self.tr("Pause"), self.tr("Pause {download}"),
                 lambda: self.manager.pause(key))
        cancel = ("Cancel", self.tr("Cancel"), self.tr("Cancel {download}"),
                  lambda: self._cancel(key))
        if d.active:
            wanted = [pause, cancel]
        elif d.state == "done":
            entry_id = d.entry.id
            wanted = [("Use", self.tr("Use"), self.tr("Use {download}"),
                       lambda: self.use_model.emit(entry_id)),
                      ("Clear", self.tr("Clear"), self.tr("Clear {download}"),
                       lambda: self.manager.forget(key))]
        else:
            wanted = [("Resume", self.tr("Resume"), self.tr("Resume {download}"),
                       lambda: self.manager.resume(key)), cancel]
        for action, text, name, slot in wanted:
            button = QPushButton(text, box)
            button.setProperty("action", action)
            button.setAccessibleName(name.format(download=d.label))
            button.setMinimumWidth(button.sizeHint().width())
            button.clicked.connect(slot)
            row.addWidget(button)
        box.setMinimumWidth(box.sizeHint().width())
        self.setCellWidget(r, 3, box)
        # The column sizes itself to its items, not to widgets placed in cells: without this
        # a row added while the dialog is open got buttons squashed to a few pixels.
        self.horizontalHeader().resizeSection(
            3, max(self.horizontalHeader().sectionSize(3), box.sizeHint().width()))

    def _cancel(self, key: str) -> None:
        """Cancelling throws away what was downloaded: ask first (Pause keeps it)."""
        d = self.manager.get(key)
        if d is None:  # it ended meanwhile
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Cancel download"),
                          self.tr("Cancel the download of {download}? What was downloaded so "
                                  "far is deleted; Pause keeps it for later.").format(
                                      download=d.label),
                          QMessageBox.StandardButton.NoButton, self.window())
        cancel = box.addButton(self.tr("Cancel Download"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep Downloading"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        if self.confirm(box) is cancel:
            self.manager.cancel(key)

    confirm = staticmethod(ask)  # tests answer for the user

    def button(self, key: str, text: str) -> QPushButton | None:
        """The row's button for the action ``text`` ("Pause", "Cancel", "Resume", "Use",
        "Clear": its English text, whatever the language shown), for tests and accessibility
        checks."""
        r = self._row_of(key)
        box = self.cellWidget(r, 3) if r >= 0 else None
        if box is None:
            return None
        for b in box.findChildren(QPushButton):
            if b.property("action") == text:
                return b
        return None
