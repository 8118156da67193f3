"""Perplexity of a model on a text: exp of the mean negative log-likelihood per token.

The text is cut into consecutive windows of ``ctx`` tokens; every token after the first of
each window is scored with the window so far as its context.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mlx.core as mx
import mlx.nn as nn

from inference.errors import OrchardError
from inference.model.load import LoadedModel


@dataclass(frozen=True)
class PerplexityResult:
    ppl: float
    tokens: int  # tokens scored
    nll: float  # mean negative log-likelihood (nats per token)


def perplexity(loaded: LoadedModel, text: str, *, ctx: int = 512) -> PerplexityResult:
    ids = loaded.tokenizer.encode(text, parse_special=False)
    if len(ids) < 2:
        raise OrchardError(
            "The text is too short to measure perplexity: it needs at least two tokens."
        )
    if ctx < 2:
        raise OrchardError("The context for perplexity must be at least 2 tokens.")
    total_nll: float = 0.0
    scored = 0
    for start in range(0, len(ids) - 1, ctx):
        window = ids[start : start + ctx]
        if len(window) < 2:
            break
        tokens = mx.array(window)[None]
        logits = loaded.model(tokens[:, :-1]).astype(mx.float32)
        nll = nn.losses.cross_entropy(logits, tokens[:, 1:], reduction="sum")
        total_nll += float(nll.astype(mx.float32).tolist())  # type: ignore[arg-type]
        scored += len(window) - 1
    mean = total_nll / scored
    return PerplexityResult(ppl=math.exp(mean), tokens=scored, nll=mean)
