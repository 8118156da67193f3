"""The engine in a child process: same jobs and events, and the app outlives the model's
process (killed mid-reply, mid-load, mid-task), a load cancelled at once, memory returned
on unload, the child's log in ours.

Deterministic by construction: a kill happens when an event says the child is where the
test wants it (a first chunk, a load under way), never after a sleep.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from inference.engine import (
    Engine,
    GenerationRequest,
    JobFailed,
    Loaded,
    LoadFailed,
)
from inference.errors import OrchardError
from inference.model.load import load_model
from inference.remote import LOST, EngineLost, ProcessEngine, Reloaded, RemoteJob, ended_how
from inference.types import GenerationChunk, Message, SamplingSettings, Steering
from tests.inference import remote_helpers
from tests.inference.test_engine import WAIT, Collect, greedy


class Heard:
    """A listener: what the engine told of its crashes and reloads."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.reloaded = threading.Event()

    def __call__(self, event: Any) -> None:
        self.events.append(event)
        if isinstance(event, Loaded | JobFailed):
            self.reloaded.set()


@pytest.fixture()
def model(tiny_gguf: Callable[..., Path]) -> Path:
    return tiny_gguf("llama")


@pytest.fixture()
def remote(model: Path) -> Iterator[ProcessEngine]:
    engine = ProcessEngine(functools.partial(load_model, str(model)), aliases=("tiny",),
                           max_waiting=2).start()
    yield engine
    engine.close()


def ask(engine: Any, text: str, settings: SamplingSettings | None = None,
        steering: Steering | None = None,
        on_chunk: Callable[[Any], None] | None = None) -> Collect:
    sink = Collect(on_chunk)
    engine.submit(GenerationRequest(messages=[Message("user", text)],
                                    settings=settings or greedy(),
                                    steering=steering or Steering()), sink)
    return sink


def long_reply(engine: ProcessEngine) -> Steering:
    """A reply that does not end by itself soon: the end-of-text tokens are banned."""
    ids = engine.call(remote_helpers.eos_ids).result(WAIT)
    return Steering(logit_bias={i: -100.0 for i in ids})


def reading_a_load_that_never_ends(remote: ProcessEngine, folder: Path,
                                   outcome: Collect) -> RemoteJob:
    """A load whose model the child is reading now (it waits on a fifo no one writes)."""
    job = remote.load(functools.partial(remote_helpers.blocked_load,
                                        remote_helpers.make_fifo(folder)),
                      outcome, aliases=("never",))
    assert isinstance(job, RemoteJob)
    assert job.reading.wait(WAIT)  # the child says when the model is being read
    return job


def kill(engine: ProcessEngine) -> None:
    assert engine.pid is not None
    os.kill(engine.pid, signal.SIGKILL)


def test_the_model_runs_in_another_process_and_answers_as_it_would_here(
        remote: ProcessEngine, model: Path) -> None:
    assert remote.call(remote_helpers.pid).result(WAIT) != os.getpid()
    assert remote.model_ids[-1] == "tiny" and remote.context_length > 0
    there = ask(remote, "The orchard was", greedy(12))
    assert isinstance(there.last, GenerationChunk)
    here = Engine(functools.partial(load_model, str(model))).start()
    try:
        alone = ask(here, "The orchard was", greedy(12))
        end, there_end = alone.last, there.last  # (each waits for its job's end)
        assert isinstance(end, GenerationChunk) and isinstance(there_end, GenerationChunk)
        assert alone.text == there.text and end.finish_reason == there_end.finish_reason
        # what the window and the server ask without queueing: the same answers
        assert remote.tokenize("apple pie") == here.tokenize("apple pie")
        assert remote.detokenize(remote.tokenize("apple pie")) == "apple pie"
        request = GenerationRequest(messages=[Message("user", "hi")])
        assert remote.render(request).ids == here.render(request).ids
        history = [Message("user", "hello")]
        assert remote.preview(history, "Be brief.", None) == here.preview(history, "Be brief.",
                                                                         None)
    finally:
        here.close()
    with pytest.raises(OrchardError, match="vocabulary"):
        remote.detokenize([10**9])


def test_a_kill_mid_reply_ends_it_in_one_sentence_and_the_model_comes_back(
        remote: ProcessEngine) -> None:
    heard = Heard()
    remote.listen(heard)
    steering = long_reply(remote)
    first = remote.pid
    reply = ask(remote, "Tell me everything.", greedy(4000), steering,
                on_chunk=lambda e: kill(remote) if isinstance(e, GenerationChunk) else None)
    failed = reply.last
    assert isinstance(failed, JobFailed) and failed.code == LOST
    assert failed.message.startswith("The model's process was stopped")
    assert any(isinstance(e, GenerationChunk) and e.text for e in reply.events)
    # sent as soon as the crash is known: it waits for the model to be back, then is served
    again = ask(remote, "The orchard was", greedy(6))
    assert isinstance(again.last, GenerationChunk) and again.last.finish_reason is not None
    assert heard.reloaded.wait(WAIT)
    lost, back = heard.events
    assert isinstance(lost, EngineLost) and "Loading tiny again" in lost.message
    assert isinstance(back, Reloaded) and back.spec == "tiny"
    assert remote.pid != first and remote.model_ids[-1] == "tiny"


