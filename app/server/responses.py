"""OpenAI's Responses API (``POST /v1/responses``) on the chat machinery.

A Responses body is translated into a chat-completions body and checked by
:func:`app.server.openai.parse_chat`, so validation, tools, forced calls and grammars are the
chat endpoint's own; an error's ``param`` is renamed back to the Responses parameter
(``input``, ``text.format``, ``max_output_tokens``), and the values whose messages would name
a chat parameter are checked here first, in this API's words. The answer is a ``response``
object whose ``output`` holds message and ``function_call`` items, whole or streamed as the
named events the ``openai`` SDK reads (``response.created`` ... ``response.completed``),
each with its ``sequence_number``.

Orchard stores nothing: ``previous_response_id``, ``conversation`` and ``background`` are
refused with 400, as is every other parameter that would change the answer and is not
implemented, and any parameter OpenAI does not define (as OpenAI itself does). A user
message's ``input_image`` parts go to a vision model as data URLs; a remote URL or a
``file_id`` is a 400 (nothing is fetched or stored).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from app.server.api import Api, ServedModels
from app.server.errors import ApiError, bad, image_error
from app.server.fields import json_arguments, plain_text
from app.server.images import ImageError, Picture, check_may_carry, from_url
from app.server.openai import (
    IMAGE_PARTS,
    ParsedRequest,
    ResponseShape,
    enforce_format,
    parse_chat,
    parse_response_format,
)
from app.server.stream import KEEPALIVE, SSE, sse
from inference.engine import Event
from inference.settings_schema import ALIASES, PER_REQUEST
from inference.types import GenerationChunk, TokenLogprob

log = logging.getLogger(__name__)

#: Parameters that change what is generated, translated to the chat body (``seed`` is an
#: Orchard extension, as on /v1/chat/completions).
IMPLEMENTED = {"model", "input", "instructions", "tools", "tool_choice", "text", "temperature",
               "top_p", "max_output_tokens", "stream", "parallel_tool_calls", "seed"}
#: The declared settings beyond OpenAI's that /v1/chat/completions takes (llama.cpp's and
#: vLLM's top_k, min_p, repetition_penalty, ...): taken here too, never refused as unknown
EXTENSIONS = {n for n in (*PER_REQUEST, *ALIASES)
              if n not in IMPLEMENTED and n != "max_tokens"}
#: Accepted with no effect on the answer: bookkeeping, or options of features Orchard has no
#: use for (``max_tool_calls`` counts built-in tool calls, and there are none). ``truncation``
#: "auto" would drop the oldest input to fit; Orchard answers 400 context_length_exceeded
#: instead, so nothing changes silently.
NO_EFFECT = {"store", "metadata", "user", "safety_identifier", "prompt_cache_key",
             # coding agents (Codex CLI) send a reasoning effort and ask to include encrypted
             # reasoning: Orchard's models spend no reasoning budget and return no reasoning
             # items, so both are answered truthfully by doing nothing
             "reasoning",
             "prompt_cache_retention", "prompt_cache_options", "service_tier", "stream_options",
             "max_tool_calls", "truncation", "access_programs", "image", "background_options"}
#: Refused with 400 when set to anything but their default.
REFUSED = {
    "previous_response_id": "Orchard stores no responses, so 'previous_response_id' cannot "
                            "refer to one; send the whole conversation in 'input' instead.",
    "conversation": "Orchard stores no conversations; send the whole conversation in 'input' "
                    "instead.",
    "background": "Background responses are not supported: Orchard stores no responses to "
                  "fetch later; leave 'background' off.",
    "include": "'include' asks for output Orchard does not produce (sources, "
               "log-probabilities); leave it out.",
    "prompt": "Stored prompt templates ('prompt') are not supported; send 'instructions' and "
              "'input' instead.",
    "top_logprobs": "Log-probabilities are not supported on /v1/responses; use "
                    "/v1/chat/completions with 'logprobs'.",
    "context_management": "Context management ('context_management') is not supported.",
    "moderation": "Moderation ('moderation') is not supported.",
}
ROLES = ("user", "system", "developer", "assistant")
#: Chat parameters (an error's ``param`` from the chat machinery, up to its first ``.`` or
#: ``[``), and what this endpoint calls them.
CHAT_NAMES = {"response_format": "text.format", "max_tokens": "max_output_tokens",
              "messages": "input"}


def _unset(value: Any) -> bool:
    """A refused parameter sent with its default (``"background": false``, ``"include": []``,
    ``"reasoning": {"effort": null}``) asks for nothing and is accepted."""
    if isinstance(value, dict):
        return all(v is None for v in value.values())
    return value is None or value is False or value == 0 or value == []


def _string(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise bad(f"{where}.{key}", f"{where} needs '{key}' (a non-empty string).",
                   "invalid_type")
    return plain_text(value, f"{where}.{key}")


# --- request ------------------------------------------------------------------------------
def _image(part: dict[str, Any], where: str, role: str, engine: object) -> Picture:
    """An ``input_image`` part: its ``image_url`` a data URL (``detail`` has no effect)."""
    try:
        check_may_carry(engine, role, where)
        if part.get("type") != "input_image":
            raise ImageError(where, f"{where} is an '{part.get('type')}' part; the Responses "
                             "API takes images as 'input_image' parts: {'type': "
                             "'input_image', 'image_url': 'data:image/png;base64,...'}.",
                             "invalid_type")
        if part.get("image_url") is None and part.get("file_id") is not None:
            raise ImageError(where, f"Orchard keeps no files, so the 'file_id' at {where} "
                             "cannot be looked up; send the image itself as a data URL "
                             "(data:image/png;base64,...) in 'image_url'.",
                             "unsupported_parameter")
        return from_url(part.get("image_url"), where)
    except ImageError as exc:
        raise image_error(exc) from None


def _content(value: Any, param: str, role: str, engine: object) -> str | list[Any]:
    """A message's content or a call's output: a string, or a list of text parts (and, in a
    user message, images: then a chat content list, its text first, then the images)."""
    if isinstance(value, str):
        return plain_text(value, param)
    if not isinstance(value, list):
        raise bad(param, f"'{param}' must be a string or a list of text parts.",
                   "invalid_type")
    parts, pictures = [], []
    for k, part in enumerate(value):
        kind = part.get("type") if isinstance(part, dict) else None
        key = "refusal" if kind == "refusal" else "text"
        if kind in IMAGE_PARTS:
            pictures.append(_image(part, f"{param}[{k}]", role, engine))
            continue
        if kind not in ("input_text", "output_text", "refusal") or \
                not isinstance(part.get(key), str):
            raise bad(f"{param}[{k}]", "Only text and image content is supported "
                       "('input_text', 'output_text' and 'input_image' parts); "
                       f"{param}[{k}] is {kind or 'something else'}.",
                       "unsupported_parameter" if kind else "invalid_type")
        parts.append(part[key])
    text = plain_text("".join(parts), param)
    return [{"type": "text", "text": text}, *pictures] if pictures else text


def _arguments(value: Any, param: str) -> str:
    """A call's arguments, kept as the JSON string of an object they are sent as."""
    if not isinstance(value, str):
        raise bad(param, f"'{param}' must be a JSON object (as a string).")
    json_arguments(value, param)
    return plain_text(value or "{}", param)


