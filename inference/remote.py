"""The engine in a child process, so that a crash of the model does not take the app with it.

On a Mac, Metal aborts the whole process when a command buffer runs out of memory (a context
too long for the model, a second large model, a bad kernel); a segfault in a kernel or a kill
by the system under memory pressure does the same. :class:`ProcessEngine` runs the
:class:`~inference.engine.Engine` in a process of its own, started with ``spawn`` (Metal and
Qt do not survive ``fork``), and offers the front ends the same API: jobs with their own stop,
events with exactly one terminal event each. Only the transport changes: requests and events
are pickled over a :func:`multiprocessing.Pipe`, so what front ends hand the engine (a load,
a task) must be picklable: module-level functions and :func:`functools.partial`, not lambdas.

When the child dies unexpectedly, every job in flight ends with a :class:`JobFailed` whose
code is :data:`LOST` (the window keeps the partial reply, marked interrupted; the API answers
503), the listeners hear one sentence (:class:`EngineLost`), and a new child starts and loads
the last model that loaded cleanly (its Loaded or LoadFailed goes to the listeners too).

What only the child can do now, the parent does by ending the child: a load is cancelled at
once (the child is killed and the previous model loaded again in a new one), and an unloaded
model's memory goes back to the system (the child exits; the next job starts a fresh one).

The child's log records come to this process's loggers, under their own names.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import pickle
import signal
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from inference.engine import (
    MAX_WAITING,
    ChatRequest,
    EngineBusy,
    EngineClosed,
    GenerationRequest,
    Job,
    JobFailed,
    Loaded,
    LoadFailed,
    Sink,
    StopFlag,
    TaskContext,
    TaskDone,
    finish,
    is_terminal,
    until_end,
)
from inference.errors import OrchardError
from inference.types import Message, SamplingSettings

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The code of a job's JobFailed when the model's process ended under it.
LOST = "engine_lost"
#: Seconds a child is given to save its caches and exit before it is killed.
CLOSE_GRACE_S = 30.0


@dataclass(frozen=True)
class EngineLost:
    """To the listeners: the model's process ended unexpectedly; one sentence for the user
    (whether the last model is being loaded again is part of it)."""

    message: str
    #: the model being loaded again ("" when none was loaded)
    reloading: str = ""


@dataclass(frozen=True)
class Reloaded(Loaded):
    """To the listeners: the last clean model is loaded again (after a crash, or after a
    load was cancelled); ``spec`` is what it was asked for by."""

    spec: str = ""


@dataclass(frozen=True)
class _LoadSpec:
    """A load as it was asked for, to do again in a new child after a crash."""

    load: Callable[[], Any]
    aliases: tuple[str, ...]
    context_length: int | None
    kv_bits: int | None


def ended_how(exitcode: int | None) -> str:
    """One sentence for how the model's process ended."""
    if exitcode == -signal.SIGKILL:
        return ("The model's process was stopped (killed by the system, most often when "
                "memory runs out).")
    if exitcode == -signal.SIGABRT:
        return ("The model's process aborted (on a Mac, most often the GPU running out of "
                "memory: try a shorter context or a smaller model).")
    if exitcode in (-signal.SIGSEGV, -signal.SIGBUS):
        return "The model's process crashed."
    return f"The model's process ended unexpectedly (exit code {exitcode})."


# --- the parent's side ------------------------------------------------------------------------
class RemoteJob(Job):
    """A job sent to the child; :meth:`cancel` reaches it there at once."""

    def __init__(self, engine: ProcessEngine, kind: str, sink: Sink,
                 stop: StopFlag | None = None, spec: _LoadSpec | None = None) -> None:
        super().__init__(sink, stop if stop is not None else StopFlag())
        self.id = next(_ids)
        self.kind = kind
        self.spec = spec
        self.child: _Child | None = None
        #: set when the child reads the load's model (cancelling it then ends the child)
        self.reading = threading.Event()
        self._engine = engine
        self.stop.listen(self._stopped)  # type: ignore[attr-defined]

    def cancel(self) -> None:
        self.stop.set()

    def _stopped(self) -> None:
        self._engine._cancel(self)


