"""A full disk while the window saves its settings: one sentence, once; the app goes on with
the settings in force; the file on disk is the old one, whole, and no half-written copy stays
(issue 30, item 4: the load-finished handler used to raise and leave the window loading)."""

from __future__ import annotations

import errno
import gc
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.gui import settings as settings_module
from app.gui.chat.worker import WorkerThread
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

    monkeypatch.setattr(settings_module.os, "replace", full)
    thread = WorkerThread(fake_worker(FakeModel()))
    store = ConversationStore()
    w = MainWindow(store, thread.worker, AppSettings.load())
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
        thread.shutdown()
        store.close()
        w.close()
        gc.collect()
