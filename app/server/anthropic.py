"""Anthropic's Messages API (``POST /v1/messages``) on the same engine, for Claude Code and the
other clients written against Anthropic's SDKs.

A Messages body is translated into a chat-completions body and checked by
:func:`app.server.openai.parse_chat`, so tools, grammars, limits and error checks are the same
for both APIs; the answer is built in Anthropic's shapes: content blocks (``text``,
``tool_use``), ``stop_reason`` and, streamed, its named events (``message_start``,
``content_block_delta``…, ``ping`` while a long prompt is read). A user turn's ``image`` blocks
(base64, in the turn or in its tool results) go to a vision model; a URL source is never
fetched. Errors take Anthropic's shape ``{"type": "error", "error": {"type", "message"}}``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.server.images import ImageError, Picture, check_may_carry, from_base64
from app.server.openai import (
    RETRY_AFTER_S,
    ApiError,
    ParsedRequest,
    ResponseShape,
    job_error,
    parse_chat,
    sse,
)
from inference.engine import JobFailed, PromptProgress
from inference.types import GenerationChunk

if TYPE_CHECKING:
    from app.server.app import Api, _Events

ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error",
               403: "permission_error", 404: "not_found_error", 413: "request_too_large",
               503: "overloaded_error"}

#: What would change the answer and is not implemented: refused by name, never ignored.
UNSUPPORTED = {
    "thinking": "Extended thinking ('thinking') is not supported by Orchard's models.",
    "container": "Code-execution containers are not supported.",
    "mcp_servers": "Remote MCP servers are not supported: Orchard answers offline.",
}


class AnthropicError(Exception):
    """An error in Anthropic's shape, from an :class:`ApiError` or said directly."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message

    @classmethod
    def of(cls, error: ApiError) -> AnthropicError:
        return cls(error.status, error.message)

    def body(self) -> dict[str, Any]:
        return {"type": "error", "error": {"type": ERROR_TYPES.get(self.status, "api_error"),
                                           "message": self.message}}

    def response(self) -> JSONResponse:
        headers = {"Retry-After": str(RETRY_AFTER_S)} if self.status == 503 else None
        return JSONResponse(self.body(), status_code=self.status, headers=headers)


def _bad(message: str) -> AnthropicError:
    return AnthropicError(400, message)


# --- request ----------------------------------------------------------------------------------
def _picture(block: dict[str, Any], where: str, role: str, engine: object) -> Picture:
    """An image block: base64 data with its media type (a URL is never fetched)."""
    try:
        check_may_carry(engine, role, where)
        source = block.get("source")
        kind = source.get("type") if isinstance(source, dict) else None
        send = ("send the image itself as base64 data: {'type': 'base64', 'media_type': "
                "'image/png', 'data': ...}")
        if isinstance(source, dict) and kind == "base64":
            return from_base64(source.get("data"), f"{where}.source.data",
                               source.get("media_type"))
        if kind == "url":
            raise ImageError(where, f"Orchard never fetches remote URLs (it works offline), "
                             f"so it cannot read the image at {where}; {send}.")
        if kind == "file":
            raise ImageError(where, f"Orchard keeps no files, so the file at {where} cannot "
                             f"be looked up; {send}.")
        raise ImageError(where, f"{where}.source must be base64 data: {{'type': 'base64', "
                         "'media_type': 'image/png', 'data': ...}.")
    except ImageError as exc:
        raise _bad(exc.message) from None


