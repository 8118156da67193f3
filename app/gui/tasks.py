"""Short background jobs (scan, inspect, delete) off the GUI thread, results back on it.

``run_task(owner, fn, on_done, on_error)`` runs ``fn`` in Qt's thread pool and calls one of
the handlers on the GUI thread, unless ``owner`` was deleted meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    error = Signal(str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI as one sentence
            from inference.errors import OrchardError

            if not isinstance(exc, OrchardError):
                log.exception("background task failed")
            self._deliver(self.relay.error, str(exc))
        else:
            self._deliver(self.relay.done, result)

    def _deliver(self, signal: Any, value: Any) -> None:
        # The app may be shutting down and its objects gone by the time a slow task ends:
        # then there is no one left to tell, which is not an error.
        if not shiboken6.isValid(self.relay):
            return
        try:
            signal.emit(value)
        except RuntimeError:  # deleted between the check and the emit
            log.debug("a background task ended after its receiver was gone")


_live: set[_Relay] = set()


def run_task(
    owner: QObject,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None] | None = None,
) -> None:
    relay = _Relay()  # lives on the GUI thread: its signals arrive there, queued
    _live.add(relay)

    def done(result: Any) -> None:
        _live.discard(relay)
        if shiboken6.isValid(owner):
            on_done(result)

    def failed(message: str) -> None:
        _live.discard(relay)
        if shiboken6.isValid(owner) and on_error is not None:
            on_error(message)

    relay.done.connect(done)
    relay.error.connect(failed)
    QThreadPool.globalInstance().start(_Job(fn, relay))
