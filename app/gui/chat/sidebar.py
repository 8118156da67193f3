"""The conversation list: newest first, each with when it last changed; new / rename /
delete, and search over message text.

Search hits show the matching words in bold (rows are drawn as rich text by a small
delegate: QListWidget itself draws plain text only), one row per conversation, and a line
saying so when nothing matches. Opening a hit goes to the message that matched.

Signals:
    selected(int): the user opened a conversation (its id).
    hit_opened(int, int, str): the user opened a search hit: (conversation, message, query).
    new_requested(): the user asked for a new chat.
    rename_requested(int, str): a new title for a conversation.
    delete_requested(int): delete a conversation (the window offers undo).
    search_changed(str): the search text changed (empty: show all).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

#: Marks a search snippet's matches; the delegate draws them in bold.
MARKS = ("\x02", "\x03")
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class ConversationRow:
    id: int
    title: str
    detail: str = ""  # a search snippet (matches between MARKS)
    message_id: int | None = None  # the message a search hit matched
    when: float | None = None  # last changed (epoch seconds): shown under the title


def format_when(when: float, now: float | None = None) -> str:
    """When a conversation last changed, as chat apps say it: the time today, "Yesterday",
    the weekday within a week, else the date (the locale's formats)."""
    moment = QDateTime.fromSecsSinceEpoch(int(when))
    today = (QDateTime.fromSecsSinceEpoch(int(now)) if now is not None
             else QDateTime.currentDateTime()).date()
    locale = QLocale()
    days = moment.date().daysTo(today)
    if days == 0:
        return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    if days == 1:
        return QCoreApplication.translate("Sidebar", "Yesterday")
    if 1 < days < 7:
        return locale.dayName(moment.date().dayOfWeek(), QLocale.FormatType.LongFormat)
    return locale.toString(moment.date(), QLocale.FormatType.ShortFormat)


def _rich(text: str) -> str:
    escaped = html.escape(text)
    return escaped.replace(html.escape(MARKS[0]), "<b>").replace(html.escape(MARKS[1]), "</b>")


def plain(text: str) -> str:
    return text.replace(MARKS[0], "").replace(MARKS[1], "")


class _RowDelegate(QStyledItemDelegate):
    """Draws a row's title, and under it a search snippet with its matches in bold."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
                  ) -> QTextDocument:
        title = index.data(Qt.ItemDataRole.UserRole + 2) or ""
        detail = index.data(Qt.ItemDataRole.UserRole + 3) or ""
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = option.palette.color(group).name()
        quiet = text if selected else option.palette.color(
            QPalette.ColorRole.PlaceholderText).name()
        body = f'<span style="color:{text};">{html.escape(title)}</span>'
        if detail:
            body += f'<br><span style="color:{quiet};">{_rich(detail)}</span>'
        doc.setHtml(body)
        doc.setTextWidth(max(option.rect.width(), 80))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.data(Qt.ItemDataRole.UserRole + 3):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(option.rect.translated(-option.rect.topLeft()))
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt API)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        if not index.data(Qt.ItemDataRole.UserRole + 3):
            return super().sizeHint(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(min(doc.size().height(), 64)))


class Sidebar(QWidget):
    selected = Signal(int)
    new_requested = Signal()
    rename_requested = Signal(int, str)
    delete_requested = Signal(int)
    search_changed = Signal(str)
    hit_opened = Signal(int, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = QPushButton(self.tr("New chat"), self)
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search conversations"))
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setWordWrap(False)  # titles elide; search hits get two lines (delegate)
        self.list.setItemDelegate(_RowDelegate(self.list))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.new_button.clicked.connect(self.new_requested)
        self.search.textChanged.connect(self.search_changed)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemClicked.connect(self._clicked)
        self.list.customContextMenuRequested.connect(self._menu)
        self._quiet = False
        self._init_keys()

    def _init_keys(self) -> None:
        """Rename and delete by keyboard too (F2, Delete) while the list has focus: actions of
        the list, so Help ▸ Keyboard Shortcuts lists them."""
        rename = QAction(self.tr("Rename Conversation…"), self.list)
        rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
        rename.triggered.connect(self._rename_current)
        delete = QAction(self.tr("Delete Conversation"), self.list)
        delete.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete),
                             QKeySequence(Qt.Key.Key_Backspace)])
        delete.triggered.connect(self._delete_current)
        for action in (rename, delete):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.list.addAction(action)

    def _rename_current(self) -> None:
        item = self.list.currentItem()
        cid = self.current_id()
        if item is not None and cid is not None:
            self.ask_rename(cid, str(item.data(Qt.ItemDataRole.UserRole + 2) or item.text()))

    def _delete_current(self) -> None:
        cid = self.current_id()
        if cid is not None:
            self.delete_requested.emit(cid)

    def set_rows(self, rows: list[ConversationRow], current: int | None = None) -> None:
        self._quiet = True
        self.list.clear()
        for row in rows:
            # a snippet that only repeats the title adds nothing: one line is enough
            detail = "" if plain(row.detail).strip(" …") == row.title.strip() else row.detail
            if not detail and row.when is not None:  # not a search hit: when it last changed
                detail = format_when(row.when)
            item = QListWidgetItem(row.title if not detail else f"{row.title}\n{plain(detail)}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setData(MESSAGE_ROLE, row.message_id)
            item.setData(Qt.ItemDataRole.UserRole + 2, row.title)
            item.setData(Qt.ItemDataRole.UserRole + 3, detail)
            item.setToolTip(f"{row.title}\n{plain(detail)}" if detail else row.title)
            self.list.addItem(item)
            if row.id == current:
                self.list.setCurrentItem(item)
        query = self.search.text().strip()
        if query and not rows:
            empty = QListWidgetItem(
                self.tr("No conversations match \u201c{query}\u201d.").format(query=query))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        self._quiet = False

    def select(self, cid: int | None) -> None:
        """Highlight ``cid`` without asking to open it (the controller kept it open)."""
        self._quiet = True
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == cid:
                self.list.setCurrentItem(item)
                break
        else:
            self.list.setCurrentRow(-1)  # no current item
        self._quiet = False

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        cid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(cid) if cid is not None else None

    def _clicked(self, item: QListWidgetItem) -> None:
        """A click on the hit already current (the open conversation) goes to its match too."""
        if item is self.list.currentItem() and item.data(MESSAGE_ROLE) is not None:
            self._current_changed(item, None)

    def _current_changed(self, item: QListWidgetItem | None, _old: QListWidgetItem | None) -> None:
        if item is None or self._quiet or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        cid = int(item.data(Qt.ItemDataRole.UserRole))
        message = item.data(MESSAGE_ROLE)
        if message is not None and self.search.text().strip():
            self.hit_opened.emit(cid, int(message), self.search.text().strip())
        else:
            self.selected.emit(cid)

    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return  # nothing there, or the "no results" line
        cid = int(item.data(Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        rename = menu.addAction(self.tr("Rename…"))
        delete = menu.addAction(self.tr("Delete"))
        chosen = menu.exec(self.list.mapToGlobal(pos))
        if chosen is rename:
            self.ask_rename(cid, str(item.data(Qt.ItemDataRole.UserRole + 2) or item.text()))
        elif chosen is delete:
            self.delete_requested.emit(cid)

    def ask_rename(self, cid: int, title: str) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Rename conversation"))
        dialog.setLabelText(self.tr("Title:"))
        dialog.setTextValue(title)
        dialog.resize(max(420, dialog.sizeHint().width()), dialog.sizeHint().height())
        ok = bool(dialog.exec())
        new = dialog.textValue()
        if ok and new.strip():
            self.rename_requested.emit(cid, new.strip())
