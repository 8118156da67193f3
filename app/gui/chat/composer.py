"""The composer: where the user writes. Enter sends, Shift+Enter adds a line.

Enter never sends while an input method is composing (Japanese, Chinese, Korean): the
Enter that confirms a conversion belongs to the IME, not to us.

Signals:
    submitted(str): the user sent this text.
    stop_requested(): the user pressed Stop (or Esc) while a reply streams.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QImage, QInputMethodEvent, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.chat.attachments import AttachmentBar

PLACEHOLDER = str(QT_TRANSLATE_NOOP("Composer",
                                    "Message (Enter sends, Shift+Enter for a new line)"))
#: The message box is this many lines of text high, in the font the system asks for.
LINES = 4


def _local_files(mime: QMimeData) -> list[str]:
    """The local files (not folders) a drop or paste carries."""
    from pathlib import Path

    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls()
            if u.isLocalFile() and Path(u.toLocalFile()).is_file()]


def _picture(mime: QMimeData) -> QImage | None:
    """The picture a paste or drop carries (a screenshot, an image copied in a browser), or
    None. When it comes with plain text as well (a spreadsheet's cells are copied as both),
    the text is what was meant."""
    if not mime.hasImage() or mime.hasText():
        return None
    data = mime.imageData()
    if isinstance(data, QPixmap):
        data = data.toImage()
    return data if isinstance(data, QImage) and not data.isNull() else None


def _placeholder() -> str:
    return QCoreApplication.translate("Composer", PLACEHOLDER)


class ComposerEdit(QPlainTextEdit):
    submitted = Signal()
    files_pasted = Signal(list)  # local file paths pasted (Cmd+V on files copied in Finder)
    image_pasted = Signal(QImage)  # a picture pasted (a screenshot on the clipboard)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preedit = ""
        self.setPlaceholderText(_placeholder())
        self.setAccessibleName(self.tr("Message"))
        self.setTabChangesFocus(True)
        self._fit_height()

    def _fit_height(self) -> None:
        """LINES lines of text in the current font: a larger system text size makes a taller
        box, never clipped lines (a height in pixels would hold four lines at one size only)."""
        margins = self.contentsMargins()
        height = (LINES * self.fontMetrics().lineSpacing()
                  + 2 * self.document().documentMargin() + margins.top() + margins.bottom())
        self.setFixedHeight(int(height + 0.5))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt API)
        return (bool(_local_files(source)) or _picture(source) is not None
                or super().canInsertFromMimeData(source))

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt API)
        files = _local_files(source)
        if files:  # files become attachments; their paths are not text to send
            self.files_pasted.emit(files)
            return
        picture = _picture(source)
        if picture is not None:
            self.image_pasted.emit(picture)
            return
        super().insertFromMimeData(source)

    def is_composing(self) -> bool:
        return bool(self._preedit)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt API)
        self._preedit = event.preeditString()
        # Qt draws the placeholder while the document is empty, and text being composed is
        # not in the document yet: without this the two are drawn over each other.
        self.setPlaceholderText("" if self._preedit else _placeholder())
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.is_composing():
            return  # the Enter that confirms a conversion belongs to the input method
        if enter:
            mods = event.modifiers()
            if mods & Qt.KeyboardModifier.ShiftModifier:
                super().keyPressEvent(event)  # Shift+Enter: a new line
                return
            self.submitted.emit()  # Enter or Ctrl/Cmd+Enter
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    """The message box, its Send (Stop) and Attach buttons, and the files attached.

    Signals:
        submitted(str): send this text (with the files in :attr:`attachments`).
        stop_requested(): the user pressed Stop.
        send_cut_requested(): send, the files cut to what fits the context.
    """

    submitted = Signal(str)
    stop_requested = Signal()
    send_cut_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = ComposerEdit(self)
        self.button = QPushButton(self.tr("Send"), self)
        self.button.setAccessibleName(self.tr("Send"))
        self.button.setDefault(False)
        self.attach = QPushButton(self.tr("Attach…"), self)
        self.attach.setAccessibleName(self.tr("Attach files"))
        self.attach.setToolTip(self.tr(
            "Attach text, code, PDF or image files (or drop or paste them)"))
        self.attach.clicked.connect(self.choose_files)
        self.attachments = AttachmentBar(self)
        self.edit.files_pasted.connect(self.attachments.add_paths)
        self.edit.image_pasted.connect(self.attachments.add_image)
        # said when the message with its files would not fit the model's context
        self.budget = QLabel(self)
        self.budget.setWordWrap(True)
        self.budget.hide()
        self.send_cut = QPushButton(self.tr("Send the Part That Fits"), self)
        self.send_cut.hide()
        self.send_cut.clicked.connect(self.send_cut_requested)
        budget_row = QHBoxLayout()
        budget_row.addWidget(self.budget, 1)
        budget_row.addWidget(self.send_cut)
        buttons = QVBoxLayout()
        buttons.addWidget(self.button)
        buttons.addWidget(self.attach)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.attachments)
        layout.addLayout(budget_row)
        layout.addLayout(row)
        self._streaming = False
        self.edit.submitted.connect(self._send)
        self.button.clicked.connect(self._clicked)

    def choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from app.gui import places
        from inference.attachments import IMAGE_EXTENSIONS

        patterns = " ".join(f"*.{e}" for e in IMAGE_EXTENSIONS)
        filters = [self.tr("Text, code, PDF and image files (*)"),
                   self.tr("Images ({patterns})").format(patterns=patterns)]
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Attach files"), places.documents(), ";;".join(filters))
        self.attachments.add_paths(paths)

    def set_budget(self, text: str, *, cut: bool = True) -> None:
        """Say (or stop saying, with "") why the message cannot be sent as it is: it would
        not fit the context (``cut``: offer to send the part that fits), or the model cannot
        see its images."""
        self.budget.setText(text)
        self.budget.setVisible(bool(text))
        self.send_cut.setVisible(bool(text) and cut)

    def set_streaming(self, streaming: bool) -> None:
        """While a reply streams the Send button becomes Stop."""
        self._streaming = streaming
        label = self.tr("Stop") if streaming else self.tr("Send")
        self.button.setText(label)
        self.button.setAccessibleName(label)

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)
        self.edit.setFocus()

    def _clicked(self) -> None:
        if self._streaming:
            self.stop_requested.emit()
        else:
            self._send()

    def _send(self) -> None:
        text = self.edit.toPlainText()
        if self._streaming or not (text.strip() or self.attachments.items):
            return
        self.edit.clear()
        self.submitted.emit(text)
