"""What every endpoint shares: one engine and one configuration, the request's body (after
switching to the model it names), and one reply's way through the engine: queued, opened,
then collected whole or streamed by :func:`app.server.stream.stream`.

A full queue → 503. A client that goes away before its reply starts cancels its job; once a
reply streams, StreamingResponse notices the client leaving and the stream cancels the job
(the engine stops within a token or two). The model lives on the engine's thread; the server
only validates, queues and streams.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.server.errors import ApiError, job_error
from app.server.fields import read_json
from app.server.guard import ServerConfig
from app.server.stream import Encoder, event_stream, stream
from inference.engine import (
    EngineBusy,
    EngineClosed,
    Event,
    GenerationRequest,
    JobFailed,
    Loaded,
    LoadFailed,
)
from inference.model.sources import STARTER_FILE, STARTER_NAME
from inference.types import GenerationChunk, TokenLogprob

log = logging.getLogger(__name__)


class ServedModels(Protocol):
    """What parsing needs to know of the engine: the models it answers to and their context."""

    @property
    def model_id(self) -> str: ...

    @property
    def model_ids(self) -> tuple[str, ...]: ...

    @property
    def context_length(self) -> int: ...

    @property
    def chat_template(self) -> str: ...


class EngineLike(ServedModels, Protocol):
    """What the server needs from :class:`inference.engine.Engine` (a fake can stand in).

    The server only reads its properties, so an engine may expose them read-only.
    """

    def submit(self, request: GenerationRequest, sink: Callable[[Event], None]) -> Any: ...


class ModelShelf(Protocol):
    """The downloaded models a server may switch to when a request names one (just-in-time
    loading, as LM Studio does): the engine holds one model, so the loaded one is replaced."""

    def names(self) -> list[str]:
        """The names requests may use, besides the loaded model's."""
        ...

    def loader(self, name: str) -> Callable[[], Any] | None:
        """How to load ``name`` (on the engine thread), or None when it is none of them."""
        ...


def served_names(model_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The names a request may give the loaded model: its ids, and ``starter`` whenever the
    starter's file is what is loaded, however it was loaded (by name, by its path, or kept
    after a failed switch), as the README's examples call it."""
    if STARTER_FILE in model_ids and STARTER_NAME not in model_ids:
        return (*model_ids, STARTER_NAME)
    return model_ids


def _is_path(name: str) -> bool:
    """A name given as a path to a file or folder of this machine."""
    return name.startswith(("/", "~", "./", "../", "\\")) or (
        len(name) > 2 and name[1] == ":" and name[2] in "\\/")  # C:\ on Windows