def _add_item(messages: list[dict[str, Any]], item: Any, where: str, engine: object) -> None:
    """One input item as chat messages: consecutive function calls join the assistant
    message before them, as chat templates expect one turn with all its calls."""
    if not isinstance(item, dict):
        raise bad(where, f"{where} must be an object.", "invalid_type")
    kind = item.get("type", "message")
    if kind == "message":
        role = item.get("role")
        if role not in ROLES:
            raise bad(f"{where}.role", f"{where}.role must be user, system, developer or "
                       "assistant.")
        messages.append({"role": role, "content": _content(item.get("content"),
                                                           f"{where}.content", role, engine)})
    elif kind == "function_call":
        call = {"id": _string(item, "call_id", where), "type": "function", "function": {
            "name": _string(item, "name", where),
            "arguments": _arguments(item.get("arguments", "{}"), f"{where}.arguments")}}
        if messages and messages[-1]["role"] == "assistant":
            messages[-1].setdefault("tool_calls", []).append(call)
        else:
            messages.append({"role": "assistant", "content": "", "tool_calls": [call]})
    elif kind == "function_call_output":
        messages.append({"role": "tool", "tool_call_id": _string(item, "call_id", where),
                         "content": _content(item.get("output"), f"{where}.output",
                                             "function_call_output", engine)})
    elif kind == "item_reference":
        raise bad(where, "Orchard stores no items, so an 'item_reference' cannot be looked "
                   "up; send the item itself.", "unsupported_parameter")
    else:
        raise bad(f"{where}.type", f"{where} is a '{kind}' item; Orchard takes message, "
                   "function_call and function_call_output items.", "unsupported_parameter")


