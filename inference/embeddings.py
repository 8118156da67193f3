"""Embedding models: text in, one normalized vector per text out, for the apps that search a
user's documents (RAG in Open WebUI, Continue) through ``/v1/embeddings`` or Ollama's
``/api/embed``.

Encoder models (BERT, XLM-RoBERTa, ModernBERT folders, as sentence-transformers publishes
them and mlx-community converts them) load through mlx-embeddings, which holds their MLX
model classes and pooling: its ``text_embeds`` are mean-pooled and L2-normalized, as
sentence-transformers' defaults are. Run on the engine thread, like every MLX model here
(:meth:`inference.engine.Engine.embed`), kept loaded beside the chat model: they are small.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlx.core as mx

from inference.errors import ModelError, UnsupportedModelError
from inference.model.sources import resolve

log = logging.getLogger(__name__)

#: The encoder families mlx-embeddings runs that are embedding models whatever their folder
#: says (a decoder family, such as Qwen3, may be a chat model or an embedding model).
ENCODERS = frozenset({"bert", "xlm-roberta", "modernbert"})
#: The most texts one call embeds together, and the most tokens of each that are read.
BATCH = 32
MAX_TOKENS = 512


def is_embedding_folder(folder: Path) -> bool:
    """Whether an MLX folder holds an embedding model: an encoder family, or a folder
    sentence-transformers marks as one."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(config, dict):
        return False
    return str(config.get("model_type", "")).lower() in ENCODERS or (
        folder / "config_sentence_transformers.json").is_file()


@dataclass(frozen=True)
class Embeddings:
    vectors: list[list[float]]
    tokens: int  # the texts' tokens read, for usage


class Embedder:
    """One embedding model, loaded. Engine thread only."""

    def __init__(self, spec: str | os.PathLike[str]) -> None:
        source = resolve(spec)
        if source.kind != "mlx" or not is_embedding_folder(source.path):
            raise UnsupportedModelError(
                f"{source.name} is not an embedding model Orchard can run (an MLX folder of "
                "a BERT, XLM-RoBERTa or ModernBERT sentence-embedding model).")
        from mlx_embeddings.utils import load

        try:
            self.model, self.tokenizer = load(str(source.path))
        except (ValueError, KeyError, OSError, ImportError) as exc:
            raise ModelError(f"{source.name} could not be loaded: {exc}") from exc
        self.name = source.name
        self.path = source.path

    def embed(self, texts: list[str]) -> Embeddings:
        vectors: list[list[float]] = []
        tokens = 0
        hf = getattr(self.tokenizer, "_tokenizer", self.tokenizer)
        for start in range(0, len(texts), BATCH):
            batch = texts[start:start + BATCH]
            encoded: Any = hf(batch, return_tensors="np", padding=True, truncation=True,
                              max_length=MAX_TOKENS)
            ids = mx.array(encoded["input_ids"])
            mask = mx.array(encoded["attention_mask"])
            out = self.model(ids, attention_mask=mask)
            embeds = out.text_embeds
            mx.eval(embeds)
            vectors += [[float(x) for x in row] for row in embeds.tolist()]
            tokens += int(encoded["attention_mask"].sum())
        return Embeddings(vectors, tokens)


__all__ = ["Embedder", "Embeddings", "is_embedding_folder"]
