"""OpenAI's wire format: request bodies in, response objects and stream chunks out.

A chat or text-completion body becomes a checked :class:`ParsedRequest` (its
:class:`inference.engine.GenerationRequest` plus how to answer), or an :class:`ApiError`
with OpenAI's error shape ``{"error": {"message", "type", "param", "code"}}``: bodies over
the limit → 413, bad values → 400. :class:`ResponseShape` builds the answers, whole or as
server-sent-event chunks. A user message's ``image_url`` parts (data URLs only, for a vision
model) become its ``images`` through :mod:`app.server.images`. Nothing here touches the engine or
the network.
"""

from __future__ import annotations

import json
import math
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse

from app.server.images import (
    ImageError,
    Picture,
    check_may_carry,
    decode,
    from_url,
)
from inference.engine import GenerationRequest, JobFailed
from inference.errors import OrchardError
from inference.model.sources import STARTER_FILE, STARTER_NAME
from inference.prompt.grammar import any_json_object_grammar, check_grammar, json_schema_grammar
from inference.prompt.tools import (
    ToolCallSplitter,
    ToolFormat,
    forced_call_grammar,
    supports_tools,
    tool_format,
)
from inference.types import (
    MAX_SEED,
    GenerationChunk,
    Message,
    SamplingSettings,
    Steering,
    TokenLogprob,
)

MAX_STOPS = 4
MAX_TOP_LOGPROBS = 20
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant",
         "tool": "tool"}
#: Parameters that would change the answer and that Orchard does not implement: refused
#: with 400 naming them, never ignored. (Bookkeeping ones such as user, metadata, store and
#: service_tier are accepted and have no effect.)
UNSUPPORTED = {
    "functions": "'functions' is the deprecated form of 'tools'; send 'tools' instead.",
    "function_call": "'function_call' is the deprecated form of 'tool_choice'; send "
                     "'tool_choice' instead.",
    "audio": "Audio output is not supported.",
    "prediction": "Predicted outputs ('prediction') are not supported.",
    "web_search_options": "Web search is not supported: Orchard answers offline.",
}

#: A fingerprint of the server build, so clients can tell answers of other builds apart.
def system_fingerprint() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"fp_orchard_{version('orchard')}"
    except PackageNotFoundError:
        return "fp_orchard"


# --- errors -------------------------------------------------------------------------------
ERROR_TYPES = {
    400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
    404: "invalid_request_error", 405: "invalid_request_error", 413: "invalid_request_error",
    503: "server_error",
}
#: How long a client should wait before trying again after a 503, in seconds.
RETRY_AFTER_S = 2


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
        headers = {"Retry-After": str(RETRY_AFTER_S)} if self.status == 503 else None
        return JSONResponse(self.body(), status_code=self.status, headers=headers)


def job_error(event: JobFailed) -> ApiError:
    """The answer for a generation the engine could not run."""
    if event.code == "server_error":
        return ApiError(500, event.message, code="server_error")
    if event.code == "model_changed":  # another request switched models meanwhile: retry
        return ApiError(503, event.message, code="model_changed")
    if event.code == "engine_lost":  # the model's process ended (a crash): it is loading again
        return ApiError(503, event.message, code="model_crashed")
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

    @property
    def chat_template(self) -> str: ...


@dataclass
class ParsedRequest:
    """A checked request body: what to generate, and how to answer."""

    generation: GenerationRequest
    model: str
    chat: bool
    stream: bool
    include_usage: bool
    #: the syntax the model writes tool calls in, when the request offered tools
    tool_format: ToolFormat | None = None
    logprobs: bool = False


async def read_json(request: Request, limit: int) -> dict[str, Any]:
    size = f"{limit >> 20} MiB" if limit >= 1 << 20 and limit % (1 << 20) == 0 else \
        f"{limit} bytes"
    too_big = ApiError(413, f"The request body is larger than the {size} this server takes; "
                       "send fewer or smaller images, or less text.", code="request_too_large")
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


def plain_text(value: str, param: str) -> str:
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
    return [plain_text(s, "stop") for s in value if s]


