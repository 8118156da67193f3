"""Model ▸ About This Model: the loaded model's card: parameters, licence, source, format,
context and chat template.

The facts come from the files' headers (a GGUF's metadata and tensor shapes; an MLX folder's
safetensors headers, config and README), read off the GUI thread by :func:`card_facts`.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.bridge import run_in_background
from inference.model.memory import format_bytes


def format_count(n: int) -> str:
    """A parameter count as model names say it: 135M, 1.5B."""
    if n >= 1_000_000_000:
        return f"{n / 1e9:.1f}B".replace(".0B", "B")
    if n >= 1_000_000:
        return f"{round(n / 1e6)}M"
    return f"{n:,}"


def _gguf_facts(path: Path) -> tuple[int, str]:
    from inference.gguf.reader import read_gguf

    g = read_gguf(path)
    # GGUF keeps each tensor's logical shape, whatever its quantization
    params = sum(t.n_elements for t in g.tensors.values())
    return params, str(g.metadata.get("general.license") or "")


def _safetensors_shapes(path: Path) -> dict[str, list[int]]:
    with path.open("rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
    return {k: v["shape"] for k, v in header.items() if k != "__metadata__"}


def _mlx_facts(folder: Path, config: dict[str, Any]) -> tuple[int, str]:
    shapes: dict[str, list[int]] = {}
    for file in sorted(folder.glob("*.safetensors")):
        shapes.update(_safetensors_shapes(file))
    bits = (config.get("quantization") or {}).get("bits")
    params = 0
    for name, shape in shapes.items():
        n = 1
        for d in shape:
            n *= d
        stem = name.removesuffix(".weight")
        if name.endswith((".scales", ".biases")) and f"{name.rsplit('.', 1)[0]}.weight" in shapes:
            continue  # a quantized weight's scales and biases are not parameters
        if bits and f"{stem}.scales" in shapes:
            n = n * 32 // int(bits)  # packed: 32 / bits values in each uint32
        params += n
    licence = ""
    readme = folder / "README.md"
    if readme.is_file():
        found = re.search(r"^license:\s*(\S.*)$", readme.read_text(encoding="utf-8",
                                                                    errors="replace"),
                          re.MULTILINE)
        licence = found.group(1).strip() if found else ""
    return params, licence


def card_facts(info: Any, source: str) -> list[tuple[str, str]]:
    """(label, value) rows for ``info`` (a ModelInfo); ``source`` says where it came from.
    Reads headers only: call it off the GUI thread."""
    path = Path(info.path)
    if info.format == "gguf":
        params, licence = _gguf_facts(path)
    else:
        params, licence = _mlx_facts(path, info.config)
    unknown = QCoreApplication.translate("ModelCard", "unknown")
    unstated = QCoreApplication.translate("ModelCard", "not stated in the model's files")
    tokens = QCoreApplication.translate("ModelCard", "{n} tokens").format(
        n=f"{info.context_length:,}")
    return [
        (QCoreApplication.translate("ModelCard", "Model"), info.name),
        (QCoreApplication.translate("ModelCard", "Parameters"),
         format_count(params) if params else unknown),
        (QCoreApplication.translate("ModelCard", "Licence"), licence or unstated),
        (QCoreApplication.translate("ModelCard", "Source"), source),
        (QCoreApplication.translate("ModelCard", "Format"),
         f"{info.format.upper()} · {info.quantization} · {info.architecture}"),
        (QCoreApplication.translate("ModelCard", "Size on disk"), format_bytes(info.size_bytes)),
        (QCoreApplication.translate("ModelCard", "Context"), tokens),
        (QCoreApplication.translate("ModelCard", "File"), str(path)),
    ]


class ModelCard(QDialog):
    """The card of the loaded model; its facts fill in once read (off the GUI thread)."""

    def __init__(self, info: Any, source: str, template: tuple[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {name}").format(name=info.name))
        self.setAccessibleName(self.tr("Model card"))
        self.resize(620, 560)
        self.form = QFormLayout()
        self.status = QLabel(self.tr("Reading the model's files…"), self)
        self.status.setAccessibleName(self.tr("Model card status"))
        self.form.addRow(self.status)
        name, text = template
        self.template = QPlainTextEdit(text, self)
        self.template.setReadOnly(True)
        self.template.setAccessibleName(self.tr("Chat template"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(QLabel(self.tr("Chat template: {name}").format(name=name), self))
        layout.addWidget(self.template, 1)
        layout.addWidget(buttons)
        self.facts: dict[str, str] = {}
        run_in_background(self, lambda: card_facts(info, source), self._show, self._failed)

    def _show(self, rows: list[tuple[str, str]]) -> None:
        self.status.hide()
        for label, value in rows:
            shown = QLabel(value, self)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(label)
            self.form.addRow(label, shown)
            self.facts[label] = value

    def _failed(self, message: str) -> None:
        self.status.setText(self.tr("The model's files could not be read: {why}").format(
            why=message))
