"""Who may reach the server: its settings, and the guards in front of the routes.

Safe by default:

- binds 127.0.0.1; any other address needs an API key (:func:`check_config` refuses);
- the Host header must name the bound address or localhost (DNS rebinding), and a browser's
  Origin must be one configured with ``cors_origins`` (no CORS otherwise) → 403;
- ``Authorization: Bearer KEY`` compared in constant time when a key is set → 401;
- a connection must send a whole request, headers and body, within ``idle_timeout_s``; one
  address (loopback too) may hold at most ``max_connections_per_client`` connections and the
  server ``max_connections``, slow or idle ones making room for new ones
  (:func:`guarded_protocol`).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.server.errors import ApiError

#: The largest request body, images included: a phone photo is 3-5 MB, a third more as base64,
#: and 32 MiB is what Anthropic's API takes in one request. (Text alone never needs as much:
#: a context's worth of it is a few MB at most, and more is refused as too long.)
MAX_BODY_BYTES = 32 << 20
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::"})
#: The connections the server holds at once, and the share of them one address may hold
#: (loopback included: every local client is 127.0.0.1, a local flood as much as any). One
#: address holding at most a quarter leaves the rest to others; and a connection that has not
#: sent a whole request gives its place to a new one (see :func:`guarded_protocol`). The
#: engine answers one request at a time and queues a few, so 16 requests from one client
#: at once is already more than it serves.
MAX_CONNECTIONS = 64
MAX_CONNECTIONS_PER_CLIENT = 16
#: The time a connection has to send a whole request, headers and body: 32 MiB takes well
#: under a second on a LAN, and a slow link or a slow client is still answered, with a 408.
REQUEST_TIMEOUT_S = 10.0


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
    #: A connection that has not sent a whole request (headers and body) within this many
    #: seconds after it opened, or after its last response, is closed (a body still coming
    #: is answered 408 first): idle or slow sockets cannot hold the server.
    idle_timeout_s: float = REQUEST_TIMEOUT_S
    #: Open connections one address, loopback included, may hold at once.
    max_connections_per_client: int = MAX_CONNECTIONS_PER_CLIENT
    #: Open connections the server holds at once (uvicorn's ``limit_concurrency`` less one).
    max_connections: int = MAX_CONNECTIONS
    #: While a streamed reply waits (in the queue, or reading a long prompt), an SSE comment
    #: is sent this often so clients and proxies do not time the request out.
    keepalive_s: float = 15.0
    #: The other models a request may name (``orchard serve``): loaded on first use in place
    #: of the one loaded now. None: only the loaded model is served (the window's Local API,
    #: where the model is the user's choice in the window). See app.server.api.ModelShelf.
    models: Any = None
    #: The embedding model ``/v1/embeddings`` and ``/api/embed`` use when a request names it
    #: (``orchard serve --embeddings``); downloaded embedding models answer by name too.
    embeddings: str | None = None


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


# --- middleware ---------------------------------------------------------------------------
async def _send_error(send: Send, error: ApiError) -> None:
    body = json.dumps(error.body()).encode()
    await send({"type": "http.response.start", "status": error.status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
    ]})
    await send({"type": "http.response.body", "body": body})


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
    """``Authorization: Bearer KEY`` (OpenAI's clients) or ``x-api-key: KEY`` (Anthropic's),
    compared in constant time. ``GET /health`` answers without a key, as load balancers and
    launchers probe it."""

    def __init__(self, app: ASGIApp, *, api_key: str) -> None:
        self.app = app
        self.bearer = f"Bearer {api_key}".encode()
        self.key = api_key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") != "/health":
            headers = Headers(scope=scope)
            bearer = headers.get("authorization", "").encode("utf-8", "replace")
            key = headers.get("x-api-key", "").encode("utf-8", "replace")
            ok = hmac.compare_digest(bearer, self.bearer)
            ok = hmac.compare_digest(key, self.key) or ok
            if not ok:
                await _send_error(send, ApiError(
                    401, "Missing or wrong API key; send it as 'Authorization: Bearer KEY' "
                    "or 'x-api-key: KEY'.", code="invalid_api_key"))
                return
        await self.app(scope, receive, send)


def guard_middleware(config: ServerConfig) -> list[Middleware]:
    """The guards, outermost first: Host and Origin, then CORS (if any origin is allowed),
    then the API key (if one is set)."""
    middleware = [Middleware(GuardMiddleware, config=config)]
    if config.cors_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST"],
            # Any request header, for an allowed origin only: the OpenAI and Anthropic JS SDKs
            # send a changing family of their own (x-stainless-os, -retry-count, -timeout…,
            # anthropic-version), and a list would break with their next release. The origin
            # list and the API key are the guards.
            allow_headers=["*"],
        ))
    if config.api_key:
        middleware.append(Middleware(ApiKeyMiddleware, api_key=config.api_key))
    return middleware


# --- connections --------------------------------------------------------------------------
class RequestTimeout(ApiError):
    """408: a request whose body did not arrive within the time a whole request may take."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"The request was not sent within {seconds:g} s; send the whole "
                         "request at once.", code="request_timeout")

    def body(self) -> dict[str, Any]:
        body = super().body()
        body["error"]["type"] = "invalid_request_error"  # the client's doing, not the server's
        return body


