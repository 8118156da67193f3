"""Every door takes every declared setting (inference.settings_schema) or refuses it with a 400
naming it, within the declared bounds; what a request leaves out is the model's own, as in the
window and the CLI (README, "Where each default comes from"). Fast: a stub engine that keeps
the requests it is given and answers each at once, behind the real routes and checks."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.cli import chat as cli_chat
from app.cli import serve as cli_serve
from app.server.app import create_app
from app.server.guard import ServerConfig
from app.server.openapi import openapi_document
from inference import settings_schema
from inference.engine import GenerationRequest
from inference.model.defaults import recommended
from inference.settings_schema import PER_REQUEST, SETTINGS, setting
from inference.types import GenerationChunk


@dataclass
class SmallModel:
    """What the model's own values are read from: a 135M GGUF with no sampling keys of its
    own (so by its size: temperature 0.2, top-p 0.9, DRY 0.8), unless ``sampling`` says."""

    format: str = "gguf"
    quantization: str = "Q8_0"
    weights_bytes: int = 145_000_000
    size_bytes: int = 145_000_000
    path: Path = Path("small.gguf")
    sampling: dict[str, Any] = field(default_factory=dict)


class _Job:
    def cancel(self) -> None:
        pass


class StubEngine:
    """Keeps each GenerationRequest and answers it at once with one finished chunk."""

    def __init__(self, info: Any = None) -> None:
        self.model_ids = ("tiny",)
        self.model_id = "tiny"
        self.context_length = 300
        self.chat_template = "{% for m in messages %}{{ m.content }}{% endfor %}"
        self.model_info = info if info is not None else SmallModel()
        self.requests: list[GenerationRequest] = []

    def submit(self, request: GenerationRequest, sink: Callable[[Any], None]) -> _Job:
        self.requests.append(request)
        sink(GenerationChunk("ok", prompt_tokens=3, generation_tokens=1, finish_reason="stop"))
        return _Job()


@pytest.fixture
def engine() -> StubEngine:
    return StubEngine()


@pytest.fixture
def client(engine: StubEngine) -> Iterator[TestClient]:
    with TestClient(create_app(engine, ServerConfig()),  # type: ignore[arg-type]
                    base_url="http://127.0.0.1:8000") as c:
        yield c


USER = [{"role": "user", "content": "hi"}]
#: the doors, each with a body of its own and where it takes the sampling settings
DOORS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "chat": ("/v1/chat/completions", lambda s: {"messages": USER, **s}),
    "completions": ("/v1/completions", lambda s: {"prompt": "hi", **s}),
    "responses": ("/v1/responses", lambda s: {"input": "hi", **s}),
    "anthropic": ("/v1/messages", lambda s: {"messages": USER, "max_tokens": 5, **s}),
    "ollama": ("/api/chat", lambda s: {"model": "tiny", "messages": USER, "stream": False,
                                       "options": s}),
}
#: Ollama's names for the settings that it calls otherwise
OLLAMA = {"repetition_penalty": "repeat_penalty", "max_tokens": "num_predict"}
#: in range, and none the model's own
CHOSEN = {"temperature": 1.3, "top_p": 0.5, "top_k": 7, "min_p": 0.2,
          "repetition_penalty": 1.3, "repeat_last_n": 32, "dry_multiplier": 0.5, "seed": 11,
          "max_tokens": 9}


def _named(door: str, values: dict[str, Any]) -> dict[str, Any]:
    if door == "ollama":
        return {OLLAMA.get(k, k): v for k, v in values.items()}
    if door == "responses" and "max_tokens" in values:
        values = {**values}
        values["max_output_tokens"] = values.pop("max_tokens")
    if door == "anthropic":
        values = {k: v for k, v in values.items() if k != "max_tokens"}
    return values


def _post(client: TestClient, door: str, values: dict[str, Any]) -> Any:
    path, body = DOORS[door]
    return client.post(path, json=body(_named(door, values)))


@pytest.mark.parametrize("door", DOORS)
def test_every_door_honours_every_declared_setting(client: TestClient, engine: StubEngine,
                                                   door: str) -> None:
    response = _post(client, door, CHOSEN)
    assert response.status_code == 200, response.text
    settings = engine.requests[-1].settings
    for name, value in CHOSEN.items():
        if door == "anthropic" and name == "max_tokens":
            value = 5
        assert getattr(settings, name) == value, (door, name)


@pytest.mark.parametrize("door", DOORS)
def test_what_a_request_leaves_out_is_the_models_own(client: TestClient, engine: StubEngine,
                                                     door: str) -> None:
    """Temperature, top-p, DRY, ...: the model's own (by its size for this one) at every
    door, Anthropic's too (not its documented 1.0); max_tokens left out is the rest of the
    context (OpenAI's and Ollama's documented meaning; Anthropic requires it)."""
    response = _post(client, door, {})
    assert response.status_code == 200, response.text
    settings = engine.requests[-1].settings
    own = recommended(engine.model_info)
    assert (own.temperature, own.top_p, own.dry_multiplier) == (0.2, 0.9, 0.8)
    for name in settings_schema.SAMPLER:
        assert getattr(settings, name) == getattr(own, name), (door, name)
    assert settings.seed is None
    assert settings.max_tokens == (5 if door == "anthropic" else engine.context_length)


def test_the_model_s_published_values_reach_the_api(client: TestClient,
                                                    engine: StubEngine) -> None:
    engine.model_info = SmallModel(sampling={"general.sampling.temp": 0.6,
                                             "general.sampling.top_k": 20,
                                             "general.sampling.penalty_repeat": 1.1})
    assert client.post("/v1/chat/completions", json={"messages": USER}).status_code == 200
    settings = engine.requests[-1].settings
    assert (settings.temperature, settings.top_k, settings.repetition_penalty) == (0.6, 20, 1.1)
    assert settings.dry_multiplier == 0.0  # a model with its own repetition penalty: no DRY


def test_llama_cpp_s_repeat_penalty_is_repetition_penalty(client: TestClient,
                                                          engine: StubEngine) -> None:
    ok = client.post("/v1/chat/completions", json={"messages": USER, "repeat_penalty": 1.4})
    assert ok.status_code == 200
    assert engine.requests[-1].settings.repetition_penalty == 1.4
    both = client.post("/v1/chat/completions", json={
        "messages": USER, "repeat_penalty": 1.4, "repetition_penalty": 1.2})
    assert both.status_code == 400 and both.json()["error"]["param"] == "repeat_penalty"


def _too_far(name: str) -> Any:
    declared = setting(name)
    value = declared.hi + 1
    return int(value) if declared.integer else value


@pytest.mark.parametrize("name", PER_REQUEST)
@pytest.mark.parametrize("door", DOORS)
def test_out_of_range_is_a_400_naming_the_setting_and_its_declared_bounds(
        client: TestClient, engine: StubEngine, door: str, name: str) -> None:
    if door == "anthropic" and name == "max_tokens":
        return  # Anthropic's own required field: its check, tested in test_anthropic
    response = _post(client, door, {name: _too_far(name)})
    assert response.status_code == 400, (door, name, response.text)
    text = response.text
    shown = _named(door, {name: 0})
    where = next(iter(shown)) if shown else name
    assert where in text, (door, name, text)
    assert setting(name).bounds() in text, (door, name, text)
    assert not engine.requests


@pytest.mark.parametrize("name", ["context_length", "kv_bits"])
def test_the_load_s_settings_are_refused_per_request(client: TestClient, name: str) -> None:
    response = client.post("/v1/chat/completions", json={"messages": USER, name: 16})
    assert response.status_code == 400 and response.json()["error"]["param"] == name


def test_ollama_s_special_values(client: TestClient, engine: StubEngine) -> None:
    """num_predict -1 / -2: the rest of the context; repeat_last_n -1: the whole context, 0:
    no repeat penalty (Ollama's documented meanings)."""
    for options, expected in (({"num_predict": -1}, {"max_tokens": 300}),
                              ({"num_predict": -2}, {"max_tokens": 300}),
                              ({"repeat_last_n": -1}, {"repeat_last_n": 300}),
                              ({"repeat_last_n": 0, "repeat_penalty": 1.5},
                               {"repetition_penalty": 1.0})):
        response = client.post("/api/chat", json={"model": "tiny", "messages": USER,
                                                  "stream": False, "options": options})
        assert response.status_code == 200, response.text
        for name, value in expected.items():
            assert getattr(engine.requests[-1].settings, name) == value, options


# --- one declaration, every door ------------------------------------------------------------
def test_a_declaration_changed_changes_every_door(monkeypatch: pytest.MonkeyPatch,
                                                  client: TestClient,
                                                  engine: StubEngine) -> None:
    """Narrow temperature's bounds and move max_tokens' default in the declaration: the
    API's check, its OpenAPI schema and the CLI's flags all follow (the dialog: in
    tests/app/gui/test_settings_dialog.py)."""
    monkeypatch.setitem(SETTINGS, "temperature", replace(SETTINGS["temperature"], hi=1.5))
    monkeypatch.setitem(SETTINGS, "max_tokens", replace(SETTINGS["max_tokens"], default=77))

    refused = client.post("/v1/chat/completions", json={"messages": USER, "temperature": 1.8})
    assert refused.status_code == 400 and "to 1.5" in refused.json()["error"]["message"]
    schema = openapi_document()["paths"]["/v1/chat/completions"]["post"]["requestBody"][
        "content"]["application/json"]["schema"]["properties"]
    assert schema["temperature"]["maximum"] == 1.5
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    cli_chat.add_parser(sub)
    cli_serve.add_parser(sub)
    args = parser.parse_args(["chat", "-m", "x"])
    assert args.max_tokens == 77 and args.temp is None  # None: the model's own
    from inference.types import SamplingSettings

    assert SamplingSettings().max_tokens == 77


def test_the_openapi_document_declares_every_setting_a_request_may_carry() -> None:
    schema = openapi_document()["paths"]["/v1/chat/completions"]["post"]["requestBody"][
        "content"]["application/json"]["schema"]["properties"]
    for name in (*PER_REQUEST, "repeat_penalty", "presence_penalty", "frequency_penalty"):
        assert name in schema, name
    assert schema["top_k"] == {**schema["top_k"], "type": "integer", "minimum": 0,
                               "maximum": SETTINGS["top_k"].hi}
    assert schema["temperature"]["minimum"] == 0 and schema["temperature"]["maximum"] == 2
