"""One prompt, 2 to 4 models (usually one model at several quantizations): speed and quality.

:class:`Comparison` runs on one thread (load, generate and score each model on the thread
that iterates :meth:`Comparison.run`; MLX streams are per thread) and yields small
:class:`CompareEvent`s, so a GUI can fill one column per model as tokens arrive.

Scheduling. Models are put in groups whose memory estimates (weights, KV cache at ``ctx``,
runtime overhead; :meth:`ModelInfo.memory`) fit the budget together. A group is loaded as a
whole, then its models answer **one after another**, then the group is unloaded before the
next one loads; models too big to share memory therefore simply run in sequence. We do not
interleave models token by token: on the CPU backend (and on one Metal GPU) two models share
the same cores, so interleaving finishes no sooner and would fold each model's work into the
others' TTFT and tokens/s. Keeping a group loaded still pays: load times are measured once
and a GUI can re-ask the same group without reloading.

Fairness. Every model gets the same prompt rendered with the *reference* model's template
and system prompt (so all columns see the same token ids), the same seed and sampling; greedy
by default. The reference is the highest-precision model (most bits per weight) unless the
caller names one; divergence, KL and top-1 agreement are measured against it.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import mlx.core as mx

from inference.errors import OrchardError
from inference.eval import reference_cache
from inference.eval.quality import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_TOP_K,
    DEFAULT_WINDOW,
    Quality,
    Reference,
    check_same_vocabulary,
    score_against,
    score_reference,
    tokenize_text,
    vocabulary_size,
)
from inference.model.load import LoadedModel, ModelInfo, TextTokenizer, inspect_model, load_model
from inference.model.memory import format_bytes, memory_budget_bytes
from inference.prompt.presets import TemplateChoice
from inference.prompt.templates import RESOURCES
from inference.session import ChatSession
from inference.types import GenerationChunk, SamplingSettings, Steering, TokenLogprob

log = logging.getLogger(__name__)

#: The likeliest tokens shown where two replies part.
TOP_CHOICES = 5
#: Tokens of text shown before and after a token with a large KL.
CONTEXT_BEFORE, CONTEXT_AFTER = 24, 6

TEXTS_DIR = RESOURCES / "texts"
MIN_MODELS, MAX_MODELS = 2, 4
DEFAULT_CTX = 2048


def builtin_texts() -> list[str]:
    """Names of the reference texts shipped in ``resources/texts`` (en, ja, ko, zh)."""
    return sorted(p.stem for p in TEXTS_DIR.glob("*.txt"))


def builtin_text(name: str) -> str:
    path = TEXTS_DIR / f"{name}.txt"
    if not path.is_file():
        raise OrchardError(
            f"There is no built-in text called {name!r}; choose one of "
            f"{', '.join(builtin_texts())}."
        )
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class CompareSettings:
    prompt: str | None = None  # None: no replies, quality only
    system_prompt: str | None = None  # None: the reference model's default
    max_tokens: int = 128
    temperature: float = 0.0  # greedy, so columns are comparable token by token
    seed: int = 0
    quality_text: str | None = None  # None: no perplexity / KL
    quality_max_tokens: int = DEFAULT_MAX_TOKENS
    window: int = DEFAULT_WINDOW
    #: the reference's likeliest tokens kept per position, and whether its scores are stored
    #: on disk (and reused when the same model, text and settings come again)
    top_k: int = DEFAULT_TOP_K
    store_reference: bool = True
    ctx: int | None = None
    exact: bool = False  # load GGUF files in exact mode
    reference: int | None = None  # model index; None: the highest precision


@dataclass
class ModelResult:
    """Everything measured for one model (one column / one table row)."""

    index: int
    spec: str
    name: str = ""
    format: str = ""
    quantization: str = ""
    size_bytes: int = 0
    parameters: int = 0
    bits_per_weight: float = 0.0
    memory_estimate_bytes: int = 0
    group: int = 0
    load_s: float = 0.0
    reply: str = ""
    reply_ids: list[int] = field(default_factory=list)
    finish_reason: str | None = None
    prompt_tokens: int = 0
    generation_tokens: int = 0
    ttft_s: float = 0.0
    prompt_tps: float = 0.0
    generation_tps: float = 0.0
    peak_memory_gb: float = 0.0  # while this model answered, less the other loaded models
    diverges_at: int | None = None  # first reply token that differs from the reference's
    diverges_at_char: int | None = None  # the same place as a character offset in ``reply``
    quality: Quality | None = None
    error: str | None = None
    #: one sentence when the quality figures look implausible for a variant of the reference
    warning: str = ""
    #: the reference's scores came from disk (the model was not run over the text again)
    reference_reused: bool = False
    #: where the reply first leaves the reference's: {"token": index, "reference": [...],
    #: "model": [...]}, each list the five likeliest tokens there as {"token", "p"}
    divergence: dict[str, Any] | None = None
    #: the scored tokens where this model strays furthest from the reference, largest KL
    #: first: {"position", "kl", "token", "before", "after"}
    worst_tokens: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class CompareEvent:
    """``kind``: plan, loading, loaded, chunk, reply, quality, unloaded or failed.

    ``index`` is the model's position as given (-1 for the plan); ``result`` is that model's
    row so far (the list of all rows for ``plan``'s ``message`` is in :attr:`Comparison.results`).
    """

    index: int
    kind: str
    chunk: GenerationChunk | None = None
    result: ModelResult | None = None
    message: str = ""


@dataclass(frozen=True)
class _RefFacts:
    name: str
    tokenizer: TextTokenizer
    vocab_size: int
    choice: TemplateChoice


def first_divergence(reference: list[int], ids: list[int]) -> int | None:
    """Index of the first token where ``ids`` leaves ``reference``; None if they are equal."""
    for k, (a, b) in enumerate(zip(reference, ids, strict=False)):
        if a != b:
            return k
    return None if len(reference) == len(ids) else min(len(reference), len(ids))


def nominal_bits(info: ModelInfo, parameters: int | None = None) -> float:
    """Bits per weight known before loading: GGUF file size over parameters, MLX config bits."""
    if info.format == "gguf" and parameters:
        return info.size_bytes * 8 / parameters
    q = info.config.get("quantization") or info.config.get("quantization_config") or {}
    if isinstance(q, dict) and "bits" in q:
        return float(q["bits"]) + 32 / float(q.get("group_size", 64))  # fp16 scale and bias
    dtype = str(info.config.get("torch_dtype") or info.config.get("dtype") or "float16")
    return 32.0 if dtype == "float32" else 16.0


def gguf_parameters(path: Path) -> int:
    from inference.gguf.reader import read_gguf

    return sum(t.n_elements for t in read_gguf(path).tensors.values())


def plan_groups(order: list[int], needs: dict[int, int], budget: int) -> list[list[int]]:
    """Consecutive groups of ``order`` whose memory needs fit ``budget`` together."""
    groups: list[list[int]] = []
    used = 0
    for i in order:
        if groups and used + needs[i] <= budget:
            groups[-1].append(i)
            used += needs[i]
        else:
            groups.append([i])
            used = needs[i]
    return groups


class Comparison:
    """Compare 2 to 4 models on one prompt and/or one text. Iterate :meth:`run` on one thread.

    Setting :attr:`cancel` (from any thread) stops the current reply within one token and
    skips what is left.
    """

    def __init__(self, specs: list[str | os.PathLike[str]], settings: CompareSettings, *,
                 reuse: LoadedModel | None = None) -> None:
        if not MIN_MODELS <= len(specs) <= MAX_MODELS:
            raise OrchardError(f"Compare takes 2 to 4 models; {len(specs)} were given.")
        if settings.prompt is None and settings.quality_text is None:
            raise OrchardError("Give a prompt, a text for quality measures, or both.")
        if settings.max_tokens < 1:
            raise OrchardError("The reply length must be at least 1 token.")
        self.specs = [str(s) for s in specs]
        self.settings = settings
        self.cancel = threading.Event()
        self.results = [ModelResult(i, s) for i, s in enumerate(self.specs)]
        self.reference = 0
        self.groups: list[list[int]] = []
        self._infos: list[ModelInfo] = []
        self._ref: _RefFacts | None = None
        self._ref_data: Reference | None = None
        self._same_vocab: dict[int, bool] = {}
        self._reply_tops: dict[int, list[TokenLogprob]] = {}
        self._own_bytes: dict[int, int] = {}
        #: A model already loaded (the engine's): a column naming the same file uses it
        #: instead of loading a second copy.
        self.reuse = reuse
        #: Told while a model is scored: (model index, windows done, windows in all); called
        #: on the comparing thread, between windows.
        self.on_progress: Callable[[int, int, int], None] | None = None

    @property
    def ctx(self) -> int:
        s = self.settings
        return s.ctx or max(DEFAULT_CTX, s.window + 1, s.max_tokens * 2)

    # --- plan -------------------------------------------------------------------------
    def plan(self) -> list[list[int]]:
        """Read the models' headers, choose the reference and group the models by memory."""
        self._infos = [inspect_model(s, exact=self.settings.exact) for s in self.specs]
        for r, info in zip(self.results, self._infos, strict=True):
            r.name, r.format, r.quantization = info.name, info.format, info.quantization
            r.size_bytes = info.size_bytes
            r.memory_estimate_bytes = info.memory(min(self.ctx, info.context_length)).total_bytes
        ref = self.settings.reference
        if ref is None:
            bits = [
                nominal_bits(i, gguf_parameters(i.path) if i.format == "gguf" else None)
                for i in self._infos
            ]
            ref = max(range(len(bits)), key=lambda k: (bits[k], -k))
        if not 0 <= ref < len(self.specs):
            raise OrchardError(f"The reference must be a model number from 1 to {len(self.specs)}.")
        self.reference = ref
        order = [ref, *(i for i in range(len(self.specs)) if i != ref)]
        needs = {r.index: r.memory_estimate_bytes for r in self.results}
        self.groups = plan_groups(order, needs, memory_budget_bytes())
        for g, group in enumerate(self.groups):
            for i in group:
                self.results[i].group = g
        return self.groups

    def describe_plan(self) -> str:
        budget = format_bytes(memory_budget_bytes())
        if len(self.groups) == 1:
            return f"All {len(self.specs)} models fit in {budget} together: loaded at once."
        parts = ["+".join(str(i + 1) for i in g) for g in self.groups]
        return (f"The models do not all fit in {budget}; running in turn as "
                f"{', then '.join(parts)}.")

    # --- run --------------------------------------------------------------------------
    def run(self) -> Iterator[CompareEvent]:
        if not self.groups:
            self.plan()
        yield CompareEvent(-1, "plan", message=self.describe_plan())
        for group in self.groups:
            if self.cancel.is_set():
                return
            try:
                yield from self._run_group(group)
            finally:
                self._release()  # the group's models are unreachable once _run_group ends
            for i in group:
                yield CompareEvent(i, "unloaded", result=self.results[i])

    def _run_group(self, group: list[int]) -> Iterator[CompareEvent]:
        loaded: dict[int, LoadedModel] = {}
        for i in group:
            yield CompareEvent(i, "loading", result=self.results[i])
            lm = self._load(i)
            if lm is None:
                yield CompareEvent(i, "failed", result=self.results[i],
                                   message=self.results[i].error or "")
                continue
            loaded[i] = lm
            yield CompareEvent(i, "loaded", result=self.results[i])
        del lm
        if self.settings.prompt is not None:
            for i in list(loaded):
                if self.cancel.is_set():
                    return
                yield from self._reply(i, loaded[i])
        if self.settings.quality_text is not None:
            for i in list(loaded):
                if self.cancel.is_set():
                    return
                self._score(i, loaded[i])
                yield CompareEvent(i, "quality", result=self.results[i],
                                   message=self.results[i].warning)

    def _release(self) -> None:
        # No gc.collect(): on the engine thread of the app it could destroy Qt objects; the
        # group's models are freed by reference counting once _run_group has ended.
        mx.clear_cache()

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
        before = mx.get_active_memory()
        reused = self._reused(i)
        try:
            lm = reused or load_model(self.specs[i], exact=self.settings.exact,
                                      ctx=min(self.ctx, self._infos[i].context_length))
        except OrchardError as exc:
            if i == self.reference:
                raise
            r.error = str(exc)
            log.warning("%s", exc)
            return None
        self._own_bytes[i] = (_weights_bytes(lm) if reused is not None
                              else max(mx.get_active_memory() - before, 0))
        r.load_s = lm.load_seconds
        from mlx_lm.utils import compute_bits_per_weight, get_total_parameters

        # GGUF: the file's own element count (run as published, its layers hold wire bytes
        # that mlx-lm's counter would take for packed weights); MLX: what the layers hold.
        r.parameters = (gguf_parameters(lm.info.path) if r.format == "gguf"
                        else int(get_total_parameters(lm.model)))
        r.bits_per_weight = (
            r.size_bytes * 8 / r.parameters if r.format == "gguf"
            else float(compute_bits_per_weight(lm.model))
        )
        if i == self.reference:
            # what later models are held to, without keeping the reference's weights alive
            self._ref = _RefFacts(lm.info.name, lm.tokenizer, vocabulary_size(lm), lm.choice)
            self._same_vocab[i] = True
        else:
            self._same_vocab[i] = self._check_vocab(lm)
        return lm

    def _check_vocab(self, lm: LoadedModel) -> bool:
        ref = self._ref
        assert ref is not None  # the reference is always loaded first
        try:
            check_same_vocabulary(ref.name, ref.tokenizer, ref.vocab_size,
                                  lm.info.name, lm.tokenizer, vocabulary_size(lm))
        except OrchardError:
            if self.settings.quality_text is not None:
                raise  # KL and top-1 need one vocabulary: refuse the whole comparison
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
        session = ChatSession(lm, system_prompt=s.system_prompt, settings=settings,
                              context_length=min(self.ctx, lm.info.context_length),
                              template=choice)
        session.steering = Steering(logprobs=TOP_CHOICES)  # for where the replies part
        tops: list[TokenLogprob] = []
        self._reply_tops[i] = tops
        assert s.prompt is not None
        baseline = mx.get_active_memory() - self._own_bytes.get(i, 0)
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
            # the process-wide peak also holds the other loaded models; count this one only
            r.peak_memory_gb = max(final.peak_memory_gb - max(baseline, 0) / 1e9, 0.0)
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

    def _worst(self, lm: LoadedModel, quality: Quality) -> list[dict[str, Any]]:
        ids, decode = self._ref_data.ids if self._ref_data else [], lm.tokenizer.decode
        return [{"position": pos, "kl": kl, "token": decode([ids[pos]]),
                 "before": decode(ids[max(0, pos - CONTEXT_BEFORE):pos]),
                 "after": decode(ids[pos + 1:pos + 1 + CONTEXT_AFTER])}
                for pos, kl in quality.worst if pos < len(ids)]

    def _score(self, i: int, lm: LoadedModel) -> None:
        s = self.settings
        assert s.quality_text is not None

        def progress(done: int, total: int) -> None:
            if self.cancel.is_set():
                raise _Stopped  # Stop ends a long measure between windows
            if self.on_progress is not None:
                self.on_progress(i, done, total)

        try:
            if i == self.reference:
                ids = tokenize_text(lm, s.quality_text, s.quality_max_tokens)
                stored = self._stored_reference(i, ids)
                if stored is not None:
                    self._ref_data = stored
                    self.results[i].reference_reused = True
                    if self.on_progress is not None:
                        self.on_progress(i, 1, 1)
                else:
                    _, self._ref_data = score_reference(lm, ids, window=s.window,
                                                        top_k=s.top_k, progress=progress)
                    self._store_reference(i)
                self.results[i].quality = self._ref_data.quality()
            else:
                assert self._ref_data is not None
                quality = score_against(lm, self._ref_data, progress=progress)
                self.results[i].quality = quality
                self.results[i].warning = implausible(self.results[i].name, quality)
                self.results[i].worst_tokens = self._worst(lm, quality)
        except _Stopped:
            return

    def _reference_key(self, i: int) -> tuple[Path, str, str] | None:
        s = self.settings
        if not s.store_reference or s.quality_text is None:
            return None
        try:
            model = reference_cache.model_digest(self._infos[i].path)
        except (OSError, OrchardError) as exc:
            log.info("the reference's scores will not be stored: %s", exc)
            return None
        text = reference_cache.text_digest(s.quality_text)
        return reference_cache.cache_path(model, text, s.window, s.top_k), model, text

    def _stored_reference(self, i: int, ids: list[int]) -> Reference | None:
        key = self._reference_key(i)
        if key is None:
            return None
        path, model, text = key
        stored = reference_cache.load(path, model=model, text=text, window=self.settings.window,
                                      k=self.settings.top_k)
        if stored is None or stored.ids != ids:  # another tokenization: score it afresh
            return None
        return stored

    def _store_reference(self, i: int) -> None:
        key = self._reference_key(i)
        if key is None or self._ref_data is None:
            return
        path, model, text = key
        try:
            reference_cache.save(self._ref_data, path, model=model, text=text,
                                 k=self.settings.top_k)
        except OSError as exc:  # the scores are still used for this comparison
            log.warning("could not store the reference's scores in %s: %s", path, exc)

    # --- report -----------------------------------------------------------------------
    def report(self) -> CompareReport:
        return CompareReport(list(self.results), self.reference, self.describe_plan(),
                             settings=self.settings)


class _Stopped(Exception):
    """Raised between windows when Stop was pressed during a measure."""


def _weights_bytes(lm: LoadedModel) -> int:
    from mlx.utils import tree_flatten

    leaves = cast(list[tuple[str, mx.array]], tree_flatten(lm.model.parameters()))
    return sum(int(v.nbytes) for _, v in leaves)


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


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _quoted(text: str) -> str:
    """``text`` as a Markdown block quote (kept whole: blank lines stay inside it)."""
    return "\n".join(f"> {line}".rstrip() for line in text.strip("\n").splitlines())


@dataclass
class CompareReport:
    results: list[ModelResult]
    reference: int
    plan: str = ""
    settings: CompareSettings | None = None  # what the replies were asked with
    text_name: str = ""  # the text quality was measured on, as the user chose it

    COLUMNS = ("model", "quantization", "bits/weight", "size MB", "perplexity", "KL",
               "KL ±", "KL p99", "top-1", "top-5", "Δp RMS", "gen tok/s", "prompt tok/s",
               "TTFT s", "load s", "peak GB", "diverges at")

    def rows(self) -> list[list[str]]:
        out = []
        for r in self.results:
            q = r.quality
            st = q.stats if q is not None else None
            name = r.name + (" (reference)" if r.index == self.reference else "")
            if r.error:
                out.append([name, r.quantization, "", f"{r.size_bytes / 1e6:.1f}",
                            *[""] * (len(self.COLUMNS) - 5), f"failed: {r.error}"])
                continue
            answered = r.generation_tokens > 0
            diverge = "" if r.index == self.reference or not answered else (
                "same" if r.diverges_at is None else f"token {r.diverges_at}"
            )
            out.append([
                name, r.quantization, f"{r.bits_per_weight:.2f}", f"{r.size_bytes / 1e6:.1f}",
                _num(q.ppl if q else None, 3), _num(q.kl if q else None, 5),
                _num(st.kld.error if st else None, 5), _num(st.kld_p99 if st else None, 4),
                _num(q.top1 if q else None, 3), _num(st.same_top5.value if st else None, 3),
                _num(st.dp_rms.value if st else None, 4),
                _num(r.generation_tps if answered else None, 1),
                _num(r.prompt_tps if answered else None, 1),
                _num(r.ttft_s if answered else None, 2), f"{r.load_s:.2f}",
                _num(r.peak_memory_gb if answered else None, 3), diverge,
            ])
        return out

    def markdown(self) -> str:
        def line(cells: list[str] | tuple[str, ...]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        lines = [line(self.COLUMNS), line(["---"] * len(self.COLUMNS))]
        lines += [line(row) for row in self.rows()]
        return "\n".join(lines) + "\n"

    def document(self, chart: str | None = None) -> str:
        """The whole comparison as Markdown, to keep or share: the prompt and settings, the
        table, the chart (``chart``: a path relative to the document) and every reply."""
        out = ["# Orchard compare", ""]
        if self.plan:
            out += [self.plan, ""]
        s = self.settings
        answered = [r for r in self.results if r.reply and not r.error]
        if s is not None and s.prompt is not None:
            out += ["## Prompt", ""]
            if s.system_prompt:
                out += ["System prompt:", "", _quoted(s.system_prompt), ""]
            out += [_quoted(s.prompt), "",
                    f"Seed {s.seed}, temperature {s.temperature:g}, up to {s.max_tokens} "
                    "tokens per reply; the same for every model.", ""]
        out += ["## Results", ""]
        if self.text_name:
            out += [f"Quality measured on {self.text_name}, against "
                    f"[{self.reference + 1}].", ""]
        out.append(self.markdown())
        out += [f"**Warning:** {r.warning}\n" for r in self.results if r.warning]
        if chart:
            out += [f"![Size against quality and speed]({chart})", ""]
        parted = [r for r in self.results if r.divergence is not None or r.worst_tokens]
        if parted:
            out += ["## Where they diverge", ""]
            for r in parted:
                out += [f"### [{r.index + 1}] {r.name}", ""]
                if r.divergence is not None:
                    d = r.divergence
                    out += [f"Its reply leaves the reference's at token {d['token']}. The five "
                            "likeliest tokens there:", "",
                            "| reference | p | this model | p |", "| --- | --- | --- | --- |"]
                    out += [f"| `{a['token']!r}` | {a['p']:.1%} | `{b['token']!r}` | "
                            f"{b['p']:.1%} |" for a, b in zip(d["reference"], d["model"],
                                                             strict=False)]
                    out.append("")
                if r.worst_tokens:
                    out += ["The scored tokens where it strays furthest (KL in nats):", ""]
                    out += [f"- {w['kl']:.3f}: …{w['before'][-40:]}**{w['token']}**"
                            f"{w['after']}…".replace("\n", " ") for w in r.worst_tokens[:8]]
                    out.append("")
        if answered:
            out += ["## Replies", ""]
            for r in answered:
                tag = " (reference)" if r.index == self.reference else ""
                out += [f"### [{r.index + 1}] {r.name}{tag}", "", _quoted(r.reply), ""]
                if r.index != self.reference and r.diverges_at is not None:
                    out += [f"*Leaves the reference's reply at token {r.diverges_at}.*", ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def csv(self) -> str:
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.COLUMNS)
        writer.writerows(self.rows())
        return buf.getvalue()


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
    "builtin_text",
    "builtin_texts",
    "compare",
    "first_divergence",
    "plan_groups",
]
