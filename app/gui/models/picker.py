"""The model picker: the starter model, downloaded models and files or folders the user added.

Each row shows format, quantization, size on disk, estimated memory at the chosen context
(the same one the download dialog estimates at) and a fits / tight / will not fit verdict,
coloured as there; a vision model (it reads images) has a "vision" tag after its name. The
facts come from headers only (an MLX folder's config.json), read off the GUI thread once per
row when the picker opens, and kept in the row: painting never reads a file. A row that
cannot be loaded cannot be chosen: "Use this model" waits for a row that can.

Downloaded models can be deleted here (the dialog says how much space that frees); models
the user added are only forgotten, their files stay where they are. A row that cannot be
read says why across the row, and can be taken off the list too.

Signals:
    chosen(str): the model spec to load (a path, a library id, or "starter").
    added(str): the user added a local file or folder.
    forgotten(str): the user took an added file or folder off the list.
    hub_requested(): the user wants to find and download models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui import notify as messages
from app.gui import places
from app.gui.bridge import run_in_background
from app.gui.models.badges import BadgeDelegate, set_badges, vision_badge, vision_note
from app.gui.models.verdicts import VERDICT_COLOURS, colour_verdict, verdict_text
from inference.model.memory import format_bytes

# The table's headers, translated where shown (context "ModelPicker").
COLUMNS = [QT_TRANSLATE_NOOP("ModelPicker", "Model"), QT_TRANSLATE_NOOP("ModelPicker", "Format"),
           QT_TRANSLATE_NOOP("ModelPicker", "Quantization"),
           QT_TRANSLATE_NOOP("ModelPicker", "Size on disk"),
           QT_TRANSLATE_NOOP("ModelPicker", "Memory"), QT_TRANSLATE_NOOP("ModelPicker", "Verdict")]


@dataclass
class ModelRow:
    spec: str
    label: str
    info: Any = None  # ModelInfo once inspected
    error: str = ""
    in_library: bool = False  # a library entry: it can be deleted here


def candidate_specs(added: list[str]) -> list[tuple[str, str]]:
    """(spec, label) for every model the user can pick: starter, library, added paths."""
    rows = [("starter", QCoreApplication.translate("ModelPicker", "{model} (starter)").format(
        model="SmolLM2-135M-Instruct Q4_1"))]
    rows += [(entry_id, entry_id) for entry_id in library_sources()]
    seen = {spec for spec, _ in rows}
    rows += [(p, Path(p).name) for p in added if p not in seen]
    return rows


def library_sources() -> dict[str, str]:
    """Library ids (files present) and where each came from, for the rows' tooltips."""
    try:
        from inference.model import library

        return {
            e.id: (QCoreApplication.translate(
                "ModelPicker", "Downloaded from {repo} (revision {revision})").format(
                    repo=e.repo, revision=(e.revision or "")[:7]) if e.repo
                   else QCoreApplication.translate(
                       "ModelPicker", "Your file, used where it is: {path}").format(path=e.path))
            for e in library.entries() if e.exists()
        }
    except Exception:  # noqa: BLE001 - a broken library index must not hide the starter
        return {}


def inspect_row(spec: str, ctx: int | None) -> Any:
    from inference.model.load import inspect_model

    return inspect_model(spec)


