"""`orchard --self-test` exits only after the window's final save of the reply: it exited on
the worker's signal alone and left the reply stored cut short (``complete=0``) in 11 of 19
runs (issue 30, item 5). Here with the fake engine, and a final save that comes late."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.gui import main as gui_main
from app.gui.chat import worker as worker_module
from app.gui.chat.controller import ChatController
from inference.store import ConversationStore
from tests.app.fake_engine import FakeModel, fake_worker


def test_the_self_test_waits_for_the_final_save(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    model = FakeModel()
    model.script.reply = "Paris is the capital of France."
    worker = fake_worker(model)  # built before the real class is swapped for it
    monkeypatch.setattr(worker_module, "InferenceWorker", lambda **engine: worker)
    late = ChatController._finished

    def slow_disk(self: ChatController, result: Any) -> None:  # the final save comes later
        QTimer.singleShot(200, lambda: late(self, result))

    monkeypatch.setattr(ChatController, "_finished", slow_disk)
    assert gui_main.run_self_test(None) == 0, capsys.readouterr()
    with ConversationStore() as store:
        (conversation,) = store.list_conversations()
        reply = store.messages(conversation.id)[-1]
    assert reply.complete and reply.content == "Paris is the capital of France."
