"""Code blocks in the conversation view: real widgets laid into the transcript's document.

Qt's rich text cannot scroll one part of a document sideways: a ``<pre>`` line longer than the
column widens the whole document, and the transcript scrolls sideways with it. So the
Markdown renderer leaves a placeholder image for each code block (``orchard-code:<id>:<n>``),
and :class:`CodeLayout` — the document layout's handler for images — gives it the column's
width and the code's height, paints its tinted rounded background, and notes where it was
drawn. After each paint the view puts a :class:`CodeBlockView` there: a language label and a
Copy button over the highlighted code, which scrolls horizontally inside the block.

Widgets are made only for blocks that have been on screen, so a long conversation opens as
fast as before.

Being the handler for every image in the document, :class:`CodeLayout` also draws the
transcript's other pictures: the file icon of a file's card, and an image attachment's
thumbnail (``orchard-image:<id>:<n>``, looked up through :attr:`CodeLayout.pictures`).

Signals (CodeBlockView):
    copy_requested(str): the Copy button was pressed, with the block's code.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPyTextObject,
    QTextDocument,
    QTextFormat,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.chat.attachments import FILE_ICON_URL, file_icon
from app.gui.markdown_render import CODE_SCHEME, CodeBlock
from app.gui.theme import Colours

#: Space around the code inside the block, and the corners' radius, in pixels.
PAD = 10
RADIUS = 8


def code_font() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def header_height(widget: QWidget) -> int:
    return int(widget.fontMetrics().height()) + 10


class _CodeText(QTextBrowser):
    """The highlighted code: no wrapping, its own horizontal scroll bar; a vertical wheel
    goes on to the transcript (the block is always as tall as its code)."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        delta = event.angleDelta()
        if abs(delta.y()) > abs(delta.x()) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            event.ignore()
            return
        super().wheelEvent(event)


