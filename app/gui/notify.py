"""One channel for messages to the user: error() / warning() / info(), and state().

Each logs and emits one signal that one view (the window's :class:`MessageStack`) shows.
Messages are one plain sentence saying what happened and what to do.

How long a message stays is decided here, by kind, so every caller behaves the same:
transient news (``info``: copied, saved, deleted) fades after a few seconds; a problem
(``warning``, ``error``) stays until the user dismisses it; a state (``state(key, text)``:
editing a message, a model loading) stays until the state ends (``clear(key)``). Several
can be shown at once, and a new one never replaces another.

Signals (on ``bus``):
    posted(str, str): (level, text), level in "error", "warning", "info".
    state_changed(str, str): (key, text) for a state; an empty text means it ended.
    offered(str, str, object): (text, action label, callable): news with one action (Undo),
        which stays a little longer than other news.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("orchard.messages")

#: How long transient news stays, in milliseconds; news with an action (Undo) stays longer.
INFO_MS = 4000
OFFER_MS = 10000


class _Bus(QObject):
    posted = Signal(str, str)
    state_changed = Signal(str, str)
    offered = Signal(str, str, object)


bus = _Bus()


def error(text: str) -> None:
    log.error("%s", text)
    bus.posted.emit("error", text)


def warning(text: str) -> None:
    log.warning("%s", text)
    bus.posted.emit("warning", text)


def info(text: str) -> None:
    log.info("%s", text)
    bus.posted.emit("info", text)


def state(key: str, text: str) -> None:
    """Show ``text`` until :func:`clear` is called with ``key`` (or replaced by the same key)."""
    log.info("%s", text)
    bus.state_changed.emit(key, text)


def clear(key: str) -> None:
    bus.state_changed.emit(key, "")


def offer(text: str, label: str, action: Callable[[], object]) -> None:
    """News with one button (``label``, e.g. "Undo") that runs ``action``, instead of a
    modal dialog: the user can go on, and undo within a few seconds."""
    log.info("%s", text)
    bus.offered.emit(text, label, action)