def _messages(body: dict[str, Any], engine: object) -> list[dict[str, Any]]:
    """The chat messages that ``instructions`` and ``input`` amount to."""
    messages: list[dict[str, Any]] = []
    instructions = body.get("instructions")
    if instructions is not None and not isinstance(instructions, str):
        raise bad("instructions", "'instructions' must be a string.", "invalid_type")
    if instructions:
        messages.append({"role": "system", "content": plain_text(instructions, "instructions")})
    raw = body.get("input")
    if isinstance(raw, str):
        messages.append({"role": "user", "content": plain_text(raw, "input")})
        return messages
    if not isinstance(raw, list) or not raw:
        raise bad("input", "'input' must be a string or a non-empty list of items.",
                   "invalid_type")
    for i, item in enumerate(raw):
        _add_item(messages, item, f"input[{i}]", engine)
    return messages


def _tools(value: Any) -> tuple[list[dict[str, Any]] | None, list[dict[str, Any]]]:
    """Responses' flat function tools in the chat format, and as the response echoes them."""
    if value is None:
        return None, []
    if not isinstance(value, list):
        raise bad("tools", "'tools' must be a list.", "invalid_type")
    chat, echo = [], []
    for k, tool in enumerate(value):
        where = f"tools[{k}]"
        kind = tool.get("type") if isinstance(tool, dict) else None
        if kind != "function":
            raise bad(where, f"{where} is {f'a {kind!r} tool' if kind else 'not a tool'}; "
                       "Orchard answers offline and offers only function tools: {'type': "
                       "'function', 'name', 'description', 'parameters'}.",
                       "unsupported_parameter" if kind else "invalid_type")
        name = _string(tool, "name", where)
        parameters = tool.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            raise bad(f"{where}.parameters", "A tool's 'parameters' must be a JSON Schema "
                       "object.", "invalid_type")
        description = tool.get("description")
        function: dict[str, Any] = {"name": name}
        if isinstance(description, str):
            function["description"] = description
        if parameters is not None:
            function["parameters"] = parameters
        chat.append({"type": "function", "function": function})
        echo.append({"type": "function", "name": name, "description": description,
                     "parameters": parameters, "strict": tool.get("strict")})
    return chat, echo


def _tool_choice(value: Any, names: list[str]) -> Any:
    """The chat form of ``tool_choice``: ``{"type": "function", "name"}`` gains its
    ``function`` wrapper."""
    if value is None or value in ("none", "auto", "required"):
        return value
    kind = value.get("type") if isinstance(value, dict) else None
    if kind == "function":
        if value.get("name") not in names:
            raise bad("tool_choice", "'tool_choice' must name one of the request's tools: "
                       "{'type': 'function', 'name': ...}.")
        return {"type": "function", "function": {"name": value["name"]}}
    raise bad("tool_choice", "'tool_choice' must be \"none\", \"auto\", \"required\" or "
               "{'type': 'function', 'name': ...}" + (f"; {kind!r} is not supported."
                                                       if kind else "."))