@dataclass
class _Common:
    model: str
    settings: SamplingSettings
    stream: bool
    include_usage: bool
    steering: Steering


def _logit_bias(body: dict[str, Any]) -> dict[int, float]:
    value = body.get("logit_bias")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad("logit_bias", "'logit_bias' must map token ids to numbers.", "invalid_type")
    out: dict[int, float] = {}
    for key, bias in value.items():
        if not (isinstance(key, str) and re.fullmatch(r"[0-9]{1,10}", key)):
            raise _bad("logit_bias", f"'logit_bias' keys are token ids; {key!r} is not one.")
        if isinstance(bias, bool) or not isinstance(bias, int | float) or not (
                -100 <= bias <= 100):
            raise _bad("logit_bias", f"logit_bias[{key}] must be a number from -100 to 100.")
        out[int(key)] = float(bias)
    return out


def _logprobs(body: dict[str, Any], chat: bool) -> int | None:
    """How many alternatives per token to report, or None for no log-probabilities.
    Chat: ``logprobs: true`` with ``top_logprobs`` 0-20; completions: ``logprobs`` 0-5."""
    if chat:
        wanted = _flag(body, "logprobs")
        top = _integer(body, "top_logprobs", 0)
        if top is not None and top > MAX_TOP_LOGPROBS:
            raise _bad("top_logprobs", f"'top_logprobs' must be from 0 to {MAX_TOP_LOGPROBS}.")
        if top is not None and not wanted:
            raise _bad("top_logprobs", "'top_logprobs' needs 'logprobs': true.")
        return (top or 0) if wanted else None
    top = _integer(body, "logprobs", 0)
    if top is not None and top > 5:
        raise _bad("logprobs", "'logprobs' must be from 0 to 5.")
    return top


def served_names(model_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The names a request may give the loaded model: its ids, and ``starter`` whenever the
    starter's file is what is loaded, however it was loaded (by name, by its path, or kept
    after a failed switch), as the README's examples call it."""
    if STARTER_FILE in model_ids and STARTER_NAME not in model_ids:
        return (*model_ids, STARTER_NAME)
    return model_ids


def _common(body: dict[str, Any], engine: ServedModels, chat: bool) -> _Common:
    if not engine.model_ids:  # the app's Local API while the app loads another model
        raise ApiError(503, "No model is loaded in Orchard right now; wait for the app to "
                       "finish loading one and try again.", code="model_not_loaded")
    model = body.get("model", engine.model_id)
    if not isinstance(model, str):
        raise _bad("model", "'model' must be a string.", "invalid_type")
    if model not in served_names(engine.model_ids):
        raise ApiError(404, f"The model '{model}' does not exist here; GET /v1/models lists the "
                       "one this server runs.", param="model", code="model_not_found")
    for name, why in UNSUPPORTED.items():
        if body.get(name) is not None:
            raise _bad(name, why, "unsupported_parameter")
    modalities = body.get("modalities")
    if modalities is not None and modalities != ["text"]:
        raise _bad("modalities", "Only text output is supported ('modalities': ['text']).",
                   "unsupported_parameter")
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
        # not OpenAI's, but what llama.cpp's server and vLLM take beside them (clients send
        # them in extra_body): honoured, never accepted and ignored
        top_k=_integer(body, "top_k", 0) or 0,
        min_p=_number(body, "min_p", 0.0, 1.0, defaults.min_p),
        repetition_penalty=_number(body, "repetition_penalty", 0.01, 10.0, 1.0),
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
    steering = Steering(
        logit_bias=_logit_bias(body),
        presence_penalty=_number(body, "presence_penalty", -2.0, 2.0, 0.0),
        frequency_penalty=_number(body, "frequency_penalty", -2.0, 2.0, 0.0),
        logprobs=_logprobs(body, chat),
    )
    return _Common(model, settings, stream, include_usage, steering)


#: The image parts of the three APIs (Chat Completions, Responses, Anthropic Messages)
IMAGE_PARTS = ("image_url", "input_image", "image")


