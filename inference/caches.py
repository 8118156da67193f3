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
from typing import TYPE_CHECKING, Any

from mlx_lm.models.cache import (
    KVCache,
    QuantizedKVCache,
    can_trim_prompt_cache,
    make_prompt_cache,
    trim_prompt_cache,
)

from inference.cache_shift import plan_shift, shift_out, shift_ropes
from inference.errors import OrchardError

if TYPE_CHECKING:
    from inference.saved_caches import SavedCaches

log = logging.getLogger(__name__)

#: Caches kept per model. A few: the window's chat, a client or two, a stray one-off request.
MAX_CACHES = 4
#: The KV-cache precisions a user can choose: None is the model's own (16-bit), else the bits
#: of mlx-lm's quantized cache.
KV_BITS = (None, 8, 4)


def kv_group_size(head_dim: int) -> int:
    """MLX quantizes groups of 32, 64 or 128 values along a head; 64 where it divides."""
    for size in (64, 32):
        if head_dim % size == 0:
            return size
    raise OrchardError(
        f"This model's attention heads are {head_dim} values wide, which MLX cannot quantize "
        "(it needs a multiple of 32); keep its KV cache at 16 bits."
    )


def make_cache(model: Any, kv_bits: int | None = None, head_dim: int = 0) -> list[Any]:
    """A new KV cache for ``model``: mlx-lm's own, its plain layers quantized to
    ``kv_bits`` when asked.

    Only mlx-lm's plain ``KVCache`` has a quantized twin (``QuantizedKVCache``, which its
    attention reads directly): a sliding-window layer's ``RotatingKVCache`` (Gemma 2/3,
    Mistral's sliding window) cannot be converted (mlx-lm does not implement it) and a
    recurrent layer's state is no KV cache, so those layers stay as they are. Quantized from
    the first token, unlike mlx-lm's ``quantized_kv_start``, so the memory it takes is the
    one the estimate promised."""
    cache = make_prompt_cache(model)
    if kv_bits is None:
        return cache
    group = kv_group_size(head_dim) if head_dim else 64
    return [QuantizedKVCache(group, kv_bits) if type(c) is KVCache else c for c in cache]


