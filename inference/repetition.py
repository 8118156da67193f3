"""Keeping replies out of loops: the DRY penalty, and a guard that ends a reply once it loops.

Small models fall into loops ("la France, la France, la France, …") that a plain repetition
penalty cures only by also penalizing every "the" and comma. DRY ("Don't Repeat Yourself",
p-e-w's sampler in llama.cpp, koboldcpp and text-generation-webui) penalizes only the token
that would *continue* a sequence already seen, by how long that sequence is, so a phrase may
recur but not run on. mlx-lm has a repetition penalty but no DRY, so the penalty is ours.

Whatever still slips through, :class:`LoopGuard` notices: the tail of the reply repeating with
a fixed period, several times over. The session ends such a reply with the finish reason
``"loop"`` rather than letting it run to the length limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mlx.core as mx
import numpy as np

#: The guard's rule: the last ``LOOP_REPEATS`` copies of some span of up to ``LOOP_MAX_PERIOD``
#: tokens are identical, and together at least ``LOOP_MIN_TOKENS`` long. A list with
#: repeated words or a table's separator row stays well under it; "la France, " twenty
#: times over does not.
LOOP_REPEATS = 4
LOOP_MIN_TOKENS = 48
LOOP_MAX_PERIOD = 128
#: The guard's second rule, for loops that vary their ends ("I'm not a replacement, love is
#: a gift." / "I'm not a replacement, life is loved." …): this many lines of prose in a row
#: open with the same ``LINE_WORDS`` words. Code blocks are exempt: code lines open alike.
LINE_REPEATS = 6
LINE_WORDS = 4


class LoopGuard:
    """Watches a reply's tokens; :meth:`feed` says when the reply has started looping.

    For every period p it keeps how many tokens in a row have equalled the token p back,
    so each new token costs O(max period) integer compares and no re-scan of the reply."""

    def __init__(self, *, repeats: int = LOOP_REPEATS, min_tokens: int = LOOP_MIN_TOKENS,
                 max_period: int = LOOP_MAX_PERIOD) -> None:
        self.repeats, self.min_tokens, self.max_period = repeats, min_tokens, max_period
        self.tokens: list[int] = []
        self._runs = [0] * (max_period + 1)  # _runs[p]: tokens in a row equal to p back
        self.period = 0  # the period of the loop found, once found (0: lines opening alike)
        self._line = ""  # the line being written
        self._openings: list[tuple[str, ...] | None] = []  # each prose line's first words
        self._in_code = False

    def feed(self, token: int, text: str = "") -> bool:
        """Add one generated token and its ``text``; True once the reply's tail is a loop."""
        return self._same_tokens(token) or self._same_lines(text)

    def _same_lines(self, text: str) -> bool:
        if "\n" not in text:
            self._line += text
            return False
        *done, self._line = (self._line + text).split("\n")
        for line in done:
            line = line.strip()
            if line.startswith("```"):
                self._in_code = not self._in_code
                continue
            if not line or self._in_code:
                continue
            words = tuple(line.lower().split()[:LINE_WORDS + 1])
            self._openings.append(words[:LINE_WORDS] if len(words) > LINE_WORDS else None)
        last = self._openings[-LINE_REPEATS:]
        return (len(last) == LINE_REPEATS and last[0] is not None
                and all(o == last[0] for o in last))

    def _same_tokens(self, token: int) -> bool:
        t = self.tokens
        t.append(token)
        n = len(t)
        runs = self._runs
        for p in range(1, min(self.max_period, n - 1) + 1):
            runs[p] = runs[p] + 1 if t[n - 1 - p] == token else 0
            # the looping text spans its first copy plus the run that repeats it
            span = runs[p] + p
            if span >= self.repeats * p and span >= self.min_tokens:
                self.period = p
                return True
        return False


@dataclass(frozen=True)
class Dry:
    """DRY's parameters, with the defaults its author recommends (and llama.cpp ships):
    a penalty of ``multiplier * base ** (length - allowed_length)`` on the logit of a token
    that would extend a repeat of ``length`` tokens, looking back ``window`` tokens."""

    multiplier: float = 0.8
    base: float = 1.75
    allowed_length: int = 2
    window: int = 1024
    #: longest repeat measured: beyond it the penalty is already far past any logit
    max_length: int = 48


class DryPenalty:
    """An mlx-lm logits processor (``(tokens, logits) -> logits``) applying DRY.

    ``breakers``: token ids a repeat may not run across (those holding a newline, as the
    sampler's "sequence breakers" do), so lines of code or list items that begin alike are
    not penalized for their shared start.

    ``partial``: byte tokens, each a piece of a UTF-8 character (Japanese or Chinese in a
    byte-level vocabulary). Inside a character there is no other way to go on: penalizing
    the byte that completes it only makes a different, wrong character (measured: the
    starter's Japanese turned to noise), so DRY waits for the character to end and never
    lowers a byte token."""

    def __init__(self, dry: Dry, breakers: set[int] | None = None,
                 partial: set[int] | None = None) -> None:
        self.dry = dry
        self.breakers = np.array(sorted(breakers or ()), dtype=np.int64)
        self.partial = partial or set()

    def penalties(self, history: np.ndarray) -> dict[int, float]:
        """Token id -> how much to lower its logit, for the next token after ``history``."""
        d = self.dry
        h = history[-d.window:]
        n = len(h)
        if n < 2:
            return {}
        broken = np.isin(h, self.breakers) if len(self.breakers) else np.zeros(n, bool)
        if broken[-1] or int(h[-1]) in self.partial:
            return {}
        # every earlier place where the last token occurred, with the token that followed it
        ends = np.flatnonzero(h[:-1] == h[-1])
        if len(ends) == 0:
            return {}
        # how far back each earlier occurrence matches the text just written
        length = np.ones(len(ends), dtype=np.int64)
        active = np.ones(len(ends), dtype=bool)
        for k in range(1, d.max_length):
            back = ends - k
            active &= back >= 0
            if not active.any():
                break
            safe = np.where(active, back, 0)
            active &= (h[safe] == h[n - 1 - k]) & ~broken[safe]
            length += active
        following = h[ends + 1]
        out: dict[int, float] = {}
        for token, size in zip(following.tolist(), length.tolist(), strict=True):
            if size >= d.allowed_length and token not in self.partial and not (
                    len(self.breakers) and token in self.breakers):
                out[token] = max(out.get(token, 0.0), float(size))
        return {t: d.multiplier * d.base ** (size - d.allowed_length)
                for t, size in out.items()}

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        if tokens.size < 2:
            return logits
        lowered = self.penalties(np.array(tokens[-self.dry.window:].tolist(), np.int64))
        if not lowered:
            return logits
        ids = mx.array(list(lowered))
        by = mx.array(list(lowered.values()), dtype=logits.dtype)
        return logits.at[:, ids].add(-by)


def vocabulary_kinds(tokenizer: Any, vocab_size: int) -> tuple[set[int], set[int]]:
    """The ids whose text holds a newline (DRY's sequence breakers) and the byte tokens that
    are only part of a character (their text alone is U+FFFD). Decoding the vocabulary once
    per model costs well under a second for 150k tokens."""
    newlines: set[int] = set()
    partial: set[int] = set()
    for i in range(vocab_size):
        try:
            text = tokenizer.decode([i])
        except Exception:  # noqa: BLE001 - a special token that does not decode alone
            continue
        if "\n" in text:
            newlines.add(i)
        if "\ufffd" in text:
            partial.add(i)
    return newlines, partial
