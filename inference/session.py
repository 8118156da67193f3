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
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace
from typing import Any, cast

import mlx.core as mx
from mlx_lm.generate import (
    generate_step,
    generation_stream,
    speculative_generate_step,
    wired_limit,
)
from mlx_lm.sample_utils import make_logits_processors, make_sampler

from inference.caches import PromptCaches
from inference.errors import OrchardError
from inference.model import defaults
from inference.model.load import LoadedModel
from inference.prompt.builder import Prompt, PromptBuilder
from inference.prompt.grammar import GrammarProcessor, check_grammar, grammar_tokenizer
from inference.prompt.presets import TemplateChoice, choose_template, get_preset, recognise
from inference.prompt.templates import ChatTemplate, TemplateRenderError
from inference.prompt.tools import (
    ToolCallSplitter,
    ToolFormat,
    as_template_call,
    forced_call_grammar,
    supports_tools,
    tool_format,
)
from inference.repetition import Dry, DryPenalty, LoopGuard, vocabulary_kinds
from inference.saved_caches import template_key
from inference.types import GenerationChunk, Message, SamplingSettings, Steering, TokenLogprob
from inference.vision import takes_images

log = logging.getLogger(__name__)

#: Told how far a prompt has been read: (tokens processed, tokens to process).
Progress = Callable[[int, int], None]

PREFILL_STEP = 512
#: The prompt is read in chunks that take about this long, so "Reading your prompt" moves
#: every second or so: on a CPU, 512 tokens are half a minute, and on any device the chunk
#: size costs nothing once it is a few dozen tokens (benchmarked in docs/first-conversation.md).
#: mlx-lm takes one fixed step size per call, so the size is chosen per call from the speed
#: this model read its last prompt at.
PROGRESS_EVERY_S = 1.0
MIN_PREFILL_STEP = 32
#: When a turn no longer fits, the oldest turns are dropped until this fraction of the
#: context is free beyond the reply's room, so the turns that follow reuse the KV cache
#: until the next drop (dropping just enough would change the prompt's start, and re-read
#: the whole context, on every turn).
OVERFLOW_MARGIN = 0.25
#: Tokens a draft model proposes per step (mlx-lm's server proposes 3; more is wasted on a
#: small draft's misses).
DRAFT_TOKENS = 3
#: What a text model reads in place of the images of an earlier message.
UNSEEN = "[An image was attached here; this model reads text only and cannot see it.]"


def template_choice(loaded: LoadedModel, requested: str | ChatTemplate | None) -> TemplateChoice:
    """The template for ``requested`` on ``loaded`` (None: the model's own), without changing
    the model's own choice, which every session and the API share."""
    info = loaded.info
    return choose_template(
        model_key=info.key, own=loaded.own_template, name=info.recognition_name,
        architecture=info.architecture, special_tokens=loaded.tokenizer.special_tokens,
        requested=requested,
    )


class _Penalties:
    """OpenAI's presence and frequency penalties: each token the reply has generated so far
    loses ``presence`` once and ``frequency`` per time it came. Counted over the whole reply
    and only the reply (mlx-lm's look at the last 20 tokens, prompt included, so a cached
    prompt would change the answer)."""

    def __init__(self, presence: float, frequency: float) -> None:
        self.presence, self.frequency = presence, frequency
        self.counts: dict[int, int] = {}
        self._prompt: int | None = None

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        if self._prompt is None:  # the first call sees the prompt's tokens only
            self._prompt = int(tokens.shape[0])
        else:
            latest = int(cast(int, tokens[-1].item()))
            self.counts[latest] = self.counts.get(latest, 0) + 1
        if not self.counts:
            return logits
        ids = mx.array(list(self.counts))
        times = mx.array(list(self.counts.values()), dtype=logits.dtype)
        penalty = self.presence + self.frequency * times
        return logits.at[:, ids].add(-penalty)


def _held_to_grammar(steering: Steering | None) -> bool:
    return steering is not None and steering.grammar is not None


class _Cancelled(Exception):
    """Raised from the prefill progress callback to abandon a long prefill."""


@dataclass(frozen=True)
class _Token:
    """One sampled token: what :meth:`ChatSession._tokens` yields."""

    id: int
    logprobs: mx.array  # over the whole vocabulary, at this token's place
    from_draft: bool  # proposed by the draft model and kept
    #: on the last token only: "stop" (an end token), "length" or "stopped"
    finish: str | None = None


@dataclass(frozen=True)
class _Piece:
    """One token's text, stop strings held back: what :meth:`ChatSession._pieces` yields."""

    text: str  # often "" (held back, or part of a character)
    token: _Token
    #: on the last piece only: its token's reason, "stop" (a stop string) or "loop"
    finish: str | None = None
    stop_string: str | None = None  # the stop string that ended the reply, if one did


