"""Who may reach the server: its settings, and the guards in front of the routes.

Safe by default:

- binds 127.0.0.1; any other address needs an API key (:func:`check_config` refuses);
- the Host header must name the bound address or localhost (DNS rebinding), and a browser's
  Origin must be one configured with ``cors_origins`` (no CORS otherwise) → 403;
- ``Authorization: Bearer KEY`` compared in constant time when a key is set → 401;
- a connection must send a whole request within ``idle_timeout_s``, and one non-loopback
  address may hold at most ``max_connections_per_client`` connections.
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
from starlette.types import ASGIApp, Receive, Scope, Send

from app.server.openai import ApiError

#: The largest request body, images included: a phone photo is 3-5 MB, a third more as base64,
#: and 32 MiB is what Anthropic's API takes in one request. (Text alone never needs as much:
#: a context's worth of it is a few MB at most, and more is refused as too long.)
MAX_BODY_BYTES = 32 << 20
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::"})


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
    #: While a streamed reply waits (in the queue, or reading a long prompt), an SSE comment
    #: is sent this often so clients and proxies do not time the request out.
    keepalive_s: float = 15.0
    #: The other models a request may name (``orchard serve``): loaded on first use in place
    #: of the one loaded now. None: only the loaded model is served (the window's Local API,
    #: where the model is the user's choice in the window). See app.server.app.ModelShelf.
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
def _peer_host(protocol: object) -> str:
    """The client address of one of uvicorn's connections ("" if it has none: not every
    protocol class uvicorn keeps in ``server_state.connections`` has ``client``)."""
    client = getattr(protocol, "client", None)
    return str(client[0]) if client else ""


def guarded_protocol(config: ServerConfig) -> type[asyncio.Protocol]:
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
