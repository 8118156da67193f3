"""Shifting left-out turns out of a KV cache, instead of reading the kept ones again.

When the oldest turns stop fitting, the prompt becomes the cached tokens with a middle part
(those turns) left out. Rather than read everything after the system prompt again, the cache
can drop that part and move what follows it back, as llama.cpp's context shift does: keys are
stored already rotated by their position (RoPE), and a rotation by -d moves a key d positions
back. The kept tokens' keys and values were computed while the dropped turns were still
there, so the model keeps a trace of them: the same trade llama.cpp makes, and why only a
conversation's own overflow shifts (a message the user deletes, or an API client's prompt,
is read again exactly).

Which families can: those whose every layer has a plain KVCache and a RoPE that is a pure
rotation by position (mlx-lm's nn.RoPE, Llama3RoPE, ProportionalRoPE, YaRN without its
magnitude scaling): Llama, Qwen 2/3, Mistral, Phi-3 without LongRoPE, SmolLM, GPT-NeoX,
Granite and the like. Not: sliding-window layers (Gemma 3's RotatingKVCache), quantized
caches (a rotation would need them decoded and encoded again), recurrent layers, LongRoPE
(its factors change with the length), dynamic NTK (its base changes with the length) and
models without RoPE at every layer. Those read the kept turns again.

mlx-lm trims caches from the end only, hence this module. Engine thread only (MLX arrays).
"""

from __future__ import annotations

from typing import Any

import mlx.core as mx
import numpy as np
from mlx_lm.models.cache import KVCache

#: Fewer kept tokens are read again sooner than the cache is rewritten.
MIN_SHIFTED = 16


def _pure_rotation(rope: Any) -> bool:
    from mlx.nn import RoPE
    from mlx_lm.models.rope_utils import Llama3RoPE, ProportionalRoPE, YarnRoPE

    if isinstance(rope, YarnRoPE):
        return float(getattr(rope, "mscale", 1.0)) == 1.0
    return type(rope) in (RoPE, Llama3RoPE, ProportionalRoPE)


def shift_ropes(model: Any, cache: list[Any]) -> list[Any] | None:
    """Each layer's RoPE, when every layer's keys can be moved by rotating them back; else
    None (see above)."""
    layers = getattr(model, "layers", None)
    if layers is None or len(layers) != len(cache):
        return None
    ropes = []
    for layer, c in zip(layers, cache, strict=True):
        attn = getattr(layer, "self_attn", None) or getattr(layer, "attention", None)
        rope = getattr(attn, "rope", None)
        if type(c) is not KVCache or rope is None or not _pure_rotation(rope):
            return None
        ropes.append(rope)
    return ropes


def plan_shift(tokens: list[int], ids: list[int]) -> tuple[int, int, int] | None:
    """For a cache holding ``tokens`` and a prompt ``ids``: (tokens shared at the start,
    tokens to leave out after them, tokens kept after those), for the longest run of the
    cache that the prompt goes on with; None when fewer than MIN_SHIFTED would be kept."""
    a, b = np.asarray(tokens, dtype=np.int64), np.asarray(ids, dtype=np.int64)
    n = min(a.size, b.size)
    differ = np.flatnonzero(a[:n] != b[:n])
    common = int(differ[0]) if differ.size else n
    held, want = a[common:], b[common:]
    if held.size == 0 or want.size == 0:
        return None
    best_start, best_kept = 0, 0
    for j in np.flatnonzero(held == want[0])[:256]:  # where the kept part may start
        m = min(held.size - j, want.size)
        differ = np.flatnonzero(held[j : j + m] != want[:m])
        kept = int(differ[0]) if differ.size else m
        if j > 0 and kept > best_kept:
            best_start, best_kept = int(j), kept
        if j + kept == held.size:  # everything after the left-out part: the best there is
            break
    kept = min(best_kept, len(ids) - 1 - common)  # one new token at least
    return (common, best_start, kept) if kept >= MIN_SHIFTED else None


def shift_out(cache: list[Any], ropes: list[Any], start: int, end: int) -> None:
    """Remove positions ``start`` to ``end`` from every layer of ``cache``; the keys after
    them are rotated back by ``end - start`` positions."""
    d = end - start
    for c, rope in zip(cache, ropes, strict=True):
        keys, values = c.keys[..., : c.offset, :], c.values[..., : c.offset, :]
        tail = keys[..., end:, :]
        b, h, n, dim = tail.shape
        # one position for every key: each is its own length-1 sequence at offset -d
        tail = rope(tail.reshape(b, h, n, 1, dim), offset=-d).reshape(b, h, n, dim)
        c.keys = mx.concatenate([keys[..., :start, :], tail], axis=2)
        c.values = mx.concatenate([values[..., :start, :], values[..., end:, :]], axis=2)
        c.offset -= d
    mx.eval([(c.keys, c.values) for c in cache])
