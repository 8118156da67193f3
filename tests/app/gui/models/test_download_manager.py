"""The download manager's own file (the sizes of paused downloads) on a full disk: one
sentence, once, and the download goes on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.gui.models.download_manager import DownloadManager
from inference.model import library
from inference.paths import models_dir
from tests.fixtures.fake_hub import GGUF_REPO, MLX_REPO, FakeHub
from tests.fixtures.full_disk import fill_disk_for

TOTALS = "paused-totals.json"


@pytest.fixture()
def manager(hub: FakeHub) -> Iterator[DownloadManager]:
    m = DownloadManager()
    yield m
    m.shutdown()


def test_a_full_disk_keeping_the_sizes_is_one_sentence_once_and_the_downloads_go_on(
        qtbot: QtBot, manager: DownloadManager, monkeypatch: pytest.MonkeyPatch,
        posted: list) -> None:
    """The file was written in place (a full disk left half of it) and the failure was only
    logged; it goes through the one helper and the window says it once."""
    models_dir().mkdir(parents=True, exist_ok=True)
    before = b'{\n "owner/other": 123\n}'
    (models_dir() / TOTALS).write_bytes(before)
    fill_disk_for(monkeypatch, TOTALS)
    for repo, file in ((GGUF_REPO, "tiny-Q8_0.gguf"), (MLX_REPO, None)):
        d = manager.start(repo, file, repo)
        qtbot.waitUntil(lambda d=d: d.state == "done", timeout=10_000)
    sentence = (f"The disk holding {models_dir()} is full, so Orchard could not save the sizes "
                "of paused downloads; free some space and try again.")
    assert [(level, text) for level, text in posted if level != "info"] == [
        ("warning", sentence)]
    assert sorted(e.id for e in library.entries()) == ["owner/tiny-mlx", "owner/tiny:Q8_0"]
    assert (models_dir() / TOTALS).read_bytes() == before  # whole, as it was
    assert not [p.name for p in models_dir().iterdir() if p.name.endswith(".tmp")]
