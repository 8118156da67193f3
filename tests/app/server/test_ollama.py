"""Ollama's API, called with the official ``ollama`` Python client against the real server
and engine (a tiny model that takes tools): chat and generate, streamed and whole, the model
list and description, a JSON format, a tool round trip, errors in Ollama's shape."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import ollama
import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from app.server.ollama import OLLAMA_VERSION
from inference.engine import Engine

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


@pytest.fixture(scope="module")
def client(tool_server: BackgroundServer) -> ollama.Client:
    return ollama.Client(host=tool_server.url)


@pytest.fixture(scope="module")
def name(tool_engine: Engine) -> str:
    return tool_engine.model_id


def test_tags_show_ps_and_version_describe_the_loaded_model(client: ollama.Client,
                                                            name: str) -> None:
    (model,) = client.list().models
    assert model.model == name and model.details is not None
    assert model.details.format == "mlx" and model.details.family == "qwen2"
    shown = client.show(name)
    assert "tools" in (shown.capabilities or []) and "vision" not in (shown.capabilities or [])
    assert shown.template and "tool" in shown.template
    (running,) = client.ps().models
    assert running.model == name and (running.size_vram or 0) > 0
    assert httpx.get(f"{client._client.base_url}/api/version").json() == {
        "version": OLLAMA_VERSION}


def test_chat_whole_and_streamed_give_the_same_greedy_reply(client: ollama.Client,
                                                            name: str) -> None:
    messages = [{"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Name a fruit."}]
    options = {"temperature": 0, "num_predict": 12, "seed": 3}
    whole = client.chat(model=name, messages=messages, options=options, stream=False)
    assert whole.done and whole.done_reason in ("stop", "length")
    assert whole.message.role == "assistant" and whole.message.content
    assert (whole.eval_count or 0) >= 1 and (whole.prompt_eval_count or 0) > 5
    pieces = list(client.chat(model=f"{name}:latest", messages=messages, options=options,
                              stream=True))
    assert pieces[-1].done and all(not p.done for p in pieces[:-1])
    assert "".join(p.message.content or "" for p in pieces) == whole.message.content


def test_generate_with_a_system_prompt_and_raw(client: ollama.Client, name: str) -> None:
    options = {"temperature": 0, "num_predict": 8}
    out = client.generate(model=name, prompt="Once upon a time", system="Tell stories.",
                          options=options)
    assert out.done and out.response and (out.eval_count or 0) >= 1
    raw = client.generate(model=name, prompt="Once upon a time", raw=True, options=options)
    assert raw.done and (raw.prompt_eval_count or 0) < (out.prompt_eval_count or 0)
    streamed = list(client.generate(model=name, prompt="Once upon a time",
                                    system="Tell stories.", options=options, stream=True))
    assert "".join(p.response for p in streamed) == out.response
    loaded = client.generate(model=name)  # how Ollama's clients ask for a model to load
    assert loaded.done and loaded.done_reason == "load"


def test_a_json_format_is_followed(client: ollama.Client, name: str) -> None:
    schema = {"type": "object", "properties": {"fruit": {"type": "string"}},
              "required": ["fruit"]}
    out = client.chat(model=name, messages=[{"role": "user", "content": "A fruit as JSON"}],
                      format=schema, options={"temperature": 0, "num_predict": 60})
    if out.done_reason == "stop":  # a random model may run out of tokens mid-object
        assert isinstance(json.loads(out.message.content or ""), dict)
    else:
        assert (out.message.content or "").startswith("{")


def test_a_tool_call_and_its_result_go_round(client: ollama.Client, name: str) -> None:
    """The model is made to call (a JSON-schema grammar would be the API's tool_choice; here
    the assistant's call is in the history), and the tool's result is answered."""
    history = [
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": "",
         "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
        {"role": "tool", "content": "18 °C and sunny", "tool_name": "get_weather"},
    ]
    out = client.chat(model=name, messages=history, tools=[WEATHER],
                      options={"temperature": 0, "num_predict": 8})
    assert out.done and out.message.role == "assistant"


def test_errors_are_one_sentence_in_ollamas_shape(client: ollama.Client, name: str) -> None:
    with pytest.raises(ollama.ResponseError) as missing:
        client.chat(model="llama3", messages=[{"role": "user", "content": "hi"}])
    assert missing.value.status_code == 404 and "llama3" in missing.value.error
    with pytest.raises(ollama.ResponseError) as pull:
        client.pull("llama3")
    assert pull.value.status_code == 501 and "Orchard's window" in pull.value.error
    with pytest.raises(ollama.ResponseError) as image:
        client.chat(model=name, messages=[{"role": "user", "content": "What is it?",
                                           "images": [b"\x89PNG\r\n\x1a\nnot really"]}])
    assert image.value.status_code == 400 and "image" in image.value.error
    with pytest.raises(ollama.ResponseError) as context:
        client.generate(model=name, prompt="go on", context=[1, 2, 3])
    assert context.value.status_code == 400 and "/api/chat" in context.value.error


@pytest.fixture
def keyed(tool_engine: Engine) -> Iterator[BackgroundServer]:
    with BackgroundServer(tool_engine, ServerConfig(port=0, api_key="s3cret")) as server:
        yield server


def test_the_api_key_guards_ollamas_endpoints_too(keyed: BackgroundServer, name: str) -> None:
    with pytest.raises(ollama.ResponseError) as refused:
        ollama.Client(host=keyed.url).list()
    assert refused.value.status_code == 401
    allowed = ollama.Client(host=keyed.url, headers={"Authorization": "Bearer s3cret"})
    assert allowed.list().models[0].model == name
