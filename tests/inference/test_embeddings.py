"""GGUF embedding models: a decoder family marked with llama.cpp's ``pooling_type`` embeds
texts as llama.cpp's embedding mode does (the final norm's hidden states, pooled, L2-normalized).

The vectors are checked against the same weights run by mlx-lm from the MLX folder the GGUF
was written from, so the GGUF loader, the tokenizer and the pooling are each held to an
independent path."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mlx.core as mx
import numpy as np
import pytest
from mlx_lm.utils import load as mlx_lm_load

from inference.embeddings import Embedder
from inference.engine import Engine, TaskDone
from inference.errors import UnsupportedModelError
from inference.model.load import load_model
from tests.fixtures.gguf_writer import write_gguf

TEXTS = ["an apple a day", "hello", "the quick brown fox jumps over the lazy dog"]


@pytest.fixture(scope="module")
def embedding_ggufs(tmp_path_factory: pytest.TempPathFactory,
                    tiny_mlx_model: Callable[..., Path]) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("embed-gguf")
    folder = tiny_mlx_model("qwen3")
    return {name: (write_gguf(folder, root / f"tiny-qwen3-embed-{name}.gguf", pooling=kind),
                   folder) for name, kind in (("mean", 1), ("cls", 2), ("last", 3))}


def _reference(folder: Path, ids: list[int], pooling: str) -> np.ndarray:
    model, _ = mlx_lm_load(str(folder))
    hidden = np.array(model.model(mx.array([ids]))[0].astype(mx.float32))
    pooled = {"mean": hidden.mean(axis=0), "cls": hidden[0], "last": hidden[-1]}[pooling]
    return pooled / np.linalg.norm(pooled)


@pytest.mark.parametrize("pooling", ["mean", "cls", "last"])
def test_a_gguf_embedding_model_pools_as_its_file_says(
        embedding_ggufs: dict[str, tuple[Path, Path]], pooling: str) -> None:
    path, folder = embedding_ggufs[pooling]
    embedder = Embedder(path)
    out = embedder.embed(TEXTS)
    assert len(out.vectors) == 3
    for vector in out.vectors:
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, abs_tol=1e-4)
    ids = load_model(path).tokenizer.encode(TEXTS[2])
    assert out.tokens >= len(ids)
    np.testing.assert_allclose(out.vectors[2], _reference(folder, ids, pooling), atol=2e-3)
    # a text gets the same vector alone as in a batch; different texts differ
    alone = embedder.embed([TEXTS[1]]).vectors[0]
    assert alone == pytest.approx(out.vectors[1], abs=1e-5)
    if pooling != "cls":  # the first token is the same BOS-less start only by chance
        assert out.vectors[0] != pytest.approx(out.vectors[1], abs=1e-3)


def test_a_gguf_chat_model_is_no_embedding_model(tiny_gguf: Callable[..., Path]) -> None:
    with pytest.raises(UnsupportedModelError, match="not an embedding model"):
        Embedder(tiny_gguf("qwen3"))


def test_the_engine_embeds_with_a_gguf_beside_the_chat_model(
        embedding_ggufs: dict[str, tuple[Path, Path]], tiny_gguf: Callable[..., Path]) -> None:
    chat = tiny_gguf("llama")
    engine = Engine(lambda: load_model(chat)).start()
    try:
        got: list[Any] = []
        done = threading.Event()

        def sink(event: Any) -> None:
            got.append(event)
            done.set()

        engine.embed(str(embedding_ggufs["last"][0]), TEXTS[:2], sink)
        assert done.wait(60)
        assert isinstance(got[-1], TaskDone) and len(got[-1].value.vectors) == 2
        assert engine.model_ids  # the chat model stayed loaded
    finally:
        engine.close()
