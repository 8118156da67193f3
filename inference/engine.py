"""The engine: the one long-lived thread that owns the loaded model, for every front end.

MLX streams are per thread (mlx-lm#1181), so the model is loaded, used, swapped and dropped
on the one thread this module starts. The window's chat, its Local API, ``orchard serve``,
compare and quantize all queue jobs here, on one serial lane, in the order they came, except
that API requests arriving while others decode join them in one batch (:mod:`inference.batch`)
and the window's turn runs between two steps of that batch rather than after it. No Qt:
results go out through each job's ``sink`` callable (called on the engine thread), which the
server bridges onto its event loop and the Qt adapter (app/gui/chat/worker.py) turns into
signals.

Every job ends with exactly one terminal event in its sink:

- a chat or API generation: a :class:`GenerationChunk` with ``finish_reason`` set (API), a
  :class:`ReplyResult` (the window's chat), or a :class:`JobFailed`;
- a load: :class:`Loaded` or :class:`JobFailed`;
- a task (compare, quantize): :class:`TaskDone` or :class:`JobFailed`.

Jobs carry their own stop Event and their own sampling settings and template; the engine
never writes one job's settings where another would read them. State that front ends share
is the engine's and keyed: one :class:`~inference.session.ChatSession` per window
conversation, one for the API, and a small pool of KV caches (:mod:`inference.caches`) from
which each prompt takes the one sharing its longest prefix, so the window's conversation and
an API client's (or two clients') do not evict each other.

The engine never calls ``gc.collect()``: in the app, a collection on this thread could
destroy Qt objects caught in cycles away from the GUI thread. Dropping the references frees
the model's arrays (reference counting; tests check the memory comes back).
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Generator, Hashable
from concurrent.futures import Future
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, cast

import mlx.core as mx

from inference.batch import MAX_BATCH, Batch, batches, can_batch
from inference.caches import MAX_CACHES, PromptCaches
from inference.embeddings import Embedder, Embeddings
from inference.errors import OrchardError
from inference.model import defaults
from inference.model.load import LoadedModel, ModelInfo
from inference.model.memory import memory_budget_bytes
from inference.prompt.builder import Prompt
from inference.prompt.templates import ChatTemplate
from inference.saved_caches import SavedCaches, model_identity
from inference.session import ChatSession, offer_tools
from inference.types import GenerationChunk, Message, SamplingSettings, Steering

log = logging.getLogger(__name__)

T = TypeVar("T")
#: API jobs and calls that may wait behind the running job (then EngineBusy: a 503).
MAX_WAITING = 4
#: Window conversations whose sessions are kept (their turns, their dropped turns).
MAX_SESSIONS = 8
_REMEMBERED_REPLIES = 16


class EngineBusy(Exception):
    """The queue is full; the caller should try again later."""


class EngineClosed(Exception):
    """The engine has stopped and takes no more work."""


# --- requests and events ---------------------------------------------------------------------
@dataclass
class GenerationRequest:
    """An API request: a chat (``messages``) or a raw completion (``prompt``)."""

    messages: list[Message] | None = None
    prompt: str | None = None
    settings: SamplingSettings = field(default_factory=SamplingSettings)
    #: the client's tool definitions, rendered by the model's template (chats only)
    tools: list[dict[str, Any]] | None = None
    steering: Steering = field(default_factory=Steering)
    #: the model ids the request was checked against (None: any): when another model was
    #: loaded while it waited, it is refused, not answered by a model it did not ask for
    expect: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if (self.messages is None) == (self.prompt is None):
            raise ValueError("a request has either messages or a prompt")


@dataclass
class ChatRequest:
    """The window's turn in one conversation: ``kind`` is "reply" (answer the last user
    message), "regenerate" or "continue"; ``history`` is the conversation as saved."""

    conversation: Hashable
    kind: str
    history: list[Message]
    system_prompt: str | None
    settings: SamplingSettings
    context_length: int | None = None
    #: a preset name, a Jinja file, custom Jinja (ChatTemplate) or None: the model's choice
    template: str | ChatTemplate | None = None
    #: the earlier turns the last reply was sent without (as saved with it): a session made
    #: after a restart starts from the same turn, so the saved KV cache matches its prompt
    dropped_turns: int = 0
    #: the tools offered to the model (OpenAI's function shape: the user's MCP tools), and
    #: whether this reply may write text ("auto") or must call one of them ("required": a
    #: grammar writes the call's syntax, and its arguments follow the tool's schema)
    tools: list[dict[str, Any]] | None = None
    tool_choice: str = "auto"


@dataclass(frozen=True)
class JobFailed:
    """Terminal event of a job that could not run or broke off: one sentence for the user.

    ``code`` is ``"invalid_request"`` or ``"context_length_exceeded"`` for a request the
    engine refused (the caller's fault), ``"server_error"`` for anything else.
    """

    message: str
    code: str = "server_error"


@dataclass(frozen=True)
class Loaded:
    info: ModelInfo


@dataclass(frozen=True)
class LoadFailed(JobFailed):
    """A load that failed; ``kept`` is the model still (or again) loaded, if any, and
    ``kept_aliases`` what it was asked for by (its spec first)."""

    kept: ModelInfo | None = None
    kept_aliases: tuple[str, ...] = ()


@dataclass
class ReplyResult:
    kind: str
    content: str
    token_ids: list[int] | None
    final: GenerationChunk
    notice: str | None = None
    template_source: str = ""
    #: the calls of the request's tools the reply made (their text is not in ``content``),
    #: as chat templates take them: [{"id", "type", "function": {"name", "arguments": {}}}]
    tool_calls: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class PromptProgress:
    """How far the prompt of a chat turn has been read (between prefill chunks)."""

    done: int
    total: int


@dataclass(frozen=True)
class TaskDone:
    value: Any


#: What an API job sends: PromptProgress once its prompt is accepted (before it is read),
#: then chunks, the last with a finish reason; or JobFailed.
Event = GenerationChunk | JobFailed | PromptProgress
Sink = Callable[[Any], None]


def is_terminal(event: Any) -> bool:
    if isinstance(event, GenerationChunk):
        return event.finish_reason is not None
    return isinstance(event, JobFailed | Loaded | ReplyResult | TaskDone)


class StopFlag(threading.Event):
    """A job's stop flag that tells listeners when it is set: the window sets a reply's flag
    straight from the GUI thread, and an engine in another process
    (:mod:`inference.remote`) must hear of it at once, not when it next polls."""

    def __init__(self) -> None:
        super().__init__()
        self._listeners: list[Callable[[], None]] = []

    def listen(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)
        if self.is_set():
            callback()

    def set(self) -> None:
        super().set()
        for callback in list(self._listeners):
            callback()


class Job:
    """Queued or running work; :meth:`cancel` may be called from any thread."""

    bounded = False  # counted against max_waiting (API requests and calls)

    def __init__(self, sink: Sink, stop: threading.Event | None = None) -> None:
        self.sink = sink
        #: The job's own stop flag, so a late cancel of a finished job can never stop the next.
        self.stop = stop if stop is not None else threading.Event()
        self.done = threading.Event()
        #: The terminal event, once there is one.
        self.result: Any = None
        #: Gives back its place in the engine's queue (a bounded job that waits), once.
        self._unqueue: Callable[[Job], None] | None = None

    @property
    def cancelled(self) -> bool:
        return self.stop.is_set()

    def cancel(self) -> None:
        """Stop the job: skipped if it waits, ended within one token if it runs. A job that
        waits gives its place back at once: a client that left holds no place in line."""
        self.stop.set()
        if self._unqueue is not None:
            self._unqueue(self)

    def abandoned(self) -> Any:
        """The terminal event of a job dropped before it ran."""
        return JobFailed("The job was cancelled before it began.", "server_error")


def finish(job: Job, event: Any) -> None:
    """Deliver ``job``'s terminal event, once: later calls are ignored."""
    if job.result is not None:
        return
    job.result = event
    try:
        job.sink(event)
    except Exception:  # a sink whose consumer is gone must not stop the model's thread
        log.exception("could not deliver the end of a job")
    job.done.set()


def until_end(send: Callable[[Sink], Any]) -> Any:
    """Queue a job with ``send(sink)`` and wait for its terminal event (an engine's start)."""
    done: list[Any] = []
    ended = threading.Event()

    def sink(event: Any) -> None:
        if is_terminal(event) or isinstance(event, BaseException):
            done.append(event)
            ended.set()

    send(sink)
    ended.wait()
    return done[0]


def _stopped() -> GenerationChunk:
    return GenerationChunk(text="", finish_reason="stopped")


class ApiJob(Job):
    bounded = True

    def __init__(self, request: GenerationRequest, sink: Sink) -> None:
        super().__init__(sink)
        self.request = request

    def abandoned(self) -> Any:
        return _stopped()


class ChatJob(Job):
    def __init__(self, request: ChatRequest, sink: Sink, stop: threading.Event | None) -> None:
        super().__init__(sink, stop)
        self.request = request


class LoadJob(Job):
    def __init__(self, load: Callable[[], LoadedModel], aliases: tuple[str, ...],
                 context_length: int | None, sink: Sink,
                 check: Callable[[], object] | None = None, raw_errors: bool = False,
                 kv_bits: int | None = None) -> None:
        super().__init__(sink)
        self.load, self.aliases, self.context_length = load, aliases, context_length
        #: the KV cache's precision for this model (None: 16-bit)
        self.kv_bits = kv_bits
        self.check = check
        #: deliver a failure as the exception itself (start() re-raises it in its caller)
        self.raw_errors = raw_errors


@dataclass
class TaskContext:
    """What a task (compare, quantize) may use on the engine thread."""

    loaded: LoadedModel | None  # the model the engine holds now, to reuse rather than reload
    stop: threading.Event
    emit: Sink  # a progress event to the task's sink

    def take_loaded(self) -> LoadedModel | None:
        """The engine's model, handed over: in an exclusive task the caller's reference is
        then the only one, so the model's memory goes back as soon as the task lets go."""
        loaded, self.loaded = self.loaded, None
        return loaded


class TaskJob(Job):
    def __init__(self, fn: Callable[[TaskContext], Any], sink: Sink, *, failure: str,
                 out_of_memory: str, stop: threading.Event | None = None,
                 exclusive: bool = False) -> None:
        super().__init__(sink, stop)
        self.fn, self.failure, self.out_of_memory = fn, failure, out_of_memory
        self.exclusive = exclusive


class _Call(Job, Generic[T]):
    bounded = True

    def __init__(self, fn: Callable[[ChatSession], T]) -> None:
        super().__init__(lambda event: None)
        self.fn = fn
        self.future: Future[T] = Future()

    def abandoned(self) -> Any:
        self.future.cancel()
        return TaskDone(None)


class _Unload(Job):
    pass


class _Forget(Job):
    def __init__(self, conversation: Hashable) -> None:
        super().__init__(lambda event: None)
        self.conversation = conversation


def cache_owner(conversation: Hashable) -> str:
    """What a saved conversation's KV caches are filed under."""
    return f"conversation {conversation}"


# --- the engine ------------------------------------------------------------------------------
class Engine:
    """Owns one model at a time on one thread. ``start()`` starts the thread (and loads the
    model given as ``load``, raising its error); ``close()`` unloads and ends it.
    """

    def __init__(
        self,
        load: Callable[[], LoadedModel] | None = None,
        *,
        context_length: int | None = None,
        max_waiting: int = MAX_WAITING,
        aliases: tuple[str, ...] = (),
        make_session: Callable[..., ChatSession] = ChatSession,
        max_caches: int = MAX_CACHES,
        kv_bits: int | None = None,
        saved_caches_bytes: int | None = None,
        saved_caches_root: Path | None = None,
        batch_size: int = MAX_BATCH,
    ) -> None:
        self._initial = load
        #: API requests decoded together at most (1: one after another)
        self.batch_size = batch_size
        self._batch: Batch | None = None  # the API requests being decoded together
        self._initial_ctx = context_length
        self._initial_kv_bits = kv_bits
        #: KV caches saved on disk across restarts, at most this many bytes (None: none)
        self.saved_caches_bytes = saved_caches_bytes
        self._saved_caches_root = saved_caches_root
        self._conversation: Hashable = None  # the window's conversation served last
        self._forgotten: set[str] = set()  # cache owners of deleted conversations
        self._aliases = aliases
        self.max_waiting = max_waiting
        self._make_session = make_session
        self._max_caches = max_caches
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._waiting_bounded = 0
        self._thread = threading.Thread(target=self._run, name="orchard-engine", daemon=True)
        self._closed = False
        self._started = False
        self._current: Job | None = None
        # engine-thread state
        self.loaded: LoadedModel | None = None
        self._loaded_by: LoadJob | None = None  # to load the model again after a failed swap
        #: the model let go for an exclusive task, loaded again when a request needs it
        self._suspended: LoadJob | None = None
        self._caches: PromptCaches | None = None
        self._sessions: OrderedDict[Hashable, ChatSession] = OrderedDict()
        self._api: ChatSession | None = None
        self._replies: OrderedDict[str, list[int]] = OrderedDict()
        #: What the API names the loaded model and its context; replaced whole on each load
        #: (read from other threads).
        self.model_ids: tuple[str, ...] = ()
        self.context_length = 0
        #: The chat template API chats are rendered with (the model's own choice)
        self.chat_template = ""
        #: Where that template came from, in words (the model card shows it)
        self.template_source = ""
        #: The embedding model last asked for (spec, model): engine thread only
        self._embedder: tuple[str, Embedder] | None = None
        #: What is known of the loaded model (its format, architecture, quantization, whether
        #: it sees images), for the API's model descriptions; None while none is loaded
        self.model_info: ModelInfo | None = None

    @property
    def model_id(self) -> str:
        return self.model_ids[0] if self.model_ids else ""

    # --- life -----------------------------------------------------------------------------
    def start(self) -> Engine:
        """Start the thread; with a ``load`` given, load it there and re-raise its error.
        (Without one, the first job starts the thread.)"""
        self._start_thread()
        if self._initial is not None:
            end = until_end(lambda sink: self.load(
                self._initial, sink, aliases=self._aliases,  # type: ignore[arg-type]
                context_length=self._initial_ctx, raw_errors=True,
                kv_bits=self._initial_kv_bits))
            if isinstance(end, BaseException):
                self.close()
                raise end
        return self

    def close(self, timeout: float | None = 10.0) -> None:
        """Stop the running job, end the waiting ones, unload the model on its thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        running = self._current
        if running is not None:
            running.cancel()
        batch = self._batch
        if batch is not None:
            batch.cancel_all()
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item.cancel()
                finish(item, item.abandoned())
        self._queue.put(None)
        # (from a sink, on the engine thread itself, the thread ends after the running job)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _start_thread(self) -> None:
        with self._lock:
            if not self._started:
                self._started = True
                self._thread.start()

    @property
    def closed(self) -> bool:
        return self._closed

    # --- work, from any thread -------------------------------------------------------------
    def load(self, load: Callable[[], LoadedModel], sink: Sink, *,
             aliases: tuple[str, ...] = (), context_length: int | None = None,
             check: Callable[[], object] | None = None, raw_errors: bool = False,
             kv_bits: int | None = None) -> Job:
        """Swap the loaded model for another; ``sink`` gets Loaded or LoadFailed.

        ``check`` (headers only: is it readable, complete, will it fit?) runs first, while the
        current model is still loaded: a model that fails it never costs the user the one
        they have. One that passes but then fails to load is followed by the previous one,
        loaded again, so the user is never left without a model they had."""
        job = LoadJob(load, aliases, context_length, sink, check, raw_errors, kv_bits)
        self._put(job)
        return job

    def unload(self) -> None:
        self._put(_Unload(lambda event: None))

    def forget(self, conversation: Hashable) -> None:
        """The conversation was deleted: its KV caches go, in memory and on disk (on the
        engine thread, after the running job), and are never saved again, not even at
        close. Returns at once (the window calls it from the GUI thread)."""
        with self._lock:
            self._forgotten.add(cache_owner(conversation))
        try:
            self._put(_Forget(conversation))
        except EngineClosed:
            pass

    def chat(self, request: ChatRequest, sink: Sink,
             stop: threading.Event | None = None) -> Job:
        """The window's turn: chunks, then a ReplyResult or a JobFailed."""
        job = ChatJob(request, sink, stop)
        self._put(job)
        return job

    def submit(self, request: GenerationRequest, sink: Sink) -> Job:
        """An API request: chunks, then a terminal chunk or a JobFailed. At most
        ``max_waiting`` API jobs and calls wait; beyond that :class:`EngineBusy`."""
        job = ApiJob(request, sink)
        self._put(job)
        return job

    def task(self, fn: Callable[[TaskContext], Any], sink: Sink, *, failure: str,
             out_of_memory: str, stop: threading.Event | None = None,
             exclusive: bool = False) -> Job:
        """Run ``fn`` on the engine thread (compare, quantize): progress events it emits, then
        TaskDone or JobFailed.

        ``exclusive``: the task loads models of its own and the engine's must not sit beside
        them (compare holds one model at a time): the engine lets go of its model for the
        task (which may still use it, :meth:`TaskContext.take_loaded`) and loads it again
        when the next chat or API request needs it."""
        job = TaskJob(fn, sink, failure=failure, out_of_memory=out_of_memory, stop=stop,
                      exclusive=exclusive)
        self._put(job)
        return job

    def embed(self, spec: str, texts: list[str], sink: Sink) -> Job:
        """Embed ``texts`` with the embedding model ``spec``, loaded on first use and kept
        beside the chat model (one at a time): TaskDone(Embeddings) or JobFailed."""
        def work(context: TaskContext) -> Embeddings:
            if self._embedder is None or self._embedder[0] != spec:
                self._embedder = None
                mx.clear_cache()
                self._embedder = (spec, Embedder(spec))
            return self._embedder[1].embed(texts)

        return self.task(work, sink, failure="Embedding the texts failed",
                         out_of_memory="Ran out of memory while embedding; send fewer or "
                                       "shorter texts.")

    def call(self, fn: Callable[[ChatSession], T]) -> Future[T]:
        """Run ``fn`` on the API's chat session, on the engine thread (tests, tools)."""
        item: _Call[T] = _Call(fn)
        self._put(item)
        return item.future

    def _put(self, job: Job) -> None:
        with self._lock:
            if self._closed:
                raise EngineClosed("The model has been unloaded.")
            if job.bounded:
                if self._waiting_bounded >= self.max_waiting:
                    raise EngineBusy("The model is busy with other requests; try again shortly.")
                self._waiting_bounded += 1
                job._unqueue = self._unqueue
            self._queue.put(job)
        self._start_thread()

    def _unqueue(self, job: Job) -> None:
        """``job`` no longer waits (it was cancelled, or it starts): its place is free."""
        with self._lock:
            if job._unqueue is not None:
                job._unqueue = None
                self._waiting_bounded -= 1

    # --- the engine thread -----------------------------------------------------------------
    def _run(self) -> None:
        try:
            while True:
                job = self._queue.get()
                if job is None:
                    break
                self._run_one(job)
        finally:
            self._release()
            # Finish MLX's work and destroy this thread's streams here, on the thread that
            # made them: left to the thread's end, MLX tears them down in the background,
            # and a process that exits meanwhile aborts.
            mx.synchronize()
            mx.clear_cache()
            mx.clear_streams()
            log.info("engine stopped")

    def _run_one(self, job: Job) -> None:
        if job.bounded:
            self._unqueue(job)
        before, self._current = self._current, job
        try:
            self._dispatch(job)
        finally:
            self._current = before
            finish(job, JobFailed("The job ended without a result.", "server_error"))

    def _head(self) -> Job | None:
        """The job first in line, left there (None: none, or the engine is closing)."""
        with self._queue.mutex:
            return self._queue.queue[0] if self._queue.queue else None

    def _take_head(self, job: Job) -> bool:
        """Take ``job`` out of the line if it is still first (only this thread takes jobs
        while the engine runs; :meth:`close` empties the line and ends them itself)."""
        with self._queue.mutex:
            if self._queue.queue and self._queue.queue[0] is job:
                self._queue.queue.popleft()
                return True
        return False

    def _dispatch(self, job: Job) -> None:
        if self._suspended is not None and isinstance(job, ChatJob | ApiJob | _Call):
            self._resume()
        if isinstance(job, LoadJob) and job.cancelled:  # Esc in the picker while it waited
            kept = self.loaded.info if self.loaded is not None else None
            by = self._loaded_by if kept is not None else None
            finish(job, LoadFailed("Loading was cancelled.", "cancelled", kept,
                                   by.aliases if by else ()))
        elif isinstance(job, LoadJob):
            self._load(job)
        elif isinstance(job, _Unload):
            self._suspended = None
            self._release()
            finish(job, TaskDone(None))
        elif isinstance(job, _Forget):
            self._forget(job.conversation)
            finish(job, TaskDone(None))
        elif isinstance(job, ChatJob):  # stopped while it waited: the session says so
            self._guard(job, lambda: self._chat(job),
                        out_of_memory="Ran out of memory while generating; try a shorter context.",
                        failure="Generating the reply failed")
        elif job.cancelled:  # its client left, or the API was switched off, while it waited
            finish(job, job.abandoned())
        elif isinstance(job, ApiJob):
            self._serve(job)
        elif isinstance(job, TaskJob):
            context = TaskContext(self.loaded, job.stop, job.sink)
            if job.exclusive:
                self._suspend()
            self._guard(job, lambda: TaskDone(job.fn(context)),
                        out_of_memory=job.out_of_memory, failure=job.failure)
            del context
            mx.clear_cache()
        elif isinstance(job, _Call):
            self._call(job)

    def _guard(self, job: Job, work: Callable[[], Any], *, out_of_memory: str,
               failure: str) -> None:
        """Run ``work`` and end ``job`` with its result or one sentence, whatever happens."""
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - the front end must always hear back
            finish(job, _failed(exc, out_of_memory=out_of_memory, failure=failure))
        else:
            finish(job, result)

    # --- loading ---------------------------------------------------------------------------
    def _release(self) -> None:
        """Drop the model and everything made from it, and give its memory back."""
        self.model_ids = ()
        self.context_length = 0
        self.chat_template = ""
        self.template_source = ""
        self.model_info = None
        self._drop_model()

    def _drop_model(self) -> None:
        """Let go of the model, its sessions and caches (saved to disk first, when the engine
        keeps them there), and give their memory back."""
        try:
            self._persist()
        except Exception:  # noqa: BLE001 - a cache is never worth losing the model over
            log.exception("the KV caches could not be saved")
        self._conversation = None
        self._sessions.clear()
        self._api = None
        self._caches = None
        self._replies.clear()
        self.loaded = None
        mx.clear_cache()

    @property
    def stepped_aside(self) -> bool:
        """The model was let go for an exclusive task (compare) and comes back when next
        needed (read from any thread)."""
        return self._suspended is not None

    def _suspend(self) -> None:
        """Let go of the model for an exclusive task, remembering how it was loaded. What
        describes it (model_ids, context_length, chat_template) stays: it will be back."""
        if self.loaded is None:
            return
        self._suspended = self._loaded_by
        self._drop_model()
        log.info("model let go for a task; loaded again when next needed")

    def _resume(self) -> None:
        """Load again the model let go by :meth:`_suspend`; if it cannot be (its file went
        away), the engine is left empty and the request says no model is loaded."""
        job, self._suspended = self._suspended, None
        if job is None:
            return
        try:
            self._use(job.load(), job)
        except Exception:  # noqa: BLE001 - the request that follows says what is missing
            log.exception("the model could not be loaded again after the task")
            self._release()

    def _load(self, job: LoadJob) -> None:
        previous = self._loaded_by if self.loaded is not None else self._suspended
        self._suspended = None
        if job.check is not None:
            try:
                job.check()
            except Exception as exc:  # noqa: BLE001 - the user hears one sentence
                self._load_failed(job, exc, restore=None)
                return
        self._release()
        try:
            loaded = job.load()
        except BaseException as exc:
            self._release()
            if job.raw_errors:  # start() re-raises it in its caller
                finish(job, exc)
            elif isinstance(exc, Exception):
                self._load_failed(job, exc, restore=previous)
            else:
                raise
            return
        try:  # its caches are made here: a model whose KV cache cannot be quantized says so
            info = self._use(loaded, job).info
        except Exception as exc:  # noqa: BLE001 - the user hears one sentence
            del loaded
            self._release()
            self._load_failed(job, exc, restore=previous)
            return
        finish(job, Loaded(info))

    def _load_failed(self, job: LoadJob, exc: Exception, restore: LoadJob | None) -> None:
        """End a failed load with one sentence, after loading ``restore`` again if given
        (the model it replaced); with no restore the current model was never unloaded."""
        reason = _failed(exc, out_of_memory="The model does not fit in memory; pick a smaller one.",
                         failure="The model could not be loaded").message
        if restore is not None:
            try:
                self._use(restore.load(), restore)
            except Exception:  # noqa: BLE001 - the first failure is what the user asked about
                log.exception("the previous model could not be loaded again")
                self._release()
        kept = self.loaded.info if self.loaded is not None else None
        if kept is not None:
            reason = f"{reason} {kept.name} is still loaded."
        by = self._loaded_by if kept is not None else None
        finish(job, LoadFailed(reason, "invalid_request", kept, by.aliases if by else ()))

    def _use(self, loaded: LoadedModel, job: LoadJob) -> LoadedModel:
        self.loaded = loaded
        self._loaded_by = job
        # a few caches, and together at most a quarter of what the model may use
        info = loaded.info
        self._caches = PromptCaches(getattr(loaded, "cache_model", None),
                                    max_entries=self._max_caches,
                                    max_bytes=memory_budget_bytes() // 4, kv_bits=job.kv_bits,
                                    head_dim=getattr(info, "head_dim", 0),
                                    disk=self._disk(loaded, job.kv_bits))
        # the same rule, and KV-cache bits, as the load's memory check
        self.context_length = defaults.context_length(loaded.info, job.context_length,
                                                       job.kv_bits)
        self.chat_template = loaded.choice.template.text
        self.template_source = str(getattr(loaded.choice.template, "source", ""))
        self.model_info = loaded.info
        self.model_ids = tuple(dict.fromkeys([loaded.info.key, *job.aliases]))
        return loaded

    def _disk(self, loaded: LoadedModel, kv_bits: int | None) -> SavedCaches | None:
        if not self.saved_caches_bytes:
            return None
        info = loaded.info
        try:
            identity = model_identity(info, kv_bits, loaded.exact)
        except (OSError, AttributeError) as exc:  # gone meanwhile, or no file: memory only
            log.warning("KV caches of %s will not be saved: %s", info.name, exc)
            return None
        return SavedCaches(identity, root=self._saved_caches_root,
                           cap_bytes=self.saved_caches_bytes,
                           layers=(info.n_kv_heads, info.head_dim))

    def _forget(self, conversation: Hashable) -> None:
        self._sessions.pop(conversation, None)
        if self._conversation == conversation:
            self._conversation = None
        self._persist(save=False)

    def _persist(self, *, save: bool = True) -> None:
        """Save the pool's caches to disk, all but those of deleted conversations, which
        are let go (and their files deleted)."""
        if self._caches is None:
            with self._lock:
                forgotten = set(self._forgotten)
            if forgotten and self.saved_caches_bytes:
                self._forget_saved(forgotten)
            return
        with self._lock:
            forgotten = set(self._forgotten)
        for owner in forgotten:
            self._caches.forget(owner)
        if save:
            self._caches.persist()
        if forgotten and self.saved_caches_bytes:
            self._forget_saved(forgotten)

    def _forget_saved(self, owners: set[str]) -> None:
        try:
            saved = SavedCaches(root=self._saved_caches_root)
            for owner in owners:
                saved.forget(owner)
        except (OSError, sqlite3.Error) as exc:
            log.warning("the saved KV caches of a deleted conversation stay: %s", exc)

    # --- the window's chat -----------------------------------------------------------------
    def _session(self, request: ChatRequest) -> ChatSession:
        """The conversation's session, made again only when what it was made with changed."""
        if self.loaded is None:
            raise OrchardError("No model is loaded yet; pick one in the model menu.")
        key = request.conversation
        session = self._sessions.get(key)
        ctx = request.context_length or None
        if session is not None and (
            session.system_prompt != request.system_prompt
            or session.requested_template != request.template
            or (ctx is not None and session.context_length != ctx)
        ):
            session = None
        if session is None:
            session = self._make_session(
                # not chosen: the context the model loaded with (its KV-cache bits counted)
                self.loaded, system_prompt=request.system_prompt,
                context_length=ctx or self.context_length or None,
                template=request.template, caches=self._caches,
            )
        self._sessions[key] = session
        self._sessions.move_to_end(key)
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        return session

    def _chat(self, job: ChatJob) -> ReplyResult:
        r = job.request
        with self._lock:  # a conversation restored after a delete is saved again
            self._forgotten.discard(cache_owner(r.conversation))
        if self._conversation is not None and r.conversation != self._conversation:
            self._persist()  # the last conversation was left: its cache goes to disk
        self._conversation = r.conversation
        session = self._session(r)
        session.cache_owner = cache_owner(r.conversation)
        session.follow(r.history, dropped_turns=r.dropped_turns)
        steering = session.steering
        notice = offer_tools(session, r.tools, r.tool_choice)

        def progress(done: int, total: int) -> None:
            job.sink(PromptProgress(done, total))

        write = (session.regenerate if r.kind == "regenerate"
                 else session.continue_reply if r.kind == "continue" else session.reply)
        final: GenerationChunk | None = None
        try:
            chunks = write(cancel=job.stop, settings=r.settings, progress=progress)
            try:
                for chunk in chunks:
                    if chunk.finish_reason is not None:
                        final = chunk
                        break
                    job.sink(chunk)  # (a call's text is held back: its tokens still count)
            finally:  # a generator: closed at once, as contextlib.closing would
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
        finally:  # the tools and their grammar are this request's, not the session's
            session.tools, session.tool_format, session.steering = None, None, steering
        if final is None:
            raise OrchardError("The reply ended without a result.")
        reply = session.messages[-1]
        return ReplyResult(r.kind, reply.content, reply.token_ids, final,
                           notice or session.notice, session.choice.source,
                           tool_calls=reply.tool_calls)

    # --- the API ---------------------------------------------------------------------------
    def render(self, request: GenerationRequest) -> Prompt:
        """``request``'s prompt as a reply to it would be sent (template, tools, images),
        without queueing anything: for counting tokens (``/tokenize``, Anthropic's
        count_tokens). Safe from any thread: only the template and the tokenizer run (and a
        vision model's image processor), on the model loaded when it is called."""
        loaded = self.loaded
        if loaded is None:
            raise OrchardError("No model is loaded in Orchard right now; choose one in the "
                               "app and try again.")
        session = ChatSession(loaded, system_prompt="", context_length=self.context_length
                              or None)
        return self._rendered(session, request)

    def _model(self, missing: str) -> LoadedModel:
        loaded = self.loaded
        if loaded is None:
            raise OrchardError(missing)
        return loaded

    def preview(self, history: list[Message], system_prompt: str | None,
                template: str | ChatTemplate | None,
                context_length: int | None = None, settings: SamplingSettings | None = None,
                dropped_turns: int = 0, tools: list[dict[str, Any]] | None = None
                ) -> tuple[str, int, str]:
        """Exactly what ``history`` would send (text, token count, template source), turns
        that no longer fit the context left out, as the window's session for it would; with
        the ``tools`` it offers, as their template renders them.
        Called off the engine thread: a session of its own uses only the tokenizer and Jinja
        (sandboxed: the template is untrusted code), never MLX, so this is safe beside a
        running reply."""
        if self.loaded is None and self.stepped_aside:
            raise OrchardError("The model has stepped aside while Compare runs; the prompt "
                               "can be seen again once it is done.")
        model = self._model("Load a model to see the prompt it is sent.")
        session = ChatSession(model, system_prompt=system_prompt, template=template,
                              context_length=context_length or self.context_length or None)
        session.follow(history, dropped_turns=dropped_turns)
        offer_tools(session, tools)
        prompt = session.prompt_to_send(settings)
        return prompt.text, len(prompt.ids), prompt.template_source

    def tokenize(self, text: str, add_bos: bool = False) -> list[int]:
        """``text`` in the loaded model's tokens, as plain text (from any thread)."""
        model = self._model("Load a model to count tokens.")
        return list(model.tokenizer.encode(text, add_bos=add_bos))

    def detokenize(self, ids: list[int]) -> str:
        """The text of ``ids``; an id outside the vocabulary is one sentence (any thread)."""
        model = self._model("No model is loaded in Orchard right now.")
        vocab = model.vocabulary
        bad = next((t for t in ids if not 0 <= t < vocab), None)
        if bad is not None:
            raise _RequestError(f"Token {bad} is not in this model's vocabulary (ids 0 to "
                                f"{vocab - 1}).")
        return str(model.tokenizer.decode(ids))

    def _api_session(self) -> ChatSession:
        if self._api is None:
            assert self.loaded is not None
            self._api = ChatSession(self.loaded, system_prompt="", caches=self._caches,
                                    context_length=self.context_length)
        return self._api

    def _can_serve(self, job: ApiJob) -> bool:
        """Whether the loaded model is the one ``job`` is for; if not, it is ended."""
        if self.loaded is None:
            finish(job, JobFailed("No model is loaded in Orchard right now; choose one in the "
                                  "app and try again.", "server_error"))
            return False
        expect = job.request.expect
        if expect is not None and tuple(self.model_ids) != tuple(expect):
            finish(job, JobFailed("Another model was loaded while this request waited; send it "
                                  "again.", "model_changed"))
            return False
        return True

    def _serve(self, job: ApiJob) -> None:
        if not self._can_serve(job):
            return
        try:
            session = self._api_session()
            if self.batch_size > 1 and can_batch(session) and batches(job.request.settings):
                self._serve_batch(job, session)
                return
            prompt = self._prompt(session, job.request)
            session.check_steering(job.request.steering)
            job.sink(PromptProgress(0, len(prompt.ids)))  # accepted: the server may answer
            settings = job.request.settings
            # raw completions are plain text: the template's stop strings do not apply
            stops = (session.stops_for(settings) if job.request.messages is not None
                     else list(settings.stop))
            reply: list[str] = []
            # closing(): the generator's own clean-up (cache bookkeeping, the reply's ids)
            # must run now, on this thread, even when we leave the loop early.
            chunks = cast(Generator[GenerationChunk, None, None],
                          session.generate(prompt, settings=settings, stops=stops,
                                           cancel=job.stop, steering=job.request.steering))
            with closing(chunks) as stream:
                for chunk in stream:
                    reply.append(chunk.text)
                    if chunk.finish_reason is not None:
                        finish(job, chunk)
                        break
                    if job.cancelled:  # checked here too, whatever generate() does with it
                        finish(job, GenerationChunk(
                            text="", finish_reason="stopped", prompt_tokens=len(prompt.ids),
                            generation_tokens=chunk.generation_tokens,
                        ))
                        break
                    job.sink(chunk)
            self._remember(session, "".join(reply))
        except OrchardError as exc:
            finish(job, JobFailed(str(exc), getattr(exc, "api_code", "invalid_request")))
        except Exception as exc:  # the model's thread must outlive any one request
            log.exception("generation failed")
            finish(job, JobFailed(f"Generation failed: {exc}", "server_error"))

    # --- continuous batching -----------------------------------------------------------------
    def _serve_batch(self, first: ApiJob, session: ChatSession) -> None:
        """Decode ``first`` and the API requests that come while it runs, together.

        Between two steps the line is looked at: API requests join the batch (up to
        ``batch_size``); the window's turn (and the quick jobs: a call, a forget) runs at
        once, whole, while the batch waits, so API traffic never starves the window's chat
        (the window's reply runs at its full speed; API clients pause for it); a load, an
        unload or a task waits until the batch is done, admitting no one meanwhile."""
        batch = Batch(session, remember=self._remember_ids, size=self.batch_size)
        self._batch = batch
        try:
            self._join(batch, session, first)
            while len(batch):
                self._between_steps(batch, session)
                try:
                    events = batch.step()
                except Exception as exc:  # the model's own failure: every member hears it
                    failed = _failed(exc, out_of_memory="Ran out of memory while generating; "
                                     "send fewer requests at once or shorter ones.",
                                     failure="Generation failed")
                    for job in batch.jobs:
                        finish(job, failed)
                    return
                for job, event in events:
                    if isinstance(event, Exception):
                        finish(job, _failed(event, out_of_memory="Ran out of memory while "
                                            "generating.", failure="Generation failed"))
                    elif event.finish_reason is not None:
                        finish(job, event)
                    else:
                        job.sink(event)
        finally:
            self._batch = None
            batch.close()

    def _between_steps(self, batch: Batch, session: ChatSession) -> None:
        while True:
            head = self._head()
            if isinstance(head, ApiJob) and not batch.full and (
                    head.cancelled or batches(head.request.settings)):
                if self._take_head(head):
                    self._unqueue(head)
                    self._join(batch, session, head)
            elif isinstance(head, ChatJob | _Call | _Forget):
                if self._take_head(head):
                    self._run_one(head)
            else:
                return

    def _join(self, batch: Batch, session: ChatSession, job: ApiJob) -> None:
        if job.cancelled:
            finish(job, job.abandoned())
            return
        if not self._can_serve(job):
            return
        try:
            prompt = self._prompt(session, job.request)
            settings = job.request.settings
            stops = (session.stops_for(settings) if job.request.messages is not None
                     else list(settings.stop))
            batch.admit(job, prompt, settings, job.request.steering, stops)
            job.sink(PromptProgress(0, len(prompt.ids)))  # accepted: the server may answer
        except OrchardError as exc:
            finish(job, JobFailed(str(exc), getattr(exc, "api_code", "invalid_request")))
        except Exception as exc:  # the model's thread must outlive any one request
            log.exception("generation failed")
            finish(job, JobFailed(f"Generation failed: {exc}", "server_error"))

    def _prompt(self, session: ChatSession, request: GenerationRequest) -> Prompt:
        prompt = self._rendered(session, request)
        if len(prompt.ids) >= session.context_length:
            raise _ContextExceeded(
                f"The prompt is {len(prompt.ids)} tokens long, more than this model's context "
                f"of {session.context_length} tokens allows; shorten it."
            )
        return prompt

    def _rendered(self, session: ChatSession, request: GenerationRequest) -> Prompt:
        if request.messages is not None:
            messages = [
                replace(m, token_ids=self._replies.get(m.content))
                if m.role == "assistant" and not m.tool_calls else m
                for m in request.messages
            ]
            prompt = session.build_prompt(messages, tools=request.tools)
        else:
            text = request.prompt or ""
            # Raw prompts are plain text too: typed control tokens stay text.
            ids = session.loaded.tokenizer.encode(text, parse_special=False)
            prompt = Prompt(text, ids, "raw")
        if not prompt.ids:
            raise _RequestError("The prompt is empty.")
        return prompt

    def _remember(self, session: ChatSession, text: str) -> None:
        ids = session.last_reply_ids
        if ids is not None:
            self._remember_ids(text, ids)

    def _remember_ids(self, text: str, ids: list[int]) -> None:
        """Keep a reply's generated ids, for when a client sends the reply back to us, so a
        conversation that quotes it verbatim matches the cache token for token."""
        loaded = self.loaded
        if not text or loaded is None or loaded.tokenizer.decode(ids) != text:
            return
        self._replies[text] = list(ids)
        self._replies.move_to_end(text)
        while len(self._replies) > _REMEMBERED_REPLIES:
            self._replies.popitem(last=False)

    def _call(self, job: _Call[Any]) -> None:
        if not job.future.set_running_or_notify_cancel():
            finish(job, TaskDone(None))
            return
        try:
            if self.loaded is None:
                raise OrchardError("No model is loaded.")
            job.future.set_result(job.fn(self._api_session()))
        except BaseException as exc:
            job.future.set_exception(exc)
        finish(job, TaskDone(None))


class EngineLike(Protocol):
    """What an :class:`ApiDoor` uses of an engine: :class:`Engine` in this process, or
    inference.remote's ProcessEngine in a child of its own (the window's engine either way)."""

    @property
    def model_ids(self) -> tuple[str, ...]: ...
    @property
    def model_id(self) -> str: ...
    @property
    def context_length(self) -> int: ...
    @property
    def chat_template(self) -> str: ...
    @property
    def model_info(self) -> ModelInfo | None: ...

    def render(self, request: GenerationRequest) -> Prompt: ...
    def tokenize(self, text: str, add_bos: bool = False) -> list[int]: ...
    def detokenize(self, ids: list[int]) -> str: ...
    def embed(self, spec: str, texts: list[str], sink: Sink) -> Job: ...
    def submit(self, request: GenerationRequest, sink: Sink) -> Job: ...


class ApiDoor:
    """The server's view of the engine (``EngineLike``): its API jobs, which :meth:`close`
    ends (the Local API switched off) while the engine and the window go on."""

    def __init__(self, engine: EngineLike) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._open: set[Job] = set()
        self._closed = False

    @property
    def model_ids(self) -> tuple[str, ...]:
        return self.engine.model_ids

    @property
    def model_id(self) -> str:
        return self.engine.model_id

    @property
    def context_length(self) -> int:
        return self.engine.context_length

    @property
    def chat_template(self) -> str:
        return self.engine.chat_template

    @property
    def model_info(self) -> ModelInfo | None:
        return self.engine.model_info

    # what only the tokenizer and the template need, and embeddings: as the engine does them
    def render(self, request: GenerationRequest) -> Prompt:
        return self.engine.render(request)

    def tokenize(self, text: str, add_bos: bool = False) -> list[int]:
        return self.engine.tokenize(text, add_bos)

    def detokenize(self, ids: list[int]) -> str:
        return self.engine.detokenize(ids)

    def embed(self, spec: str, texts: list[str], sink: Sink) -> Job:
        return self.engine.embed(spec, texts, sink)

    @property
    def open_jobs(self) -> int:
        with self._lock:
            return len(self._open)

    def submit(self, request: GenerationRequest, sink: Sink) -> Job:
        jobs: list[Job] = []

        def deliver(event: Any) -> None:  # on the engine thread
            if is_terminal(event):
                with self._lock:
                    self._open.difference_update(jobs)
            sink(event)

        with self._lock:
            if self._closed:
                raise EngineClosed("The app's Local API has been switched off.")
        job = self.engine.submit(request, deliver)
        with self._lock:
            if job.result is None:
                self._open.add(job)
            jobs.append(job)
        return job

    def close(self) -> None:
        """Take no more jobs; stop the running one and those still waiting."""
        with self._lock:
            self._closed = True
            jobs = list(self._open)
        for job in jobs:
            job.cancel()


def _failed(exc: Exception, *, out_of_memory: str, failure: str) -> JobFailed:
    """One sentence for what went wrong: an OrchardError says its own; anything unexpected
    is logged and named after ``failure``."""
    if isinstance(exc, OrchardError):
        return JobFailed(str(exc), getattr(exc, "api_code", "invalid_request"))
    if isinstance(exc, MemoryError):
        return JobFailed(out_of_memory)
    log.error("%s", failure, exc_info=exc)
    return JobFailed(f"{failure} ({type(exc).__name__}: {exc}).")


class _RequestError(OrchardError):
    api_code = "invalid_request"


class _ContextExceeded(OrchardError):
    api_code = "context_length_exceeded"