class ModelPicker(QDialog):
    chosen = Signal(str)
    added = Signal(str)
    forgotten = Signal(str)
    hub_requested = Signal()

    def __init__(
        self, added: list[str], current: str, ctx: int | None = None,
        parent: QWidget | None = None, kv_bits: Callable[[str], int | None] | None = None,
    ) -> None:
        super().__init__(parent)
        # the KV cache's precision each model loads with (the estimates count it)
        self.kv_bits = kv_bits or (lambda spec: None)
        self.setWindowTitle(self.tr("Choose a model"))
        self.setAccessibleName(self.tr("Model picker"))
        self.resize(760, 320)
        self.ctx = ctx
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ModelPicker", str(c)) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(0, BadgeDelegate(self.table))
        self.table.setAccessibleName(self.tr("Models"))
        self._label_context()
        self.note = QLabel(self.tr("Everything runs on this Mac; nothing is sent anywhere."),
                           self)
        add_file = QPushButton(self.tr("Add GGUF file…"), self)
        add_folder = QPushButton(self.tr("Add MLX folder…"), self)
        download = QPushButton(self.tr("Download models…"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setAccessibleName(self.tr("Delete the selected model"))
        self.delete_button.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.use_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.use_button.setText(self.tr("Use this model"))
        row = QHBoxLayout()
        row.addWidget(add_file)
        row.addWidget(add_folder)
        row.addWidget(download)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        add_file.clicked.connect(self._add_file)
        add_folder.clicked.connect(self._add_folder)
        download.clicked.connect(self.hub_requested)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.currentCellChanged.connect(lambda *_: self._selection_changed())
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(self._accept)
        self.rows: list[ModelRow] = []
        self._added = added
        self.sources = library_sources()
        for spec, label in candidate_specs(added):
            self._add_row(ModelRow(spec, label, in_library=spec in self.sources),
                          select=spec == current)

    def refresh(self) -> None:
        """Add rows for models that appeared since the picker opened (a finished download)."""
        have = {row.spec for row in self.rows}
        self.sources = library_sources()
        for spec, label in candidate_specs(self._added):
            if spec not in have:
                self._add_row(ModelRow(spec, label, in_library=spec in self.sources))

    def _removable(self, row: ModelRow) -> bool:
        return row.in_library or row.spec in self._added

    def _label_context(self) -> None:
        """The Memory column says at which context it was estimated."""
        if self.ctx:
            header = self.tr("Memory at {n} tokens").format(n=f"{self.ctx:,}")
        else:
            header = self.tr("Memory")
        self.table.setHorizontalHeaderItem(COLUMNS.index("Memory"), QTableWidgetItem(header))

    def _usable(self, r: int) -> bool:
        """A row the loader can be given: not one whose headers said why it cannot run."""
        return 0 <= r < len(self.rows) and not (self.rows[r].error and self.rows[r].info is None)

    def _selection_changed(self) -> None:
        r = self.table.currentRow()
        self.use_button.setEnabled(self._usable(r))
        ok = 0 <= r < len(self.rows) and self._removable(self.rows[r])
        self.delete_button.setEnabled(ok)
        if ok:
            self.delete_button.setText(self.tr("Delete") if self.rows[r].in_library
                                       else self.tr("Remove from List"))

    def delete_selected(self, confirm: bool = True) -> None:
        """Delete a downloaded model's files (or forget an added one), saying what it freed."""
        from inference.model import library

        r = self.table.currentRow()
        if not 0 <= r < len(self.rows) or not self._removable(self.rows[r]):
            return
        row = self.rows[r]
        if not row.in_library:  # a file or folder the user added: only the list changes
            self._forget(row)
            return
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Delete model"),
                self.tr("Delete {model}? A downloaded model's files are removed from this Mac; "
                        "a model you added is only taken off the list.").format(model=row.label),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return

        def removed(result: tuple[Any, int]) -> None:
            entry, freed = result
            index = next((i for i, x in enumerate(self.rows) if x is row), -1)
            if index >= 0:
                self.rows.pop(index)
                self.table.removeRow(index)
            if entry.kind == "download":
                messages.info(self.tr("Deleted {model}; {size} freed.").format(
                    model=entry.id, size=format_bytes(freed)))
            else:
                messages.info(self.tr(
                    "{model} is off the list; its files were left where they are.").format(
                        model=entry.id))

        run_in_background(self, lambda: library.remove(row.spec), removed, messages.error)

    def _forget(self, row: ModelRow) -> None:
        index = next((i for i, x in enumerate(self.rows) if x is row), -1)
        if index >= 0:
            self.rows.pop(index)
            self.table.removeRow(index)
        self.forgotten.emit(row.spec)
        messages.info(self.tr(
            "{model} is off the list; its files were left where they are.").format(
                model=row.label))

    def _add_row(self, row: ModelRow, *, select: bool = False) -> None:
        self.rows.append(row)
        r = self.table.rowCount()
        self.table.insertRow(r)
        self._fill(r)
        if select or self.table.currentRow() < 0:
            self.table.selectRow(r)
        run_in_background(self, lambda: inspect_row(row.spec, self.ctx),
                          lambda info: self._inspected(row, info),
                          lambda msg: self._failed(row, msg))

    def _fill(self, r: int) -> None:
        row = self.rows[r]
        info = row.info
        values = [row.label, "…", "", "", "", ""]
        verdict = ""  # inference's word ("fits"), shown translated
        if info is not None:
            bits = self.kv_bits(row.spec)
            estimate = info.memory(self.ctx or info.default_context(bits), bits)
            # GGUF files say how they run: as published (native) or converted at load time
            quant = (f"{info.quantization}, {info.weights}" if info.format == "gguf"
                     else info.quantization)
            values = [row.label, info.format.upper(), quant,
                      format_bytes(info.size_bytes), format_bytes(estimate.total_bytes),
                      verdict_text(estimate.verdict)]
            verdict = estimate.verdict
        elif row.error:  # the reason, readable across the row
            values = [row.label, row.error, "", "", "", ""]
        spans = self.table.columnSpan(r, 1) > 1
        if row.error and info is None and not spans:
            self.table.setSpan(r, 1, 1, 5)
        elif spans and not (row.error and info is None):
            self.table.setSpan(r, 1, 1, 1)  # (removes the span)
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, row.spec)
            if c == 1 and row.error and info is None:
                item.setToolTip(row.error)
                item.setForeground(QColor(VERDICT_COLOURS["will not fit"]))
            elif c == 5 and info is not None:
                colour_verdict(item, verdict)
            elif c == 2 and info is not None and info.format == "gguf":
                item.setToolTip(
                    self.tr("Converted to MLX's formats at load time: {how}.").format(
                        how=info.weights_note)
                    if info.weights_note else
                    self.tr("Runs as published: the file's own quantized weights, not "
                            "re-quantized."))
            elif c == 0 and row.spec in self.sources:
                item.setToolTip(self.sources[row.spec])
            if c == 0 and info is not None and info.vision:
                set_badges(item, [vision_badge()], vision_note())
            self.table.setItem(r, c, item)

    def _refill(self, row: ModelRow) -> None:
        """Redraw ``row`` where it is now (rows above it may have been deleted meanwhile)."""
        index = next((i for i, x in enumerate(self.rows) if x is row), -1)
        if index >= 0:
            self._fill(index)

    def _inspected(self, row: ModelRow, info: Any) -> None:
        row.info = info
        self._refill(row)

    def _failed(self, row: ModelRow, message: str) -> None:
        row.error = message
        self._refill(row)
        self._selection_changed()  # the selected row may have just become unusable

    def add_path(self, path: str) -> None:
        if any(row.spec == path for row in self.rows):
            return
        self.added.emit(path)
        self._add_row(ModelRow(path, Path(path).name), select=True)

    def _add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Add a GGUF model"),
                                              places.downloads(), self.tr("GGUF (*.gguf)"))
        if path:
            self.add_path(path)

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Add an MLX model folder"),
                                                places.downloads())
        if path:
            self.add_path(path)

    def selected_spec(self) -> str | None:
        r = self.table.currentRow()
        return self.rows[r].spec if 0 <= r < len(self.rows) else None

    def _accept(self) -> None:
        if not self._usable(self.table.currentRow()):
            return  # (a double-click on a row that cannot run)
        spec = self.selected_spec()
        if spec is not None:
            self.chosen.emit(spec)
        self.accept()
