"""A few KV caches for one loaded model, so conversations do not evict each other.

The window's conversation, an API client's conversation and a client's one-off title request
each leave their tokens in a KV cache. With one cache, the title request would throw away the
conversation's (measured: 7 of 357 prompt tokens reused after one interleaved request, against
313 of 331 before it). The engine keeps a small LRU of caches instead; a prompt takes the one
that shares the longest token prefix with it, and gives it back when the reply ends.

mlx-lm has the cache classes and trimming but no pool of them (its server keeps one cache per
process, or a prefix trie we would have to serve from one thread anyway), hence this module.

Engine thread only: the caches hold MLX arrays made on that thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from mlx_lm.models.cache import can_trim_prompt_cache, make_prompt_cache, trim_prompt_cache

log = logging.getLogger(__name__)

#: Caches kept per model. A few: the window's chat, a client or two, a stray one-off request.
MAX_CACHES = 4


@dataclass
class CacheEntry:
    """One KV cache and the token ids it holds, in order."""

    cache: list[Any]
    tokens: list[int] = field(default_factory=list)

    @property
    def nbytes(self) -> int:
        return sum(int(getattr(c, "nbytes", 0) or 0) for c in self.cache)


def common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class PromptCaches:
    """Up to ``max_entries`` caches of one model, least recently used evicted first, and
    never more than ``max_bytes`` together (the newest one is always kept).

    :meth:`take` hands out a cache trimmed to what it shares with the prompt; the caller
    fills it and hands it back with :meth:`give_back`.
    """

    def __init__(self, model: Any, *, max_entries: int = MAX_CACHES,
                 max_bytes: int | None = None) -> None:
        self.model = model
        self.max_entries = max(1, max_entries)
        self.max_bytes = max_bytes
        self._entries: list[CacheEntry] = []  # least recently used first

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        return sum(e.nbytes for e in self._entries)

    def _new(self) -> CacheEntry:
        return CacheEntry(make_prompt_cache(self.model))

    def take(self, ids: list[int]) -> tuple[CacheEntry, int]:
        """The cache to use for ``ids`` and how many of its tokens it already holds.

        The entry sharing the longest prefix is taken when that costs little of what it holds
        (at least half of its tokens are reused: a regenerate, an edit near the end, the next
        turn). A prompt that shares only a system prompt with every entry gets a new cache
        while there is room, so it does not wipe out another conversation; when the pool is
        full, the least recently used entry is the one trimmed.
        """
        best, best_common = None, -1
        for entry in self._entries:
            common = common_prefix(entry.tokens, ids)
            if common > best_common:
                best, best_common = entry, common
        if best is not None and (2 * best_common >= len(best.tokens)):
            chosen = best
        elif len(self._entries) < self.max_entries:
            return self._new(), 0
        else:
            chosen = self._entries[0]
        self._entries.remove(chosen)
        return chosen, self._trim(chosen, ids)

    def _trim(self, entry: CacheEntry, ids: list[int]) -> int:
        common = min(common_prefix(entry.tokens, ids), len(ids) - 1)  # one new token at least
        common = max(common, 0)
        excess = len(entry.tokens) - common
        if excess > 0:
            if can_trim_prompt_cache(entry.cache):
                trim_prompt_cache(entry.cache, excess)
            else:  # e.g. a rotating or recurrent cache: start again
                entry.cache = make_prompt_cache(self.model)
                common = 0
        entry.tokens = entry.tokens[:common]
        return common

    def give_back(self, entry: CacheEntry, tokens: list[int]) -> None:
        """Return ``entry`` holding ``tokens`` (kept equal to what the cache really holds)."""
        offset = int(getattr(entry.cache[0], "offset", len(tokens))) if entry.cache else 0
        if offset > len(tokens):  # never expected; keep the cache and its bookkeeping equal
            trim_prompt_cache(entry.cache, offset - len(tokens))
            offset = len(tokens)
        entry.tokens = tokens[:offset]
        self._entries.append(entry)
        while len(self._entries) > self.max_entries:
            self._entries.pop(0)
        if self.max_bytes is not None:
            while len(self._entries) > 1 and self.nbytes > self.max_bytes:
                dropped = self._entries.pop(0)
                log.info("dropped a KV cache of %d tokens to stay within memory",
                         len(dropped.tokens))

    def clear(self) -> None:
        self._entries.clear()
