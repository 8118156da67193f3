"""A chat with memory: the conversation, its KV cache, and streaming generation.

Each turn renders the whole conversation with the model's template, finds how much of it
the KV cache already holds (the common token prefix), trims the cache to that point and
feeds only the rest. Turn N therefore processes only its new tokens plus template glue.

Threading: create the session, load its model and call :meth:`ChatSession.send` on one
thread (MLX streams are per thread). Only the stop flag may be touched from another
thread: setting :attr:`ChatSession.cancel` (or the Event passed as ``cancel=``) stops the
reply within one token, or between prefill chunks.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import mlx.core as mx
from mlx_lm.generate import stream_generate
from mlx_lm.models.cache import can_trim_prompt_cache, make_prompt_cache, trim_prompt_cache
from mlx_lm.sample_utils import make_logits_processors, make_sampler

from inference.errors import OrchardError
from inference.model.load import LoadedModel
from inference.prompt.builder import Prompt, PromptBuilder
from inference.prompt.presets import TemplateChoice, get_preset, recognise
from inference.prompt.templates import ChatTemplate, TemplateRenderError

log = logging.getLogger(__name__)

PREFILL_STEP = 512


MIN_TEMPERATURE, MAX_TEMPERATURE = 0.001, 10.0  # below 0.001 the logits overflow: use 0
MAX_TOP_K = 1 << 20  # above any vocabulary; the sampler clamps to the model's own
MAX_SEED = (1 << 63) - 1


@dataclass
class SamplingSettings:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 0
    min_p: float = 0.05
    repetition_penalty: float = 1.0
    seed: int | None = None
    max_tokens: int = 512
    stop: list[str] = field(default_factory=list)

    def check(self) -> SamplingSettings:
        """Raise one sentence for a value the sampler cannot honour (NaN, out of range);
        every front end calls this before a reply, so none of them can hand the sampler
        garbage. Returns self."""
        def bad(name: str, value: Any, allowed: str) -> OrchardError:
            return OrchardError(f"{name} must be {allowed}, not {value!r}.")

        t = self.temperature
        if not (isinstance(t, int | float) and math.isfinite(t)
                and (t == 0 or MIN_TEMPERATURE <= t <= MAX_TEMPERATURE)):
            raise bad("The temperature", t, f"0 (greedy) or from {MIN_TEMPERATURE:g} to "
                      f"{MAX_TEMPERATURE:g}")
        for name, value in (("top-p", self.top_p), ("min-p", self.min_p)):
            if not (isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= 1):
                raise bad(name, value, "from 0 to 1")
        if not (isinstance(self.top_k, int) and 0 <= self.top_k <= MAX_TOP_K):
            raise bad("top-k", self.top_k, f"from 0 (off) to {MAX_TOP_K}")
        r = self.repetition_penalty
        if not (isinstance(r, int | float) and math.isfinite(r) and 0 < r <= 10):
            raise bad("The repetition penalty", r, "above 0 and at most 10 (1 is off)")
        if self.seed is not None and not (isinstance(self.seed, int)
                                          and 0 <= self.seed <= MAX_SEED):
            raise bad("The seed", self.seed, f"from 0 to {MAX_SEED}")
        if not (isinstance(self.max_tokens, int) and self.max_tokens >= 1):
            raise bad("max tokens", self.max_tokens, "at least 1")
        return self


@dataclass(frozen=True)
class GenerationChunk:
    """One streamed piece of a reply; the last one has ``finish_reason`` and final figures."""

    text: str
    prompt_tokens: int = 0  # tokens in the whole rendered prompt
    cached_tokens: int = 0  # of those, reused from the KV cache
    generation_tokens: int = 0
    finish_reason: str | None = None  # "stop", "length" or "stopped"
    dropped_turns: int = 0  # earlier turns no longer in the model's context
    ttft_s: float = 0.0
    prompt_tps: float = 0.0
    generation_tps: float = 0.0
    peak_memory_gb: float = 0.0


@dataclass
class Message:
    role: str  # "system", "user" or "assistant"
    content: str
    #: For assistant replies: the ids the model generated, reused verbatim in later prompts.
    token_ids: list[int] | None = None

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


class _Cancelled(Exception):
    """Raised from the prefill progress callback to abandon a long prefill."""


class _StopStringFilter:
    """Holds back text that might be the start of a stop string split across tokens."""

    def __init__(self, stops: list[str]) -> None:
        self.stops = [s for s in stops if s]
        self.pending = ""

    def feed(self, text: str) -> tuple[str, bool]:
        """Returns (text safe to show, whether a stop string was hit)."""
        self.pending += text
        hits = [(self.pending.find(s), s) for s in self.stops if s in self.pending]
        if hits:
            cut = min(i for i, _ in hits)
            out, self.pending = self.pending[:cut], ""
            return out, True
        keep = 0
        for s in self.stops:
            for n in range(min(len(s) - 1, len(self.pending)), 0, -1):
                if self.pending.endswith(s[:n]):
                    keep = max(keep, n)
                    break
        out = self.pending[: len(self.pending) - keep]
        self.pending = self.pending[len(out) :]
        return out, False

    def flush(self) -> str:
        out, self.pending = self.pending, ""
        return out


class ChatSession:
    """One conversation with one loaded model.

    ``messages`` is the whole conversation as the user saw it; when it outgrows the context,
    the oldest whole turns stop being sent (``first_kept`` moves on) but are never deleted.
    """

    def __init__(
        self,
        loaded: LoadedModel,
        *,
        system_prompt: str | None = None,
        settings: SamplingSettings | None = None,
        context_length: int | None = None,
    ) -> None:
        self.loaded = loaded
        self.settings = settings or SamplingSettings()
        self.system_prompt = (
            system_prompt if system_prompt is not None else loaded.choice.system_prompt
        )
        self.context_length = context_length or loaded.info.default_context()
        self.messages: list[Message] = []
        #: Index of the first message still sent to the model (older turns did not fit).
        self.first_kept = 0
        #: One sentence for the user when a broken template was replaced, else None.
        self.notice: str | None = loaded.choice.notice
        self.cancel = threading.Event()
        self._use(loaded.choice)
        self._cache: list[Any] = make_prompt_cache(loaded.model)
        self._cache_tokens: list[int] = []
        self._last_reply_ids: list[int] | None = None

    # --- template -----------------------------------------------------------------------
    def _use(self, choice: TemplateChoice) -> None:
        self.choice = choice
        self.builder = PromptBuilder(
            self.loaded.tokenizer, choice.template,
            eos_token_id=min(self.loaded.tokenizer.eos_token_ids, default=None),
        )

    def set_template(self, requested: str | ChatTemplate | None = None) -> TemplateChoice:
        """Switch to a preset name or Jinja file, or (None) choose again after an override."""
        self._use(self.loaded.choose_template(requested))
        self.notice = self.choice.notice
        return self.choice

    @property
    def last_reply_ids(self) -> list[int] | None:
        """The token ids of the last reply as generated (without its end-of-turn token), even
        when they do not decode to its shown text (a reply cut inside a UTF-8 character)."""
        return self._last_reply_ids

    @property
    def stop_strings(self) -> list[str]:
        return list(dict.fromkeys([*self.settings.stop, *self.choice.stop]))

    # --- prompt -----------------------------------------------------------------------
    @property
    def dropped_turns(self) -> int:
        """How many earlier user turns no longer fit in the context."""
        return sum(1 for m in self.messages[: self.first_kept] if m.role == "user")

    def conversation(self) -> list[Message]:
        """What the model is sent: the system prompt and the turns that fit."""
        head = [Message("system", self.system_prompt)] if self.system_prompt else []
        return head + self.messages[self.first_kept :]

    def _build(self, conv: list[Message]) -> Prompt:
        replies = {i: m.token_ids for i, m in enumerate(conv) if m.token_ids is not None}
        return self.builder.build([m.as_dict() for m in conv], reply_ids=replies)

    def build_prompt(self, messages: list[Message] | None = None) -> Prompt:
        """The exact text and token ids that would be sent for ``messages``.

        A template that fails on this conversation is retried with the system prompt folded
        into the first user turn, then replaced by the preset recognised for the model.
        """
        conv = self.conversation() if messages is None else messages
        try:
            return self._build(conv)
        except TemplateRenderError as exc:
            if len(conv) > 1 and conv[0].role == "system" and conv[1].role == "user":
                folded = Message("user", f"{conv[0].content}\n\n{conv[1].content}")
                try:
                    return self._build([folded, *conv[2:]])
                except TemplateRenderError:
                    pass
            info = self.loaded.info
            preset = get_preset(
                recognise(info.recognition_name, info.architecture,
                          self.loaded.tokenizer.special_tokens)
            )
            self.notice = f"{exc} Using the {preset.title} preset instead."
            log.warning("%s", self.notice)
            self._use(TemplateChoice(preset.template, preset.stop, self.choice.system_prompt,
                                     self.notice))
            return self._build(conv)

    def _fit(self) -> Prompt:
        """The prompt for the conversation, without the oldest whole turns if it must.

        The system prompt and the newest user message always stay; room is kept for a
        reply of up to max_tokens (at most a quarter of the context).
        """
        reserve = min(self.settings.max_tokens, self.context_length // 4)
        while True:
            prompt = self.build_prompt()
            if len(prompt.ids) + reserve <= self.context_length:
                return prompt
            users = [i for i, m in enumerate(self.messages) if m.role == "user"]
            later = [i for i in users if i > self.first_kept]
            if not later:  # only the newest turn is left
                if len(prompt.ids) < self.context_length:
                    return prompt
                raise OrchardError(
                    f"This message needs {len(prompt.ids)} tokens with the system prompt, more "
                    f"than the context of {self.context_length}; shorten it or raise the "
                    "context length."
                )
            self.first_kept = later[0]

    def reset(self) -> None:
        """Forget the conversation (the cache is kept: a new chat may share its prefix)."""
        self.messages = []
        self.first_kept = 0

    # --- generation ---------------------------------------------------------------------
    def _arm(self, cancel: threading.Event | None) -> None:
        """A fresh stop flag per reply, or the caller's own (set before the reply even began,
        it still counts: the reply ends at once as "stopped")."""
        self.cancel = cancel if cancel is not None else threading.Event()

    def send(
        self, user_text: str, *, cancel: threading.Event | None = None
    ) -> Iterator[GenerationChunk]:
        """Add a user message and stream the assistant's reply, which joins the history."""
        self._arm(cancel)
        self.messages.append(Message("user", user_text))
        return self._reply()

    def reply(self, *, cancel: threading.Event | None = None) -> Iterator[GenerationChunk]:
        """Answer the conversation as it stands (its last message is the user's)."""
        self._arm(cancel)
        if not self.messages or self.messages[-1].role != "user":
            raise OrchardError("There is no message to answer yet.")
        return self._reply()

    def continue_reply(
        self, *, cancel: threading.Event | None = None
    ) -> Iterator[GenerationChunk]:
        """Write more of the last reply: the new text is appended to it."""
        self._arm(cancel)
        if not self.messages or self.messages[-1].role != "assistant":
            raise OrchardError("There is no reply to continue yet.")
        last = self.messages.pop()
        prompt = self.builder.build(
            [m.as_dict() for m in self.conversation()] + [last.as_dict()],
            add_generation_prompt=False,
            reply_ids={len(self.conversation()): last.token_ids} if last.token_ids else None,
        )
        # The template closes the reply (e.g. with <|im_end|>); cut the prompt back to the
        # end of the reply's own tokens so the model carries on writing it.
        text = prompt.text
        end = text.rfind(last.content) + len(last.content) if last.content else len(text)
        ids = prompt.ids[: prompt.message_spans[-1][1]] if prompt.message_spans else prompt.ids
        self.messages.append(last)
        return self._continue(Prompt(text[:end], ids, prompt.template_source), last)

    def _continue(self, prompt: Prompt, last: Message) -> Iterator[GenerationChunk]:
        try:
            for chunk in self.generate(prompt):
                last.content += chunk.text
                yield chunk
        finally:
            last.token_ids = None  # the reply now spans two generations: re-tokenize it

    def regenerate(self, *, cancel: threading.Event | None = None) -> Iterator[GenerationChunk]:
        """Replace the last reply; the prompt before it comes from the cache."""
        self._arm(cancel)
        if not self.messages or self.messages[-1].role != "assistant":
            raise OrchardError("There is no reply to regenerate yet.")
        self.messages.pop()
        return self._reply()

    def edit(
        self, index: int, text: str, *, cancel: threading.Event | None = None
    ) -> Iterator[GenerationChunk]:
        """Change an earlier user message, forget what followed it, and answer again.

        The cache is trimmed to the tokens before the edited message, not rebuilt.
        """
        if not 0 <= index < len(self.messages) or self.messages[index].role != "user":
            raise OrchardError("Only one of your own messages can be edited.")
        del self.messages[index:]
        self.first_kept = min(self.first_kept, index)
        return self.send(text, cancel=cancel)

    def _reply(self) -> Iterator[GenerationChunk]:
        try:
            prompt = self._fit()
        except OrchardError:
            if self.messages and self.messages[-1].role == "user":
                self.messages.pop()  # the caller still has the text; nothing half-sent stays
            raise
        return self._stream(prompt)

    def _stream(self, prompt: Prompt) -> Iterator[GenerationChunk]:
        reply = Message("assistant", "")
        try:
            for chunk in self.generate(prompt):
                reply.content += chunk.text
                yield chunk
        finally:
            # A stopped or failed reply still joins the history: the user saw it.
            self.messages.append(reply)
            ids = self._last_reply_ids
            if ids is not None and self.loaded.tokenizer.decode(ids) == reply.content:
                reply.token_ids = ids

    def _reuse_cache(self, ids: list[int]) -> int:
        """Trim the cache to the prefix it shares with ``ids``; return the tokens reused."""
        common = 0
        for a, b in zip(self._cache_tokens, ids, strict=False):
            if a != b:
                break
            common += 1
        common = min(common, len(ids) - 1)  # the model must see at least one new token
        excess = len(self._cache_tokens) - common
        if excess > 0:
            if can_trim_prompt_cache(self._cache):
                trim_prompt_cache(self._cache, excess)
            else:
                self._cache = make_prompt_cache(self.loaded.model)
                common = 0
        self._cache_tokens = self._cache_tokens[:common]
        return common

    def _sync_cache_tokens(self, tokens: list[int]) -> None:
        offset = int(getattr(self._cache[0], "offset", len(tokens))) if self._cache else 0
        if offset > len(tokens):  # never expected; keep cache and bookkeeping equal
            trim_prompt_cache(self._cache, offset - len(tokens))
            offset = len(tokens)
        self._cache_tokens = tokens[:offset]

    def generate(self, prompt: Prompt) -> Iterator[GenerationChunk]:
        """Stream a reply to an already rendered prompt, reusing the KV cache."""
        s = self.settings.check()
        ids = prompt.ids
        if not ids:
            raise OrchardError(
                f"The {prompt.template_source} chat template produced an empty prompt; choose "
                "another template."
            )
        if len(ids) >= self.context_length:
            raise OrchardError(
                f"The conversation is {len(ids)} tokens long, more than the context of "
                f"{self.context_length}; start a new chat or raise the context length."
            )
        self._last_reply_ids = None
        start = time.perf_counter()
        if self.cancel.is_set():  # stopped before it began: nothing is processed
            yield self._final("", prompt, 0, 0, "stopped", 0.0, 0.0)
            return
        cached = self._reuse_cache(ids)
        new = ids[cached:]
        max_tokens = max(1, min(s.max_tokens, self.context_length - len(ids)))
        if s.seed is not None:
            mx.random.seed(s.seed)
        mx.reset_peak_memory()

        def progress(done: int, total: int) -> None:
            if self.cancel.is_set():
                raise _Cancelled

        # top-k above the vocabulary means "all of it" (mlx-lm's argpartition would fail)
        vocab = self.loaded.vocab_size
        top_k = s.top_k if not vocab or s.top_k < vocab else 0
        sampler = make_sampler(s.temperature, s.top_p, s.min_p, 1, top_k)
        processors = (
            make_logits_processors(repetition_penalty=s.repetition_penalty)
            if s.repetition_penalty and s.repetition_penalty != 1.0
            else None
        )
        stops = _StopStringFilter(self.stop_strings)
        generated: list[int] = []
        ttft = 0.0
        first_token_at = 0.0
        finish: str | None = None
        n = 0
        try:
            for resp in stream_generate(
                self.loaded.model,
                self.loaded.tokenizer.mlx_tokenizer(),
                mx.array(new),
                max_tokens=max_tokens,
                sampler=sampler,
                logits_processors=processors,
                prompt_cache=self._cache,
                prefill_step_size=PREFILL_STEP,
                prompt_progress_callback=progress,
            ):
                if n == 0:
                    first_token_at = time.perf_counter()
                    ttft = first_token_at - start
                n += 1
                generated.append(int(resp.token))
                text, hit = stops.feed(resp.text)
                if hit:
                    finish = "stop"
                elif resp.finish_reason is not None:
                    finish = resp.finish_reason
                    text += stops.flush()
                elif self.cancel.is_set():
                    finish = "stopped"
                    text += stops.flush()
                if finish is None:
                    if text:
                        yield GenerationChunk(text=text, generation_tokens=n)
                    continue
                yield self._final(text, prompt, cached, n, finish, ttft, first_token_at)
                return
        except _Cancelled:
            finish = "stopped"
            yield self._final("", prompt, cached, 0, finish, time.perf_counter() - start, 0.0)
        finally:
            self._sync_cache_tokens(ids + generated)
            eos = self.loaded.tokenizer.eos_token_ids
            self._last_reply_ids = generated[:-1] if generated[-1:] and generated[-1] in eos else (
                generated
            )

    def _final(
        self, text: str, prompt: Prompt, cached: int, n: int, finish: str, ttft: float,
        first_token_at: float,
    ) -> GenerationChunk:
        now = time.perf_counter()
        new = len(prompt.ids) - cached
        return GenerationChunk(
            text=text,
            prompt_tokens=len(prompt.ids),
            cached_tokens=cached,
            generation_tokens=n,
            finish_reason=finish,
            ttft_s=ttft,
            prompt_tps=new / ttft if ttft > 0 else 0.0,
            generation_tps=(n - 1) / (now - first_token_at) if n > 1 else 0.0,
            peak_memory_gb=mx.get_peak_memory() / 1e9,
            dropped_turns=self.dropped_turns,
        )
