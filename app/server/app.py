"""A local OpenAI-compatible API (Starlette on uvicorn) in front of an :mod:`inference.engine`.

Endpoints: ``GET /v1/models``, ``POST /v1/chat/completions`` and ``POST /v1/completions``,
streamed as server-sent events or not. Safe by default:

- binds 127.0.0.1; any other address needs an API key (:func:`check_config` refuses);
- the Host header must name the bound address or localhost (DNS rebinding), and a browser's
  Origin must be one configured with ``cors_origins`` (no CORS otherwise) → 403;
- ``Authorization: Bearer KEY`` compared in constant time when a key is set → 401;
- bodies over ``max_body_bytes`` → 413; bad values → 400; a full queue → 503; every error is
  OpenAI's JSON shape ``{"error": {"message", "type", "param", "code"}}``;
- a client that goes away cancels its generation (the engine stops within one token).

The model lives on the engine's thread; this module only validates, queues and streams.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import math
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from inference.engine import EngineBusy, EngineClosed, Event, GenerationRequest, JobFailed
from inference.errors import OrchardError
from inference.types import MAX_SEED, GenerationChunk, Message, SamplingSettings

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1 << 20
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::"})
MAX_STOPS = 4
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


class ServerConfigError(Exception):
    """The server cannot start as configured; the message is one sentence for the user."""


@dataclass
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    #: Extra names the Host header may carry (e.g. this machine's name on the LAN).
    allowed_hosts: list[str] = field(default_factory=list)
    max_body_bytes: int = MAX_BODY_BYTES
    #: A connection that has not sent a whole request within this many seconds (after it
    #: opened, or after its last response) is closed: idle sockets cannot hold the server.
    idle_timeout_s: float = 10.0
    #: Open connections one non-loopback address may hold at once.
    max_connections_per_client: int = 16


class EngineLike(Protocol):
    """What the server needs from :class:`inference.engine.Engine` (a fake can stand in).

    The server only reads these; properties, so an engine may expose them read-only.
    """

    @property
    def model_id(self) -> str: ...

    @property
    def model_ids(self) -> tuple[str, ...]: ...

    @property
    def context_length(self) -> int: ...

    def submit(self, request: GenerationRequest, sink: Callable[[Event], None]) -> Any: ...


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_config(config: ServerConfig) -> None:
    """Refuse unsafe or impossible settings before anything is loaded."""
    if not is_loopback(config.host) and not config.api_key:
        raise ServerConfigError(
            f"Refusing to listen on {config.host} without an API key: anyone on the network "
            "could use it; pass --api-key KEY or keep the default --host 127.0.0.1."
        )
    if not 0 <= config.port <= 65535:
        raise ServerConfigError(f"--port must be between 0 and 65535, not {config.port}.")


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


# --- errors -------------------------------------------------------------------------------
_ERROR_TYPES = {
    400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
    404: "invalid_request_error", 405: "invalid_request_error", 413: "invalid_request_error",
    503: "server_error",
}


class ApiError(Exception):
    def __init__(
        self, status: int, message: str, *, param: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code

    def body(self) -> dict[str, Any]:
        kind = _ERROR_TYPES.get(self.status, "server_error")
        return {"error": {"message": self.message, "type": kind, "param": self.param,
                          "code": self.code}}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status)


async def _send_error(send: Send, error: ApiError) -> None:
    body = json.dumps(error.body()).encode()
    await send({"type": "http.response.start", "status": error.status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
    ]})
    await send({"type": "http.response.body", "body": body})


# --- middleware ---------------------------------------------------------------------------
def _hostname(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class GuardMiddleware:
    """Host check (DNS rebinding) and Origin check (other web pages), before anything else."""

    def __init__(self, app: ASGIApp, *, config: ServerConfig) -> None:
        self.app = app
        bound = config.host.strip("[]").lower()
        self.any_host = bound in WILDCARDS  # the API key guards a wildcard bind
        self.hosts = {*LOOPBACK_NAMES, bound, *(h.lower() for h in config.allowed_hosts)}
        self.origins = set(config.cors_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = _hostname(headers.get("host", ""))
        if not self.any_host and host not in self.hosts:
            await _send_error(send, ApiError(
                403, f"Host {host or '(none)'} is not served here; use localhost or the address "
                "the server listens on.", code="host_not_allowed"))
            return
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins and "*" not in self.origins:
            await _send_error(send, ApiError(
                403, f"Requests from web pages at {origin} are not allowed; start the server with "
                "--cors-origin to allow one.", code="origin_not_allowed"))
            return
        await self.app(scope, receive, send)


class ApiKeyMiddleware:
    """``Authorization: Bearer KEY``, compared in constant time."""

    def __init__(self, app: ASGIApp, *, api_key: str) -> None:
        self.app = app
        self.expected = f"Bearer {api_key}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = Headers(scope=scope).get("authorization", "").encode("utf-8", "replace")
            if not hmac.compare_digest(given, self.expected):
                await _send_error(send, ApiError(
                    401, "Missing or wrong API key; send it as 'Authorization: Bearer KEY'.",
                    code="invalid_api_key"))
                return
        await self.app(scope, receive, send)


# --- request parsing ----------------------------------------------------------------------
async def read_json(request: Request, limit: int) -> dict[str, Any]:
    too_big = ApiError(413, f"The request body is larger than {limit} bytes.",
                       code="request_too_large")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_big
    data = bytearray()
    async for piece in request.stream():
        data += piece
        if len(data) > limit:
            raise too_big
    try:
        body = json.loads(bytes(data))
    except (ValueError, RecursionError):
        raise ApiError(400, "The request body is not valid JSON.", code="invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.", code="invalid_json")
    return body


def _bad(param: str, message: str, code: str = "invalid_value") -> ApiError:
    return ApiError(400, message, param=param, code=code)


def _number(body: dict[str, Any], name: str, lo: float, hi: float, default: float) -> float:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(name, f"'{name}' must be a number.", "invalid_type")
    if not lo <= value <= hi:
        raise _bad(name, f"'{name}' must be between {lo:g} and {hi:g}, not {value}.")
    return float(value)


def _integer(body: dict[str, Any], name: str, lo: int | None = None) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(name, f"'{name}' must be an integer.", "invalid_type")
    if lo is not None and value < lo:
        raise _bad(name, f"'{name}' must be at least {lo}, not {value}.")
    return value


def _seed(body: dict[str, Any]) -> int | None:
    seed = _integer(body, "seed")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise _bad("seed", f"'seed' must be from 0 to {MAX_SEED}, not {seed}.")
    return seed


def _text(value: str, param: str) -> str:
    """JSON can carry a lone surrogate (\\ud800) that no tokenizer can encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _bad(param, f"'{param}' holds text that is not valid Unicode (a lone "
                   "surrogate).") from None
    return value


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _bad(name, f"'{name}' must be true or false.", "invalid_type")
    return value


