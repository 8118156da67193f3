"""How close a quantized model stays to a reference: perplexity, KL divergence, top-1 agreement.

The figures are the ones llama.cpp's ``perplexity --kl-divergence`` reports: for every scored
token, KL(P_ref || P_model) between the two next-token distributions, averaged; and the
fraction of tokens where both models' most likely next token is the same. The text is
tokenized once, with the reference model's tokenizer, and every model scores those same ids,
so the models must share a vocabulary (:func:`check_same_vocabulary`).

The reference's view of the text is kept (like llama.cpp's ``--kl-divergence-base`` file) so
the reference can be unloaded before the next model loads, and stored on disk
(:mod:`inference.eval.reference_cache`) so the next comparison against it need not run it
again. Not the whole distribution at every position (150k floats a token for a modern
vocabulary) but its ``k`` likeliest tokens with their log-probabilities, the rest as one
"tail" bucket: KL(P_ref || P) is then computed over those k + 1 outcomes. Merging outcomes can
only lower a KL divergence, so this is a lower bound of the full figure, and a tight one when
the tail holds little mass (tests/inference/eval measure the gap); a model against its own
reference still scores exactly 0.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mlx.core as mx
import numpy as np

from inference.caches import make_cache
from inference.errors import OrchardError
from inference.eval.stats import KLStats, kl_stats
from inference.model.load import LoadedModel, ModelInfo, TextTokenizer
from inference.settings_schema import SETTINGS

#: Texts in several scripts and a few control-looking strings: two tokenizers that give the
#: same ids for all of them (and the same vocabulary size) are treated as the same vocabulary.
VOCAB_PROBE = (
    "The quick brown fox jumps over the lazy dog. 1234567890 {\"key\": [1, 2.5]}",
    "果樹園は朝早く静かでした。りんごが好きです。",
    "과수원은 아침 일찍 조용했습니다. 中文文本也在这里。",
    "  def main():\n\tprint('hi')  # émoji 🍎 café",
)
DEFAULT_MAX_TOKENS = int(SETTINGS["quality_tokens"].default or 1024)
DEFAULT_WINDOW = 512
#: How many of the reference's likeliest tokens are kept per position: on the starter's Q4_0
#: (docs/compare-ladder.md) 256 keep 85% of the full KL, 4096 keep 98%.
DEFAULT_TOP_K = 4096
#: How many of the tokens with the largest KL are kept to show.
WORST = 12
#: How many likeliest tokens of each model are shown at such a token.
CHOICES = 3


@dataclass(frozen=True)
class Reference:
    """The reference model's view of the text: its ids and, per scored position, its ``k``
    likeliest next tokens (ids and log-probabilities, likeliest first) and the negative
    log-likelihood it gave the token that came. Arrays run over all scored positions of all
    windows in order."""

    ids: list[int]
    window: int
    top_ids: np.ndarray  # (positions, k) int32
    top_logp: np.ndarray  # (positions, k) float32
    nll: np.ndarray  # (positions,) float32

    @property
    def k(self) -> int:
        return int(self.top_ids.shape[1])

    @property
    def complete(self) -> bool:
        """False for what a stopped measure kept: the first windows only (it resumes)."""
        return int(self.nll.size) == scored_tokens(self.ids, self.window)

    def quality(self) -> Quality:
        """The reference's own perplexity on the text."""
        mean = float(np.mean(self.nll, dtype=np.float64))
        return Quality(math.exp(mean), mean, int(self.nll.size), 0.0, 1.0, 0.0)


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
    #: where the model strays furthest: (index of the token in the scored ids, its KL),
    #: largest first
    worst: tuple[tuple[int, float], ...] = ()


def vocabulary_size(info: ModelInfo) -> int:
    """Rows of the output layer, from the model's headers (0 when they do not say)."""
    config = info.config
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
    tokenizer: TextTokenizer, text: str, max_tokens: int = DEFAULT_MAX_TOKENS
) -> list[int]:
    ids = tokenizer.encode(text, parse_special=False)[:max_tokens]
    if len(ids) < 3:  # the second half of a window scores at least one token
        raise OrchardError(
            "The text is too short to measure quality: it needs at least three tokens."
        )
    return ids


