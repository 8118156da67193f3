"""The conversation view: one QTextBrowser document holding every message.

Opening a conversation renders it once (a 500-message chat is one setHtml). While a reply
streams, only that reply's open tail is replaced in the document, through a text cursor;
the rest of the transcript is never re-rendered.

The view follows the reply while the user is at the bottom, as chat apps do; scrolling up to
read stops following, and a "Jump to latest" button (bottom right) brings them back and
follows again. Whether to follow is decided by what the user did to the scroll bar (wheel,
keys, drag), never by where a growing document happens to leave it.

A message's actions are a small bar of icon buttons that appears at the right of its header
while the pointer is over the message (as in LM Studio and other chat apps), each with a
tooltip and an accessible name; the same actions are in the message's context menu, which
the keyboard reaches (menu key, at the text cursor's message).

Each message is a block of its own under its role's name: what the user typed sits in a
tinted block, a reply reads as plain text on the page (as in LM Studio and Jan). A message's
HTML is put together by :meth:`TranscriptView._message_html` from a header (its anchor, its
title and :meth:`TranscriptView._header_extras`, the place for a small per-message control),
a body and a footer. Code blocks are widgets laid into the text (app/gui/chat/code_block.py),
so a long line scrolls inside its block and never widens the transcript. Colours come from
app/gui/theme.py and follow the palette (light or dark).

Signals:
    action(str, int): a message action was chosen: ("copy" | "edit" | "delete" |
        "regenerate" | "continue", message id), or ("version", the version to show).
    copied(str): text was put on the clipboard (for a short confirmation).
"""

from __future__ import annotations

import bisect
import html
import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QGuiApplication,
    QMouseEvent,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QAbstractSlider,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMenu,
    QTextBrowser,
    QToolButton,
    QWidget,
)

from app.gui.chat import images
from app.gui.chat.attachments import FILE_ICON_URL, show_attachment
from app.gui.chat.code_block import CodeLayout
from app.gui.markdown_render import CODE_SCHEME, CodeBlock, MarkdownRenderer, StreamingMarkdown
from app.gui.theme import Colours, colours_for, is_dark
from inference.model.memory import format_bytes

#: The widest the text column grows, in pixels (about 100 characters), however wide the window.
READABLE_WIDTH = 860
#: Space above and below a message's title line, in pixels: what sets messages apart.
HEADER_SPACE = (22, 6)
#: The least space between the text and the view's edges, in pixels.
SIDE_MARGIN = 10

#: The message actions: a symbol each (drawn by any font) and what it does, as a tooltip.
ICONS = {"copy": "\u2750", "edit": "\u270e", "regenerate": "\u21bb", "continue": "\u2192",
         "delete": "\u2715"}
TIPS = {"copy": QT_TRANSLATE_NOOP("Transcript", "Copy the message"),
        "edit": QT_TRANSLATE_NOOP("Transcript", "Edit: send again from here"),
        "regenerate": QT_TRANSLATE_NOOP("Transcript", "Write this reply again"),
        "continue": QT_TRANSLATE_NOOP("Transcript", "Write more of this reply"),
        "delete": QT_TRANSLATE_NOOP("Transcript", "Delete the message")}
LABELS = {"copy": QT_TRANSLATE_NOOP("Transcript", "Copy"),
          "edit": QT_TRANSLATE_NOOP("Transcript", "Edit"),
          "regenerate": QT_TRANSLATE_NOOP("Transcript", "Regenerate"),
          "continue": QT_TRANSLATE_NOOP("Transcript", "Continue"),
          "delete": QT_TRANSLATE_NOOP("Transcript", "Delete")}
#: The same actions in the message's context menu (beside the standard Copy of a selection).
MENU_LABELS = {**LABELS, "copy": QT_TRANSLATE_NOOP("Transcript", "Copy Message"),
               "delete": QT_TRANSLATE_NOOP("Transcript", "Delete Message")}

ROLE_TITLES = {"user": QT_TRANSLATE_NOOP("Transcript", "You"),
               "assistant": QT_TRANSLATE_NOOP("Transcript", "Assistant"),
               "system": QT_TRANSLATE_NOOP("Transcript", "System"),
               "tool": QT_TRANSLATE_NOOP("Transcript", "Tool")}

