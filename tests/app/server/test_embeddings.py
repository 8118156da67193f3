"""Embeddings: OpenAI's /v1/embeddings with the openai SDK and Ollama's /api/embed with the
ollama client, from a tiny random BERT (mlx-embeddings' model class) that runs beside the chat
model; vectors are normalized, a text gets the same vector alone or in a batch, and a model
that is not an embedding model is one sentence."""

from __future__ import annotations

import base64
import math
import struct
from collections.abc import Iterator
from pathlib import Path

import httpx
import ollama
import openai
import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Engine
from inference.model.load import add_local


@pytest.fixture(scope="module")
def server(tool_engine: Engine, tiny_embedder: Path) -> Iterator[BackgroundServer]:
    with BackgroundServer(tool_engine, ServerConfig(port=0, embeddings=str(tiny_embedder))
                          ) as srv:
        yield srv


def test_openai_embeddings_are_normalized_and_batch_independent(
        server: BackgroundServer, tiny_embedder: Path, tool_engine: Engine) -> None:
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused")
    name = tiny_embedder.name
    batch = client.embeddings.create(model=name, input=["an apple a day", "hello"])
    alone = client.embeddings.create(model=name, input="hello")
    assert [d.index for d in batch.data] == [0, 1] and batch.usage.prompt_tokens > 3
    for d in batch.data:
        assert math.isclose(math.sqrt(sum(x * x for x in d.embedding)), 1.0, abs_tol=1e-4)
    assert batch.data[1].embedding == pytest.approx(alone.data[0].embedding, abs=1e-5)
    assert batch.data[0].embedding != pytest.approx(alone.data[0].embedding, abs=1e-3)
    raw = httpx.post(f"{server.url}/v1/embeddings", json={
        "model": name, "input": "hello", "encoding_format": "base64"}).json()
    packed = base64.b64decode(raw["data"][0]["embedding"])
    floats = struct.unpack(f"<{len(packed) // 4}f", packed)
    assert list(floats) == pytest.approx(alone.data[0].embedding, abs=1e-6)
    assert tool_engine.model_ids  # the chat model stayed loaded beside it


def test_ollama_embed_and_a_downloaded_embedding_model_by_name(
        server: BackgroundServer, tiny_embedder: Path) -> None:
    entry = add_local(tiny_embedder)
    client = ollama.Client(host=server.url)
    out = client.embed(model=entry.id, input=["hello", "an apple a day"])
    assert len(out.embeddings) == 2 and len(out.embeddings[0]) == 32
    legacy = httpx.post(f"{server.url}/api/embeddings", json={
        "model": entry.id, "prompt": "hello"}).json()
    assert legacy["embedding"] == pytest.approx(list(out.embeddings[0]), abs=1e-5)


def test_a_chat_model_is_not_an_embedding_model(server: BackgroundServer,
                                                tool_engine: Engine) -> None:
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)
    with pytest.raises(openai.NotFoundError) as caught:
        client.embeddings.create(model=tool_engine.model_id, input="hello")
    assert "is not an embedding model here" in str(caught.value)
    with pytest.raises(ollama.ResponseError) as refused:
        ollama.Client(host=server.url).embed(model="nomic-embed-text", input="hello")
    assert refused.value.status_code == 404
    empty = httpx.post(f"{server.url}/v1/embeddings", json={"model": "x", "input": []})
    assert empty.status_code == 400
