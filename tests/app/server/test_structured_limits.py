"""Structured output at the grammar engine's limits, through every wire format: a schema
llguidance cannot enforce is a 400 naming the limit, a grammar that breaks mid-reply ends in
the format's error (never a normal finish), and a reply cut by max_tokens closes its JSON or
says "length" (no half tool call, no markup shown as text).

The model is the tiny random-weight Qwen 2 with tools (tests/app/server/conftest.py): its
choices are noise, so each shape checked is one the grammar or the server makes."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema
import pytest

from app.server.app import BackgroundServer
from inference.engine import Engine
from tests.inference.prompt.test_grammar import BREAKS_INSIDE_AN_OBJECT, LIMITS

WAIT = 60  # seconds: a safety net against hangs, never a timing assumption
USER = [{"role": "user", "content": "Answer in JSON."}]
#: What the tiny model's template ends a turn with, as a key the schema requires.
END_TEXT = {"type": "object", "properties": {"<|im_end|>": {"type": "string"}},
            "required": ["<|im_end|>"]}
NAME = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"],
        "additionalProperties": False}
LOOKUP = {"type": "function", "function": {"name": "lookup", "parameters": {
    "type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"],
    "additionalProperties": False}}}
#: Sampled with a seed: the engine serves it alone (the path that streams as it decodes).
ALONE = {"temperature": 0.8, "seed": 3}
#: Greedy: the engine may batch it with others.
BATCHED = {"temperature": 0.0}


def _schema_format(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": "x", "schema": schema}}


def _post(server: BackgroundServer, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{server.url}{path}", json=body, timeout=WAIT)


def _stream(server: BackgroundServer, path: str, body: dict[str, Any]
            ) -> tuple[int, list[tuple[str | None, Any]]]:
    """The status and the (event name, data) pairs of a streamed answer."""
    events: list[tuple[str | None, Any]] = []
    with httpx.stream("POST", f"{server.url}{path}", json={**body, "stream": True},
                      timeout=WAIT) as answer:
        if answer.status_code != 200:
            answer.read()
            return answer.status_code, [(None, answer.json())]
        name = None
        for line in answer.iter_lines():
            if line.startswith("event: "):
                name = line[len("event: "):]
            elif line.startswith("data: "):
                data = line[len("data: "):]
                events.append((name, data if data == "[DONE]" else json.loads(data)))
                name = None
    return 200, events


def _token(server: BackgroundServer, text: str) -> int:
    (token,) = _post(server, "/tokenize", {"content": text}).json()["tokens"]
    return int(token)


# --- refused up front ------------------------------------------------------------------------
@pytest.mark.parametrize("schema,limit", LIMITS.values(), ids=list(LIMITS))
def test_a_schema_past_a_limit_is_a_400_naming_it(tool_server: BackgroundServer,
                                                  tool_engine: Engine, schema: dict[str, Any],
                                                  limit: str) -> None:
    answer = _post(tool_server, "/v1/chat/completions", {
        "model": tool_engine.model_id, "messages": USER, "max_tokens": 20,
        "response_format": _schema_format(schema)})
    assert answer.status_code == 400, answer.text[:300]
    error = answer.json()["error"]
    assert error["param"] == "response_format" and limit in error["message"]


def test_a_forced_call_whose_parameters_pass_a_limit_is_a_400(tool_server: BackgroundServer,
                                                              tool_engine: Engine) -> None:
    recursive = {"type": "object", "properties": {"x": {"$ref": "#"}}, "required": ["x"]}
    tool = {"type": "function", "function": {"name": "nest", "parameters": recursive}}
    answer = _post(tool_server, "/v1/chat/completions", {
        "model": tool_engine.model_id, "messages": USER, "max_tokens": 20, "tools": [tool],
        "tool_choice": "required"})
    assert answer.status_code == 400, answer.text[:300]
    assert answer.json()["error"]["param"] == "tool_choice"
    assert "never ends" in answer.json()["error"]["message"]
    anthropic = _post(tool_server, "/v1/messages", {
        "model": tool_engine.model_id, "messages": USER, "max_tokens": 20,
        "tools": [{"name": "nest", "input_schema": recursive}], "tool_choice": {"type": "any"}})
    assert anthropic.status_code == 400 and anthropic.json()["type"] == "error"
    responses = _post(tool_server, "/v1/responses", {
        "model": tool_engine.model_id, "input": "Hi", "max_output_tokens": 20,
        "text": {"format": {"type": "json_schema", "name": "x", "schema": {"$ref": "#"}}}})
    assert responses.status_code == 400 and "no value" in responses.json()["error"]["message"]


# --- failing mid-reply -----------------------------------------------------------------------
@pytest.mark.parametrize("sampling", [ALONE, BATCHED], ids=["alone", "batched"])
def test_a_grammar_breaking_mid_reply_is_an_error_never_a_stop(
        tool_server: BackgroundServer, tool_engine: Engine, sampling: dict[str, Any],
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    body = {"model": tool_engine.model_id, "messages": USER, "max_tokens": 40, **sampling,
            # the object branch, whose 5,000 alternatives pass llguidance's limit
            "logit_bias": {str(_token(tool_server, "{")): 100},
            "response_format": _schema_format(BREAKS_INSIDE_AN_OBJECT)}
    whole = _post(tool_server, "/v1/chat/completions", body)
    assert whole.status_code == 400, whole.text[:300]
    assert "max is 2000" in whole.json()["error"]["message"]
    status, events = _stream(tool_server, "/v1/chat/completions", body)
    errors = [data for _, data in events if isinstance(data, dict) and "error" in data]
    assert errors and "max is 2000" in errors[0]["error"]["message"]
    assert not [data for _, data in events if isinstance(data, dict)
                and any(c.get("finish_reason") for c in data.get("choices", []))]
    # a 400 KB schema: one short line each time, not the grammar (llguidance's verbose errors)
    assert sum(len(r.getMessage()) for r in caplog.records) < 2000
    assert len(capfd.readouterr().err) < 2000


@pytest.mark.parametrize("sampling", [ALONE, BATCHED], ids=["alone", "batched"])
def test_a_schema_that_makes_the_model_write_its_end_text_is_an_error(
        tool_server: BackgroundServer, tool_engine: Engine, sampling: dict[str, Any]) -> None:
    chat = {"model": tool_engine.model_id, "messages": USER, "max_tokens": 40, **sampling,
            "response_format": _schema_format(END_TEXT)}
    whole = _post(tool_server, "/v1/chat/completions", chat)
    assert whole.status_code == 400 and "ends its turn" in whole.json()["error"]["message"]
    status, events = _stream(tool_server, "/v1/chat/completions", chat)
    assert any(isinstance(d, dict) and "error" in d for _, d in events), events
    assert not any(isinstance(d, dict) and any(c.get("finish_reason") for c in
                                               d.get("choices", [])) for _, d in events)
    responses = {"model": tool_engine.model_id, "input": "Hi", "max_output_tokens": 40,
                 **sampling, "text": {"format": {"type": "json_schema", "name": "x",
                                                 "schema": END_TEXT}}}
    status, events = _stream(tool_server, "/v1/responses", responses)
    names = [name or (d.get("type") if isinstance(d, dict) else None) for name, d in events]
    assert status == 400 or "response.failed" in names, names
    assert "response.completed" not in names


# --- max_tokens ------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(4))
def test_a_strict_reply_near_max_tokens_closes_its_json(tool_server: BackgroundServer,
                                                        tool_engine: Engine, seed: int) -> None:
    answer = _post(tool_server, "/v1/chat/completions", {
        "model": tool_engine.model_id, "messages": USER, "max_tokens": 24,
        "temperature": 1.0, "seed": seed, "response_format": _schema_format(NAME)}).json()
    choice = answer["choices"][0]
    assert choice["finish_reason"] == "stop", choice
    jsonschema.validate(json.loads(choice["message"]["content"]), NAME)
    assert answer["usage"]["completion_tokens"] <= 24


def test_a_forced_call_near_max_tokens_is_closed(tool_server: BackgroundServer,
                                                 tool_engine: Engine) -> None:
    # the shortest call is 63 tokens of this model's tiny vocabulary
    answer = _post(tool_server, "/v1/chat/completions", {
        "model": tool_engine.model_id, "messages": USER, "max_tokens": 66, "temperature": 1.0,
        "seed": 5, "tools": [LOOKUP], "tool_choice": "required"}).json()
    choice = answer["choices"][0]
    assert choice["finish_reason"] == "tool_calls", choice
    (call,) = choice["message"]["tool_calls"]
    jsonschema.validate(json.loads(call["function"]["arguments"]),
                        LOOKUP["function"]["parameters"])


def test_a_reply_cut_where_it_cannot_close_says_length(tool_server: BackgroundServer,
                                                       tool_engine: Engine) -> None:
    answer = _post(tool_server, "/v1/chat/completions", {
        "model": tool_engine.model_id, "messages": USER, "max_tokens": 2,
        "temperature": 1.0, "response_format": _schema_format(NAME)}).json()
    assert answer["choices"][0]["finish_reason"] == "length"


def test_a_tool_call_cut_by_max_tokens_leaves_no_half_call_or_markup(
        tool_server: BackgroundServer, tool_engine: Engine) -> None:
    # 20 tokens: past the call's start marker (11 tokens here), short of its end
    body = {"model": tool_engine.model_id, "messages": USER, "max_tokens": 20,
            "temperature": 1.0, "tools": [LOOKUP], "tool_choice": "required"}
    choice = _post(tool_server, "/v1/chat/completions", body).json()["choices"][0]
    assert choice["finish_reason"] == "length"
    assert not choice["message"].get("tool_calls")
    assert "<tool" not in (choice["message"]["content"] or "")
    status, events = _stream(tool_server, "/v1/chat/completions", body)
    deltas = [c["delta"] for _, d in events if isinstance(d, dict)
              for c in d.get("choices", [])]
    assert "<tool" not in "".join(d.get("content") or "" for d in deltas)
    assert not any(d.get("tool_calls") for d in deltas)
    message = _post(tool_server, "/v1/messages", {
        "model": tool_engine.model_id, "messages": USER, "max_tokens": 20,
        "tools": [{"name": "lookup", "input_schema": LOOKUP["function"]["parameters"]}],
        "tool_choice": {"type": "any"}}).json()
    assert message["stop_reason"] == "max_tokens"
    assert all(b["type"] == "text" and "<tool" not in b["text"]
               for b in message["content"])
    status, events = _stream(tool_server, "/v1/messages", {
        "model": tool_engine.model_id, "messages": USER, "max_tokens": 20, "stream": True,
        "tools": [{"name": "lookup", "input_schema": LOOKUP["function"]["parameters"]}],
        "tool_choice": {"type": "any"}})
    names = [name for name, _ in events]
    assert status == 200 and "message_stop" in names, names
    stops = [d["delta"]["stop_reason"] for name, d in events if name == "message_delta"]
    assert stops == ["max_tokens"]
    started = [d["content_block"] for name, d in events if name == "content_block_start"]
    assert all(b["type"] == "text" for b in started)
    text = "".join(d["delta"].get("text", "") for name, d in events
                   if name == "content_block_delta")
    assert "<tool" not in text
