"""One prompt, 2 to 4 models (usually one model at several quantizations): speed and quality.

:class:`Comparison` runs on one thread (load, generate and score each model on the thread
that iterates :meth:`Comparison.run`; MLX streams are per thread) and yields small
:class:`CompareEvent`s, so a GUI can fill one column per model as tokens arrive.

Scheduling. One model is in memory at a time (see :class:`Comparison`): each loads, answers,
is scored and is unloaded before the next loads. We do not interleave models token by token
either: on the CPU backend (and on one Metal GPU) two models share the same cores, so
interleaving finishes no sooner and would fold each model's work into the others' TTFT and
tokens/s.

Fairness. Every model gets the same prompt rendered with the *reference* model's template
and system prompt (so all columns see the same token ids), the same seed and sampling; greedy
by default. The reference is the highest-precision model (most bits per weight) unless the
caller names one; divergence, KL and top-1 agreement are measured against it.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlx.core as mx
import numpy as np

from inference.caches import PromptCaches
from inference.errors import OrchardError
from inference.eval import reference_cache
from inference.eval.categories import (
    LONG_MIN,
    Category,
    category_ids,
    long_tokens,
    shipped,
    shipped_keys,
    window_for,
)
from inference.eval.flips import answer_all, count_flips
from inference.eval.quality import (
    CHOICES,
    AfterPieces,
    Quality,
    Reference,
    TokenScores,
    check_same_vocabulary,
    joined,
    quality_of,
    reference_quality,
    score_reference,
    score_tokens,
    vocabulary_size,
    windows,
)
from inference.eval.results import CompareReport, CompareSettings, ModelResult
from inference.eval.speed import DECODE_TOKENS, decode_after, measure_speed
from inference.files import DiskFullError
from inference.model.load import (
    LoadedModel,
    ModelInfo,
    TextTokenizer,
    inspect_model,
    load_model,
    load_text_side,
)
from inference.model.memory import format_bytes
from inference.prompt.presets import TemplateChoice
from inference.session import ChatSession
from inference.types import GenerationChunk, SamplingSettings, Steering, TokenLogprob

log = logging.getLogger(__name__)

#: The likeliest tokens shown where two replies part.
TOP_CHOICES = 5
#: The tokens with the largest KL shown per model (over all categories).
WORST_SHOWN = 12
#: Tokens of text shown before and after a token with a large KL.
CONTEXT_BEFORE, CONTEXT_AFTER = 24, 6
#: ... and the wider passage a user opens to read the token in its place.
PASSAGE_BEFORE, PASSAGE_AFTER = 160, 48

MIN_MODELS, MAX_MODELS = 2, 4
DEFAULT_CTX = 2048
#: A model spec ending in this and 8 or 4 (``starter@kv8``) runs with its KV cache quantized
#: to that many bits: compared with the same spec alone, the KL is what the cache costs.
KV_SUFFIX = "@kv"


def split_kv(spec: str) -> tuple[str, int | None]:
    """``("model", 8)`` for ``"model@kv8"``; ``(spec, None)`` for a spec without it."""
    head, sep, bits = spec.rpartition(KV_SUFFIX)
    if not sep or not head:
        return spec, None
    if bits == "16":
        return head, None
    if bits not in ("8", "4"):
        raise OrchardError(f"{spec}: a KV cache can be 16, 8 or 4 bits ({head}{KV_SUFFIX}8).")
    return head, int(bits)


def builtin_texts() -> list[str]:
    """Names of the shipped texts (``resources/texts``): prose in several languages, code, a
    chat dialogue and a long document (:mod:`inference.eval.categories`)."""
    return shipped_keys()


def builtin_text(name: str) -> str:
    """A shipped plain text (not the dialogue, which each model's template renders)."""
    category = shipped(name)
    if category.messages:
        raise OrchardError(f"The built-in {name!r} text is a dialogue, not a plain text.")
    return category.text


#: The name (``--text conversations``, the window's text list) of the user's own chats.
CONVERSATIONS = "conversations"


def saved_conversations_text() -> str:
    """The user's saved conversations as one text to measure on (their own kind of text)."""
    from inference.store import conversations_text

    text = conversations_text()
    if not text:
        raise OrchardError("There are no saved conversations to measure on yet; chat first, "
                           "or choose another text.")
    return text


@dataclass
class RungResult(ModelResult):
    """One model's row, with the weight path that ran it (``orchard compare --json`` writes
    every field, as ``orchard chat --json`` and the bench write ``weights``)."""

    #: "native" (the file's own weights, run as published) or "converted" (the fallback);
    #: None when the model was not loaded: its stored scores stood in for it, or it failed
    weights: str | None = None


@dataclass(frozen=True)
class CompareEvent:
    """``kind``: plan, loading, loaded, chunk, reply, answering (the short questions of the
    answer flips), quality, unloaded or failed.

    ``index`` is the model's position as given (-1 for the plan); ``result`` is that model's
    row so far (the list of all rows for ``plan``'s ``message`` is in :attr:`Comparison.results`).
    """

    index: int
    kind: str
    chunk: GenerationChunk | None = None
    result: ModelResult | None = None
    message: str = ""


@dataclass(frozen=True)
class _Text:
    """A category as the reference reads it: its ids and scoring window."""

    category: Category
    ids: list[int]
    window: int


@dataclass(frozen=True)
class _RefFacts:
    name: str
    tokenizer: TextTokenizer
    vocab_size: int
    choice: TemplateChoice | None  # None when only its stored scores were used


def first_divergence(reference: list[int], ids: list[int]) -> int | None:
    """Index of the first token where ``ids`` leaves ``reference``; None if they are equal."""
    for k, (a, b) in enumerate(zip(reference, ids, strict=False)):
        if a != b:
            return k
    return None if len(reference) == len(ids) else min(len(reference), len(ids))


def gguf_weights(path: Path) -> tuple[int, float]:
    """A GGUF's parameters and bits per weight as llama.cpp counts them: the bytes of its
    tensors (every part of a split file; not the metadata or the tokenizer) over their
    elements. Read once per file version: choosing the reference, loading and a stored
    reference all ask, and a header with a 150k-token vocabulary takes a while to parse."""
    stat = Path(path).stat()
    return _gguf_weights(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _gguf_weights(path: str, size: int, mtime_ns: int) -> tuple[int, float]:
    from inference.gguf.reader import read_gguf

    tensors = read_gguf(path).tensors.values()
    parameters = sum(t.n_elements for t in tensors)
    return parameters, sum(t.nbytes for t in tensors) * 8 / max(parameters, 1)


def nominal_bits(info: ModelInfo) -> float:
    """Bits per weight known before loading: a GGUF's tensors, an MLX folder's config."""
    if info.format == "gguf":
        return gguf_weights(info.path)[1]
    q = info.config.get("quantization") or info.config.get("quantization_config") or {}
    if isinstance(q, dict) and "bits" in q:
        return float(q["bits"]) + 32 / float(q.get("group_size", 64))  # fp16 scale and bias
    dtype = str(info.config.get("torch_dtype") or info.config.get("dtype") or "float16")
    return 32.0 if dtype == "float32" else 16.0


class Comparison:
    """Compare 2 to 4 models on one prompt and/or one text. Iterate :meth:`run` on one thread.

    One model is in memory at a time: the reference first, then each other model in turn,
    each unloaded before the next loads, so the peak is that of the largest model alone (a
    16 GB Mac compares the quants of a 7B it could not hold two of). What the later models are
    held to outlives the reference's weights: its tokenizer and template (for the replies) and
    its view of the text (a :class:`Reference`, stored on disk and reused). When that view is
    stored and no prompt is asked, the reference is not loaded at all: only its tokenizer is
    read, to check the text still splits into the stored ids.

    Setting :attr:`cancel` (from any thread) stops the current reply within one token and
    skips what is left.
    """

    def __init__(self, specs: list[str | os.PathLike[str]], settings: CompareSettings, *,
                 reuse: LoadedModel | None = None) -> None:
        if not MIN_MODELS <= len(specs) <= MAX_MODELS:
            raise OrchardError(f"Compare takes 2 to 4 models; {len(specs)} were given.")
        if settings.prompt is None and not settings.measures and not settings.flips:
            raise OrchardError("Give a prompt, a text for quality measures, or both.")
        if settings.max_tokens < 1:
            raise OrchardError("The reply length must be at least 1 token.")
        self.specs = [str(s) for s in specs]
        #: each spec's model and the bits of its KV cache (None: 16-bit)
        self._models = [split_kv(s) for s in self.specs]
        self.settings = settings
        self.cancel = threading.Event()
        #: one sentence when the disk was too full to store the reference's scores (the
        #: comparison goes on with them in memory; a front end says it once); "" otherwise
        self.not_saved = ""
        self.results = [RungResult(i, s) for i, s in enumerate(self.specs)]
        self.reference = 0
        self.order: list[int] = []  # the reference, then the others as given
        self._infos: list[ModelInfo] = []
        self._ref: _RefFacts | None = None
        #: each category's text as the reference reads it, and its view of it (scores)
        self._texts: list[_Text] = []
        self._ref_data: dict[str, Reference] = {}
        #: sentences about categories left out (a text too short, a context too small for
        #: the long document); the rest are measured
        self.notes: list[str] = []
        self._same_vocab: dict[int, bool] = {}
        self._reply_tops: dict[int, list[TokenLogprob]] = {}
        #: A model already loaded (the engine's): if it is the reference, its turn uses it
        #: instead of loading a second copy; it is let go after that turn (or at once when
        #: it is not the reference, so it never sits beside another model).
        self.reuse = reuse
        #: Told while a model is scored: (model index, tokens read, tokens in all over every
        #: category); called on the comparing thread, between windows and pieces of one.
        self.on_progress: Callable[[int, int, int], None] | None = None

    @property
    def ctx(self) -> int:
        s = self.settings
        long = any(c.long for c in s.texts())
        return s.ctx or max(DEFAULT_CTX, s.window + 1, s.max_tokens * 2,
                            long_tokens(1 << 30) if long else 0)

    # --- plan -------------------------------------------------------------------------
    def plan(self) -> list[int]:
        """Read the models' headers and choose the reference: the order the models run in."""
        self._infos = [inspect_model(m, exact=self.settings.exact) for m, _ in self._models]
        for r, info, (_, kv) in zip(self.results, self._infos, self._models, strict=True):
            r.name, r.format, r.quantization = info.name, info.format, info.quantization
            if kv is not None:  # named apart from the same file with its 16-bit cache
                r.name = f"{info.name} (KV cache {kv}-bit)"
                r.quantization = f"{info.quantization} · KV {kv}-bit"
            r.size_bytes = info.size_bytes
            estimate = info.memory(min(self.ctx, info.context_length), kv)
            r.memory_estimate_bytes = estimate.total_bytes
            r.memory_verdict = estimate.verdict
        ref = self.settings.reference
        if ref is None:  # the most bits per weight, then the most bits in the KV cache
            bits = [(nominal_bits(i), kv or 16) for i, (_, kv) in zip(self._infos, self._models,
                                                                       strict=True)]
            ref = max(range(len(bits)), key=lambda k: (bits[k], -k))
        if not 0 <= ref < len(self.specs):
            raise OrchardError(f"The reference must be a model number from 1 to {len(self.specs)}.")
        self.reference = ref
        self.order = [ref, *(i for i in range(len(self.specs)) if i != ref)]
        return self.order

    def describe_plan(self) -> str:
        largest = max((r.memory_estimate_bytes for r in self.results), default=0)
        return (f"One model in memory at a time, the reference [{self.reference + 1}] first: "
                f"about {format_bytes(largest)} at most.")

    # --- run --------------------------------------------------------------------------
    def run(self) -> Iterator[CompareEvent]:
        if not self.order:
            self.plan()
        yield CompareEvent(-1, "plan", message=self.describe_plan())
        if self._reused(self.reference) is None:
            self.reuse = None  # never beside the reference: let its memory go now
        for i in self.order:
            if self.cancel.is_set():
                return
            if i == self.reference and self._reference_from_store():
                yield CompareEvent(i, "quality", result=self.results[i])
                continue
            try:
                yield from self._turn(i)
            finally:
                self.reuse = None  # used for its one turn at most
                self._release()
            yield CompareEvent(i, "unloaded", result=self.results[i])

    def _turn(self, i: int) -> Iterator[CompareEvent]:
        """Load model ``i``, let it answer and score it; it is unloaded when this ends."""
        yield CompareEvent(i, "loading", result=self.results[i])
        mx.reset_peak_memory()  # the model is alone in memory: its turn's peak is its own
        lm = self._load(i)
        if lm is None:
            yield CompareEvent(i, "failed", result=self.results[i],
                               message=self.results[i].error or "")
            return
        yield CompareEvent(i, "loaded", result=self.results[i])
        answered = self.settings.prompt is not None and not self.cancel.is_set()
        if answered:
            yield from self._reply(i, lm)
        scored = self.settings.measures and not self.cancel.is_set()
        if scored:
            self._score(i, lm)
        if (scored and self.settings.speed and self.results[i].speed is None
                and not self.cancel.is_set()):  # no long document timed it while scored
            self._time(i, lm)
        asked = self.settings.flips and not self.cancel.is_set()
        if asked:  # the short questions take a while: a front end says so meanwhile
            yield CompareEvent(i, "answering", result=self.results[i])
            self._answer(i, lm)
        if answered or scored or asked:
            self.results[i].peak_memory_gb = mx.get_peak_memory() / 1e9
        if scored:
            yield CompareEvent(i, "quality", result=self.results[i],
                               message=self.results[i].warning)

    def _time(self, i: int, lm: LoadedModel) -> None:
        """Prefill and decode speed at the comparison's context, on the texts' own tokens
        (the long document's first): what this rung costs to run on this machine."""
        target = min(self.ctx, lm.info.context_length) - DECODE_TOKENS - 2
        pool = [i for t in sorted(self._texts, key=lambda t: not t.category.long)
                for i in t.ids]
        if target < 2 or not pool:
            return
        ids = (pool * (target // len(pool) + 1))[:target]  # texts shorter than it: again
        self.results[i].speed = measure_speed(lm, ids, kv_bits=self._models[i][1])

    def _answer(self, i: int, lm: LoadedModel) -> None:
        """The short questions, answered greedily with the reference's template (as the
        replies are); a model after the reference counts where it answered otherwise."""
        ref = self._ref
        choice = ref.choice if ref is not None and self._same_vocab.get(i) else None
        r = self.results[i]
        r.answers = answer_all(lm, choice=choice, kv_bits=self._models[i][1],
                               context_length=min(self.ctx, lm.info.context_length),
                               cancel=self.cancel.is_set)
        reference = self.results[self.reference].answers
        if i != self.reference and reference:
            r.flips = count_flips(reference, r.answers)

    def _release(self) -> None:
        # No gc.collect(): on the engine thread of the app it could destroy Qt objects; the
        # model is freed by reference counting once _turn has ended.
        mx.clear_cache()

    def _reference_from_store(self) -> bool:
        """With no prompt, the reference's stored view of the texts stands in for it: fill
        its row from the store and its tokenizer, without loading its weights. False when
        there is nothing stored to use (then the reference takes its turn as usual)."""
        s, i = self.settings, self.reference
        if (s.prompt is not None or not s.measures or self.reuse is not None
                or s.flips or not s.store_reference):  # the reference must answer itself
            return False
        info = self._infos[i]
        try:  # the tokenizer and template alone: how the texts split, no weights
            tokenizer, choice = load_text_side(self._models[i][0], info)
        except OrchardError as exc:  # loading it whole says what is wrong, in its turn
            log.info("the reference's tokenizer alone could not be read: %s", exc)
            return False
        self._prepare_texts(tokenizer, choice, min(self.ctx, info.context_length))
        stored = {t.category.key: self._stored_reference(i, t) for t in self._texts}
        if not all(ref is not None and ref.complete for ref in stored.values()):
            return False  # a stopped measure, or a text not scored yet: the reference runs
        self._ref = _RefFacts(info.name, tokenizer, vocabulary_size(info), None)
        self._same_vocab[i] = True
        self._ref_data = {k: v for k, v in stored.items() if v is not None}
        r = self.results[i]
        r.parameters = gguf_weights(info.path)[0] if info.format == "gguf" else 0
        r.bits_per_weight = nominal_bits(info)
        r.reference_reused = True
        self._reference_figures(r)
        if self.on_progress is not None:
            self.on_progress(i, 1, 1)
        return True

    def _prepare_texts(self, tokenizer: TextTokenizer, choice: TemplateChoice | None,
                       ctx: int) -> None:
        """Each category's ids and window as the reference reads them. A category that
        cannot be measured is left out with a sentence in :attr:`notes`; with one category
        only, its problem is the comparison's (raised)."""
        s = self.settings
        categories = s.texts()
        self._texts, self.notes = [], []
        for category in categories:
            try:
                if category.long and ctx < LONG_MIN:
                    raise OrchardError(
                        f"The {category.label} needs a context of at least {LONG_MIN} tokens; "
                        f"the reference's is {ctx}.")
                limit = long_tokens(ctx) if category.long else s.quality_max_tokens
                ids = category_ids(category, tokenizer, choice, limit)
            except OrchardError as exc:
                if len(categories) == 1:
                    raise
                self.notes.append(f"{exc} It was left out.")
                continue
            self._texts.append(_Text(category, ids, window_for(category, ids, s.window, ctx)))
        if not self._texts:
            raise OrchardError("None of the texts could be measured: " + " ".join(self.notes))

    def _reference_figures(self, r: ModelResult) -> None:
        """The reference's own perplexity, per category and over all of them."""
        refs = [self._ref_data[t.category.key] for t in self._texts]
        r.categories = {t.category.key: ref.quality() for t, ref in zip(self._texts, refs,
                                                                         strict=True)}
        r.quality = reference_quality(refs)

    def _reused(self, i: int) -> LoadedModel | None:
        lm = self.reuse
        if lm is None or lm.exact != self.settings.exact:
            return None
        try:
            same = Path(self._infos[i].path).resolve() == Path(lm.info.path).resolve()
        except OSError:
            return None
        return lm if same else None

    def _load(self, i: int) -> LoadedModel | None:
        r = self.results[i]
        reused = self._reused(i)
        try:
            model, kv = self._models[i]
            lm = reused or load_model(model, exact=self.settings.exact,
                                      ctx=min(self.ctx, self._infos[i].context_length),
                                      kv_bits=kv)
        except OrchardError as exc:
            if i == self.reference:
                raise
            r.error = str(exc)
            log.warning("%s", exc)
            return None
        r.load_s = lm.load_seconds
        r.weights = lm.weights
        from mlx_lm.utils import compute_bits_per_weight, get_total_parameters

        # GGUF: the file's own tensors (run as published, its layers hold wire bytes that
        # mlx-lm's counter would take for packed weights); MLX: what the layers hold.
        if r.format == "gguf":
            r.parameters, r.bits_per_weight = gguf_weights(lm.info.path)
        else:
            r.parameters = int(get_total_parameters(lm.model))
            r.bits_per_weight = float(compute_bits_per_weight(lm.model))
        if i == self.reference:
            # what later models are held to, without keeping the reference's weights alive
            self._ref = _RefFacts(lm.info.name, lm.tokenizer, vocabulary_size(lm.info), lm.choice)
            self._same_vocab[i] = True
        else:
            try:
                self._same_vocab[i] = self._check_vocab(lm)
            except OrchardError as exc:  # this rung cannot be scored; the others go on
                r.error = str(exc)
                log.warning("%s", exc)
                return None
        return lm

    def _check_vocab(self, lm: LoadedModel) -> bool:
        ref = self._ref
        assert ref is not None  # the reference is always loaded first
        try:
            check_same_vocabulary(ref.name, ref.tokenizer, ref.vocab_size,
                                  lm.info.name, lm.tokenizer, vocabulary_size(lm.info))
        except OrchardError:
            if self.settings.measures:
                raise  # KL and top-1 need one vocabulary: this rung is not measured
            return False
        return True

    def _reply(self, i: int, lm: LoadedModel) -> Iterator[CompareEvent]:
        s, r = self.settings, self.results[i]
        ref = self._ref
        # same template, stop strings and default system prompt as the reference (the
        # session's own choice: a reused model's is not changed)
        choice = ref.choice if ref is not None and self._same_vocab.get(i) else None
        settings = SamplingSettings(temperature=s.temperature, top_p=1.0, min_p=0.0,
                                    seed=s.seed, max_tokens=s.max_tokens)
        caches = PromptCaches(lm.model, max_entries=1, kv_bits=self._models[i][1],
                              head_dim=lm.info.head_dim)
        session = ChatSession(lm, system_prompt=s.system_prompt, settings=settings,
                              context_length=min(self.ctx, lm.info.context_length),
                              template=choice, caches=caches)
        session.steering = Steering(logprobs=TOP_CHOICES)  # for where the replies part
        tops: list[TokenLogprob] = []
        self._reply_tops[i] = tops
        assert s.prompt is not None
        final: GenerationChunk | None = None
        for chunk in session.send(s.prompt):
            if self.cancel.is_set():
                session.cancel.set()
            r.reply += chunk.text
            tops += chunk.logprobs
            if chunk.finish_reason is not None:
                final = chunk
            yield CompareEvent(i, "chunk", chunk=chunk, result=r)
        # The ids the model generated (without the final end-of-turn token). Message.token_ids
        # is only kept when they decode to the shown text, which a reply cut in the middle of
        # a UTF-8 character does not; the session's own record covers that case.
        ids = session.messages[-1].token_ids or session.last_reply_ids
        r.reply_ids = list(ids) if ids is not None else lm.tokenizer.encode(r.reply, add_bos=False)
        if final is not None:
            r.finish_reason = final.finish_reason
            r.prompt_tokens, r.generation_tokens = final.prompt_tokens, final.generation_tokens
            r.ttft_s, r.prompt_tps = final.ttft_s, final.prompt_tps
            r.generation_tps = final.generation_tps
        if i != self.reference and self._same_vocab.get(i):
            k = first_divergence(self.results[self.reference].reply_ids, r.reply_ids)
            r.diverges_at = k
            r.diverges_at_char = None if k is None else len(lm.tokenizer.decode(r.reply_ids[:k]))
            r.divergence = self._divergence(i, k)
        yield CompareEvent(i, "reply", result=r)

    def _divergence(self, i: int, k: int | None) -> dict[str, Any] | None:
        """Both models' likeliest tokens where model ``i``'s reply first differs."""
        ref, own = self._reply_tops.get(self.reference, []), self._reply_tops.get(i, [])
        if k is None or k >= len(ref) or k >= len(own):
            return None

        def top(t: TokenLogprob) -> list[dict[str, Any]]:
            return [{"token": text, "p": math.exp(lp)} for text, lp, _ in t.top]

        return {"token": k, "reference": top(ref[k]), "model": top(own[k])}

    def _worst(self, lm: LoadedModel, per_text: list[tuple[_Text, Quality, TokenScores]]
               ) -> list[dict[str, Any]]:
        """The scored tokens with the largest KL over all categories, with their text and
        what each model predicted there (its likeliest tokens and their probabilities)."""
        found = sorted(((kl, pos, t, sc) for t, q, sc in per_text for pos, kl in q.worst),
                       key=lambda item: -item[0])[:WORST_SHOWN]
        decode = lm.tokenizer.decode

        def choices(ids: Any, logp: Any) -> list[dict[str, Any]]:
            return [{"token": decode([int(i)]), "p": math.exp(float(lp))}
                    for i, lp in zip(ids[:CHOICES], logp[:CHOICES], strict=True)]

        def predicted(pos: int, t: _Text, sc: TokenScores) -> dict[str, Any]:
            row = int(np.flatnonzero(sc.positions == pos)[0])
            ref = self._ref_data[t.category.key]
            return {"reference": choices(ref.top_ids[row], ref.top_logp[row]),
                    "model": choices(sc.choice_ids[row], sc.choice_logp[row])}

        return [{"position": pos, "kl": kl, "token": decode([t.ids[pos]]),
                 **predicted(pos, t, sc),
                 "category": t.category.key, "category_label": t.category.label,
                 "before": decode(t.ids[max(0, pos - CONTEXT_BEFORE):pos]),
                 "after": decode(t.ids[pos + 1:pos + 1 + CONTEXT_AFTER]),
                 "passage_before": decode(t.ids[max(0, pos - PASSAGE_BEFORE):pos]),
                 "passage_after": decode(t.ids[pos + 1:pos + 1 + PASSAGE_AFTER])}
                for kl, pos, t, sc in found if pos < len(t.ids)]

    def _score(self, i: int, lm: LoadedModel) -> None:
        s, r = self.settings, self.results[i]
        if i == self.reference:
            self._prepare_texts(lm.tokenizer, lm.choice, min(self.ctx, lm.info.context_length))
            r.reference_reused = True
        # progress in tokens read over every category: one bar and one time estimate, the
        # long document's window counted by its length (and told piece by piece)
        sizes = {t.category.key: [len(w) for w, _ in windows(t.ids, t.window)]
                 for t in self._texts}
        total = sum(sum(v) for v in sizes.values())
        before = 0
        current: list[int] = []

        def progress(done: float, _: int) -> None:
            if self.cancel.is_set():
                raise _Stopped  # Stop ends a long measure between windows (or pieces)
            if self.on_progress is not None:
                whole = int(done)
                tokens = sum(current[:whole])
                if whole < len(current):
                    tokens += int((done - whole) * current[whole])
                self.on_progress(i, before + tokens, total)

        def timed(cache: list[Any], context: int, seconds: float) -> None:
            # the long document was just prefilled through a KV cache: that pass is this
            # rung's prefill at a long context, and decoding after it its decode speed there
            r.speed = decode_after(lm, cache, context, seconds)

        after = timed if s.speed else None
        per_text: list[tuple[_Text, Quality, TokenScores]] = []
        parts: list[TokenScores] = []
        try:
            for t in self._texts:
                key = t.category.key
                current[:] = sizes[key]
                if i == self.reference:
                    self._ref_data[key] = self._reference_scores(i, lm, t, progress, after)
                else:
                    scores = score_tokens(lm, self._ref_data[key], progress=progress,
                                          kv_bits=self._models[i][1], after=after)
                    parts.append(scores)
                    per_text.append((t, quality_of(scores), scores))
                before += sum(sizes[key])
        except _Stopped:
            return
        if i == self.reference:
            self._reference_figures(r)
            return
        r.categories = {t.category.key: q for t, q, _ in per_text}
        r.quality = quality_of(joined(parts))
        r.warning = implausible(r.name, r.quality)
        r.worst_tokens = self._worst(lm, per_text)

    def _reference_scores(self, i: int, lm: LoadedModel, t: _Text,
                          progress: Callable[[float, int], None],
                          after: AfterPieces | None) -> Reference:
        """The reference's view of one category: stored, or scored (from where a stopped
        measure left off) and stored."""
        stored = self._stored_reference(i, t)
        if stored is not None and stored.complete:
            progress(len(windows(t.ids, t.window)), 0)
            return stored
        _, data = score_reference(
            lm, t.ids, window=t.window, top_k=self.settings.top_k, progress=progress,
            kv_bits=self._models[i][1], resume=stored, after=after,
            keep_partial=lambda ref: self._store_reference(i, t, ref))
        self.results[i].reference_reused = False  # reused only when every text was
        self._store_reference(i, t, data)
        return data

    def _reference_key(self, i: int, t: _Text) -> tuple[Path, str, str] | None:
        s = self.settings
        if not s.store_reference:
            return None
        try:
            model = reference_cache.model_digest(self._infos[i].path)
            kv = self._models[i][1]
            if kv is not None:  # the same file with a quantized cache scores otherwise
                model = f"{model}-kv{kv}"
        except (OSError, OrchardError) as exc:
            log.info("the reference's scores will not be stored: %s", exc)
            return None
        text = t.category.identity()
        return reference_cache.cache_path(model, text, t.window, s.top_k), model, text

    def _stored_reference(self, i: int, t: _Text) -> Reference | None:
        key = self._reference_key(i, t)
        if key is None:
            return None
        path, model, text = key
        stored = reference_cache.load(path, model=model, text=text, window=t.window,
                                      k=self.settings.top_k)
        if stored is None or stored.ids != t.ids:  # another tokenization: score it afresh
            return None
        return stored

    def _store_reference(self, i: int, t: _Text, data: Reference) -> None:
        """Store the reference's scores: all of them, or the windows a stopped measure got
        through (the next measure resumes from them)."""
        if self.not_saved:  # the disk was full: not tried again for every window
            return
        key = self._reference_key(i, t)
        if key is None:
            return
        path, model, text = key
        try:
            reference_cache.save(data, path, model=model, text=text, k=self.settings.top_k)
        except DiskFullError as exc:  # nothing is left on disk; the scores are still used
            self.not_saved = str(exc)
            log.warning("%s", exc)
        except OSError as exc:  # the scores are still used for this comparison
            log.warning("could not store the reference's scores in %s: %s", path, exc)

    # --- report -----------------------------------------------------------------------
    def report(self) -> CompareReport:
        return CompareReport(list(self.results), self.reference, self.describe_plan(),
                             settings=self.settings,
                             categories=[(t.category.key, t.category.label)
                                         for t in self._texts],
                             notes=list(self.notes))


class _Stopped(Exception):
    """Raised between windows when Stop was pressed during a measure."""


#: Below this top-1 agreement, or above this mean KL (nats), a quant of the reference is not
#: plausible: llama.cpp's quants of a model keep top-1 above ~80% down to 3 bits.
IMPLAUSIBLE_TOP1, IMPLAUSIBLE_KL = 0.5, 1.0


def implausible(name: str, quality: Quality) -> str:
    """A warning when the figures suggest a broken file or a model that is not a variant of
    the reference (or a text the tokenizers split differently), else ""."""
    if quality.top1 is None or quality.kl is None:
        return ""
    if quality.top1 >= IMPLAUSIBLE_TOP1 and quality.kl <= IMPLAUSIBLE_KL:
        return ""
    return (f"{name}'s figures look implausible for a quantization of the reference (top-1 "
            f"agreement {quality.top1:.0%}, mean KL {quality.kl:.2f} nats): it may be "
            "damaged, or a different model.")


def compare(
    specs: list[str | os.PathLike[str]], settings: CompareSettings
) -> tuple[Comparison, Iterator[CompareEvent]]:
    """Convenience: the comparison and its event stream (iterate on one thread)."""
    c = Comparison(specs, settings)
    return c, c.run()


__all__ = [
    "CompareEvent",
    "CompareReport",
    "CompareSettings",
    "Comparison",
    "ModelResult",
    "RungResult",
    "builtin_text",
    "builtin_texts",
    "saved_conversations_text",
    "compare",
    "first_divergence",
]
