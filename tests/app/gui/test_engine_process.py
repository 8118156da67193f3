"""The window on the engine in a child process: the model's process dies mid-reply and the
window stays, keeps the reply so far marked interrupted, says what happened and chats again
on the model loaded anew; Esc stops a load at once and the model before it comes back.

The kill comes when the first words of the reply are on screen, never after a sleep.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.gui.chat.worker import InferenceWorker
from app.gui.settings import AppSettings
from inference.remote import ProcessEngine, RemoteJob
from tests.app.gui.test_local_api import WAIT, close_window, open_window
from tests.inference import remote_helpers


def _worker() -> InferenceWorker:
    return InferenceWorker(load=remote_helpers.load_or_block, engine=ProcessEngine())


def test_a_crash_mid_reply_keeps_it_interrupted_and_the_window_chats_on(
        qtbot: QtBot, tiny_gguf: Callable[..., Path], posted: list) -> None:
    path = tiny_gguf("llama")
    worker = InferenceWorker(engine=ProcessEngine())
    w, worker, store = open_window(qtbot, worker, AppSettings(model=str(path)))
    engine = worker.engine
    assert isinstance(engine, ProcessEngine) and engine.pid != os.getpid()
    try:
        settings = w.controller.settings().__class__(temperature=0.0, max_tokens=2000)
        w.controller.set_settings(settings)
        first = engine.pid
        killed: list[int] = []

        def kill(_text: str) -> None:  # the first words are on their way to the screen
            if not killed and engine.pid is not None:
                killed.append(engine.pid)
                os.kill(engine.pid, signal.SIGKILL)

        worker.tokens.connect(kill)
        w.composer.edit.setPlainText("Tell me about orchards")
        w.composer._send()
        qtbot.waitUntil(lambda: w.controller.pending is None, timeout=WAIT * 1000)
        worker.tokens.disconnect(kill)
        assert killed == [first]
        reply = store.messages(w.controller.conversation_id)[-1]
        assert reply.role == "assistant" and reply.content and not reply.complete
        qtbot.waitUntil(lambda: any(  # said once, and that the model is coming back
            level == "error" and text.startswith("The model's process was stopped")
            and "again" in text for level, text in posted), timeout=WAIT * 1000)
        # the model comes back by itself, in a new process; the window chats on
        qtbot.waitUntil(lambda: w.controller.model_info is not None and not w.controller.loading,
                        timeout=WAIT * 1000)
        assert engine.pid != first and w.controller.model_spec == str(path)
        w.composer.edit.setPlainText("Hi again")
        w.composer._send()
        qtbot.waitUntil(lambda: w.controller.pending is None, timeout=WAIT * 1000)
        messages = store.messages(w.controller.conversation_id)
        assert messages[-1].complete and messages[-3].id == reply.id  # the partial is kept
    finally:
        close_window(w, worker, store)


def test_esc_stops_a_load_at_once_and_the_model_before_comes_back(
        qtbot: QtBot, tiny_gguf: Callable[..., Path], posted: list, tmp_path: Path) -> None:
    path = tiny_gguf("llama")
    worker = _worker()
    w, worker, store = open_window(qtbot, worker, AppSettings(model=str(path)))
    try:
        w.controller.load_model(remote_helpers.make_fifo(tmp_path))
        job = worker._load_job
        assert isinstance(job, RemoteJob) and job.reading.wait(WAIT)  # being read, in the child
        assert w.controller.loading
        stop = next(a for a in w.findChildren(type(w.api_action)) if a.text() == "Stop Reply")
        stop.trigger()  # Esc
        qtbot.waitUntil(lambda: ("error", "Loading was cancelled.") in posted,
                        timeout=WAIT * 1000)
        qtbot.waitUntil(lambda: w.controller.model_info is not None and not w.controller.loading,
                        timeout=WAIT * 1000)
        assert w.controller.model_spec == str(path)
        assert not any("process" in text for _, text in posted)  # not told as a crash
    finally:
        close_window(w, worker, store)


def test_the_app_runs_its_model_in_a_child_process(qtbot: QtBot) -> None:
    from app.gui.main import build_window
    from inference.store import ConversationStore

    store = ConversationStore()
    window, worker = build_window(store)
    qtbot.addWidget(window)
    try:
        assert isinstance(worker.engine, ProcessEngine)
    finally:
        close_window(window, worker, store)


def test_a_crash_mid_compare_fails_the_run_and_the_next_run_works(
        qtbot: QtBot, tiny_gguf: Callable[..., Path]) -> None:
    import gc

    from app.gui.compare.window import CompareWindow

    engine = ProcessEngine()
    w = CompareWindow(engine=engine)
    qtbot.addWidget(w)
    w.show()
    try:
        w.set_models([str(tiny_gguf("llama")), str(tiny_gguf("llama", "Q4_0"))])
        w.prompt.setPlainText("What is the capital of France?")
        w.max_tokens.setValue(8)
        killed: list[int] = []

        def kill(_column: int, _kind: str, _row: object) -> None:  # a column has loaded
            if not killed and engine.pid is not None:
                killed.append(engine.pid)
                os.kill(engine.pid, signal.SIGKILL)

        w.worker.state.connect(kill)
        w.outcome = None
        w.compare_button.click()
        qtbot.waitUntil(lambda: not w.busy, timeout=WAIT * 1000)
        w.worker.state.disconnect(kill)
        assert killed and w.outcome is None  # the run failed, in one sentence, in the window
        assert "The model's process was stopped" in w.status.text()
        w.compare_button.click()  # a new process serves the next run
        qtbot.waitUntil(lambda: not w.busy, timeout=WAIT * 1000)
        assert w.outcome is not None and not w.outcome.stopped
        assert all(not r.error for r in w.outcome.report.results)
    finally:
        w.close()
        engine.close()
        w.deleteLater()
        gc.collect()