def windows(ids: list[int], window: int) -> list[tuple[list[int], int]]:
    """llama.cpp's chunks: consecutive windows of ``window`` tokens (the tokens after the last
    whole one are left out), each paired with the index of its first scored token. Only the
    second half of a window is scored, so every scored token has at least half a window of
    text before it, as in ``llama-perplexity --kl-divergence``; a text shorter than one
    window is one window."""
    if len(ids) <= window:
        chunks = [ids]
    else:
        chunks = [ids[s : s + window] for s in range(0, len(ids) - window + 1, window)]
    return [(w, len(w) // 2) for w in chunks if len(w) - 1 - len(w) // 2 > 0]


def scored_tokens(ids: list[int], window: int) -> int:
    return sum(len(w) - 1 - first for w, first in windows(ids, window))


#: A window longer than this (the long document's) is read through a KV cache in pieces of
#: this many tokens, as a chat reads a long prompt, rather than as one forward pass whose
#: attention scores grow with the square of its length (a 4096-token window would hold 4096²
#: scores per head and layer at once).
PIECE = 1024


#: Told after a window was read through a KV cache in pieces (the long document's): the cache
#: holding the window, and the seconds the pieces took (a prefill of that many tokens).
AfterPieces = Callable[[list[Any], int, float], None]


def _log_probs(loaded: LoadedModel, window: list[int], first: int = 0,
               kv_bits: int | None = None, after: AfterPieces | None = None,
               piece_done: Callable[[float], None] | None = None) -> mx.array:
    """Log-probabilities of the next token at positions ``first`` .. end of ``window``; with
    ``kv_bits``, every position attends to keys and values read back from a cache quantized
    to that many bits, as they are when the model chats with such a cache."""
    x = mx.array(window)[None, :-1]
    if kv_bits is None and x.shape[1] <= PIECE:
        logits = loaded.model(x)[0, first:]
    else:
        cache = make_cache(loaded.model, kv_bits, loaded.info.head_dim)
        if x.shape[1] <= PIECE:
            logits = loaded.model(x, cache=cache)[0, first:]
        else:
            parts = []
            began = time.perf_counter()
            for start in range(0, x.shape[1], PIECE):
                out = loaded.model(x[:, start:start + PIECE], cache=cache)[0]
                if start + PIECE > first:  # only the scored positions' logits are kept
                    parts.append(out[max(first - start, 0):].astype(mx.float32))
                mx.eval(parts, [c.state for c in cache])
                if piece_done is not None and start + PIECE < x.shape[1]:
                    piece_done((start + PIECE) / x.shape[1])  # a long window: part of it
            if after is not None:
                after(cache, int(x.shape[1]), time.perf_counter() - began)
            logits = mx.concatenate(parts, axis=0)
    logits = logits.astype(mx.float32)
    return logits - mx.logsumexp(logits, axis=-1, keepdims=True)


#: Told after each window: (windows done, windows in all); within a long window read in
#: pieces, after each piece too, with the windows done as a fraction (3.25: a quarter of the
#: fourth). It may raise to stop the scoring.
WindowProgress = Callable[[float, int], None]


def _within(progress: WindowProgress | None, k: int, n: int
            ) -> Callable[[float], None] | None:
    """Window ``k``'s pieces as progress: a fraction of the window, as windows done."""
    if progress is None:
        return None
    return lambda fraction: progress(k - 1 + fraction, n)


def score_reference(
    loaded: LoadedModel, ids: list[int], *, window: int = DEFAULT_WINDOW,
    top_k: int = DEFAULT_TOP_K, progress: WindowProgress | None = None,
    resume: Reference | None = None, keep_partial: Callable[[Reference], None] | None = None,
    kv_bits: int | None = None, after: AfterPieces | None = None,
) -> tuple[Quality, Reference]:
    """Perplexity of the reference, and what the other models are measured against.

    ``resume``: what a stopped measure of the same ids kept; its windows are not run again.
    ``keep_partial``: told what was scored so far when ``progress`` stops the scoring (by
    raising), before the exception goes on, so the next measure can resume from it."""
    if window < 3:
        raise OrchardError("The window for quality measures must be at least 3 tokens (its "
                           "second half is scored).")
    top_ids: list[np.ndarray] = []
    top_logp: list[np.ndarray] = []
    nll: list[np.ndarray] = []
    chunks = windows(ids, window)
    skip = 0
    if resume is not None and resume.ids == ids and resume.window == window:
        done = 0
        for w, first in chunks:  # the whole windows the kept scores cover
            if done + len(w) - 1 - first > resume.nll.size:
                break
            done += len(w) - 1 - first
            skip += 1
        top_ids.append(resume.top_ids[:done])
        top_logp.append(resume.top_logp[:done])
        nll.append(resume.nll[:done])

    def kept() -> Reference:
        return Reference(ids, window, np.concatenate(top_ids), np.concatenate(top_logp),
                         np.concatenate(nll).astype(np.float32))

    for k, (w, first) in enumerate(chunks, 1):
        if k <= skip:
            continue
        try:
            logp = _log_probs(loaded, w, first, kv_bits, after,
                              _within(progress, k, len(chunks)))
        except BaseException:  # stopped within a long window: the whole ones before it stay
            if keep_partial is not None and top_ids and sum(map(len, nll)) > 0:
                keep_partial(kept())
            raise
        keep = min(top_k, logp.shape[-1])
        # the k likeliest (a partition, not a sort of the whole vocabulary), likeliest first
        best = mx.argpartition(-logp, kth=keep - 1, axis=-1)[:, :keep]
        order = mx.argsort(-mx.take_along_axis(logp, best, axis=-1), axis=-1)
        best = mx.take_along_axis(best, order, axis=-1)
        picked = mx.take_along_axis(logp, mx.array(w[first + 1:])[:, None], axis=-1)[:, 0]
        top_ids.append(np.array(best.astype(mx.int32)))
        top_logp.append(np.array(mx.take_along_axis(logp, best, axis=-1)))
        nll.append(-np.array(picked))
        if progress is not None:
            try:
                progress(k, len(chunks))
            except BaseException:
                if keep_partial is not None and k < len(chunks):
                    keep_partial(kept())
                raise
    ref = kept()
    return ref.quality(), ref


def top_k_kl(ref_ids: mx.array, ref_logp: mx.array, logp: mx.array) -> mx.array:
    """KL(P_ref || P) per position over the reference's kept tokens and one tail bucket
    holding the rest of each distribution's mass (a lower bound of the full KL)."""
    p_ref = mx.exp(ref_logp)
    logq = mx.take_along_axis(logp, ref_ids, axis=-1)
    kept = mx.sum(p_ref * (ref_logp - logq), axis=-1)
    tail_ref = mx.clip(1.0 - mx.sum(p_ref, axis=-1), 0.0, 1.0)
    tail_q = mx.clip(1.0 - mx.sum(mx.exp(logq), axis=-1), 1e-12, 1.0)
    tail = mx.where(tail_ref > 1e-9,
                    tail_ref * (mx.log(mx.maximum(tail_ref, 1e-12)) - mx.log(tail_q)), 0.0)
    return kept + tail


@dataclass(frozen=True)
class TokenScores:
    """A model's figures at every scored token of one text (arrays of equal length): what the
    statistics are computed from, and what a set of texts joins into one overall figure."""

    nll: np.ndarray  # the model's negative log-likelihood of the token that came
    base: np.ndarray  # the reference's
    kl: np.ndarray  # KL(P_ref || P_model)
    top1: np.ndarray  # both put the same token first
    top5: np.ndarray  # the reference's first within the model's five likeliest
    positions: np.ndarray  # each scored token's index in the text's ids
    #: the model's CHOICES likeliest next tokens at each position, likeliest first, and their
    #: log-probabilities: what it predicted where it strays (shown beside the reference's)
    choice_ids: np.ndarray
    choice_logp: np.ndarray


def score_tokens(loaded: LoadedModel, ref: Reference, *,
                 progress: WindowProgress | None = None, kv_bits: int | None = None,
                 after: AfterPieces | None = None) -> TokenScores:
    """``loaded``'s figures at each token the reference scored, on the reference's ids."""
    chunks = windows(ref.ids, ref.window)
    per_token: dict[str, list[np.ndarray]] = {k: [] for k in ("nll", "kl", "top1", "top5")}
    where: list[np.ndarray] = []  # each scored position's token index in ref.ids
    choice_ids: list[np.ndarray] = []
    choice_logp: list[np.ndarray] = []
    start = 0
    for k, (w, first) in enumerate(chunks, 1):
        offset = (k - 1) * ref.window  # windows() cuts whole windows from the start
        where.append(np.arange(offset + first + 1, offset + len(w)))
        logp = _log_probs(loaded, w, first, kv_bits, after, _within(progress, k, len(chunks)))
        end = start + len(w) - 1 - first
        ref_ids = mx.array(ref.top_ids[start:end])
        targets = mx.array(w[first + 1:])[:, None]
        ref_top = ref_ids[:, 0]
        top5 = mx.argpartition(-logp, kth=4, axis=-1)[:, :5]
        five = mx.take_along_axis(logp, top5, axis=-1)
        order = mx.argsort(-five, axis=-1)[:, :CHOICES]
        choice_ids.append(np.array(mx.take_along_axis(top5, order, axis=-1)))
        choice_logp.append(np.array(mx.take_along_axis(five, order, axis=-1)))
        for name, value in (
            ("nll", -mx.take_along_axis(logp, targets, axis=-1)[:, 0]),
            ("kl", top_k_kl(ref_ids, mx.array(ref.top_logp[start:end]), logp)),
            ("top1", ref_top == mx.argmax(logp, axis=-1)),
            ("top5", mx.any(top5 == ref_top[:, None], axis=-1)),
        ):
            per_token[name].append(np.array(value))
        start = end
        if progress is not None:
            progress(k, len(chunks))
    nll, kls, top1, hit5 = (np.concatenate(per_token[n]) for n in per_token)
    return TokenScores(nll, ref.nll.astype(np.float64), np.maximum(kls, 0.0),  # rounding can
                       top1, hit5, np.concatenate(where),  # leave -1e-9 where the two agree
                       np.concatenate(choice_ids), np.concatenate(choice_logp))


def quality_of(scores: TokenScores) -> Quality:
    """Perplexity, KL divergence, top-1 and top-5 agreement and the rest of llama.cpp's
    statistics (:mod:`inference.eval.stats`) from per-token figures."""
    mean = float(scores.nll.mean())
    kls = scores.kl
    order = np.argsort(-kls, kind="stable")[:WORST]
    worst = tuple((int(scores.positions[j]), float(kls[j])) for j in order)
    return Quality(math.exp(mean), mean, int(scores.nll.size), float(kls.mean()),
                   float(scores.top1.mean()), float(kls.max()),
                   stats=kl_stats(scores.nll, scores.base, kls, scores.top1, scores.top5),
                   worst=worst)


def joined(parts: list[TokenScores]) -> TokenScores:
    """Several texts' figures as one (``positions`` then index the texts' ids end to end)."""
    shift, positions = 0, []
    for part in parts:
        positions.append(part.positions + shift)
        shift += int(part.positions.max()) + 1 if part.positions.size else 0
    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts])

    return TokenScores(cat("nll"), cat("base"), cat("kl"), cat("top1"), cat("top5"),
                       np.concatenate(positions), cat("choice_ids"), cat("choice_logp"))


def reference_quality(parts: list[Reference]) -> Quality:
    """The reference's own perplexity over several texts' scored tokens."""
    mean = float(np.mean(np.concatenate([p.nll for p in parts]), dtype=np.float64))
    return Quality(math.exp(mean), mean, sum(int(p.nll.size) for p in parts), 0.0, 1.0, 0.0)


def score_against(loaded: LoadedModel, ref: Reference, *,
                  progress: WindowProgress | None = None, kv_bits: int | None = None) -> Quality:
    """Perplexity of ``loaded`` on the reference's ids, with KL divergence, top-1 and top-5
    agreement and the rest of llama.cpp's statistics (:mod:`inference.eval.stats`)."""
    return quality_of(score_tokens(loaded, ref, progress=progress, kv_bits=kv_bits))
