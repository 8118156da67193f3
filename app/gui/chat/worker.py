"""The window's side of the engine: its jobs go to :class:`inference.engine.Engine`, its
events come back as Qt signals.

The engine (no Qt) is the one thread that owns the model, for the window, its Local API and
compare; this adapter only queues the window's jobs there and turns their events into
signals. The events cross to the GUI thread through :mod:`app.gui.bridge`, so every signal
is emitted there. Stop sets the reply's ``threading.Event`` straight from the GUI thread,
since a queued "stop" would wait behind the busy generation loop.

Every job ends in exactly one outcome signal (``loaded``/``load_failed`` for a load,
``finished``/``failed`` for a reply), so the window can never hang in "generating".

Signals:
    loaded(object): a ModelInfo for the model now loaded.
    load_failed(str): one sentence for the user.
    kept(object, str): after load_failed, the ModelInfo and spec of the model still loaded
        (never unloaded, or loaded again), so the user is not left without one.
    prompt_progress(int, int): tokens of the prompt read so far, of how many (long prompts).
    tokens(str): streamed text, batched to at most 30 updates a second.
    speed(int, float): while a reply streams, the tokens written so far and the rate since
        the first one.
    finished(object): a ReplyResult.
    failed(str): one sentence for the user.
    interrupted(str): the model's process ended under the reply (it is kept, marked
        interrupted); one sentence for the user.
    lost(str, str): the model's process ended (a crash, a kill); one sentence, and the spec
        of the model being loaded again ("" if none). Its outcome follows as ``kept`` or
        ``load_failed``.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.gui.bridge import Batcher, on_gui, to_gui
from inference.engine import (
    ChatRequest,
    Engine,
    JobFailed,
    Loaded,
    LoadFailed,
    PromptProgress,
    ReplyResult,
    StopFlag,
)
from inference.errors import OrchardError
from inference.prompt.templates import ChatTemplate
from inference.remote import LOST, EngineLost, ProcessEngine
from inference.types import GenerationChunk, Message, SamplingSettings

log = logging.getLogger(__name__)

__all__ = ["InferenceWorker", "LoadRequest", "ReplyResult"]


@dataclass
class LoadRequest:
    spec: str
    context_length: int | None = None
    exact: bool = False
    #: the KV cache's precision (None: 16-bit; 8 or 4: quantized)
    kv_bits: int | None = None
    #: a draft model for speculative decoding (its spec), or None
    draft: str | None = None


def _default_load(request: LoadRequest) -> Any:
    from inference.model.load import load_model

    loaded = load_model(request.spec, exact=request.exact, ctx=request.context_length,
                        kv_bits=request.kv_bits)
    if request.draft:
        import dataclasses

        from inference.errors import OrchardError
        from inference.model.load import attach_draft

        try:
            attach_draft(loaded, request.draft)
        except OrchardError as exc:
            # the model runs without it (a draft that cannot load must not keep the model
            # from loading at every start); said with the first reply
            loaded.choice = dataclasses.replace(
                loaded.choice, notice=f"{exc} The model runs without a draft.")
    return loaded


def _default_check(request: LoadRequest) -> None:
    """What can be known from headers, before the loaded model is given up for this one:
    readable, complete (an MLX folder with its tokenizer), and small enough."""
    from inference.model.defaults import context_length
    from inference.model.load import inspect_model

    info = inspect_model(request.spec, exact=request.exact)
    bits = request.kv_bits
    info.memory(context_length(info, request.context_length, bits), bits).check(info.name)


class InferenceWorker(QObject):
    loaded = Signal(object)
    load_failed = Signal(str)
    kept = Signal(object, str)
    prompt_progress = Signal(int, int)
    tokens = Signal(str)
    speed = Signal(int, float)
    finished = Signal(object)
    failed = Signal(str)
    interrupted = Signal(str)
    lost = Signal(str, str)

    def __init__(
        self,
        load: Callable[[LoadRequest], Any] = _default_load,
        make_session: Callable[..., Any] | None = None,
        engine: Engine | ProcessEngine | None = None,
        check: Callable[[LoadRequest], object] | None = None,
    ) -> None:
        super().__init__()
        self._load = load
        self._check = check if check is not None or load is not _default_load else _default_check
        if engine is None:
            # its thread starts with the first job
            engine = (Engine(make_session=make_session) if make_session is not None
                      else Engine())
        self.engine = engine
        self._current: StopFlag | None = None
        self._load_job: Any = None
        listen = getattr(engine, "listen", None)
        if listen is not None:  # an engine in a child process: its crashes and reloads
            listen(on_gui(self, self._engine_news))

    @property
    def context_length(self) -> int:
        """The loaded model's context, in tokens, as the engine serves it (0: none loaded)."""
        return int(self.engine.context_length)

    # --- called from the GUI thread -------------------------------------------------------
    def stop(self) -> None:
        """Stop the reply in progress within one token (thread-safe)."""
        current = self._current
        if current is not None:
            current.set()

    def load_model(self, request: LoadRequest) -> None:
        check = self._check
        self._load_job = None
        # partials, not closures: an engine in another process gets them pickled
        self._load_job = self.engine.load(
            functools.partial(self._load, request), on_gui(self, self._load_ended),
            aliases=(request.spec,), context_length=request.context_length,
            kv_bits=request.kv_bits,
            check=functools.partial(check, request) if check is not None else None)

    def cancel_load(self) -> None:
        """Stop the load in progress (thread-safe): at once where the engine runs in a
        process of its own; the model loaded before comes back (``kept``)."""
        job = self._load_job
        if job is not None:
            job.cancel()

    # --- the engine's events, on the GUI thread -------------------------------------------
    def _load_ended(self, event: Any) -> None:
        if isinstance(event, Loaded):
            self.loaded.emit(event.info)
        elif isinstance(event, JobFailed):
            self.load_failed.emit(event.message)
            if isinstance(event, LoadFailed) and event.kept is not None:
                self.kept.emit(event.kept, (event.kept_aliases or ("",))[0])

    def _engine_news(self, event: Any) -> None:
        if isinstance(event, EngineLost):
            self.lost.emit(event.message, event.reloading)
        elif isinstance(event, Loaded):
            self.kept.emit(event.info, getattr(event, "spec", ""))
        elif isinstance(event, JobFailed):
            self.load_failed.emit(event.message)

    def unload(self) -> None:
        self.engine.unload()

    def generate(self, request: ChatRequest, stop: StopFlag) -> None:
        """The window's turn, queued on the engine; ``stop`` ends it within one token."""
        self._current = stop
        self.engine.chat(request, _ReplySink(self), stop=stop)

    def preview(
        self, history: list[Message], system_prompt: str | None,
        template: str | ChatTemplate | None,
        context_length: int | None = None, settings: SamplingSettings | None = None,
        dropped_turns: int = 0, tools: list[dict[str, Any]] | None = None,
    ) -> tuple[str, int, str]:
        """Exactly what ``history`` would send (with the ``tools`` offered), turns that no
        longer fit the context left out, as the engine's session for it would. Called from a
        background task (never the GUI thread: the template is untrusted code); only the
        tokenizer and Jinja run, never MLX, so this is safe beside a running reply."""
        if self.engine.stepped_aside:
            raise OrchardError(self.tr("The model has stepped aside while Compare runs; the "
                                       "prompt can be seen again once it is done."))
        if not self.engine.model_ids:
            raise OrchardError(self.tr("Load a model to see the prompt it is sent."))
        return self.engine.preview(history, system_prompt, template,  # type: ignore[no-any-return]
                                   context_length, settings, dropped_turns, tools)

    def count_tokens(self, text: str) -> int:
        """``text``'s length in the loaded model's tokens (as user content: plain text).
        Called from a background task; the tokenizer alone is used, never MLX."""
        if not self.engine.model_ids:
            raise OrchardError(self.tr("Load a model to count tokens."))
        return len(self.engine.tokenize(text, add_bos=False))

    def close(self) -> None:
        """Stop any reply, let the engine finish its job, save its KV caches, unload and end
        its thread (a long conversation's cache can take seconds to write)."""
        self.stop()
        self.engine.close(timeout=30.0)