def _stops(body: dict[str, Any]) -> list[str]:
    value = body.get("stop")
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise _bad("stop", "'stop' must be a string or a list of strings.", "invalid_type")
    if len(value) > MAX_STOPS:
        raise _bad("stop", f"'stop' takes at most {MAX_STOPS} strings.")
    return [_text(s, "stop") for s in value if s]


@dataclass
class _Common:
    model: str
    settings: SamplingSettings
    stream: bool
    include_usage: bool


def _common(body: dict[str, Any], engine: EngineLike) -> _Common:
    if not engine.model_ids:  # the app's Local API while the app loads another model
        raise ApiError(503, "No model is loaded in Orchard right now; wait for the app to "
                       "finish loading one and try again.", code="model_not_loaded")
    model = body.get("model", engine.model_id)
    if not isinstance(model, str):
        raise _bad("model", "'model' must be a string.", "invalid_type")
    if model not in engine.model_ids:
        raise _bad("model", f"The model '{model}' does not exist here; GET /v1/models lists the "
                   "one this server runs.", "model_not_found")
    n = _integer(body, "n", 1)
    if n not in (None, 1):
        raise _bad("n", "Only one choice per request is supported ('n' must be 1).")
    max_tokens = _integer(body, "max_tokens", 1)
    if max_tokens is None:
        max_tokens = _integer(body, "max_completion_tokens", 1)
    defaults = SamplingSettings()
    settings = SamplingSettings(
        temperature=_number(body, "temperature", 0.0, 2.0, defaults.temperature),
        top_p=_number(body, "top_p", 0.0, 1.0, defaults.top_p),
        min_p=defaults.min_p,
        seed=_seed(body),
        # Unset: up to the rest of the context (the session caps it there).
        max_tokens=max_tokens or engine.context_length,
        stop=_stops(body),
    )
    try:
        settings.check()  # e.g. a temperature of 1e-300, which no sampler can honour
    except OrchardError as exc:
        raise _bad("temperature", str(exc)) from None
    stream = _flag(body, "stream")
    options = body.get("stream_options")
    if options is not None and not isinstance(options, dict):
        raise _bad("stream_options", "'stream_options' must be an object.", "invalid_type")
    include_usage = _flag(options or {}, "include_usage")
    return _Common(model, settings, stream, include_usage)


