"""A local OpenAI-compatible API (Starlette on uvicorn) in front of an :mod:`inference.engine`.

Endpoints: ``POST /v1/chat/completions``, ``/v1/completions``, ``/v1/responses``
(:mod:`app.server.responses`) and Anthropic's ``/v1/messages`` (:mod:`app.server.anthropic`),
streamed as server-sent events or not; Ollama's ``/api/chat``, ``/api/generate`` and model
descriptions (:mod:`app.server.ollama`); ``GET /v1/models``, ``/v1/models/{id}``, ``/health``
and ``/openapi.json``. This module holds the routes, the Starlette app and the ways to run it
(:func:`serve`, :class:`BackgroundServer`); OpenAI's wire format lives in
:mod:`app.server.openai`, the host, origin and key checks in :mod:`app.server.guard`, what
every endpoint shares (the engine, model switching, queueing a reply) in :mod:`app.server.api`
and the one streaming loop in :mod:`app.server.stream`. Each API's module is below this one:
none imports it.

A full queue → 503; an error is OpenAI's JSON shape unless the API has its own; a client that
goes away from a streamed reply cancels its generation (the engine stops within a token or two:
the write after the client closed finds it gone). A client that only half-closes its side after
its request still gets its reply (:func:`app.server.guard.guarded_protocol`); TCP cannot tell
that from a client that closed altogether, so a whole (non-streamed) reply a client left is
generated to its end.
"""

from __future__ import annotations

import socket
import threading

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.server import anthropic, responses
from app.server.api import Api, EngineLike, served_names
from app.server.embeddings import openai_embeddings
from app.server.errors import ApiError
from app.server.guard import (
    ServerConfig,
    ServerConfigError,
    check_config,
    guard_middleware,
    guarded_protocol,
)
from app.server.ollama import ROUTES as OLLAMA_ROUTES
from app.server.openai import (
    CompletionEncoder,
    ParsedRequest,
    model_list,
    model_object,
    parse_chat,
    parse_completion,
)
from app.server.openapi import openapi_document
from app.server.tokens import ROUTES as TOKEN_ROUTES


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


# --- routes -------------------------------------------------------------------------------
async def models(api: Api, request: Request) -> Response:
    return JSONResponse(model_list(api.names(), api.started))


async def model(api: Api, request: Request) -> Response:
    name = request.path_params["model"]
    if name not in served_names(api.engine.model_ids):
        raise ApiError(404, f"The model '{name}' does not exist here; GET /v1/models lists "
                       "the one this server runs.", param="model", code="model_not_found")
    return JSONResponse(model_object(name, api.started))


async def health(api: Api, request: Request) -> Response:
    """200 while a model is loaded and answers; 503 (with Retry-After) while none is."""
    if not api.engine.model_ids:
        raise ApiError(503, "No model is loaded yet.", code="model_not_loaded")
    return JSONResponse({"status": "ok", "model": api.engine.model_id})


async def openapi(api: Api, request: Request) -> Response:
    return JSONResponse(openapi_document())


async def chat(api: Api, request: Request) -> Response:
    """``POST /v1/chat/completions``."""
    body = await api.body(request)
    # Off the event loop: the request's images are decoded while it is parsed.
    return await _answer(api, request, await run_in_threadpool(parse_chat, body, api.engine))


async def completions(api: Api, request: Request) -> Response:
    """``POST /v1/completions``."""
    body = await api.body(request)
    return await _answer(api, request, parse_completion(body, api.engine))


async def _answer(api: Api, request: Request, parsed: ParsedRequest) -> Response:
    try:
        return await api.answer(request, parsed.generation, CompletionEncoder(parsed),
                                streamed=parsed.stream)
    except ApiError as exc:
        if not parsed.chat and exc.param == "messages":
            exc.param = "prompt"  # a completion's too-long input is its prompt
        raise


#: path → (handler, method)
ROUTES = {
    "/health": (health, "GET"), "/openapi.json": (openapi, "GET"),
    "/v1/models": (models, "GET"), "/v1/models/{model:path}": (model, "GET"),
    "/v1/chat/completions": (chat, "POST"), "/v1/completions": (completions, "POST"),
    "/v1/messages": (anthropic.create_message, "POST"),
    "/v1/messages/count_tokens": (anthropic.count_tokens, "POST"),
    "/v1/responses": (responses.create_response, "POST"),
    "/v1/embeddings": (openai_embeddings, "POST"),
}


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
        routes=[Route(path, api.bind(handler), methods=[method])
                for path, (handler, method) in (ROUTES | OLLAMA_ROUTES | TOKEN_ROUTES).items()],
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