def _text_of(content: Any, where: str, engine: object = None,
             pictures: list[Picture] | None = None) -> str:
    """The text of a string or of a list of text blocks; image blocks join ``pictures``
    (a tool result's: it is in a user turn) or are refused (the system prompt)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for k, block in enumerate(content):
            if isinstance(block, dict) and block.get("type") == "image":
                role = "system" if pictures is None else "user"
                picture = _picture(block, f"{where}.{k}", role, engine)
                if pictures is not None:
                    pictures.append(picture)
                continue
            if not (isinstance(block, dict) and block.get("type") == "text"
                    and isinstance(block.get("text"), str)):
                raise _bad(f"{where} may hold only text and image blocks here.")
            parts.append(block["text"])
        return "".join(parts)
    if content is None:
        return ""
    raise _bad(f"{where} must be a string or a list of text blocks.")


def _blocks(content: Any, where: str) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if not isinstance(content, list):
        raise _bad(f"{where} must be a string or a list of content blocks.")
    for k, block in enumerate(content):
        if not isinstance(block, dict):
            raise _bad(f"{where}[{k}] must be an object.")
        kind = block.get("type")
        if kind not in ("text", "image", "tool_use", "tool_result"):
            raise _bad(f"{where}[{k}] is a {kind!r} block; Orchard's models take text, "
                       "image, tool_use and tool_result blocks only.")
        if kind == "text" and not isinstance(block.get("text"), str):
            raise _bad(f"{where}[{k}].text must be a string.")
        if kind == "tool_use" and not isinstance(block.get("name"), str):
            raise _bad(f"{where}[{k}] is a tool_use block without a tool name.")
    return content


def _chat_messages(body: dict[str, Any], engine: object) -> list[dict[str, Any]]:
    """Anthropic's messages (and system) as chat-completions messages: tool_use blocks become
    an assistant's tool_calls, tool_result blocks tool messages; a user turn's images (its own
    and its tool results', in order) go with its text, after the tool results."""
    out: list[dict[str, Any]] = []
    system = body.get("system")
    if system is not None:
        out.append({"role": "system", "content": _text_of(system, "system", engine)})
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _bad("messages: a non-empty list of messages is required.")
    for i, m in enumerate(messages):
        where = f"messages.{i}"
        role = m.get("role") if isinstance(m, dict) else None
        if role not in ("user", "assistant"):
            raise _bad(f"{where}.role must be user or assistant.")
        blocks = _blocks(m.get("content"), f"{where}.content")
        if role == "assistant":
            for k, b in enumerate(blocks):
                if b["type"] == "image":
                    _picture(b, f"{where}.content.{k}", role, engine)  # refused
            text = "".join(b.get("text", "") for b in blocks if b["type"] == "text")
            calls = [{"id": b.get("id") or f"toolu_{k}", "type": "function",
                      "function": {"name": b.get("name"),
                                   "arguments": json.dumps(b.get("input") or {})}}
                     for k, b in enumerate(blocks) if b["type"] == "tool_use"]
            entry: dict[str, Any] = {"role": "assistant", "content": text}
            if calls:
                entry["tool_calls"] = calls
            out.append(entry)
            continue
        text_parts: list[str] = []
        pictures: list[Picture] = []
        for k, block in enumerate(blocks):
            if block["type"] == "tool_result":
                result = _text_of(block.get("content"), f"{where}.content.{k}.content", engine,
                                  pictures)
                if block.get("is_error"):
                    result = f"Error: {result}"
                out.append({"role": "tool", "tool_call_id": str(block.get("tool_use_id")),
                            "content": result})
            elif block["type"] == "text":
                text_parts.append(block["text"])
            elif block["type"] == "image":
                pictures.append(_picture(block, f"{where}.content.{k}", role, engine))
            else:
                raise _bad(f"{where}: a user message cannot hold tool_use blocks.")
        if text_parts or pictures or not any(b["type"] == "tool_result" for b in blocks):
            text = "".join(text_parts)
            out.append({"role": "user", "content": [{"type": "text", "text": text}, *pictures]
                        if pictures else text})
    return out


def _chat_tools(body: dict[str, Any]) -> tuple[list[dict[str, Any]] | None, Any]:
    tools = body.get("tools")
    choice = body.get("tool_choice")
    chat_tools = None
    if tools is not None:
        if not isinstance(tools, list):
            raise _bad("tools must be a list.")
        chat_tools = []
        for k, tool in enumerate(tools):
            if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
                raise _bad(f"tools.{k} must be {{'name', 'description', 'input_schema'}}.")
            if tool.get("type") not in (None, "custom"):
                raise _bad(f"tools.{k} is Anthropic's server tool {tool.get('type')!r}, which "
                           "Orchard does not have; send your own tools with an input_schema.")
            schema = tool.get("input_schema")
            if schema is not None and not isinstance(schema, dict):  # as chat completions say
                raise _bad(f"tools.{k}.input_schema must be a JSON Schema object.")
            chat_tools.append({"type": "function", "function": {
                "name": tool["name"], "description": tool.get("description", ""),
                "parameters": schema or {"type": "object"}}})
    chat_choice: Any = None
    if choice is not None:
        kind = choice.get("type") if isinstance(choice, dict) else None
        if kind == "auto":
            chat_choice = "auto"
        elif kind == "any":
            chat_choice = "required"
        elif kind == "none":
            chat_choice = "none"
        elif kind == "tool":
            chat_choice = {"type": "function", "function": {"name": choice.get("name")}}
        else:
            raise _bad("tool_choice type must be auto, any, tool or none.")
    return chat_tools, chat_choice


def parse_messages_request(body: dict[str, Any], engine: Any) -> ParsedRequest:
    """A ``/v1/messages`` body, checked, as the chat request it amounts to."""
    for name, why in UNSUPPORTED.items():
        value = body.get(name)
        if value is not None and not (name == "thinking" and isinstance(value, dict)
                                      and value.get("type") == "disabled"):
            raise _bad(why)
    max_tokens = body.get("max_tokens")
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise _bad("max_tokens: a whole number of at least 1 is required.")
    top_k = body.get("top_k", 0)
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 0:
        raise _bad("top_k must be a whole number of at least 0.")
    temperature = body.get("temperature", 1.0)
    chat: dict[str, Any] = {
        "messages": _chat_messages(body, engine), "max_tokens": max_tokens,
        "temperature": temperature, "stream": body.get("stream", False),
        "stream_options": {"include_usage": True},
    }
    if "model" in body:
        chat["model"] = body["model"]
    if body.get("top_p") is not None:
        chat["top_p"] = body["top_p"]
    stops = body.get("stop_sequences")
    if stops is not None:
        chat["stop"] = stops
    tools, choice = _chat_tools(body)
    if tools:
        chat["tools"] = tools
    if choice is not None:
        chat["tool_choice"] = choice
    output = body.get("output_config")
    if output is not None:
        if not isinstance(output, dict):
            raise _bad("output_config must be an object.")
        fmt = output.get("format")
        if fmt is not None:  # structured outputs: JSON that follows the schema
            if not isinstance(fmt, dict) or fmt.get("type") != "json_schema" or \
                    not isinstance(fmt.get("schema"), dict):
                raise _bad("output_config.format must be {'type': 'json_schema', 'schema': "
                           "{...}}.")
            chat["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "output", "schema": fmt["schema"]}}
        # "effort" is accepted: Orchard's models have no thinking budget to spend
    try:
        parsed = parse_chat(chat, engine)
    except ApiError as exc:
        raise AnthropicError.of(exc) from None
    parsed.generation.settings.top_k = top_k
    return parsed


# --- answer -----------------------------------------------------------------------------------
def _stop_reason(last: GenerationChunk, calls: bool, asked: list[str]
                 ) -> tuple[str, str | None]:
    """Anthropic's stop reason; "stop_sequence" only for a sequence the client sent (the
    template's own stop strings end a turn: "end_turn")."""
    if calls:
        return "tool_use", None
    if last.finish_reason == "length":
        return "max_tokens", None
    if last.stop_string is not None and last.stop_string in asked:
        return "stop_sequence", last.stop_string
    return "end_turn", None


def _tool_use(call: dict[str, Any]) -> dict[str, Any]:
    try:
        arguments = json.loads(call["function"]["arguments"] or "{}")
    except ValueError:
        arguments = {}
    return {"type": "tool_use", "id": call["id"].replace("call_", "toolu_", 1),
            "name": call["function"]["name"], "input": arguments}


def _usage(last: GenerationChunk | None, input_tokens: int = 0) -> dict[str, Any]:
    if last is None:
        return {"input_tokens": input_tokens, "output_tokens": 0,
                "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
    return {"input_tokens": last.prompt_tokens - last.cached_tokens,
            "output_tokens": last.generation_tokens, "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": last.cached_tokens}


class MessageShape:
    def __init__(self, parsed: ParsedRequest) -> None:
        self.model = parsed.model
        self.id = f"msg_{uuid.uuid4().hex[:24]}"
        self.chat = ResponseShape(parsed)  # splits the tool calls out of the text
        self.stops = list(parsed.generation.settings.stop)  # the client's stop_sequences

    def head(self, input_tokens: int) -> dict[str, Any]:
        return {"id": self.id, "type": "message", "role": "assistant", "model": self.model,
                "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": _usage(None, input_tokens)}

    def whole(self, text: str, last: GenerationChunk) -> dict[str, Any]:
        shown, _ = self.chat.feed(GenerationChunk(text=text, finish_reason=last.finish_reason))
        content: list[dict[str, Any]] = [{"type": "text", "text": shown}] if shown else []
        content += [_tool_use(c) for c in self.chat.calls]
        reason, sequence = _stop_reason(last, bool(self.chat.calls), self.stops)
        return {**self.head(0), "content": content, "stop_reason": reason,
                "stop_sequence": sequence, "usage": _usage(last)}


async def create_message(api: Api, request: Request) -> Response:
    """``POST /v1/messages``."""
    try:
        body = await api.body(request)
        parsed = await run_in_threadpool(parse_messages_request, body, api.engine)  # images
        job, events = api.submit(parsed.generation)
        first = await api.opening(request, job, events)
        shape = MessageShape(parsed)
        if not parsed.stream:
            text, last, _ = await api.collect(request, job, events, first)
            return JSONResponse(shape.whole(text, last))
    except ApiError as exc:
        return AnthropicError.of(exc).response()
    except AnthropicError as exc:
        return exc.response()
    from app.server.app import event_stream

    return event_stream(_stream(api, first, events, job, shape))


async def count_tokens(api: Api, request: Request) -> Response:
    """``POST /v1/messages/count_tokens``: the request's input tokens, rendered as
    ``/v1/messages`` would send it (system, tools, images), with nothing generated."""
    from app.server.openai import read_json
    from app.server.tokens import render_ids

    try:  # counting never switches models (read_json, not api.body)
        body = await read_json(request, api.config.max_body_bytes)
        if "max_tokens" not in body:  # not a field of this endpoint; the parser wants one
            body = {**body, "max_tokens": 1}
        parsed = await run_in_threadpool(parse_messages_request, body, api.engine)
        ids = await run_in_threadpool(render_ids, api, parsed.generation)
    except ApiError as exc:
        return AnthropicError.of(exc).response()
    except AnthropicError as exc:
        return exc.response()
    return JSONResponse({"input_tokens": len(ids)})


def _event(kind: str, data: dict[str, Any]) -> str:
    return sse({"type": kind, **data}, kind)


async def _stream(api: Api, first: Any, events: _Events, job: Any, shape: MessageShape
                  ) -> AsyncIterator[str]:
    block = -1  # the index of the open content block
    open_kind = ""

    def close() -> list[str]:
        nonlocal open_kind
        if not open_kind:
            return []
        open_kind = ""
        return [_event("content_block_stop", {"index": block})]

    try:
        total = first.total if isinstance(first, PromptProgress) else 0
        yield _event("message_start", {"message": shape.head(total)})
        event = first
        while True:
            if event is None:
                yield _event("ping", {})  # Anthropic's own keep-alive
            elif isinstance(event, JobFailed):
                error = job_error(event)
                yield _event("error", AnthropicError(error.status, error.message).body())
                return
            elif isinstance(event, GenerationChunk):
                text, calls = shape.chat.feed(event)
                if text:
                    if open_kind != "text":
                        for line in close():
                            yield line
                        block += 1
                        open_kind = "text"
                        yield _event("content_block_start", {
                            "index": block, "content_block": {"type": "text", "text": ""}})
                    yield _event("content_block_delta", {
                        "index": block, "delta": {"type": "text_delta", "text": text}})
                for call in calls:
                    for line in close():
                        yield line
                    block += 1
                    use = _tool_use(call)
                    yield _event("content_block_start", {"index": block, "content_block": {
                        **use, "input": {}}})
                    yield _event("content_block_delta", {"index": block, "delta": {
                        "type": "input_json_delta", "partial_json": json.dumps(use["input"])}})
                    yield _event("content_block_stop", {"index": block})
                if event.finish_reason is not None:
                    for line in close():
                        yield line
                    reason, sequence = _stop_reason(event, bool(shape.chat.calls),
                                                    shape.stops)
                    yield _event("message_delta", {
                        "delta": {"stop_reason": reason, "stop_sequence": sequence},
                        "usage": _usage(event)})
                    yield _event("message_stop", {})
                    return
            event = await api.next_event(events)
    finally:
        job.cancel()


__all__ = ["AnthropicError", "create_message", "parse_messages_request"]
