"""The one bridge between Qt and the background: one way off the GUI thread, one way back.

Engine jobs, downloads and short background tasks run on threads that must never touch a
widget. Whatever they have to say goes through :func:`to_gui`, which queues a call on the
GUI thread through one signal connected with an explicit ``Qt.QueuedConnection``, so a
receiver is safe whatever it is (a lambda, a bound method, a QObject's slot) and signals the
adapters emit are always emitted on the GUI thread. (Anki's ``aqt/taskman.py``: ``run_on_main``
and ``run_in_background``.)

- :func:`to_gui`: call something on the GUI thread, from any thread, in the order asked,
  unless its owner (a QObject) was deleted meanwhile.
- :func:`on_gui`: a sink for an engine job or listener whose events are handled on the GUI
  thread.
- :func:`run_in_background`: a short job (scan, inspect, delete) in Qt's thread pool; its
  result, or its error as one sentence, comes back on the GUI thread.
- :class:`Batcher`: streamed text joined into at most 30 updates a second (rule 6).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)

#: The GUI never gets more than this many updates of streamed text a second.
MAX_UPDATES_PER_SECOND = 30

__all__ = ["MAX_UPDATES_PER_SECOND", "Batcher", "on_gui", "run_in_background", "to_gui"]


class _GuiQueue(QObject):
    """Lives on the GUI thread; ``post`` may be called from any thread."""

    _posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # explicit: queued even when posted on the GUI thread itself, so a call never runs
        # inside the code that asked for it
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, owner: QObject | None, call: Callable[[], object]) -> None:
        self._posted.emit((owner, call))

    def _deliver(self, item: tuple[QObject | None, Callable[[], object]]) -> None:
        owner, call = item
        if owner is not None and not shiboken6.isValid(owner):
            return  # a window closed while its job ran: no one is left to tell
        call()


_queue: _GuiQueue | None = None
_made = threading.Lock()


def _gui_queue() -> _GuiQueue | None:
    global _queue
    with _made:
        if _queue is not None and shiboken6.isValid(_queue):
            return _queue
        app = QCoreApplication.instance()
        if app is None:
            return None
        queue = _GuiQueue()
        queue.moveToThread(app.thread())  # in case a background thread is the first to post
        _queue = queue
        return queue


def to_gui(owner: QObject | None, fn: Callable[..., object], *args: Any) -> None:
    """Call ``fn(*args)`` on the GUI thread, on a later turn of its event loop (from any
    thread; calls keep the order they were asked in), unless ``owner`` is deleted by then."""
    queue = _gui_queue()
    if queue is None:  # the app has gone: no one is left to tell, which is not an error
        log.debug("no Qt application: %r dropped", fn)
        return
    try:
        queue.post(owner, functools.partial(fn, *args))
    except RuntimeError:  # the queue was deleted as the app quit
        log.debug("the GUI thread is gone: %r dropped", fn)


def on_gui(owner: QObject, handler: Callable[[Any], object]) -> Callable[[Any], None]:
    """A sink for the engine (called on its threads) that hands each event to ``handler``
    on the GUI thread."""

    def sink(event: Any) -> None:
        to_gui(owner, handler, event)

    return sink


class _Task(QRunnable):
    def __init__(self, owner: QObject, fn: Callable[[], Any], on_done: Callable[[Any], None],
                 on_error: Callable[[str], None] | None) -> None:
        super().__init__()
        self.owner, self.fn, self.on_done, self.on_error = owner, fn, on_done, on_error

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI as one sentence
            from inference.errors import OrchardError

            if not isinstance(exc, OrchardError):
                log.exception("background task failed")
            if self.on_error is not None:
                to_gui(self.owner, self.on_error, str(exc))
        else:
            to_gui(self.owner, self.on_done, result)


def run_in_background(
    owner: QObject,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None] | None = None,
) -> None:
    """Run ``fn`` in Qt's thread pool; ``on_done(result)`` or ``on_error(sentence)`` follows
    on the GUI thread, unless ``owner`` was deleted meanwhile."""
    QThreadPool.globalInstance().start(_Task(owner, fn, on_done, on_error))


class Batcher:
    """Pieces of streamed text, joined and handed to ``deliver`` at most
    :data:`MAX_UPDATES_PER_SECOND` times a second. Used on one thread (the producer's);
    :meth:`flush` before anything that must follow the text."""

    def __init__(self, deliver: Callable[[str], None]) -> None:
        self.deliver = deliver
        self.pending: list[str] = []
        self.last = 0.0  # when text was last delivered

    def add(self, text: str) -> None:
        if text:
            self.pending.append(text)
        if self.pending and time.monotonic() - self.last >= 1.0 / MAX_UPDATES_PER_SECOND:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            text = "".join(self.pending)
            self.pending.clear()
            self.last = time.monotonic()
            self.deliver(text)
