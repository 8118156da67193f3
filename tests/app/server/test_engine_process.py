"""The server on the engine in a child process: a request in flight when the model's process
dies gets a 503 (retry), the server stays up, the model is loaded again and the next request
is answered; /tokenize and /detokenize are answered from the child.

The model's thread is held by a call that never ends on its own (it reads a fifo no one
writes), so the request is known to be in flight when the process is killed."""

from __future__ import annotations

import functools
import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Loaded
from inference.model.load import load_model
from inference.remote import ProcessEngine
from tests.inference import remote_helpers

WAIT = 20  # seconds: a safety net against hangs, never a timing assumption


@pytest.fixture()
def served(tiny_gguf: Callable[..., Path]) -> Iterator[tuple[ProcessEngine, BackgroundServer]]:
    path = tiny_gguf("llama")
    engine = ProcessEngine(functools.partial(load_model, str(path)), aliases=("tiny",)).start()
    with BackgroundServer(engine, ServerConfig(port=0)) as server:
        yield engine, server
    engine.close()


def test_a_crash_answers_503_and_the_next_request_is_served(
        served: tuple[ProcessEngine, BackgroundServer], tmp_path: Path) -> None:
    engine, server = served
    back = threading.Event()
    engine.listen(lambda event: back.set() if isinstance(event, Loaded) else None)
    hold = engine.call(functools.partial(remote_helpers.held,
                                         fifo=remote_helpers.make_fifo(tmp_path)))
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0,
                           timeout=WAIT)
    outcome: list[Any] = []

    def ask() -> None:
        try:
            outcome.append(client.chat.completions.create(
                model="tiny", messages=[{"role": "user", "content": "Hello"}], max_tokens=4))
        except openai.APIStatusError as exc:
            outcome.append(exc)

    submitted = threading.Event()
    submit = engine.submit

    def noted(request: Any, sink: Any) -> Any:  # the server's request is in the engine's line
        job = submit(request, sink)
        submitted.set()
        return job

    engine.submit = noted  # type: ignore[method-assign]
    asking = threading.Thread(target=ask)
    asking.start()
    assert submitted.wait(WAIT)
    assert engine.pid is not None
    os.kill(engine.pid, signal.SIGKILL)
    asking.join(WAIT)
    failed = outcome[0]
    assert isinstance(failed, openai.APIStatusError) and failed.status_code == 503
    assert failed.body["code"] == "model_crashed"  # type: ignore[index]
    assert "The model's process was stopped" in failed.message
    with pytest.raises(Exception, match="process"):
        hold.result(WAIT)
    assert back.wait(WAIT)
    reply = client.chat.completions.create(
        model="tiny", messages=[{"role": "user", "content": "Hello"}], max_tokens=4,
        temperature=0)
    assert reply.choices[0].message.content is not None
    with httpx.Client(base_url=server.url, timeout=WAIT) as http:
        ids = http.post("/tokenize", json={"content": "apple"}).json()["tokens"]
        assert ids and http.post("/detokenize", json={"tokens": ids}).json()["content"] == "apple"
        bad = http.post("/detokenize", json={"tokens": [10**9]})
        assert bad.status_code == 400 and "vocabulary" in bad.json()["error"]["message"]
