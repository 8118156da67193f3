"""The model picker as the user sees it: a row that cannot run cannot be used, verdicts are
coloured as in the download dialog, and both estimate memory at the same context."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.models.verdicts import ESTIMATE_CONTEXT, VERDICT_COLOURS
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


def test_a_row_that_cannot_run_cannot_be_used(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 12)  # a header that ends at once
    window.app_settings.added_models = [str(broken)]
    chosen: list[str] = []
    window.choose_model()
    picker = window._picker
    picker.chosen.disconnect()
    picker.chosen.connect(chosen.append)
    row = next(r for r, m in enumerate(picker.rows) if m.spec == str(broken))
    picker.table.selectRow(row)
    qtbot.waitUntil(lambda: bool(picker.rows[row].error))
    assert not picker.use_button.isEnabled()
    # a double-click on it does not hand it to the loader either
    picker.table.doubleClicked.emit(picker.table.model().index(row, 0))
    assert chosen == [] and picker.isVisible()
    starter = next(r for r, m in enumerate(picker.rows) if m.spec == "starter")
    picker.table.selectRow(starter)
    assert picker.use_button.isEnabled()
    qtbot.mouseClick(picker.use_button, Qt.MouseButton.LeftButton)
    assert chosen == ["starter"]


def test_verdicts_are_coloured_and_estimated_at_the_download_dialogs_context(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.choose_model()
    picker = window._picker
    starter = next(r for r, m in enumerate(picker.rows) if m.spec == "starter")
    qtbot.waitUntil(lambda: picker.rows[starter].info is not None)
    verdict = picker.table.item(starter, 5)
    assert verdict.text() in VERDICT_COLOURS
    assert verdict.foreground().color().name() == VERDICT_COLOURS[verdict.text()]
    window.open_hub()
    hub = window._hub
    assert hub.ctx.value() == picker.ctx == ESTIMATE_CONTEXT
    header = picker.table.horizontalHeaderItem(4).text()
    assert f"{ESTIMATE_CONTEXT:,}" in header  # "Memory at 4,096 tokens"
    info = picker.rows[starter].info
    from inference.model.memory import format_bytes

    assert picker.table.item(starter, 4).text() == format_bytes(
        info.memory(ESTIMATE_CONTEXT, None).total_bytes)
    hub.close()
    picker.close()
    # a chat with a context of its own: both estimate at that one
    settings = window.controller.settings()
    settings.context_length = 2048
    window.controller.set_settings(settings, as_default=True)
    window.choose_model()
    window._hub.deleteLater()
    window._hub = None
    window.open_hub()
    assert window._picker.ctx == window._hub.ctx.value() == 2048
    window._hub.close()
    window._picker.close()
