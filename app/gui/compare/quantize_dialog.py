"""The Quantize… dialog of the Compare window: choose a local model, bits and group size,
and a new folder for the MLX variant.

It only builds a QuantizeRequest; the window sends it to the CompareWorker
(app/gui/compare/worker.py), which makes the variant on the engine's thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.compare.worker import QuantizeRequest


class QuantizeDialog(QDialog):
    """Choose a local model, bits and group size, and a new folder for the MLX variant."""

    def __init__(self, candidates: list[tuple[str, str]], current: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Make a quantized variant"))
        self.source = QComboBox(self)
        for spec, label in candidates:
            self.source.addItem(label, spec)
        self.source.setCurrentIndex(max(self.source.findData(current), 0))
        self.bits = QComboBox(self)
        for b in (2, 3, 4, 5, 6, 8):
            self.bits.addItem(self.tr("{bits}-bit").format(bits=b), b)
        self.bits.setCurrentIndex(self.bits.findData(4))
        self.group = QComboBox(self)
        for g in (32, 64):
            self.group.addItem(str(g), g)
        self.group.setCurrentIndex(1)
        self.out = QLineEdit(self)
        browse = QPushButton(self.tr("Choose…"), self)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Model"), self.source)
        form.addRow(self.tr("Bits"), self.bits)
        form.addRow(self.tr("Group size"), self.group)
        form.addRow(self.tr("New folder"), out_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Quantize"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("MLX quantization with mlx-lm; the variant is then "
                                        "offered as a column."), self))
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        browse.clicked.connect(self._browse)
        for combo in (self.source, self.bits, self.group):
            combo.currentIndexChanged.connect(self._default_out)
        self._default_out()

    def _default_out(self) -> None:
        from inference.paths import models_dir

        spec = str(self.source.currentData())
        stem = "SmolLM2-135M-Instruct" if spec == "starter" else Path(spec).stem
        name = f"{stem}-mlx-{self.bits.currentData()}bit-g{self.group.currentData()}"
        base = models_dir() / "variants"
        path, n = base / name, 2
        while path.exists():
            path, n = base / f"{name}-{n}", n + 1
        self.out.setText(str(path))

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Where to put the new folder"))
        if path:
            self.out.setText(str(Path(path) / Path(self.out.text()).name))

    def request(self) -> QuantizeRequest:
        return QuantizeRequest(str(self.source.currentData()), Path(self.out.text()),
                               int(self.bits.currentData()), int(self.group.currentData()))


__all__ = ["QuantizeDialog"]