def _content(value: Any, param: str) -> str:
    if isinstance(value, str):
        return _text(value, param)
    if value is None:
        return ""
    if isinstance(value, list):  # [{"type": "text", "text": ...}, ...]
        parts = []
        for part in value:
            if not (isinstance(part, dict) and part.get("type") == "text"
                    and isinstance(part.get("text"), str)):
                raise _bad(param, "Only text content parts are supported.", "invalid_type")
            parts.append(part["text"])
        return _text("".join(parts), param)
    raise _bad(param, f"'{param}' must be a string or a list of text parts.", "invalid_type")


def parse_messages(body: dict[str, Any]) -> list[Message]:
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise _bad("messages", "'messages' must be a non-empty list.", "invalid_type")
    messages = []
    for i, m in enumerate(raw):
        if not isinstance(m, dict):
            raise _bad(f"messages[{i}]", f"messages[{i}] must be an object.", "invalid_type")
        role = m.get("role")
        if not isinstance(role, str) or role not in ROLES:
            raise _bad(f"messages[{i}].role",
                       f"messages[{i}].role must be one of system, user or assistant.")
        # Plain text, always: the prompt builder never parses it for control tokens.
        messages.append(Message(ROLES[role], _content(m.get("content"), f"messages[{i}].content")))
    return messages


def parse_prompt(body: dict[str, Any]) -> str:
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str):
        raise _bad("prompt", "'prompt' must be a string.", "invalid_type")
    if not prompt:
        raise _bad("prompt", "'prompt' must not be empty.")
    return _text(prompt, "prompt")


# --- responses ----------------------------------------------------------------------------
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


def _failed(event: JobFailed) -> ApiError:
    if event.code == "server_error":
        return ApiError(500, event.message, code="server_error")
    param = "messages" if event.code == "context_length_exceeded" else None
    return ApiError(400, event.message, param=param, code=event.code)


def _usage(chunk: GenerationChunk) -> dict[str, Any]:
    return {
        "prompt_tokens": chunk.prompt_tokens,
        "completion_tokens": chunk.generation_tokens,
        "total_tokens": chunk.prompt_tokens + chunk.generation_tokens,
        "prompt_tokens_details": {"cached_tokens": chunk.cached_tokens},
    }


def _finish_reason(chunk: GenerationChunk) -> str:
    return "length" if chunk.finish_reason == "length" else "stop"


def _sse(data: dict[str, Any] | str) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


class _Shape:
    """Builds chat or text-completion objects, whole or as stream chunks."""

    def __init__(self, chat: bool, model: str) -> None:
        self.chat = chat
        self.model = model
        self.id = f"{'chatcmpl' if chat else 'cmpl'}-{uuid.uuid4().hex}"
        self.created = int(time.time())

    def _head(self, obj: str) -> dict[str, Any]:
        return {"id": self.id, "object": obj, "created": self.created, "model": self.model}

    def whole(self, text: str, last: GenerationChunk) -> dict[str, Any]:
        choice: dict[str, Any] = {"index": 0, "logprobs": None,
                                  "finish_reason": _finish_reason(last)}
        if self.chat:
            choice["message"] = {"role": "assistant", "content": text}
        else:
            choice["text"] = text
        obj = "chat.completion" if self.chat else "text_completion"
        return {**self._head(obj), "choices": [choice], "usage": _usage(last)}

    def piece(self, text: str | None, finish: str | None, *, first: bool = False) -> dict[str, Any]:
        choice: dict[str, Any] = {"index": 0, "logprobs": None, "finish_reason": finish}
        if self.chat:
            delta: dict[str, Any] = {"role": "assistant"} if first else {}
            if text is not None:
                delta["content"] = text
            choice["delta"] = delta
            obj = "chat.completion.chunk"
        else:
            choice["text"] = text or ""
            obj = "text_completion"
        return {**self._head(obj), "choices": [choice]}

    def usage(self, last: GenerationChunk) -> dict[str, Any]:
        obj = "chat.completion.chunk" if self.chat else "text_completion"
        return {**self._head(obj), "choices": [], "usage": _usage(last)}