@dataclass
class CacheEntry:
    """One KV cache and the token ids it holds, in order."""

    cache: list[Any]
    tokens: list[int] = field(default_factory=list)
    #: the template its prompts were rendered with (saved caches are keyed by it)
    template: str = ""
    #: how many of its first tokens are saved on disk as one file (0: none)
    saved: int = 0
    #: the conversation it serves ("" for the API): deleting that deletes this
    owner: str = ""

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
                 max_bytes: int | None = None, kv_bits: int | None = None,
                 head_dim: int = 0, disk: SavedCaches | None = None) -> None:
        self.model = model
        self.max_entries = max(1, max_entries)
        self.max_bytes = max_bytes
        #: None: 16-bit keys and values; 8 or 4: mlx-lm's quantized cache
        self.kv_bits = kv_bits
        self.head_dim = head_dim
        if kv_bits is not None and head_dim:
            kv_group_size(head_dim)  # one sentence now, not a crash in the first reply
        #: saved caches on disk, to start from after a restart (None: memory only)
        self.disk = disk
        self._entries: list[CacheEntry] = []  # least recently used first

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        return sum(e.nbytes for e in self._entries)

    def _new(self) -> CacheEntry:
        return CacheEntry(self.make())

    def make(self) -> list[Any]:
        return make_cache(self.model, self.kv_bits, self.head_dim)

    def take(self, ids: list[int], template: str = "", *, shift: bool = False,
             owner: str = "") -> tuple[CacheEntry, int]:
        """The cache to use for ``ids`` (see :meth:`_take`), or a saved one from disk when
        that holds more of them. ``shift``: the prompt left out turns the cache holds (a
        conversation's overflow), which may be shifted out of it rather than read again."""
        entry, cached = self._take(ids, shift)
        entry.template, entry.owner = template, owner
        if self.disk is not None and cached < len(ids) - 1:
            loaded = self._from_disk(ids, template, cached)
            if loaded is not None:
                if entry.tokens:  # what it held stays in the pool for its own conversation
                    self._entries.append(entry)
                    self._shrink()
                loaded.owner = owner
                return loaded, self._trim(loaded, ids)
        return entry, cached

    def _from_disk(self, ids: list[int], template: str, cached: int) -> CacheEntry | None:
        assert self.disk is not None
        saved = self.disk.best(ids, template)
        if saved is None or min(len(saved.tokens), len(ids) - 1) <= cached:
            return None
        cache = self.disk.load(saved, self.make())
        if cache is None:
            return None
        log.info("read %d tokens of the prompt from a saved KV cache", len(saved.tokens))
        return CacheEntry(cache, list(saved.tokens), template, len(saved.tokens))

    def _take(self, ids: list[int], shift: bool = False) -> tuple[CacheEntry, int]:
        if shift:
            shifted = self._shift(ids)
            if shifted is not None:
                return shifted
        return self._pick(ids)

    def _pick(self, ids: list[int]) -> tuple[CacheEntry, int]:
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
            self._drop(chosen)  # another conversation's: saved before it is overwritten
        self._entries.remove(chosen)
        return chosen, self._trim(chosen, ids)

    def _shift(self, ids: list[int]) -> tuple[CacheEntry, int] | None:
        """The entry that holds the most of ``ids`` once the turns the prompt left out are
        shifted out of it (see shift_out), shifted; None when none can be, or it would not
        pay (then the prompt is read again from where it differs)."""
        plans = [(plan, e) for e in self._entries
                 if (plan := plan_shift(e.tokens, ids)) is not None]
        if not plans:
            return None
        (common, start, kept), entry = max(plans, key=lambda p: p[0][0] + p[0][2])
        ropes = shift_ropes(self.model, entry.cache)
        if ropes is None:
            return None
        self._entries.remove(entry)
        end = common + start
        tail = len(entry.tokens) - end - kept
        if tail > 0:
            trim_prompt_cache(entry.cache, tail)
        shift_out(entry.cache, ropes, common, end)
        entry.tokens = entry.tokens[:common] + entry.tokens[end : end + kept]
        entry.saved = min(entry.saved, common)
        log.info("shifted %d tokens of left-out turns out of a KV cache, kept %d after them",
                 start, kept)
        return entry, common + kept

    def _trim(self, entry: CacheEntry, ids: list[int]) -> int:
        common = min(common_prefix(entry.tokens, ids), len(ids) - 1)  # one new token at least
        common = max(common, 0)
        excess = len(entry.tokens) - common
        if excess > 0:
            if can_trim_prompt_cache(entry.cache):
                trim_prompt_cache(entry.cache, excess)
            else:  # e.g. a rotating or recurrent cache: start again
                entry.cache = self.make()
                common = 0
        entry.tokens = entry.tokens[:common]
        entry.saved = min(entry.saved, common)
        return common

    def give_back(self, entry: CacheEntry, tokens: list[int]) -> None:
        """Return ``entry`` holding ``tokens`` (kept equal to what the cache really holds)."""
        # Every layer kept at the least any holds: mlx-lm's speculative decoding can leave a
        # draft's layers a token short of the model's, and each turn would widen the gap.
        offsets = [int(getattr(c, "offset", len(tokens))) for c in entry.cache]
        offset = min([*offsets, len(tokens)]) if entry.cache else 0
        for layer, held in zip(entry.cache, offsets, strict=True):
            if held > offset:
                layer.trim(held - offset)
        entry.tokens = tokens[:offset]
        entry.saved = min(entry.saved, len(entry.tokens))
        self._entries.append(entry)
        self._shrink()

    def _shrink(self) -> None:
        while len(self._entries) > self.max_entries:
            self._drop(self._entries.pop(0))
        if self.max_bytes is not None:
            while len(self._entries) > 1 and self.nbytes > self.max_bytes:
                dropped = self._entries.pop(0)
                log.info("dropped a KV cache of %d tokens to stay within memory",
                         len(dropped.tokens))
                self._drop(dropped)

    def _drop(self, entry: CacheEntry) -> None:
        """An entry leaving memory is saved first when it holds what is not on disk yet."""
        if self.disk is not None and entry.saved != len(entry.tokens):
            self._save(entry)

    def _save(self, entry: CacheEntry) -> None:
        assert self.disk is not None
        try:
            if self.disk.save(entry.cache, entry.tokens, entry.template, entry.owner):
                entry.saved = len(entry.tokens)
        except Exception:  # noqa: BLE001 - a cache not saved is only read again later
            log.exception("a KV cache could not be saved")

    def persist(self) -> None:
        """Save every cache holding tokens that are not on disk as they are (when the
        conversation is left, the model goes, or the app quits)."""
        if self.disk is None:
            return
        for entry in self._entries:
            if entry.saved != len(entry.tokens):
                self._save(entry)

    def forget(self, owner: str) -> None:
        """Let go of ``owner``'s caches without saving them (its conversation was deleted)."""
        self._entries = [e for e in self._entries if e.owner != owner]

    def clear(self) -> None:
        self._entries.clear()
