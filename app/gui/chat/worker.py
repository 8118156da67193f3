"""The inference worker: one QThread that owns the loaded model for its whole life.

Load, generate and unload all run on that thread (MLX streams are per thread). The GUI
talks to it through queued slots and hears back through signals; the one exception is
Stop, which sets the reply's ``threading.Event`` straight from the GUI thread, since a
queued "stop" would wait behind the busy generation loop.

Every entry point ends in exactly one outcome signal (``loaded``/``load_failed`` for a
load, ``finished``/``failed`` for a reply), so the window can never hang in "generating".

The app's Local API queues its jobs here too (``serve_api``, see app/gui/local_api.py): this
thread is the one owner of the model, and the window's replies and the API's requests take
turns on it in the order they came. The API keeps a chat session of its own on the same
weights, so a client never evicts the window's conversation from its cache.

Signals:
    loaded(object): a ModelInfo for the model now loaded.
    load_failed(str): one sentence for the user.
    tokens(str): streamed text, coalesced to at most 30 updates a second.
    finished(object): a ReplyResult.
    failed(str): one sentence for the user.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from inference.errors import OrchardError
from inference.session import GenerationChunk, Message, SamplingSettings

log = logging.getLogger(__name__)

#: The GUI never gets more than this many token updates a second.
MAX_UPDATES_PER_SECOND = 30


@dataclass
class LoadRequest:
    spec: str
    context_length: int | None = None
    exact: bool = False


@dataclass
class ReplyRequest:
    kind: str  # "reply" (answer the last user message), "regenerate" or "continue"
    history: list[Message]
    system_prompt: str | None
    settings: SamplingSettings
    context_length: int | None = None
    #: a preset name, a Jinja file, custom Jinja (ChatTemplate) or None: the model's choice
    template: Any = None
    cancel: threading.Event = field(default_factory=threading.Event)


@dataclass
class ReplyResult:
    kind: str
    content: str
    token_ids: list[int] | None
    final: GenerationChunk
    notice: str | None = None
    template_source: str = ""


def report_outcome(
    work: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[str], None],
    *,
    out_of_memory: str,
    failure: str,
) -> bool:
    """Run ``work`` and report exactly one outcome: ``done(result)`` or ``failed(sentence)``.

    OrchardErrors carry their own sentence; anything unexpected is logged and reported as
    ``failure`` plus its type, so the window can never wait forever. Returns success.
    """
    try:
        result = work()
    except OrchardError as exc:
        failed(str(exc))
    except MemoryError:
        failed(out_of_memory)
    except Exception as exc:  # noqa: BLE001 - the window must always hear back
        log.exception("%s", failure)
        failed(f"{failure} ({type(exc).__name__}: {exc}).")
    else:
        done(result)
        return True
    return False


def _default_load(request: LoadRequest) -> Any:
    from inference.model.load import load_model

    return load_model(request.spec, exact=request.exact, ctx=request.context_length)


def _default_session(loaded: Any) -> Any:
    from inference.session import ChatSession

    return ChatSession(loaded)


def _default_api_runner(loaded: Any, spec: str) -> Any:
    from inference.engine import ApiRunner

    return ApiRunner(loaded, aliases=(spec,))


class InferenceWorker(QObject):
    loaded = Signal(object)
    load_failed = Signal(str)
    tokens = Signal(str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        load: Callable[[LoadRequest], Any] = _default_load,
        make_session: Callable[[Any], Any] = _default_session,
        make_api_runner: Callable[[Any, str], Any] = _default_api_runner,
    ) -> None:
        super().__init__()
        self._load = load
        self._make_session = make_session
        self._make_api_runner = make_api_runner
        self._model: Any = None
        self._session: Any = None
        self._api: Any = None  # the Local API's ApiRunner, made on its first request
        self._spec = ""
        self._current: ReplyRequest | None = None
        self._template: Any = None
        #: What the Local API names the loaded model (its file, and what the app calls it)
        #: and its context; read from the server's thread, replaced whole on each load.
        self.api_model_ids: tuple[str, ...] = ()
        self.api_context_length = 0

    # --- called from the GUI thread -------------------------------------------------------
    def stop(self) -> None:
        """Stop the reply in progress within one token (thread-safe)."""
        current = self._current
        if current is not None:
            current.cancel.set()

    def preview(
        self, history: list[Message], system_prompt: str | None, template: Any
    ) -> tuple[str, int, str]:
        """The exact prompt for ``history``. Called from a background task (never the GUI
        thread: the template is untrusted code); only the tokenizer and Jinja are used, never
        MLX, so this is safe beside a running reply."""
        from inference.prompt.builder import PromptBuilder
        from inference.prompt.presets import choose_template

        model = self._model
        if model is None:
            raise OrchardError("Load a model to see the prompt it is sent.")
        info = model.info
        choice = choose_template(
            model_key=info.key, own=model.own_template, name=info.recognition_name,
            architecture=info.architecture, special_tokens=model.tokenizer.special_tokens,
            requested=template,
        )
        builder = PromptBuilder(model.tokenizer, choice.template,
                                eos_token_id=min(model.tokenizer.eos_token_ids, default=None))
        head = [Message("system", system_prompt)] if system_prompt else []
        prompt = builder.build([m.as_dict() for m in head + history])
        return prompt.text, len(prompt.ids), prompt.template_source

    # --- slots, run on the worker thread -------------------------------------------------
    @Slot(object)
    def load_model(self, request: LoadRequest) -> None:
        def load() -> Any:
            self._release()
            self._model = self._load(request)
            self._session = self._make_session(self._model)
            self._template = None
            self._spec = request.spec
            self.api_context_length = int(self._session.context_length)
            self.api_model_ids = tuple(dict.fromkeys([self._model.info.key, request.spec]))
            return self._model.info

        if not report_outcome(
            load, self.loaded.emit, self.load_failed.emit,
            out_of_memory="The model does not fit in memory; pick a smaller one.",
            failure="The model could not be loaded",
        ):
            self._release()

    @Slot()
    def unload(self) -> None:
        self._release()

    @Slot()
    def close(self) -> None:
        """The last job on this thread: free the model and end MLX's work and streams here,
        on the thread that made them. Left to the thread's end, MLX tears its streams down
        in the background and a process exiting meanwhile aborts."""
        self._release()
        try:
            import mlx.core as mx

            mx.synchronize()
            mx.clear_cache()
            mx.clear_streams()
        except ImportError:  # the fake engine in tests has no MLX
            pass

    def _release(self) -> None:
        """Drop the model and give its memory back before another one loads."""
        self.api_model_ids = ()
        self._api = None
        self._session = None
        self._model = None
        # No gc.collect() here: on this thread it could collect widgets' cycles, and Qt
        # objects must die on the GUI thread. Dropping the references frees the arrays.
        try:
            import mlx.core as mx

            mx.clear_cache()
        except ImportError:  # the fake engine in tests has no MLX
            pass

    @Slot(object)
    def generate(self, request: ReplyRequest) -> None:
        self._current = request

        def reply() -> ReplyResult:
            if self._session is None:
                raise OrchardError("No model is loaded yet; pick one in the model menu.")
            return self._run(request)

        try:
            report_outcome(
                reply, self.finished.emit, self.failed.emit,
                out_of_memory="Ran out of memory while generating; try a shorter context.",
                failure="Generating the reply failed",
            )
        finally:
            self._current = None

    @Slot(object)
    def serve_api(self, job: Any) -> None:
        """Run one Local API job (an ``inference.engine.Job``) on this thread, between replies."""
        from inference.engine import JobFailed, finish

        if job.cancelled:  # its client left, or the API was switched off, while it waited
            finish(job, GenerationChunk(text="", finish_reason="stopped"))
            return
        if self._model is None:
            finish(job, JobFailed("No model is loaded in Orchard right now; choose one in the "
                                  "app and try again.", "server_error"))
            return
        try:
            if self._api is None:
                self._api = self._make_api_runner(self._model, self._spec)
        except Exception as exc:  # noqa: BLE001 - the client gets one sentence, the app goes on
            log.exception("the Local API could not use the loaded model")
            finish(job, JobFailed(f"The loaded model cannot serve the API ({exc}).",
                                  "server_error"))
            return
        self._api.run(job)  # ends the job with exactly one terminal event

    def _stream(self, request: ReplyRequest) -> Iterator[GenerationChunk]:
        s = self._session
        s.settings = request.settings
        s.system_prompt = request.system_prompt
        if request.context_length:
            s.context_length = request.context_length
        if request.template != self._template:
            s.set_template(request.template)
            self._template = request.template
        s.messages = [Message(m.role, m.content, m.token_ids) for m in request.history]
        s.first_kept = 0
        if request.kind == "regenerate":
            return s.regenerate(cancel=request.cancel)  # type: ignore[no-any-return]
        if request.kind == "continue":
            return s.continue_reply(cancel=request.cancel)  # type: ignore[no-any-return]
        return s.reply(cancel=request.cancel)  # type: ignore[no-any-return]

    def _run(self, request: ReplyRequest) -> ReplyResult:
        pending: list[str] = []
        last_emit = 0.0
        final: GenerationChunk | None = None
        for chunk in self._stream(request):
            if chunk.text:
                pending.append(chunk.text)
            if chunk.finish_reason is not None:
                final = chunk
                break
            now = time.monotonic()
            if pending and now - last_emit >= 1.0 / MAX_UPDATES_PER_SECOND:
                self.tokens.emit("".join(pending))
                pending.clear()
                last_emit = now
        if pending:
            self.tokens.emit("".join(pending))
        assert final is not None
        reply = self._session.messages[-1]
        return ReplyResult(
            request.kind, reply.content, reply.token_ids, final, self._session.notice,
            self._session.choice.source,
        )


class WorkerThread:
    """Starts an InferenceWorker on its own QThread and shuts it down cleanly."""

    def __init__(self, worker: InferenceWorker) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName("inference")
        worker.moveToThread(self.thread)
        self.thread.start()

    def shutdown(self) -> None:
        """Stop any reply, let the thread finish its job, and end it (never terminate())."""
        if not self.thread.isRunning():
            return
        self.worker.stop()
        # queued behind the job in progress (which the stop ends within a token)
        QMetaObject.invokeMethod(self.worker, "close", Qt.ConnectionType.BlockingQueuedConnection)
        self.thread.quit()
        self.thread.wait()
