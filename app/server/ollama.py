"""Ollama's API beside OpenAI's and Anthropic's: the apps people point at a local server
(Open WebUI, Raycast, Obsidian plugins, Continue) often speak only this one.

``POST /api/chat`` and ``/api/generate`` (streamed as NDJSON by default, as Ollama does, or
whole with ``"stream": false``), ``GET /api/tags``, ``POST /api/show``, ``GET /api/ps`` and
``GET /api/version``. A request is translated into the OpenAI shape and checked by the same
parser (:func:`app.server.openai.parse_chat`), so every rule holds here too (plain text only,
the model's own template, tools, a JSON ``format``, images for a vision model); the answer
is written in Ollama's shape. Errors are Ollama's ``{"error": "..."}`` with the HTTP status.

Endpoints that manage models (``/api/pull``, ``/api/push``, ``/api/create``, ``/api/copy``,
``/api/delete``) answer 501: Orchard's models are downloaded in its window, from the Hub.
``/api/embed`` and ``/api/embeddings`` run :mod:`app.server.embeddings`' model.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.server.api import Api, served_names
from app.server.embeddings import embed_texts, texts_of
from app.server.errors import ApiError, error_response, image_error
from app.server.fields import declared, read_json
from app.server.images import ImageError, Picture, from_base64
from app.server.openai import ParsedRequest, ResponseShape, parse_chat, parse_completion
from app.server.stream import NDJSON
from inference.engine import Event
from inference.prompt.tools import supports_tools
from inference.types import GenerationChunk, TokenLogprob

#: The Ollama release whose API this follows (clients check it for features).
OLLAMA_VERSION = "0.12.6"
#: Ollama's names of the declared settings (inference.settings_schema) a request may carry
#: in ``options``, each checked against the declared bounds and honoured. Others (num_ctx,
#: num_gpu, ...) are the server's to decide and are accepted with no effect, as Ollama ignores
#: ones it does not know: the context is the one the model loaded with (orchard serve --ctx).
OPTIONS = {"temperature": "temperature", "top_p": "top_p", "top_k": "top_k", "min_p": "min_p",
           "repeat_penalty": "repetition_penalty", "repeat_last_n": "repeat_last_n",
           "dry_multiplier": "dry_multiplier", "seed": "seed", "num_predict": "max_tokens",
           "presence_penalty": "presence_penalty", "frequency_penalty": "frequency_penalty"}

def _error(exc: ApiError) -> JSONResponse:
    """An error in Ollama's shape: ``{"error": MESSAGE}`` with the HTTP status."""
    return error_response({"error": exc.message}, exc.status)


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _model(body: dict[str, Any], served: tuple[str, ...]) -> str:
    """The request's model, as the OpenAI parser knows it: Ollama's clients add ``:latest``
    to a name without a tag."""
    model = body.get("model")
    if isinstance(model, str) and model.endswith(":latest") and model not in served:
        model = model.removesuffix(":latest")
    if not isinstance(model, str) or not model:
        raise ApiError(400, "'model' is required; GET /api/tags lists the models here.")
    return model


def _options(options: dict[str, Any], context_length: int) -> dict[str, Any]:
    """Ollama's ``options`` as the Chat Completions settings they are, with Ollama's own
    special values: ``num_predict`` -1 (no limit) or -2 (fill the context) is the rest of the
    context; ``repeat_last_n`` -1 is the whole context and 0 turns the repeat penalty off."""
    out: dict[str, Any] = {}
    for theirs, ours in OPTIONS.items():
        value = options.get(theirs)
        if value is None or (theirs == "num_predict" and value in (-1, -2)):
            continue
        if theirs == "repeat_last_n" and value == 0:
            out["repetition_penalty"] = 1.0
            continue
        if theirs == "repeat_last_n" and value == -1:
            value = context_length
        where = {ours: value}
        try:
            out[ours] = declared(where, ours, f"options.{theirs}")
        except ApiError as exc:
            raise ApiError(400, exc.message) from None
    return out


