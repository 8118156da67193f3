"""The model picker: the starter model, downloaded models and files or folders the user added.

Each row shows format, quantization, size on disk, estimated memory at the chosen context
and a fits / tight / will not fit verdict. The facts come from headers only, read off the
GUI thread.

Signals:
    chosen(str): the model spec to load (a path, or "starter").
    added(str): the user added a local file or folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inference.memory import format_bytes

from .tasks import run_task

COLUMNS = ["Model", "Format", "Quantization", "Size on disk", "Memory", "Verdict"]


@dataclass
class ModelRow:
    spec: str
    label: str
    info: Any = None  # ModelInfo once inspected
    error: str = ""


def candidate_specs(added: list[str]) -> list[tuple[str, str]]:
    """(spec, label) for every model the user can pick: starter, library, added paths."""
    rows = [("starter", "SmolLM2-135M-Instruct Q4_1 (starter)")]
    try:
        from inference import library

        for entry in library.entries():  # downloaded and referenced models
            if entry.exists():
                rows.append((entry.id, entry.id))
    except Exception:  # noqa: BLE001 - a broken library index must not hide the starter
        pass
    seen = {spec for spec, _ in rows}
    rows += [(p, Path(p).name) for p in added if p not in seen]
    return rows


def inspect_row(spec: str, ctx: int | None) -> Any:
    from inference.models import inspect_model

    return inspect_model(spec)


class ModelPicker(QDialog):
    chosen = Signal(str)
    added = Signal(str)

    def __init__(
        self, added: list[str], current: str, ctx: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a model")
        self.setAccessibleName("Model picker")
        self.resize(760, 320)
        self.ctx = ctx
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Models")
        self.note = QLabel("Everything runs on this Mac; nothing is sent anywhere.", self)
        add_file = QPushButton("Add GGUF file…", self)
        add_folder = QPushButton("Add MLX folder…", self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Use this model")
        row = QHBoxLayout()
        row.addWidget(add_file)
        row.addWidget(add_folder)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        add_file.clicked.connect(self._add_file)
        add_folder.clicked.connect(self._add_folder)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(self._accept)
        self.rows: list[ModelRow] = []
        for spec, label in candidate_specs(added):
            self._add_row(ModelRow(spec, label), select=spec == current)

    def _add_row(self, row: ModelRow, *, select: bool = False) -> None:
        self.rows.append(row)
        r = self.table.rowCount()
        self.table.insertRow(r)
        self._fill(r)
        if select or self.table.currentRow() < 0:
            self.table.selectRow(r)
        run_task(self, lambda: inspect_row(row.spec, self.ctx),
                 lambda info, r=r: self._inspected(r, info),
                 lambda msg, r=r: self._failed(r, msg))

    def _fill(self, r: int) -> None:
        row = self.rows[r]
        info = row.info
        values = [row.label, "…", "", "", "", ""]
        if info is not None:
            estimate = info.memory(self.ctx or info.default_context())
            values = [row.label, info.format.upper(), info.quantization,
                      format_bytes(info.size_bytes), format_bytes(estimate.total_bytes),
                      estimate.verdict]
        elif row.error:
            values = [row.label, "", "", "", "", row.error]
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, row.spec)
            if c == 5 and row.error:
                item.setToolTip(row.error)
            self.table.setItem(r, c, item)

    def _inspected(self, r: int, info: Any) -> None:
        self.rows[r].info = info
        self._fill(r)

    def _failed(self, r: int, message: str) -> None:
        self.rows[r].error = message
        self._fill(r)

    def add_path(self, path: str) -> None:
        if any(row.spec == path for row in self.rows):
            return
        self.added.emit(path)
        self._add_row(ModelRow(path, Path(path).name), select=True)

    def _add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add a GGUF model", "", "GGUF (*.gguf)")
        if path:
            self.add_path(path)

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Add an MLX model folder")
        if path:
            self.add_path(path)

    def selected_spec(self) -> str | None:
        r = self.table.currentRow()
        return self.rows[r].spec if 0 <= r < len(self.rows) else None

    def _accept(self) -> None:
        spec = self.selected_spec()
        if spec is not None:
            self.chosen.emit(spec)
        self.accept()
