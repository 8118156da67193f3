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


class Served:
    def __init__(self) -> None:
        self.model_ids: tuple[str, ...] = ("tiny", "alias")
        self.model_id = "tiny"
        self.context_length = 256


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
    ({"messages": [{"role": "tool", "content": "x"}]}, "messages[0].role", "invalid_value"),
    ({"messages": [{"role": "user", "content": "\ud800"}]}, "messages[0].content",
     "invalid_value"),
    ({"messages": [{"role": "user"}], "model": "other"}, "model", "model_not_found"),
    ({"messages": [{"role": "user"}], "temperature": True}, "temperature", "invalid_type"),
    ({"messages": [{"role": "user"}], "n": 2}, "n", "invalid_value"),
    ({"messages": [{"role": "user"}], "stop": ["a"] * 5}, "stop", "invalid_value"),
])
def test_bad_chat_bodies_are_400(body: dict[str, Any], param: str, code: str) -> None:
    exc = error(parse_chat, body, Served())
    assert (exc.status, exc.param, exc.code) == (400, param, code)
    assert exc.body()["error"]["type"] == "invalid_request_error"


def test_no_model_loaded_is_503() -> None:
    served = Served()
    served.model_ids = ()
    assert error(parse_chat, {"messages": [{"role": "user"}]}, served).status == 503


def test_echo_is_refused() -> None:
    assert error(parse_completion, {"prompt": "a", "echo": True}, Served()).param == "echo"


def test_shapes() -> None:
    last = GenerationChunk(text="", finish_reason="length", prompt_tokens=3,
                           generation_tokens=2, cached_tokens=1)
    chat = ResponseShape(True, "tiny")
    whole = chat.whole("hello", last)
    assert whole["object"] == "chat.completion" and whole["id"].startswith("chatcmpl-")
    assert whole["choices"][0]["message"] == {"role": "assistant", "content": "hello"}
    assert whole["choices"][0]["finish_reason"] == "length"
    assert whole["usage"]["total_tokens"] == 5
    assert chat.piece("", None, first=True)["choices"][0]["delta"] == {
        "role": "assistant", "content": ""}
    text = ResponseShape(False, "tiny").piece(None, "stop")
    assert text["object"] == "text_completion" and text["choices"][0]["text"] == ""
    assert model_list(("tiny",), 7)["data"][0]["id"] == "tiny"
    assert sse("[DONE]") == "data: [DONE]\n\n"
    assert json.loads(sse({"a": "é"})[6:]) == {"a": "é"}
