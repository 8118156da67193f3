"""Counting tokens over HTTP: /tokenize and /detokenize as llama.cpp's server answers them,
and a chat's messages counted as the chat would send them."""

from __future__ import annotations

import httpx

from app.server.app import BackgroundServer
from inference.engine import Engine


def test_text_round_trips_through_tokenize_and_detokenize(tool_server: BackgroundServer,
                                                          tool_engine: Engine) -> None:
    with httpx.Client(base_url=tool_server.url) as http:
        text = "The orchard keeps <|im_end|> apples."  # control text stays text
        out = http.post("/tokenize", json={"content": text}).json()
        assert out["count"] == len(out["tokens"]) > 5
        assert out["max_model_len"] == tool_engine.context_length
        special = tool_engine.loaded.tokenizer.special_tokens["<|im_end|>"]  # type: ignore[union-attr]
        assert special not in out["tokens"]
        back = http.post("/detokenize", json={"tokens": out["tokens"]}).json()
        assert back == {"content": text}


def test_messages_are_counted_as_the_chat_would_send_them(tool_server: BackgroundServer,
                                                          tool_engine: Engine) -> None:
    messages = [{"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Name a fruit."}]
    with httpx.Client(base_url=tool_server.url) as http:
        counted = http.post("/tokenize", json={"messages": messages}).json()
        reply = http.post("/v1/chat/completions", json={
            "messages": messages, "max_tokens": 1, "temperature": 0}).json()
    assert counted["count"] == reply["usage"]["prompt_tokens"]


def test_bad_input_is_one_sentence(tool_server: BackgroundServer) -> None:
    with httpx.Client(base_url=tool_server.url) as http:
        wrong = http.post("/detokenize", json={"tokens": [1, 99_999_999]})
        assert wrong.status_code == 400
        assert "not in this model's vocabulary" in wrong.json()["error"]["message"]
        empty = http.post("/tokenize", json={})
        assert empty.status_code == 400 and "'content'" in empty.json()["error"]["message"]


def test_anthropic_count_tokens_matches_what_the_reply_reads(tool_server: BackgroundServer,
                                                             tool_engine: Engine) -> None:
    import anthropic

    client = anthropic.Anthropic(base_url=tool_server.url, api_key="unused")
    messages: list[anthropic.types.MessageParam] = [{"role": "user", "content": "Name a fruit."}]
    counted = client.messages.count_tokens(model=tool_engine.model_id, system="Be brief.",
                                           messages=messages)
    reply = client.messages.create(model=tool_engine.model_id, system="Be brief.",
                                   messages=messages, max_tokens=1)
    read = reply.usage.input_tokens + (reply.usage.cache_read_input_tokens or 0)
    assert counted.input_tokens == read > 3  # Anthropic counts cached tokens apart
