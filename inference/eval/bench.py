"""The figures of ``orchard bench``: load time, TTFT, prompt and generation speed, memory."""

from __future__ import annotations

import platform
import time
from typing import Any

import mlx.core as mx

from inference.model.load import load_model
from inference.session import ChatSession
from inference.types import SamplingSettings

# A fixed, ordinary paragraph so every run processes the same prompt.
_FILLER = (
    "Orchard runs language models on this computer. The weights stay on the disk, the "
    "conversation stays in memory, and nothing is sent anywhere. "
)


def run_bench(
    model: str, *, exact: bool = False, ctx: int | None = None, prompt_tokens: int = 128,
    gen_tokens: int = 64,
) -> dict[str, Any]:
    start = time.perf_counter()
    loaded = load_model(model, exact=exact, ctx=ctx)
    load_s = time.perf_counter() - start
    session = ChatSession(
        loaded, settings=SamplingSettings(temperature=0.0, max_tokens=gen_tokens, seed=0,
                                         loop_guard=False),  # a fixed count to time
        context_length=ctx,
    )
    text = _FILLER
    while len(loaded.tokenizer.encode(text)) < prompt_tokens:
        text += _FILLER
    ids = loaded.tokenizer.encode(text)[:prompt_tokens]
    message = loaded.tokenizer.decode(ids) + "\nSummarise this in one sentence."
    final = None
    for chunk in session.send(message):
        final = chunk
    assert final is not None
    return {
        "model": loaded.info.name,
        "quantization": loaded.info.quantization,
        "weights": loaded.weights,  # "native" (run as published) or "converted"
        "device": str(mx.default_device()),
        "machine": f"{platform.system()} {platform.machine()}",
        "load_s": round(load_s, 3),
        "prompt_tokens": final.prompt_tokens,
        "ttft_s": round(final.ttft_s, 3),
        "prompt_tps": round(final.prompt_tps, 1),
        "generation_tokens": final.generation_tokens,
        "generation_tps": round(final.generation_tps, 2),
        "peak_memory_gb": round(final.peak_memory_gb, 3),
    }