#: How a tool call ended, as its card says it (inference.tools.turns' states).
TOOL_STATES = {"ran": QT_TRANSLATE_NOOP("Transcript", "allowed"),
               "error": QT_TRANSLATE_NOOP("Transcript", "the tool reported an error"),
               "failed": QT_TRANSLATE_NOOP("Transcript", "failed"),
               "denied": QT_TRANSLATE_NOOP("Transcript", "denied"),
               "stopped": QT_TRANSLATE_NOOP("Transcript", "stopped"),
               "limit": QT_TRANSLATE_NOOP("Transcript", "not run: the limit of calls was reached"),
               "unknown": QT_TRANSLATE_NOOP("Transcript", "no such tool")}
#: The most of a tool's result a card shows (the whole of it is in the conversation).
TOOL_CARD_CHARS = 4000


@dataclass
class ShownMessage:
    id: int
    role: str
    content: str
    stats: str = ""  # the per-reply stats line, already formatted
    complete: bool = True
    #: the versions at this place (edits, regenerations), this one included, oldest first
    versions: tuple[int, ...] = ()
    #: the files sent with it (inference.attachments.Attachment), shown as cards
    attachments: tuple[Any, ...] = ()
    #: a tool message's record (inference.store.StoredMessage.tool): shown as a card
    tool: dict[str, Any] | None = None

    def version_step(self, step: int) -> int | None:
        """The version ``step`` away (-1: the one before, +1: the one after), if any."""
        if self.id not in self.versions:
            return None
        i = self.versions.index(self.id) + step
        return self.versions[i] if 0 <= i < len(self.versions) else None


def _tr(text: object) -> str:
    """A text of the tables above (marked with QT_TRANSLATE_NOOP), in the user's language."""
    return QCoreApplication.translate("Transcript", str(text))


def _is_dark(widget: QWidget) -> bool:
    return is_dark(widget.palette())


def document_style(c: Colours) -> str:
    """The document's stylesheet: paragraphs, lists and tables spaced like the system's
    text, inline code tinted."""
    return (
        "p { margin-top: 0px; margin-bottom: 8px; line-height: 135%; }"
        " li { margin-bottom: 3px; line-height: 135%; }"
        " ul, ol { margin-top: 0px; margin-bottom: 8px; }"
        " h1, h2, h3, h4 { margin-top: 12px; margin-bottom: 6px; }"
        f" code {{ background-color: {c.code_bg}; }}"
        f" blockquote {{ color: {c.muted}; margin-left: 12px; }}"
        " th { font-weight: 600; }"
    )


def actions_for(m: ShownMessage) -> list[str]:
    """What can be done to a message: every message can be copied and deleted, a user's
    edited, a finished reply written again or continued."""
    wanted = ["copy"]
    if m.role == "user":
        wanted.append("edit")
    elif m.role == "tool":  # a call's result is the tool's: it goes with the reply that made
        return wanted  # the call (deleted with it), never written again
    elif m.complete:
        wanted += ["regenerate", "continue"]
    return wanted + ["delete"]


class MessageActions(QFrame):
    """The icon buttons shown over the message under the pointer."""

    chosen = Signal(str, int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("messageActions")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(0)
        self.buttons: dict[str, QToolButton] = {}
        self.message_id = -1
        for name in ICONS:
            button = QToolButton(self)
            button.setText(ICONS[name])
            button.setAutoRaise(True)
            button.setToolTip(_tr(TIPS[name]))
            button.setAccessibleName(_tr(LABELS[name]))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, n=name: self.chosen.emit(n, self.message_id))
            layout.addWidget(button)
            self.buttons[name] = button
        self.hide()

    def show_for(self, m: ShownMessage) -> None:
        wanted = actions_for(m)
        for name, button in self.buttons.items():
            button.setVisible(name in wanted)
        self.message_id = m.id
        self.adjustSize()
        self.show()
        self.raise_()

    def shown_actions(self) -> list[str]:
        return [n for n, b in self.buttons.items() if not b.isHidden()]