def _image(part: Any, where: str, role: str, engine: object) -> Picture:
    """A chat ``image_url`` part (``detail`` is accepted and has no effect), or a picture a
    translator has checked, once the message and the model may take it."""
    try:
        check_may_carry(engine, role, where)
        if isinstance(part, Picture):
            return part
        if part["type"] != "image_url":
            raise ImageError(where, f"{where} is an '{part['type']}' part; Chat Completions "
                             "take images as 'image_url' parts: {'type': 'image_url', "
                             "'image_url': {'url': 'data:image/png;base64,...'}}.",
                             "invalid_type")
        image = part.get("image_url")
        return from_url(image.get("url") if isinstance(image, dict) else image, where)
    except ImageError as exc:
        raise _bad(exc.param, exc.message, exc.code) from None


def _content(value: Any, param: str, role: str, engine: object) -> tuple[str, list[Picture]]:
    """A message's text (its text parts joined) and its images, in order."""
    if isinstance(value, str):
        return plain_text(value, param), []
    if value is None:
        return "", []
    if isinstance(value, list):  # [{"type": "text", "text": ...}, {"type": "image_url"...}]
        parts, pictures = [], []
        for k, part in enumerate(value):
            if isinstance(part, Picture) or (isinstance(part, dict)
                                             and part.get("type") in IMAGE_PARTS):
                pictures.append(_image(part, f"{param}[{k}]", role, engine))
                continue
            if not (isinstance(part, dict) and part.get("type") == "text"
                    and isinstance(part.get("text"), str)):
                raise _bad(param, "Only text and image_url content parts are supported.",
                           "invalid_type")
            parts.append(part["text"])
        return plain_text("".join(parts), param), pictures
    raise _bad(param, f"'{param}' must be a string or a list of content parts.", "invalid_type")


