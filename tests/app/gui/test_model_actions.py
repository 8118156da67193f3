"""Model ▸ Unload Model gives the memory back; Model ▸ About This Model shows its card."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.models.model_card import ModelCard, format_count
from app.gui.settings import AppSettings
from app.gui.window import MainWindow
from inference.store import ConversationStore
from tests.app.fake_engine import FakeInfo, FakeModel, fake_worker


@pytest.fixture()
def model() -> FakeModel:
    return FakeModel(info=FakeInfo(name="Tiny llama"))


@pytest.fixture()
def window(qtbot: QtBot, model: FakeModel) -> Iterator[MainWindow]:
    worker = fake_worker(model)
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


def test_unload_gives_the_memory_back_and_a_message_waits_for_a_model(
    qtbot: QtBot, window: MainWindow, posted: list[tuple[str, str]]
) -> None:
    engine = window.controller.worker.engine
    assert engine.model_ids and window.unload_action.isEnabled()
    window.unload_action.trigger()
    qtbot.waitUntil(lambda: engine.model_ids == () and engine.loaded is None)
    assert window.model_button.text() == "Choose a model…"
    assert not window.unload_action.isEnabled() and not window.card_action.isEnabled()
    assert ("info", "Tiny llama is unloaded and its memory is free; Model ▸ Choose Model… "
            "loads one again.") in posted
    window.composer.edit.setPlainText("are you there?")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    assert window.composer.edit.toPlainText() == "are you there?"  # kept, and said why
    assert any("No model is loaded" in text for _level, text in posted)
    window.switch_model("starter")  # chosen again: it answers
    qtbot.waitUntil(lambda: window.controller.model_info is not None)
    assert window.unload_action.isEnabled()


def test_the_model_card_opens_from_the_menu_on_the_loaded_model(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    window.card_action.trigger()
    card = window.findChild(ModelCard)
    assert card is not None and card.isVisible()
    assert card.windowTitle() == "About Tiny llama"
    assert card.template.toPlainText() == model.choice.template.text
    # the fake model has no file: the card says so instead of waiting forever
    qtbot.waitUntil(lambda: "could not be read" in card.status.text())
    card.close()


def test_the_model_card_shows_parameters_licence_source_and_template(
    qtbot: QtBot, tiny_gguf: Callable[..., Path]
) -> None:
    from gguf import GGUFReader

    from inference.model.load import inspect_model

    path = Path(tiny_gguf("llama", "Q8_0"))
    info = inspect_model(str(path))
    card = ModelCard(info, "Your file: " + str(path), ("gguf", "{{ messages }}"))
    qtbot.addWidget(card)
    card.show()
    qtbot.waitUntil(lambda: "Parameters" in card.facts)
    # counted independently, with gguf-py: every tensor's logical element count
    expected = sum(int(t.n_elements) for t in GGUFReader(path).tensors)
    assert card.facts["Parameters"] == format_count(expected)
    assert card.facts["Licence"] == "not stated in the model's files"
    assert card.facts["Source"] == f"Your file: {path}"
    assert card.facts["Format"].startswith("GGUF · Q8_0")
    assert card.template.toPlainText() == "{{ messages }}"


def test_parameter_counts_read_as_model_names_say_them() -> None:
    assert [format_count(n) for n in (134_515_008, 1_543_714_304, 8_030_261_248, 7_000)] == [
        "135M", "1.5B", "8B", "7,000"]
