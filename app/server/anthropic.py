"""Anthropic's Messages API (``POST /v1/messages``) on the same engine, for Claude Code and the
other clients written against Anthropic's SDKs.

A Messages body is translated into a chat-completions body and checked by
:func:`app.server.openai.parse_chat`, so tools, grammars, limits and error checks are the same
for both APIs; the answer is built in Anthropic's shapes: content blocks (``text``,
``tool_use``), ``stop_reason`` and, streamed, its named events (``message_start``,
``content_block_delta``…, ``ping`` while a long prompt is read). A user turn's ``image`` blocks
(base64, in the turn or in its tool results) go to a vision model; a URL source is never
fetched. Errors are raised as :class:`app.server.errors.ApiError` (with no ``param``: each
message names its place) and answered in Anthropic's shape ``{"type": "error", "error":
{"type", "message"}}``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.server.api import Api
from app.server.errors import ANTHROPIC_TYPES, ApiError, bad, error_response, image_error
from app.server.fields import read_json
from app.server.images import ImageError, Picture, check_may_carry, from_base64
from app.server.openai import ParsedRequest, ResponseShape, parse_chat
from app.server.stream import SSE, sse
from app.server.tokens import render_ids
from inference.engine import Event, PromptProgress
from inference.settings_schema import ALIASES, PER_REQUEST
from inference.types import GenerationChunk, TokenLogprob

#: What would change the answer and is not implemented: refused by name, never ignored.
UNSUPPORTED = {
    "thinking": "Extended thinking ('thinking') is not supported by Orchard's models.",
    "container": "Code-execution containers are not supported.",
    "mcp_servers": "Remote MCP servers are not supported: Orchard answers offline.",
}


def error_body(error: ApiError) -> dict[str, Any]:
    """An error in Anthropic's shape (which names no parameter)."""
    return {"type": "error", "error": {"type": ANTHROPIC_TYPES.get(error.status, "api_error"),
                                       "message": error.message}}


def error_answer(error: ApiError) -> JSONResponse:
    return error_response(error_body(error), error.status)


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
        raise image_error(exc) from None


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
                raise bad(None, f"{where} may hold only text and image blocks here.")
            parts.append(block["text"])
        return "".join(parts)
    if content is None:
        return ""
    raise bad(None, f"{where} must be a string or a list of text blocks.")


def _blocks(content: Any, where: str) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if not isinstance(content, list):
        raise bad(None, f"{where} must be a string or a list of content blocks.")
    for k, block in enumerate(content):
        if not isinstance(block, dict):
            raise bad(None, f"{where}[{k}] must be an object.")
        kind = block.get("type")
        if kind not in ("text", "image", "tool_use", "tool_result"):
            raise bad(None, f"{where}[{k}] is a {kind!r} block; Orchard's models take text, "
                       "image, tool_use and tool_result blocks only.")
        if kind == "text" and not isinstance(block.get("text"), str):
            raise bad(None, f"{where}[{k}].text must be a string.")
        if kind == "tool_use" and not isinstance(block.get("name"), str):
            raise bad(None, f"{where}[{k}] is a tool_use block without a tool name.")
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
        raise bad(None, "messages: a non-empty list of messages is required.")
    for i, m in enumerate(messages):
        where = f"messages.{i}"
        role = m.get("role") if isinstance(m, dict) else None
        if role not in ("user", "assistant"):
            raise bad(None, f"{where}.role must be user or assistant.")
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
                raise bad(None, f"{where}: a user message cannot hold tool_use blocks.")
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
            raise bad(None, "tools must be a list.")
        chat_tools = []
        for k, tool in enumerate(tools):
            if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
                raise bad(None, f"tools.{k} must be {{'name', 'description', 'input_schema'}}.")
            if tool.get("type") not in (None, "custom"):
                raise bad(None, f"tools.{k} is Anthropic's server tool {tool.get('type')!r}, which "
                           "Orchard does not have; send your own tools with an input_schema.")
            schema = tool.get("input_schema")
            if schema is not None and not isinstance(schema, dict):  # as chat completions say
                raise bad(None, f"tools.{k}.input_schema must be a JSON Schema object.")
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
            raise bad(None, "tool_choice type must be auto, any, tool or none.")
    return chat_tools, chat_choice


