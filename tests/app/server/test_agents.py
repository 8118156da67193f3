"""What agents and apps rely on, through the official ``openai`` client against a real server
and engine: tool calls (forced and streamed), structured output checked with ``jsonschema``,
log-probabilities, logit bias and penalties, keep-alives during a slow prefill, and the small
endpoints clients probe.

The model is a tiny random-weight Qwen 2 whose chat template renders tools the way Qwen 2.5's
does; its choices are noise, so every shape the tests check is one a grammar enforces or the
server builds, never a lucky sample.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import openai
import pydantic
import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Engine, Event, GenerationRequest, Job
from inference.model.load import load_model
from inference.types import GenerationChunk
from tests.app.server.recording import Recording

WAIT = 60  # seconds: a safety net against hangs, never a timing assumption

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city now",
    "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "maxLength": 20},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        "required": ["city", "unit"], "additionalProperties": False}}}
TIME = {"type": "function", "function": {
    "name": "get_time", "description": "The time in a time zone",
    "parameters": {"type": "object", "properties": {"zone": {"type": "string", "maxLength": 12}},
                   "required": ["zone"], "additionalProperties": False}}}
PERSON = {"type": "object", "properties": {
    "name": {"type": "string", "maxLength": 12},
    "age": {"type": "integer", "minimum": 0, "maximum": 120},
    "fruit": {"type": "array", "items": {"enum": ["apple", "pear", "plum"]}, "maxItems": 3},
    "member": {"type": "boolean"}},
    "required": ["name", "age", "fruit", "member"], "additionalProperties": False}


@pytest.fixture(scope="module")
def engine(tool_engine: Engine) -> Engine:
    return tool_engine


@pytest.fixture(scope="module")
def server(tool_server: BackgroundServer) -> BackgroundServer:
    return tool_server


@pytest.fixture()
def client(server: BackgroundServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0,
                         timeout=WAIT)


def user(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


# --- tools ----------------------------------------------------------------------------------
def test_a_required_tool_call_comes_back_as_tool_calls_and_the_result_goes_in(
    client: openai.OpenAI, engine: Engine
) -> None:
    first = client.chat.completions.create(
        model=engine.model_id, messages=user("What is the weather in Paris?"),
        tools=[WEATHER, TIME], tool_choice="required", temperature=0.8, seed=1, max_tokens=120)
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls or []
    assert len(calls) == 1 and calls[0].type == "function" and calls[0].id
    call = calls[0].function
    assert call.name in ("get_weather", "get_time")
    schema = (WEATHER if call.name == "get_weather" else TIME)["function"]["parameters"]
    jsonschema.validate(json.loads(call.arguments), schema)
    assert not choice.message.content  # the call is not repeated as text

    # the round trip: the call and its result go back, and the model answers
    follow = user("What is the weather in Paris?") + [
        {"role": "assistant", "content": None, "tool_calls": [calls[0].model_dump()]},
        {"role": "tool", "tool_call_id": calls[0].id, "content": "18 C and sunny"},
    ]
    second = client.chat.completions.create(
        model=engine.model_id, messages=follow, tools=[WEATHER, TIME], tool_choice="none",
        temperature=0, max_tokens=8)
    assert second.choices[0].message.content is not None
    # the result was rendered into the prompt: longer than the question alone
    alone = client.chat.completions.create(model=engine.model_id, messages=follow[:1],
                                           max_tokens=1)
    assert second.usage is not None and alone.usage is not None
    assert second.usage.prompt_tokens > alone.usage.prompt_tokens + 10


def test_a_named_tool_is_the_one_called_streamed_as_deltas(
    client: openai.OpenAI, engine: Engine
) -> None:
    stream = client.chat.completions.create(
        model=engine.model_id, messages=user("What time is it in Tokyo?"),
        tools=[WEATHER, TIME], tool_choice={"type": "function", "function": {"name": "get_time"}},
        temperature=0.8, seed=2, max_tokens=120, stream=True)
    calls: dict[int, dict[str, str]] = {}
    finish = None
    for chunk in stream:
        if not chunk.choices:
            continue
        delta = chunk.choices[0].delta
        for tc in delta.tool_calls or []:
            entry = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
            entry["id"] += tc.id or ""
            if tc.function is not None:
                entry["name"] += tc.function.name or ""
                entry["arguments"] += tc.function.arguments or ""
        finish = chunk.choices[0].finish_reason or finish
    assert finish == "tool_calls" and list(calls) == [0]
    assert calls[0]["name"] == "get_time" and calls[0]["id"]
    jsonschema.validate(json.loads(calls[0]["arguments"]), TIME["function"]["parameters"])


def test_a_model_without_tool_support_says_so(tiny_gguf: Callable[..., Path],
                                              tmp_path: Path) -> None:
    eng = Engine(lambda: load_model(tiny_gguf("llama")), max_waiting=2)
    eng.start()
    try:
        with BackgroundServer(eng, ServerConfig(port=0)) as srv:
            c = openai.OpenAI(base_url=f"{srv.url}/v1", api_key="x", max_retries=0,
                              timeout=WAIT)
            with pytest.raises(openai.BadRequestError) as info:
                c.chat.completions.create(model=eng.model_id, messages=user("hi"),
                                          tools=[WEATHER])
            assert "does not support tools" in str(info.value)
            assert info.value.code == "tools_not_supported"
    finally:
        eng.close()


# --- structured output ------------------------------------------------------------------------
def test_json_schema_output_is_valid_for_every_seed(client: openai.OpenAI,
                                                     engine: Engine) -> None:
    for seed in range(8):
        reply = client.chat.completions.create(
            model=engine.model_id, messages=user("Describe a person as JSON."),
            response_format={"type": "json_schema", "json_schema": {
                "name": "person", "schema": PERSON, "strict": True}},
            temperature=1.0, seed=seed, max_tokens=200)
        assert reply.choices[0].finish_reason == "stop", reply.choices[0].message.content
        jsonschema.validate(json.loads(reply.choices[0].message.content or ""), PERSON)


def test_the_sdks_parse_helper_gets_its_model(client: openai.OpenAI, engine: Engine) -> None:
    class Fruit(pydantic.BaseModel):
        name: str = pydantic.Field(max_length=10)
        ripe: bool

    parsed = client.chat.completions.parse(
        model=engine.model_id, messages=user("A fruit, please."), response_format=Fruit,
        temperature=1.0, seed=3, max_tokens=100)
    fruit = parsed.choices[0].message.parsed
    assert isinstance(fruit, Fruit)


def test_json_object_streams_one_json_object(client: openai.OpenAI, engine: Engine) -> None:
    stream = client.chat.completions.create(
        model=engine.model_id, messages=user("JSON please"), temperature=0.7, seed=4,
        response_format={"type": "json_object"}, max_tokens=300, stream=True)
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert isinstance(json.loads(text), dict)


# --- sampling extras --------------------------------------------------------------------------
def test_logprobs_report_each_token_and_its_rivals(client: openai.OpenAI,
                                                   engine: Engine) -> None:
    reply = client.chat.completions.create(
        model=engine.model_id, messages=user("Apples"), temperature=0, max_tokens=6,
        logprobs=True, top_logprobs=3)
    content = reply.choices[0].logprobs.content if reply.choices[0].logprobs else None
    assert content is not None and reply.usage is not None
    assert len(content) == reply.usage.completion_tokens
    joined = b"".join(bytes(t.bytes or []) for t in content)
    assert joined.decode("utf-8", errors="replace") == reply.choices[0].message.content
    for t in content:
        assert t.logprob <= 0 and len(t.top_logprobs) == 3
        assert bytes(t.bytes or []).decode("utf-8", errors="replace") == t.token
        # greedy: the token taken is the likeliest
        assert t.top_logprobs[0].logprob == pytest.approx(t.logprob, abs=1e-4)
        assert [a.logprob for a in t.top_logprobs] == sorted(
            (a.logprob for a in t.top_logprobs), reverse=True)
    text = client.completions.create(model=engine.model_id, prompt="The orchard",
                                     temperature=0, max_tokens=4, logprobs=2)
    lp = text.choices[0].logprobs
    assert lp is not None and len(lp.tokens or []) == 4 and len(lp.top_logprobs or []) == 4
    assert lp.text_offset == [sum(len(t) for t in (lp.tokens or [])[:k]) for k in range(4)]


def test_logit_bias_and_penalties_change_what_is_sampled(client: openai.OpenAI,
                                                         engine: Engine) -> None:
    favourite = engine.call(lambda s: s.loaded.tokenizer.encode("apple")[0]).result(WAIT)
    word = engine.call(lambda s: s.loaded.tokenizer.decode([favourite])).result(WAIT)
    biased = client.chat.completions.create(
        model=engine.model_id, messages=user("Hi"), temperature=0, max_tokens=5,
        logit_bias={str(favourite): 100})
    assert biased.choices[0].message.content == word * 5
    plain = client.chat.completions.create(model=engine.model_id, messages=user("Hi"),
                                           temperature=0, max_tokens=24)
    penalised = client.chat.completions.create(model=engine.model_id, messages=user("Hi"),
                                               temperature=0, max_tokens=24,
                                               frequency_penalty=2.0, presence_penalty=2.0)
    assert penalised.choices[0].message.content != plain.choices[0].message.content


# --- streaming that survives a long wait ------------------------------------------------------
def test_headers_and_keep_alives_come_before_a_slow_first_token(engine: Engine) -> None:
    held = Recording(engine, held=True)
    config = ServerConfig(port=0, keepalive_s=0.05)
    with BackgroundServer(held, config) as srv:  # type: ignore[arg-type]
        body = {"model": engine.model_id, "messages": user("Hi"), "max_tokens": 3,
                "stream": True}
        with httpx.stream("POST", f"{srv.url}/v1/chat/completions", json=body,
                          timeout=WAIT) as response:
            assert response.status_code == 200  # the headers, while the engine is held
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.iter_lines()
            seen: list[str] = []
            for line in lines:
                seen.append(line)
                if line.startswith(":"):
                    break  # a keep-alive comment, before any token
            assert not any('"content": "' in s and '"role"' not in s for s in seen)
            held.gate.set()  # the prompt is read: tokens flow
            rest = [line for line in lines if line.startswith("data: ")]
    assert rest[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in rest[:-1]]
    assert chunks[-1]["choices"][0]["finish_reason"] == "length"


# --- what clients probe -----------------------------------------------------------------------
def test_health_model_and_openapi(server: BackgroundServer, engine: Engine) -> None:
    with httpx.Client(base_url=server.url, timeout=WAIT) as http:
        assert http.get("/health").json() == {"status": "ok", "model": engine.model_id}
        one = http.get(f"/v1/models/{engine.model_id}").json()
        assert one["id"] == engine.model_id and one["object"] == "model"
        document = http.get("/openapi.json").json()
        assert document["openapi"].startswith("3.")
        assert "/v1/chat/completions" in document["paths"]
        reply = http.post("/v1/chat/completions", json={
            "model": engine.model_id, "messages": user("Hi"), "max_tokens": 1}).json()
        assert reply["system_fingerprint"].startswith("fp_orchard")


def test_busy_is_503_with_retry_after(engine: Engine) -> None:
    class Busy:
        model_ids = engine.model_ids
        model_id = engine.model_id
        context_length = engine.context_length
        chat_template = engine.chat_template

        def submit(self, request: GenerationRequest, sink: Callable[[Event], None]) -> Job:
            from inference.engine import EngineBusy

            raise EngineBusy("Orchard is busy with other requests; try again shortly.")

    with BackgroundServer(Busy(), ServerConfig(port=0)) as srv:  # type: ignore[arg-type]
        answer = httpx.post(f"{srv.url}/v1/chat/completions", timeout=WAIT, json={
            "model": engine.model_id, "messages": user("Hi")})
    assert answer.status_code == 503 and int(answer.headers["retry-after"]) > 0
    assert answer.json()["error"]["code"] == "server_busy"


def test_a_chunk_type_is_what_the_server_streams() -> None:
    # the engine's chunks carry log-probabilities only when asked
    assert GenerationChunk(text="x").logprobs == ()


# --- what the review found ------------------------------------------------------------------
def test_a_logit_bias_outside_the_vocabulary_is_400_and_the_server_lives(
    server: BackgroundServer, client: openai.OpenAI, engine: Engine
) -> None:
    with httpx.Client(base_url=server.url, timeout=WAIT) as http:
        for bias in ({"3000000000": 5}, {"100000000": 5}, {"²": 1}):
            for stream in (False, True):
                answer = http.post("/v1/chat/completions", json={
                    "model": engine.model_id, "messages": user("Hi"), "max_tokens": 2,
                    "logit_bias": bias, "stream": stream})
                assert answer.status_code == 400, answer.text
                assert answer.json()["error"]["param"] in ("logit_bias", None)
    assert client.chat.completions.create(model=engine.model_id, messages=user("Hi"),
                                          max_tokens=2).choices  # still serving


def test_logprobs_under_a_grammar_are_finite_json(server: BackgroundServer,
                                                  engine: Engine) -> None:
    body = {"model": engine.model_id, "messages": user("JSON"), "max_tokens": 60,
            "temperature": 0.8, "seed": 1, "logprobs": True, "top_logprobs": 5,
            "response_format": {"type": "json_object"}}
    with httpx.Client(base_url=server.url, timeout=WAIT) as http:
        whole = http.post("/v1/chat/completions", json=body)
        assert whole.status_code == 200 and "Infinity" not in whole.text
        for t in whole.json()["choices"][0]["logprobs"]["content"]:
            # only the tokens the grammar allowed are offered as alternatives
            assert all(math.isfinite(a["logprob"]) for a in t["top_logprobs"])
        streamed = http.post("/v1/chat/completions", json={**body, "stream": True})
        assert streamed.status_code == 200 and "Infinity" not in streamed.text


def test_token_bytes_are_the_tokens_own(client: openai.OpenAI, engine: Engine) -> None:
    """A token holding part of a UTF-8 character has its own bytes, not U+FFFD's: the bytes
    of all tokens add up to the reply."""
    reply = client.completions.create(model=engine.model_id, prompt="りんごと🍎",
                                      temperature=0, max_tokens=24, logprobs=0)
    chat = client.chat.completions.create(model=engine.model_id, messages=user("🍎 りんご"),
                                          temperature=0, max_tokens=24, logprobs=True)
    content = chat.choices[0].logprobs.content if chat.choices[0].logprobs else None
    assert content is not None
    joined = b"".join(bytes(t.bytes or []) for t in content)
    assert joined.decode("utf-8", errors="replace") == chat.choices[0].message.content
    assert reply.choices[0].logprobs is not None


def test_penalties_do_not_depend_on_what_the_cache_held(client: openai.OpenAI,
                                                        engine: Engine) -> None:
    ask = {"model": engine.model_id, "messages": user("Tell me about plums and pears"),
           "temperature": 0, "max_tokens": 30, "frequency_penalty": 1.5,
           "presence_penalty": 0.5}
    first = client.chat.completions.create(**ask)
    again = client.chat.completions.create(**ask)  # its prompt is now cached
    assert again.usage is not None and again.usage.prompt_tokens_details is not None
    assert again.usage.prompt_tokens_details.cached_tokens > 0
    assert again.choices[0].message.content == first.choices[0].message.content


def test_a_named_tool_whose_schema_has_definitions(client: openai.OpenAI,
                                                   engine: Engine) -> None:
    """Pydantic writes nested models as $defs; the forced call still follows them."""
    ship = {"type": "function", "function": {"name": "ship", "parameters": {
        "$defs": {"Address": {"type": "object", "properties": {
            "city": {"type": "string", "maxLength": 12}}, "required": ["city"],
            "additionalProperties": False}},
        "type": "object", "properties": {"to": {"$ref": "#/$defs/Address"}},
        "required": ["to"], "additionalProperties": False}}}
    reply = client.chat.completions.create(
        model=engine.model_id, messages=user("Ship it to Oslo"), tools=[ship, WEATHER],
        tool_choice={"type": "function", "function": {"name": "ship"}}, temperature=0.8,
        seed=3, max_tokens=120)
    call = (reply.choices[0].message.tool_calls or [])[0].function
    assert call.name == "ship"
    jsonschema.validate(json.loads(call.arguments), ship["function"]["parameters"])