class _ReplySink:
    """A reply's events, on the engine thread: text batched (at most 30 updates a second),
    then one outcome, each handed to the GUI thread as the worker's signals."""

    def __init__(self, worker: InferenceWorker) -> None:
        self.worker = worker
        self.text = Batcher(self._streamed)
        self.written = 0  # tokens so far (the chunks' running count)
        self.first_at: float | None = None  # when the first token came

    def __call__(self, event: Any) -> None:
        w = self.worker
        if isinstance(event, PromptProgress):
            to_gui(w, w.prompt_progress.emit, event.done, event.total)
        elif isinstance(event, GenerationChunk):
            if event.generation_tokens > self.written:
                if self.first_at is None:
                    self.first_at = time.monotonic()
                self.written = event.generation_tokens
            self.text.add(event.text)
        elif isinstance(event, ReplyResult):
            self.text.add(event.final.text)
            self.text.flush()
            to_gui(w, w.finished.emit, event)
        elif isinstance(event, JobFailed):
            self.text.flush()
            to_gui(w, (w.interrupted if event.code == LOST else w.failed).emit, event.message)

    def _streamed(self, text: str) -> None:
        w = self.worker
        to_gui(w, w.tokens.emit, text)
        if self.first_at is not None and self.written > 1:
            seconds = time.monotonic() - self.first_at
            rate = (self.written - 1) / seconds if seconds > 0 else 0.0
            to_gui(w, w.speed.emit, self.written, rate)