def _arguments(value: Any, param: str) -> dict[str, Any]:
    """A call's arguments as chat templates take them (an object): OpenAI sends a JSON
    string."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            parsed = json.loads(value) if value.strip() else {}
        except ValueError:
            raise _bad(param, f"'{param}' must be a JSON object (as a string).") from None
        if isinstance(parsed, dict):
            return parsed
    raise _bad(param, f"'{param}' must be a JSON object (as a string).")


def _tool_calls(value: Any, param: str) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise _bad(param, f"'{param}' must be a list.", "invalid_type")
    calls = []
    for k, call in enumerate(value):
        where = f"{param}[{k}]"
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise _bad(where, f"{where} must be {{'type': 'function', 'function': {{'name', "
                       "'arguments'}}.", "invalid_type")
        calls.append({"id": str(call.get("id") or f"call_{k}"), "type": "function",
                      "function": {"name": plain_text(function["name"], where),
                                   "arguments": _arguments(function.get("arguments", "{}"),
                                                           f"{where}.function.arguments")}})
    return calls or None


def parse_messages(body: dict[str, Any], engine: object = None) -> list[Message]:
    """The request's messages; a user message's images decoded (for a vision model only)."""
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise _bad("messages", "'messages' must be a non-empty list.", "invalid_type")
    messages: list[Message] = []
    pictures: list[list[Picture]] = []  # each message's
    for i, m in enumerate(raw):
        if not isinstance(m, dict):
            raise _bad(f"messages[{i}]", f"messages[{i}] must be an object.", "invalid_type")
        role = m.get("role")
        if not isinstance(role, str) or role not in ROLES:
            raise _bad(f"messages[{i}].role",
                       f"messages[{i}].role must be one of system, user, assistant or tool.")
        # Plain text, always: the prompt builder never parses it for control tokens.
        text, images = _content(m.get("content"), f"messages[{i}].content", role, engine)
        message = Message(ROLES[role], text)
        pictures.append(images)
        if role == "assistant":
            message.tool_calls = _tool_calls(m.get("tool_calls"), f"messages[{i}].tool_calls")
        if role == "tool":
            call_id = m.get("tool_call_id")
            if not isinstance(call_id, str) or not call_id:
                raise _bad(f"messages[{i}].tool_call_id", f"messages[{i}] is a tool result and "
                           "needs the 'tool_call_id' of the call it answers.")
            message.tool_call_id = call_id
            name = m.get("name")
            message.name = name if isinstance(name, str) else _call_name(messages, call_id)
        messages.append(message)
    if any(pictures):
        try:
            decoded = iter(decode([p for each in pictures for p in each]))
        except ImageError as exc:
            raise _bad(exc.param, exc.message, exc.code) from None
        for message, each in zip(messages, pictures, strict=True):
            message.images = tuple(next(decoded) for _ in each)
    return messages


def _call_name(messages: list[Message], call_id: str) -> str | None:
    """The name of the tool a result answers (some templates show it)."""
    for m in reversed(messages):
        for call in m.tool_calls or []:
            if call["id"] == call_id:
                return str(call["function"]["name"])
    return None


def parse_tools(body: dict[str, Any], engine: ServedModels
                ) -> tuple[list[dict[str, Any]] | None, ToolFormat | None, str | None]:
    """The request's tools (None when there are none or tool_choice is "none"), the syntax
    the model writes calls in, and a grammar when a call is required."""
    tools = body.get("tools")
    choice = body.get("tool_choice")
    if tools is None or tools == []:
        if choice not in (None, "none", "auto"):
            raise _bad("tool_choice", "'tool_choice' asks for a tool call but 'tools' is empty.")
        return None, None, None
    if not isinstance(tools, list):
        raise _bad("tools", "'tools' must be a list.", "invalid_type")
    names = []
    for k, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if (not isinstance(tool, dict) or tool.get("type", "function") != "function"
                or not isinstance(function, dict) or not isinstance(function.get("name"), str)):
            raise _bad(f"tools[{k}]", f"tools[{k}] must be {{'type': 'function', 'function': "
                       "{'name', 'description', 'parameters'}}.", "invalid_type")
        parameters = function.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            raise _bad(f"tools[{k}].function.parameters",
                       "A tool's 'parameters' must be a JSON Schema object.", "invalid_type")
        names.append(function["name"])
    template = engine.chat_template
    if choice == "none":
        # The tools stay in the prompt where the template shows them (the conversation reads
        # the same, and its cached prefix still matches); no call is read out of the reply.
        return (tools if supports_tools(template) else None), None, None
    if not supports_tools(template):
        raise _bad("tools", "This model's chat template does not support tools, so it cannot "
                   "be offered any; choose a model made for tool use (for example Qwen 2.5).",
                   "tools_not_supported")
    fmt = tool_format(template)
    if fmt is None:
        raise _bad("tools", "Orchard cannot read this model's tool calls (its chat template "
                   "names no tool-call syntax Orchard knows).", "tools_not_supported")
    grammar = None
    if choice == "required" or isinstance(choice, dict):
        name = None
        if isinstance(choice, dict):
            function = choice.get("function")
            if choice.get("type") != "function" or not isinstance(function, dict) or \
                    function.get("name") not in names:
                raise _bad("tool_choice", "'tool_choice' must name one of the request's tools: "
                           "{'type': 'function', 'function': {'name': ...}}.")
            name = function["name"]
        try:
            grammar = check_grammar(forced_call_grammar(fmt, tools, name))
        except OrchardError as exc:
            raise _bad("tool_choice", str(exc)) from None
    elif choice not in (None, "auto"):
        raise _bad("tool_choice", "'tool_choice' must be \"none\", \"auto\", \"required\" or "
                   "a named function.")
    return tools, fmt, grammar


def parse_response_format(body: dict[str, Any]) -> str | None:
    """The grammar for ``response_format``: json_object (any JSON object) or json_schema."""
    value = body.get("response_format")
    if value is None:
        return None
    kind = value.get("type") if isinstance(value, dict) else None
    if kind == "text":
        return None
    try:
        if kind == "json_object":
            return any_json_object_grammar()
        if kind == "json_schema":
            spec = value.get("json_schema")
            schema = spec.get("schema") if isinstance(spec, dict) else None
            if not isinstance(schema, dict):
                raise _bad("response_format", "response_format json_schema needs "
                           "'json_schema': {'name': ..., 'schema': {...}}.")
            return json_schema_grammar(schema)
    except OrchardError as exc:
        raise _bad("response_format", str(exc)) from None
    raise _bad("response_format", "'response_format' type must be text, json_object or "
               "json_schema.")


def parse_prompt(body: dict[str, Any]) -> str:
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str):
        raise _bad("prompt", "'prompt' must be a string.", "invalid_type")
    if not prompt:
        raise _bad("prompt", "'prompt' must not be empty.")
    return plain_text(prompt, "prompt")


def parse_chat(body: dict[str, Any], engine: ServedModels) -> ParsedRequest:
    """A ``/v1/chat/completions`` body."""
    common = _common(body, engine, chat=True)
    messages = parse_messages(body, engine)
    tools, fmt, forced = parse_tools(body, engine)
    grammar = parse_response_format(body)
    if forced is not None and grammar is not None:
        raise _bad("response_format", "A required tool call and a response_format cannot be "
                   "enforced together; send one of them.")
    common.steering.grammar = forced or grammar
    generation = GenerationRequest(messages=messages, settings=common.settings, tools=tools,
                                   steering=common.steering)
    return ParsedRequest(generation, common.model, True, common.stream, common.include_usage,
                         tool_format=fmt, logprobs=common.steering.logprobs is not None)


def parse_completion(body: dict[str, Any], engine: ServedModels) -> ParsedRequest:
    """A ``/v1/completions`` body."""
    common = _common(body, engine, chat=False)
    if body.get("suffix") or body.get("echo"):
        raise _bad("suffix" if body.get("suffix") else "echo", "'suffix' and 'echo' are "
                   "not supported.")
    for name in ("tools", "response_format"):
        if body.get(name) is not None:
            raise _bad(name, f"'{name}' is a chat parameter; use /v1/chat/completions.",
                       "unsupported_parameter")
    generation = GenerationRequest(prompt=parse_prompt(body), settings=common.settings,
                                   steering=common.steering)
    return ParsedRequest(generation, common.model, False, common.stream, common.include_usage,
                         logprobs=common.steering.logprobs is not None)


# --- responses ----------------------------------------------------------------------------
def model_list(model_ids: tuple[str, ...], created: int) -> dict[str, Any]:
    """The ``/v1/models`` answer."""
    return {"object": "list", "data": [
        {"id": m, "object": "model", "created": created, "owned_by": "orchard"}
        for m in model_ids
    ]}


def model_object(model_id: str, created: int) -> dict[str, Any]:
    """One model, as ``/v1/models/{id}`` answers."""
    return {"id": model_id, "object": "model", "created": created, "owned_by": "orchard"}


def _usage(chunk: GenerationChunk) -> dict[str, Any]:
    return {
        "prompt_tokens": chunk.prompt_tokens,
        "completion_tokens": chunk.generation_tokens,
        "total_tokens": chunk.prompt_tokens + chunk.generation_tokens,
        "prompt_tokens_details": {"cached_tokens": chunk.cached_tokens},
        # speculative decoding (orchard serve --draft): the completion's tokens the draft
        # model proposed and the model kept (Orchard's own field; 0 without a draft)
        "completion_tokens_details": {"draft_tokens": chunk.draft_tokens},
    }


def finish_reason(chunk: GenerationChunk, calls: bool = False) -> str:
    if calls:
        return "tool_calls"
    return "length" if chunk.finish_reason == "length" else "stop"


def sse(data: dict[str, Any] | str, event: str | None = None) -> str:
    """One server-sent event (with an event name, as Anthropic's and the Responses streams
    have)."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return (f"event: {event}\n" if event else "") + f"data: {text}\n\n"