def test_stop_reaches_the_other_process_within_a_token(remote: ProcessEngine) -> None:
    steering = long_reply(remote)
    jobs: list[Any] = []
    reply = Collect(lambda e: jobs[0].cancel() if jobs and isinstance(e, GenerationChunk)
                    else None)
    # (the job is known once submit returns; a chunk may come before: the next one stops it)
    jobs.append(remote.submit(GenerationRequest(messages=[Message("user", "Go on.")],
                                                settings=greedy(4000), steering=steering),
                              reply))
    end = reply.last
    assert isinstance(end, GenerationChunk) and end.finish_reason == "stopped"
    assert end.generation_tokens < 4000


def test_a_cancelled_load_ends_at_once_and_the_last_model_is_back(
        remote: ProcessEngine, tmp_path: Path) -> None:
    heard = Heard()
    remote.listen(heard)
    outcome = Collect()
    job = reading_a_load_that_never_ends(remote, tmp_path, outcome)
    job.cancel()
    end = outcome.last
    assert isinstance(end, LoadFailed) and end.message == "Loading was cancelled."
    assert heard.reloaded.wait(WAIT)
    assert isinstance(heard.events[-1], Reloaded) and heard.events[-1].spec == "tiny"
    assert not any(isinstance(e, EngineLost) for e in heard.events)  # not a crash
    assert ask(remote, "The orchard was").last.finish_reason is not None  # type: ignore[union-attr]


def test_a_cancelled_load_is_never_told_as_a_crash_whatever_ends_first(
        remote: ProcessEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ending the child for a cancel races its pipe's closing: the reload of the last model
    (a new process) may take longer than the old pipe takes to close. Forced here: the reload
    waits until the old child's reader has ended; the load is still "cancelled"."""
    outcome = Collect()
    job = reading_a_load_that_never_ends(remote, tmp_path, outcome)
    old = job.child
    assert old is not None
    reload = remote._reload

    def late_reload(sentence: str) -> None:
        old.process.join(WAIT)
        deadline = time.monotonic() + WAIT
        while not old.dead and time.monotonic() < deadline:  # its reader has answered all
            time.sleep(0.01)
        reload(sentence)

    monkeypatch.setattr(remote, "_reload", late_reload)
    job.cancel()
    end = outcome.last
    assert old.dead
    assert isinstance(end, LoadFailed) and end.message == "Loading was cancelled."


def test_a_kill_mid_load_says_so_and_loads_the_previous_model(
        remote: ProcessEngine, tmp_path: Path) -> None:
    heard = Heard()
    remote.listen(heard)
    outcome = Collect()
    reading_a_load_that_never_ends(remote, tmp_path, outcome)
    kill(remote)
    end = outcome.last
    assert isinstance(end, LoadFailed) and end.code == LOST
    assert heard.reloaded.wait(WAIT)
    assert isinstance(heard.events[0], EngineLost)
    assert isinstance(heard.events[-1], Reloaded) and remote.model_ids[-1] == "tiny"


def test_a_kill_mid_task_fails_the_task_and_the_next_request_works(
        remote: ProcessEngine) -> None:
    heard = Heard()
    remote.listen(heard)
    started = threading.Event()

    def sink(event: Any) -> None:
        if event == "started":
            started.set()
            kill(remote)
        outcome(event)

    outcome = Collect()
    remote.task(remote_helpers.endless_task, sink, failure="The task failed",
                out_of_memory="Out of memory", exclusive=True)
    end = outcome.last
    assert started.is_set() and isinstance(end, JobFailed) and end.code == LOST
    assert heard.reloaded.wait(WAIT)
    assert ask(remote, "The orchard was").last.finish_reason is not None  # type: ignore[union-attr]


def test_unload_ends_the_process_so_its_memory_goes_back(remote: ProcessEngine) -> None:
    first = remote.pid
    assert first is not None
    gone = remote.unload()
    assert remote.model_ids == ()
    assert gone.wait(WAIT)
    with pytest.raises(ProcessLookupError):  # the process, and all it held, is no more
        os.kill(first, 0)
    # the next job starts a new process: a request now says no model is loaded
    failed = ask(remote, "hello").last
    assert isinstance(failed, JobFailed) and "No model is loaded" in failed.message
    assert remote.pid != first


def test_the_child_logs_reach_this_process(model: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        engine = ProcessEngine(functools.partial(load_model, str(model))).start()
        engine.close()
    assert any(r.name == "inference.model.load" and r.getMessage().startswith("loaded ")
               for r in caplog.records)


def test_a_model_that_cannot_load_is_one_sentence_at_start(tmp_path: Path) -> None:
    engine = ProcessEngine(functools.partial(load_model, str(tmp_path / "missing.gguf")))
    with pytest.raises(OrchardError, match="missing.gguf"):
        engine.start()
    assert engine.closed


def test_how_a_process_ended_in_words() -> None:
    assert "killed" in ended_how(-signal.SIGKILL)
    assert "memory" in ended_how(-signal.SIGABRT)
    assert ended_how(-signal.SIGSEGV) == "The model's process crashed."
    assert "exit code 3" in ended_how(3)
