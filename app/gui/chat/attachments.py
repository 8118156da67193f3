"""The files a message is sent with, in the window: chips above the composer (name, size in
the loaded model's tokens, a remove button; an image's chip shows a small picture of it and
its size in pixels) and a viewer for a file's text.

Reading a file (a PDF's text, an image's pixels) runs off the GUI thread
(:func:`app.gui.bridge.run_in_background`); what cannot be read is said in one sentence and
nothing is attached. Images are read by :mod:`app.gui.chat.images`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
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
from app.gui.bridge import run_in_background
from app.gui.chat import images
from inference.attachments import Attachment, render

#: Where the transcript's HTML finds the file icon (TranscriptView.loadResource).
FILE_ICON_URL = "orchard-icon:file"


def file_icon(widget: QWidget, size: int = 16) -> QPixmap:
    """The platform's own file icon (the Finder's on a Mac): an emoji would need a font
    that a Linux desktop may not have."""
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(size, size)


@dataclass
class Pending:
    """An attachment on its way into a message: its text, and its size in tokens once the
    loaded model has counted it (None: not yet, or no model; an image is never counted: its
    tokens depend on the vision model's processor)."""

    attachment: Attachment
    tokens: int | None = None
    #: where it goes among the others: the order it was asked for in (files are read at
    #: once, and a large image may take longer than the text file after it)
    order: int = 0


class AttachmentChip(QWidget):
    """One file above the composer: its name and size (an image: a small picture of it and
    its size in pixels), and a button that removes it."""

    removed = Signal(object)

    def __init__(self, item: Pending, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("attachmentChip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(2 if not item.attachment.is_image else 6)
        self.icon = QLabel(self)
        self.pixels: QSize | None = None  # an image's width and height
        a = item.attachment
        if a.is_image:
            self.pixels = images.pixel_size(a.data)
            box = QSize(images.CHIP_HEIGHT * 2, images.CHIP_HEIGHT)
            self.icon.setPixmap(images.thumbnail_pixmap(a.data, box, self))
            self.icon.setAccessibleName(images.accessible_name(a))
            self.icon.setToolTip(a.name)
        else:
            self.icon.setPixmap(file_icon(self, self.fontMetrics().height()))
        layout.addWidget(self.icon)
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
        self.remove.setAccessibleName(self.tr("Remove {name}").format(name=a.name))
        if self.pixels is not None:
            self.label.setText(f"{a.name} · {images.size_text(self.pixels)}")
            self.setAccessibleName(self.tr("Attached image {name}").format(name=a.name))
            return
        size = (self.tr("counting…") if self.item.tokens is None
                else self.tr("%n tokens", "", self.item.tokens))
        cut = self.tr(" (cut)") if a.cut else ""
        self.label.setText(f"{a.name}{cut} · {size}")
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
        self._asked = 0  # files asked for so far (their order)
        #: counts a text's tokens with the loaded model (set by the controller; runs off the
        #: GUI thread); None: no model, sizes stay "counting…"
        self.counter: Callable[[str], int] | None = None
        self.hide()

    # --- adding and removing ------------------------------------------------------------------
    def add_paths(self, paths: list[str]) -> None:
        """Read each file off the GUI thread and attach it; a file that cannot be read is
        said in one sentence and left out."""
        for path in paths:
            run_in_background(self, partial(images.read_file, path),
                              partial(self.add, order=self._next()),
                              lambda message: messages.error(message))

    def add_image(self, image: QImage) -> None:
        """Attach a pasted picture (as PNG), encoded off the GUI thread."""
        picture, name = image.copy(), images.pasted_name()  # a copy of its own for the task
        run_in_background(self, lambda: images.from_clipboard(picture, name),
                          partial(self.add, order=self._next()),
                          lambda message: messages.error(message))

    def _next(self) -> int:
        self._asked += 1
        return self._asked

    def add(self, attachment: Attachment, order: int | None = None) -> None:
        """Attach ``attachment``: after those asked for before it (``order``; None: last)."""
        if any(i.attachment == attachment for i in self.items):
            return  # the same file twice (a double drop) is attached once
        item = Pending(attachment, order=self._next() if order is None else order)
        at = sum(1 for i in self.items if i.order < item.order)
        self.items.insert(at, item)
        chip = AttachmentChip(item, self)
        chip.removed.connect(self.remove)
        self._row.insertWidget(at, chip)
        self._chips.insert(at, chip)
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

    def has_images(self) -> bool:
        return any(i.attachment.is_image for i in self.items)

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
        if counter is None or item.attachment.is_image:
            return
        text = render("", [item.attachment])

        def counted(n: int) -> None:
            if item in self.items:
                item.tokens = n
                self._refresh()
                self.changed.emit()

        run_in_background(self, lambda: counter(text), counted)

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
        """The files' size in tokens, or None while one is not counted yet (images are not
        counted: their size is the vision model's to decide)."""
        counts = [i.tokens for i in self.items if not i.attachment.is_image]
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
