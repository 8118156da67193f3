"""OpenAI's wire format: request bodies in, response objects and stream chunks out.

A chat or text-completion body becomes a checked :class:`ParsedRequest` (its
:class:`inference.engine.GenerationRequest` plus how to answer), or an
:class:`app.server.errors.ApiError` (bad values → 400) in OpenAI's error shape
``{"error": {"message", "type", "param", "code"}}``. :class:`ResponseShape` builds the
answers, whole or as chunks; :class:`CompletionEncoder` writes them on the wire for
:mod:`app.server.stream`. A user message's ``image_url`` parts (data URLs only, for a vision
model) become its ``images`` through :mod:`app.server.images`. Nothing here touches the engine or
the network.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from app.server.api import ServedModels, served_names
from app.server.errors import ApiError, bad, image_error
from app.server.fields import declared, flag, integer, json_arguments, plain_text
from app.server.images import (
    ImageError,
    Picture,
    check_may_carry,
    decode,
    from_url,
)
from app.server.stream import KEEPALIVE, SSE, sse
from inference.engine import Event, GenerationRequest
from inference.errors import OrchardError
from inference.model.defaults import settle
from inference.prompt.grammar import any_json_object_grammar, check_grammar, json_schema_grammar
from inference.prompt.tools import (
    ToolCallSplitter,
    ToolFormat,
    forced_call_grammar,
    supports_tools,
    tool_format,
)
from inference.settings_schema import SAMPLER, SETTINGS, SettingError
from inference.types import (
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
    # declared settings that are the load's, not a request's (inference.settings_schema)
    "context_length": "The context length is set when the model loads (orchard serve --ctx, "
                      "or Settings in the window), not per request.",
    "kv_bits": "The KV cache's precision is set when the model loads (orchard serve "
               "--kv-bits, or Settings in the window), not per request.",
}

#: A fingerprint of the server build, so clients can tell answers of other builds apart.
def system_fingerprint() -> str:
    try:
        return f"fp_orchard_{version('orchard')}"
    except PackageNotFoundError:
        return "fp_orchard"


# --- request parsing ----------------------------------------------------------------------
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


def _or_default(body: dict[str, Any], name: str) -> float:
    """A declared setting with a plain default (OpenAI's penalties: 0), as the body sends it."""
    value = declared(body, name)
    return float(SETTINGS[name].start if value is None else value)  # type: ignore[arg-type]


def _stops(body: dict[str, Any]) -> list[str]:
    value = body.get("stop")
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise bad("stop", "'stop' must be a string or a list of strings.", "invalid_type")
    if len(value) > MAX_STOPS:
        raise bad("stop", f"'stop' takes at most {MAX_STOPS} strings.")
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
        raise bad("logit_bias", "'logit_bias' must map token ids to numbers.", "invalid_type")
    out: dict[int, float] = {}
    for key, bias in value.items():
        if not (isinstance(key, str) and re.fullmatch(r"[0-9]{1,10}", key)):
            raise bad("logit_bias", f"'logit_bias' keys are token ids; {key!r} is not one.")
        if isinstance(bias, bool) or not isinstance(bias, int | float) or not (
                -100 <= bias <= 100):
            raise bad("logit_bias", f"logit_bias[{key}] must be a number from -100 to 100.")
        out[int(key)] = float(bias)
    return out


def _logprobs(body: dict[str, Any], chat: bool) -> int | None:
    """How many alternatives per token to report, or None for no log-probabilities.
    Chat: ``logprobs: true`` with ``top_logprobs`` 0-20; completions: ``logprobs`` 0-5."""
    if chat:
        wanted = flag(body, "logprobs")
        top = integer(body, "top_logprobs", 0)
        if top is not None and top > MAX_TOP_LOGPROBS:
            raise bad("top_logprobs", f"'top_logprobs' must be from 0 to {MAX_TOP_LOGPROBS}.")
        if top is not None and not wanted:
            raise bad("top_logprobs", "'top_logprobs' needs 'logprobs': true.")
        return (top or 0) if wanted else None
    top = integer(body, "logprobs", 0)
    if top is not None and top > 5:
        raise bad("logprobs", "'logprobs' must be from 0 to 5.")
    return top


def _common(body: dict[str, Any], engine: ServedModels, chat: bool) -> _Common:
    if not engine.model_ids:  # the app's Local API while the app loads another model
        raise ApiError(503, "No model is loaded in Orchard right now; wait for the app to "
                       "finish loading one and try again.", code="model_not_loaded")
    model = body.get("model", engine.model_id)
    if not isinstance(model, str):
        raise bad("model", "'model' must be a string.", "invalid_type")
    if model not in served_names(engine.model_ids):
        raise ApiError(404, f"The model '{model}' does not exist here; GET /v1/models lists the "
                       "one this server runs.", param="model", code="model_not_found")
    for name, why in UNSUPPORTED.items():
        if body.get(name) is not None:
            raise bad(name, why, "unsupported_parameter")
    modalities = body.get("modalities")
    if modalities is not None and modalities != ["text"]:
        raise bad("modalities", "Only text output is supported ('modalities': ['text']).",
                   "unsupported_parameter")
    n = integer(body, "n", 1)
    if n not in (None, 1):
        raise bad("n", "Only one choice per request is supported ('n' must be 1).")
    # max_tokens left out: up to the rest of the context (OpenAI's documented meaning; the
    # session caps it there)
    max_tokens = declared(body, "max_tokens")
    if max_tokens is None:  # the newer name of the same setting
        max_tokens = declared({"max_tokens": body.get("max_completion_tokens")}, "max_tokens",
                              "max_completion_tokens")
    # Every declared setting a request may carry (inference.settings_schema), each checked
    # against its declared bounds; top_k, min_p, repetition_penalty (llama.cpp's
    # repeat_penalty), repeat_last_n and dry_multiplier are not OpenAI's but what llama.cpp's
    # server and vLLM take beside them (clients send them in extra_body): honoured, never
    # accepted and ignored. What the request leaves out is the loaded model's own
    # (inference.model.defaults), as in the window and the CLI.
    chosen = {name: declared(body, name) for name in SAMPLER}
    settings = SamplingSettings(
        **settle(getattr(engine, "model_info", None), **chosen),
        seed=declared(body, "seed"),
        max_tokens=max_tokens or engine.context_length,
        stop=_stops(body),
    )
    try:
        settings.check()  # the model's own values, too, lie within the declared bounds
    except SettingError as exc:
        raise bad(exc.name, str(exc)) from None
    stream = flag(body, "stream")
    options = body.get("stream_options")
    if options is not None and not isinstance(options, dict):
        raise bad("stream_options", "'stream_options' must be an object.", "invalid_type")
    include_usage = flag(options or {}, "include_usage")
    steering = Steering(
        logit_bias=_logit_bias(body),
        presence_penalty=_or_default(body, "presence_penalty"),
        frequency_penalty=_or_default(body, "frequency_penalty"),
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
        raise image_error(exc) from None


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
                raise bad(param, "Only text and image_url content parts are supported.",
                           "invalid_type")
            parts.append(part["text"])
        return plain_text("".join(parts), param), pictures
    raise bad(param, f"'{param}' must be a string or a list of content parts.", "invalid_type")


def _tool_calls(value: Any, param: str) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise bad(param, f"'{param}' must be a list.", "invalid_type")
    calls = []
    for k, call in enumerate(value):
        where = f"{param}[{k}]"
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise bad(where, f"{where} must be {{'type': 'function', 'function': {{'name', "
                       "'arguments'}}.", "invalid_type")
        calls.append({"id": str(call.get("id") or f"call_{k}"), "type": "function",
                      "function": {"name": plain_text(function["name"], where),
                                   "arguments": json_arguments(function.get("arguments", "{}"),
                                                           f"{where}.function.arguments")}})
    return calls or None


def parse_messages(body: dict[str, Any], engine: object = None) -> list[Message]:
    """The request's messages; a user message's images decoded (for a vision model only)."""
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise bad("messages", "'messages' must be a non-empty list.", "invalid_type")
    messages: list[Message] = []
    pictures: list[list[Picture]] = []  # each message's
    for i, m in enumerate(raw):
        if not isinstance(m, dict):
            raise bad(f"messages[{i}]", f"messages[{i}] must be an object.", "invalid_type")
        role = m.get("role")
        if not isinstance(role, str) or role not in ROLES:
            raise bad(f"messages[{i}].role",
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
                raise bad(f"messages[{i}].tool_call_id", f"messages[{i}] is a tool result and "
                           "needs the 'tool_call_id' of the call it answers.")
            message.tool_call_id = call_id
            name = m.get("name")
            message.name = name if isinstance(name, str) else _call_name(messages, call_id)
        messages.append(message)
    if any(pictures):
        try:
            decoded = iter(decode([p for each in pictures for p in each]))
        except ImageError as exc:
            raise image_error(exc) from None
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
            raise bad("tool_choice", "'tool_choice' asks for a tool call but 'tools' is empty.")
        return None, None, None
    if not isinstance(tools, list):
        raise bad("tools", "'tools' must be a list.", "invalid_type")
    names = []
    for k, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if (not isinstance(tool, dict) or tool.get("type", "function") != "function"
                or not isinstance(function, dict) or not isinstance(function.get("name"), str)):
            raise bad(f"tools[{k}]", f"tools[{k}] must be {{'type': 'function', 'function': "
                       "{'name', 'description', 'parameters'}}.", "invalid_type")
        parameters = function.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            raise bad(f"tools[{k}].function.parameters",
                       "A tool's 'parameters' must be a JSON Schema object.", "invalid_type")
        names.append(function["name"])
    template = engine.chat_template
    if choice == "none":
        # The tools stay in the prompt where the template shows them (the conversation reads
        # the same, and its cached prefix still matches); no call is read out of the reply.
        return (tools if supports_tools(template) else None), None, None
    if not supports_tools(template):
        raise bad("tools", "This model's chat template does not support tools, so it cannot "
                   "be offered any; choose a model made for tool use (for example Qwen 2.5).",
                   "tools_not_supported")
    fmt = tool_format(template)
    if fmt is None:
        raise bad("tools", "Orchard cannot read this model's tool calls (its chat template "
                   "names no tool-call syntax Orchard knows).", "tools_not_supported")
    grammar = None
    if choice == "required" or isinstance(choice, dict):
        name = None
        if isinstance(choice, dict):
            function = choice.get("function")
            if choice.get("type") != "function" or not isinstance(function, dict) or \
                    function.get("name") not in names:
                raise bad("tool_choice", "'tool_choice' must name one of the request's tools: "
                           "{'type': 'function', 'function': {'name': ...}}.")
            name = function["name"]
        try:
            grammar = check_grammar(forced_call_grammar(fmt, tools, name))
        except OrchardError as exc:
            raise bad("tool_choice", str(exc)) from None
    elif choice not in (None, "auto"):
        raise bad("tool_choice", "'tool_choice' must be \"none\", \"auto\", \"required\" or "
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
                raise bad("response_format", "response_format json_schema needs "
                           "'json_schema': {'name': ..., 'schema': {...}}.")
            return json_schema_grammar(schema)
    except OrchardError as exc:
        raise bad("response_format", str(exc)) from None
    raise bad("response_format", "'response_format' type must be text, json_object or "
               "json_schema.")


def enforce_format(steering: Steering, grammar: str | None,
                   param: str = "response_format") -> None:
    """Add an output format's grammar (from ``param``) to a request's steering, which may
    hold a required tool call's already: the two cannot be enforced together."""
    if grammar is None:
        return
    if steering.grammar is not None:
        raise bad(param, f"A required tool call and a {param} cannot be enforced together; "
                  "send one of them.")
    steering.grammar = grammar


def parse_prompt(body: dict[str, Any]) -> str:
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str):
        raise bad("prompt", "'prompt' must be a string.", "invalid_type")
    if not prompt:
        raise bad("prompt", "'prompt' must not be empty.")
    return plain_text(prompt, "prompt")


def parse_chat(body: dict[str, Any], engine: ServedModels) -> ParsedRequest:
    """A ``/v1/chat/completions`` body."""
    common = _common(body, engine, chat=True)
    messages = parse_messages(body, engine)
    tools, fmt, forced = parse_tools(body, engine)
    common.steering.grammar = forced
    enforce_format(common.steering, parse_response_format(body))
    generation = GenerationRequest(messages=messages, settings=common.settings, tools=tools,
                                   steering=common.steering)
    return ParsedRequest(generation, common.model, True, common.stream, common.include_usage,
                         tool_format=fmt, logprobs=common.steering.logprobs is not None)


def parse_completion(body: dict[str, Any], engine: ServedModels) -> ParsedRequest:
    """A ``/v1/completions`` body."""
    common = _common(body, engine, chat=False)
    if body.get("suffix") or body.get("echo"):
        raise bad("suffix" if body.get("suffix") else "echo", "'suffix' and 'echo' are "
                   "not supported.")
    for name in ("tools", "response_format"):
        if body.get(name) is not None:
            raise bad(name, f"'{name}' is a chat parameter; use /v1/chat/completions.",
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


class CompletionEncoder:
    """A chat or text completion on the wire (an :class:`app.server.stream.Encoder`):
    ``chat.completion.chunk`` or ``text_completion`` events, then ``[DONE]``."""

    media_type = SSE

    def __init__(self, parsed: ParsedRequest) -> None:
        self.shape = ResponseShape(parsed)
        self.include_usage = parsed.include_usage

    def start(self, first: Event | None) -> list[str]:
        return [sse(self.shape.piece("", None, first=True))] if self.shape.chat else []

    def keepalive(self) -> list[str]:
        return [KEEPALIVE]

    def update(self, chunk: GenerationChunk) -> list[str]:
        text, calls = self.shape.feed(chunk)
        if not (text or calls or chunk.logprobs):
            return []
        return [sse(self.shape.piece(text if text or not calls else None, None, calls=calls,
                                     logprobs=chunk.logprobs))]

    def finish(self, last: GenerationChunk) -> list[str]:
        out = self.update(last)
        out.append(sse(self.shape.piece(None, finish_reason(last, bool(self.shape.calls)))))
        if self.include_usage:
            out.append(sse(self.shape.usage(last)))
        return [*out, sse("[DONE]")]

    def fail(self, error: ApiError) -> list[str]:
        return [sse(error.body()), sse("[DONE]")]

    def whole(self, text: str, last: GenerationChunk, logprobs: list[TokenLogprob]
              ) -> dict[str, Any]:
        shown, _ = self.shape.feed(GenerationChunk(text=text, finish_reason=last.finish_reason))
        return self.shape.whole(shown, last, logprobs)