def _openai_body(body: dict[str, Any], model: str, messages: list[dict[str, Any]],
                 context_length: int) -> dict[str, Any]:
    """The OpenAI Chat Completions body that asks for what this Ollama body asks."""
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise ApiError(400, "'options' must be an object.")
    out: dict[str, Any] = {"model": model, "messages": messages, "stream": False,
                           **_options(options, context_length)}
    stop = options.get("stop")
    if stop is not None:
        out["stop"] = stop
    fmt = body.get("format")
    if fmt == "json":
        out["response_format"] = {"type": "json_object"}
    elif isinstance(fmt, dict):
        out["response_format"] = {"type": "json_schema",
                                  "json_schema": {"name": "format", "schema": fmt}}
    elif fmt not in (None, ""):
        raise ApiError(400, "'format' must be \"json\" or a JSON Schema object.")
    if body.get("tools"):
        out["tools"] = body["tools"]
    return out


def _image_part(data: Any, where: str) -> Picture:
    """One of Ollama's ``images`` (bare base64) as the picture the chat parser takes."""
    try:
        return from_base64(data, where)
    except ImageError as exc:
        raise image_error(exc) from None


def _messages(raw: Any) -> list[dict[str, Any]]:
    """Ollama's messages as OpenAI's: images become image parts; tool calls get ids, and
    each tool result answers the next unanswered call (of its ``tool_name`` if it gives one)."""
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, "'messages' must be a non-empty list.")
    out: list[dict[str, Any]] = []
    open_calls: list[tuple[str, str]] = []  # (id, name) of calls not answered yet
    for i, m in enumerate(raw):
        if not isinstance(m, dict):
            raise ApiError(400, f"messages[{i}] must be an object.")
        message: dict[str, Any] = {"role": m.get("role"), "content": m.get("content") or ""}
        images = m.get("images") or []
        if images:
            if not isinstance(images, list):
                raise ApiError(400, f"messages[{i}].images must be a list.")
            text = message["content"]
            message["content"] = [
                *([{"type": "text", "text": text}] if text else []),
                *(_image_part(d, f"messages[{i}].images[{k}]") for k, d in enumerate(images)),
            ]
        calls = m.get("tool_calls")
        if m.get("role") == "assistant" and isinstance(calls, list) and calls:
            converted = []
            for k, call in enumerate(calls):
                function = call.get("function") if isinstance(call, dict) else None
                if not isinstance(function, dict) or not isinstance(function.get("name"), str):
                    raise ApiError(400, f"messages[{i}].tool_calls[{k}] needs a function name.")
                call_id = f"call_{i}_{k}"
                arguments = function.get("arguments") or {}
                converted.append({"id": call_id, "type": "function", "function": {
                    "name": function["name"],
                    "arguments": arguments if isinstance(arguments, str)
                    else json.dumps(arguments)}})
                open_calls.append((call_id, function["name"]))
            message["tool_calls"] = converted
        if m.get("role") == "tool":
            name = m.get("tool_name") or m.get("name")
            match = next((c for c in open_calls if name is None or c[1] == name),
                         open_calls[0] if open_calls else None)
            if match is None:
                raise ApiError(400, f"messages[{i}] is a tool result, but no earlier assistant "
                               "message called a tool.")
            open_calls.remove(match)
            message["tool_call_id"], message["name"] = match
        out.append(message)
    return out


def _stats(last: GenerationChunk, started: float) -> dict[str, Any]:
    generating = (last.generation_tokens / last.generation_tps
                  if last.generation_tps > 0 else 0.0)
    return {
        "done_reason": "length" if last.finish_reason == "length" else "stop",
        "total_duration": int((time.perf_counter() - started) * 1e9),
        "load_duration": 0,
        "prompt_eval_count": last.prompt_tokens,
        "prompt_eval_duration": int(last.ttft_s * 1e9),
        "eval_count": last.generation_tokens,
        "eval_duration": int(generating * 1e9),
    }


def _ollama_calls(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for call in calls:
        function = call.get("function", {})
        try:
            arguments = json.loads(function.get("arguments") or "{}")
        except ValueError:
            arguments = function.get("arguments")
        out.append({"function": {"name": function.get("name"), "arguments": arguments}})
    return out


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data) + "\n"


