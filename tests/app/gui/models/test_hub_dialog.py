"""The download dialog against the loopback Hub (real huggingface_hub client): search, the
quantization ladder with fit verdicts, downloads with progress, pause, resume after a
restart, cancel, failures; and deleting a download from the model picker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.models.download_manager import DownloadManager, format_eta
from app.gui.models.hub_dialog import HubDialog
from inference.hub import client as hub
from inference.hub import downloads
from inference.model import library
from inference.model.memory import format_bytes
from inference.model.sources import resolve
from inference.paths import models_dir
from tests.fixtures.fake_hub import GATED_REPO, GGUF_REPO, MLX_REPO, FakeHub


@pytest.fixture()
def manager(hub: FakeHub) -> Iterator[DownloadManager]:
    m = DownloadManager()
    yield m
    m.shutdown()


@pytest.fixture()
def dialog(qtbot: QtBot, manager: DownloadManager) -> HubDialog:
    d = HubDialog(manager, 4096)
    qtbot.addWidget(d)
    d.show()
    return d


def _column(table: object, c: int) -> list[str]:
    return [table.item(r, c).text() for r in range(table.rowCount())]  # type: ignore[attr-defined]


def _search(qtbot: QtBot, d: HubDialog, text: str) -> None:
    d.query.setText(text)
    qtbot.keyClick(d.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.search_button.isEnabled() and "Searching" not in d.status.text())


def _open(qtbot: QtBot, d: HubDialog, repo: str) -> None:
    row = next(i for i, r in enumerate(d.results) if r.repo == repo)
    d.result_table.selectRow(row)
    qtbot.waitUntil(lambda: d.ladder is not None and d.ladder.repo == repo
                    and d.ladder_table.rowCount() == len(d.ladder.options))


def test_search_filters_by_format_and_sorts(qtbot: QtBot, dialog: HubDialog) -> None:
    _search(qtbot, dialog, "tiny")
    assert _column(dialog.result_table, 0) == ["owner/tiny", "owner/tiny-mlx"]  # by downloads
    assert _column(dialog.result_table, 1) == ["GGUF", "MLX"]
    dialog.sort.setCurrentIndex(1)  # most liked
    qtbot.waitUntil(lambda: _column(dialog.result_table, 0)[:1] == ["owner/tiny-mlx"])
    dialog.format.setCurrentIndex(1)  # GGUF only
    qtbot.waitUntil(lambda: _column(dialog.result_table, 0) == ["owner/tiny"])
    _search(qtbot, dialog, "no such model")
    assert dialog.result_table.rowCount() == 0 and "Nothing found" in dialog.status.text()


def test_ladder_shows_each_quant_with_size_memory_and_verdict(
    qtbot: QtBot, dialog: HubDialog, monkeypatch: pytest.MonkeyPatch, manager: DownloadManager
) -> None:
    ladder = hub.quant_ladder(GGUF_REPO, ctx=4096)
    sizes = {o.quant: o.memory.total_bytes for o in ladder.options}
    # a budget between Q8_0 and F16: the small quants fit, F16 does not
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", str((sizes["Q8_0"] + sizes["F16"]) // 2))
    _search(qtbot, dialog, "tiny")
    _open(qtbot, dialog, GGUF_REPO)
    quants = _column(dialog.ladder_table, 0)
    assert sorted(quants) == ["F16", "Q4_0", "Q6_K", "Q8_0"]
    verdicts = dict(zip(quants, _column(dialog.ladder_table, 5), strict=True))
    assert verdicts["F16"] == "will not fit" and verdicts["Q4_0"] in ("fits", "tight")
    files = dict(zip(quants, _column(dialog.ladder_table, 1), strict=True))
    assert files["Q6_K"] == "2 files" and files["Q8_0"] == "tiny-Q8_0.gguf"
    assert all(_column(dialog.ladder_table, 4))  # memory for every rung
    # the preselected rung is the largest that fits (else the largest that is tight)
    options = dialog.ladder.options
    best = max((o for o in options if o.verdict != "will not fit"),
               key=lambda o: (o.verdict == "fits", o.size_bytes))
    assert dialog.selected_option() is best
    # choosing the rung that will not fit warns before anything is downloaded
    asked: list[str] = []

    def decline(box: Any) -> Any:
        asked.append(box.text())
        return box.button(box.StandardButton.Cancel)

    monkeypatch.setattr(HubDialog, "confirm", staticmethod(decline))
    dialog.ladder_table.selectRow(quants.index("F16"))
    dialog.download_selected()
    assert asked and "Download it anyway" in asked[0] and "tiny-F16.gguf" in asked[0]
    assert manager.downloads() == []
    _open(qtbot, dialog, MLX_REPO)
    assert _column(dialog.ladder_table, 0) == [dialog.ladder.options[0].quant]


def test_download_shows_progress_then_offers_the_model(
    qtbot: QtBot, dialog: HubDialog, manager: DownloadManager, posted: list
) -> None:
    _search(qtbot, dialog, "tiny")
    _open(qtbot, dialog, GGUF_REPO)
    dialog.ladder_table.selectRow(_column(dialog.ladder_table, 0).index("Q8_0"))
    used: list[str] = []
    dialog.use_model.connect(used.append)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    key = dialog.key_for(GGUF_REPO, "tiny-Q8_0.gguf")
    qtbot.waitUntil(lambda: dialog.button(key, "Use") is not None, timeout=10_000)
    assert _column(dialog.download_table, 2)[0].startswith("Downloaded and verified")
    assert dialog.download_table.cellWidget(0, 1).value() == 1000
    assert [e.id for e in library.entries()] == ["owner/tiny:Q8_0"]
    assert ("info", "owner/tiny:Q8_0 is downloaded and verified; it is now in the model "
            "picker.") in posted
    qtbot.mouseClick(dialog.button(key, "Use"), Qt.MouseButton.LeftButton)
    assert used == ["owner/tiny:Q8_0"]
    _open(qtbot, dialog, MLX_REPO)
    _open(qtbot, dialog, GGUF_REPO)  # reopened: the rung says it is installed
    row = _column(dialog.ladder_table, 0).index("Q8_0")
    assert dialog.ladder_table.item(row, 5).text().endswith("· installed")


def _start_half_way(qtbot: QtBot, h: FakeHub, manager: DownloadManager
                    ) -> tuple[str, int, threading.Event, Path]:
    """Start the F16 download and return once half of it is on disk and the transfer is
    held there (until ``release`` is set): (key, half, release, partial file)."""
    file = "tiny-F16.gguf"
    half = len(h.repos[GGUF_REPO].files[file]) // 2
    release = threading.Event()
    h.hold_at[file] = (half, release)
    part = models_dir() / "owner" / "tiny" / f"{file}.part"
    d = manager.start(GGUF_REPO, file, "owner/tiny:F16")
    qtbot.waitUntil(lambda: part.exists() and part.stat().st_size >= half, timeout=10_000)
    return d.key, half, release, part


def test_pause_keeps_the_part_and_a_new_run_resumes_it(
    qtbot: QtBot, hub: FakeHub, dialog: HubDialog, manager: DownloadManager
) -> None:
    key, half, release, part = _start_half_way(qtbot, hub, manager)
    qtbot.waitUntil(lambda: dialog.button(key, "Pause") is not None)
    qtbot.mouseClick(dialog.button(key, "Pause"), Qt.MouseButton.LeftButton)
    release.set()  # the stalled transfer ends; the pause is seen before any retry
    qtbot.waitUntil(lambda: dialog.button(key, "Resume") is not None, timeout=10_000)
    assert "Paused at" in _column(dialog.download_table, 2)[0]
    assert part.stat().st_size == half and library.entries() == []

    # a new run of the app (a new manager and dialog) finds it and resumes with Range
    again = DownloadManager()
    reopened = HubDialog(again, 4096)
    qtbot.addWidget(reopened)
    assert _column(reopened.download_table, 0) == ["owner/tiny · tiny-F16.gguf"]
    assert "Paused at" in _column(reopened.download_table, 2)[0]
    qtbot.mouseClick(reopened.button(key, "Resume"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reopened.button(key, "Use") is not None, timeout=10_000)
    assert hub.ranges("tiny-F16.gguf")[-1] == f"bytes={half}-"
    assert [e.id for e in library.entries()] == ["owner/tiny:F16"]
    assert downloads.paused_downloads() == []


def test_cancel_asks_then_removes_the_partial_files(
    qtbot: QtBot, hub: FakeHub, dialog: HubDialog, manager: DownloadManager, posted: list,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.gui.models.downloads_table import DownloadsTable

    asked: list[str] = []

    def answer(box: Any) -> Any:  # the user reads the question, then confirms
        asked.append(box.text())
        return next(b for b in box.buttons() if b.text() == "Cancel Download")

    monkeypatch.setattr(DownloadsTable, "confirm", staticmethod(answer))
    key, half, release, part = _start_half_way(qtbot, hub, manager)
    qtbot.waitUntil(lambda: dialog.button(key, "Cancel") is not None)
    qtbot.mouseClick(dialog.button(key, "Cancel"), Qt.MouseButton.LeftButton)
    assert asked and "Pause keeps it" in asked[0]
    release.set()
    qtbot.waitUntil(lambda: dialog.download_table.rowCount() == 0, timeout=10_000)
    assert not part.exists() and downloads.paused_downloads() == []
    assert any("cancelled" in text for _, text in posted)


def test_a_paused_download_can_be_cancelled_after_a_restart(
    qtbot: QtBot, hub: FakeHub, manager: DownloadManager
) -> None:
    key, half, release, part = _start_half_way(qtbot, hub, manager)
    manager.pause(key)
    release.set()
    qtbot.waitUntil(lambda: manager.get(key).state == "paused", timeout=10_000)
    again = DownloadManager()
    (found,) = again.find_paused()
    assert found.have == half and found.state == "paused"
    again.cancel(found.key)
    assert again.downloads() == [] and not part.exists()


def test_a_paused_download_shows_its_total_and_progress_after_a_restart(
    qtbot: QtBot, hub: FakeHub, manager: DownloadManager
) -> None:
    """An MLX repo is several files: only the pull knows their total, and a restart keeps it."""
    from app.gui.models.downloads_table import DownloadsTable

    files = hub.repos[MLX_REPO].files
    big = max(files, key=lambda f: len(files[f]))
    half = len(files[big]) // 2
    release = threading.Event()
    hub.hold_at[big] = (half, release)
    part = models_dir() / "owner" / "tiny-mlx" / f"{big}.part"
    d = manager.start(MLX_REPO, None, MLX_REPO)
    qtbot.waitUntil(lambda: part.exists() and part.stat().st_size >= half
                    and d.progress is not None, timeout=10_000)
    total = d.progress.total
    assert total > len(files[big])  # the whole repo, not the one file
    manager.pause(d.key)
    release.set()
    qtbot.waitUntil(lambda: d.state == "paused", timeout=10_000)

    again = DownloadManager()  # the next run of the app
    (found,) = again.find_paused()
    table = DownloadsTable(again)
    qtbot.addWidget(table)
    status = table.item(0, 2).text()
    assert status == (f"Paused at {format_bytes(found.have)} of {format_bytes(total)}; "
                      "Resume continues from there.")
    bar = table.cellWidget(0, 1)
    assert bar.value() == int(found.have / total * 1000) > 0
    again.cancel(found.key)  # nothing left: the kept total goes too
    assert DownloadManager().find_paused() == []
    assert not (models_dir() / "paused-totals.json").exists()


def test_a_gated_repo_fails_with_one_sentence_and_the_row_can_be_retried(
    qtbot: QtBot, dialog: HubDialog, manager: DownloadManager, posted: list
) -> None:
    _search(qtbot, dialog, "gated")
    _open(qtbot, dialog, GATED_REPO)
    assert "gated" in dialog.repo_label.text()
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    key = dialog.key_for(GATED_REPO, "tiny-Q8_0.gguf")
    qtbot.waitUntil(lambda: dialog.button(key, "Resume") is not None, timeout=10_000)
    status = _column(dialog.download_table, 2)[0]
    assert "gated" in status and "hf auth login" in status and "\n" not in status
    assert posted[-1] == ("error", status)


def test_offline_mode_says_so_in_the_dialog(
    qtbot: QtBot, dialog: HubDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    _search(qtbot, dialog, "tiny")
    assert "offline" in dialog.status.text() and dialog.result_table.rowCount() == 0


def test_the_picker_deletes_a_download_and_says_what_it_freed(
    qtbot: QtBot, hub: FakeHub, posted: list
) -> None:
    from app.gui.models.picker import ModelPicker

    entry = downloads.pull(GGUF_REPO, quant="Q4_0")
    size = entry.location.stat().st_size
    picker = ModelPicker([], "starter")
    qtbot.addWidget(picker)
    row = next(i for i, r in enumerate(picker.rows) if r.spec == entry.id)
    assert picker.table.item(row, 0).toolTip().startswith(f"Downloaded from {GGUF_REPO}")
    picker.table.selectRow(0)
    assert not picker.delete_button.isEnabled()  # the starter cannot be deleted
    picker.table.selectRow(row)
    assert picker.delete_button.isEnabled()
    picker.delete_selected(confirm=False)
    qtbot.waitUntil(lambda: all(r.spec != entry.id for r in picker.rows))
    assert not entry.location.exists() and library.entries() == []
    from inference.model.memory import format_bytes

    assert ("info", f"Deleted {entry.id}; {format_bytes(size)} freed.") in posted


def test_eta_reads_like_a_person_would_say_it() -> None:
    assert [format_eta(x) for x in (None, 4.4, 125, 3 * 3600 + 7 * 60)] == [
        "", "4 s left", "2 min left", "3 h 7 min left"]


def test_the_window_mentions_paused_downloads_and_loads_a_finished_one(
    qtbot: QtBot, hub: FakeHub, posted: list
) -> None:
    from app.gui.settings import AppSettings
    from app.gui.window import MainWindow
    from inference.store import ConversationStore
    from tests.app.fake_engine import FakeModel, fake_worker

    stopped = threading.Event()
    stopped.set()
    with pytest.raises(downloads.DownloadCancelled):  # a download an earlier run left paused
        downloads.pull(GGUF_REPO, quant="F16", cancel=stopped)
    worker = fake_worker(FakeModel())
    store = ConversationStore()
    w = MainWindow(store, worker, AppSettings())
    qtbot.addWidget(w)
    try:
        (row,) = [r for r in w.message_bar.rows if "stopped part-way" in r.label.text()]
        assert "owner/tiny · tiny-F16.gguf" in row.label.text()
        assert row.sticky  # it stays until acted on, never fades
        w.open_hub()  # acted on: the downloads are listed there
        assert not any("stopped part-way" in text for text in w.message_bar.texts())
        dialog = w._hub
        assert _column(dialog.download_table, 0) == ["owner/tiny · tiny-F16.gguf"]
        size = len(hub.repos[GGUF_REPO].files["tiny-F16.gguf"])
        assert _column(dialog.download_table, 2)[0].startswith("Paused at ")
        assert f" of {format_bytes(size)};" in _column(dialog.download_table, 2)[0]
        key = dialog.key_for(GGUF_REPO, "tiny-F16.gguf")
        qtbot.mouseClick(dialog.button(key, "Resume"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.button(key, "Use") is not None, timeout=10_000)
        qtbot.mouseClick(dialog.button(key, "Use"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.controller.model_info is not None
                        and w.controller.model_spec == "owner/tiny:F16")
        assert w.app_settings.model == "owner/tiny:F16"
    finally:
        worker.close()
        store.close()
        w.close()


def test_status_names_the_file_when_a_download_has_several() -> None:
    from app.gui.models.download_manager import Download, status_text

    d = Download("owner/tiny", "tiny-Q6_K-00001-of-00002.gguf", "owner/tiny:Q6_K",
                 state="downloading")
    d.progress = downloads.Progress("tiny-Q6_K-00002-of-00002.gguf", 512, 2048, 2560,
                                    4096, 1024.0, 1.5, "downloading")
    assert status_text(d) == ("2 kB of 4 kB · 1 kB/s · 2 s left · "
                              "tiny-Q6_K-00002-of-00002.gguf 25%")
    d.progress = downloads.Progress("one.gguf", 10, 4096, 10, 4096, 0.0, None, "downloading")
    assert status_text(d) == "0 kB of 4 kB"


def test_a_download_started_now_has_buttons_that_can_be_read(
    qtbot: QtBot, hub: FakeHub, dialog: HubDialog, manager: DownloadManager
) -> None:
    key, half, release, part = _start_half_way(qtbot, hub, manager)
    qtbot.waitUntil(lambda: dialog.button(key, "Pause") is not None)
    for name in ("Pause", "Cancel"):
        button = dialog.button(key, name)
        assert button is not None
        assert button.width() >= button.sizeHint().width() - 2, name
    release.set()
    manager.pause(key)
    qtbot.waitUntil(lambda: manager.get(key).state == "paused", timeout=10_000)


def test_a_download_that_fails_its_checksum_shows_nothing_left(
    qtbot: QtBot, hub: FakeHub, dialog: HubDialog, manager: DownloadManager, posted: list
) -> None:
    from PySide6.QtWidgets import QProgressBar

    hub.corrupt.add("tiny-Q8_0.gguf")
    d = manager.start(GGUF_REPO, "tiny-Q8_0.gguf", "owner/tiny:Q8_0")
    qtbot.waitUntil(lambda: manager.get(d.key).state == "failed", timeout=10_000)
    assert any("checksum" in text for _, text in posted)
    bar = dialog.download_table.cellWidget(0, 1)
    assert isinstance(bar, QProgressBar) and bar.value() == 0  # the file was deleted


def test_ticked_rungs_are_downloaded_then_compared(
    qtbot: QtBot, dialog: HubDialog, manager: DownloadManager, hub: FakeHub
) -> None:
    """The ladder of one repo in one flow: tick the rungs, see what they cost, and the ones
    not here yet are downloaded before Compare opens on all of them, largest first."""
    _search(qtbot, dialog, "tiny")
    _open(qtbot, dialog, GGUF_REPO)
    assert dialog.compare_button.isVisible() and not dialog.compare_button.isEnabled()
    assert "Tick 2 to 4" in dialog.compare_label.text()
    dialog.set_ticked(["Q8_0"])
    assert not dialog.compare_button.isEnabled()
    assert "tick at least one more" in dialog.compare_label.text()
    # one rung is already here: only the other is fetched
    row = _column(dialog.ladder_table, 0).index("Q4_0")
    dialog.ladder_table.selectRow(row)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "installed" in dialog.ladder_table.item(row, 5).text(),
                    timeout=10_000)
    dialog.set_ticked(["Q4_0", "Q8_0"])
    sizes = {o.quant: o.size_bytes for o in dialog.ladder.options}
    label = dialog.compare_label.text()
    assert label.startswith("Q4_0, Q8_0: ") and "to download of" in label
    assert "One model is in memory at a time: the largest (Q8_0) needs" in label
    assert dialog.compare_button.isEnabled()
    assert dialog.compare_button.text() == "Download and Compare"
    with qtbot.waitSignal(dialog.compare_models, timeout=10_000) as ready:
        qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
        assert "Compare will open when Q8_0 is downloaded" in dialog.status.text()
    paths = ready.args[0]  # as the picker and Compare list them, the largest first
    assert paths == ["owner/tiny:Q8_0", "owner/tiny:Q4_0"]
    assert sizes["Q8_0"] > sizes["Q4_0"]
    assert [resolve(p).path.name for p in paths] == ["tiny-Q8_0.gguf", "tiny-Q4_0.gguf"]
    # each fetched whole once (the ranged GETs are the ladder reading their headers)
    assert hub.ranges("tiny-Q4_0.gguf").count(None) == 1
    assert hub.ranges("tiny-Q8_0.gguf").count(None) == 1
    # both here now: Compare again opens at once, nothing downloaded
    assert dialog.compare_button.text() == "Compare"
    assert "all downloaded" in dialog.compare_label.text()
    with qtbot.waitSignal(dialog.compare_models, timeout=1_000) as again:
        dialog.compare_button.click()
    assert again.args[0] == paths
    assert hub.ranges("tiny-Q8_0.gguf").count(None) == 1
    # more than four, or an MLX repo (one model per repo): no comparison to offer
    dialog.set_ticked(["Q4_0", "Q8_0", "Q6_K", "F16"])
    assert dialog.compare_button.isEnabled()
    _open(qtbot, dialog, MLX_REPO)
    assert not dialog.compare_button.isVisible()


def test_a_cancelled_rung_calls_the_comparison_off(
    qtbot: QtBot, dialog: HubDialog, manager: DownloadManager, hub: FakeHub
) -> None:
    file = "tiny-Q8_0.gguf"
    release = threading.Event()
    hub.hold_at[file] = (len(hub.repos[GGUF_REPO].files[file]) // 2, release)
    _search(qtbot, dialog, "tiny")
    _open(qtbot, dialog, GGUF_REPO)
    dialog.set_ticked(["Q4_0", "Q8_0"])
    compared: list[list[str]] = []
    dialog.compare_models.connect(compared.append)
    dialog.compare_button.click()
    key = dialog.key_for(GGUF_REPO, file)
    qtbot.waitUntil(lambda: manager.get(key) is not None and manager.get(key).active)
    manager.cancel(key)
    release.set()
    qtbot.waitUntil(lambda: "called off" in dialog.status.text(), timeout=10_000)
    assert "Q8_0 was cancelled" in dialog.status.text()
    assert compared == []


@pytest.fixture()
def siblings(hub: FakeHub, tiny_gguf: Any, tiny_mlx_model: Any) -> FakeHub:
    from tests.fixtures.fake_hub import populate_siblings

    populate_siblings(hub, tiny_gguf, tiny_mlx_model)
    return hub


def test_a_gguf_ladder_offers_the_mlx_versions_of_the_same_base(
    qtbot: QtBot, dialog: HubDialog, siblings: FakeHub
) -> None:
    from tests.fixtures.fake_hub import SIBLING_GGUF_REPO, SIBLING_MLX_REPOS

    _search(qtbot, dialog, "Small")
    _open(qtbot, dialog, SIBLING_GGUF_REPO)
    qtbot.waitUntil(lambda: dialog.ladder_table.rowCount() == 3, timeout=10_000)
    assert _column(dialog.ladder_table, 0) == ["Q8_0", "MLX 4-bit", "MLX mxfp4"]
    assert _column(dialog.ladder_table, 1) == ["small-Q8_0.gguf", *SIBLING_MLX_REPOS]
    assert _column(dialog.ladder_table, 3)[1:] == ["4.50", "4.25"]
    assert all(_column(dialog.ladder_table, 5))  # a verdict for each
    assert [s.repo for s in dialog.siblings] == list(SIBLING_MLX_REPOS)
    # a tick box, unticked: Compare takes the MLX versions beside the GGUF rungs
    assert dialog.ladder_table.item(1, 0).checkState() == Qt.CheckState.Unchecked
    # selected and downloaded the way an MLX repo is: the whole repo, into the library
    dialog.ladder_table.selectRow(1)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    key = dialog.key_for(SIBLING_MLX_REPOS[0], None)
    qtbot.waitUntil(lambda: dialog.button(key, "Use") is not None, timeout=10_000)
    assert [e.id for e in library.entries()] == [SIBLING_MLX_REPOS[0]]
    qtbot.waitUntil(lambda: dialog.ladder_table.item(1, 5).text().endswith("· installed"))
    assert not dialog.ladder_table.item(2, 5).text().endswith("· installed")


def test_no_mlx_rows_without_mlx_versions_of_the_base(
    qtbot: QtBot, dialog: HubDialog, siblings: FakeHub
) -> None:
    from tests.fixtures.fake_hub import LONE_GGUF_REPO

    _search(qtbot, dialog, "lone")
    _open(qtbot, dialog, LONE_GGUF_REPO)
    info = f"/api/models/{LONE_GGUF_REPO}"
    qtbot.waitUntil(lambda: any(p == info for _m, p, _r in siblings.requests))  # looked
    qtbot.wait(200)
    assert _column(dialog.ladder_table, 0) == ["Q8_0"] and dialog.siblings == []


def test_a_gguf_rung_and_an_mlx_version_are_downloaded_then_compared(
    qtbot: QtBot, dialog: HubDialog, manager: DownloadManager, siblings: FakeHub
) -> None:
    """One model's GGUF and MLX quants in one comparison: the GGUF rung is fetched as its
    file, the MLX version as its whole repo, and Compare opens on both, largest first."""
    from tests.fixtures.fake_hub import SIBLING_GGUF_REPO, SIBLING_MLX_REPOS

    _search(qtbot, dialog, "Small")
    _open(qtbot, dialog, SIBLING_GGUF_REPO)
    assert not dialog.compare_button.isVisible()  # one GGUF rung: nothing to compare yet
    qtbot.waitUntil(lambda: dialog.ladder_table.rowCount() == 3, timeout=10_000)
    assert dialog.compare_button.isVisible() and not dialog.compare_button.isEnabled()
    dialog.set_ticked(["Q8_0", "MLX 4-bit"])
    assert [repo for repo, _o in dialog.ticked()] == [SIBLING_GGUF_REPO, SIBLING_MLX_REPOS[0]]
    label = dialog.compare_label.text()
    assert label.startswith("Q8_0, MLX 4-bit: ") and "to download." in label
    assert dialog.compare_button.isEnabled()
    assert dialog.compare_button.text() == "Download and Compare"
    sizes = {repo: o.size_bytes for repo, o in dialog.ticked()}
    expected = sorted([f"{SIBLING_GGUF_REPO}:Q8_0", SIBLING_MLX_REPOS[0]],
                      key=lambda spec: -sizes[spec.split(":")[0]])
    with qtbot.waitSignal(dialog.compare_models, timeout=15_000) as ready:
        qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
        assert "Compare will open when" in dialog.status.text()
    assert ready.args[0] == expected
    gguf_key = dialog.key_for(SIBLING_GGUF_REPO, "small-Q8_0.gguf")
    mlx_key = dialog.key_for(SIBLING_MLX_REPOS[0], None)  # the whole repo
    assert manager.get(gguf_key).state == "done" and manager.get(mlx_key).state == "done"
    assert manager.get(dialog.key_for(SIBLING_MLX_REPOS[1], None)) is None  # not ticked
    assert sorted(e.id for e in library.entries()) == sorted(expected)
    assert resolve(f"{SIBLING_GGUF_REPO}:Q8_0").path.name == "small-Q8_0.gguf"
    # both here now: the rows say so, and Compare again opens at once
    qtbot.waitUntil(lambda: all(dialog.ladder_table.item(r, 5).text().endswith("· installed")
                                for r in (0, 1)))
    assert dialog.compare_button.text() == "Compare"
    assert "all downloaded" in dialog.compare_label.text()
    with qtbot.waitSignal(dialog.compare_models, timeout=1_000) as again:
        dialog.compare_button.click()
    assert again.args[0] == expected


def test_a_cancelled_mlx_version_calls_the_comparison_off(
    qtbot: QtBot, dialog: HubDialog, manager: DownloadManager, siblings: FakeHub
) -> None:
    from tests.fixtures.fake_hub import SIBLING_GGUF_REPO, SIBLING_MLX_REPOS

    repo = SIBLING_MLX_REPOS[1]
    weights = max(siblings.repos[repo].files, key=lambda f: len(siblings.repos[repo].files[f]))
    release = threading.Event()
    siblings.hold_at[weights] = (len(siblings.repos[repo].files[weights]) // 2, release)
    _search(qtbot, dialog, "Small")
    _open(qtbot, dialog, SIBLING_GGUF_REPO)
    qtbot.waitUntil(lambda: dialog.ladder_table.rowCount() == 3, timeout=10_000)
    dialog.set_ticked(["Q8_0", "MLX mxfp4"])  # (the other MLX repo has the same files)
    compared: list[list[str]] = []
    dialog.compare_models.connect(compared.append)
    dialog.compare_button.click()
    key = dialog.key_for(repo, None)
    qtbot.waitUntil(lambda: manager.get(key) is not None and manager.get(key).active)
    manager.cancel(key)
    release.set()
    qtbot.waitUntil(lambda: "called off" in dialog.status.text(), timeout=10_000)
    assert "MLX mxfp4 was cancelled" in dialog.status.text()
    assert compared == []
