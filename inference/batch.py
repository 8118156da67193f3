"""Continuous batching: API requests that arrive together decode together.

mlx-lm's :class:`~mlx_lm.generate.BatchGenerator` does the batched work: it reads the
prompts of new requests (from each one's own prompt cache, left-padded into one batch
cache), then runs one forward pass per step for every request in the batch, each with its
own sampler, logits processors (a grammar, penalties, logit bias) and token budget. A
request joins between two steps and leaves between two steps (its end, its stop string, its
client gone), and the others never notice.

What the batch generator does not know of is Orchard's side of a reply, which
:class:`~inference.session.ChatSession.generate` keeps for a reply alone and this module
keeps per member: the streaming detokenizer, stop strings (held back across tokens), the
loop guard, log-probabilities with their bytes, the KV cache taken from and given back to
the engine's pool (so prompt-cache reuse keeps working per request), and the stats.

The processors each member gets are the ones a reply alone gets (``ChatSession``'s, whose
helpers this module shares: its processors, stats, log-probabilities), and
they see what they would see alone: the tokens read in this request and those generated
(not the prefix taken from the cache). A processor that fails ends its own request, not
the batch.

Engine thread only, like everything that touches the model.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import mlx.core as mx
from mlx_lm.generate import BatchGenerator
from mlx_lm.sample_utils import make_sampler

from inference.caches import CacheEntry
from inference.prompt.builder import Prompt
from inference.repetition import LoopGuard
from inference.session import ChatSession, _held_to_grammar, _StopStringFilter
from inference.types import GenerationChunk, SamplingSettings, Steering, TokenLogprob

log = logging.getLogger(__name__)

#: Requests decoded together at most; more wait in the engine's queue for a place.
MAX_BATCH = 8


def can_batch(session: ChatSession) -> bool:
    """Whether this model's requests can share a batch: every layer's cache merges into a
    batch cache (a quantized KV cache does not), no vision tower (its prompts carry image
    features) and no draft model (mlx-lm's speculative loop serves one reply)."""
    loaded = session.loaded
    if loaded.vision is not None or loaded.draft is not None:
        return False
    kept = loaded.kept
    key = f"batchable:{session.caches.kv_bits}"
    if key not in kept:
        kept[key] = all(hasattr(type(c), "merge") for c in session.caches.make())
    return bool(kept[key])


def batches(settings: SamplingSettings) -> bool:
    """Whether a request with these settings may join a batch: a seeded sampled reply runs
    alone, so that its seed gives the same reply every time (one random stream serves the
    whole batch)."""
    return settings.seed is None or settings.temperature == 0


@dataclass
class _Member:
    job: Any  # the engine's ApiJob: its stop flag and sink
    prompt: Prompt
    entry: CacheEntry
    held: list[int]
    cached: int
    max_tokens: int
    want_logprobs: int | None
    stops: _StopStringFilter
    guard: LoopGuard | None
    detokenizer: Any
    started: float
    generated: list[int] = field(default_factory=list)
    logprobs: list[TokenLogprob] = field(default_factory=list)
    #: the text sent so far
    sent: list[str] = field(default_factory=list)
    ttft: float = 0.0
    first_token_at: float = 0.0
    #: an error one of its logits processors raised: it ends this request alone
    failure: Exception | None = None


class _Guarded:
    """A member's logits processor whose error is kept for its member (and the logits
    passed on), so that one request's grammar cannot take the batch's step down."""

    def __init__(self, member: _Member, processor: Callable[[mx.array, mx.array], mx.array]):
        self.member = member
        self.processor = processor

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        if self.member.failure is not None:
            return logits
        try:
            return self.processor(tokens, logits)
        except Exception as exc:  # noqa: BLE001 - reported as the request's own error
            self.member.failure = exc
            return logits


#: What a step hands the engine: a member's job and its event: a GenerationChunk (the last
#: one has a finish reason) or the exception that ended it.
Event = tuple[Any, GenerationChunk | Exception]


class Batch:
    """The requests being decoded together for the API's session.

    :meth:`admit` a request, then call :meth:`step` until the batch is empty; each step
    reads part of the waiting prompts or decodes one token for every member."""

    def __init__(self, session: ChatSession, *,
                 remember: Callable[[str, list[int]], None] | None = None,
                 size: int = MAX_BATCH) -> None:
        self.session = session
        self._remember = remember
        loaded = session.loaded
        self._wrapper = loaded.tokenizer.mlx_tokenizer()
        self._eos = set(self._wrapper.eos_token_ids)
        self._gen = BatchGenerator(
            loaded.model,
            stop_tokens=[[t] for t in sorted(self._eos)],
            completion_batch_size=size,
            prefill_batch_size=size,
            prefill_step_size=session._prefill_step(),
        )
        self.size = size
        self._members: dict[int, _Member] = {}
        mx.reset_peak_memory()

    def __len__(self) -> int:
        return len(self._members)

    @property
    def full(self) -> bool:
        return len(self._members) >= self.size

    @property
    def jobs(self) -> list[Any]:
        return [m.job for m in self._members.values()]

    def admit(self, job: Any, prompt: Prompt, settings: SamplingSettings,
              steering: Steering | None, stops: list[str]) -> None:
        """Add a request; raises OrchardError (nothing taken) for one this model cannot do
        as asked."""
        session = self.session
        s = settings.check()
        ids = prompt.ids
        max_tokens = max(1, min(s.max_tokens, session.context_length - len(ids)))
        processors = session._processors(s, steering, max_tokens=max_tokens)
        entry, cached = session.caches.take(ids, session._template_key(prompt),
                                            owner=session.cache_owner)
        member = _Member(
            job=job, prompt=prompt, entry=entry, held=list(ids), cached=cached,
            max_tokens=max_tokens,
            want_logprobs=steering.logprobs if steering is not None else None,
            stops=_StopStringFilter(stops),
            guard=LoopGuard() if s.loop_guard and not _held_to_grammar(steering) else None,
            detokenizer=self._wrapper.detokenizer,
            started=time.perf_counter(),
        )
        vocab = session.loaded.vocab_size
        top_k = s.top_k if not vocab or s.top_k < vocab else 0
        (uid,) = self._gen.insert(
            [ids[cached:]],
            max_tokens=[member.max_tokens],
            caches=[entry.cache],
            samplers=[make_sampler(s.temperature, s.top_p, s.min_p, 1, top_k)],
            logits_processors=[[_Guarded(member, p) for p in processors]],
        )
        # the batch cache is built from it: the entry gets what the batch holds at the end
        entry.cache = []
        self._members[uid] = member

    def step(self) -> list[Event]:
        """One step: members whose clients left go first, then one batched step. An error
        of the model itself (out of memory) is raised: the whole batch is lost."""
        events: list[Event] = []
        for uid, left in list(self._members.items()):
            if left.job.cancelled:
                events.append((left.job, self._end(uid, "", "stopped")))
        if not self._members:
            return events
        _, responses = self._gen.next()
        now = time.perf_counter()
        for r in responses:
            m = self._members.get(r.uid)
            if m is None:
                continue
            if m.failure is not None:
                self._leave(r.uid, r.prompt_cache)
                events.append((m.job, m.failure))
                continue
            events.extend((m.job, e) for e in self._token(r, m, now))
        for uid, reading in list(self._members.items()):  # failed while reading its prompt
            if reading.failure is not None and not reading.generated:
                self._leave(uid, None)
                events.append((reading.job, reading.failure))
        return events

    def _token(self, r: Any, m: _Member, now: float) -> Iterator[GenerationChunk]:
        token = int(r.token)
        if not m.generated:
            m.first_token_at, m.ttft = now, now - m.started
        m.generated.append(token)
        if m.want_logprobs is not None:
            m.logprobs.append(self.session._logprob(token, r.logprobs, m.want_logprobs))
        # as mlx-lm's stream_generate: the end token is not text
        if token in self._eos:
            m.detokenizer.finalize()
        else:
            m.detokenizer.add_token(token)
            if r.finish_reason is not None:
                m.detokenizer.finalize()
        text, hit = m.stops.feed(m.detokenizer.last_segment)
        finish: str | None = None
        if hit:
            finish = "stop"
        elif m.guard is not None and m.guard.feed(token, m.detokenizer.last_segment):
            log.info("reply looping with a period of %d tokens; ended", m.guard.period)
            finish = "loop"
        elif r.finish_reason is not None:
            finish = r.finish_reason
        elif m.job.cancelled:
            finish = "stopped"
        if finish is None:
            if text:
                m.sent.append(text)
                yield GenerationChunk(text=text, generation_tokens=len(m.generated),
                                      logprobs=tuple(m.logprobs))
                m.logprobs.clear()
            return
        if finish != "stop" or not hit:
            text += m.stops.flush()
        yield self._end(r.uid, text, finish, r.prompt_cache)

    def _end(self, uid: int, text: str, finish: str,
             cache: list[Any] | None = None) -> GenerationChunk:
        m = self._members[uid]
        n = len(m.generated)
        if not n:
            m.ttft = time.perf_counter() - m.started
        chunk = self.session._final(text, m.prompt, m.cached, n, finish, m.ttft,
                                         m.first_token_at)
        self._leave(uid, cache)
        reply = m.generated[:-1] if m.generated[-1:] and m.generated[-1] in self._eos else (
            m.generated)
        if self._remember is not None and reply:
            self._remember("".join([*m.sent, text]), reply)
        return replace(chunk, logprobs=tuple(m.logprobs), stop_string=m.stops.matched)

    def _leave(self, uid: int, cache: list[Any] | None) -> None:
        """The member leaves the batch; its KV cache goes back to the pool holding what it
        read and wrote (a request's cache serves the next request that shares its start)."""
        m = self._members.pop(uid)
        if cache is None:
            taken = self._gen.remove([uid], return_prompt_caches=True)
            cache = taken[uid][0] if uid in taken else None
        if cache is None:
            return
        m.entry.cache = cache
        self.session.caches.give_back(m.entry, m.held + m.generated)

    def cancel_all(self) -> None:
        for m in self._members.values():
            m.job.cancel()

    def close(self) -> None:
        """Give the batch generator's resources back (the wired memory limit it set)."""
        self._gen.close()