def _text_format(value: Any) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """``text`` as the chat ``response_format``, and as the response echoes it."""
    if value is None:
        return None, {"format": {"type": "text"}, "verbosity": "medium"}
    if not isinstance(value, dict):
        raise bad("text", "'text' must be an object: {'format': {...}}.", "invalid_type")
    if value.get("verbosity") not in (None, "medium"):
        raise bad("text.verbosity", "Orchard cannot make the model more or less verbose; "
                   "leave 'text.verbosity' out.", "unsupported_parameter")
    fmt = value.get("format") or {"type": "text"}
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    echo = {"format": fmt, "verbosity": "medium"}
    if kind == "text":
        return None, echo
    if kind == "json_object":
        return {"type": "json_object"}, echo
    if kind == "json_schema":
        schema = fmt.get("schema")
        if not isinstance(schema, dict):
            raise bad("text.format.schema", "text.format json_schema needs 'schema': a JSON "
                       "Schema object.", "invalid_type")
        name = fmt.get("name") if isinstance(fmt.get("name"), str) else "response"
        echo["format"] = {"type": "json_schema", "name": name, "schema": schema,
                          "strict": fmt.get("strict"), "description": fmt.get("description")}
        return {"type": "json_schema", "json_schema": {
            "name": name, "schema": schema, "strict": fmt.get("strict")}}, echo
    raise bad("text.format", "'text.format' type must be text, json_object or json_schema.")


def _check_parameters(body: dict[str, Any]) -> None:
    for name, value in body.items():
        if name == "include" and value == ["reasoning.encrypted_content"]:
            continue  # there is no reasoning to include (see NO_EFFECT)
        if name in REFUSED:
            if not _unset(value):
                raise bad(name, REFUSED[name], "unsupported_parameter")
        elif name not in IMPLEMENTED and name not in EXTENSIONS and name not in NO_EFFECT:
            raise bad(name, f"Unknown parameter: '{name}'.", "unknown_parameter")
    max_output = body.get("max_output_tokens")
    if max_output is not None and (isinstance(max_output, bool) or not isinstance(
            max_output, int) or max_output < 1):
        raise bad("max_output_tokens", "'max_output_tokens' must be an integer of at least 1.")
    parallel = body.get("parallel_tool_calls")
    if parallel is not None and not isinstance(parallel, bool):
        raise bad("parallel_tool_calls", "'parallel_tool_calls' must be true or false.",
                   "invalid_type")
    metadata = body.get("metadata")
    if metadata is not None and not (isinstance(metadata, dict) and all(
            isinstance(v, str) for v in metadata.values())):
        raise bad("metadata", "'metadata' must map strings to strings.", "invalid_type")
    for name in ("user", "safety_identifier", "prompt_cache_key"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise bad(name, f"'{name}' must be a string.", "invalid_type")


class ResponseRequest:
    """A checked Responses body: the chat request it amounts to, and what the response
    object echoes of it."""

    def __init__(self, body: dict[str, Any], engine: ServedModels) -> None:
        _check_parameters(body)
        chat_tools, echo_tools = _tools(body.get("tools"))
        names = [t["name"] for t in echo_tools]
        response_format, echo_text = _text_format(body.get("text"))
        chat = {
            "model": body.get("model"), "messages": _messages(body, engine),
            "stream": body.get("stream"),
            "temperature": body.get("temperature"), "top_p": body.get("top_p"),
            "seed": body.get("seed"), "max_tokens": body.get("max_output_tokens"),
            "tools": chat_tools, "tool_choice": _tool_choice(body.get("tool_choice"), names),
            **{name: body.get(name) for name in EXTENSIONS},
        }
        with responses_terms():  # unset: the chat defaults (a missing model: the loaded one)
            self.parsed: ParsedRequest = parse_chat(
                {k: v for k, v in chat.items() if v is not None}, engine)
            if response_format is not None:  # named in this API's words if it cannot be
                enforce_format(self.parsed.generation.steering, parse_response_format(
                    {"response_format": response_format}), "text.format")
        self.parallel: bool = body.get("parallel_tool_calls") is not False
        settings = self.parsed.generation.settings
        self.echo: dict[str, Any] = {
            "background": False, "instructions": body.get("instructions"),
            "max_output_tokens": body.get("max_output_tokens"),
            "max_tool_calls": body.get("max_tool_calls"), "metadata": body.get("metadata") or {},
            "parallel_tool_calls": self.parallel, "previous_response_id": None,
            "prompt_cache_key": body.get("prompt_cache_key"),
            "reasoning": {"effort": None, "summary": None},
            "safety_identifier": body.get("safety_identifier"), "service_tier": "default",
            "store": False,  # whatever was asked: nothing is stored
            "temperature": settings.temperature, "text": echo_text,
            "tool_choice": body.get("tool_choice") or "auto", "tools": echo_tools,
            "top_logprobs": 0, "top_p": settings.top_p,
            "truncation": body.get("truncation") or "disabled", "user": body.get("user"),
        }


def in_responses_terms(exc: ApiError) -> ApiError:
    """An error from the chat machinery, its ``param`` named as this endpoint names it."""
    root = (exc.param or "").partition("[")[0].partition(".")[0]
    if root not in CHAT_NAMES:
        return exc
    return ApiError(exc.status, exc.message, param=CHAT_NAMES[root], code=exc.code)


@contextmanager
def responses_terms() -> Iterator[None]:
    try:
        yield
    except ApiError as exc:
        raise in_responses_terms(exc) from None


# --- response -----------------------------------------------------------------------------
def _usage(last: GenerationChunk) -> dict[str, Any]:
    return {
        "input_tokens": last.prompt_tokens,
        "input_tokens_details": {"cached_tokens": last.cached_tokens, "cache_write_tokens": 0},
        "output_tokens": last.generation_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": last.prompt_tokens + last.generation_tokens,
    }


def _part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}


