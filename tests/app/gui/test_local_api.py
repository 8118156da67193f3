"""The app's Local API switch: the OpenAI-compatible server on the model the window loaded,
with the engine behind the window's worker as the one owner of that model.

End to end: the real window, the real worker thread and a tiny GGUF, asked through the
official ``openai`` client while the window chats too. Queueing: a fake model whose reply
is held by an Event, so order is decided by Events, never by timing.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from pytestqt.qtbot import QtBot

from app.gui.chat.worker import InferenceWorker
from app.gui.local_api import LocalApi
from app.gui.settings import AppSettings
from app.gui.window import MainWindow
from inference.engine import ApiDoor, EngineBusy, GenerationRequest, Job, JobFailed, finish
from inference.store import ConversationStore
from inference.types import GenerationChunk, Message, SamplingSettings
from tests.app.fake_engine import FakeModel, FakeSession

WAIT = 20  # seconds: a safety net against hangs, never a timing assumption


def open_window(qtbot: QtBot, worker: InferenceWorker, settings: AppSettings
                ) -> tuple[MainWindow, InferenceWorker, ConversationStore]:
    store = ConversationStore()
    w = MainWindow(store, worker, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.model_info is not None, timeout=WAIT * 1000)
    return w, worker, store


def close_window(w: MainWindow, worker: InferenceWorker, store: ConversationStore) -> None:
    w.close()  # stops the API first, then the downloads; then the model's thread
    worker.close()
    store.close()


def test_the_switch_serves_the_windows_model_to_the_openai_client(
    qtbot: QtBot, tiny_gguf: Callable[..., Path], posted: list
) -> None:
    path = tiny_gguf("llama")
    w, worker, store = open_window(qtbot, InferenceWorker(), AppSettings(model=str(path)))
    try:
        w.app_settings.api_port = 0  # any free port
        w.set_api_enabled(True)
        assert w.local_api.running and w.api_action.isChecked() and w.app_settings.api_enabled
        assert w.api_label.isVisible() and w.local_api.url in w.api_label.text()
        assert any(level == "info" and w.local_api.url in text for level, text in posted)
        client = openai.OpenAI(base_url=w.local_api.url, api_key="unused", max_retries=0,
                               timeout=WAIT)
        ids = [m.id for m in client.models.list().data]
        # the file; the path the app calls it by still works but is not listed (it names the user)
        assert ids == [path.name]
        reply = client.chat.completions.create(
            model=str(path), messages=[{"role": "user", "content": "Hello"}],
            temperature=0, max_tokens=5, seed=1)
        assert reply.usage is not None and reply.usage.completion_tokens == 5
        pieces = [c.choices[0].delta.content or "" for c in client.chat.completions.create(
            model=path.name, messages=[{"role": "user", "content": "Hello"}],
            temperature=0, max_tokens=5, seed=1, stream=True) if c.choices]
        assert "".join(pieces) == reply.choices[0].message.content
        # the window chats on the same model, and the API still answers afterwards
        w.composer.edit.setPlainText("Hi there")
        w.composer._send()
        qtbot.waitUntil(lambda: w.controller.pending is None, timeout=WAIT * 1000)
        assert w.store.messages(w.controller.conversation_id)[-1].complete
        again = client.chat.completions.create(
            model=path.name, messages=[{"role": "user", "content": "Hello"}],
            temperature=0, max_tokens=5, seed=1)
        assert again.choices[0].message.content == reply.choices[0].message.content
        url = w.local_api.url
        w.set_api_enabled(False)
        assert not w.local_api.running and not w.api_label.isVisible()
        assert not w.app_settings.api_enabled and not w.api_action.isChecked()
        with pytest.raises(openai.APIConnectionError):
            openai.OpenAI(base_url=url, api_key="unused", max_retries=0,
                          timeout=WAIT).models.list()
    finally:
        close_window(w, worker, store)


def test_a_busy_port_is_one_sentence_and_the_switch_stays_off(
    qtbot: QtBot, posted: list
) -> None:
    from tests.app.fake_engine import fake_worker

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    settings = AppSettings(api_port=taken.getsockname()[1])
    w, worker, store = open_window(qtbot, fake_worker(), settings)
    try:
        w.set_api_enabled(True)
        assert not w.local_api.running and not w.api_action.isChecked()
        level, text = posted[-1]
        assert level == "error" and text.startswith("The Local API could not start")
        assert "pick another port" in text and "--" not in text
    finally:
        taken.close()
        close_window(w, worker, store)


def test_the_switch_is_remembered_and_comes_back_on_at_start(qtbot: QtBot) -> None:
    from tests.app.fake_engine import fake_worker

    settings = AppSettings(api_enabled=True, api_port=0)
    w, worker, store = open_window(qtbot, fake_worker(), settings)
    try:
        assert w.local_api.running and w.api_action.isChecked()
        w.set_api_enabled(False)
        assert AppSettings.load().api_enabled is False
        w.set_api_enabled(True)
        assert AppSettings.load().api_enabled is True
    finally:
        close_window(w, worker, store)


# --- one owner: the queue the window and the API share -------------------------------------


class RecordingRunner:
    """Stands in for the engine's API path on a fake model: notes the thread and the order
    it ran in."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.threads: list[str] = []

    def run(self, job: Job) -> None:
        self.threads.append(threading.current_thread().name)
        self.log.append("api")
        finish(job, GenerationChunk("ok", prompt_tokens=1, generation_tokens=1,
                                    finish_reason="stop"))


