"""What tests hand a :class:`inference.remote.ProcessEngine`: module-level, so picklable."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from inference.engine import TaskContext
from inference.session import ChatSession


def blocked_load(fifo: str) -> Any:
    """A load that never ends on its own: it waits for a writer on ``fifo``, which the test
    never opens (only a kill or a cancel ends it)."""
    with open(fifo, encoding="utf-8") as f:
        f.read()
    raise AssertionError("the fifo was written to")


def make_fifo(folder: Path) -> str:
    path = folder / "never"
    os.mkfifo(path)
    return str(path)


def pid(session: ChatSession) -> int:
    """The process the engine's session lives in."""
    return os.getpid()


def encode(session: ChatSession, text: str) -> list[int]:
    return list(session.loaded.tokenizer.encode(text))


def endless_task(context: TaskContext) -> str:
    """A task that reports progress and runs until it is stopped."""
    context.emit("started")
    context.stop.wait()
    return "stopped"


def eos_ids(session: ChatSession) -> list[int]:
    return sorted(session.loaded.tokenizer.eos_token_ids)


def load_or_block(request: Any) -> Any:
    """The window's load (a LoadRequest), except that a spec naming a fifo never ends."""
    from app.gui.chat.worker import _default_load

    if Path(request.spec).name == "never":
        return blocked_load(request.spec)
    return _default_load(request)


def held(session: ChatSession, fifo: str) -> None:
    """A call that holds the engine's thread until the process is killed."""
    blocked_load(fifo)
