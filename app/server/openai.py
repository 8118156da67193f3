"""OpenAI's wire format: request bodies in, response objects and stream chunks out.

A chat or text-completion body becomes a checked :class:`ParsedRequest` (its
:class:`inference.engine.GenerationRequest` plus how to answer), or an :class:`ApiError`
with OpenAI's error shape ``{"error": {"message", "type", "param", "code"}}``: bodies over
the limit → 413, bad values → 400. :class:`ResponseShape` builds the answers, whole or as
server-sent-event chunks. Nothing here touches the engine or the network.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse

from inference.engine import GenerationRequest, JobFailed
from inference.errors import OrchardError
from inference.types import MAX_SEED, GenerationChunk, Message, SamplingSettings

MAX_STOPS = 4
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


# --- errors -------------------------------------------------------------------------------
ERROR_TYPES = {
    400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
    404: "invalid_request_error", 405: "invalid_request_error", 413: "invalid_request_error",
    503: "server_error",
}


class ApiError(Exception):
    """An error answer: its HTTP status and OpenAI's JSON error body."""

    def __init__(
        self, status: int, message: str, *, param: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code

    def body(self) -> dict[str, Any]:
        kind = ERROR_TYPES.get(self.status, "server_error")
        return {"error": {"message": self.message, "type": kind, "param": self.param,
                          "code": self.code}}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status)


def job_error(event: JobFailed) -> ApiError:
    """The answer for a generation the engine could not run."""
    if event.code == "server_error":
        return ApiError(500, event.message, code="server_error")
    param = "messages" if event.code == "context_length_exceeded" else None
    return ApiError(400, event.message, param=param, code=event.code)


# --- request parsing ----------------------------------------------------------------------
class ServedModels(Protocol):
    """What parsing needs to know of the engine: the models it answers to and their context."""

    @property
    def model_id(self) -> str: ...

    @property
    def model_ids(self) -> tuple[str, ...]: ...

    @property
    def context_length(self) -> int: ...


@dataclass
class ParsedRequest:
    """A checked request body: what to generate, and how to answer."""

    generation: GenerationRequest
    model: str
    chat: bool
    stream: bool
    include_usage: bool


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


def _common(body: dict[str, Any], engine: ServedModels) -> _Common:
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


def parse_chat(body: dict[str, Any], engine: ServedModels) -> ParsedRequest:
    """A ``/v1/chat/completions`` body."""
    common = _common(body, engine)
    generation = GenerationRequest(messages=parse_messages(body), settings=common.settings)
    return ParsedRequest(generation, common.model, True, common.stream, common.include_usage)


def parse_completion(body: dict[str, Any], engine: ServedModels) -> ParsedRequest:
    """A ``/v1/completions`` body."""
    common = _common(body, engine)
    if body.get("suffix") or body.get("echo"):
        raise _bad("suffix" if body.get("suffix") else "echo", "'suffix' and 'echo' are "
                   "not supported.")
    generation = GenerationRequest(prompt=parse_prompt(body), settings=common.settings)
    return ParsedRequest(generation, common.model, False, common.stream, common.include_usage)


# --- responses ----------------------------------------------------------------------------
def model_list(model_ids: tuple[str, ...], created: int) -> dict[str, Any]:
    """The ``/v1/models`` answer."""
    return {"object": "list", "data": [
        {"id": m, "object": "model", "created": created, "owned_by": "orchard"}
        for m in model_ids
    ]}


def _usage(chunk: GenerationChunk) -> dict[str, Any]:
    return {
        "prompt_tokens": chunk.prompt_tokens,
        "completion_tokens": chunk.generation_tokens,
        "total_tokens": chunk.prompt_tokens + chunk.generation_tokens,
        "prompt_tokens_details": {"cached_tokens": chunk.cached_tokens},
    }


def finish_reason(chunk: GenerationChunk) -> str:
    return "length" if chunk.finish_reason == "length" else "stop"


def sse(data: dict[str, Any] | str) -> str:
    """One server-sent event."""
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


class ResponseShape:
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
                                  "finish_reason": finish_reason(last)}
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
