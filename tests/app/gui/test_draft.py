"""A draft model chosen in Settings for the loaded model: it loads again with it, replies say
how much of them the draft proposed, and the choice is kept per model."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.chat.worker import InferenceWorker
from app.gui.settings import AppSettings
from app.gui.settings_dialog import SettingsDialog
from app.gui.window import MainWindow
from inference.store import ConversationStore

WAIT = 120_000


def test_settings_offer_a_draft_model_and_the_reply_says_what_it_proposed(
        qtbot: QtBot, tiny_mlx_model: Callable[..., Path]) -> None:
    model = str(tiny_mlx_model("qwen2"))
    draft = str(tiny_mlx_model("llama"))
    settings = AppSettings(model=model, added_models=[model, draft])
    settings.defaults = dataclasses.replace(settings.defaults, max_tokens=12, temperature=0.0)
    worker = InferenceWorker()
    store = ConversationStore()
    w = MainWindow(store, worker, settings)
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.model_info is not None, timeout=WAIT)
        choices = w._draft_choices(model)
        assert ("mlx-llama", draft) in choices and all(spec != model for _, spec in choices)
        dialog = SettingsDialog(w.controller.settings(), None, w, drafts=(None, choices))
        assert dialog.draft.currentData() is None  # none until one is chosen
        dialog.draft.setCurrentIndex(dialog.draft.findData(draft))
        assert dialog.draft_value() == draft
        dialog.deleteLater()

        w.controller.model_info = None
        w._draft_changed(model, model)  # the model drafting for itself keeps nearly all
        qtbot.waitUntil(lambda: w.controller.model_info is not None, timeout=WAIT)
        assert AppSettings.load().draft_for(model) == model  # kept, per model
        w.composer.edit.setPlainText("Tell me about apples.")
        qtbot.keyClick(w.composer.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: w.controller.pending is None, timeout=WAIT)
        _, reply = store.messages(w.controller.conversation_id)
        assert reply.stats and reply.stats["draft_tokens"] > 0
        assert "% from the draft model" in w.transcript.toPlainText()
    finally:
        w.controller.stop()
        worker.close()
        store.close()
        w.close()
        gc.collect()