class _StopStringFilter:
    """Holds back text that might be the start of a stop string split across tokens."""

    def __init__(self, stops: list[str]) -> None:
        self.stops = [s for s in stops if s]
        self.pending = ""
        self.matched: str | None = None  # the stop string that ended the text

    def feed(self, text: str) -> tuple[str, bool]:
        """Returns (text safe to show, whether a stop string was hit)."""
        self.pending += text
        hits = [(self.pending.find(s), s) for s in self.stops if s in self.pending]
        if hits:
            cut, self.matched = min(hits)
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


def offer_tools(session: ChatSession, tools: list[dict[str, Any]] | None,
                choice: str = "auto") -> str | None:
    """Offer ``tools`` to the session's next reply: rendered by its template, the reply's
    calls read out of its text, and with ``choice`` "required" a grammar that makes the reply
    a call. Returns one sentence when the model cannot take them (its template has no tools,
    or writes calls in a syntax Orchard cannot read): the reply is then written without."""
    session.tools, session.tool_format = None, None
    if not tools:
        return None
    template = session.choice.template.text
    fmt = tool_format(template) if supports_tools(template) else None
    if fmt is None:
        return (f"{session.loaded.info.name} was not made for tool use (its chat template "
                "offers no tools), so your tools are left out; choose a model made for them, "
                "such as Qwen 2.5 or Qwen 3.")
    session.tools, session.tool_format = tools, fmt
    if choice != "required":
        return None
    try:
        grammar = check_grammar(forced_call_grammar(fmt, tools))
    except OrchardError:  # a syntax no grammar of Orchard's writes: the model decides
        return (f"{session.loaded.info.name} writes its tool calls in a way Orchard cannot "
                "enforce, so it decides for itself whether to call a tool.")
    session.steering = Steering(grammar=grammar)
    return None


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
        template: str | ChatTemplate | TemplateChoice | None = None,
        caches: PromptCaches | None = None,
        overflow_margin: float = OVERFLOW_MARGIN,
        shift_on_overflow: bool = True,
    ) -> None:
        self.loaded = loaded
        #: The fraction of the context a drop frees beyond the reply's room (see _fit).
        self.overflow_margin = overflow_margin
        #: Turns dropped for room are shifted out of the KV cache where the model allows it
        #: (inference.cache_shift), instead of the kept turns being read again.
        self.shift_on_overflow = shift_on_overflow
        self._overflowed = False
        #: The saved conversation this session is ("conversation 12"; "" for none): its KV
        #: caches are saved under it, so deleting the conversation deletes them.
        self.cache_owner = ""
        #: The sampling settings used when a call does not pass its own (the CLI's /set).
        self.settings = settings or SamplingSettings()
        #: What this session was asked for: a preset name, Jinja, a TemplateChoice or None
        #: (the model's own). The choice is the session's, never written back to the model,
        #: which other sessions and the API share.
        self.requested_template = template
        choice = (template if isinstance(template, TemplateChoice)
                  else loaded.choice if template is None else template_choice(loaded, template))
        self.system_prompt = system_prompt if system_prompt is not None else choice.system_prompt
        self.context_length = context_length or defaults.context_length(loaded.info)
        self.messages: list[Message] = []
        #: Index of the first message still sent to the model (older turns did not fit).
        self.first_kept = 0
        #: One sentence for the user when a broken template was replaced, else None.
        self.notice: str | None = choice.notice
        #: The stop flag of the reply being generated (see the module).
        self.cancel = threading.Event()
        #: What turns of this conversation add to sampling (compare asks for log-probabilities)
        self.steering: Steering | None = None
        #: The tools offered to the model in this conversation's turns (OpenAI's function
        #: shape, rendered by the template), and the syntax its calls are read out in: with
        #: both, a reply's calls are taken out of its text (Message.tool_calls), not shown.
        self.tools: list[dict[str, Any]] | None = None
        self.tool_format: ToolFormat | None = None
        self._use(choice)
        #: The KV caches: the engine's pool for its model (shared by the sessions it serves),
        #: else one of this session's own.
        self.caches = caches if caches is not None else PromptCaches(
            loaded.cache_model, max_entries=1, head_dim=loaded.info.head_dim)
        self._last_reply_ids: list[int] | None = None
        #: How many times a prompt was rendered and tokenized (the context benchmark reads it).
        self.renders = 0
        self.rendered_tokens = 0
        self._sizes: dict[tuple[int, str], int] = {}
        #: (prompt tokens beyond the messages' own, messages sent) at the last fitting render
        self._overhead: tuple[int, int] | None = None
        self._glue = self._GLUE

    # --- template -----------------------------------------------------------------------
    def _use(self, choice: TemplateChoice) -> None:
        self.choice = choice
        self.builder = PromptBuilder(
            self.loaded.tokenizer, choice.template,
            eos_token_id=min(self.loaded.tokenizer.eos_token_ids, default=None),
            list_content=self.loaded.vision is not None and takes_images(choice.template),
        )

    @property
    def last_reply_ids(self) -> list[int] | None:
        """The token ids of the last reply as generated (without its end-of-turn token), even
        when they do not decode to its shown text (a reply cut inside a UTF-8 character)."""
        return self._last_reply_ids

    @property
    def stop_strings(self) -> list[str]:
        return self.stops_for(self.settings)

    def stops_for(self, settings: SamplingSettings) -> list[str]:
        return list(dict.fromkeys([*settings.stop, *self.choice.stop]))

    def follow(self, history: list[Message], *, dropped_turns: int = 0) -> None:
        """Bring the session up to ``history`` (the conversation as saved), keeping what it
        already knows: the messages they share stay as they are, with the turns that were
        dropped staying dropped; what differs after them (an edit, a deletion, a regenerate)
        is forgotten and the rest appended. A front end calls this instead of overwriting
        the session's fields, so turn N renders and tokenizes only what is sent.

        ``dropped_turns`` (the count the last reply was sent without, as saved with it)
        applies to a session that knows nothing yet, after a restart: it starts from the
        same first turn, so its prompt is the one the saved KV cache holds."""
        fresh = not self.messages
        same = 0
        for mine, theirs in zip(self.messages, history, strict=False):
            if (mine.role != theirs.role or mine.content != theirs.content
                    or mine.images != theirs.images or mine.tool_calls != theirs.tool_calls
                    or mine.tool_call_id != theirs.tool_call_id):
                break
            same += 1
        del self.messages[same:]
        self.first_kept = min(self.first_kept, same)
        self.messages.extend(Message(m.role, m.content, m.token_ids, tool_calls=m.tool_calls,
                                     tool_call_id=m.tool_call_id, name=m.name, images=m.images)
                             for m in history[same:])
        if fresh and dropped_turns > 0:
            self.drop_turns(dropped_turns)

    def drop_turns(self, n: int) -> None:
        """Stop sending the oldest ``n`` user turns (with their replies); the newest user
        turn is always sent."""
        users = [i for i, m in enumerate(self.messages) if m.role == "user"]
        if users:
            self.first_kept = max(self.first_kept, users[min(n, len(users) - 1)])

    # --- prompt -----------------------------------------------------------------------
    @property
    def dropped_turns(self) -> int:
        """How many earlier user turns no longer fit in the context."""
        return sum(1 for m in self.messages[: self.first_kept] if m.role == "user")

    def conversation(self) -> list[Message]:
        """What the model is sent: the system prompt and the turns that fit."""
        head = [Message("system", self.system_prompt)] if self.system_prompt else []
        return head + self.messages[self.first_kept :]

    def _build(self, conv: list[Message], tools: list[dict[str, Any]] | None = None) -> Prompt:
        self.renders += 1
        replies = {i: m.token_ids for i, m in enumerate(conv) if m.token_ids is not None}
        conv = self._seen(conv)
        prompt = self.builder.build([m.as_dict() for m in conv], reply_ids=replies, tools=tools,
                                    images={i: len(m.images) for i, m in enumerate(conv)})
        prompt = self._with_media(prompt, conv)
        self.rendered_tokens += len(prompt.ids)
        return prompt

    def _seen(self, conv: list[Message]) -> list[Message]:
        """``conv`` as this model can take it. A text model refuses images in the newest user
        message (the question is about them), and is told in the text of an earlier one that
        an image was there (a conversation that began on a vision model goes on)."""
        if self.loaded.vision is not None or not any(m.images for m in conv):
            return conv
        newest = max((i for i, m in enumerate(conv) if m.role == "user"), default=-1)
        if newest >= 0 and conv[newest].images:
            raise OrchardError(
                f"{self.loaded.info.name} reads text only, so it cannot see images; choose a "
                "vision model, or remove the images.")
        return [replace(m, images=(), content=f"{m.content}\n\n{UNSEEN}") if m.images else m
                for m in conv]

    def _with_media(self, prompt: Prompt, conv: list[Message]) -> Prompt:
        """A vision model's prompt with its images' tokens and pixels (see inference.vision)."""
        vision = self.loaded.vision
        if vision is None:
            return prompt
        return vision.expand(prompt, [image for m in conv for image in m.images])

    def build_prompt(self, messages: list[Message] | None = None, *,
                     tools: list[dict[str, Any]] | None = None) -> Prompt:
        """The exact text and token ids that would be sent for ``messages``.

        A template that fails on this conversation is retried with the system prompt folded
        into the first user turn, then replaced by the preset recognised for the model. With
        ``tools`` (the API's tool definitions) there is no such retreat: a preset would drop
        the tools without a word, so the template's error is the answer.
        """
        conv = self.conversation() if messages is None else messages
        if tools:
            return self._build(conv, tools)
        try:
            return self._build(conv)
        except TemplateRenderError as exc:
            if len(conv) > 1 and conv[0].role == "system" and conv[1].role == "user":
                folded = Message("user", f"{conv[0].content}\n\n{conv[1].content}",
                                 images=conv[1].images)
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

    def _fit(self, settings: SamplingSettings) -> Prompt:
        """The prompt for the conversation, without the oldest whole turns if it must.

        The system prompt and the newest user message always stay; room is kept for a
        reply of up to max_tokens (at most a quarter of the context). When turns must go,
        enough go that ``overflow_margin`` of the context is free besides: the next turns
        then extend the same prompt, and each reads only its own tokens from the cache
        until the conversation fills that margin (one re-read per margin, not per turn).
        """
        reserve = min(settings.max_tokens, self.context_length // 4)
        limit = self.context_length - reserve  # the longest prompt that leaves the reply room
        target = limit - int(self.context_length * self.overflow_margin)  # after a drop
        first = self.first_kept
        self._drop_ahead(limit, target)
        while True:
            prompt = self.build_prompt(tools=self.tools)
            dropped = self.first_kept > first
            if len(prompt.ids) <= (target if dropped else limit):
                self._measured(prompt)
                self._overflowed = dropped  # the next generate may shift the cache
                return prompt
            users = [i for i, m in enumerate(self.messages) if m.role == "user"]
            later = [i for i in users if i > self.first_kept]
            if not later:  # only the newest turn is left
                if len(prompt.ids) < self.context_length:
                    self._measured(prompt)
                    self._overflowed = dropped
                    return prompt
                raise OrchardError(
                    f"This message needs {len(prompt.ids)} tokens with the system prompt, more "
                    f"than the context of {self.context_length}; shorten it or raise the "
                    "context length."
                )
            self.first_kept = later[0]

    # Dropping turns ahead of the render. Without it, a conversation that outgrows the
    # context renders each turn twice (too long, then again without the oldest turn); with
    # it, once: the last render's length is known, each message's own tokens are counted
    # once in its life (a reply's are its generated ids), and turns are dropped until the
    # estimate fits. The loop in _fit still corrects an estimate that was short.
    _GLUE = 4.0  # template tokens around one message (role header, end of turn), until measured

    def _size(self, m: Message) -> int:
        if m.token_ids is not None:
            return len(m.token_ids)
        key = (id(m), m.content)
        size = self._sizes.get(key)
        if size is None:
            size = len(self.loaded.tokenizer.encode(m.content, parse_special=False,
                                                    add_bos=False))
            self._sizes[key] = size
        return size

    def _measured(self, prompt: Prompt) -> None:
        sent = self.messages[self.first_kept :]
        overhead = (len(prompt.ids) - sum(self._size(m) for m in sent), len(sent))
        if self._overhead is not None and overhead[1] != self._overhead[1]:
            # the template's own tokens per message, as this template writes them
            per_message = (overhead[0] - self._overhead[0]) / (overhead[1] - self._overhead[1])
            self._glue = max(1.0, per_message)  # not rounded: 8.5 a message is 17 a turn
        self._overhead = overhead
        live = {(id(m), m.content) for m in self.messages}
        self._sizes = {k: v for k, v in self._sizes.items() if k in live}

    def _drop_ahead(self, limit: int, target: int) -> None:
        """Drop turns from the estimate: none while it fits in ``limit``, else until it
        fits in ``target``."""
        if self._overhead is None:
            return
        overhead, counted = self._overhead
        sent = self.messages[self.first_kept :]
        estimate = overhead + sum(self._size(m) for m in sent) + self._glue * (len(sent) - counted)
        if estimate <= limit:
            return
        users = [i for i, m in enumerate(self.messages) if m.role == "user"]
        for later in (i for i in users if i > self.first_kept):
            if estimate <= target:
                break
            gone = self.messages[self.first_kept : later]
            estimate -= sum(self._size(m) + self._glue for m in gone)
            self.first_kept = later

    def prompt_to_send(self, settings: SamplingSettings | None = None) -> Prompt:
        """Exactly what the next reply would be sent (turns that no longer fit left out), for
        showing; only the template and the tokenizer run (no MLX), so it is safe off the
        engine thread on a session of its own."""
        return self._fit(settings or self.settings)

    def reset(self) -> None:
        """Forget the conversation (the cache is kept: a new chat may share its prefix)."""
        self.messages = []
        self.first_kept = 0

    # --- generation ---------------------------------------------------------------------
    # A reply is a staircase of three generators, as mlx-lm's generate_step ->
    # stream_generate: _tokens (prefill and sampling: token ids and log-probabilities; the
    # stop flag and the progress callback are its arguments) -> _pieces (each token's text,
    # stop strings held back, the loop guard) -> _chunks (GenerationChunks and their figures:
    # time to first token, speeds, peak memory). generate() sets them up and gives the cache
    # back. What one reply needs lives in their locals; the session keeps only what outlives
    # the reply (its ids, the caches) and the stop flag another thread may set.

    def _arm(self, cancel: threading.Event | None) -> None:
        """A fresh stop flag per reply, or the caller's own (set before the reply even began,
        it still counts: the reply ends at once as "stopped"). It stays :attr:`cancel` until
        the next reply, so another thread can stop this one by setting it."""
        self.cancel = cancel if cancel is not None else threading.Event()

    def send(
        self, user_text: str, *, cancel: threading.Event | None = None,
        settings: SamplingSettings | None = None, progress: Progress | None = None,
    ) -> Iterator[GenerationChunk]:
        """Add a user message and stream the assistant's reply, which joins the history.
        ``progress(done, total)`` hears how far the prompt has been read (between prefill
        chunks)."""
        self._arm(cancel)
        self.messages.append(Message("user", user_text))
        return self._reply(settings or self.settings, progress)

    def reply(self, *, cancel: threading.Event | None = None,
              settings: SamplingSettings | None = None,
              progress: Progress | None = None) -> Iterator[GenerationChunk]:
        """Answer the conversation as it stands: its last message is the user's, or a tool's
        result (the model goes on after its call)."""
        self._arm(cancel)
        if not self.messages or self.messages[-1].role not in ("user", "tool"):
            raise OrchardError("There is no message to answer yet.")
        return self._reply(settings or self.settings, progress)

    def continue_reply(
        self, *, cancel: threading.Event | None = None,
        settings: SamplingSettings | None = None, progress: Progress | None = None,
    ) -> Iterator[GenerationChunk]:
        """Write more of the last reply: the new text is appended to it."""
        self._arm(cancel)
        if not self.messages or self.messages[-1].role != "assistant":
            raise OrchardError("There is no reply to continue yet.")
        last = self.messages.pop()
        try:
            conv = self._seen(self.conversation())
            prompt = self.builder.build(
                [m.as_dict() for m in conv] + [last.as_dict()],
                add_generation_prompt=False,
                reply_ids={len(conv): last.token_ids} if last.token_ids else None,
                images={i: len(m.images) for i, m in enumerate(conv)},
            )
        except OrchardError:
            self.messages.append(last)  # the reply stays as it was
            raise
        # The template closes the reply (e.g. with <|im_end|>); cut the prompt back to the
        # end of the reply's own tokens so the model carries on writing it.
        text = prompt.text
        end = text.rfind(last.content) + len(last.content) if last.content else len(text)
        ids = prompt.ids[: prompt.message_spans[-1][1]] if prompt.message_spans else prompt.ids
        self.messages.append(last)
        cut = self._with_media(Prompt(text[:end], ids, prompt.template_source), conv)
        return self._continue(cut, last, settings or self.settings, progress)

    def _continue(self, prompt: Prompt, last: Message, settings: SamplingSettings,
                  progress: Progress | None) -> Iterator[GenerationChunk]:
        try:
            for chunk in self.generate(prompt, settings=settings, continuing=True,
                                       progress=progress):
                last.content += chunk.text
                yield chunk
        finally:
            last.token_ids = None  # the reply now spans two generations: re-tokenize it

    def regenerate(self, *, cancel: threading.Event | None = None,
                   settings: SamplingSettings | None = None,
                   progress: Progress | None = None) -> Iterator[GenerationChunk]:
        """Replace the last reply; the prompt before it comes from the cache."""
        self._arm(cancel)
        if not self.messages or self.messages[-1].role != "assistant":
            raise OrchardError("There is no reply to regenerate yet.")
        self.messages.pop()
        return self._reply(settings or self.settings, progress)

    def edit(
        self, index: int, text: str, *, cancel: threading.Event | None = None,
        settings: SamplingSettings | None = None,
    ) -> Iterator[GenerationChunk]:
        """Change an earlier user message, forget what followed it, and answer again.

        The cache is trimmed to the tokens before the edited message, not rebuilt.
        """
        if not 0 <= index < len(self.messages) or self.messages[index].role != "user":
            raise OrchardError("Only one of your own messages can be edited.")
        del self.messages[index:]
        self.first_kept = min(self.first_kept, index)
        return self.send(text, cancel=cancel, settings=settings)

    def _reply(self, settings: SamplingSettings, progress: Progress | None
               ) -> Iterator[GenerationChunk]:
        try:
            prompt = self._fit(settings)
        except OrchardError:
            if self.messages and self.messages[-1].role == "user":
                self.messages.pop()  # the caller still has the text; nothing half-sent stays
            raise
        return self._stream(prompt, settings, progress)

    def _stream(self, prompt: Prompt, settings: SamplingSettings, progress: Progress | None
                ) -> Iterator[GenerationChunk]:
        reply = Message("assistant", "")
        fmt = self.tool_format if self.tools else None
        splitter = ToolCallSplitter(fmt, self.tools) if fmt is not None else None
        try:
            for chunk in self.generate(prompt, settings=settings, steering=self.steering,
                                       progress=progress):
                if splitter is not None:  # a call is taken out of the text, not shown
                    shown, _ = splitter.feed(chunk.text)
                    if chunk.finish_reason is not None:
                        rest, _ = splitter.finish(cut=chunk.finish_reason == "length")
                        shown += rest
                    chunk = replace(chunk, text=shown)
                reply.content += chunk.text
                yield chunk
        finally:
            # A stopped or failed reply still joins the history: the user saw it.
            self.messages.append(reply)
            if splitter is not None and splitter.calls:
                reply.tool_calls = [as_template_call(call) for call in splitter.calls]
            ids = self._last_reply_ids
            if ids is not None and self.loaded.tokenizer.decode(ids) == reply.content:
                reply.token_ids = ids

    def generate(
        self, prompt: Prompt, *, settings: SamplingSettings | None = None,
        stops: list[str] | None = None, cancel: threading.Event | None = None,
        continuing: bool = False, steering: Steering | None = None,
        progress: Progress | None = None,
    ) -> Iterator[GenerationChunk]:
        """Stream a reply to an already rendered prompt, reusing the longest cached prefix.

        ``continuing``: the prompt ends inside a reply (Continue), so a space the first
        generated word starts with is part of the text, not the start of a new one.

        ``steering`` (the API's): a grammar the reply must follow, logit bias, presence and
        frequency penalties, and log-probabilities reported with each piece.

        ``settings`` default to the session's, ``stops`` to the settings' and the template's
        stop strings, ``cancel`` to the session's current stop flag; ``progress(done,
        total)`` hears how far the prompt has been read."""
        s = (settings or self.settings).check()
        if cancel is not None:
            self.cancel = cancel
        cancel = self.cancel  # this reply's flag, whatever the session is armed with later
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
        if steering is not None and (steering.logprobs is not None or steering.grammar):
            self._grammar_tokenizer()  # built once per model (~1 s), outside the reply's clock
        start = time.perf_counter()
        if cancel.is_set():  # stopped before it began: nothing is processed
            yield self._final("", prompt, 0, 0, "stopped", 0.0, 0.0)
            return
        # turns this conversation just stopped sending may be shifted out of the cache
        shift, self._overflowed = self._overflowed and self.shift_on_overflow, False
        vision = self.loaded.vision
        # A vision model's cache is matched by its images' pixels too (Prompt.cache_ids), and
        # never shifted: Qwen-VL's positions after an image are not one per token.
        held = prompt.cache_ids
        # mlx-lm's speculative decoding: the draft's caches follow the model's in the entry
        entry, cached = self.caches.take(
            held, self._template_key(prompt),
            shift=shift and vision is None and self.loaded.draft is None,
            owner=self.cache_owner)
        embeds = vision.embed(prompt, cached) if vision is not None else None
        max_tokens = max(1, min(s.max_tokens, self.context_length - len(ids)))
        if s.seed is not None:
            mx.random.seed(s.seed)
        mx.reset_peak_memory()
        generated: list[int] = []  # the reply's ids, kept for the cache however it ends
        tokens = self._tokens(ids[cached:], entry.cache, s, steering, max_tokens=max_tokens,
                              embeds=embeds, cancel=cancel, progress=progress,
                              generated=generated)
        # A reply held to a grammar is not ended for looping: cut there, its JSON would be
        # invalid; it runs to its budget, where the grammar's processor closes it.
        guard = LoopGuard() if s.loop_guard and not _held_to_grammar(steering) else None
        pieces = self._pieces(tokens, ids, self.stops_for(s) if stops is None else stops,
                              guard=guard, continuing=continuing)
        try:
            yield from self._chunks(pieces, prompt, cached, start=start,
                                    logprobs=steering.logprobs if steering is not None else None)
        finally:
            # the steps end here, on this thread, before the cache goes back: mlx-lm's wired
            # limit restored, its stream synchronized, a speculative step's cache rewound
            pieces.close()
            tokens.close()
            self.caches.give_back(entry, held + generated)
            if vision is not None:
                vision.done()
            eos = self.loaded.tokenizer.eos_token_ids
            self._last_reply_ids = generated[:-1] if generated[-1:] and generated[-1] in eos else (
                generated
            )

    def _tokens(
        self, new: list[int], cache: list[Any], s: SamplingSettings, steering: Steering | None,
        *, max_tokens: int, embeds: mx.array | None, cancel: threading.Event,
        progress: Progress | None, generated: list[int],
    ) -> Generator[_Token, None, None]:
        """The first step: read ``new`` (the prompt's tokens ``cache`` lacks) and sample the
        reply, one token at a time, each appended to ``generated`` as it is yielded.

        The last token says why it is the last, as mlx-lm's stream_generate decides: "stop"
        (an end token), "length" (``max_tokens``), or "stopped" (``cancel`` was found set
        once it was sampled). ``cancel`` set while the prompt is read ends the steps there,
        between prefill chunks, with no token at all."""
        loaded = self.loaded
        # top-k above the vocabulary means "all of it" (mlx-lm's argpartition would fail)
        vocab = loaded.vocab_size
        top_k = s.top_k if not vocab or s.top_k < vocab else 0
        sampler = make_sampler(s.temperature, s.top_p, s.min_p, 1, top_k)
        processors = self._processors(s, steering, max_tokens=max_tokens) or None
        draft = loaded.draft if loaded.vision is None else None
        if any(isinstance(p, GrammarProcessor | _Penalties) for p in processors or ()):
            # mlx-lm's speculative loop runs logits processors on the draft's guesses too,
            # positions it later throws away: one that keeps state between calls (a grammar,
            # presence/frequency penalties) would go wrong, so such replies do without the
            # draft. The others (repetition penalty, DRY, logit bias) read only the tokens
            # they are given.
            draft = None

        def heard(done: int, total: int) -> None:
            if cancel.is_set():
                raise _Cancelled
            if progress is not None:
                progress(done, total)

        prompt = mx.array(new)
        model = loaded.model
        how: dict[str, Any] = {
            "max_tokens": max_tokens, "sampler": sampler, "logits_processors": processors,
            "prompt_cache": cache, "prefill_step_size": self._prefill_step()}
        # mlx-lm's own steps, chosen as its stream_generate chooses them (the speculative one
        # takes no progress callback, and no input embeddings: a vision model has no draft)
        steps: Iterator[tuple[Any, mx.array, bool]] = (
            ((t, lp, False) for t, lp in generate_step(
                prompt, model, prompt_progress_callback=heard, input_embeddings=embeds, **how))
            if draft is None else speculative_generate_step(
                prompt, model, draft.model, num_draft_tokens=DRAFT_TOKENS, **how))
        eos = loaded.tokenizer.mlx_tokenizer().eos_token_ids
        try:
            with wired_limit(model, [cast(mx.Stream, generation_stream)]):
                for n, (token, logprobs, from_draft) in enumerate(steps, start=1):
                    finish = ("stop" if token in eos else "length" if n == max_tokens
                              else "stopped" if cancel.is_set() else None)
                    generated.append(int(token))
                    yield _Token(int(token), logprobs, bool(from_draft), finish)
                    if finish is not None:
                        return
        except _Cancelled:  # while the prompt was read
            return

    def _pieces(
        self, tokens: Iterator[_Token], prompt_ids: list[int], stops: list[str], *,
        guard: LoopGuard | None, continuing: bool,
    ) -> Generator[_Piece, None, None]:
        """The second step: each token's text, through mlx-lm's streaming detokenizer, with
        what might be the start of a stop string held back. One piece per token (its text
        may be empty); the last one says why: its token's reason, or "stop" for a stop
        string (cut before it), or "loop" when ``guard`` finds the reply repeating itself."""
        detokenizer = self.loaded.tokenizer.mlx_tokenizer().detokenizer
        held_back = _StopStringFilter(stops)
        seen: list[int] = []
        for token in tokens:
            seen.append(token.id)
            # as mlx-lm's stream_generate: the end token is not text, and an end token or the
            # budget flushes what the detokenizer held back (an unfinished character)
            if token.finish != "stop":
                detokenizer.add_token(token.id)
            if token.finish in ("stop", "length"):
                detokenizer.finalize()
            raw = detokenizer.last_segment
            piece = raw
            if continuing and piece:
                piece = self._leading_space(prompt_ids, seen, piece)
                continuing = False
            text, hit = held_back.feed(piece)
            finish = token.finish
            if hit:
                finish = "stop"
            elif guard is not None and guard.feed(token.id, raw):
                log.info("reply looping with a period of %d tokens; ended", guard.period)
                finish = "loop"
                text += held_back.flush()
            elif finish is not None:
                text += held_back.flush()
            yield _Piece(text, token, finish, held_back.matched)
            if finish is not None:
                return

    def _chunks(
        self, pieces: Iterator[_Piece], prompt: Prompt, cached: int, *, start: float,
        logprobs: int | None,
    ) -> Iterator[GenerationChunk]:
        """The last step: the chunks a caller sees, one per piece with text (and the tokens
        since the last one), then the final one with the reply's figures: time to first
        token (from ``start``), speeds, peak memory and why it ended. ``logprobs``: how many
        alternatives to report with each token's log-probability (None: none at all)."""
        new = len(prompt.ids[cached:])
        n = drafted = 0
        ttft = first_token_at = 0.0
        reported: list[TokenLogprob] = []
        for piece in pieces:
            token = piece.token
            if n == 0:
                first_token_at = time.perf_counter()
                ttft = first_token_at - start
                if new >= 4 * MIN_PREFILL_STEP:
                    self.loaded.kept["prefill_tps"] = new / ttft
            n += 1
            drafted += token.from_draft
            if logprobs is not None:
                reported.append(self._logprob(token.id, token.logprobs, logprobs))
            if piece.finish is None:
                if piece.text:
                    yield GenerationChunk(text=piece.text, generation_tokens=n,
                                          logprobs=tuple(reported))
                    reported.clear()
                continue
            yield replace(self._final(piece.text, prompt, cached, n, piece.finish, ttft,
                                      first_token_at), logprobs=tuple(reported),
                          stop_string=piece.stop_string, draft_tokens=drafted)
            return
        # the steps ended without a token: stopped while the prompt was read
        yield self._final("", prompt, cached, 0, "stopped", time.perf_counter() - start, 0.0)

    def _prefill_step(self) -> int:
        """Tokens per prefill chunk: about PROGRESS_EVERY_S of reading at this model's
        measured speed; before it is measured, small enough for a CPU."""
        tps = self.loaded.kept.get("prefill_tps")
        if not tps:
            return 4 * MIN_PREFILL_STEP
        step = int(tps * PROGRESS_EVERY_S) // MIN_PREFILL_STEP * MIN_PREFILL_STEP
        return max(MIN_PREFILL_STEP, min(PREFILL_STEP, step))

    def _template_key(self, prompt: Prompt) -> str:
        """What saved caches are keyed by besides the model and the tokens: the template
        (a raw completion has none)."""
        key = "raw" if prompt.template_source == "raw" else template_key(
            self.choice.template.text)
        draft = self.loaded.draft
        # a drafted model's saved caches hold the draft's layers too
        return key if draft is None else f"{key}+draft:{draft.info.key}"

    def _processors(self, s: SamplingSettings, steering: Steering | None, *,
                    max_tokens: int | None = None) -> list[Any]:
        """The logits processors for the settings, then the grammar's mask last, so nothing
        after it can lift a token it ruled out. ``max_tokens``: the reply's budget (default
        the settings'), within which the grammar closes its document."""
        st = self.check_steering(steering or Steering())
        # mlx-lm's for logit bias and the repetition penalty; presence and frequency
        # penalties of our own, as OpenAI defines them (below)
        processors: list[Any] = make_logits_processors(
            logit_bias=st.logit_bias or None,
            repetition_penalty=s.repetition_penalty if s.repetition_penalty != 1.0 else None,
            repetition_context_size=s.repeat_last_n,
        )
        if s.dry_multiplier > 0:
            newlines, partial = self._vocabulary_kinds()
            processors.append(DryPenalty(Dry(multiplier=s.dry_multiplier), newlines, partial))
        if st.presence_penalty or st.frequency_penalty:
            processors.append(_Penalties(st.presence_penalty, st.frequency_penalty))
        if st.grammar is not None:
            # the template's stop strings: a grammar that makes the model write one fails
            # (the stop filter would cut the document); the client's own may cut it
            processors.append(GrammarProcessor(
                self._grammar_tokenizer(), st.grammar, stops=self.choice.stop,
                max_tokens=s.max_tokens if max_tokens is None else max_tokens))
        return processors

    def _vocabulary_kinds(self) -> tuple[set[int], set[int]]:
        """DRY's sequence breakers and byte tokens for this model, found once."""
        kept = self.loaded.kept
        if "dry_vocabulary" not in kept:
            kept["dry_vocabulary"] = vocabulary_kinds(self.loaded.tokenizer, self._vocabulary())
        return cast(tuple[set[int], set[int]], kept["dry_vocabulary"])

    def check_steering(self, steering: Steering) -> Steering:
        """One sentence for what this model cannot do as asked (a token id past its
        vocabulary would index past the end of the logits)."""
        vocab = self._vocabulary()
        outside = [i for i in steering.logit_bias if not 0 <= i < vocab]
        if outside:
            raise OrchardError(f"logit_bias names token {outside[0]}, but this model's "
                               f"vocabulary has {vocab} tokens (ids 0 to {vocab - 1}).")
        return steering

    def _vocabulary(self) -> int:
        """Rows of the output layer: the ids a logits processor may name."""
        return self.loaded.vocabulary

    def _grammar_tokenizer(self) -> Any:
        kept = self.loaded.kept
        if "grammar_tokenizer" not in kept:
            tok = self.loaded.tokenizer
            hf = tok.mlx_tokenizer()._tokenizer
            vocab = self.loaded.vocabulary
            kept["grammar_tokenizer"] = grammar_tokenizer(hf, vocab, sorted(tok.eos_token_ids))
        return kept["grammar_tokenizer"]

    def _logprob(self, token: int, logprobs: mx.array, top: int) -> TokenLogprob:
        """The sampled token's log-probability and the ``top`` likeliest at its place (those
        a grammar ruled out, at -inf, are left out). Each token's bytes are its own, from the
        vocabulary: a token holding part of a UTF-8 character decodes to U+FFFD alone."""
        vocab = self._grammar_tokenizer()

        def entry(i: int) -> tuple[str, bytes]:
            raw = bytes(vocab.decode_bytes([i]))
            return raw.decode("utf-8", errors="replace"), raw

        alternatives: list[tuple[str, float, bytes]] = []
        if top > 0:
            best = mx.argpartition(-logprobs, kth=top - 1)[:top]
            values = logprobs[best]
            order = mx.argsort(-values)
            ids = cast(list[int], best[order].tolist())
            values_list = cast(list[float], values[order].tolist())
            for i, v in zip(ids, values_list, strict=True):
                if math.isfinite(v):
                    text, raw = entry(int(i))
                    alternatives.append((text, float(v), raw))
        text, raw = entry(token)
        value = float(cast(float, logprobs[token].item()))
        return TokenLogprob(text, value if math.isfinite(value) else -9999.0, raw,
                            tuple(alternatives))

    def _leading_space(self, prompt_ids: list[int], generated: list[int], piece: str) -> str:
        """mlx-lm's streaming detokenizers drop the space a generation starts with (right for
        a new reply, wrong for one that carries on a sentence: "dragon" + "named"). Put it
        back when the generated ids, decoded after the prompt's last tokens, start with it."""
        if piece.startswith(" "):
            return piece
        decode = self.loaded.tokenizer.decode
        context = prompt_ids[-4:]
        before = decode(context)
        after = decode(context + generated)
        if after.startswith(before) and after[len(before):].startswith(" "):
            return " " + piece
        return piece

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
