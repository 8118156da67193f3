"""How fast a rung runs on this machine, measured in the comparison that scores it.

A table of KL against file size says which quant is closest to the reference; which one to
*run* also depends on how fast each answers on this Mac, with its memory, at the context the
user chats at: decode speed falls as the KV cache fills, and a 3-bit quant is not always
faster than a 4-bit one (its kernels unpack more). So each rung, while it is loaded for its
measure, reads ``context`` tokens into a KV cache in pieces (prefill tokens/s) and then
generates a fixed number of tokens greedily after them (decode tokens/s at that context).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import mlx.core as mx

from inference.caches import make_cache
from inference.model.load import LoadedModel

#: Tokens generated for the decode timing (after one untimed token).
DECODE_TOKENS = 32
#: Prefill pieces, as a chat reads a long prompt.
PIECE = 512


@dataclass(frozen=True)
class Speed:
    context: int  # tokens in the KV cache when decoding was timed
    prefill_tps: float
    decode_tps: float


def measure_speed(lm: LoadedModel, ids: list[int], *, kv_bits: int | None = None,
                  decode_tokens: int = DECODE_TOKENS) -> Speed:
    """Prefill ``ids`` (timed), then decode ``decode_tokens`` tokens after them (timed)."""
    cache = make_cache(lm.model, kv_bits, lm.info.head_dim)
    x = mx.array(ids)[None]
    start = time.perf_counter()
    for at in range(0, len(ids), PIECE):
        mx.eval(lm.model(x[:, at:at + PIECE], cache=cache), [c.state for c in cache])
    return decode_after(lm, cache, len(ids), time.perf_counter() - start,
                        decode_tokens=decode_tokens)


def decode_after(lm: LoadedModel, cache: list[Any], context: int, prefill_s: float, *,
                 decode_tokens: int = DECODE_TOKENS) -> Speed:
    """Decode speed after a prefill of ``context`` tokens into ``cache`` that took
    ``prefill_s`` seconds (compare times the long document's pass this way: the prefill it
    scores is the one timed)."""
    token = mx.array([[0]])
    # the first token after a prefill pays for buffers of the new length: not timed
    token = mx.argmax(lm.model(token, cache=cache)[:, -1:], axis=-1)
    mx.eval(token)
    start = time.perf_counter()
    for _ in range(decode_tokens):
        token = mx.argmax(lm.model(token, cache=cache)[:, -1:], axis=-1)
        mx.eval(token)
    decode = time.perf_counter() - start
    return Speed(context + 1, context / max(prefill_s, 1e-9), decode_tokens / max(decode, 1e-9))


__all__ = ["DECODE_TOKENS", "Speed", "decode_after", "measure_speed"]
