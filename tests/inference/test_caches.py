"""The engine's pool of KV caches: which cache a prompt takes, and what is evicted."""

from __future__ import annotations

from typing import Any

import mlx.core as mx
from mlx_lm.models.cache import KVCache

from inference.caches import CacheEntry, PromptCaches


class _Model:
    """Just enough of a model for mlx-lm's make_prompt_cache: one attention layer."""

    def make_cache(self) -> list[Any]:
        return [KVCache()]


def _fill(entry: CacheEntry, tokens: list[int]) -> list[int]:
    """Run ``tokens`` into the cache (as a prefill would) and return what it then holds."""
    held = entry.tokens + tokens
    n = len(tokens)
    entry.cache[0].update_and_fetch(mx.zeros((1, 1, n, 8)), mx.zeros((1, 1, n, 8)))
    return held


def _serve(pool: PromptCaches, ids: list[int]) -> int:
    entry, cached = pool.take(ids)
    pool.give_back(entry, _fill(entry, ids[cached:]))
    return cached


def test_the_next_turn_takes_the_cache_holding_its_prefix() -> None:
    pool = PromptCaches(_Model())
    a = list(range(100, 140))
    assert _serve(pool, a) == 0
    assert _serve(pool, a + [1, 2, 3]) == 40
    assert len(pool) == 1


def test_an_unrelated_prompt_gets_its_own_cache_while_there_is_room() -> None:
    pool = PromptCaches(_Model(), max_entries=3)
    system = [1, 2, 3]
    conversation = system + list(range(100, 160))
    _serve(pool, conversation)
    _serve(pool, system + [7, 8, 9, 10])  # shares only the system prompt: a new cache
    assert len(pool) == 2
    assert _serve(pool, conversation + [5]) == len(conversation)  # still all there


def test_a_regenerate_trims_the_cache_it_shares_most_with() -> None:
    pool = PromptCaches(_Model())
    prompt = list(range(100, 160))
    _serve(pool, prompt + list(range(500, 520)))  # the prompt and the old reply
    assert _serve(pool, prompt) == len(prompt) - 1  # the model must see one token
    assert len(pool) == 1


def test_a_full_pool_evicts_the_least_recently_used() -> None:
    pool = PromptCaches(_Model(), max_entries=2)
    first, second, third = ([k] * 30 for k in (1, 2, 3))
    _serve(pool, first)
    _serve(pool, second)
    _serve(pool, first + [9])  # first is now the most recently used
    assert _serve(pool, third) == 0  # takes second's cache, the least recently used
    assert len(pool) == 2
    assert _serve(pool, first + [9, 9]) == 31  # first survived
    assert _serve(pool, second) == 0  # second did not


def test_the_pool_stays_within_its_memory_bound_but_keeps_the_newest() -> None:
    probe = PromptCaches(_Model())
    _serve(probe, [1] * 30)
    one = probe.nbytes  # what one cache of 30 tokens takes (mlx-lm allocates in steps)
    assert one > 0
    pool = PromptCaches(_Model(), max_entries=4, max_bytes=one * 2)
    for k in range(4):
        _serve(pool, [k + 1] * 30)
    assert len(pool) == 2 and pool.nbytes <= one * 2
    assert _serve(pool, [4] * 30 + [5]) == 30  # the newest stayed
    tiny = PromptCaches(_Model(), max_bytes=1)
    _serve(tiny, [1] * 30)
    assert len(tiny) == 1  # never empty: the cache just used is kept