# --- one request's events -----------------------------------------------------------------
class Events:
    """The engine's sink: hands each event to this request's asyncio queue."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[Event] = asyncio.Queue()

    def __call__(self, event: Event) -> None:  # on the engine thread
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, event)
        except RuntimeError:  # the loop is closed: the server is shutting down
            pass

    async def get(self) -> Event:
        return await self.queue.get()


async def _cancel_on_disconnect(request: Request, job: Any) -> None:
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            job.cancel()
            return


@contextmanager
def _watch(request: Request, job: Any) -> Iterator[None]:
    """While a response is not streaming yet, a client that leaves cancels its job."""
    task = asyncio.ensure_future(_cancel_on_disconnect(request, job))
    try:
        yield
    finally:
        task.cancel()


# --- the shared state ---------------------------------------------------------------------
class Api:
    """One engine and configuration, as every endpoint sees them."""

    def __init__(self, engine: EngineLike, config: ServerConfig) -> None:
        self.engine = engine
        self.config = config
        self.started = int(time.time())
        self._switching = asyncio.Lock()

    def names(self) -> tuple[str, ...]:
        """The models a request may name, as listed: the loaded one's names, then the
        shelf's. A name that is a path on this machine (``-m /Users/NAME/...``) still works
        in a request but is not listed: it would show the user's name to any client."""
        shelf: ModelShelf | None = self.config.models
        served = served_names(self.engine.model_ids)
        extra = [n for n in (shelf.names() if shelf is not None else []) if n not in served]
        return tuple(n for n in (*served, *extra) if not _is_path(n))

    def bind(self, handler: Callable[[Api, Request], Awaitable[Response]]
             ) -> Callable[[Request], Awaitable[Response]]:
        """An endpoint of an API's module, bound to this Api."""
        async def endpoint(request: Request) -> Response:
            return await handler(self, request)
        return endpoint

    async def body(self, request: Request) -> dict[str, Any]:
        """The request's JSON body, after the model it names is loaded, when it is another
        downloaded model and this server may switch (``orchard serve``)."""
        body = await read_json(request, self.config.max_body_bytes)
        model = body.get("model")
        if isinstance(model, str) and model:
            await self.switch_to(model)
        return body

    async def switch_to(self, name: str) -> None:
        """Load ``name`` in place of the loaded model, if it is on the shelf and not loaded.
        Requests queued for the model being replaced finish first (the engine runs jobs in
        order); one switch at a time. A model that fails to load is a 400 in one sentence,
        and the previous model is loaded again (the engine's rule)."""
        shelf: ModelShelf | None = self.config.models
        if shelf is None:
            return
        for candidate in (name, name.removesuffix(":latest")):  # Ollama's clients add a tag
            if candidate in served_names(self.engine.model_ids):
                return
            load = shelf.loader(candidate)
            if load is not None:
                break
        else:
            return  # not a model here: the request's parser answers 404
        async with self._switching:
            if candidate in served_names(self.engine.model_ids):
                return
            events = Events()
            log.info("a request names %s: loading it in place of %s", candidate,
                     self.engine.model_id or "nothing")
            try:
                self.engine.load(  # type: ignore[attr-defined]
                    load, events, aliases=(candidate,),
                    context_length=getattr(shelf, "context_length", None),
                    kv_bits=getattr(shelf, "kv_bits", None))
            except EngineClosed as exc:
                raise ApiError(503, str(exc), code="model_unloaded") from None
            while True:
                event = await events.get()
                if isinstance(event, LoadFailed):
                    raise ApiError(400, f"{candidate} could not be loaded: {event.message}",
                                   param="model", code="model_load_failed")
                if isinstance(event, Loaded):
                    return

    # --- one reply
    async def answer(self, request: Request, generation: GenerationRequest, encoder: Encoder,
                     *, streamed: bool) -> Response:
        """Generate one reply and answer with it, whole or streamed, as ``encoder`` writes
        it. A request the engine refuses before its reply starts is an :class:`ApiError`."""
        job, events = self._submit(generation)
        first = await self._opening(request, job, events)
        if not streamed:
            text, last, logprobs = await self._collect(request, job, events, first)
            return JSONResponse(encoder.whole(text, last, logprobs))
        # Streaming: the headers go now. From here StreamingResponse watches for the client
        # leaving and cancels the body iterator, whose finally cancels the job.
        return event_stream(stream(encoder, first, job, lambda: self._next_event(events)),
                            encoder.media_type)

    def _submit(self, request: GenerationRequest) -> tuple[Any, Events]:
        """Queue a generation; 503 when the engine is full or closed."""
        events = Events()
        request.expect = tuple(self.engine.model_ids)  # what its model was checked against
        try:
            job = self.engine.submit(request, events)
        except EngineBusy as exc:
            raise ApiError(503, str(exc), code="server_busy") from None
        except EngineClosed as exc:
            raise ApiError(503, str(exc), code="model_unloaded") from None
        return job, events

    async def _next_event(self, events: Events) -> Event | None:
        """The job's next event, or None when a keep-alive interval passes without one."""
        try:
            return await asyncio.wait_for(events.get(), self.config.keepalive_s)
        except TimeoutError:
            return None

    async def _opening(self, request: Request, job: Any, events: Events) -> Event | None:
        """Wait for the job to be accepted (its prompt checked) or to fail, so a bad request
        is still an HTTP error; but no longer than one keep-alive interval, after which a
        stream starts anyway (the job may be queued behind a long one)."""
        with _watch(request, job):
            first = await self._next_event(events)
        if isinstance(first, JobFailed):
            raise job_error(first)
        return first

    async def _collect(self, request: Request, job: Any, events: Events, first: Event | None
                       ) -> tuple[str, GenerationChunk, list[TokenLogprob]]:
        """A whole reply: its text, last chunk and log-probabilities."""
        parts: list[str] = []
        logprobs: list[TokenLogprob] = []
        event = first
        with _watch(request, job):
            while True:
                if isinstance(event, JobFailed):
                    raise job_error(event)
                if isinstance(event, GenerationChunk):
                    parts.append(event.text)
                    logprobs += event.logprobs
                    if event.finish_reason is not None:
                        return "".join(parts), event, logprobs
                event = await events.get()


__all__ = ["Api", "EngineLike", "Events", "ModelShelf", "ServedModels", "served_names"]
