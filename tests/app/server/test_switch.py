"""``orchard serve``: a request that names another downloaded model gets it, loaded in place
of the one loaded now (just in time, as LM Studio does); /v1/models and Ollama's tags list
them all; a model that is not there is still 404."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import httpx
import openai

from app.cli.serve import _Shelf
from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Engine
from inference.model.load import add_local, load_model


def test_a_request_naming_another_downloaded_model_loads_it(
        tiny_mlx_model: Callable[..., Path]) -> None:
    first = add_local(tiny_mlx_model("qwen2"))
    second = add_local(tiny_mlx_model("llama"))
    args = argparse.Namespace(exact=False, ctx=None)
    engine = Engine(lambda: load_model(first.location), aliases=(first.id,))
    engine.start()
    try:
        config = ServerConfig(port=0, models=_Shelf(args, None))
        with BackgroundServer(engine, config) as server:
            client = openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused")
            listed = [m.id for m in client.models.list()]
            assert first.id in listed and second.id in listed and "starter" in listed
            reply = client.chat.completions.create(
                model=second.id, messages=[{"role": "user", "content": "Hello"}],
                max_tokens=3, temperature=0)
            assert reply.model == second.id and engine.model_info is not None
            assert engine.model_info.architecture == "llama"
            tags = {t["model"]: t for t in httpx.get(f"{server.url}/api/tags").json()["models"]}
            assert tags[second.id]["details"]["family"] == "llama"
            assert tags[first.id]["details"]["family"] == ""  # not loaded: only its name
            try:
                client.chat.completions.create(
                    model="nobody/nothing", messages=[{"role": "user", "content": "Hi"}])
                raise AssertionError("a model that is not there was answered")
            except openai.NotFoundError as exc:
                assert "nobody/nothing" in str(exc)
            assert engine.model_info.architecture == "llama"  # nothing was unloaded for it
    finally:
        engine.close()


def test_the_windows_local_api_serves_only_the_model_the_user_chose(
        tool_server: BackgroundServer, tool_engine: Engine,
        tiny_mlx_model: Callable[..., Path]) -> None:
    other = add_local(tiny_mlx_model("llama"))
    answer = httpx.post(f"{tool_server.url}/v1/chat/completions", json={
        "model": other.id, "messages": [{"role": "user", "content": "Hi"}]})
    assert answer.status_code == 404
    assert [m["id"] for m in httpx.get(f"{tool_server.url}/v1/models").json()["data"]] == list(
        tool_engine.model_ids)


def test_a_model_given_by_its_path_is_listed_by_its_name_only(
        tiny_mlx_model: Callable[..., Path]) -> None:
    """`orchard serve -m /Users/NAME/models/x`: the path works in a request but is never
    shown (it would tell any client the user's name)."""
    path = str(tiny_mlx_model("qwen2").resolve())
    engine = Engine(lambda: load_model(path), aliases=(path,))
    engine.start()
    try:
        with BackgroundServer(engine, ServerConfig(port=0)) as server:
            listed = [m["id"] for m in httpx.get(f"{server.url}/v1/models").json()["data"]]
            assert listed == [Path(path).name]
            assert path not in httpx.get(f"{server.url}/health").text
            answer = httpx.post(f"{server.url}/v1/chat/completions", json={
                "model": path, "messages": [{"role": "user", "content": "Hi"}],
                "max_tokens": 2})
            assert answer.status_code == 200
    finally:
        engine.close()
