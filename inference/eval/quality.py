"""How close a quantized model stays to a reference: perplexity, KL divergence, top-1 agreement.

The figures are the ones llama.cpp's ``perplexity --kl-divergence`` reports: for every scored
token, KL(P_ref || P_model) between the two next-token distributions, averaged; and the
fraction of tokens where both models' most likely next token is the same. The text is
tokenized once, with the reference model's tokenizer, and every model scores those same ids,
so the models must share a vocabulary (:func:`check_same_vocabulary`).

The reference's log-probabilities are kept (like llama.cpp's ``--kl-divergence-base`` file) so
the reference can be unloaded before the next model loads: float32 while that stays under
:data:`FLOAT32_LIMIT_BYTES` (a model against itself then scores exactly 0), float16 beyond.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import mlx.core as mx
import numpy as np

from inference.errors import OrchardError
from inference.eval.stats import KLStats, kl_stats
from inference.model.load import LoadedModel, TextTokenizer

#: Texts in several scripts and a few control-looking strings: two tokenizers that give the
#: same ids for all of them (and the same vocabulary size) are treated as the same vocabulary.
VOCAB_PROBE = (
    "The quick brown fox jumps over the lazy dog. 1234567890 {\"key\": [1, 2.5]}",
    "果樹園は朝早く静かでした。りんごが好きです。",
    "과수원은 아침 일찍 조용했습니다. 中文文本也在这里。",
    "  def main():\n\tprint('hi')  # émoji 🍎 café",
)
DEFAULT_MAX_TOKENS = 1024
DEFAULT_WINDOW = 512
FLOAT32_LIMIT_BYTES = 512 * 1024**2


@dataclass(frozen=True)
class Reference:
    """The reference model's view of the text: its ids and per-window log-probabilities."""

    ids: list[int]
    windows: list[mx.array]  # (window_len - 1, vocab) log-probs, one per window
    window: int


@dataclass(frozen=True)
class Quality:
    ppl: float
    nll: float  # mean negative log-likelihood, nats per token
    tokens: int  # tokens scored
    kl: float | None = None  # mean KL(P_ref || P_model), nats; None for the reference itself
    top1: float | None = None  # fraction of tokens with the same argmax as the reference
    kl_max: float | None = None
    #: llama.cpp's full set (uncertainties, percentiles, Δp, top-5); None for the reference
    stats: KLStats | None = None


def vocabulary_size(loaded: LoadedModel) -> int:
    config = loaded.info.config
    text = config.get("text_config", config)
    return int(text.get("vocab_size") or 0)


def check_same_vocabulary(
    ref_name: str, ref_tok: TextTokenizer, ref_size: int,
    name: str, tok: TextTokenizer, size: int,
) -> None:
    """Raise a plain sentence unless both tokenizers give the same ids for the probe texts."""
    same = ref_size == size and all(
        ref_tok.encode(t, add_bos=False) == tok.encode(t, add_bos=False) for t in VOCAB_PROBE
    )
    if not same:
        raise OrchardError(
            f"{name} and {ref_name} use different vocabularies ({size} and {ref_size} tokens, "
            "or different ids for the same text), so their next-token distributions cannot be "
            "compared; compare variants of one model instead."
        )


def tokenize_text(
    loaded: LoadedModel, text: str, max_tokens: int = DEFAULT_MAX_TOKENS
) -> list[int]:
    ids = loaded.tokenizer.encode(text, parse_special=False)[:max_tokens]
    if len(ids) < 2:
        raise OrchardError(
            "The text is too short to measure quality: it needs at least two tokens."
        )
    return ids


def _windows(ids: list[int], window: int) -> list[list[int]]:
    """Consecutive windows as in perplexity.py; each scores all its tokens but the first."""
    out = [ids[s : s + window] for s in range(0, len(ids) - 1, window)]
    return [w for w in out if len(w) >= 2]


def _log_probs(loaded: LoadedModel, window: list[int]) -> mx.array:
    logits = loaded.model(mx.array(window)[None, :-1])[0].astype(mx.float32)
    return logits - mx.logsumexp(logits, axis=-1, keepdims=True)


def _scalar(a: mx.array) -> float:
    return float(a.item())  # type: ignore[arg-type]  # a 0-d real array


def _nll_sum(logp: mx.array, targets: list[int]) -> float:
    picked = mx.take_along_axis(logp, mx.array(targets)[:, None], axis=-1)
    return -_scalar(mx.sum(picked))


#: Told after each window: (windows done, windows in all). It may raise to stop the scoring.
WindowProgress = Callable[[int, int], None]


def score_reference(
    loaded: LoadedModel, ids: list[int], *, window: int = DEFAULT_WINDOW,
    progress: WindowProgress | None = None,
) -> tuple[Quality, Reference]:
    """Perplexity of the reference, and what the other models are measured against."""
    if window < 2:
        raise OrchardError("The window for quality measures must be at least 2 tokens.")
    total, scored, kept = 0.0, 0, []
    dtype = mx.float32 if len(ids) * vocabulary_size(loaded) * 4 <= FLOAT32_LIMIT_BYTES else (
        mx.float16
    )
    windows = _windows(ids, window)
    for k, w in enumerate(windows, 1):
        logp = _log_probs(loaded, w)
        total += _nll_sum(logp, w[1:])
        scored += len(w) - 1
        stored = logp.astype(dtype)
        mx.eval(stored)
        kept.append(stored)
        if progress is not None:
            progress(k, len(windows))
    mean = total / scored
    return Quality(math.exp(mean), mean, scored), Reference(ids, kept, window)


def score_against(loaded: LoadedModel, ref: Reference, *,
                  progress: WindowProgress | None = None) -> Quality:
    """Perplexity of ``loaded`` on the reference's ids, with KL divergence, top-1 and top-5
    agreement and the rest of llama.cpp's statistics (:mod:`inference.eval.stats`)."""
    windows = _windows(ref.ids, ref.window)
    per_token: dict[str, list[np.ndarray]] = {k: [] for k in ("nll", "base", "kl", "top1",
                                                              "top5")}
    for k, (w, stored) in enumerate(zip(windows, ref.windows, strict=True), 1):
        logp = _log_probs(loaded, w)
        ref_logp = stored.astype(mx.float32)
        targets = mx.array(w[1:])[:, None]
        # KL(P_ref || P) = sum_v P_ref(v) (log P_ref(v) - log P(v)), per position
        kl = mx.sum(mx.exp(ref_logp) * (ref_logp - logp), axis=-1)
        ref_top = mx.argmax(ref_logp, axis=-1)
        top5 = mx.argpartition(-logp, kth=4, axis=-1)[:, :5]
        for name, value in (
            ("nll", -mx.take_along_axis(logp, targets, axis=-1)[:, 0]),
            ("base", -mx.take_along_axis(ref_logp, targets, axis=-1)[:, 0]),
            ("kl", kl), ("top1", ref_top == mx.argmax(logp, axis=-1)),
            ("top5", mx.any(top5 == ref_top[:, None], axis=-1)),
        ):
            per_token[name].append(np.array(value))
        if progress is not None:
            progress(k, len(windows))
    nll, base, kls, top1, hit5 = (np.concatenate(per_token[n]) for n in per_token)
    # float16 storage of the reference leaves a tiny rounding floor; KL is never negative
    kls = np.maximum(kls, 0.0)
    mean = float(nll.mean())
    return Quality(math.exp(mean), mean, int(nll.size), float(kls.mean()),
                   float(top1.mean()), float(kls.max()),
                   stats=kl_stats(nll, base, kls, top1, hit5))
