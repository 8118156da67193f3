"""The window at its sizes and the conversation list's rows, as the user sees them."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDateTime, QLocale, Qt
from pytestqt.qtbot import QtBot

from app.gui.chat.sidebar import format_when
from app.gui.settings import AppSettings
from app.gui.window import NARROW_WIDTH, MainWindow
from inference.store import ConversationStore
from tests.app.fake_engine import FakeInfo, FakeModel, fake_worker

LONG_NAME = "Meta-Llama-3.1-8B-Instruct-abliterated-uncensored-imatrix"


@pytest.fixture()
def model() -> FakeModel:
    return FakeModel(info=FakeInfo(name=LONG_NAME))


@pytest.fixture()
def window(qtbot: QtBot, model: FakeModel) -> Iterator[MainWindow]:
    worker = fake_worker(model)
    store = ConversationStore()
    w = MainWindow(store, worker, AppSettings())
    qtbot.addWidget(w)
    w.resize(1100, 720)
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


def _model_text_fits(w: MainWindow) -> None:
    shown = w.model_button.shown_text()
    assert shown.startswith(LONG_NAME[:8])  # the start of the name, never cut at the left
    assert w.model_button.fontMetrics().horizontalAdvance(shown) < w.model_button.width()
    assert LONG_NAME in w.model_button.text()  # the whole name is still there (tooltip)


def test_a_narrow_window_folds_the_list_and_a_button_brings_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    _send(qtbot, window, "First question")
    assert window.sidebar.isVisible() and not window.sidebar_button.isVisible()
    window.resize(520, 600)
    qtbot.waitUntil(lambda: window.width() == 520)
    assert not window.sidebar.isVisible()
    assert window.sidebar_button.isVisible()
    qtbot.waitUntil(lambda: window.transcript.width() > 400)  # the conversation has the room
    _model_text_fits(window)
    assert window.model_button.shown_text().endswith("…")
    # the button shows the list; picking a conversation folds it again
    qtbot.mouseClick(window.sidebar_button, Qt.MouseButton.LeftButton)
    assert window.sidebar.isVisible() and window.sidebar.list.count() == 1
    assert window.context_meter.isVisible()  # the top bar at its fullest
    qtbot.waitUntil(lambda: window.sidebar.width() >= 150)  # room to read the titles
    assert window.width() == 520  # the window was not widened to make room
    window.new_chat()
    window.sidebar.select(None)
    listed = window.sidebar.list
    qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton,
                     pos=listed.visualItemRect(listed.item(0)).center())
    assert window.controller.conversation_id is not None
    assert not window.sidebar.isVisible()
    assert window.width() == 520  # nothing widened the window
    _model_text_fits(window)
    # wide again: the list is back, the button gone
    window.resize(NARROW_WIDTH + 300, 600)
    qtbot.waitUntil(lambda: window.sidebar.isVisible())
    assert not window.sidebar_button.isVisible()


def _top_bar_apart(w: MainWindow) -> None:
    """The top bar's controls side by side, none over another, the meter readable."""
    shown = [b for b in (w.sidebar_button, w.model_button, w.context_meter, w.settings_button)
             if b.isVisible()]
    for left, right in zip(shown, shown[1:], strict=False):
        assert left.geometry().right() < right.geometry().left(), (left, right)
    assert w.context_meter.width() >= 60


@pytest.mark.parametrize("width", [1100, 520])
def test_the_context_meter_sits_beside_its_neighbours(
    qtbot: QtBot, window: MainWindow, width: int
) -> None:
    window.resize(width, 600)
    _send(qtbot, window, "First question")
    qtbot.waitUntil(lambda: window.context_meter.isVisible())
    qtbot.waitUntil(lambda: window.context_meter.geometry().right()
                    < window.settings_button.geometry().left())
    _top_bar_apart(window)


def test_the_list_says_when_each_conversation_last_changed(
    qtbot: QtBot, window: MainWindow
) -> None:
    _send(qtbot, window, "First question")
    item = window.sidebar.list.item(0)
    changed = window.store.list_conversations()[0].updated_at
    assert item.text().splitlines() == ["First question", format_when(changed)]
    assert ":" in format_when(changed)  # today: the time
    # a search hit shows its matching words instead of the date
    window.sidebar.search.setText("First")
    assert "First" in window.sidebar.list.item(0).text()
    assert format_when(changed) not in window.sidebar.list.item(0).text()


def test_dates_read_as_chat_apps_say_them() -> None:
    now = time.mktime((2025, 3, 14, 15, 0, 0, 0, 0, -1))  # a Friday afternoon
    locale = QLocale()
    at = QDateTime.fromSecsSinceEpoch(int(now - 3600))
    assert format_when(now - 3600, now) == locale.toString(at.time(),
                                                           QLocale.FormatType.ShortFormat)
    assert format_when(now - 86_400, now) == "Yesterday"
    assert format_when(now - 3 * 86_400, now) == locale.dayName(2)  # Tuesday
    old = QDateTime.fromSecsSinceEpoch(int(now - 40 * 86_400)).date()
    assert format_when(now - 40 * 86_400, now) == locale.toString(
        old, QLocale.FormatType.ShortFormat)
