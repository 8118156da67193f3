"""A local OpenAI-compatible API (Starlette on uvicorn) in front of an :mod:`inference.engine`.

Endpoints: ``POST /v1/chat/completions``, ``/v1/completions``, ``/v1/responses``
(:mod:`app.server.responses`) and Anthropic's ``/v1/messages`` (:mod:`app.server.anthropic`),
streamed as server-sent events or not; Ollama's ``/api/chat``, ``/api/generate`` and model
descriptions (:mod:`app.server.ollama`); ``GET /v1/models``, ``/v1/models/{id}``, ``/health``
and ``/openapi.json``. This module holds the routes, the Starlette app and the ways to run it
(:func:`serve`, :class:`BackgroundServer`); OpenAI's wire format lives in
:mod:`app.server.openai`, the host, origin and key checks in :mod:`app.server.guard`.

A full queue → 503; every error is OpenAI's JSON shape; a client that goes away from a streamed
reply cancels its generation (the engine stops within a token or two: the write after the
client closed finds it gone). A client that only half-closes its side after its request still
gets its reply (:func:`app.server.guard.guarded_protocol`); TCP cannot tell that from a client
that closed altogether, so a whole (non-streamed) reply a client left is generated to its end.
The model lives on the engine's thread; the server only validates, queues and streams.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from app.server.embeddings import openai_embeddings
from app.server.guard import (
    ServerConfig,
    ServerConfigError,
    check_config,
    guard_middleware,
    guarded_protocol,
)
from app.server.ollama import ROUTES as OLLAMA_ROUTES
from app.server.openai import (
    ApiError,
    ParsedRequest,
    ResponseShape,
    ServedModels,
    finish_reason,
    job_error,
    model_list,
    model_object,
    parse_chat,
    parse_completion,
    read_json,
    served_names,
    sse,
)
from app.server.openapi import openapi_document
from app.server.tokens import ROUTES as TOKEN_ROUTES
from inference.engine import (
    EngineBusy,
    EngineClosed,
    Event,
    GenerationRequest,
    JobFailed,
    Loaded,
    LoadFailed,
)
from inference.types import GenerationChunk, TokenLogprob

#: An SSE comment: clients skip it, but it keeps the connection (and proxies) awake.
KEEPALIVE = ": keep-alive\n\n"

log = logging.getLogger(__name__)


class ModelShelf(Protocol):
    """The downloaded models a server may switch to when a request names one (just-in-time
    loading, as LM Studio does): the engine holds one model, so the loaded one is replaced."""

    def names(self) -> list[str]:
        """The names requests may use, besides the loaded model's."""
        ...

    def loader(self, name: str) -> Callable[[], Any] | None:
        """How to load ``name`` (on the engine thread), or None when it is none of them."""
        ...


class EngineLike(ServedModels, Protocol):
    """What the server needs from :class:`inference.engine.Engine` (a fake can stand in).

    The server only reads its properties, so an engine may expose them read-only.
    """

    def submit(self, request: GenerationRequest, sink: Callable[[Event], None]) -> Any: ...


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket, so a busy port is one clear error before the model loads."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ServerConfigError(f"{host} is not an address of this machine ({exc}).") from exc
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ServerConfigError(
            f"Could not listen on {host} port {port} ({exc.strerror}); pick another port."
        ) from exc
    return sock


# --- one request's events -----------------------------------------------------------------
class _Events:
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


def _is_path(name: str) -> bool:
    """A name given as a path to a file or folder of this machine."""
    return name.startswith(("/", "~", "./", "../", "\\")) or (
        len(name) > 2 and name[1] == ":" and name[2] in "\\/")  # C:\ on Windows