_ids = itertools.count(1)


class _Child:
    """One child process, its pipe, the thread reading it and the jobs sent to it."""

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.send_lock = threading.Lock()
        self.jobs: dict[int, RemoteJob] = {}
        self.answers: dict[int, Future[Any]] = {}
        self.lock = threading.Lock()
        #: ended on purpose (close, unload, a cancelled load): not a crash
        self.retiring = False
        #: the load that follows a crash, so that a second crash does not loop
        self.reload: RemoteJob | None = None
        self.reader: threading.Thread | None = None
        #: its pipe has closed: nothing more is registered with it
        self.dead = False
        #: it has closed its engine (caches saved) and is exiting, or its pipe has closed
        self.closed = threading.Event()

    def send(self, message: tuple[Any, ...]) -> None:
        with self.send_lock:
            self.conn.send(message)


class ProcessEngine:
    """:class:`~inference.engine.Engine`'s API, the model in a child process."""

    def __init__(
        self,
        load: Callable[[], Any] | None = None,
        *,
        context_length: int | None = None,
        max_waiting: int = MAX_WAITING,
        aliases: tuple[str, ...] = (),
        kv_bits: int | None = None,
        saved_caches_bytes: int | None = None,
        saved_caches_root: Path | None = None,
        batch_size: int | None = None,
    ) -> None:
        self._initial = (_LoadSpec(load, aliases, context_length, kv_bits)
                         if load is not None else None)
        self.max_waiting = max_waiting
        self._saved_caches_bytes = saved_caches_bytes
        self._options: dict[str, Any] = {"max_waiting": max_waiting,
                                         "saved_caches_root": saved_caches_root}
        if batch_size is not None:
            self._options["batch_size"] = batch_size
        self._lock = threading.RLock()
        self._child: _Child | None = None
        self._closed = False
        self._last_clean: _LoadSpec | None = None
        self._listeners: list[Sink] = []
        # What the child last said of its model (replaced whole; read from any thread)
        self.model_ids: tuple[str, ...] = ()
        self.context_length = 0
        self.chat_template = ""
        self.template_source = ""
        self.model_info: Any = None
        self._stepped_aside = False
        #: the child's process id (tests and the benchmark kill it)
        self.pid: int | None = None

    # --- what front ends read ---------------------------------------------------------------
    @property
    def model_id(self) -> str:
        return self.model_ids[0] if self.model_ids else ""

    @property
    def stepped_aside(self) -> bool:
        return self._stepped_aside

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def saved_caches_bytes(self) -> int | None:
        return self._saved_caches_bytes

    @saved_caches_bytes.setter
    def saved_caches_bytes(self, value: int | None) -> None:
        self._saved_caches_bytes = value
        child = self._child
        if child is not None:
            self._send(child, ("set", "saved_caches_bytes", value))

    def listen(self, listener: Sink) -> None:
        """``listener`` hears :class:`EngineLost` and the reload that follows (Loaded or
        LoadFailed), on a thread of this engine's."""
        self._listeners.append(listener)

    # --- life -------------------------------------------------------------------------------
    def start(self) -> ProcessEngine:
        """Start the child; with a ``load`` given, load it there and raise its error."""
        with self._lock:
            self._ensure_child()
        spec = self._initial
        if spec is not None:
            end = until_end(lambda sink: self.load(
                spec.load, sink, aliases=spec.aliases, context_length=spec.context_length,
                kv_bits=spec.kv_bits))
            if isinstance(end, JobFailed):
                self.close()
                raise OrchardError(end.message)
        return self

    def close(self, timeout: float | None = 10.0) -> None:
        """End the running job and the waiting ones; the child saves its caches and exits."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            child, self._child = self._child, None
        if child is not None:
            self._retire(child, timeout if timeout is not None else CLOSE_GRACE_S)

    def unload(self) -> threading.Event:
        """Let go of the model; its memory goes back to the system (the child exits, after
        saving its caches; the next job starts a new one). Returns at once; the Event is
        set once the process has ended."""
        gone = threading.Event()
        with self._lock:
            self._last_clean = None
            child, self._child = self._child, None
            self._set_state({})
        if child is None:
            gone.set()
            return gone

        def retire() -> None:
            self._retire(child, CLOSE_GRACE_S)
            gone.set()

        threading.Thread(target=retire, name="orchard-engine-unload", daemon=True).start()
        return gone

    def _retire(self, child: _Child, timeout: float) -> None:
        child.retiring = True
        try:
            child.send(("close", timeout))
        except (OSError, ValueError):
            pass
        if child.closed.wait(timeout + 5.0):  # all saved: its teardown may be cut short
            child.process.join(5.0)
            if child.process.is_alive():
                log.info("the model's process is slow to exit after saving; it is stopped")
        else:
            child.process.join(1.0)
            if child.process.is_alive():
                log.warning("the model's process did not end in time; it is stopped")
        if child.process.is_alive():
            child.process.kill()
            child.process.join(5.0)
        if child.reader is not None and child.reader is not threading.current_thread():
            child.reader.join(5.0)

    def _ensure_child(self) -> _Child:
        """The running child, started if there is none (under ``self._lock``)."""
        if self._closed:
            raise EngineClosed("The model has been unloaded.")
        if self._child is None:
            context = multiprocessing.get_context("spawn")
            mine, theirs = context.Pipe(duplex=True)
            options = {**self._options, "saved_caches_bytes": self._saved_caches_bytes}
            process = context.Process(target=child_main, args=(theirs, options),
                                      name="orchard-engine", daemon=True)
            # Ctrl+C in a terminal goes to the whole process group; this process decides. The
            # child ignores it once it runs; until then (Python starting) it is held back:
            # a blocked signal stays blocked in the child. (From any thread, unlike SIG_IGN.)
            block = getattr(signal, "pthread_sigmask", None)
            held = block(signal.SIG_BLOCK, {signal.SIGINT}) if block is not None else None
            try:
                process.start()
            finally:
                if block is not None and held is not None and signal.SIGINT not in held:
                    block(signal.SIG_UNBLOCK, {signal.SIGINT})
            theirs.close()  # so that the child's end gives EOF here when it dies
            child = _Child(process, mine)
            child.reader = threading.Thread(target=self._read, args=(child,),
                                            name="orchard-engine-reader", daemon=True)
            child.reader.start()
            self._child = child
            self.pid = process.pid
            log.info("the model's process started (pid %s)", process.pid)
        return self._child

    # --- work ---------------------------------------------------------------------------------
    def load(self, load: Callable[[], Any], sink: Sink, *, aliases: tuple[str, ...] = (),
             context_length: int | None = None, check: Callable[[], object] | None = None,
             raw_errors: bool = False, kv_bits: int | None = None) -> Job:
        """As :meth:`Engine.load`; ``job.cancel()`` ends a load at once (see the module)."""
        spec = _LoadSpec(load, aliases, context_length, kv_bits)
        job = RemoteJob(self, "load", sink, spec=spec)
        self._post(job, ("load", job.id, load, aliases, context_length, check, kv_bits))
        return job

    def chat(self, request: ChatRequest, sink: Sink, stop: Any = None) -> Job:
        if stop is not None and not isinstance(stop, StopFlag):
            raise TypeError("a reply's stop must be a StopFlag to reach another process")
        job = RemoteJob(self, "chat", sink, stop)
        self._post(job, ("chat", job.id, request))
        return job

    def submit(self, request: GenerationRequest, sink: Sink) -> Job:
        job = RemoteJob(self, "submit", sink)
        self._post(job, ("submit", job.id, request), acked=True)
        return job

    def task(self, fn: Callable[[TaskContext], Any], sink: Sink, *, failure: str,
             out_of_memory: str, stop: Any = None, exclusive: bool = False) -> Job:
        if stop is not None and not isinstance(stop, StopFlag):
            raise TypeError("a task's stop must be a StopFlag to reach another process")
        job = RemoteJob(self, "task", sink, stop)
        self._post(job, ("task", job.id, fn, failure, out_of_memory, exclusive))
        return job

    def embed(self, spec: str, texts: list[str], sink: Sink) -> Job:
        job = RemoteJob(self, "embed", sink)
        self._post(job, ("embed", job.id, spec, texts))
        return job

    def call(self, fn: Callable[[Any], T]) -> Future[T]:
        """Run ``fn`` (picklable) on the API's chat session in the child; its result back."""
        future: Future[T] = Future()

        def sink(event: Any) -> None:
            if isinstance(event, TaskDone):
                future.set_result(event.value)
            elif isinstance(event, JobFailed):
                future.set_exception(OrchardError(event.message))

        job = RemoteJob(self, "call", sink)
        self._post(job, ("call", job.id, fn), acked=True)
        return future

    def forget(self, conversation: Hashable) -> None:
        with self._lock:
            if self._closed:
                return
            child = self._ensure_child()
        self._send(child, ("forget", conversation))

    # --- what only the tokenizer and the template need (answered beside a running reply) ------
    def preview(self, history: list[Message], system_prompt: str | None, template: Any,
                context_length: int | None = None, settings: SamplingSettings | None = None,
                dropped_turns: int = 0, tools: list[dict[str, Any]] | None = None
                ) -> tuple[str, int, str]:
        value: tuple[str, int, str] = self._ask("preview", history, system_prompt, template,
                                                context_length, settings, dropped_turns, tools)
        return value

    def tokenize(self, text: str, add_bos: bool = False) -> list[int]:
        value: list[int] = self._ask("tokenize", text, add_bos)
        return value

    def detokenize(self, ids: list[int]) -> str:
        value: str = self._ask("detokenize", ids)
        return value

    def render(self, request: GenerationRequest) -> Any:
        return self._ask("render", request)

    def _ask(self, name: str, *args: Any) -> Any:
        with self._lock:
            child = self._ensure_child()
            future: Future[Any] = Future()
            key = next(_ids)
            with child.lock:
                if child.dead:
                    raise OrchardError("The model's process has ended; try again shortly.")
                child.answers[key] = future
        self._send(child, ("ask", key, name, args))
        return future.result()

    # --- plumbing -----------------------------------------------------------------------------
    def _post(self, job: RemoteJob, message: tuple[Any, ...], *, acked: bool = False) -> None:
        ack: Future[Any] | None = None
        with self._lock:
            child = self._ensure_child()
            job.child = child
            with child.lock:
                if child.dead:
                    raise EngineClosed("The model's process has ended; try again shortly.")
                child.jobs[job.id] = job
                if acked:
                    ack = Future()
                    child.answers[-job.id] = ack
        try:
            child.send(message)
        except (OSError, ValueError, pickle.PicklingError, AttributeError, TypeError) as exc:
            with child.lock:
                child.jobs.pop(job.id, None)
                child.answers.pop(-job.id, None)
            if isinstance(exc, OSError | ValueError):
                raise EngineClosed("The model's process has ended; try again shortly.") from None
            raise
        if ack is not None:
            refusal = ack.result()
            if refusal is not None:
                with child.lock:
                    child.jobs.pop(job.id, None)
                kind, text = refusal
                raise (EngineBusy if kind == "busy" else EngineClosed)(text)
        if job.stop.is_set():  # stopped before it was sent
            self._cancel(job)

    def _send(self, child: _Child, message: tuple[Any, ...]) -> None:
        try:
            child.send(message)
        except (OSError, ValueError):  # the child has gone: its reader deals with that
            pass

    def _cancel(self, job: RemoteJob) -> None:
        child = job.child
        if child is None or job.done.is_set():
            return
        if job.reading.is_set():  # reading a model cannot be interrupted in place: end the process
            self._end_for_cancel(child, job)
            return
        self._send(child, ("cancel", job.id))

    def _end_for_cancel(self, child: _Child, job: RemoteJob) -> None:
        with self._lock:
            if self._child is not child:
                return
            self._child = None
            self._set_state({})
        child.retiring = True
        with child.lock:  # this load is answered below, not by the pipe's closing (a race:
            child.jobs.pop(job.id, None)  # "the process ended" could reach the user first)
        log.info("loading cancelled: the model's process is stopped")
        child.process.kill()
        # the last clean model comes back in a new process (what is sent next queues after
        # it); the old one's reader ends its other jobs
        self._reload("")
        finish(job, LoadFailed("Loading was cancelled.", "cancelled"))

    def _read(self, child: _Child) -> None:
        while True:
            try:
                message = child.conn.recv()
            except (EOFError, OSError):
                break
            except Exception:  # noqa: BLE001 - an event that cannot be read: the rest can
                log.exception("an event from the model's process could not be read")
                continue
            try:
                self._handle(child, message)
            except Exception:  # noqa: BLE001 - a listener's failure must not end the reading
                log.exception("an event from the model's process could not be delivered")
        child.closed.set()  # (nothing more will come: a close need not wait for it)
        child.process.join(10.0)
        child.conn.close()
        self._ended(child)

    def _handle(self, child: _Child, message: tuple[Any, ...]) -> None:
        what = message[0]
        if what == "event":
            _, key, event = message
            job = child.jobs.get(key)
            if job is None:
                return
            if is_terminal(event):
                with child.lock:
                    child.jobs.pop(key, None)
                if job.kind == "load" and child is self._child:
                    self._loaded(job, event)
                finish(job, event)
            else:
                job.sink(event)
        elif what == "state":
            if child is self._child:
                self._set_state(message[1])
        elif what == "loading":
            job = child.jobs.get(message[1])
            if job is not None:
                job.reading.set()
                if job.stop.is_set():
                    self._cancel(job)
        elif what == "answer":
            _, key, ok, value = message
            with child.lock:
                future = child.answers.pop(key, None)
            if future is not None:
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        elif what == "closed":
            child.closed.set()
        elif what == "log":
            _, level, name, text = message
            logging.getLogger(name).log(level, "%s", text)

    def _loaded(self, job: RemoteJob, event: Any) -> None:
        if isinstance(event, Loaded):
            self._last_clean = job.spec
        elif isinstance(event, LoadFailed) and event.kept is None:
            self._last_clean = None

    def _set_state(self, state: dict[str, Any]) -> None:
        self.model_ids = tuple(state.get("model_ids", ()))
        self.context_length = int(state.get("context_length", 0))
        self.chat_template = str(state.get("chat_template", ""))
        self.template_source = str(state.get("template_source", ""))
        self.model_info = state.get("model_info")
        self._stepped_aside = bool(state.get("stepped_aside", False))

    def _ended(self, child: _Child) -> None:
        """The child's pipe closed: end what it still owed; after a crash, start again."""
        with self._lock:
            current = child is self._child
            if current:
                self._child = None
                self._set_state({})
        crashed = current and not child.retiring and not self._closed
        sentence = ended_how(child.process.exitcode) if crashed else ""
        with child.lock:
            child.dead = True
            jobs = list(child.jobs.values())
            child.jobs.clear()
            answers = list(child.answers.items())
            child.answers.clear()
        if crashed:  # first the new process and the reload: what is sent next queues after it
            log.error("%s", sentence)
            if child.reload is not None:  # it died loading the model again: do not loop
                self._last_clean = None
                self._tell(EngineLost(f"{sentence} The model could not be loaded again; pick "
                                      "it in the model menu to try once more."))
            else:
                self._reload(sentence)
        gone = (f"{sentence} Try again." if crashed else
                "The model's process ended before this was done; try again.")
        for key, future in answers:
            if key < 0:
                future.set_result(("closed", gone))
            else:
                future.set_exception(OrchardError(gone))
        for job in jobs:
            if child.retiring and not crashed and job.kind != "load" and job.cancelled:
                finish(job, job.abandoned())
            elif job.kind == "load":
                finish(job, LoadFailed(gone, LOST))
            else:
                finish(job, JobFailed(gone, LOST))

    def _reload(self, sentence: str) -> None:
        """A new child, and in it the last model that loaded cleanly (told to listeners)."""
        spec = self._last_clean
        name = spec.aliases[0] if spec is not None and spec.aliases else ""
        if sentence:
            again = f" Loading {Path(name).name} again." if spec is not None else ""
            self._tell(EngineLost(sentence + again, name if spec is not None else ""))
        if spec is None or self._closed:
            return
        def told(event: Any) -> None:
            self._tell(Reloaded(event.info, name) if isinstance(event, Loaded) else event)

        try:
            job = self.load(spec.load, told, aliases=spec.aliases,
                            context_length=spec.context_length, kv_bits=spec.kv_bits)
        except EngineClosed:
            return
        assert isinstance(job, RemoteJob) and job.child is not None
        job.child.reload = job

    def _tell(self, event: Any) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - one listener's failure is not the others'
                log.exception("a listener of the engine failed")


