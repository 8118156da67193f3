"""The app's "Local API" switch: the OpenAI-compatible server, serving the model the window
has loaded.

There is one model owner, the window's inference worker thread. The server's requests
become :class:`inference.engine.Job` objects queued on that thread (``InferenceWorker.serve_api``)
in the order they come, between the window's own replies; nothing loads a second copy of
the model. The app serves on 127.0.0.1 only, so no API key is needed; ``orchard serve`` is
the way to serve other hosts.

Signals (LocalApi):
    state_changed(str): "" when the API is off, else one line saying where it serves.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.server.app import BackgroundServer, ServerConfig, ServerConfigError
from inference.engine import MAX_WAITING, EngineBusy, EngineClosed, Event, GenerationRequest, Job

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


class _Queue(QObject):
    """Lives on the GUI thread; emitted from the server's thread, so the connection to the
    worker (on its own thread) is queued: the job runs there, in turn."""

    job = Signal(object)


class WorkerEngine:
    """What the server needs (``EngineLike``), on top of the app's inference worker.

    At most ``max_waiting`` API jobs wait behind the running one; beyond that ``submit``
    raises :class:`EngineBusy` (a 503), like ``orchard serve``.
    """

    def __init__(self, worker: Any, max_waiting: int = MAX_WAITING) -> None:
        self.worker = worker
        self.max_waiting = max_waiting
        self._queue = _Queue()
        self._queue.job.connect(worker.serve_api)
        self._lock = threading.Lock()
        self._open: set[Job] = set()
        self._closed = False

    @property
    def model_ids(self) -> tuple[str, ...]:
        return tuple(self.worker.api_model_ids)

    @property
    def model_id(self) -> str:
        ids = self.model_ids
        return ids[0] if ids else ""

    @property
    def context_length(self) -> int:
        return int(self.worker.api_context_length)

    @property
    def open_jobs(self) -> int:
        with self._lock:
            return len(self._open)

    def submit(self, request: GenerationRequest, sink: Any) -> Job:
        def deliver(event: Event) -> None:  # on the worker thread
            terminal = not hasattr(event, "finish_reason") or event.finish_reason is not None
            if terminal:
                with self._lock:
                    self._open.discard(job)
            sink(event)

        job = Job(request, deliver)
        with self._lock:
            if self._closed:
                raise EngineClosed("The app's Local API has been switched off.")
            if len(self._open) > self.max_waiting:
                raise EngineBusy("The model is busy with other requests; try again shortly.")
            self._open.add(job)
        self._queue.job.emit(job)
        return job

    def close(self) -> None:
        """Take no more jobs; stop the running one and those still waiting (each ends as
        "stopped" when the worker reaches it, within a token for the running one)."""
        with self._lock:
            self._closed = True
            jobs = list(self._open)
        for job in jobs:
            job.cancel()


class LocalApi(QObject):
    """Starts and stops the server for the app, on the worker's model."""

    state_changed = Signal(str)

    def __init__(self, worker: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.engine: WorkerEngine | None = None
        self.server: BackgroundServer | None = None

    @property
    def running(self) -> bool:
        return self.server is not None

    @property
    def url(self) -> str:
        return f"{self.server.url}/v1" if self.server is not None else ""

    def start(self, port: int) -> str | None:
        """Serve on 127.0.0.1:``port`` (0 picks a free one); returns an error sentence."""
        self.stop()
        engine = WorkerEngine(self.worker)
        try:
            server = BackgroundServer(engine, ServerConfig(host=HOST, port=port))
        except ServerConfigError as exc:
            engine.close()
            return f"The Local API could not start: {exc}"
        self.engine, self.server = engine, server.start()
        log.info("local API at %s", self.url)
        self.state_changed.emit(f"Local API: {self.url}")
        return None

    def stop(self) -> None:
        if self.server is None or self.engine is None:
            return
        self.engine.close()  # before the server: its open requests then end at once
        self.server.stop()
        self.engine = self.server = None
        self.state_changed.emit("")
