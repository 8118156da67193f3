"""The window's worker on the real engine: what Settings shows is what would be sent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from app.gui.chat.worker import InferenceWorker, LoadRequest
from inference.model.load import load_model
from inference.types import Message, SamplingSettings


def test_the_preview_leaves_out_the_turns_that_no_longer_fit(
    qtbot: QtBot, tiny_gguf: Callable[..., Path]
) -> None:
    path = tiny_gguf("llama")
    worker = InferenceWorker(load=lambda request: load_model(path))
    try:
        with qtbot.waitSignal(worker.loaded, timeout=20_000):
            worker.load_model(LoadRequest(str(path)))
        history: list[Any] = []
        for n in range(12):
            history += [Message("user", f"Question {n} about apples, pears and plums?"),
                        Message("assistant", f"Answer {n}: apples, pears and plums.")]
        history.append(Message("user", "(your next message)"))
        settings = SamplingSettings(max_tokens=32)
        text, tokens, _ = worker.preview(history, None, None, 256, settings)
        assert tokens + 32 <= 256  # what fits, with room for the reply
        assert "Question 0 " not in text and "(your next message)" in text
        whole, all_tokens, _ = worker.preview(history, None, None, 8192, settings)
        assert "Question 0 " in whole and all_tokens > tokens
    finally:
        worker.close()
