"""The conversation view: one QTextBrowser document holding every message.

Opening a conversation renders it once (a 500-message chat is one setHtml). While a reply
streams, only that reply's open tail is replaced in the document, through a text cursor;
the rest of the transcript is never re-rendered.

The view follows the reply while the user is at the bottom, as chat apps do; scrolling up to
read stops following, and a "Jump to latest" button (bottom right) brings them back and
follows again. Whether to follow is decided by what the user did to the scroll bar (wheel,
keys, drag), never by where a growing document happens to leave it.

Signals:
    action(str, int): a message action link was clicked: ("copy" | "edit" | "delete" |
        "regenerate" | "continue", message id).
    copied(str): text was put on the clipboard (for a short confirmation).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QAbstractSlider, QTextBrowser, QToolButton, QWidget

from app.gui.markdown_render import MarkdownRenderer, StreamingMarkdown

#: The widest the text column grows, in pixels (about 100 characters), however wide the window.
READABLE_WIDTH = 860
#: The least space between the text and the view's edges, in pixels.
SIDE_MARGIN = 10

#: The message actions: a symbol each (drawn by any font) and what it does, as a tooltip.
ICONS = {"copy": "\u2750", "edit": "\u270e", "regenerate": "\u21bb", "continue": "\u2192",
         "delete": "\u2715"}
TIPS = {"copy": "Copy the message", "edit": "Edit: send again from here",
        "regenerate": "Write this reply again", "continue": "Write more of this reply",
        "delete": "Delete the message"}

ROLE_TITLES = {"user": "You", "assistant": "Assistant", "system": "System"}


@dataclass
class ShownMessage:
    id: int
    role: str
    content: str
    stats: str = ""  # the per-reply stats line, already formatted
    complete: bool = True


def _is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Base).lightness() < 128


class TranscriptView(QTextBrowser):
    action = Signal(str, int)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.setAccessibleName("Conversation")
        self._renderer = MarkdownRenderer(dark=_is_dark(self))
        self._messages: list[ShownMessage] = []
        self._code: dict[int, list[str]] = {}
        self._thinking_open: set[int] = set()
        self._notice = ""
        self._stream: StreamingMarkdown | None = None
        self._body_start = 0
        self._final_end = 0
        #: Keep the newest text in view (the user is at the bottom, or asked to jump there).
        self.following = True
        self.jump = QToolButton(self.viewport())
        self.jump.setText("\u2193 Jump to latest")
        self.jump.setToolTip("Scroll to the newest message and keep following the reply")
        self.jump.setAccessibleName("Jump to latest message")
        self.jump.setCursor(Qt.CursorShape.PointingHandCursor)
        self.jump.hide()
        self.jump.clicked.connect(self.jump_to_latest)
        bar = self.verticalScrollBar()
        bar.actionTriggered.connect(self._user_scrolled)
        bar.rangeChanged.connect(self._update_jump)
        bar.valueChanged.connect(self._update_jump)

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
        self._renderer = MarkdownRenderer(dark=_is_dark(self))
        parts = [self._notice_html()] + [self._message_html(m) for m in self._messages]
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

    def set_notice(self, notice: str) -> None:
        if notice != self._notice:
            self.set_messages(self._messages, notice)

    def messages(self) -> list[ShownMessage]:
        return list(self._messages)

    def _notice_html(self) -> str:
        if not self._notice:
            return ""
        return (f'<p style="color:#a06000;"><i>{html.escape(self._notice)}</i></p>')

    def _header(self, m: ShownMessage) -> str:
        colour = "#2a7a3a" if m.role == "assistant" else "#3a5a9a"
        title = ROLE_TITLES.get(m.role, m.role)
        return (f'<p style="margin-top:14px;"><a name="m{m.id}"></a>'
                f'<b style="color:{colour};">{title}</b></p>')

    def _footer(self, m: ShownMessage) -> str:
        """The stats line, then the message's actions: small, quiet symbols with words, not
        underlined web links (each one is still a link: Tab reaches it, Enter runs it)."""
        wanted = [("copy", "Copy")]
        if m.role == "user":
            wanted.append(("edit", "Edit"))
        elif m.complete:
            wanted += [("regenerate", "Regenerate"), ("continue", "Continue")]
        wanted.append(("delete", "Delete"))
        colour = "#8fa3bf" if _is_dark(self) else "#5a6f8c"
        links = [
            f'<a href="act:{name}:{m.id}" title="{TIPS[name]}" '
            f'style="text-decoration:none; color:{colour};">{ICONS[name]}&nbsp;{label}</a>'
            for name, label in wanted
        ]
        stats = (f'<span style="color:#888;">{html.escape(m.stats)}</span><br>'
                 if m.stats else "")
        return f'<p style="font-size:small;">{stats}{" &nbsp;&nbsp;".join(links)}</p>'

    def _body(self, m: ShownMessage) -> str:
        if m.role == "user":  # what the user typed is shown as typed, not as Markdown
            # pre-wrap keeps pasted code's indentation and runs of spaces
            return ('<p style="white-space:pre-wrap;">' + html.escape(m.content)
                    .replace("\n", "<br>") + "</p>")
        rendered = self._renderer.render(
            m.content, message_id=m.id, show_thinking=m.id in self._thinking_open
        )
        self._code[m.id] = rendered.code_blocks
        return rendered.html

    def _message_html(self, m: ShownMessage) -> str:
        return self._header(m) + self._body(m) + self._footer(m)

    def append_message(self, message: ShownMessage) -> None:
        """Add a finished message at the end without re-rendering the others."""
        self._messages.append(message)
        cursor = self._end_cursor()
        cursor.insertHtml(self._message_html(message))
        self.jump_to_latest()  # the user just sent it: show it, and follow the reply

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
        cursor.insertHtml(self._header(message))
        cursor.insertBlock()
        self._body_start = self._final_end = cursor.position()
        self._stream = StreamingMarkdown(self._renderer, message.id)
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
        cursor.insertHtml(f'<p style="color:#888;"><i>{html.escape(text)}</i></p>')
        self._follow()

    def append_text(self, piece: str) -> None:
        """Add streamed text to the reply: re-renders only its open tail."""
        if self._stream is None or not piece:
            return
        new_final, tail = self._stream.feed(piece)
        cursor = self._cleared_from(self._final_end)
        if new_final:
            cursor.insertHtml(new_final)
            cursor.insertBlock()
            self._final_end = cursor.position()
        cursor.insertHtml(tail)
        self._follow()  # unless the user scrolled up to read

    def end_reply(self, content: str, stats: str = "", message_id: int | None = None) -> None:
        """The reply is complete: render it whole once, with its stats and actions."""
        if not self._messages or self._stream is None:
            return
        last = self._messages[-1]
        last.content, last.stats, last.complete = content, stats, True
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
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if name in fragment.charFormat().anchorNames():
                    return int(fragment.position())
                it += 1
            block = block.next()
        return None

    # --- links --------------------------------------------------------------------------
    def _on_anchor(self, url: QUrl) -> None:
        target = url.toString()
        kind, _, rest = target.partition(":")
        if kind == "copy":
            msg, _, n = rest.partition(":")
            blocks = self._code.get(int(msg), [])
            if n.isdigit() and int(n) < len(blocks):
                self._copy(blocks[int(n)])
        elif kind == "think":
            mid = int(rest)
            self._thinking_open ^= {mid}
            self.set_messages(self._messages, self._notice)
        elif kind == "act":
            name, _, raw_id = rest.partition(":")
            if name == "copy":
                found = [m for m in self._messages if m.id == int(raw_id)]
                if found:
                    self._copy(found[0].content)
            else:
                self.action.emit(name, int(raw_id))

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)