class TranscriptView(QTextBrowser):
    action = Signal(str, int)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.setAccessibleName(self.tr("Conversation"))
        self.opened_attachment: QDialog | None = None  # the last file opened from a card
        self._renderer = MarkdownRenderer(dark=_is_dark(self), code_objects=True)
        self._messages: list[ShownMessage] = []
        self._code: dict[int, list[CodeBlock]] = {}
        # the code blocks' sizes and widgets (the layout asks it about every image)
        self._code_layout = CodeLayout(self, self._code_block, lambda: colours_for(self))
        self._code_layout.on_copy = self._copy
        #: image attachments' thumbnails by their name in the document (orchard-image:…);
        #: those of the last render are reused by the next (a message's images never change)
        self._pictures: dict[str, QPixmap] = {}
        self._pictures_before: dict[str, QPixmap] = {}
        self._code_layout.pictures = lambda name: self._pictures.get(name)
        self.document().documentLayout().registerHandler(
            QTextFormat.ObjectTypes.ImageObject.value, self._code_layout)
        self._style_document()
        self._thinking_open: set[int] = set()
        self._notice = ""
        self._stream: StreamingMarkdown | None = None
        self._body_start = 0
        self._final_end = 0
        #: Keep the newest text in view (the user is at the bottom, or asked to jump there).
        self.following = True
        self.jump = QToolButton(self.viewport())
        self.jump.setText("\u2193 " + self.tr("Jump to latest"))
        self.jump.setToolTip(self.tr("Scroll to the newest message and keep following the reply"))
        self.jump.setAccessibleName(self.tr("Jump to latest message"))
        self.jump.setCursor(Qt.CursorShape.PointingHandCursor)
        self.jump.hide()
        self.jump.clicked.connect(self.jump_to_latest)
        bar = self.verticalScrollBar()
        bar.actionTriggered.connect(self._user_scrolled)
        bar.rangeChanged.connect(self._update_jump)
        bar.valueChanged.connect(self._update_jump)
        self.hover = MessageActions(self.viewport())
        self.hover.chosen.connect(self._act)
        self._starts: list[tuple[int, int]] | None = None  # (document position, message id)
        self.document().contentsChanged.connect(self._forget_starts)
        bar.valueChanged.connect(lambda _: self.hover.hide())
        self.viewport().setMouseTracking(True)
        self.viewport().installEventFilter(self)

    # --- look -----------------------------------------------------------------------------
    def _style_document(self) -> None:
        """The system's font, a point larger for reading, and the stylesheet of its mode."""
        font = QGuiApplication.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() + 1)
        self.document().setDefaultFont(font)
        self.document().setDefaultStyleSheet(document_style(colours_for(self)))

    def _code_block(self, name: str) -> CodeBlock | None:
        """The code block an ``orchard-code:<message>:<n>`` placeholder stands for."""
        scheme, _, rest = name.partition(":")
        message, _, n = rest.partition(":")
        if scheme != CODE_SCHEME or not message.lstrip("-").isdigit() or not n.isdigit():
            return None
        blocks = self._code.get(int(message), [])
        return blocks[int(n)] if int(n) < len(blocks) else None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        self._code_layout.begin_paint()
        super().paintEvent(event)
        self._code_layout.end_paint(event.rect())

    # --- the message under the pointer ----------------------------------------------------
    def _forget_starts(self) -> None:
        self._starts = None

    def message_at(self, point: QPoint) -> ShownMessage | None:
        """The message drawn at ``point`` (viewport coordinates), if any."""
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        position = self.document().documentLayout().hitTest(
            QPointF(point) + offset, Qt.HitTestAccuracy.FuzzyHit)
        return self._message_at_position(position)

    def _message_at_position(self, position: int) -> ShownMessage | None:
        if position < 0:
            return None
        if self._starts is None:
            by_id = {m.id: m for m in self._messages}
            self._starts = sorted(
                (p, int(name[1:])) for name, p in self._anchor_positions().items()
                if name[1:].isdigit() and int(name[1:]) in by_id)
        index = bisect.bisect_right(self._starts, (position, 1 << 62)) - 1
        if index < 0:
            return None
        wanted = self._starts[index][1]
        found = next((m for m in self._messages if m.id == wanted), None)
        streaming = self._stream is not None and found is self._messages[-1]
        return None if streaming else found

    def hover_at(self, point: QPoint) -> None:
        """Show the actions of the message under ``point`` at the right of its header."""
        m = self.message_at(point)
        if m is None:
            self.hover.hide()
            return
        start = self._starts_of(m.id)
        if start is None:
            self.hover.hide()
            return
        block = self.document().findBlock(start)
        rect = self.document().documentLayout().blockBoundingRect(block)
        self.hover.show_for(m)
        x = int(rect.right()) - self.horizontalScrollBar().value() - self.hover.width()
        y = (int(rect.bottom()) - self.verticalScrollBar().value() - self.hover.height())
        # a message whose header is scrolled away keeps its bar at the top of the view
        lowest = self.viewport().height() - self.hover.height()
        self.hover.move(max(0, x), max(0, min(y, lowest)))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        """By keyboard too: the actions of the message at the text cursor (the last one at
        first) show, so Tab reaches them after the conversation's links."""
        super().focusInEvent(event)
        self.hover_at(self.cursorRect().center())

    def _starts_of(self, message_id: int) -> int | None:
        return next((p for p, i in self._starts or [] if i == message_id), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.viewport():
            if event.type() == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                self.hover_at(event.position().toPoint())
            elif event.type() == QEvent.Type.Leave:
                self.hover.hide()
        return super().eventFilter(watched, event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt API)
        menu = self.context_menu(event.pos(),
                                 event.reason() == QContextMenuEvent.Reason.Mouse)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu(self, point: QPoint, by_mouse: bool = True) -> QMenu:
        """The standard menu (copy the selection, select all) plus the message's actions:
        the message under the pointer, or at the text cursor when the keyboard asked."""
        # Qt wants document coordinates here (to find a link under the pointer)
        scrolled = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        menu = self.createStandardContextMenu(point + scrolled)
        if by_mouse:
            m = self.message_at(point)
        else:
            m = self._message_at_position(self.textCursor().position())
        if m is not None:
            menu.addSeparator()
            for name in actions_for(m):
                item = menu.addAction(f"{ICONS[name]}  {_tr(MENU_LABELS[name])}")
                item.setToolTip(_tr(TIPS[name]))
                item.triggered.connect(lambda _=False, n=name, i=m.id: self._act(n, i))
            if len(m.versions) > 1:  # the ‹ › of the title line, for the keyboard
                menu.addSeparator()
                for step, label in ((-1, self.tr("Previous Version")),
                                    (1, self.tr("Next Version"))):
                    other = m.version_step(step)
                    item = menu.addAction(label)
                    item.setEnabled(other is not None)
                    if other is not None:
                        item.triggered.connect(
                            lambda _=False, i=other: self.action.emit("version", i))
        return menu

    def _act(self, name: str, message_id: int) -> None:
        self.hover.hide()
        if name == "copy":
            found = [m for m in self._messages if m.id == message_id]
            if found:
                self._copy(found[0].content)
        else:
            self.action.emit(name, message_id)

    # --- following the newest text --------------------------------------------------------
    def _at_bottom(self, position: int | None = None) -> bool:
        bar = self.verticalScrollBar()
        value = bar.value() if position is None else position
        return value >= bar.maximum() - 4

    def _user_scrolled(self, action: int) -> None:
        """The user moved the scroll bar (wheel, keys, drag): follow only from the bottom.
        Qt has already moved sliderPosition when this is emitted."""
        if action != QAbstractSlider.SliderAction.SliderNoAction.value:
            self.following = self._at_bottom(self.verticalScrollBar().sliderPosition())
            self._update_jump()

    def _follow(self) -> None:
        if self.following:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())
        self._update_jump()

    def jump_to_latest(self) -> None:
        self.following = True
        self._follow()

    def _update_jump(self, *_: int) -> None:
        show = not self.following and not self._at_bottom()
        if show != self.jump.isVisible():
            self.jump.setVisible(show)
        if show:
            self._place_jump()

    def _place_jump(self) -> None:
        self.jump.adjustSize()
        area = self.viewport().rect()
        self.jump.move(area.right() - self.jump.width() - 12,
                       area.bottom() - self.jump.height() - 12)

    def _apply_width(self) -> None:
        """Lines no longer than is comfortable to read: on a wide window the text keeps a
        readable column in the middle (the root frame's side margins), as chat apps do."""
        side = max(SIDE_MARGIN, (self.viewport().width() - READABLE_WIDTH) // 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if fmt.leftMargin() != side or fmt.rightMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            frame.setFrameFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._apply_width()
        self._place_jump()
        if self.following:
            self._follow()

    # --- whole transcript ---------------------------------------------------------------
    def set_messages(self, messages: list[ShownMessage], notice: str = "") -> None:
        self._messages = list(messages)
        self._notice = notice
        self._stream = None
        self._renderer = MarkdownRenderer(dark=_is_dark(self), code_objects=True)
        self._code_layout.clear()
        self._code = {}
        self._pictures_before, self._pictures = self._pictures, {}
        self._style_document()
        parts = [self._notice_html()] + [self._message_html(m) for m in self._messages]
        self._pictures_before = {}
        self.setHtml("".join(parts))
        self._apply_width()
        self.moveCursor(QTextCursor.MoveOperation.End)
        self.ensureCursorVisible()
        self.jump_to_latest()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        """Follow the system's light or dark palette (code colours included)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._stream is None and self._messages:
            self.set_messages(self._messages, self._notice)

    def messages(self) -> list[ShownMessage]:
        return list(self._messages)

    def _notice_html(self) -> str:
        if not self._notice:
            return ""
        colour = colours_for(self).notice
        return (f'<p style="color:{colour};"><i>{html.escape(self._notice)}</i></p>')

    def _header(self, m: ShownMessage) -> str:
        """The message's title line: its anchor (hover, search hits), its role, and room
        for a small control of its own (:meth:`_header_extras`)."""
        c = colours_for(self)
        colour = c.assistant_title if m.role == "assistant" else c.user_title
        title = _tr(ROLE_TITLES.get(m.role, m.role))
        return (f'<p style="margin-top:{HEADER_SPACE[0]}px; margin-bottom:{HEADER_SPACE[1]}px;">'
                f'<a name="m{m.id}"></a>'
                f'<span style="color:{colour}; font-weight:600;">{html.escape(title)}</span>'
                f'{self._header_extras(m)}</p>')

    def _header_extras(self, m: ShownMessage) -> str:
        """After the title: ‹ 2/3 › when the message has other versions (an edit, a
        regeneration). The arrows are links; the context menu offers the same."""
        if len(m.versions) < 2 or m.id not in m.versions:
            return ""
        c = colours_for(self)
        parts = []
        for step, arrow in ((-1, "\u2039"), (1, "\u203a")):
            other = m.version_step(step)
            if other is None:  # no further version that way: the arrow is shown, quiet
                parts.append(f'<span style="color:{c.muted};">&nbsp;{arrow}&nbsp;</span>')
            else:
                parts.append(f'<a href="version:{other}" style="text-decoration:none;">'
                             f'&nbsp;{arrow}&nbsp;</a>')
        where = f"{m.versions.index(m.id) + 1}/{len(m.versions)}"
        return (f'<span style="font-size:small; color:{c.muted};">&nbsp;&nbsp;{parts[0]}'
                f'{where}{parts[1]}</span>')

    def _footer(self, m: ShownMessage) -> str:
        """The stats line, small and quiet (the actions are on the hover bar)."""
        if not m.stats:
            return ""
        colour = colours_for(self).muted
        return (f'<p style="font-size:small; color:{colour}; margin-top:2px;">'
                f'{html.escape(m.stats)}</p>')

    def _cards(self, m: ShownMessage) -> str:
        """A compact card per attached file: its name (a link that opens its text), kind and
        size; an image's card is a thumbnail over its name, both opening it larger."""
        c = colours_for(self)
        cards = []
        icon = self.fontMetrics().height()
        for n, a in enumerate(m.attachments):
            card = self._image_card(m.id, n, a) if a.is_image else ""
            if card:
                cards.append(card)
                continue
            size = format_bytes(a.size_bytes)  # as the picker and downloads say sizes
            cut = self.tr(" · cut to fit") if a.cut else ""
            cards.append(
                f'<p style="margin-top:0; margin-bottom:4px;">'
                f'<img src="{FILE_ICON_URL}" width="{icon}" height="{icon}"> '
                f'<a href="file:{m.id}:{n}" style="text-decoration:none;">'
                f'{html.escape(a.name)}</a>'
                f'<span style="color:{c.muted};"> · {html.escape(a.kind.upper())} · {size}'
                f'{cut}</span></p>')
        return "".join(cards)

    def _image_card(self, message_id: int, n: int, a: Any) -> str:
        """An image's thumbnail (at most CARD_SIDE a side), then its name and size in pixels;
        the thumbnail is drawn by the CodeLayout from :attr:`_pictures`. "" when its bytes
        cannot be read (it is shown as a file's card)."""
        name = f"{images.IMAGE_URL}:{message_id}:{n}"
        pixels = images.pixel_size(a.data)
        if pixels.isEmpty():
            return ""
        shown = images.fit(pixels, QSize(images.CARD_SIDE, images.CARD_SIDE))
        picture = self._pictures.get(name)
        if picture is None:
            picture = self._pictures_before.get(name)
        if picture is None:
            picture = images.thumbnail_pixmap(a.data, shown, self)
        if picture.isNull():
            return ""
        self._pictures[name] = picture
        link = f"image:{message_id}:{n}"
        label = html.escape(images.accessible_name(a), quote=True)
        muted = colours_for(self).muted
        # line-height 100%: the page's 135% would leave a third of the picture's height
        # blank under it
        return (f'<p style="margin-top:0; margin-bottom:4px; line-height:100%;">'
                f'<a href="{link}">'
                f'<img src="{name}" width="{shown.width()}" height="{shown.height()}" '
                f'alt="{label}" title="{label}"></a></p>'
                f'<p style="margin-top:0; margin-bottom:6px;">'
                f'<a href="{link}" style="text-decoration:none;">{html.escape(a.name)}</a>'
                f'<span style="color:{muted};"> · {html.escape(images.size_text(pixels))}'
                f'</span></p>')

    def _tool_card(self, m: ShownMessage) -> str:
        """A tool call: the tool and its server, its arguments, how it ended and how long it
        took, then its result (cut, if long: the card says so)."""
        c = colours_for(self)
        tool = m.tool or {}
        arguments = json.dumps(tool.get("arguments", {}), ensure_ascii=False, indent=1)
        server = tool.get("server") or ""
        state = _tr(TOOL_STATES.get(str(tool.get("state", "")), str(tool.get("state", ""))))
        figures = [state]
        if tool.get("seconds"):
            figures.append(self.tr("{seconds} s").format(seconds=f"{tool['seconds']:.2f}"))
        if tool.get("cut"):
            figures.append(self.tr("output cut to fit"))
        result = m.content
        if len(result) > TOOL_CARD_CHARS:
            result = result[:TOOL_CARD_CHARS] + "\n…"
            figures.append(self.tr("shown in part"))
        where = self.tr(" · {server}").format(server=html.escape(server)) if server else ""
        pre = ('style="white-space:pre-wrap; margin:0; font-family:monospace; '
               'font-size:small;"')
        return (f'<table width="100%" cellspacing="0" cellpadding="8" border="0" '
                f'style="background-color:{c.code_bg}; margin-bottom:4px;"><tr><td>'
                f'<p style="margin:0 0 4px 0;"><b>{html.escape(str(tool.get("name", "")))}</b>'
                f'<span style="color:{c.muted};">{where} · '
                f'{html.escape(" · ".join(figures))}</span></p>'
                f'<p {pre}>{html.escape(arguments)}</p>'
                f'<p style="margin:6px 0 2px 0; color:{c.muted};">{self.tr("Result")}</p>'
                f'<p {pre}>{html.escape(result)}</p>'
                f'</td></tr></table>')

    def _calls(self, m: ShownMessage) -> str:
        """Under a reply that called tools: which, in a quiet line (their cards follow)."""
        names = [str(c.get("function", {}).get("name", "")) for c in (m.tool or {}).get(
            "calls", [])]
        if not names:
            return ""
        colour = colours_for(self).muted
        return (f'<p style="color:{colour}; margin-top:2px;">'
                f'{html.escape(self.tr("Calls {tools}").format(tools=", ".join(names)))}</p>')

    def _body(self, m: ShownMessage) -> str:
        if m.role == "tool":
            return self._tool_card(m)
        if m.role == "assistant" and m.tool:
            return self._rendered(m) + self._calls(m)
        if m.role == "user" and m.attachments:
            return self._cards(m) + (self._typed(m) if m.content.strip() else "")
        if m.role == "user":
            return self._typed(m)
        return self._rendered(m)

    def _typed(self, m: ShownMessage) -> str:
        """What the user typed, shown as typed, not as Markdown: pre-wrap keeps pasted
        code's indentation and runs of spaces; the tinted block sets it apart from the
        replies, as chat apps do."""
        text = html.escape(m.content).replace("\n", "<br>")
        bubble = colours_for(self).user_bubble
        return (f'<table width="100%" cellspacing="0" cellpadding="10" border="0" '
                f'style="background-color:{bubble}; margin-bottom:4px;"><tr><td>'
                f'<p style="white-space:pre-wrap; margin:0;">{text}</p>'
                f'</td></tr></table>')

    def _rendered(self, m: ShownMessage) -> str:
        rendered = self._renderer.render(
            m.content, message_id=m.id, show_thinking=m.id in self._thinking_open
        )
        self._code[m.id] = rendered.blocks
        return rendered.html

    def _message_html(self, m: ShownMessage) -> str:
        return self._header(m) + self._body(m) + self._footer(m)

    def append_message(self, message: ShownMessage) -> None:
        """Add a finished message at the end without re-rendering the others."""
        self._messages.append(message)
        cursor = self._end_cursor()
        start = cursor.position()
        cursor.insertHtml(self._message_html(message))
        self._space_header(start)
        self.jump_to_latest()  # the user just sent it: show it, and follow the reply

    def _space_header(self, position: int) -> None:
        """Give the title line at ``position`` its space above and below: insertHtml merges
        the first paragraph into the block it lands in and drops its margins, so a message
        added at the end would sit closer than the same message rendered whole."""
        cursor = QTextCursor(self.document().findBlock(position))
        fmt = cursor.blockFormat()
        fmt.setTopMargin(HEADER_SPACE[0])
        fmt.setBottomMargin(HEADER_SPACE[1])
        cursor.setBlockFormat(fmt)

    def _end_cursor(self) -> QTextCursor:
        """A cursor at the end, in a new block when the document is not empty."""
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if not self.document().isEmpty():
            cursor.insertBlock()
        return cursor

    # --- streaming ----------------------------------------------------------------------
    def begin_reply(self, message: ShownMessage) -> None:
        """Append an empty assistant message that :meth:`append_text` fills."""
        self._messages.append(message)
        cursor = self._end_cursor()
        start = cursor.position()
        cursor.insertHtml(self._header(message))
        self._space_header(start)
        cursor.insertBlock()
        self._body_start = self._final_end = cursor.position()
        self._stream = StreamingMarkdown(self._renderer, message.id)
        self._code[message.id] = []
        self._follow()  # the header is below the fold in a long chat: bring it into view

    def _cleared_from(self, position: int) -> QTextCursor:
        """A cursor at ``position`` with everything after it removed, in a plain block.

        Removing text leaves its last block's format behind: after a tail that ended in a
        list, the next paragraph inserted there would become a list item ("1. There are
        three…"), so the block is taken out of any list and given a plain format."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        listed = cursor.currentList()
        if listed is not None:
            listed.remove(cursor.block())
        cursor.setBlockFormat(QTextBlockFormat())
        return cursor

    def show_progress(self, text: str) -> None:
        """A line in the reply before its first word (e.g. how far the prompt was read); the
        first streamed text replaces it."""
        if self._stream is None or self._final_end != self._body_start:
            return
        cursor = self._cleared_from(self._final_end)
        colour = colours_for(self).muted
        cursor.insertHtml(f'<p style="color:{colour};"><i>{html.escape(text)}</i></p>')
        self._follow()

    def append_text(self, piece: str) -> None:
        """Add streamed text to the reply: re-renders only its open tail."""
        if self._stream is None or not piece:
            return
        new_final, tail = self._stream.feed(piece)
        self._code[self._stream.message_id] = self._stream.blocks  # before the layout asks
        cursor = self._cleared_from(self._final_end)
        if new_final:
            cursor.insertHtml(new_final)
            cursor.insertBlock()
            self._final_end = cursor.position()
        cursor.insertHtml(tail)
        self._follow()  # unless the user scrolled up to read

    def end_reply(self, content: str, stats: str = "", message_id: int | None = None,
                  tool: dict[str, Any] | None = None) -> None:
        """The reply is complete: render it whole once, with its stats and actions (and
        ``tool``, the calls it made: {"calls": [...]})."""
        if not self._messages or self._stream is None:
            return
        last = self._messages[-1]
        last.content, last.stats, last.complete = content, stats, True
        last.tool = tool or last.tool
        if message_id is not None:
            last.id = message_id
        self._stream = None
        # the reply started right after its header block; replace everything from there
        cursor = self._cleared_from(self._body_start)
        cursor.insertHtml(self._body(last) + self._footer(last))
        self._follow()

    # --- search hits ----------------------------------------------------------------------
    def show_hit(self, message_id: int, query: str) -> bool:
        """Bring message ``message_id`` into view and select the first word of ``query`` in
        it (the selection is the highlight). Stops following: the user came to read."""
        start = self._anchor_position(f"m{message_id}")
        if start is None:
            return False
        self.following = False
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        words = [w for w in query.split() if w.strip('"')]
        found = self.document().find(words[0].strip('"'), cursor) if words else QTextCursor()
        if found.isNull():
            found = cursor
        self.setTextCursor(found)
        self.scrollToAnchor(f"m{message_id}")
        self.ensureCursorVisible()
        self._update_jump()
        return True

    def _anchor_position(self, name: str) -> int | None:
        return self._anchor_positions().get(name)

    def _anchor_positions(self) -> dict[str, int]:
        found: dict[str, int] = {}
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                for name in fragment.charFormat().anchorNames():
                    found.setdefault(name, int(fragment.position()))
                it += 1
            block = block.next()
        return found

    # --- links --------------------------------------------------------------------------
    def _on_anchor(self, url: QUrl) -> None:
        target = url.toString()
        kind, _, rest = target.partition(":")
        if kind == "copy":
            msg, _, n = rest.partition(":")
            blocks = self._code.get(int(msg), [])
            if n.isdigit() and int(n) < len(blocks):
                self._copy(blocks[int(n)].code)
        elif kind == "file":  # an attached file's card: its text, in a window of its own
            msg, _, n = rest.partition(":")
            found = [m for m in self._messages if str(m.id) == msg]
            if found and n.isdigit() and int(n) < len(found[0].attachments):
                self.opened_attachment = show_attachment(self, found[0].attachments[int(n)])
        elif kind == "image":  # an image's card: the image, larger
            msg, _, n = rest.partition(":")
            found = [m for m in self._messages if str(m.id) == msg]
            if found and n.isdigit() and int(n) < len(found[0].attachments):
                self.opened_attachment = images.show_image(self, found[0].attachments[int(n)])
        elif kind == "version" and rest.isdigit():
            self.action.emit("version", int(rest))
        elif kind == "think":
            mid = int(rest)
            self._thinking_open ^= {mid}
            self.set_messages(self._messages, self._notice)

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)