class ReplyEncoder:
    """One reply in Ollama's shape (an :class:`app.server.stream.Encoder`): chat messages or
    generate's ``response``, one JSON object a line; the last one carries the counts."""

    media_type = NDJSON

    def __init__(self, parsed: ParsedRequest, model: str, chat: bool) -> None:
        self.model, self.chat = model, chat
        self.shape = ResponseShape(parsed)  # reads tool calls out of the text
        self.started = time.perf_counter()

    def piece(self, text: str, calls: list[dict[str, Any]], *, done: bool = False
              ) -> dict[str, Any]:
        out: dict[str, Any] = {"model": self.model, "created_at": _now()}
        if self.chat:
            message: dict[str, Any] = {"role": "assistant", "content": text}
            if calls:
                message["tool_calls"] = _ollama_calls(calls)
            out["message"] = message
        else:
            out["response"] = text
        out["done"] = done
        return out

    def last(self, text: str, calls: list[dict[str, Any]], chunk: GenerationChunk
             ) -> dict[str, Any]:
        return {**self.piece(text, calls, done=True), **_stats(chunk, self.started)}

    def whole(self, text: str, last: GenerationChunk, logprobs: list[TokenLogprob]
              ) -> dict[str, Any]:
        shown, _ = self.shape.feed(GenerationChunk(text=text, finish_reason=last.finish_reason))
        return self.last(shown, self.shape.calls, last)

    # --- streamed
    def start(self, first: Event | None) -> list[str]:
        return []

    def keepalive(self) -> list[str]:
        return []  # NDJSON has no comment to send: a quiet while says nothing

    def update(self, chunk: GenerationChunk) -> list[str]:
        text, calls = self.shape.feed(chunk)
        return [_line(self.piece(text, calls))] if text or calls else []

    def finish(self, last: GenerationChunk) -> list[str]:
        return [*self.update(last), _line(self.last("", [], last))]

    def fail(self, error: ApiError) -> list[str]:
        return [_line({"error": error.message})]


async def _answer(api: Api, request: Request, parsed: ParsedRequest, body: dict[str, Any],
                  model: str, chat: bool) -> Response:
    return await api.answer(request, parsed.generation, ReplyEncoder(parsed, model, chat),
                            streamed=body.get("stream", True) is not False)


async def chat(api: Api, request: Request) -> Response:
    try:
        body = await api.body(request)
        model = _model(body, served_names(api.engine.model_ids))
        openai = _openai_body(body, model, _messages(body.get("messages")),
                              api.engine.context_length)
        parsed = await run_in_threadpool(parse_chat, openai, api.engine)
        return await _answer(api, request, parsed, body, model, chat=True)
    except ApiError as exc:
        return _error(exc)


async def generate(api: Api, request: Request) -> Response:
    try:
        body = await api.body(request)
        model = _model(body, served_names(api.engine.model_ids))
        for name, why in (("suffix", "fill-in-the-middle"),
                          ("template", "a template of the request's own"),
                          ("context", "'context' from an earlier reply (use /api/chat)")):
            if body.get(name):
                raise ApiError(400, f"Orchard does not support {why} in /api/generate.")
        prompt = body.get("prompt") or ""
        images = body.get("images") or []
        if not isinstance(prompt, str) or not isinstance(images, list):
            raise ApiError(400, "'prompt' must be a string and 'images' a list.")
        if not prompt and not images:  # how Ollama's clients ask for a model to be loaded
            if model not in served_names(api.engine.model_ids):
                raise ApiError(404, f"The model '{model}' is not loaded here; GET /api/tags "
                               "lists the models this server runs.")
            return JSONResponse({"model": model, "created_at": _now(), "response": "",
                                 "done": True, "done_reason": "load"})
        if body.get("raw"):
            if images:
                raise ApiError(400, "A raw prompt cannot carry images; send them without "
                               "'raw'.")
            openai = _openai_body(body, model, [{"role": "user", "content": ""}],
                                  api.engine.context_length)
            openai.pop("messages")
            openai["prompt"] = prompt
            parsed = parse_completion(openai, api.engine)
        else:
            messages: list[dict[str, Any]] = []
            if isinstance(body.get("system"), str) and body["system"]:
                messages.append({"role": "system", "content": body["system"]})
            messages.append({"role": "user", "content": prompt, "images": images})
            openai = _openai_body(body, model, _messages(messages), api.engine.context_length)
            parsed = await run_in_threadpool(parse_chat, openai, api.engine)
        return await _answer(api, request, parsed, body, model, chat=False)
    except ApiError as exc:
        return _error(exc)


