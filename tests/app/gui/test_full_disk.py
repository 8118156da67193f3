"""A full disk while the window saves its settings: one sentence, once; the app goes on with
the settings in force; the file on disk is the old one, whole, and no half-written copy stays
(issue 30, item 4: the load-finished handler used to raise and leave the window loading)."""

from __future__ import annotations

import errno
import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.gui.settings import SETTINGS_FILE, AppSettings
from app.gui.window import MainWindow
from inference.paths import config_dir
from inference.store import ConversationStore
from tests.app.fake_engine import FakeModel, fake_worker


def test_a_full_disk_is_one_sentence_and_the_app_goes_on(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, posted: list) -> None:
    AppSettings(model="starter", api_port=8123).save()
    before = (config_dir() / SETTINGS_FILE).read_text(encoding="utf-8")

    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    worker = fake_worker(FakeModel())
    store = ConversationStore()
    w = MainWindow(store, worker, AppSettings.load())
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.model_info is not None, timeout=30_000)
        w.app_settings.api_port = 9000
        assert w.app_settings.save() is False and w.app_settings.save() is False
        warnings = [t for level, t in posted if "could not save its settings" in t]
        assert warnings == [  # once, however many saves fail
            "Orchard could not save its settings (No space left on device); they apply "
            "until Orchard closes."]
        assert (config_dir() / SETTINGS_FILE).read_text(encoding="utf-8") == before
        assert not list(Path(config_dir()).glob("*.tmp"))
        assert not w.controller.loading  # the window left "loading" and can chat
    finally:
        w.controller.stop()
        worker.close()
        store.close()
        w.close()
        gc.collect()


DISK_FULL = ("The disk holding /data is full, so Orchard could not save the conversation; free "
             "some space and try again.")


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture()
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    worker = fake_worker(FakeModel())
    store = ConversationStore()
    w = MainWindow(store, worker, AppSettings.load())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.model_info is not None, timeout=30_000)
    yield w
    w.controller.stop()
    worker.close()
    store.close()
    w.close()
    gc.collect()


def _chat(qtbot: QtBot, w: MainWindow, text: str) -> None:
    w.composer.set_text(text)
    w.composer._send()
    qtbot.waitUntil(lambda: w.controller.pending is None, timeout=10_000)


def test_closing_on_a_full_disk_keeps_the_saved_session_and_says_it_once(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        posted: list) -> None:
    """The session (window geometry, the open conversation) is saved with the settings."""
    _chat(qtbot, window, "hello")
    before = (config_dir() / SETTINGS_FILE).read_text(encoding="utf-8")
    monkeypatch.setattr(os, "replace", _full)
    window.resize(window.width() + 40, window.height())
    window.close()
    window._remember_session()  # a second save (a quit after the close) is not said again
    assert [t for _, t in posted if "could not save its settings" in t] == [
        "Orchard could not save its settings (No space left on device); they apply until "
        "Orchard closes."]
    assert (config_dir() / SETTINGS_FILE).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in Path(config_dir()).iterdir()) == [SETTINGS_FILE]


def test_exporting_on_a_full_disk_leaves_no_half_written_file(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        posted: list, tmp_path: Path) -> None:
    from app.gui import window as window_module

    _chat(qtbot, window, "hello")
    target = tmp_path / "out" / "chat.md"
    target.parent.mkdir()
    monkeypatch.setattr(window_module.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(os, "replace", _full)
    window.export("md")
    assert [t for level, t in posted if level == "error"] == [
        f"The conversation could not be saved to {target} (No space left on device)."]
    assert list(target.parent.iterdir()) == []  # no half a file, no temp file


def test_a_store_write_refused_by_a_full_disk_is_one_sentence_and_the_window_goes_on(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        posted: list) -> None:
    """Switching versions and changing a chat's settings are saves too: they used to raise
    out of the slot (issue 30, item 4)."""
    from inference.store import StoreError

    _chat(qtbot, window, "hello")
    cid = window.controller.conversation_id
    assert cid is not None
    saved = [(m.role, m.content) for m in window.store.messages(cid)]

    def full(*args: object, **kwargs: object) -> None:
        raise StoreError(DISK_FULL)

    monkeypatch.setattr(window.store, "switch_to", full)
    monkeypatch.setattr(window.store, "update_settings", full)
    reply = window.store.messages(cid)[-1].id
    window.controller.message_action("version", reply)
    settings = window.controller.settings()
    settings.system_prompt = "Be brief."
    window.controller.set_settings(settings)
    assert [t for level, t in posted if level == "error"] == [DISK_FULL, DISK_FULL]
    assert [(m.role, m.content) for m in window.store.messages(cid)] == saved
    assert window.controller.settings().system_prompt == ""  # as saved
    monkeypatch.undo()  # space is back: the window goes on
    _chat(qtbot, window, "and now?")
    assert window.store.messages(cid)[-1].complete
