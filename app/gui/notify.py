"""One channel for messages to the user: error() / warning() / info().

Each logs and emits one signal that one view (the window's message bar) shows. Messages
are one plain sentence saying what happened and what to do.

Signals (on ``bus``):
    posted(str, str): (level, text), level in "error", "warning", "info".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("orchard.messages")


class _Bus(QObject):
    posted = Signal(str, str)


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