def chat_logprobs(items: tuple[TokenLogprob, ...] | list[TokenLogprob]) -> dict[str, Any]:
    """Chat completions' ``logprobs``: each token with its bytes and the likeliest others."""
    return {"content": [
        {"token": t.token, "logprob": t.logprob, "bytes": list(t.token_bytes),
         "top_logprobs": [{"token": a, "logprob": lp, "bytes": list(b)} for a, lp, b in t.top]}
        for t in items
    ], "refusal": None}


def completion_logprobs(items: tuple[TokenLogprob, ...] | list[TokenLogprob],
                        offset: int) -> dict[str, Any]:
    """Legacy completions' ``logprobs``: parallel lists, with each token's text offset."""
    offsets = []
    for t in items:
        offsets.append(offset)
        offset += len(t.token)
    return {"tokens": [t.token for t in items], "token_logprobs": [t.logprob for t in items],
            "top_logprobs": [{a: lp for a, lp, _ in t.top} for t in items],
            "text_offset": offsets}


class ResponseShape:
    """Builds chat or text-completion objects, whole or as stream chunks, reading the tool
    calls out of the reply as it comes."""

    def __init__(self, parsed: ParsedRequest) -> None:
        self.chat = parsed.chat
        self.model = parsed.model
        self.logprobs = parsed.logprobs
        self.id = f"{'chatcmpl' if self.chat else 'cmpl'}-{uuid.uuid4().hex}"
        self.created = int(time.time())
        self.fingerprint = system_fingerprint()
        fmt = parsed.tool_format
        self.splitter = (ToolCallSplitter(fmt, parsed.generation.tools)
                         if fmt is not None else None)
        self.calls: list[dict[str, Any]] = []
        self._offset = 0  # characters of text so far (completions' text_offset)

    def feed(self, chunk: GenerationChunk) -> tuple[str, list[dict[str, Any]]]:
        """What the user reads of this piece, and the tool calls it completed."""
        if self.splitter is None:
            return chunk.text, []
        text, calls = self.splitter.feed(chunk.text)
        if chunk.finish_reason is not None:
            # cut by max_tokens: a half call (and its markup) is not passed on
            rest, more = self.splitter.finish(cut=chunk.finish_reason == "length")
            text, calls = text + rest, calls + more
        self.calls += calls
        return text, calls

    def _head(self, obj: str) -> dict[str, Any]:
        head = {"id": self.id, "object": obj, "created": self.created, "model": self.model}
        if self.chat:
            head["system_fingerprint"] = self.fingerprint
        return head

    def _logprobs(self, items: tuple[TokenLogprob, ...] | list[TokenLogprob]) -> Any:
        if not self.logprobs:
            return None
        if self.chat:
            return chat_logprobs(items)
        out = completion_logprobs(items, self._offset)
        self._offset += sum(len(t.token) for t in items)
        return out

    def whole(self, text: str, last: GenerationChunk,
              logprobs: list[TokenLogprob] | None = None) -> dict[str, Any]:
        choice: dict[str, Any] = {"index": 0, "logprobs": self._logprobs(logprobs or []),
                                  "finish_reason": finish_reason(last, bool(self.calls))}
        if self.chat:
            message: dict[str, Any] = {"role": "assistant",
                                       "content": text if text or not self.calls else None,
                                       "refusal": None}
            if self.calls:
                message["tool_calls"] = self.calls
            choice["message"] = message
        else:
            choice["text"] = text
        obj = "chat.completion" if self.chat else "text_completion"
        return {**self._head(obj), "choices": [choice], "usage": _usage(last)}

    def piece(self, text: str | None, finish: str | None, *, first: bool = False,
              calls: list[dict[str, Any]] | None = None,
              logprobs: tuple[TokenLogprob, ...] = ()) -> dict[str, Any]:
        choice: dict[str, Any] = {"index": 0, "logprobs": self._logprobs(logprobs)
                                  if logprobs else None, "finish_reason": finish}
        if self.chat:
            delta: dict[str, Any] = {"role": "assistant"} if first else {}
            if text is not None:
                delta["content"] = text
            if calls:
                start = len(self.calls) - len(calls)
                delta["tool_calls"] = [{"index": start + k, **call}
                                       for k, call in enumerate(calls)]
            choice["delta"] = delta
            obj = "chat.completion.chunk"
        else:
            choice["text"] = text or ""
            obj = "text_completion"
        return {**self._head(obj), "choices": [choice]}

    def usage(self, last: GenerationChunk) -> dict[str, Any]:
        obj = "chat.completion.chunk" if self.chat else "text_completion"
        return {**self._head(obj), "choices": [], "usage": _usage(last)}
