"""The engine's pool of KV caches: which cache a prompt takes, and what is evicted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
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


# --- shifting left-out turns out of a cache ---------------------------------------------------
def test_a_shifted_cache_holds_the_kept_tokens_at_their_new_positions(
    tiny_gguf: Callable[..., Path], tiny_mlx_model: Callable[..., Path],
) -> None:
    """After turns are shifted out, the first layer's keys and values are exactly those of a
    fresh read of the shorter prompt: that layer sees only each token and its position, so
    it checks the rotation back (later layers keep a trace of the left-out text, as
    llama.cpp's context shift does)."""
    from inference.cache_shift import shift_out, shift_ropes
    from inference.caches import make_cache
    from inference.model.load import load_model

    for path in (tiny_gguf("llama", "F32"), tiny_mlx_model("qwen3")):  # both RoPE layouts
        lm = load_model(path)
        ids = lm.tokenizer.encode("system part. " * 3 + "old turn to drop " * 4 + "kept turn "
                                  "that stays " * 5, add_bos=False)
        p, d = 12, 30
        cache = make_cache(lm.model)
        lm.model(mx.array(ids)[None], cache=cache)
        ropes = shift_ropes(lm.model, cache)
        assert ropes is not None
        shift_out(cache, ropes, p, p + d)
        fresh = make_cache(lm.model)
        lm.model(mx.array(ids[:p] + ids[p + d:])[None], cache=fresh)
        assert cache[0].offset == fresh[0].offset == len(ids) - d
        for got, want in ((cache[0].keys, fresh[0].keys), (cache[0].values, fresh[0].values)):
            got, want = got[..., : len(ids) - d, :], want[..., : len(ids) - d, :]
            assert mx.allclose(got, want, atol=1e-4).item()


def test_a_model_whose_cache_cannot_shift_says_so(tiny_mlx_model: Callable[..., Path]) -> None:
    """Gemma 3's sliding-window layers (RotatingKVCache) and any quantized cache: None, so
    the kept turns are read again."""
    from inference.cache_shift import shift_ropes
    from inference.caches import make_cache
    from inference.model.load import load_model

    gemma = load_model(tiny_mlx_model("gemma3"))
    assert shift_ropes(gemma.model, make_cache(gemma.model)) is None
    wide = load_model(tiny_mlx_model("llama", wide=True))
    assert shift_ropes(wide.model, make_cache(wide.model, 8, wide.info.head_dim)) is None
    assert shift_ropes(wide.model, make_cache(wide.model)) is not None
