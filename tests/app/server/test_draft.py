"""``orchard serve --draft``: the API's replies are the model's own (greedy), and usage says
how many tokens the draft proposed and the model kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Engine
from inference.model.load import attach_draft, load_model

BODY = {"messages": [{"role": "user", "content": "Tell me about apples."}],
        "max_tokens": 16, "temperature": 0}


def answer(load: Callable[[], object]) -> dict:
    engine = Engine(load)  # type: ignore[arg-type]
    engine.start()
    try:
        with BackgroundServer(engine, ServerConfig(port=0)) as server:
            return dict(httpx.post(f"{server.url}/v1/chat/completions", json=BODY,
                                   timeout=60).json())
    finally:
        engine.close()


def test_a_drafted_server_answers_as_the_model_alone(tiny_mlx_model: Callable[..., Path]
                                                     ) -> None:
    model = tiny_mlx_model("qwen2")
    alone = answer(lambda: load_model(model))
    drafted = answer(lambda: attach_draft(load_model(model), model))
    assert drafted["choices"][0]["message"] == alone["choices"][0]["message"]
    assert alone["usage"]["completion_tokens_details"]["draft_tokens"] == 0
    assert drafted["usage"]["completion_tokens_details"]["draft_tokens"] > 0
