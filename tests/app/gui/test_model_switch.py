"""Switching models in a conversation says that the new model reads it all again, and about
how long that takes."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.settings import AppSettings
from app.gui.window import MainWindow
from inference.store import ConversationStore
from tests.app.fake_engine import FakeModel, fake_worker


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


def _infos(posted: list[tuple[str, str]]) -> list[str]:
    return [text for level, text in posted if level == "info" and "reads this" in text]


def test_switching_models_mid_chat_says_the_conversation_is_read_again(
    qtbot: QtBot, window: MainWindow, posted: list[tuple[str, str]]
) -> None:
    window.switch_model("other.gguf")  # no conversation yet: nothing to read again
    qtbot.waitUntil(lambda: window.controller.model_info is not None)
    assert _infos(posted) == []
    _send(qtbot, window, "Hello")
    stats = window.store.messages(window.controller.conversation_id)[-1].stats
    tokens = stats["prompt_tokens"] + stats["generation_tokens"]  # the fake: 10 + 26
    # the fake read its 10-token prompt in 0.01 s: 36 tokens again take under a second
    window.switch_model("starter")
    assert _infos(posted) == [
        f"The new model reads this conversation again before its first reply here "
        f"({tokens} tokens, roughly under a second)."]
    qtbot.waitUntil(lambda: window.controller.model_info is not None)
    # a model 100,000 times the size reads it that much slower: about an hour
    size = window.controller.model_info.size_bytes
    window.switch_model("big.gguf", size * 100_000)
    assert _infos(posted)[-1].endswith(f"({tokens} tokens, roughly 60 min).")
    qtbot.waitUntil(lambda: window.controller.model_info is not None)
    window.switch_model(window.controller.model_spec)  # the same model: nothing said
    assert len(_infos(posted)) == 2
    qtbot.waitUntil(lambda: window.controller.model_info is not None)


def test_the_context_meter_says_how_full_the_context_is(
    qtbot: QtBot, window: MainWindow
) -> None:
    meter = window.context_meter
    assert not meter.isVisible()  # nothing said yet
    _send(qtbot, window, "Hello")
    stats = window.store.messages(window.controller.conversation_id)[-1].stats
    used = stats["prompt_tokens"] + stats["generation_tokens"]
    limit = window.controller.worker.context_length
    assert limit > 0 and meter.isVisible()
    assert (meter.value(), meter.maximum()) == (used, limit)
    assert meter.toolTip() == f"{used} of {limit:,} tokens of the model's context"
    assert meter.text() == f"Context {100 * used // limit}%"
    window.new_chat()  # a new conversation has used none yet
    assert not meter.isVisible()