#: What a connection past a limit reads before the server closes it (no thread, no task, no
#: place in the pool: the answer is written as the connection opens).
_BUSY = json.dumps(ApiError(
    503, "Too many connections are open (from this address, or in all); close some or try "
    "again shortly.",
    code="too_many_connections").body()).encode()
BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
    b"content-length: %d\r\nretry-after: 2\r\nconnection: close\r\n\r\n%s"
    % (len(_BUSY), _BUSY))
#: How long a refused connection may still send (its request is read and dropped) before it is
#: closed: closing at once with its request unread would reset the connection, and a reset can
#: erase the 503 before the client reads it (RFC 9112, 9.6).
LINGER_S = 1.0


def _peer_host(protocol: object) -> str:
    """The client address of one of uvicorn's connections ("" if it has none: not every
    protocol class uvicorn keeps in ``server_state.connections`` has ``client``)."""
    client = getattr(protocol, "client", None)
    return str(client[0]) if client else ""


def guarded_protocol(config: ServerConfig) -> type[asyncio.Protocol]:
    """uvicorn's HTTP/1.1 protocol with the guards it lacks.

    uvicorn starts no timer for a connection that never sends (or never finishes) its request,
    and counts such connections against ``limit_concurrency``: 63 idle sockets, or 63 that sent
    one body byte every few seconds, made every request a 503 for as long as they stayed open.
    Here:

    - a connection gets ``idle_timeout_s`` to send a whole request, headers and body (from
      opening, and again after each response): a connection still sending its headers is
      closed, one still sending its body is answered 408 and closed;
    - one address (loopback too) holds at most ``max_connections_per_client`` connections, and
      the whole server ``max_connections``. A new connection past either limit takes the place
      of the one that has waited longest without sending a whole request (idle, or slow), so
      slow clients, however many and however often they reconnect, cannot keep a fresh
      request (``/health`` included) out. Only when every place is taken by a request being
      answered is the newcomer refused: a 503 written at once, and closed;
    - a client that half-closes its side after sending a request (``shutdown(SHUT_WR)``) still
      gets its reply; the connection closes after it.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    timeout, per_client = config.idle_timeout_s, config.max_connections_per_client
    pool = config.max_connections

    class GuardedH11(H11Protocol):
        _timer: asyncio.TimerHandle | None = None
        _refused = False
        #: When the request now awaited must be whole (loop time), and since when it has been
        #: awaited (the oldest waiting connection makes room first).
        _deadline = 0.0
        _since = 0.0
        #: The timeout around the body read in progress, so a deadline brought forward reaches it.
        _reading: asyncio.Timeout | None = None

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._inner_app = self.app
            self.app = self._app_in_time

        # --- admission -------------------------------------------------------------------
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm(timeout)
            host = _peer_host(self)
            others = [c for c in self.connections if c is not self]
            same = [c for c in others if _peer_host(c) == host]
            if len(same) >= per_client and not self._make_room(same) or \
                    len(others) >= pool and not self._make_room(others):
                self._refuse()

        def _make_room(self, connections: list[Any]) -> bool:
            """Let the longest-waiting of ``connections`` that has not sent a whole request
            go; False when every one of them is being answered."""
            waiting = [c for c in connections if isinstance(c, GuardedH11) and c._waiting()]
            if not waiting:
                return False
            min(waiting, key=lambda c: c._since)._expire()
            return True

        def _refuse(self) -> None:
            self.connections.discard(self)
            self._refused = True
            self.transport.write(BUSY_RESPONSE)
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self._arm(min(LINGER_S, timeout))

        # --- the deadline ----------------------------------------------------------------
        def _arm(self, seconds: float) -> None:
            if self._timer is not None:
                self._timer.cancel()
            self._since = self.loop.time()
            self._deadline = self._since + seconds
            self._timer = self.loop.call_at(self._deadline, self._on_deadline)

        def _idle(self) -> bool:
            """No request being answered: none yet, its headers incomplete, or the last one
            answered."""
            return self.cycle is None or self.cycle.response_complete

        def _waiting(self) -> bool:
            """Waiting for a whole request: idle, or a request whose body is still coming."""
            if self._refused or self.transport.is_closing():
                return False
            return self._idle() or (self.cycle.more_body and not self.cycle.response_started)

        def _on_deadline(self) -> None:
            if self._idle() and not self.transport.is_closing():
                self.transport.close()
            # a body still coming: its reader times out at the same deadline (408)

        def _expire(self) -> None:
            """Make room now: close an idle connection, time out a body being read."""
            self.connections.discard(self)
            if self._idle():
                self.transport.close()
                return
            self._deadline = self.loop.time()
            if self._reading is not None:
                self._reading.reschedule(self._deadline)

        async def _app_in_time(self, scope: Scope, receive: Receive, send: Send) -> None:
            """The app, with its request body due by the connection's deadline."""
            whole = False

            async def receive_in_time() -> Message:
                nonlocal whole
                if whole:
                    return await receive()
                try:
                    async with asyncio.timeout_at(self._deadline) as self._reading:
                        message = await receive()
                except TimeoutError:
                    if self.cycle is not None:
                        self.cycle.keep_alive = False  # the rest of the body never counts
                    raise RequestTimeout(timeout) from None
                finally:
                    self._reading = None
                if message["type"] == "http.disconnect":
                    # gone before its request was whole: an answer no one reads, in place of
                    # Starlette's ClientDisconnect, which would be logged as a server error
                    raise ApiError(400, "The connection closed before the whole request "
                                   "arrived.", code="incomplete_request")
                whole = not message.get("more_body")
                return message

            await self._inner_app(scope, receive_in_time, send)

        # --- uvicorn's events ------------------------------------------------------------
        def data_received(self, data: bytes) -> None:
            if not self._refused:  # a refused connection's request is read and dropped
                super().data_received(data)

        def eof_received(self) -> bool | None:  # type: ignore[override]
            """The client closed its side. With a whole request being answered, the reply
            still goes (then the connection closes); otherwise it is closed now."""
            if self._refused or self._idle() or self.cycle.more_body:
                return None
            self.cycle.keep_alive = False
            return True

        def on_response_complete(self) -> None:
            if not self.transport.is_closing():
                self._arm(timeout)  # before uvicorn reads a request already sent behind it
            super().on_response_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._timer is not None:
                self._timer.cancel()
            super().connection_lost(exc)

    return GuardedH11
