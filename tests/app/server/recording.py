"""The engine as the API server sees it, for the server tests: it keeps the jobs it was given,
and when ``held``, no event reaches the server until the test opens the gate."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from inference.engine import Engine, Event, GenerationRequest, Job

WAIT = 60  # seconds: a safety net against hangs, never a timing assumption


class Recording:
    def __init__(self, engine: Engine, *, held: bool = False) -> None:
        self.engine = engine
        self.jobs: list[Job] = []
        self.gate = threading.Event()
        if not held:
            self.gate.set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def submit(self, request: GenerationRequest, sink: Callable[[Event], None]) -> Job:
        def later(event: Event) -> None:  # on the engine thread
            assert self.gate.wait(WAIT)
            sink(event)

        job = self.engine.submit(request, later)
        self.jobs.append(job)
        return job