class ResponseEncoder:
    """One response (an :class:`app.server.stream.Encoder`): its output items as the reply
    comes, and the server-sent events that tell a streaming client about them, each with its
    ``sequence_number``; what one step made is written as one piece."""

    media_type = SSE

    def __init__(self, request: ResponseRequest) -> None:
        self.request = request
        self.id = f"resp_{uuid.uuid4().hex}"
        self.created = int(time.time())
        self.shape = ResponseShape(request.parsed)  # reads tool calls out of the text
        self.output: list[dict[str, Any]] = []
        self._events: list[str] = []
        self._sequence = 0
        self._message: dict[str, Any] | None = None  # the message item being written
        self._text: list[str] = []
        #: text not yet shown: only whitespace so far, which opens no message of its own
        #: (the newlines between a model's tool calls)
        self._pending = ""
        #: the whole response, once finished
        self.final: dict[str, Any] = {}

    def _emit(self, kind: str, **fields: Any) -> None:
        self._events.append(sse({"type": kind, "sequence_number": self._sequence, **fields},
                                event=kind))
        self._sequence += 1

    def _flush(self) -> str:
        out, self._events = "".join(self._events), []
        return out

    def response(self, status: str, *, usage: dict[str, Any] | None = None,
                 incomplete: dict[str, Any] | None = None,
                 error: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "id": self.id, "object": "response", "created_at": self.created, "status": status,
            "completed_at": int(time.time()) if status == "completed" else None,
            "error": error, "incomplete_details": incomplete,
            "model": self.request.parsed.model, "output": list(self.output), "usage": usage,
            **self.request.echo,
        }

    def start(self, first: Event | None) -> list[str]:
        self._emit("response.created", response=self.response("in_progress"))
        self._emit("response.in_progress", response=self.response("in_progress"))
        return [self._flush()]

    def keepalive(self) -> list[str]:
        return [KEEPALIVE]

    def update(self, chunk: GenerationChunk) -> list[str]:
        self._feed(chunk)
        out = self._flush()
        return [out] if out else []

    def finish(self, last: GenerationChunk) -> list[str]:
        self._feed(last)
        self._finish(last)
        return [self._flush()]

    def fail(self, error: ApiError) -> list[str]:
        """A generation that broke off: an ``error`` event, then ``response.failed``."""
        error = in_responses_terms(error)
        self._close_message("incomplete")
        self._emit("error", code=error.code, message=error.message, param=error.param)
        code = "server_error" if error.status >= 500 else "invalid_prompt"
        self._emit("response.failed", response=self.response(
            "failed", error={"code": code, "message": error.message}))
        return [self._flush()]

    def whole(self, text: str, last: GenerationChunk, logprobs: list[TokenLogprob]
              ) -> dict[str, Any]:
        self._feed(GenerationChunk(text=text, finish_reason=last.finish_reason))
        self._finish(last)
        return self.final

    def _feed(self, chunk: GenerationChunk) -> None:
        text, calls = self.shape.feed(chunk)
        if text:
            self._write(text)
        for call in calls:
            self._call(call)

    def _finish(self, last: GenerationChunk) -> None:
        """The reply ended: "length" is status incomplete (max_output_tokens); "stopped"
        (the job was cancelled) is incomplete with no reason OpenAI names."""
        if not self.output:  # every response says something, if only ""
            self._open_message()
            if self._pending:
                self._delta(self._pending)
        self._pending = ""  # whitespace after the last tool call
        length = last.finish_reason == "length"
        self._close_message("incomplete" if length else "completed")
        if last.finish_reason in ("stop", "loop"):  # "loop": ended as it began repeating
            self.final = self.response("completed", usage=_usage(last))
        else:
            self.final = self.response("incomplete", usage=_usage(last), incomplete={
                "reason": "max_output_tokens"} if length else None)
        self._emit(f"response.{self.final['status']}", response=self.final)

    # --- items
    def _write(self, text: str) -> None:
        if self._message is None:
            self._pending += text
            if not self._pending.strip():
                return
            self._open_message()
            text, self._pending = self._pending, ""
        self._delta(text)

    def _delta(self, text: str) -> None:
        assert self._message is not None
        self._text.append(text)
        self._emit("response.output_text.delta", item_id=self._message["id"],
                   output_index=len(self.output) - 1, content_index=0, delta=text, logprobs=[])

    def _open_message(self) -> None:
        self._message = {"id": f"msg_{uuid.uuid4().hex}", "type": "message",
                         "status": "in_progress", "role": "assistant", "content": []}
        self._text = []
        self.output.append(self._message)
        where = {"output_index": len(self.output) - 1}
        self._emit("response.output_item.added", item=self._message, **where)
        self._emit("response.content_part.added", item_id=self._message["id"], **where,
                   content_index=0, part=_part(""))

    def _close_message(self, status: str) -> None:
        item = self._message
        if item is None:
            return
        text = "".join(self._text)
        where = {"item_id": item["id"], "output_index": self.output.index(item),
                 "content_index": 0}
        self._emit("response.output_text.done", **where, text=text, logprobs=[])
        self._emit("response.content_part.done", **where, part=_part(text))
        item.update(status=status, content=[_part(text)])
        self._emit("response.output_item.done", output_index=where["output_index"], item=item)
        self._message = None

    def _call(self, call: dict[str, Any]) -> None:
        if not self.request.parallel and any(i["type"] == "function_call" for i in self.output):
            log.info("dropped a second tool call: parallel_tool_calls is false")
            return
        self._close_message("completed")
        self._pending = ""
        function = call["function"]
        item = {"type": "function_call", "id": f"fc_{uuid.uuid4().hex}", "call_id": call["id"],
                "name": function["name"], "arguments": "", "status": "in_progress"}
        self.output.append(item)
        where = {"item_id": item["id"], "output_index": len(self.output) - 1}
        self._emit("response.output_item.added", output_index=where["output_index"], item=item)
        item.update(arguments=function["arguments"], status="completed")
        # The call is parsed whole (its syntax is the model's, not JSON), so its arguments
        # come as one delta.
        self._emit("response.function_call_arguments.delta", **where,
                   delta=function["arguments"])
        self._emit("response.function_call_arguments.done", **where,
                   arguments=function["arguments"])
        self._emit("response.output_item.done", output_index=where["output_index"], item=item)


# --- the endpoint -------------------------------------------------------------------------
async def create_response(api: Api, request: Request) -> Response:
    """``POST /v1/responses``."""
    body = await api.body(request)
    checked = await run_in_threadpool(ResponseRequest, body, api.engine)  # decodes images
    with responses_terms():
        return await api.answer(request, checked.parsed.generation, ResponseEncoder(checked),
                                streamed=checked.parsed.stream)