def parse_messages_request(body: dict[str, Any], engine: Any) -> ParsedRequest:
    """A ``/v1/messages`` body, checked, as the chat request it amounts to."""
    for name, why in UNSUPPORTED.items():
        value = body.get(name)
        if value is not None and not (name == "thinking" and isinstance(value, dict)
                                      and value.get("type") == "disabled"):
            raise bad(None, why)
    max_tokens = body.get("max_tokens")
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise bad(None, "max_tokens: a whole number of at least 1 is required.")
    chat: dict[str, Any] = {
        "messages": _chat_messages(body, engine), "max_tokens": max_tokens,
        "stream": body.get("stream", False), "stream_options": {"include_usage": True},
    }
    if "model" in body:
        chat["model"] = body["model"]
    # Every declared setting a request may carry (Anthropic's temperature, top_p and top_k,
    # and the extensions /v1/chat/completions takes), checked there against the declared
    # bounds; what the request leaves out is the model's own, as on every door (not
    # Anthropic's documented temperature 1.0: README, "Where each default comes from").
    for name in (*PER_REQUEST, *ALIASES):
        if name != "max_tokens" and body.get(name) is not None:
            chat[name] = body[name]
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
            raise bad(None, "output_config must be an object.")
        fmt = output.get("format")
        if fmt is not None:  # structured outputs: JSON that follows the schema
            if not isinstance(fmt, dict) or fmt.get("type") != "json_schema" or \
                    not isinstance(fmt.get("schema"), dict):
                raise bad(None, "output_config.format must be {'type': 'json_schema', 'schema': "
                           "{...}}.")
            chat["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "output", "schema": fmt["schema"]}}
        # "effort" is accepted: Orchard's models have no thinking budget to spend
    return parse_chat(chat, engine)


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


class MessageEncoder:
    """One message on the wire (an :class:`app.server.stream.Encoder`): content blocks
    opened and closed as the reply's text and tool calls come, between ``message_start`` and
    ``message_stop``; ``ping`` while nothing else is said."""

    media_type = SSE

    def __init__(self, parsed: ParsedRequest) -> None:
        self.model = parsed.model
        self.id = f"msg_{uuid.uuid4().hex[:24]}"
        self.chat = ResponseShape(parsed)  # splits the tool calls out of the text
        self.stops = list(parsed.generation.settings.stop)  # the client's stop_sequences
        self._block = -1  # the index of the open content block
        self._open = ""  # its kind ("text"), or "" when none is open

    def head(self, input_tokens: int) -> dict[str, Any]:
        return {"id": self.id, "type": "message", "role": "assistant", "model": self.model,
                "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": _usage(None, input_tokens)}

    def whole(self, text: str, last: GenerationChunk, logprobs: list[TokenLogprob]
              ) -> dict[str, Any]:
        shown, _ = self.chat.feed(GenerationChunk(text=text, finish_reason=last.finish_reason))
        content: list[dict[str, Any]] = [{"type": "text", "text": shown}] if shown else []
        content += [_tool_use(c) for c in self.chat.calls]
        reason, sequence = _stop_reason(last, bool(self.chat.calls), self.stops)
        return {**self.head(0), "content": content, "stop_reason": reason,
                "stop_sequence": sequence, "usage": _usage(last)}

    # --- streamed
    def start(self, first: Event | None) -> list[str]:
        total = first.total if isinstance(first, PromptProgress) else 0
        return [_event("message_start", {"message": self.head(total)})]

    def keepalive(self) -> list[str]:
        return [_event("ping", {})]  # Anthropic's own keep-alive

    def update(self, chunk: GenerationChunk) -> list[str]:
        out: list[str] = []
        text, calls = self.chat.feed(chunk)
        if text:
            if self._open != "text":
                out += self._close()
                self._block += 1
                self._open = "text"
                out.append(_event("content_block_start", {
                    "index": self._block, "content_block": {"type": "text", "text": ""}}))
            out.append(_event("content_block_delta", {
                "index": self._block, "delta": {"type": "text_delta", "text": text}}))
        for call in calls:
            out += self._close()
            self._block += 1
            use = _tool_use(call)
            out.append(_event("content_block_start", {"index": self._block, "content_block": {
                **use, "input": {}}}))
            out.append(_event("content_block_delta", {"index": self._block, "delta": {
                "type": "input_json_delta", "partial_json": json.dumps(use["input"])}}))
            out.append(_event("content_block_stop", {"index": self._block}))
        return out

    def finish(self, last: GenerationChunk) -> list[str]:
        out = [*self.update(last), *self._close()]
        reason, sequence = _stop_reason(last, bool(self.chat.calls), self.stops)
        out.append(_event("message_delta", {
            "delta": {"stop_reason": reason, "stop_sequence": sequence},
            "usage": _usage(last)}))
        out.append(_event("message_stop", {}))
        return out

    def fail(self, error: ApiError) -> list[str]:
        return [_event("error", error_body(error))]

    def _close(self) -> list[str]:
        if not self._open:
            return []
        self._open = ""
        return [_event("content_block_stop", {"index": self._block})]


def _event(kind: str, data: dict[str, Any]) -> str:
    return sse({"type": kind, **data}, kind)


async def create_message(api: Api, request: Request) -> Response:
    """``POST /v1/messages``."""
    try:
        body = await api.body(request)
        parsed = await run_in_threadpool(parse_messages_request, body, api.engine)  # images
        return await api.answer(request, parsed.generation, MessageEncoder(parsed),
                                streamed=parsed.stream)
    except ApiError as exc:
        return error_answer(exc)


async def count_tokens(api: Api, request: Request) -> Response:
    """``POST /v1/messages/count_tokens``: the request's input tokens, rendered as
    ``/v1/messages`` would send it (system, tools, images), with nothing generated."""
    try:  # counting never switches models (read_json, not api.body)
        body = await read_json(request, api.config.max_body_bytes)
        if "max_tokens" not in body:  # not a field of this endpoint; the parser wants one
            body = {**body, "max_tokens": 1}
        parsed = await run_in_threadpool(parse_messages_request, body, api.engine)
        ids = await run_in_threadpool(render_ids, api, parsed.generation)
    except ApiError as exc:
        return error_answer(exc)
    return JSONResponse({"input_tokens": len(ids)})


__all__ = ["MessageEncoder", "count_tokens", "create_message", "error_answer",
           "parse_messages_request"]
