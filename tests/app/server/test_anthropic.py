"""Anthropic's Messages API through the official ``anthropic`` SDK, against a real server and
engine with a tiny tool-capable model (random weights: the shapes checked are the server's,
or a grammar's)."""

from __future__ import annotations

import json
from typing import Any, Literal

import anthropic
import httpx
import jsonschema
import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Engine

WAIT = 60
WEATHER = {"name": "get_weather", "description": "The weather in a city now",
           "input_schema": {"type": "object", "properties": {
               "city": {"type": "string", "maxLength": 20},
               "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
               "required": ["city", "unit"], "additionalProperties": False}}


@pytest.fixture()
def client(tool_server: BackgroundServer) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=tool_server.url, api_key="unused", max_retries=0,
                               timeout=WAIT)


def user(text: str) -> list[Any]:
    return [{"role": "user", "content": text}]


def test_a_message_comes_back_as_text_blocks_with_usage(client: anthropic.Anthropic,
                                                        tool_engine: Engine) -> None:
    message = client.messages.create(model=tool_engine.model_id, max_tokens=5,
                                     system="Be brief.", messages=user("Hello"),
                                     extra_body={"temperature": 0})
    assert message.type == "message" and message.role == "assistant"
    assert message.id.startswith("msg_") and message.model == tool_engine.model_id
    assert message.stop_reason in ("max_tokens", "end_turn")
    assert message.content and message.content[0].type == "text"
    assert message.usage.input_tokens > 0 and 0 < message.usage.output_tokens <= 5
    if message.stop_reason == "max_tokens":
        assert message.usage.output_tokens == 5


def test_streamed_events_add_up_to_the_whole_message(client: anthropic.Anthropic,
                                                     tool_engine: Engine) -> None:
    greedy = {"temperature": 0}
    whole = client.messages.create(model=tool_engine.model_id, max_tokens=12,
                                   messages=user("Tell me about pears"), extra_body=greedy)
    with client.messages.stream(model=tool_engine.model_id, max_tokens=12,
                                messages=user("Tell me about pears"),
                                extra_body=greedy) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop"
    assert "content_block_delta" in kinds and "message_delta" in kinds
    assert final.content[0].type == "text" and whole.content[0].type == "text"
    assert final.content[0].text == whole.content[0].text  # greedy: the same reply
    assert final.stop_reason == whole.stop_reason
    assert final.usage.output_tokens == whole.usage.output_tokens


def test_stop_sequences_name_the_one_that_stopped(client: anthropic.Anthropic,
                                                  tool_engine: Engine) -> None:
    free = client.messages.create(model=tool_engine.model_id, max_tokens=20,
                                  messages=user("Hi"), extra_body={"temperature": 0})
    text = free.content[0].text if free.content and free.content[0].type == "text" else ""
    assert len(text) > 4
    stop = text[2:4]  # a string the reply is known to contain (greedy: the same reply)
    cut = client.messages.create(model=tool_engine.model_id, max_tokens=20,
                                 messages=user("Hi"), stop_sequences=[stop],
                                 extra_body={"temperature": 0})
    assert cut.stop_reason == "stop_sequence" and cut.stop_sequence == stop
    assert cut.content[0].type == "text" and cut.content[0].text == text[:text.find(stop)]


def test_a_tool_is_used_and_its_result_goes_back(client: anthropic.Anthropic,
                                                 tool_engine: Engine) -> None:
    asked = user("What is the weather in Paris?")
    message = client.messages.create(
        model=tool_engine.model_id, max_tokens=120, messages=asked, tools=[WEATHER],
        tool_choice={"type": "any"})
    assert message.stop_reason == "tool_use"
    uses = [b for b in message.content if b.type == "tool_use"]
    assert len(uses) == 1 and uses[0].name == "get_weather" and uses[0].id.startswith("toolu_")
    jsonschema.validate(uses[0].input, WEATHER["input_schema"])
    follow = asked + [
        {"role": "assistant", "content": [b.model_dump() for b in message.content]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": uses[0].id,
                                      "content": "18 C and sunny"}]},
    ]
    answer = client.messages.create(model=tool_engine.model_id, max_tokens=6, messages=follow,
                                    tools=[WEATHER], tool_choice={"type": "none"},
                                    extra_body={"temperature": 0})
    assert answer.content and answer.content[0].type == "text"
    def sent(m: Any) -> int:
        return int(m.usage.input_tokens + m.usage.cache_read_input_tokens)

    assert sent(answer) > sent(message)  # the call and its result were sent
    # the tools stay in the prompt when the model may not call them: the cached prefix of
    # the first turn is reused
    assert answer.usage.cache_read_input_tokens > 0


def test_a_streamed_tool_use_arrives_as_input_json(client: anthropic.Anthropic,
                                                   tool_engine: Engine) -> None:
    with client.messages.stream(
            model=tool_engine.model_id, max_tokens=120, messages=user("Weather in Oslo?"),
            tools=[WEATHER], tool_choice={"type": "tool", "name": "get_weather"},
            ) as stream:
        final = stream.get_final_message()
    uses = [b for b in final.content if b.type == "tool_use"]
    assert final.stop_reason == "tool_use" and len(uses) == 1
    jsonschema.validate(uses[0].input, WEATHER["input_schema"])