# --- the child's side -------------------------------------------------------------------------
class _PipeLog(logging.Handler):
    """The child's log records, to the parent's loggers of the same names."""

    def __init__(self, send: Callable[[tuple[Any, ...]], None]) -> None:
        super().__init__(logging.INFO)
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            self._send(("log", record.levelno, record.name, text))
        except Exception:  # noqa: BLE001 - logging must never break the engine
            self.handleError(record)


def child_main(conn: Connection, options: dict[str, Any]) -> None:
    """The child process: an :class:`Engine` serving the parent's messages until "close"
    or until the parent goes away (its end of the pipe closes)."""
    import signal as signals

    # Ctrl+C in the terminal goes to the whole process group: the parent decides
    signals.signal(signals.SIGINT, signals.SIG_IGN)
    from inference.engine import Engine

    lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with lock:
            conn.send(message)

    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_PipeLog(send))
    root.setLevel(logging.INFO)

    engine = Engine(**options)
    server = _ChildServer(engine, send)
    timeout = CLOSE_GRACE_S
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break  # the parent is gone
            if message[0] == "close":
                timeout = message[1]
                break
            server.handle(message)
    finally:
        engine.close(timeout=timeout)
        server.asks.shutdown(wait=False)
        try:  # its caches are saved: what is left is the interpreter's own teardown
            send(("closed",))
        except (OSError, ValueError):
            pass
        conn.close()


