"""One long-lived thread that owns a loaded model; every front end queues its work on it.

MLX streams are per thread (mlx-lm#1181), so the model is loaded, used and dropped on the one
thread this module starts. The local API server submits requests here now; the Qt inference
worker can host the same engine later, so the GUI and the API share one model, one KV cache and
one queue. No Qt in this module: results go out through a plain ``sink`` callable, which the
server bridges onto its event loop and a Qt worker would turn into a signal.

Every job ends with exactly one terminal event in its sink: a :class:`GenerationChunk` with
``finish_reason`` set ("stop", "length" or "stopped") or a :class:`JobFailed`.

The engine keeps one chat session for everything it serves. Each request renders its whole
message list, and the session reuses the KV cache for the prefix it shares with the previous
request, so a client that resends a growing conversation processes only its new turn.
Replies the engine generated keep their token ids, so a conversation that quotes them back
verbatim matches the cache token for token.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Generator
from concurrent.futures import Future
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

import mlx.core as mx

from inference.errors import OrchardError
from inference.model.load import LoadedModel
from inference.prompt.builder import Prompt
from inference.session import ChatSession, GenerationChunk, Message, SamplingSettings

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
MAX_WAITING = 4
_REMEMBERED_REPLIES = 16


class EngineBusy(Exception):
    """The queue is full; the caller should try again later."""


class EngineClosed(Exception):
    """The engine has stopped and takes no more work."""


@dataclass(frozen=True)
class JobFailed:
    """Terminal event of a job that could not run or broke off.

    ``code`` is ``"invalid_request"`` or ``"context_length_exceeded"`` for a request the
    engine refused (the caller's fault), ``"server_error"`` for anything else.
    """

    message: str
    code: str = "server_error"


@dataclass
class GenerationRequest:
    """A chat (``messages``) or a raw completion (``prompt``), with its sampling settings."""

    messages: list[Message] | None = None
    prompt: str | None = None
    settings: SamplingSettings = field(default_factory=SamplingSettings)

    def __post_init__(self) -> None:
        if (self.messages is None) == (self.prompt is None):
            raise ValueError("a request has either messages or a prompt")


Event = GenerationChunk | JobFailed
Sink = Callable[[Event], None]


class Job:
    """A queued or running generation; :meth:`cancel` may be called from any thread."""

    def __init__(self, request: GenerationRequest, sink: Sink) -> None:
        self.request = request
        self.sink = sink
        #: The job's own stop flag: the engine hands it to the session as its cancel Event,
        #: so a late cancel of a finished job can never stop the next one.
        self.stop = threading.Event()
        self.done = threading.Event()
        #: The terminal event, once there is one.
        self.result: Event | None = None

    @property
    def cancelled(self) -> bool:
        return self.stop.is_set()

    def cancel(self) -> None:
        """Stop the job: skipped if it waits, ended within one token if it runs."""
        self.stop.set()


class _ApiSession(ChatSession):
    """A ChatSession whose stop strings can leave out the template's (raw completions)."""

    template_stops = True

    @property
    def stop_strings(self) -> list[str]:
        template = self.choice.stop if self.template_stops else []
        return list(dict.fromkeys([*self.settings.stop, *template]))


def finish(job: Job, event: Event) -> None:
    """Deliver ``job``'s terminal event, once: later calls are ignored."""
    if job.result is not None:
        return
    job.result = event
    try:
        job.sink(event)
    except Exception:  # a sink whose consumer is gone must not stop the model's thread
        log.exception("could not deliver the end of a job")
    job.done.set()


class ApiRunner:
    """Runs API jobs on one loaded model, on the thread that owns that model: the
    :class:`Engine`'s for ``orchard serve``, the app's inference worker for its Local API.

    It keeps its own chat session (and so its own KV cache) beside any the GUI has: the
    weights are shared, a client's conversation never evicts the window's.
    """

    def __init__(self, loaded: LoadedModel, *, context_length: int | None = None,
                 aliases: tuple[str, ...] = ()) -> None:
        self.session = _ApiSession(loaded, system_prompt="", settings=SamplingSettings(),
                                   context_length=context_length)
        self.context_length = self.session.context_length
        self.model_id = loaded.info.key
        self.model_ids = tuple(dict.fromkeys([loaded.info.key, *aliases]))
        self._replies: OrderedDict[str, list[int]] = OrderedDict()

    def run(self, job: Job) -> None:
        """Generate for ``job``, ending it with exactly one terminal event."""
        session = self.session
        try:
            if job.cancelled:
                finish(job, GenerationChunk(text="", finish_reason="stopped"))
                return
            prompt = self._prompt(session, job.request)
            session.settings = job.request.settings
            session.template_stops = job.request.messages is not None
            session.cancel = job.stop
            reply: list[str] = []
            # closing(): the generator's own clean-up (cache bookkeeping, the reply's ids)
            # must run now, on this thread, even when we leave the loop early.
            try:
                chunks = cast(Generator[GenerationChunk, None, None], session.generate(prompt))
                with closing(chunks) as stream:
                    for chunk in stream:
                        reply.append(chunk.text)
                        if chunk.finish_reason is not None:
                            finish(job, chunk)
                            break
                        if job.cancelled:  # checked here too, whatever generate() does with it
                            finish(job, GenerationChunk(
                                text="", finish_reason="stopped",
                                prompt_tokens=len(prompt.ids),
                                generation_tokens=chunk.generation_tokens,
                            ))
                            break
                        job.sink(chunk)
            finally:
                session.cancel = threading.Event()
            self._remember(session, "".join(reply))
        except OrchardError as exc:
            finish(job, JobFailed(str(exc), getattr(exc, "api_code", "invalid_request")))
        except Exception as exc:  # the model's thread must outlive any one request
            log.exception("generation failed")
            finish(job, JobFailed(f"Generation failed: {exc}", "server_error"))
        finally:
            finish(job, JobFailed("Generation ended without a result.", "server_error"))

    def _prompt(self, session: _ApiSession, request: GenerationRequest) -> Prompt:
        if request.messages is not None:
            messages = [
                Message(m.role, m.content, self._replies.get(m.content))
                if m.role == "assistant" else m
                for m in request.messages
            ]
            prompt = session.build_prompt(messages)
        else:
            text = request.prompt or ""
            # Raw prompts are plain text too: typed control tokens stay text.
            ids = session.loaded.tokenizer.encode(text, parse_special=False)
            prompt = Prompt(text, ids, "raw")
        if not prompt.ids:
            raise _RequestError("The prompt is empty.")
        if len(prompt.ids) >= session.context_length:
            raise _ContextExceeded(
                f"The prompt is {len(prompt.ids)} tokens long, more than this model's context "
                f"of {session.context_length} tokens allows; shorten it."
            )
        return prompt

    def _remember(self, session: _ApiSession, text: str) -> None:
        """Keep a reply's generated ids, for when a client sends the reply back to us."""
        ids = session.last_reply_ids
        if not text or ids is None or session.loaded.tokenizer.decode(ids) != text:
            return
        self._replies[text] = list(ids)
        self._replies.move_to_end(text)
        while len(self._replies) > _REMEMBERED_REPLIES:
            self._replies.popitem(last=False)


class Engine:
    """Owns one model on one thread. ``start()`` loads it there; ``close()`` ends the thread.

    ``submit`` queues a generation and ``call`` any function of the session; at most
    ``max_waiting`` jobs wait behind the running one, beyond that both raise
    :class:`EngineBusy`.
    """

    def __init__(
        self,
        load: Callable[[], LoadedModel],
        *,
        context_length: int | None = None,
        max_waiting: int = MAX_WAITING,
        aliases: tuple[str, ...] = (),
    ) -> None:
        self._load = load
        self._context_length = context_length
        self._aliases = aliases
        self._queue: queue.Queue[Job | _Call[Any] | None] = queue.Queue(maxsize=max_waiting)
        self._thread = threading.Thread(target=self._run, name="orchard-engine", daemon=True)
        self._ready = threading.Event()
        self._load_error: BaseException | None = None
        self._closed = False
        self._runner: ApiRunner | None = None
        self._current: Job | None = None
        self.model_id = ""
        self.model_ids: tuple[str, ...] = ()
        self.context_length = 0

    # --- life -----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the thread and load the model on it; re-raises a load error here."""
        self._thread.start()
        self._ready.wait()
        if self._load_error is not None:
            self._closed = True
            self._thread.join()
            raise self._load_error

    def close(self, timeout: float | None = 10.0) -> None:
        """Stop the running job, drop the waiting ones, unload the model on its thread."""
        if self._closed:
            return
        self._closed = True
        running = self._current
        if running is not None:
            running.cancel()
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            _abandon(item)
        self._queue.put(None)  # room is guaranteed: the queue was just emptied
        self._thread.join(timeout)

    # --- work -----------------------------------------------------------------------------
    def submit(self, request: GenerationRequest, sink: Sink) -> Job:
        """Queue a generation; its events go to ``sink`` from the engine thread."""
        job = Job(request, sink)
        self._put(job)
        return job

    def call(self, fn: Callable[[ChatSession], T]) -> Future[T]:
        """Run ``fn(session)`` on the engine thread (load-bound work, tests, the GUI)."""
        item: _Call[T] = _Call(fn, Future())
        self._put(item)
        return item.future

    def _put(self, item: Job | _Call[Any]) -> None:
        if self._closed:
            raise EngineClosed("The model has been unloaded.")
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            raise EngineBusy("The model is busy with other requests; try again shortly.") from None

    # --- the engine thread ---------------------------------------------------------------
    def _run(self) -> None:
        try:
            runner = ApiRunner(self._load(), context_length=self._context_length,
                               aliases=self._aliases)
        except BaseException as exc:  # handed to start(), which raises it in the caller
            self._load_error = exc
            self._unload()
            self._ready.set()
            return
        self._runner = runner
        self.context_length = runner.context_length
        self.model_id, self.model_ids = runner.model_id, runner.model_ids
        self._ready.set()
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    break
                if isinstance(item, _Call):
                    item.run(runner.session)
                else:
                    self._current = item
                    runner.run(item)
                    self._current = None
        finally:
            del runner
            self._unload()

    def _unload(self) -> None:
        # Free the model's arrays, finish MLX work and destroy this thread's streams here,
        # on the thread that made them. Left to the thread's end, MLX tears the streams down
        # in the background, and a process that exits meanwhile aborts ("terminate called
        # without an active exception").
        self._runner = None
        gc.collect()
        mx.synchronize()
        mx.clear_cache()
        mx.clear_streams()
        log.info("engine stopped")


class _RequestError(OrchardError):
    api_code = "invalid_request"


class _ContextExceeded(OrchardError):
    api_code = "context_length_exceeded"


@dataclass
class _Call(Generic[R]):
    fn: Callable[[ChatSession], R]
    future: Future[R]

    def run(self, session: ChatSession) -> None:
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            self.future.set_result(self.fn(session))
        except BaseException as exc:
            self.future.set_exception(exc)


def _abandon(item: Job | _Call[Any] | None) -> None:
    if isinstance(item, Job):
        item.cancel()
        finish(item, GenerationChunk(text="", finish_reason="stopped"))
    elif isinstance(item, _Call):
        item.future.cancel()