def test_errors_take_anthropics_shape(client: anthropic.Anthropic, tool_engine: Engine,
                                      tool_server: BackgroundServer) -> None:
    with pytest.raises(anthropic.NotFoundError):
        client.messages.create(model="claude-sonnet-4", max_tokens=5, messages=user("Hi"))
    with pytest.raises(anthropic.BadRequestError) as info:
        client.messages.create(model=tool_engine.model_id, max_tokens=5, messages=user("Hi"),
                               thinking={"type": "enabled", "budget_tokens": 1024})
    assert "thinking" in str(info.value)
    raw = httpx.post(f"{tool_server.url}/v1/messages", timeout=WAIT, json={
        "model": tool_engine.model_id, "messages": user("Hi")})  # no max_tokens
    assert raw.status_code == 400
    body = raw.json()
    assert body["type"] == "error" and body["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in body["error"]["message"]
    image = [{"role": "user", "content": [{"type": "image", "source": {
        "type": "base64", "media_type": "image/png", "data": "AAAA"}}]}]
    with pytest.raises(anthropic.BadRequestError, match="reads text only: it cannot see"):
        client.messages.create(model=tool_engine.model_id, max_tokens=5, messages=image)
    listed = httpx.post(f"{tool_server.url}/v1/messages", timeout=WAIT, json={
        "model": tool_engine.model_id, "max_tokens": 5, "messages": user("Hi"),
        "tools": [{"name": "f", "input_schema": []}]})  # not an object: said, not replaced
    assert listed.status_code == 400 and "input_schema" in listed.json()["error"]["message"]


def test_structured_output_through_the_sdks_parse(client: anthropic.Anthropic,
                                                  tool_engine: Engine) -> None:
    import pydantic

    class Fruit(pydantic.BaseModel):
        kind: Literal["apple", "pear", "plum"]
        ripe: bool

    parsed = client.messages.parse(model=tool_engine.model_id, max_tokens=100,
                                   messages=user("A fruit as JSON"), output_format=Fruit)
    assert isinstance(parsed.parsed_output, Fruit)


def test_the_anthropic_key_header_opens_a_keyed_server(tool_engine: Engine) -> None:
    with BackgroundServer(tool_engine, ServerConfig(port=0, api_key="k3y")) as srv:
        good = anthropic.Anthropic(base_url=srv.url, api_key="k3y", max_retries=0,
                                   timeout=WAIT)
        reply = good.messages.create(model=tool_engine.model_id, max_tokens=2,
                                     messages=user("Hi"))
        assert reply.usage.output_tokens > 0
        bad = anthropic.Anthropic(base_url=srv.url, api_key="nope", max_retries=0,
                                  timeout=WAIT)
        with pytest.raises(anthropic.AuthenticationError):
            bad.messages.create(model=tool_engine.model_id, max_tokens=2, messages=user("Hi"))


def test_structured_json_through_a_forced_tool(client: anthropic.Anthropic,
                                               tool_engine: Engine) -> None:
    """Anthropic's SDKs ask for structured output with a forced tool: the input is the
    object, valid for its schema."""
    schema = {"type": "object", "properties": {"ripe": {"type": "boolean"},
                                               "count": {"type": "integer", "minimum": 0,
                                                         "maximum": 9}},
              "required": ["ripe", "count"], "additionalProperties": False}
    for seed_text in ("apples", "pears", "plums"):
        message = client.messages.create(
            model=tool_engine.model_id, max_tokens=80, messages=user(seed_text),
            tools=[{"name": "record", "description": "Record fruit", "input_schema": schema}],
            tool_choice={"type": "tool", "name": "record"})
        use = next(b for b in message.content if b.type == "tool_use")
        jsonschema.validate(use.input, schema)
        assert json.loads(json.dumps(use.input)) == use.input


def test_only_the_clients_stop_sequences_are_called_stop_sequence() -> None:
    """A template's own stop string (e.g. "\\nUser:") ends a turn: end_turn, not a sequence
    the client never sent."""
    from app.server.anthropic import _stop_reason
    from inference.types import GenerationChunk

    hit = GenerationChunk(text="", finish_reason="stop", stop_string="\nUser:")
    assert _stop_reason(hit, False, []) == ("end_turn", None)
    assert _stop_reason(hit, False, ["\nUser:"]) == ("stop_sequence", "\nUser:")
    assert _stop_reason(hit, True, []) == ("tool_use", None)


def test_malformed_blocks_are_400_not_500(tool_server: BackgroundServer,
                                          tool_engine: Engine) -> None:
    for content in ([{"type": "text"}], [{"type": "text", "text": None}],
                    [{"type": "tool_use", "id": "t1", "input": {}}]):
        for role in ("user", "assistant"):
            answer = httpx.post(f"{tool_server.url}/v1/messages", timeout=WAIT, json={
                "model": tool_engine.model_id, "max_tokens": 2,
                "messages": [{"role": "user", "content": "Hi"},
                             {"role": role, "content": content}]})
            assert answer.status_code == 400, answer.text
            assert answer.json()["type"] == "error"
