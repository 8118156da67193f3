"""Keyboard and accessibility: Tab follows the layout, every control has a name a screen
reader can say, the shortcuts sheet lists the window's real shortcuts, and text sizes follow
the system's."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.gui.settings import AppSettings
from app.gui.window import MainWindow
from inference.store import ConversationStore
from tests.app.fake_engine import FakeModel, fake_worker

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit,
            QAbstractItemView, QAbstractSlider, QProgressBar)


@pytest.fixture()
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    worker = fake_worker(FakeModel())
    store = ConversationStore()
    w = MainWindow(store, worker, AppSettings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.model_info is not None)
    yield w
    w.controller.stop()
    worker.close()
    store.close()
    w.close()
    w.deleteLater()
    gc.collect()  # widgets must be collected here, on the GUI thread


def _send(qtbot: QtBot, w: MainWindow, text: str) -> None:
    w.composer.edit.setPlainText(text)
    qtbot.keyClick(w.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.controller.pending is None, timeout=10_000)


def _tab_walk(qtbot: QtBot, start: QWidget, presses: int) -> list[QWidget]:
    """The widgets focus visits, pressing Tab from ``start``, as the user would."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    for _ in range(presses):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    return visited


def _unnamed(top: QWidget) -> list[str]:
    """Visible controls under ``top`` with neither an accessible name nor visible text. The
    parts of a composite control (a spin box's line edit, a table's header) go by its name."""
    missing = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar):
            continue
        if not widget.isVisibleTo(top):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QAbstractItemView):
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not widget.accessibleName().strip() and not text.strip():
            missing.append(f"{type(widget).__name__} {widget.toolTip()!r}")
    return missing


def test_the_focus_chain_follows_the_layout(window: MainWindow) -> None:
    """Sidebar, then the top bar, then the conversation, then the composer and Send."""
    order: list[QWidget] = []
    widget: QWidget = window.sidebar.new_button
    for _ in range(200):
        if (widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is window.sidebar.new_button:
            break
    expected = [window.sidebar.new_button, window.sidebar.search, window.sidebar.list,
                window.model_button, window.settings_button, window.transcript,
                window.composer.edit, window.composer.button]
    assert [w for w in order if w in expected] == expected


def test_tab_reaches_the_top_bar_before_the_composer_and_a_messages_actions(
    qtbot: QtBot, window: MainWindow
) -> None:
    _send(qtbot, window, "Hello")
    visited = _tab_walk(qtbot, window.sidebar.new_button, 12)
    names = [w.accessibleName() for w in visited]
    assert names[:6] == ["New chat", "Search conversations", "Conversations", "Model",
                         "Conversation settings", "Conversation"]
    # the reply's actions come after the conversation, then the composer
    assert names[6:12] == ["Copy", "Regenerate", "Continue", "Delete", "Message", "Send"]
    # and they act on the reply: Copy from the keyboard puts it on the clipboard
    copy = window.transcript.hover.buttons["copy"]
    copy.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(copy, Qt.Key.Key_Space)
    assert QApplication.clipboard().text() == window.store.messages(
        window.controller.conversation_id)[-1].content


def test_every_visible_control_has_a_name(qtbot: QtBot, window: MainWindow) -> None:
    from app.gui.models.hub_dialog import HubDialog
    from app.gui.models.picker import ModelPicker
    from app.gui.settings_dialog import SettingsDialog
    from app.gui.shortcuts import ShortcutsSheet

    _send(qtbot, window, "Hello")
    window.transcript.setFocus()  # the message's actions show
    assert _unnamed(window) == []
    dialogs = [
        SettingsDialog(window.controller.settings(), lambda *_: None, window, (False, 8080),
                       memory=(None, 2.0), model="Fake model"),
        ModelPicker([], "starter", None, window),
        HubDialog(window.downloads, 4096, window),
        ShortcutsSheet(window),
    ]
    for dialog in dialogs:
        dialog.show()
        assert _unnamed(dialog) == [], dialog.windowTitle()
        assert dialog.accessibleName() or dialog.windowTitle()
        dialog.close()


def test_the_shortcuts_sheet_lists_the_windows_own_shortcuts(
    qtbot: QtBot, window: MainWindow
) -> None:
    from app.gui.shortcuts import ShortcutsSheet

    help_menu = next(a.menu() for a in window.menuBar().actions() if "Help" in a.text())
    item = next(a for a in help_menu.actions() if a.text().startswith("Keyboard Shortcuts"))
    item.trigger()
    sheet = window.findChild(ShortcutsSheet)
    assert sheet is not None and sheet.isVisible()
    shown = sheet.shown_rows()
    keyed = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(keyed) >= 8  # New Chat, Find, Preferences, Choose Model, … F2
    for action in keyed:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").rstrip("…")
        assert any(row[1] == text and keys in row[2] for row in shown), (text, keys)
    assert ("Model", "Choose Model", QKeySequence("Ctrl+M").toString(
        QKeySequence.SequenceFormat.NativeText)) in shown
    sheet.close()
    # a shortcut changed or added shows up: the sheet is read from the actions
    added = QAction("Something New", window)
    added.setShortcut(QKeySequence("Ctrl+Shift+J"))
    window.addAction(added)
    item.trigger()
    again = window._shortcuts  # the sheet just opened
    assert any(r[1] == "Something New" for r in again.shown_rows())
    again.close()


def test_f2_and_delete_rename_and_delete_the_current_conversation(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _send(qtbot, window, "First question")
    cid = window.controller.conversation_id
    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(window.sidebar, "ask_rename", lambda c, t: asked.append((c, t)))
    window.sidebar.list.setFocus()
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_F2)
    assert asked == [(cid, "First question")]
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_Delete)
    assert window.store.list_conversations() == []
    offer = next(r for r in window.message_bar.rows if r.button is not None)
    assert offer.label.text() == "Conversation deleted."  # with Undo, as from the menu


def test_the_message_box_grows_with_the_system_text_size(
    qtbot: QtBot, window: MainWindow
) -> None:
    edit = window.composer.edit
    before = edit.height()
    lines_before = before / edit.fontMetrics().lineSpacing()
    bigger = QFont(edit.font())
    bigger.setPointSizeF(edit.font().pointSizeF() * 2)
    edit.setFont(bigger)  # what a larger system text size does to every widget
    assert edit.height() > before * 1.6
    # still the same number of lines: none clipped
    assert abs(edit.height() / edit.fontMetrics().lineSpacing() - lines_before) < 0.6
