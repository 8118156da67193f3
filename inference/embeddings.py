"""Embedding models: text in, one normalized vector per text out, for the apps that search a
user's documents (RAG in Open WebUI, Continue) through ``/v1/embeddings`` or Ollama's
``/api/embed``.

Encoder models (BERT, XLM-RoBERTa, ModernBERT folders, as sentence-transformers publishes
them and mlx-community converts them) load through mlx-embeddings, which holds their MLX
model classes and pooling: its ``text_embeds`` are mean-pooled and L2-normalized, as
sentence-transformers' defaults are. GGUF embedding models whose architecture Orchard's GGUF
loader runs (Qwen3-Embedding, and other decoder families llama.cpp's converter marks with a
``pooling_type``) load as a chat model would, and their vectors are the final norm's hidden
states pooled as the file says (mean, first token or last token) and L2-normalized, as
llama.cpp's embedding mode computes them. Run on the engine thread, like every MLX model here
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


#: llama.cpp's pooling types (``{arch}.pooling_type``) Orchard computes: mean, CLS, last
POOLING = {1: "mean", 2: "cls", 3: "last"}


def gguf_pooling(path: Path) -> str | None:
    """How a GGUF embedding model pools its tokens ("mean", "cls", "last"); None for a file
    that is no embedding model (a chat model has no pooling type)."""
    from inference.gguf.reader import read_gguf

    meta = read_gguf(path).metadata
    arch = meta.get("general.architecture")
    kind = meta.get(f"{arch}.pooling_type")
    return POOLING.get(kind) if isinstance(kind, int) else None


class _GGUFEmbedder:
    """A GGUF embedding model of a family the GGUF loader runs."""

    def __init__(self, path: Path, name: str, pooling: str) -> None:
        from inference.gguf.reader import read_gguf
        from inference.model.load import load_model

        self.loaded = load_model(path)
        self.pooling = pooling
        self.body: Any = getattr(self.loaded.model, "model", None)
        if self.body is None:
            raise UnsupportedModelError(f"{name}'s architecture has no hidden states Orchard "
                                        "can pool into embeddings.")
        meta = read_gguf(path).metadata
        self.add_eos = bool(meta.get("tokenizer.ggml.add_eos_token", False))

    def vector(self, text: str) -> tuple[list[float], int]:
        tok = self.loaded.tokenizer
        ids = tok.encode(text)[:MAX_TOKENS]
        eos = getattr(tok, "eos_token_id", None)
        if self.add_eos and eos is not None:  # as llama.cpp tokenizes for embeddings
            ids = [*ids[:MAX_TOKENS - 1], eos]
        if not ids:
            raise ModelError("An empty text has no embedding; send some text.")
        hidden = self.body(mx.array([ids]))[0].astype(mx.float32)
        if self.pooling == "mean":
            pooled = hidden.mean(axis=0)
        elif self.pooling == "cls":
            pooled = hidden[0]
        else:
            pooled = hidden[-1]
        pooled = pooled / mx.maximum(mx.linalg.norm(pooled), 1e-12)
        return [float(x) for x in pooled.tolist()], len(ids)


class Embedder:
    """One embedding model, loaded. Engine thread only."""

    def __init__(self, spec: str | os.PathLike[str]) -> None:
        source = resolve(spec)
        self._gguf: _GGUFEmbedder | None = None
        self.name = source.name
        self.path = source.path
        if source.kind == "gguf":
            pooling = gguf_pooling(source.path)
            if pooling is None:
                raise UnsupportedModelError(
                    f"{source.name} is not an embedding model (its GGUF names no pooling "
                    "type); choose an embedding model such as Qwen3-Embedding.")
            self._gguf = _GGUFEmbedder(source.path, source.name, pooling)
            return
        if source.kind != "mlx" or not is_embedding_folder(source.path):
            raise UnsupportedModelError(
                f"{source.name} is not an embedding model Orchard can run (an MLX folder of "
                "a BERT, XLM-RoBERTa or ModernBERT sentence-embedding model, or a GGUF "
                "embedding model).")
        from mlx_embeddings.utils import load

        try:
            self.model, self.tokenizer = load(str(source.path))
        except (ValueError, KeyError, OSError, ImportError) as exc:
            raise ModelError(f"{source.name} could not be loaded: {exc}") from exc

    def embed(self, texts: list[str]) -> Embeddings:
        vectors: list[list[float]] = []
        tokens = 0
        if self._gguf is not None:
            # one text at a time: no padding, so every family's attention is as it reads
            # a prompt (the cost is small beside the model's own)
            for text in texts:
                vector, n = self._gguf.vector(text)
                vectors.append(vector)
                tokens += n
            return Embeddings(vectors, tokens)
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


__all__ = ["Embedder", "Embeddings", "gguf_pooling", "is_embedding_folder"]
