"""The Compare window on tiny GGUF models, with the real CompareWorker thread (offscreen)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextCursor
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.gui import bridge
from app.gui.compare.column import DIVERGE_BG
from app.gui.compare.quantize_dialog import QuantizeDialog
from app.gui.compare.window import CompareWindow
from app.gui.compare.worker import CompareOutcome, QuantizeRequest
from tests.fixtures.full_disk import fill_disk_for

RUN_TIMEOUT = 20_000


@pytest.fixture()
def models(tiny_gguf: Callable[..., Path]) -> list[Path]:
    # F32 is the reference (most bits per weight); Q4_0 and another architecture diverge
    return [tiny_gguf("llama"), tiny_gguf("llama", "Q4_0"), tiny_gguf("qwen2")]


@pytest.fixture()
def window(qtbot: QtBot) -> Iterator[CompareWindow]:
    w = CompareWindow()
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    w.deleteLater()
    gc.collect()  # widgets must be collected here, on the GUI thread


def _run(qtbot: QtBot, w: CompareWindow, button: str = "compare") -> CompareOutcome:
    # Wait on the window, not on the worker's signals: the window's state is what the user
    # sees, set once it has handled the outcome.
    w.outcome = None
    getattr(w, f"{button}_button").click()
    assert w.busy
    qtbot.waitUntil(lambda: not w.busy, timeout=RUN_TIMEOUT)
    assert w.outcome is not None
    return w.outcome


def _background_at(w: CompareWindow, column: int, position: int) -> str:
    cursor = QTextCursor(w.columns[column].browser.document())
    cursor.setPosition(position + 1)  # the format of the character before the cursor
    return cursor.charFormat().background().color().name()


def test_three_columns_stream_finish_and_mark_divergence(
    qtbot: QtBot, window: CompareWindow, models: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    updates: dict[int, list[float]] = {}
    window.worker.text.connect(
        lambda col, _t: updates.setdefault(col, []).append(time.monotonic()))
    window.set_models([str(models[2]), str(models[1]), str(models[0])])
    window.prompt.setPlainText("What is the capital of France?")
    window.max_tokens.setValue(24)
    outcome = _run(qtbot, window)
    assert not outcome.stopped
    # the two F32 files have the most bits per weight (32, tensor bytes only): the first
    # of them, qwen2, is the reference
    assert window.reference == outcome.report.reference == 0
    ref, q4, llama = window.columns[0], window.columns[1], window.columns[2]
    assert not window.columns[3].isVisible()
    for c in (ref, q4, llama):
        assert c.browser.toPlainText() and c.browser.toPlainText() == c.result.reply
        assert "tok/s" in c.header.text() and "bits/weight" in c.header.text()
        assert "load" in c.header.text() and c.state == "done"
        assert updates[c.number]  # streamed, not only shown at the end
    assert "reference" in ref.header.text() and "diverges" not in ref.header.text()
    for c in (q4, llama):
        r = c.result
        assert r is not None and r.diverges_at is not None
        assert f"diverges at token {r.diverges_at}" in c.header.text()
        k = c.diverge_char()
        assert k is not None
        if k < len(c.text):
            assert _background_at(window, c.number, k) == DIVERGE_BG
        if k > 0:
            assert _background_at(window, c.number, k - 1) != DIVERGE_BG
    # the reply stats reach the table, one row per column
    assert window.table.rowCount() == 3
    assert "(reference)" in window.table.item(0, 0).text()
    assert float(window.table.item(1, 6).text()) > 0
    _assert_chart_painted(window)
    # where the replies part, with both models' likeliest tokens there
    diverging = [c for c in (q4, llama) if c.result is not None and c.result.divergence]
    assert diverging and "five likeliest" in diverging[0].header.toolTip()
    assert "leaves the reference's at token" in window.diverge.toPlainText()
    # never more than 30 text updates a second per column (plus the final flush)
    for times in updates.values():
        span = times[-1] - times[0]
        assert len(times) <= span * bridge.MAX_UPDATES_PER_SECOND + 2
    # Markdown rendering keeps the highlight
    window.markdown.setChecked(True)
    k = q4.diverge_char()
    assert k is not None and k < len(q4.text) and q4.result is not None
    doc_text = q4.browser.toPlainText()
    assert doc_text.strip()


def test_stop_ends_the_run_in_finished(
    qtbot: QtBot, window: CompareWindow, models: list[Path]
) -> None:
    window.set_models([str(models[0]), str(models[1])])
    window.prompt.setPlainText("Tell me a long story.")
    window.max_tokens.setValue(1500)
    window.compare_button.click()
    qtbot.waitUntil(lambda: bool(window.columns[0].text), timeout=RUN_TIMEOUT)
    assert window.stop_button.isEnabled()
    window.stop_button.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=RUN_TIMEOUT)
    outcome = window.outcome
    assert outcome is not None and outcome.stopped
    assert window.columns[0].result is not None
    assert window.columns[0].result.generation_tokens < 1500
    assert window.columns[0].state == "stopped"
    assert window.columns[1].state == "skipped (stopped)"
    assert window.status.text().startswith("Stopped.")
    assert window.compare_button.isEnabled() and not window.stop_button.isEnabled()


def test_measure_fills_the_table_and_export_writes_md_csv_png(
    qtbot: QtBot, window: CompareWindow, models: list[Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.set_models([str(models[1]), str(models[0])])  # the reference is column 2
    window.quality_tokens.setValue(96)
    assert tuple(window.text_source.currentData()) == ("categories", "")  # every kind
    window.text_source.setCurrentIndex(window.text_source.findText("English (built-in)"))
    assert tuple(window.text_source.currentData()) == ("builtin", "en")
    said: list[tuple[int, int, int]] = []
    window.worker.measuring.connect(lambda c, done, total: said.append((c, done, total)))
    outcome = _run(qtbot, window, "measure")
    # progress for every window of both models, the reference first, ending at total
    assert said and said[0][0] == 1 and said[-1][1] == said[-1][2]
    assert {c for c, _, _ in said} == {0, 1}
    assert outcome.measured and outcome.report.reference == 1
    t = window.table
    assert t.rowCount() == 2
    assert "(reference)" in t.item(1, 0).text()
    assert float(t.item(1, 4).text()) == 0.0 and t.item(1, 5).text() == "100.0%"
    assert float(t.item(0, 4).text()) > 0 and float(t.item(0, 3).text()) > 1
    # no reply asked for: no time to first token, but the decode speed timed at the context
    assert t.item(0, 7).text() == "" and float(t.item(0, 6).text()) > 0
    assert "perplexity" in window.columns[0].header.text()
    # the tokens where the quant strays furthest, in their context; clicking one opens the
    # passage around it (a second click closes it)
    assert "strays furthest" in window.diverge.toPlainText()
    worst = window.report.results[0].worst_tokens[0]
    before = window.diverge.toPlainText()
    assert worst["passage_before"][-200:].strip() not in before
    window.diverge.anchorClicked.emit(QUrl("token:0:0"))
    opened = window.diverge.toPlainText()
    assert worst["passage_before"][-40:].strip() in opened and len(opened) > len(before)
    assert len(worst["passage_before"]) > len(worst["before"])
    window.diverge.anchorClicked.emit(QUrl("token:0:0"))
    assert window.diverge.toPlainText() == before

    saved = iter([(tmp_path / "t.md", ""), (tmp_path / "t.csv", ""), (tmp_path / "chart", ""),
                  (tmp_path / "vector", "SVG drawing (*.svg)")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: tuple(map(str, next(saved)))))
    window.export_markdown()
    window.export_csv()
    window.export_chart()
    window.export_chart()
    md = (tmp_path / "t.md").read_text()
    assert "| model |" in md and "(reference)" in md
    assert "Quality measured on English" in md and "![Size against quality and speed](t.png)" in md
    assert not QImage(str(tmp_path / "t.png")).isNull()  # the chart the report links to
    rows = (tmp_path / "t.csv").read_text().splitlines()
    assert rows[0].startswith("model,quantization,bits/weight") and len(rows) == 3
    image = QImage(str(tmp_path / "chart.png"))
    assert not image.isNull() and image.width() > 0
    svg = (tmp_path / "vector.svg").read_text()
    assert svg.startswith("<?xml") and "<svg" in svg and "KL divergence" in svg


def _assert_chart_painted(window: CompareWindow) -> None:
    """The chart widget paints the report at its own size (not a scaled-down picture)."""
    chart = window.chart
    assert chart.report is window.report
    chart.resize(500, 300)
    picture = chart.grab().toImage()
    assert picture.width() == 500 * picture.devicePixelRatio() or picture.width() >= 500
    colours = {picture.pixel(x, y) for x in range(0, picture.width(), 7)
               for y in range(0, picture.height(), 7)}
    assert len(colours) > 3  # axes, points, text: something was drawn


def test_a_damaged_model_fails_in_its_column_while_the_others_finish(
    qtbot: QtBot, window: CompareWindow, models: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "damaged.gguf"
    bad.write_bytes(models[0].read_bytes()[:5000])
    window.set_models([str(models[0]), str(bad), str(models[1])])
    window.prompt.setPlainText("Hello")
    window.max_tokens.setValue(8)
    outcome = _run(qtbot, window)
    broken = window.columns[1]
    assert broken.state == "failed" and "damaged.gguf" in broken.browser.toPlainText()
    assert outcome.report.results[1].error
    for c in (window.columns[0], window.columns[2]):
        assert c.state == "done" and c.browser.toPlainText()
    assert "failed" in window.table.item(1, 3).text()


def test_quantize_makes_a_variant_and_offers_it_as_a_column(
    qtbot: QtBot, window: CompareWindow, tiny_mlx_model: Callable[..., Path], tmp_path: Path
) -> None:
    src = str(tiny_mlx_model("llama"))
    window.add_model(src, window.columns[0])
    dialog = QuantizeDialog([(src, "tiny")], src, window)
    dialog.bits.setCurrentIndex(dialog.bits.findData(3))
    dialog.group.setCurrentIndex(dialog.group.findData(32))
    assert dialog.out.text().endswith("mlx-llama-mlx-3bit-g32")
    request = dialog.request()
    assert (request.bits, request.group_size, request.source) == (3, 32, src)
    out = tmp_path / "q3"
    added: list[str] = []
    window.added.connect(added.append)
    window.start_quantize(QuantizeRequest(src, out, 3, 32))
    assert window.busy == "quantize" and not window.compare_button.isEnabled()
    qtbot.waitUntil(lambda: not window.busy, timeout=RUN_TIMEOUT)
    assert window.count.value() == 3 and window.columns[2].spec() == str(out)
    assert added == [str(out)] and "3-bit" in window.status.text()
    window.start_quantize(QuantizeRequest(src, out, 3, 32))  # the folder is not empty
    qtbot.waitUntil(lambda: not window.busy, timeout=RUN_TIMEOUT)
    assert "already exists" in window.status.text()


def test_each_model_waits_its_turn_alone_in_memory(
    qtbot: QtBot, window: CompareWindow, models: list[Path]
) -> None:
    events: list[tuple[int, str]] = []
    # the worker emits on the GUI thread (app.gui.bridge): a plain function may receive
    window.worker.state.connect(lambda col, kind, _r: events.append((col, kind)))
    window.set_models([str(models[0]), str(models[1])])
    window.prompt.setPlainText("Hi")
    window.max_tokens.setValue(4)
    window.compare_button.click()
    assert [c.state for c in window.active()] == ["waiting", "waiting"]
    qtbot.waitUntil(lambda: not window.busy, timeout=RUN_TIMEOUT)
    assert "One model in memory at a time" in window.status.text()
    order = [e for e in events if e[1] in ("loading", "unloaded")]
    assert order == [(0, "loading"), (0, "unloaded"), (1, "loading"), (1, "unloaded")]
    assert [c.state for c in window.active()] == ["done", "done"]


def test_measure_says_how_far_it_has_got_and_what_is_left(
    qtbot: QtBot, window: CompareWindow, models: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.gui.compare.window as window_module

    clock = iter([100.0, 110.0, 500.0, 510.0])
    monkeypatch.setattr(window_module.time, "monotonic", lambda: next(clock))
    window.set_models([str(models[1]), str(models[0])])
    window.request = object()  # type: ignore[assignment]  # a run in progress
    window._measuring(1, 2, 8)
    assert "left" not in window.status.text()  # no pace yet
    window._measuring(1, 4, 8)  # 2 of 16 windows in 10 s: 12 to go
    text = window.status.text()
    assert text.startswith("Measuring [2]") and "4 of 8 tokens" in text
    assert "25% of the run" in text and "about 60 s left" in text
    # a measure resumed from stored windows starts part-way: the pace counts from there
    window.request = object()  # type: ignore[assignment]
    window._measuring(0, 5, 8)
    window._measuring(0, 6, 8)  # 1 window in 10 s: 10 to go
    assert "about 1 min 40 s left" in window.status.text()
    window.request = None


def test_measure_on_saved_conversations_when_there_are_none_says_so(
    qtbot: QtBot, window: CompareWindow, models: list[Path]
) -> None:
    window.set_models([str(models[1]), str(models[0])])
    window.text_source.setCurrentIndex(window.text_source.findText("Your saved conversations"))
    assert tuple(window.text_source.currentData()) == ("conversations", "")
    window.measure_button.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=RUN_TIMEOUT)
    assert "no saved conversations to measure on yet" in window.status.text()


def test_the_user_can_name_the_reference(
    qtbot: QtBot, window: CompareWindow, models: list[Path]
) -> None:
    window.set_models([str(models[0]), str(models[1])])
    assert window.reference_choice.currentText() == "Reference: highest precision"
    window.reference_choice.setCurrentIndex(window.reference_choice.findText("Reference: [2]"))
    window.quality_tokens.setValue(64)
    _run(qtbot, window, "measure")
    assert window.reference == 1  # the Q4_0, though the F32 has more bits per weight
    assert "(reference)" in window.table.item(1, 0).text()
    q = window.columns[0].result.quality
    assert q is not None and q.kl is not None and q.kl > 0
    window.count.setValue(3)  # the choice stays while the columns change
    assert window.reference_choice.currentText() == "Reference: [2]"


def test_a_column_can_run_its_model_with_a_quantized_kv_cache(
    qtbot: QtBot, window: CompareWindow, tiny_mlx_model: Callable[..., Path],
) -> None:
    """The KV chooser beside each model makes ``MODEL@kv8`` a rung: the same model against
    itself shows what the quantized cache costs."""
    wide = str(tiny_mlx_model("llama", wide=True))
    window.set_models([wide, f"{wide}@kv4"])
    assert [c.spec() for c in window.active()] == [wide, f"{wide}@kv4"]
    assert window.columns[1].kv.currentText() == "KV 4-bit"
    window.prompt.setPlainText("Hi")
    window.outcome = None
    window.compare_button.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=RUN_TIMEOUT)
    assert window.outcome is not None, window.status.text()
    outcome = window.outcome
    kv4 = outcome.report.results[1]
    assert kv4.error is None and kv4.reply
    assert kv4.name.endswith("(KV cache 4-bit)")
    # named apart from the same model with its 16-bit cache: header and table
    assert "KV 4-bit" in window.columns[1].header.text()
    assert "KV 4-bit" not in window.columns[0].header.text()
    assert "KV 4-bit" in window.table.item(1, 0).text()


def test_on_a_full_disk_the_window_says_what_was_not_saved_and_leaves_no_half_file(
    qtbot: QtBot, window: CompareWindow, models: list[Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reference's scores not stored were only logged; the exports wrote in place (a full
    disk left half a file). Each is one sentence, and the window goes on."""

    from inference.eval.reference_cache import references_dir

    fill_disk_for(monkeypatch, ".npz", ".csv", ".png")
    window.set_models([str(models[1]), str(models[0])])
    window.quality_tokens.setValue(64)
    outcome = _run(qtbot, window, "measure")
    stored = (f"The disk holding {references_dir()} is full, so Orchard could not save the "
              "reference model's scores; free some space and try again.")
    assert outcome.not_saved == stored
    assert window.status.text().endswith(f". {stored}")  # after what was measured
    assert window.table.rowCount() == 2  # the figures stand
    assert not [p for p in references_dir().iterdir() if p.suffix in (".npz", ".tmp")]

    out = tmp_path / "out"
    out.mkdir()
    saved = iter([(out / "t.csv", ""), (out / "chart", "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: tuple(map(str, next(saved)))))
    window.export_csv()
    assert window.status.text() == (
        f"The table could not be saved to {out / 't.csv'} (No space left on device).")
    window.export_chart()
    assert window.status.text() == (
        f"The disk holding {out} is full, so Orchard could not save the chart; free some "
        "space and try again.")
    assert list(out.iterdir()) == []  # no half a table or picture, no temp file
    monkeypatch.undo()  # room again: the same exports work
    saved = iter([(out / "t.csv", ""), (out / "chart", "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: tuple(map(str, next(saved)))))
    window.export_csv()
    window.export_chart()
    assert sorted(p.name for p in out.iterdir()) == ["chart.png", "t.csv"]


def test_answer_flips_are_counted_in_the_table_when_asked(
    qtbot: QtBot, window: CompareWindow, tiny_gguf: Callable[..., Path]
) -> None:
    window.set_models([str(tiny_gguf("llama")), str(tiny_gguf("llama", "Q4_0"))])
    window.prompt.setPlainText("Hi")
    window.max_tokens.setValue(2)
    window.flips.setChecked(True)
    seen: list[str] = []  # the columns say while they answer the questions
    window.worker.state.connect(lambda _c, _k, _r: seen.append(window.columns[0].state))
    outcome = _run(qtbot, window)
    assert "answering the short questions…" in seen
    reference, other = outcome.report.results
    assert len(reference.answers) == 20 and other.flips is not None
    column = window.table.columnCount() - 1
    assert window.table.horizontalHeaderItem(column).text() == "Answer\nflips"
    assert window.table.item(0, column).text() == ""  # the reference is what others are held to
    assert window.table.item(1, column).text() == f"{other.flips} of 20"


def test_measure_reports_every_kind_of_text_in_words_then_numbers_and_shares_it(
    qtbot: QtBot, window: CompareWindow, models: list[Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The default measure scores every kind of text: the window says the result in words
    (with the model to run here), fills a table per kind, and exports HTML and JSON."""
    import json

    mine = tmp_path / "minutes.txt"
    mine.write_text("The allotment society met on Tuesday to plan the spring. " * 20)
    window.set_models([str(models[1]), str(models[0])])
    window.quality_tokens.setValue(96)
    index = window.text_source.findText("Every kind of text and a file of mine…")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(mine), "")))
    window.text_source.setCurrentIndex(index)
    window.text_source.activated.emit(index)
    assert window.text_source.currentText() == "Every kind of text and minutes.txt"
    outcome = _run(qtbot, window, "measure")
    assert outcome.measured and not outcome.stopped
    keys = [k for k, _ in window.report.categories]
    assert keys == ["en", "code", "ja", "zh", "chat", "long", "file:minutes.txt"]
    t = window.by_category
    headers = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    assert headers == ["Model", "English", "Source code", "Japanese", "Chinese",
                       "Chat dialogue", "Long document", "minutes.txt", "All"]
    assert t.rowCount() == 1 and all(float(t.item(0, c).text()) > 0
                                     for c in range(1, t.columnCount()))
    assert "p99.9" in t.item(0, 1).toolTip()
    words = window.summary.text()
    assert window.summary.isVisible() and words.startswith("Q4_0 is ")
    assert "Run " in words and "fits this Mac's memory" in words
    assert window.table.item(0, 6).text()  # decode speed timed at the context, no reply
    window.min_speed.setValue(1e3 - 1)  # nothing here is that fast: said in words
    assert "None of those that fit decodes at 999" in window.summary.text()
    saved = iter([tmp_path / "r.html", tmp_path / "r.json"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(next(saved)), "")))
    window.export_html()
    window.export_json()
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Per category" in page and "minutes.txt" in page
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [c["key"] for c in data["categories"]] == keys
    assert set(data["models"][0]["by_category"]) == set(keys)
    assert data["machine"]["mlx"]


def test_a_measure_runs_at_the_context_the_user_chats_at(
    qtbot: QtBot, models: list[Path],
) -> None:
    """Opened from the main window, Compare measures speed, memory and the long document at
    the chat's context length (at least compare's own 2,048)."""
    for chat, expected in ((4096, 4096), (512, 2048), (None, None)):
        w = CompareWindow(context_length=chat)
        qtbot.addWidget(w)
        w.set_models([str(models[1]), str(models[0])])
        w.quality_tokens.setValue(64)
        w.text_source.setCurrentIndex(w.text_source.findText("English (built-in)"))
        _run(qtbot, w, "measure")
        assert w.request_settings is not None and w.request_settings.ctx == expected
        w.close()
        w.deleteLater()
    gc.collect()
