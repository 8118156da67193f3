"""Counting and splitting text in the loaded model's tokens: ``POST /tokenize`` and
``/detokenize`` (llama.cpp's server and vLLM answer these; clients use them to budget a
prompt), and Anthropic's ``POST /v1/messages/count_tokens``.

``/tokenize`` takes ``{"content": TEXT}`` (llama.cpp; ``"prompt"`` as vLLM names it) and
tokenizes it as plain text, as message text always is here; or ``{"messages": [...]}`` in
OpenAI's shape (with ``tools``), rendered with the model's template exactly as a chat
request would be. It answers ``{"tokens": [...], "count": N, "max_model_len": CONTEXT}``.
``/detokenize`` takes ``{"tokens": [...]}`` and answers ``{"content": TEXT}``.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.server.api import Api
from app.server.errors import ApiError
from app.server.fields import read_json
from app.server.openai import parse_chat
from inference.engine import GenerationRequest
from inference.errors import OrchardError


def render_ids(api: Api, generation: GenerationRequest) -> list[int]:
    """The ids ``generation``'s prompt is, as a reply to it would be sent."""
    render = getattr(api.engine, "render", None)
    if render is None:
        raise ApiError(501, "This server cannot count tokens.", code="not_supported")
    try:
        return list(render(generation).ids)
    except OrchardError as exc:
        raise ApiError(400, str(exc), code="invalid_request") from None


def _loaded(api: Api) -> None:
    if not api.engine.model_ids:
        raise ApiError(503, "No model is loaded in Orchard right now; wait for the app to "
                       "finish loading one and try again.", code="model_not_loaded")


async def tokenize(api: Api, request: Request) -> Response:
    body = await read_json(request, api.config.max_body_bytes)
    _loaded(api)
    if body.get("messages") is not None:
        parsed = await run_in_threadpool(parse_chat, {**body, "stream": False}, api.engine)
        ids = await run_in_threadpool(render_ids, api, parsed.generation)  # images, if any
    else:
        text = body.get("content", body.get("prompt"))
        if not isinstance(text, str):
            raise ApiError(400, "Send 'content' (text) or 'messages' to tokenize.",
                           param="content", code="invalid_type")
        tokenize = getattr(api.engine, "tokenize", None)
        if tokenize is None:
            raise ApiError(501, "This server cannot count tokens.", code="not_supported")
        # as llama.cpp's /tokenize: no beginning-of-text token unless asked for
        try:
            ids = await run_in_threadpool(tokenize, text, bool(body.get("add_special", False)))
        except OrchardError as exc:
            raise ApiError(503, str(exc), code="model_not_loaded") from None
    return JSONResponse({"tokens": ids, "count": len(ids),
                         "max_model_len": api.engine.context_length})


async def detokenize(api: Api, request: Request) -> Response:
    body = await read_json(request, api.config.max_body_bytes)
    _loaded(api)
    tokens = body.get("tokens")
    if not isinstance(tokens, list) or not all(
            isinstance(t, int) and not isinstance(t, bool) for t in tokens):
        raise ApiError(400, "'tokens' must be a list of token ids.", param="tokens",
                       code="invalid_type")
    detokenize = getattr(api.engine, "detokenize", None)
    if detokenize is None:
        raise ApiError(501, "This server cannot decode tokens.", code="not_supported")
    try:
        text = await run_in_threadpool(detokenize, tokens)
    except OrchardError as exc:
        if getattr(exc, "api_code", "") == "invalid_request":  # an id outside the vocabulary
            raise ApiError(400, str(exc), param="tokens", code="invalid_value") from None
        raise ApiError(503, str(exc), code="model_not_loaded") from None
    return JSONResponse({"content": text})


#: path → (handler, method)
ROUTES: dict[str, tuple[Any, str]] = {
    "/tokenize": (tokenize, "POST"),
    "/detokenize": (detokenize, "POST"),
}

__all__ = ["ROUTES", "render_ids"]