class Api:
    """The endpoints, bound to one engine and configuration."""

    def __init__(self, engine: EngineLike, config: ServerConfig) -> None:
        self.engine = engine
        self.config = config
        self.started = int(time.time())

    async def models(self, request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [
            {"id": m, "object": "model", "created": self.started, "owned_by": "orchard"}
            for m in self.engine.model_ids
        ]})

    async def chat(self, request: Request) -> Response:
        body = await read_json(request, self.config.max_body_bytes)
        common = _common(body, self.engine)
        job_request = GenerationRequest(messages=parse_messages(body), settings=common.settings)
        return await self._respond(request, job_request, common, chat=True)

    async def completions(self, request: Request) -> Response:
        body = await read_json(request, self.config.max_body_bytes)
        common = _common(body, self.engine)
        if body.get("suffix") or body.get("echo"):
            raise _bad("suffix" if body.get("suffix") else "echo", "'suffix' and 'echo' are "
                       "not supported.")
        job_request = GenerationRequest(prompt=parse_prompt(body), settings=common.settings)
        return await self._respond(request, job_request, common, chat=False)

    async def _respond(
        self, request: Request, job_request: GenerationRequest, common: _Common, *, chat: bool
    ) -> Response:
        events = _Events()
        try:
            job = self.engine.submit(job_request, events)
        except EngineBusy as exc:
            raise ApiError(503, str(exc), code="server_busy") from None
        except EngineClosed as exc:
            raise ApiError(503, str(exc), code="model_unloaded") from None
        shape = _Shape(chat, common.model)
        with _watch(request, job):
            first = await events.get()
            if isinstance(first, JobFailed):
                raise _failed(first)
            if not common.stream:
                parts = [first.text]
                event: Event = first
                while isinstance(event, GenerationChunk) and event.finish_reason is None:
                    event = await events.get()
                    if isinstance(event, GenerationChunk):
                        parts.append(event.text)
                if isinstance(event, JobFailed):
                    raise _failed(event)
                return JSONResponse(shape.whole("".join(parts), event))
        # Streaming: from here StreamingResponse watches for the client leaving and cancels
        # the body iterator, whose finally cancels the job.
        return StreamingResponse(
            self._stream(first, events, job, shape, common.include_usage),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    async def _stream(
        self, first: GenerationChunk, events: _Events, job: Any, shape: _Shape, usage: bool
    ) -> AsyncIterator[str]:
        try:
            if shape.chat:
                yield _sse(shape.piece("", None, first=True))
            event: Event = first
            while True:
                if isinstance(event, JobFailed):
                    yield _sse(_failed(event).body())
                    break
                if event.text:
                    yield _sse(shape.piece(event.text, None))
                if event.finish_reason is not None:
                    yield _sse(shape.piece(None, _finish_reason(event)))
                    if usage:
                        yield _sse(shape.usage(event))
                    break
                event = await events.get()
            yield _sse("[DONE]")
        finally:
            job.cancel()  # a no-op once the job has finished


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
    middleware = [Middleware(GuardMiddleware, config=config)]
    if config.cors_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type"],
        ))
    if config.api_key:
        middleware.append(Middleware(ApiKeyMiddleware, api_key=config.api_key))
    return Starlette(
        routes=[
            Route("/v1/models", api.models, methods=["GET"]),
            Route("/v1/chat/completions", api.chat, methods=["POST"]),
            Route("/v1/completions", api.completions, methods=["POST"]),
        ],
        middleware=middleware,
        exception_handlers={ApiError: _api_error, HTTPException: _http_error,
                            Exception: _server_error},
    )


# --- running ------------------------------------------------------------------------------
def _peer_host(protocol: object) -> str:
    """The client address of one of uvicorn's connections ("" if it has none: not every
    protocol class uvicorn keeps in ``server_state.connections`` has ``client``)."""
    client = getattr(protocol, "client", None)
    return str(client[0]) if client else ""


def _guarded_protocol(config: ServerConfig) -> type[asyncio.Protocol]:
    """uvicorn's HTTP/1.1 protocol with two guards it lacks.

    uvicorn starts no timer for a connection that never sends (or never finishes) its request
    headers, and counts such connections against ``limit_concurrency``: 63 idle sockets made
    every request a 503 for as long as they stayed open. Here a connection gets
    ``idle_timeout_s`` to send a whole request (from opening, and again after each response),
    and one non-loopback address may hold at most ``max_connections_per_client``.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    timeout, per_client = config.idle_timeout_s, config.max_connections_per_client

    class GuardedH11(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            host = _peer_host(self)
            if host and not is_loopback(host) and sum(
                1 for c in self.connections if _peer_host(c) == host
            ) > per_client:
                transport.close()
                return
            self._arm()

        def _arm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._deadline = self.loop.call_later(timeout, self._drop_if_waiting)

        def _drop_if_waiting(self) -> None:
            waiting = self.cycle is None or self.cycle.response_complete
            if waiting and not self.transport.is_closing():
                self.transport.close()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

    return GuardedH11


def _uvicorn_config(app: Starlette, config: ServerConfig) -> uvicorn.Config:
    return uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="off", proxy_headers=False,
        server_header=False, limit_concurrency=64, timeout_graceful_shutdown=3,
        http=_guarded_protocol(config),
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
