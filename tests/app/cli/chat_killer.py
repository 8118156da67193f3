"""``orchard chat`` with its model's process killed (SIGKILL) as the first reply streams.

:func:`killing` wraps :meth:`ProcessEngine.chat`: the first reply's model process is killed at
its first chunk of text (then the chunk goes on to the CLI), and each reply's request, text,
end and serving process are written down. Tests install it with monkeypatch; run as a module
(``python -m tests.app.cli.chat_killer REPORT chat ...``) it runs the real command in a
process of its own, with the real stderr, and writes what it saw as JSON to REPORT.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inference.engine import JobFailed, ReplyResult
from inference.remote import ProcessEngine
from inference.types import GenerationChunk
from tests.inference import remote_helpers

WAIT = 120.0


@dataclass
class Seen:
    """What each reply was: its history as sent, its text, how it ended, where it ran."""

    cli: int = field(default_factory=os.getpid)
    pids: list[int] = field(default_factory=list)  # the process each reply was served in
    killed: list[int] = field(default_factory=list)
    histories: list[list[list[str]]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)


def killing(chat: Callable[..., Any], seen: Seen) -> Callable[..., Any]:
    def wrapped(self: ProcessEngine, request: Any, sink: Any, stop: Any = None) -> Any:
        seen.pids.append(self.call(remote_helpers.pid).result(WAIT))
        seen.histories.append([[m.role, m.content] for m in request.history])
        seen.texts.append("")
        seen.ends.append("")
        turn = len(seen.texts) - 1

        def deliver(event: Any) -> None:  # on the engine's reader thread
            if isinstance(event, GenerationChunk) and event.text and not seen.killed:
                assert self.pid is not None
                seen.killed.append(self.pid)
                os.kill(self.pid, signal.SIGKILL)
            if isinstance(event, GenerationChunk):
                seen.texts[turn] += event.text
            elif isinstance(event, ReplyResult):
                seen.texts[turn] += event.final.text
                seen.ends[turn] = "answered"
            elif isinstance(event, JobFailed):
                seen.ends[turn] = event.code
            sink(event)

        return chat(self, request, deliver, stop)

    return wrapped


def main(argv: list[str]) -> int:
    from app.cli.main import main as orchard

    report, args = argv[0], argv[1:]
    seen = Seen()
    ProcessEngine.chat = killing(ProcessEngine.chat, seen)  # type: ignore[method-assign]
    try:
        return orchard(args)
    finally:
        with open(report, "w", encoding="utf-8") as f:
            json.dump(seen.__dict__, f)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