# --- the models ------------------------------------------------------------------------------
def _entry(api: Api, name: str) -> dict[str, Any]:
    # what is known of a model not loaded yet (orchard serve's others): its name
    loaded = name in served_names(api.engine.model_ids)
    info = getattr(api.engine, "model_info", None) if loaded else None
    family = str(getattr(info, "architecture", "") or "")
    size = int(getattr(info, "size_bytes", 0) or 0)
    path = str(getattr(info, "path", name))
    return {
        "name": name, "model": name,
        "modified_at": datetime.fromtimestamp(api.started, UTC).isoformat(),
        "size": size,
        "digest": hashlib.sha256(path.encode()).hexdigest(),
        "details": {
            "parent_model": "", "format": str(getattr(info, "format", "") or ""),
            "family": family, "families": [family] if family else [],
            "parameter_size": "", "quantization_level": str(getattr(info, "quantization", "")
                                                             or ""),
        },
    }


async def tags(api: Api, request: Request) -> Response:
    """The loaded model, then the others a request may name (``orchard serve``)."""
    return JSONResponse({"models": [_entry(api, n) for n in api.names()]})


async def ps(api: Api, request: Request) -> Response:
    models = []
    for name in served_names(api.engine.model_ids)[:1]:
        entry = _entry(api, name)
        info = getattr(api.engine, "model_info", None)
        memory = int(getattr(info, "weights_bytes", 0) or 0)
        # loaded until another model replaces it: no keep-alive timer
        models.append({**entry, "expires_at": "2999-01-01T00:00:00Z", "size": memory,
                       "size_vram": memory, "context_length": api.engine.context_length})
    return JSONResponse({"models": models})


async def show(api: Api, request: Request) -> Response:
    try:
        body = await read_json(request, api.config.max_body_bytes)
        served = served_names(api.engine.model_ids)
        model = _model({"model": body.get("model") or body.get("name")}, served)
        if model not in served:
            raise ApiError(404, f"The model '{model}' is not loaded here; GET /api/tags lists "
                           "the models this server runs.")
    except ApiError as exc:
        return _error(exc)
    entry = _entry(api, model)
    info = getattr(api.engine, "model_info", None)
    template = api.engine.chat_template
    capabilities = ["completion"]
    if supports_tools(template):
        capabilities.append("tools")
    if getattr(info, "vision", False):
        capabilities.append("vision")
    family = entry["details"]["family"] or "unknown"
    return JSONResponse({
        "modelfile": "", "parameters": "", "template": template,
        "details": entry["details"], "modified_at": entry["modified_at"],
        "model_info": {"general.architecture": family,
                       f"{family}.context_length": api.engine.context_length},
        "capabilities": capabilities,
    })


async def embed(api: Api, request: Request) -> Response:
    """``/api/embed`` (``input``: a text or texts) and the older ``/api/embeddings``
    (``prompt``: one text)."""
    started = time.perf_counter()
    legacy = request.url.path.endswith("/embeddings")
    field = "prompt" if legacy else "input"
    try:
        body = await read_json(request, api.config.max_body_bytes)
        out = await embed_texts(api, body.get("model"), texts_of(body.get(field), field))
    except ApiError as exc:
        return _error(exc)
    if legacy:
        return JSONResponse({"embedding": out.vectors[0]})
    return JSONResponse({
        "model": body["model"], "embeddings": out.vectors,
        "total_duration": int((time.perf_counter() - started) * 1e9), "load_duration": 0,
        "prompt_eval_count": out.tokens,
    })


async def version(api: Api, request: Request) -> Response:
    return JSONResponse({"version": OLLAMA_VERSION})


async def not_here(api: Api, request: Request) -> Response:
    what = request.url.path.rsplit("/", 1)[-1]
    message = (f"Orchard cannot {what} models over Ollama's API; download and manage "
               "models in Orchard's window (Models).")
    return JSONResponse({"error": message}, status_code=501)


#: path → (handler, method)
ROUTES = {
    "/api/chat": (chat, "POST"), "/api/generate": (generate, "POST"),
    "/api/tags": (tags, "GET"), "/api/ps": (ps, "GET"), "/api/show": (show, "POST"),
    "/api/version": (version, "GET"),
    "/api/embed": (embed, "POST"), "/api/embeddings": (embed, "POST"),
    **{f"/api/{name}": (not_here, "POST") for name in ("pull", "push", "create", "copy")},
    "/api/delete": (not_here, "DELETE"),
}


__all__ = ["OLLAMA_VERSION", "ROUTES"]