class CodeBlockView(QFrame):
    """One code block's widget: the language and Copy above the code."""

    copy_requested = Signal(str)

    def __init__(self, block: CodeBlock, colours: Colours, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("codeBlock")
        self.block = block
        # transparent: the document draws the tinted rounded block underneath
        self.label = QLabel(self)
        self.label.setStyleSheet(f"color: {colours.code_label};")
        self.copy = QToolButton(self)
        self.copy.setText(self.tr("Copy"))
        self.copy.setAutoRaise(True)
        self.copy.setToolTip(self.tr("Copy the code"))
        self.copy.setAccessibleName(self.tr("Copy the code"))
        self.copy.setCursor(Qt.CursorShape.PointingHandCursor)
        self.copy.clicked.connect(self._copy)
        self.text = _CodeText(self)
        self.text.setAccessibleName(self.tr("Code"))
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # transparent through the palette: a stylesheet would restyle its scroll bar too
        palette = self.text.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(Qt.GlobalColor.transparent))
        self.text.setPalette(palette)
        self.text.viewport().setAutoFillBackground(False)
        self.text.document().setDocumentMargin(0)
        self.text.document().setDefaultFont(code_font())
        self.text.setViewportMargins(PAD, 0, PAD, 0)
        top = QHBoxLayout()
        top.setContentsMargins(PAD, 0, 4, 0)
        top.addWidget(self.label)
        top.addStretch(1)
        top.addWidget(self.copy)
        header = QWidget(self)
        header.setLayout(top)
        header.setFixedHeight(header_height(self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, PAD // 2)
        layout.setSpacing(PAD // 2)
        layout.addWidget(header)
        layout.addWidget(self.text, 1)
        self.set_block(block)

    def set_block(self, block: CodeBlock) -> None:
        """Show ``block`` (a streaming block grows): only when its text changed."""
        if block == self.block and self.text.document().characterCount() > 1:
            return
        self.block = block
        self.label.setText(block.language or self.tr("code"))
        bar = self.text.horizontalScrollBar()
        kept = bar.value()
        self.text.setHtml(f'<pre style="margin:0;">{block.html}</pre>')
        bar.setValue(kept)

    def _copy(self) -> None:
        self.copy_requested.emit(self.block.code)
        self.copy.setText(self.tr("Copied"))
        QTimer.singleShot(1500, self, lambda: self.copy.setText(self.tr("Copy")))


class CodeLayout(QPyTextObject):
    """The document layout's handler for the code placeholders: their size, their
    background, and where they were last drawn (for the widgets)."""

    def __init__(self, view: QTextBrowser, lookup: Callable[[str], CodeBlock | None],
                 colours: Callable[[], Colours]) -> None:
        super().__init__(view)
        self.view = view
        self.lookup = lookup
        self.colours = colours
        self.drawn: dict[str, QRect] = {}
        self.widgets: dict[str, CodeBlockView] = {}
        self.on_copy: Callable[[str], None] = lambda _code: None
        #: an image attachment's thumbnail by its name in the document (None: not one)
        self.pictures: Callable[[str], QPixmap | None] = lambda _name: None

    # --- QTextObjectInterface ----------------------------------------------------------------
    def intrinsicSize(self, doc: QTextDocument, pos: int,  # noqa: N802 (Qt API)
                      fmt: QTextFormat) -> QSizeF:
        image = fmt.toImageFormat()
        if image.name() == FILE_ICON_URL or self.pictures(image.name()) is not None:
            return QSizeF(image.width(), image.height())  # the size its HTML gives
        block = self.lookup(image.name())
        if block is None:
            return QSizeF(0, 0)
        width = self._width(doc, pos)
        metrics = QFontMetricsF(code_font())
        lines = block.code.rstrip("\n").split("\n")
        widest = max(metrics.horizontalAdvance(line.expandtabs(4)) for line in lines)
        height = header_height(self.view) + PAD // 2 + len(lines) * metrics.lineSpacing()
        height += PAD // 2 + 6
        if widest + 2 * PAD > width - 2:  # the code scrolls: room for its scroll bar
            height += self.view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSizeF(width, float(int(height)))

    def drawObject(self, painter: QPainter, rect: QRectF | QRect,  # noqa: N802 (Qt API)
                   doc: QTextDocument, pos: int, fmt: QTextFormat) -> None:
        rect = QRectF(rect)
        name = fmt.toImageFormat().name()
        if name == FILE_ICON_URL:
            icon = file_icon(self.view, 2 * int(rect.height()))
            painter.drawPixmap(rect, icon, QRectF(icon.rect()))
            return
        picture = self.pictures(name)
        if picture is not None:
            self._draw_picture(painter, rect, picture)
            return
        if self.lookup(name) is None:
            return
        c = self.colours()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(c.code_border), 1))
        painter.setBrush(QColor(c.code_bg))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        painter.restore()
        self.drawn[name] = painter.transform().mapRect(rect).toAlignedRect()

    def _draw_picture(self, painter: QPainter, rect: QRectF, picture: QPixmap) -> None:
        """A thumbnail, its corners rounded, in a thin border (a white image on the white
        page still has an edge)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        clip = QPainterPath()
        clip.addRoundedRect(rect, RADIUS / 2, RADIUS / 2)
        painter.setClipPath(clip)
        painter.drawPixmap(rect, picture, QRectF(picture.rect()))
        painter.setClipping(False)
        painter.setPen(QPen(QColor(self.colours().code_border), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS / 2, RADIUS / 2)
        painter.restore()

    def _width(self, doc: QTextDocument, pos: int) -> float:
        """The column's width at ``pos``: the text width less the margins and any list or
        quote indentation of its paragraph (so the block never pushes the document wider)."""
        frame = doc.rootFrame().frameFormat()
        # (the view sets the root frame's side margins; the document margin is only above
        # and below)
        width = doc.textWidth() - frame.leftMargin() - frame.rightMargin()
        paragraph = doc.findBlock(pos)
        fmt = paragraph.blockFormat()
        width -= fmt.leftMargin() + fmt.rightMargin() + fmt.indent() * doc.indentWidth()
        listed = paragraph.textList()
        if listed is not None:
            width -= listed.format().indent() * doc.indentWidth()
        return max(80.0, width - 2)

    # --- the widgets ---------------------------------------------------------------------------
    def begin_paint(self) -> None:
        self.drawn = {}

    def end_paint(self, exposed: QRect) -> None:
        """Put a widget over every block just drawn; hide those whose block is gone from
        the part just painted (removed, or re-rendered under another name)."""
        for name, rect in self.drawn.items():
            block = self.lookup(name)
            if block is None:
                continue
            widget = self.widgets.get(name)
            if widget is None:
                widget = CodeBlockView(block, self.colours(), self.view.viewport())
                widget.copy_requested.connect(lambda code: self.on_copy(code))
                self.widgets[name] = widget
            else:
                widget.set_block(block)
            if widget.geometry() != rect:
                widget.setGeometry(rect)
            if widget.isHidden():
                widget.show()
        for name, widget in self.widgets.items():
            if name not in self.drawn and not widget.isHidden() and \
                    widget.geometry().intersects(exposed):
                widget.hide()

    def clear(self) -> None:
        """The document was replaced: its blocks' widgets go."""
        for widget in self.widgets.values():
            widget.hide()
            widget.deleteLater()
        self.widgets = {}
        self.drawn = {}


def placeholder(message_id: int, n: int) -> str:
    return f"{CODE_SCHEME}:{message_id}:{n}"