# --- routes -------------------------------------------------------------------------------
class Api:
    """The endpoints, bound to one engine and configuration."""

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

    async def models(self, request: Request) -> Response:
        return JSONResponse(model_list(self.names(), self.started))

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
            events = _Events()
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

    async def model(self, request: Request) -> Response:
        name = request.path_params["model"]
        if name not in served_names(self.engine.model_ids):
            raise ApiError(404, f"The model '{name}' does not exist here; GET /v1/models lists "
                           "the one this server runs.", param="model", code="model_not_found")
        return JSONResponse(model_object(name, self.started))

    async def health(self, request: Request) -> Response:
        """200 while a model is loaded and answers; 503 (with Retry-After) while none is."""
        if not self.engine.model_ids:
            raise ApiError(503, "No model is loaded yet.", code="model_not_loaded")
        return JSONResponse({"status": "ok", "model": self.engine.model_id})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi_document())

    async def chat(self, request: Request) -> Response:
        body = await self.body(request)
        # Off the event loop: the request's images are decoded while it is parsed.
        return await self._respond(request, await run_in_threadpool(parse_chat, body,
                                                                    self.engine))

    async def messages(self, request: Request) -> Response:
        from app.server.anthropic import create_message

        return await create_message(self, request)

    async def count_tokens(self, request: Request) -> Response:
        from app.server.anthropic import count_tokens

        return await count_tokens(self, request)

    async def responses(self, request: Request) -> Response:
        from app.server.responses import create_response

        return await create_response(self, request)

    async def completions(self, request: Request) -> Response:
        body = await self.body(request)
        return await self._respond(request, parse_completion(body, self.engine))

    def bind(self, handler: Callable[[Api, Request], Awaitable[Response]]
             ) -> Callable[[Request], Awaitable[Response]]:
        """An endpoint of another module (Ollama's API, token counting), bound to this Api."""
        async def endpoint(request: Request) -> Response:
            return await handler(self, request)
        return endpoint

    def submit(self, request: GenerationRequest) -> tuple[Any, _Events]:
        """Queue a generation; 503 when the engine is full or closed."""
        events = _Events()
        request.expect = tuple(self.engine.model_ids)  # what its model was checked against
        try:
            job = self.engine.submit(request, events)
        except EngineBusy as exc:
            raise ApiError(503, str(exc), code="server_busy") from None
        except EngineClosed as exc:
            raise ApiError(503, str(exc), code="model_unloaded") from None
        return job, events

    async def next_event(self, events: _Events) -> Event | None:
        """The job's next event, or None when a keep-alive interval passes without one."""
        try:
            return await asyncio.wait_for(events.get(), self.config.keepalive_s)
        except TimeoutError:
            return None

    async def opening(self, request: Request, job: Any, events: _Events) -> Event | None:
        """Wait for the job to be accepted (its prompt checked) or to fail, so a bad request
        is still an HTTP error; but no longer than one keep-alive interval, after which a
        stream starts anyway (the job may be queued behind a long one)."""
        with _watch(request, job):
            first = await self.next_event(events)
        if isinstance(first, JobFailed):
            raise job_error(first)
        return first

    async def collect(self, request: Request, job: Any, events: _Events, first: Event | None
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

    async def _respond(self, request: Request, parsed: ParsedRequest) -> Response:
        try:
            return await self._answer(request, parsed)
        except ApiError as exc:
            if not parsed.chat and exc.param == "messages":
                exc.param = "prompt"  # a completion's too-long input is its prompt
            raise

    async def _answer(self, request: Request, parsed: ParsedRequest) -> Response:
        job, events = self.submit(parsed.generation)
        shape = ResponseShape(parsed)
        first = await self.opening(request, job, events)
        if not parsed.stream:
            text, last, logprobs = await self.collect(request, job, events, first)
            shown, _ = shape.feed(GenerationChunk(text=text, finish_reason=last.finish_reason))
            return JSONResponse(shape.whole(shown, last, logprobs))
        # Streaming: the headers go now. From here StreamingResponse watches for the client
        # leaving and cancels the body iterator, whose finally cancels the job.
        return event_stream(self._stream(first, events, job, shape, parsed.include_usage))

    async def _stream(
        self, first: Event | None, events: _Events, job: Any, shape: ResponseShape,
        usage: bool,
    ) -> AsyncIterator[str]:
        try:
            if shape.chat:
                yield sse(shape.piece("", None, first=True))
            event = first
            while True:
                if event is None:
                    yield KEEPALIVE
                elif isinstance(event, JobFailed):
                    yield sse(job_error(event).body())
                    break
                elif isinstance(event, GenerationChunk):
                    text, calls = shape.feed(event)
                    if text or calls or event.logprobs:
                        yield sse(shape.piece(text if text or not calls else None, None,
                                              calls=calls, logprobs=event.logprobs))
                    if event.finish_reason is not None:
                        yield sse(shape.piece(None, finish_reason(event, bool(shape.calls))))
                        if usage:
                            yield sse(shape.usage(event))
                        break
                event = await self.next_event(events)
            yield sse("[DONE]")
        finally:
            job.cancel()  # a no-op once the job has finished


def event_stream(body: AsyncIterator[str]) -> StreamingResponse:
    return StreamingResponse(body, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = "not_found" if exc.status_code == 404 else None
    return ApiError(exc.status_code, str(exc.detail), code=code).response()


async def _server_error(request: Request, exc: Exception) -> Response:
    return ApiError(500, "The server hit an unexpected error.", code="server_error").response()


def create_app(engine: EngineLike, config: ServerConfig) -> Starlette:
    api = Api(engine, config)
    return Starlette(
        routes=[
            Route("/health", api.health, methods=["GET"]),
            Route("/openapi.json", api.openapi, methods=["GET"]),
            Route("/v1/models", api.models, methods=["GET"]),
            Route("/v1/models/{model:path}", api.model, methods=["GET"]),
            Route("/v1/chat/completions", api.chat, methods=["POST"]),
            Route("/v1/completions", api.completions, methods=["POST"]),
            Route("/v1/messages", api.messages, methods=["POST"]),
            Route("/v1/messages/count_tokens", api.count_tokens, methods=["POST"]),
            Route("/v1/responses", api.responses, methods=["POST"]),
            Route("/v1/embeddings", api.bind(openai_embeddings), methods=["POST"]),
            *(Route(path, api.bind(handler), methods=[method])
              for path, (handler, method) in (OLLAMA_ROUTES | TOKEN_ROUTES).items()),
        ],
        middleware=guard_middleware(config),
        exception_handlers={ApiError: _api_error, HTTPException: _http_error,
                            Exception: _server_error},
    )


# --- running ------------------------------------------------------------------------------
def _uvicorn_config(app: Starlette, config: ServerConfig) -> uvicorn.Config:
    return uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="off", proxy_headers=False,
        server_header=False, timeout_graceful_shutdown=3,
        # uvicorn answers 503 once this many connections, the asking one included, are open:
        # max_connections may all be served (the guard makes room before that)
        limit_concurrency=config.max_connections + 1,
        http=guarded_protocol(config),
    )


def serve(engine: EngineLike, config: ServerConfig, sock: socket.socket) -> None:
    """Serve until Ctrl+C (uvicorn handles the signal) on an already bound socket."""
    uvicorn.Server(_uvicorn_config(create_app(engine, config), config)).run(sockets=[sock])


class BackgroundServer:
    """The server on a thread of its own (the tests; the app's "Local API" switch)."""

    def __init__(self, engine: EngineLike, config: ServerConfig) -> None:
        check_config(config)
        self.sock = bind_socket(config.host, config.port)
        self.host = config.host
        self.port: int = self.sock.getsockname()[1]
        self.server = uvicorn.Server(_uvicorn_config(create_app(engine, config), config))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, name="orchard-api",
            daemon=True,
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> BackgroundServer:
        # The socket already listens, so clients may connect at once: the kernel holds
        # their connections until uvicorn accepts them.
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
