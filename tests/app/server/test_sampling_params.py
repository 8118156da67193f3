"""Sampling parameters beyond OpenAI's that llama.cpp's server and vLLM take: honoured by
/v1/chat/completions, or refused with a 400 naming them, never accepted and ignored."""

from __future__ import annotations

import openai
import pytest

from app.server.app import BackgroundServer
from inference.engine import Engine


def test_top_k_min_p_and_repetition_penalty_are_honoured_not_ignored(
        tool_server: BackgroundServer, tool_engine: Engine) -> None:
    """llama.cpp's server and vLLM take them beside OpenAI's parameters (clients send them in
    extra_body): top_k 1 at temperature 1 is greedy; a bad value is a 400 naming it."""
    client = openai.OpenAI(base_url=f"{tool_server.url}/v1", api_key="unused", max_retries=0)
    ask = {"model": tool_engine.model_id, "max_tokens": 12, "seed": 5,
           "messages": [{"role": "user", "content": "Tell me about apples."}]}
    greedy = client.chat.completions.create(**ask, temperature=0)
    top1 = client.chat.completions.create(**ask, temperature=1.0,
                                          extra_body={"top_k": 1, "min_p": 0.0})
    assert top1.choices[0].message.content == greedy.choices[0].message.content
    penalised = client.chat.completions.create(**ask, temperature=0,
                                               extra_body={"repetition_penalty": 5.0})
    assert penalised.choices[0].message.content != greedy.choices[0].message.content
    with pytest.raises(openai.BadRequestError) as bad:
        client.chat.completions.create(**ask, extra_body={"top_k": -1})
    assert "top_k" in str(bad.value)
