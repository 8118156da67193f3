"""`starter`, as the README's examples call the model, answers whenever the starter's file is
what the server runs, also when it was loaded by its path (a dropped file, a model kept after a
failed switch) rather than by that name. A tiny GGUF under the starter's file name stands in
for it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Engine
from inference.model.load import load_model
from inference.model.sources import STARTER_FILE


@pytest.fixture(scope="module")
def http(tiny_gguf: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[httpx.Client]:
    path = tmp_path_factory.mktemp("starter") / STARTER_FILE
    shutil.copyfile(tiny_gguf("llama"), path)
    with pytest.MonkeyPatch.context() as mp:  # no per-model overrides from the real config
        mp.setenv("ORCHARD_HOME", str(tmp_path_factory.mktemp("orchard_home")))
        engine = Engine(lambda: load_model(str(path)), max_waiting=2)
        engine.start()
    try:
        with BackgroundServer(engine, ServerConfig(port=0)) as server, \
                httpx.Client(base_url=server.url, timeout=20) as client:
            assert engine.model_ids == (STARTER_FILE,)  # loaded by path: no "starter" alias
            yield client
    finally:
        engine.close()


def test_starter_is_listed_and_answers_when_loaded_by_its_path(http: httpx.Client) -> None:
    listed = [m["id"] for m in http.get("/v1/models").json()["data"]]
    assert listed == [STARTER_FILE, "starter"]
    assert http.get("/v1/models/starter").json()["id"] == "starter"
    reply = http.post("/v1/chat/completions", json={
        "model": "starter", "max_tokens": 4, "temperature": 0,
        "messages": [{"role": "user", "content": "What is the capital of France?"}]})
    assert reply.status_code == 200, reply.text
    assert reply.json()["model"] == "starter"
    assert reply.json()["choices"][0]["message"]["role"] == "assistant"
    # another name is still refused, in one sentence
    other = http.post("/v1/chat/completions", json={
        "model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]})
    assert other.status_code == 404 and other.json()["error"]["code"] == "model_not_found"
