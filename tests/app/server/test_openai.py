"""The wire format on its own: request bodies into GenerationRequests, answers into OpenAI's
objects, with no engine and no network (test_app.py covers the same through a real server)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.server.openai import (
    ApiError,
    ResponseShape,
    model_list,
    parse_chat,
    parse_completion,
    sse,
)
from inference.types import GenerationChunk

#: A chat template with tools, in the style of Qwen 2.5 (calls as JSON between tags).
TOOLS_TEMPLATE = (
    "{% if tools %}<tools>{% for t in tools %}{{ t | tojson }}{% endfor %}</tools>{% endif %}"
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}"
    "{% for c in m.tool_calls or [] %}<tool_call>\n{\"name\": \"{{ c.function.name }}\", "
    "\"arguments\": {{ c.function.arguments | tojson }}}\n</tool_call>{% endfor %}"
    "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


class Served:
    def __init__(self, template: str = "{{ messages }}") -> None:
        self.model_ids: tuple[str, ...] = ("tiny", "alias")
        self.model_id = "tiny"
        self.context_length = 256
        self.chat_template = template


def error(call: Any, *args: Any) -> ApiError:
    with pytest.raises(ApiError) as info:
        call(*args)
    return info.value


def test_chat_body_becomes_a_generation_request() -> None:
    parsed = parse_chat({"messages": [{"role": "developer", "content": [
        {"type": "text", "text": "be "}, {"type": "text", "text": "brief"}]},
        {"role": "user", "content": "hi"}], "stop": "x", "seed": 3, "stream": True,
        "stream_options": {"include_usage": True}, "model": "alias"}, Served())
    assert parsed.chat and parsed.stream and parsed.include_usage and parsed.model == "alias"
    messages = parsed.generation.messages or []
    assert [(m.role, m.content) for m in messages] == [("system", "be brief"), ("user", "hi")]
    settings = parsed.generation.settings
    assert settings.stop == ["x"] and settings.seed == 3 and settings.max_tokens == 256


def test_completion_body() -> None:
    parsed = parse_completion({"prompt": ["once"], "max_tokens": 5}, Served())
    assert not parsed.chat and not parsed.stream and parsed.model == "tiny"
    assert parsed.generation.prompt == "once" and parsed.generation.settings.max_tokens == 5


@pytest.mark.parametrize(("body", "param", "code"), [
    ({"messages": []}, "messages", "invalid_type"),
    ({"messages": [{"role": "tool", "content": "x"}]}, "messages[0].tool_call_id",
     "invalid_value"),
    ({"messages": [{"role": "robot", "content": "x"}]}, "messages[0].role", "invalid_value"),
    ({"messages": [{"role": "user", "content": "\ud800"}]}, "messages[0].content",
     "invalid_value"),
    ({"messages": [{"role": "user"}], "temperature": True}, "temperature", "invalid_type"),
    ({"messages": [{"role": "user"}], "n": 2}, "n", "invalid_value"),
    ({"messages": [{"role": "user"}], "stop": ["a"] * 5}, "stop", "invalid_value"),
])
def test_bad_chat_bodies_are_400(body: dict[str, Any], param: str, code: str) -> None:
    exc = error(parse_chat, body, Served())
    assert (exc.status, exc.param, exc.code) == (400, param, code)
    assert exc.body()["error"]["type"] == "invalid_request_error"


def test_an_unknown_model_is_404() -> None:
    exc = error(parse_chat, {"messages": [{"role": "user"}], "model": "other"}, Served())
    assert (exc.status, exc.param, exc.code) == (404, "model", "model_not_found")


def test_no_model_loaded_is_503() -> None:
    served = Served()
    served.model_ids = ()
    assert error(parse_chat, {"messages": [{"role": "user"}]}, served).status == 503


def test_echo_is_refused() -> None:
    assert error(parse_completion, {"prompt": "a", "echo": True}, Served()).param == "echo"


def test_shapes() -> None:
    last = GenerationChunk(text="", finish_reason="length", prompt_tokens=3,
                           generation_tokens=2, cached_tokens=1)
    chat = ResponseShape(parse_chat({"messages": [{"role": "user", "content": "hi"}]},
                                    Served()))
    whole = chat.whole("hello", last)
    assert whole["object"] == "chat.completion" and whole["id"].startswith("chatcmpl-")
    assert whole["system_fingerprint"].startswith("fp_orchard")
    assert whole["choices"][0]["message"] == {"role": "assistant", "content": "hello",
                                              "refusal": None}
    assert whole["choices"][0]["finish_reason"] == "length"
    assert whole["usage"]["total_tokens"] == 5
    assert chat.piece("", None, first=True)["choices"][0]["delta"] == {
        "role": "assistant", "content": ""}
    text = ResponseShape(parse_completion({"prompt": "a"}, Served())).piece(None, "stop")
    assert text["object"] == "text_completion" and text["choices"][0]["text"] == ""
    assert model_list(("tiny",), 7)["data"][0]["id"] == "tiny"
    assert sse("[DONE]") == "data: [DONE]\n\n"
    assert sse("{}", "ping") == "event: ping\ndata: {}\n\n"
    assert json.loads(sse({"a": "é"})[6:]) == {"a": "é"}


WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


def test_tools_need_a_template_that_renders_them() -> None:
    body = {"messages": [{"role": "user", "content": "hi"}], "tools": [WEATHER]}
    exc = error(parse_chat, body, Served())
    assert (exc.status, exc.param, exc.code) == (400, "tools", "tools_not_supported")
    # "none" sends no tools at all, so any model will do
    assert parse_chat({**body, "tool_choice": "none"}, Served()).generation.tools is None
    parsed = parse_chat(body, Served(TOOLS_TEMPLATE))
    assert parsed.generation.tools == [WEATHER] and parsed.tool_format is not None
    assert parsed.generation.steering.grammar is None  # auto: the model decides
    forced = parse_chat({**body, "tool_choice": "required"}, Served(TOOLS_TEMPLATE))
    assert forced.generation.steering.grammar and "get_weather" in \
        forced.generation.steering.grammar
    named = {**body, "tool_choice": {"type": "function", "function": {"name": "nope"}}}
    assert error(parse_chat, named, Served(TOOLS_TEMPLATE)).param == "tool_choice"


def test_tool_messages_and_calls_reach_the_template_as_it_expects() -> None:
    parsed = parse_chat({"messages": [
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": None, "tool_calls": [{
            "id": "call_1", "type": "function",
            "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C, sunny"},
    ], "tools": [WEATHER]}, Served(TOOLS_TEMPLATE))
    user, call, result = parsed.generation.messages or []
    assert call.content == "" and call.tool_calls == [{
        "id": "call_1", "type": "function",
        "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]
    assert (result.role, result.tool_call_id, result.name) == ("tool", "call_1", "get_weather")
    bad = {"messages": [{"role": "assistant", "tool_calls": [{"type": "function", "function": {
        "name": "f", "arguments": "[1]"}}]}]}
    assert error(parse_chat, bad, Served(TOOLS_TEMPLATE)).param == \
        "messages[0].tool_calls[0].function.arguments"


def test_a_reply_with_a_tool_call_is_split_into_text_and_the_call() -> None:
    parsed = parse_chat({"messages": [{"role": "user", "content": "hi"}], "tools": [WEATHER]},
                        Served(TOOLS_TEMPLATE))
    shape = ResponseShape(parsed)
    pieces = ["Let me check. <tool", "_call>\n{\"name\": \"get_weather\", ",
              "\"arguments\": {\"city\": \"Paris\"}}\n</tool_call>"]
    shown = []
    calls = []
    for k, piece in enumerate(pieces):
        final = "stop" if k == len(pieces) - 1 else None
        text, done = shape.feed(GenerationChunk(text=piece, finish_reason=final))
        shown.append(text)
        calls += done
    assert "".join(shown) == "Let me check. "
    assert shown[0] == "Let me check. "  # the start of the marker is held back, not shown
    assert len(calls) == 1 and calls[0]["function"] == {
        "name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}
    assert calls[0]["id"].startswith("call_")
    last = GenerationChunk(text="", finish_reason="stop")
    whole = shape.whole("Let me check. ", last)
    assert whole["choices"][0]["finish_reason"] == "tool_calls"
    assert whole["choices"][0]["message"]["tool_calls"] == calls
    delta = shape.piece(None, None, calls=calls)["choices"][0]["delta"]
    assert delta["tool_calls"][0]["index"] == 0 and "content" not in delta


def test_a_broken_call_is_shown_as_text_not_lost() -> None:
    parsed = parse_chat({"messages": [{"role": "user", "content": "hi"}], "tools": [WEATHER]},
                        Served(TOOLS_TEMPLATE))
    shape = ResponseShape(parsed)
    text, calls = shape.feed(GenerationChunk(text="<tool_call>not json</tool_call>",
                                             finish_reason="stop"))
    assert calls == [] and text == "<tool_call>not json</tool_call>"


def test_response_format_becomes_a_grammar() -> None:
    body = {"messages": [{"role": "user", "content": "hi"}]}
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    parsed = parse_chat({**body, "response_format": {"type": "json_schema", "json_schema": {
        "name": "count", "schema": schema, "strict": True}}}, Served())
    assert parsed.generation.steering.grammar is not None
    assert parse_chat({**body, "response_format": {"type": "json_object"}},
                      Served()).generation.steering.grammar is not None
    assert parse_chat({**body, "response_format": {"type": "text"}},
                      Served()).generation.steering.grammar is None
    broken = {"type": "json_schema", "json_schema": {"schema": {"type": "no-such-type"}}}
    assert error(parse_chat, {**body, "response_format": broken}, Served()).param == \
        "response_format"


def test_sampling_extras_are_taken_not_ignored() -> None:
    parsed = parse_chat({"messages": [{"role": "user", "content": "hi"}],
                         "logit_bias": {"5": -100, "7": 2.5}, "presence_penalty": 0.5,
                         "frequency_penalty": -0.5, "logprobs": True, "top_logprobs": 3},
                        Served())
    steering = parsed.generation.steering
    assert steering.logit_bias == {5: -100.0, 7: 2.5}
    assert (steering.presence_penalty, steering.frequency_penalty) == (0.5, -0.5)
    assert steering.logprobs == 3 and parsed.logprobs
    completion = parse_completion({"prompt": "a", "logprobs": 2}, Served())
    assert completion.generation.steering.logprobs == 2
    assert error(parse_completion, {"prompt": "a", "logprobs": 6}, Served()).param == "logprobs"
    assert error(parse_completion, {"prompt": "a", "tools": []}, Served()).param == "tools"