@pytest.fixture()
def fake() -> Iterator[tuple[FakeModel, InferenceWorker, RecordingRunner, list]]:
    model, log = FakeModel(), []
    runner = RecordingRunner(log)

    class LoggingSession(FakeSession):
        """Notes, on the worker thread, when the window's reply has ended."""

        def reply(self, *, cancel: threading.Event | None = None,
                  settings: SamplingSettings | None = None, progress: Any = None
                  ) -> Iterator[GenerationChunk]:
            for chunk in super().reply(cancel=cancel, settings=settings, progress=progress):
                if chunk.finish_reason is not None:
                    log.append("window")
                yield chunk

    worker = InferenceWorker(load=lambda request: model, make_session=LoggingSession)
    worker.engine._serve = runner.run  # type: ignore[method-assign]
    yield model, worker, runner, log
    worker.close()


def _request() -> GenerationRequest:
    return GenerationRequest(messages=[Message("user", "Hi")], settings=SamplingSettings())


def _submit(engine: ApiDoor) -> tuple[Job, list[Any]]:
    events: list[Any] = []
    return engine.submit(_request(), events.append), events


def test_api_jobs_wait_their_turn_behind_the_windows_reply_on_the_worker_thread(
    qtbot: QtBot, fake: Any
) -> None:
    model, worker, runner, log = fake
    w = MainWindow(ConversationStore(), worker, AppSettings())
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.controller.model_info is not None)
    gate = threading.Event()
    model.script.gate = gate  # the window's reply waits on this, token by token
    w.composer.edit.setPlainText("Hello")
    w.composer._send()
    assert w.controller.pending is not None
    worker.engine.max_waiting = 2
    engine = ApiDoor(worker.engine)
    job, events = _submit(engine)
    second, _ = _submit(engine)  # two wait behind the window's running reply
    with pytest.raises(EngineBusy):  # beyond max_waiting: the server answers 503
        _submit(engine)
    assert not job.done.is_set() and log == []  # queued behind the window's reply
    gate.set()
    qtbot.waitUntil(lambda: job.done.is_set() and second.done.is_set(), timeout=WAIT * 1000)
    assert log == ["window", "api", "api"]  # in the order they came, on one thread
    assert runner.threads == ["orchard-engine"] * 2
    assert isinstance(events[-1], GenerationChunk) and events[-1].finish_reason == "stop"
    assert engine.open_jobs == 0
    w.close()


def test_switching_off_stops_waiting_api_jobs(qtbot: QtBot, fake: Any) -> None:
    model, worker, runner, log = fake
    w = MainWindow(ConversationStore(), worker, AppSettings())
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.controller.model_info is not None)
    gate = threading.Event()
    model.script.gate = gate
    w.composer.edit.setPlainText("Hello")
    w.composer._send()
    engine = ApiDoor(worker.engine)
    job, events = _submit(engine)
    engine.close()
    gate.set()
    qtbot.waitUntil(lambda: job.done.is_set(), timeout=WAIT * 1000)
    assert log == ["window"]  # the API job never ran
    assert isinstance(job.result, GenerationChunk) and job.result.finish_reason == "stopped"
    with pytest.raises(Exception, match="switched off"):
        _submit(engine)
    w.close()


def test_no_model_loaded_is_a_clear_503(qtbot: QtBot) -> None:
    from tests.app.fake_engine import fake_worker

    worker = fake_worker(load_error="That file is not a model.")
    api = LocalApi(worker)
    try:
        assert api.start(0) is None
        client = openai.OpenAI(base_url=api.url, api_key="unused", max_retries=0, timeout=WAIT)
        assert client.models.list().data == []
        with pytest.raises(openai.APIStatusError) as info:
            client.chat.completions.create(model="x", messages=[{"role": "user", "content": "Hi"}])
        assert info.value.status_code == 503
        assert "No model is loaded" in info.value.message
        # and a job that reaches the worker with no model ends in one failure, not a hang
        job = worker.engine.submit(_request(), lambda e: None)
        assert job.done.wait(WAIT)
        assert isinstance(job.result, JobFailed) and "No model is loaded" in job.result.message
    finally:
        api.stop()
        worker.close()


def test_settings_show_the_switch_port_and_address(qtbot: QtBot) -> None:
    from app.gui.settings import ChatSettings
    from app.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ChatSettings(), api=(False, 8000))
    qtbot.addWidget(dialog)
    assert dialog.api_values() == (False, 8000) and not dialog.api_port.isEnabled()
    assert "nothing listens" in dialog.api_note.text()
    dialog.api_enabled.setChecked(True)
    dialog.api_port.setValue(8123)
    assert dialog.api_values() == (True, 8123)
    assert "http://127.0.0.1:8123/v1" in dialog.api_note.text()
    assert "Only programs on this Mac" in dialog.api_note.text()


def test_settings_turn_the_api_on_at_their_port_and_remember_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.gui.window as window_module
    from app.gui.settings_dialog import SettingsDialog
    from tests.app.fake_engine import fake_worker

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # free again: the app will listen there
    answers = [(True, port), (False, port)]

    class Answering(SettingsDialog):
        """The user ticks (then unticks) the switch and presses OK."""

        def exec(self) -> int:  # type: ignore[override]
            enabled, value = answers.pop(0)
            self.api_enabled.setChecked(enabled)
            self.api_port.setValue(value)
            return 1

    monkeypatch.setattr(window_module, "SettingsDialog", Answering)
    w, worker, store = open_window(qtbot, fake_worker(), AppSettings())
    try:
        w.open_settings()
        assert w.local_api.url == f"http://127.0.0.1:{port}/v1"
        saved = AppSettings.load()
        assert saved.api_enabled and saved.api_port == port
        w.open_settings()
        assert not w.local_api.running
        saved = AppSettings.load()
        assert not saved.api_enabled and saved.api_port == port
    finally:
        close_window(w, worker, store)
