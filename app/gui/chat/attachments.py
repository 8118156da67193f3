"""The files a message is sent with, in the window: chips above the composer (name, size in
the loaded model's tokens, a remove button) and a viewer for a file's text.

Reading a file (a PDF's text) runs off the GUI thread (:func:`app.gui.tasks.run_task`); what
cannot be read is said in one sentence and nothing is attached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import notify as messages
from app.gui.tasks import run_task
from inference.attachments import Attachment, read_attachment, render

#: Pictures: not text to read; a model that sees images is needed (none loads yet).
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif", ".bmp", ".tif",
                  ".tiff"}

#: Where the transcript's HTML finds the file icon (TranscriptView.loadResource).
FILE_ICON_URL = "orchard-icon:file"


def file_icon(widget: QWidget, size: int = 16) -> QPixmap:
    """The platform's own file icon (the Finder's on a Mac): an emoji would need a font
    that a Linux desktop may not have."""
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(size, size)


@dataclass
class Pending:
    """An attachment on its way into a message: its text, and its size in tokens once the
    loaded model has counted it (None: not yet, or no model)."""

    attachment: Attachment
    tokens: int | None = None


class AttachmentChip(QWidget):
    """One file above the composer: its name and size, and a button that removes it."""

    removed = Signal(object)

    def __init__(self, item: Pending, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("attachmentChip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(2)
        icon = QLabel(self)
        icon.setPixmap(file_icon(self, self.fontMetrics().height()))
        layout.addWidget(icon)
        self.label = QLabel(self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.remove = QToolButton(self)
        self.remove.setText("\u2715")
        self.remove.setAutoRaise(True)
        self.remove.setIconSize(QSize(10, 10))
        self.remove.setToolTip(self.tr("Remove this file from the message"))
        self.remove.clicked.connect(lambda: self.removed.emit(self.item))
        layout.addWidget(self.label)
        layout.addWidget(self.remove)
        self.refresh()

    def refresh(self) -> None:
        a = self.item.attachment
        size = (self.tr("counting…") if self.item.tokens is None
                else self.tr("%n tokens", "", self.item.tokens))
        cut = self.tr(" (cut)") if a.cut else ""
        self.label.setText(f"{a.name}{cut} · {size}")
        self.remove.setAccessibleName(self.tr("Remove {name}").format(name=a.name))
        self.setAccessibleName(self.tr("Attached file {name}").format(name=a.name))


class AttachmentBar(QWidget):
    """The chips above the composer; hidden while there are none.

    Signals:
        changed(): a file was added or removed, or its token count came in.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[Pending] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addStretch(1)
        self._chips: list[AttachmentChip] = []
        #: counts a text's tokens with the loaded model (set by the controller; runs off the
        #: GUI thread); None: no model, sizes stay "counting…"
        self.counter: Callable[[str], int] | None = None
        self.hide()

    # --- adding and removing ------------------------------------------------------------------
    def add_paths(self, paths: list[str]) -> None:
        """Read each file off the GUI thread and attach it; a file that cannot be read is
        said in one sentence and left out."""
        for path in paths:
            if Path(path).suffix.lower() in IMAGE_SUFFIXES:
                messages.error(self.tr(
                    "{name} is an image, and the loaded model reads text only: it cannot see "
                    "images.").format(name=Path(path).name))
                continue
            run_task(self, partial(read_attachment, path), self.add,
                     lambda message: messages.error(message))

    def add(self, attachment: Attachment) -> None:
        if any(i.attachment == attachment for i in self.items):
            return  # the same file twice (a double drop) is attached once
        item = Pending(attachment)
        self.items.append(item)
        chip = AttachmentChip(item, self)
        chip.removed.connect(self.remove)
        self._row.insertWidget(len(self._chips), chip)
        self._chips.append(chip)
        self.show()
        self.count(item)
        self.changed.emit()

    def remove(self, item: Pending) -> None:
        for chip in [c for c in self._chips if c.item is item]:
            self._chips.remove(chip)
            self._row.removeWidget(chip)
            chip.deleteLater()
        self.items = [i for i in self.items if i is not item]
        self.setVisible(bool(self.items))
        self.changed.emit()

    def set_attachments(self, attachments: list[Attachment]) -> None:
        """Show exactly these (an edit brings back the message's files)."""
        self.clear()
        for a in attachments:
            self.add(a)

    def clear(self) -> None:
        for item in list(self.items):
            self.remove(item)

    def attachments(self) -> list[Attachment]:
        return [i.attachment for i in self.items]

    def replace(self, attachments: list[Attachment]) -> None:
        """The same files, changed (cut to fit): their chips say so."""
        for item, new in zip(self.items, attachments, strict=True):
            if item.attachment != new:
                item.attachment, item.tokens = new, None
                self.count(item)
        self._refresh()
        self.changed.emit()

    # --- sizes -------------------------------------------------------------------------------
    def count(self, item: Pending) -> None:
        counter = self.counter
        if counter is None:
            return
        text = render("", [item.attachment])

        def counted(n: int) -> None:
            if item in self.items:
                item.tokens = n
                self._refresh()
                self.changed.emit()

        run_task(self, lambda: counter(text), counted)

    def recount(self) -> None:
        """Another model is loaded: its tokens, not the last one's."""
        for item in self.items:
            item.tokens = None
            self.count(item)
        self._refresh()

    def _refresh(self) -> None:
        for chip in self._chips:
            chip.refresh()

    def tokens(self) -> int | None:
        """The files' size in tokens, or None while one is not counted yet."""
        counts = [i.tokens for i in self.items]
        return None if any(c is None for c in counts) else sum(c or 0 for c in counts)


def show_attachment(parent: QWidget, attachment: Attachment) -> QDialog:
    """A window with a file's text as the model is sent it (read-only, selectable)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(attachment.name)
    dialog.setAccessibleName(attachment.name)
    text = QPlainTextEdit(dialog)
    text.setReadOnly(True)
    text.setPlainText(attachment.text)
    text.setAccessibleName(QCoreApplication.translate(
        "Attachments", "Text of {name}").format(name=attachment.name))
    note = QLabel(dialog)
    note.setWordWrap(True)
    note.setText(QCoreApplication.translate(
        "Attachments", "The text the model is sent from this file; only the first part, which "
        "fit the context.") if attachment.cut else QCoreApplication.translate(
        "Attachments", "The text the model is sent from this file."))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(note)
    layout.addWidget(text, 1)
    layout.addWidget(buttons)
    dialog.resize(720, 560)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