class _ChildServer:
    """The child's end: messages to engine calls, the engine's events to messages."""

    def __init__(self, engine: Any, send: Callable[[tuple[Any, ...]], None]) -> None:
        self.engine = engine
        self._send = send
        self.jobs: dict[int, Job] = {}
        self.lock = threading.Lock()
        #: tokenizer-only questions, answered beside a running reply
        self.asks = ThreadPoolExecutor(2, thread_name_prefix="orchard-ask")

    def state(self) -> dict[str, Any]:
        e = self.engine
        return {"model_ids": e.model_ids, "context_length": e.context_length,
                "chat_template": e.chat_template, "template_source": e.template_source,
                "model_info": e.model_info, "stepped_aside": e.stepped_aside}

    def sink(self, key: int) -> Sink:
        def deliver(event: Any) -> None:  # on the engine thread
            if not is_terminal(event):
                self._send(("event", key, event))
                return
            with self.lock:
                self.jobs.pop(key, None)
            self._send(("state", self.state()))
            try:
                self._send(("event", key, event))
            except (pickle.PicklingError, AttributeError, TypeError) as exc:
                log.error("a result could not be sent back: %s", exc)
                self._send(("event", key, JobFailed(
                    f"The result could not be sent back ({type(exc).__name__}: {exc}).")))

        return deliver

    def handle(self, message: tuple[Any, ...]) -> None:
        what, rest = message[0], message[1:]
        e = self.engine
        if what == "load":
            key, load, aliases, ctx, check, kv_bits = rest
            job = e.load(_Announced(load, key, self._send), self.sink(key), aliases=aliases,
                         context_length=ctx, check=check, kv_bits=kv_bits)
        elif what == "chat":
            key, request = rest
            job = e.chat(request, self.sink(key))
        elif what == "submit":
            key, request = rest
            try:
                job = e.submit(request, self.sink(key))
            except (EngineBusy, EngineClosed) as exc:
                self._refuse(key, exc)
                return
            self._send(("answer", -key, True, None))
        elif what == "call":
            key, fn = rest
            try:
                future = e.call(fn)
            except (EngineBusy, EngineClosed) as exc:
                self._refuse(key, exc)
                return
            self._send(("answer", -key, True, None))
            deliver = self.sink(key)
            future.add_done_callback(lambda f: deliver(_outcome(f)))
            return
        elif what == "task":
            key, fn, failure, out_of_memory, exclusive = rest
            job = e.task(_Stated(fn, self), self.sink(key), failure=failure,
                         out_of_memory=out_of_memory, exclusive=exclusive)
        elif what == "embed":
            key, spec, texts = rest
            job = e.embed(spec, texts, self.sink(key))
        elif what == "cancel":
            with self.lock:
                running = self.jobs.get(rest[0])
            if running is not None:
                running.cancel()
            return
        elif what == "forget":
            e.forget(rest[0])
            return
        elif what == "set":
            setattr(e, rest[0], rest[1])
            return
        elif what == "ask":
            key, name, args = rest
            self.asks.submit(self._answer, key, name, args)
            return
        else:
            log.error("unknown message %r", what)
            return
        with self.lock:
            if job.result is None:
                self.jobs[key] = job

    def _refuse(self, key: int, exc: Exception) -> None:
        kind = "busy" if isinstance(exc, EngineBusy) else "closed"
        self._send(("answer", -key, True, (kind, str(exc))))

    def _answer(self, key: int, name: str, args: tuple[Any, ...]) -> None:
        try:
            value = getattr(self.engine, name)(*args)
            if name == "render":  # the asker counts its tokens: processed images stay here
                value = replace(value, media=None)
        except OrchardError as exc:
            error = OrchardError(str(exc))  # its own class may not unpickle; its code does
            error.api_code = getattr(exc, "api_code", None)  # type: ignore[attr-defined]
            self._send(("answer", key, False, error))
        except Exception as exc:  # noqa: BLE001 - the asker hears it, the child goes on
            log.exception("%s failed", name)
            self._send(("answer", key, False, OrchardError(f"{name} failed: {exc}")))
        else:
            self._send(("answer", key, True, value))


class _Announced:
    """A load that tells the parent when the model is being read (from then on, cancelling
    it ends the process)."""

    def __init__(self, load: Callable[[], Any], key: int,
                 send: Callable[[tuple[Any, ...]], None]) -> None:
        self.load, self.key, self.send = load, key, send

    def __call__(self) -> Any:
        self.send(("loading", self.key))
        return self.load()


class _Stated:
    """A task that first tells the parent the engine's state (an exclusive task has let go
    of the chat's model: the prompt preview says so)."""

    def __init__(self, fn: Callable[[TaskContext], Any], server: _ChildServer) -> None:
        self.fn, self.server = fn, server

    def __call__(self, context: TaskContext) -> Any:
        self.server._send(("state", self.server.state()))
        return self.fn(context)


def _outcome(future: Future[Any]) -> Any:
    """A call's result as the terminal event the parent turns back into a result."""
    if future.cancelled():
        return JobFailed("The call was cancelled before it began.")
    exc = future.exception()
    if exc is not None:
        return JobFailed(str(exc) or type(exc).__name__)
    return TaskDone(future.result())


__all__ = ["LOST", "EngineLost", "ProcessEngine", "Reloaded", "RemoteJob", "child_main",
           "ended_how"]
