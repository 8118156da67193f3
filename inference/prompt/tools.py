"""Tool calling: which syntax a model writes its calls in, and reading them out of a reply.

A model learns one tool-call syntax with its chat template (``<tool_call>{json}</tool_call>``
for Qwen and Hermes, ``[TOOL_CALLS]`` for Mistral, and so on). mlx-lm ships a parser per
family (``mlx_lm.tool_parsers``) and recognises the family from the template; Orchard uses
those parsers as they are and adds what a server needs on top: splitting a streamed reply into
text and calls, and the OpenAI shape of a call.
"""

from __future__ import annotations

import importlib
import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from inference.errors import OrchardError

log = logging.getLogger(__name__)

#: JSON as chat templates write it (tojson: ", " and ": ") and so as models learned to write
#: it; no other whitespace, so a reply cannot spend its tokens on runs of blanks.
JSON_STYLE = {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "}

#: The syntax whose calls Orchard can also force (tool_choice "required" or a named tool)
#: with a grammar: a JSON object between <tool_call> tags (Qwen 2.5/3, Hermes, SmolLM3…).
JSON_TOOLS = "json_tools"


@dataclass(frozen=True)
class ToolFormat:
    """One family's tool-call syntax: the text around each call and its parser."""

    name: str
    start: str
    end: str
    parse: Callable[[str, Any], Any]

    def calls(self, text: str, tools: Sequence[dict[str, Any]] | None) -> list[dict[str, Any]]:
        """The calls in ``text`` (what lies between ``start`` and ``end``), in OpenAI's shape:
        ``{"id", "type": "function", "function": {"name", "arguments": "<json>"}}``."""
        try:
            parsed = self.parse(text, list(tools or []))
        except Exception as exc:  # noqa: BLE001 - the model wrote something else
            raise OrchardError(f"The model wrote a tool call Orchard cannot read ({exc}).") from exc
        found = parsed if isinstance(parsed, list) else [parsed]
        out = []
        for call in found:
            if not isinstance(call, dict) or not isinstance(call.get("name"), str):
                raise OrchardError("The model wrote a tool call without a tool name.")
            arguments = call.get("arguments", {})
            if not isinstance(arguments, str):
                arguments = json.dumps(arguments, ensure_ascii=False)
            given = call.get("id")
            out.append({"id": given if isinstance(given, str) and given
                        else f"call_{uuid.uuid4().hex[:24]}", "type": "function",
                        "function": {"name": call["name"], "arguments": arguments}})
        return out


class _TemplateView:
    """What mlx-lm's family detection reads of a tokenizer: the template and the vocabulary."""

    def __init__(self, template: str, vocab: dict[str, int]) -> None:
        self.chat_template = template
        self._vocab = vocab

    def get_vocab(self) -> dict[str, int]:
        return self._vocab


def supports_tools(template: str) -> bool:
    """Whether a chat template renders the client's tools at all."""
    return "tools" in template


def tool_format(template: str, vocab: dict[str, int] | None = None) -> ToolFormat | None:
    """The tool-call syntax of the model whose chat template is ``template``, or None when
    neither the template nor the vocabulary names one mlx-lm can parse."""
    try:
        # mlx-lm keeps its family detection private (tokenizer_utils._infer_tool_parser); it
        # is the one list of families its parsers cover, so it is used rather than copied.
        from mlx_lm.tokenizer_utils import _infer_tool_parser

        name = _infer_tool_parser(_TemplateView(template, vocab or {}))
    except Exception as exc:  # noqa: BLE001 - a changed private function: no tool calls
        log.warning("mlx-lm's tool parser detection failed: %s", exc)
        return None
    if name is None and "<tool_call>" in template:
        name = JSON_TOOLS  # Hermes-style templates that spell the call out differently
    if name is None:
        return None
    try:
        module = importlib.import_module(f"mlx_lm.tool_parsers.{name}")
    except ImportError:
        return None
    return ToolFormat(name, module.tool_call_start, module.tool_call_end,
                      module.parse_tool_call)


class ToolCallSplitter:
    """Splits a streamed reply into the text the user reads and the tool calls in it.

    Text before a call's start marker is passed on as it comes (holding back only what might
    be the beginning of the marker); a call is held until its end marker, then parsed."""

    def __init__(self, fmt: ToolFormat, tools: Sequence[dict[str, Any]] | None) -> None:
        self.fmt = fmt
        self.tools = tools
        self._buffer = ""
        self._inside = False
        self.calls: list[dict[str, Any]] = []

    def feed(self, text: str) -> tuple[str, list[dict[str, Any]]]:
        """Text to show now, and the calls completed by this piece."""
        self._buffer += text
        shown: list[str] = []
        done: list[dict[str, Any]] = []
        while True:
            if self._inside:
                end = self._buffer.find(self.fmt.end) if self.fmt.end else -1
                if end < 0:
                    break
                body = self._buffer[:end]
                self._buffer = self._buffer[end + len(self.fmt.end):]
                try:
                    done += self.fmt.calls(body, self.tools)
                except OrchardError as exc:  # not a call after all: the user sees the text
                    log.info("%s", exc)
                    shown.append(self.fmt.start + body + self.fmt.end)
                self._inside = False
                continue
            start = self._buffer.find(self.fmt.start)
            if start >= 0:
                shown.append(self._buffer[:start])
                self._buffer = self._buffer[start + len(self.fmt.start):]
                self._inside = True
                continue
            keep = _partial_suffix(self._buffer, self.fmt.start)
            shown.append(self._buffer[: len(self._buffer) - keep])
            self._buffer = self._buffer[len(self._buffer) - keep:]
            break
        self.calls += done
        return "".join(shown), done

    def finish(self, cut: bool = False) -> tuple[str, list[dict[str, Any]]]:
        """The reply has ended: a call still open runs to the end of the reply (formats whose
        calls have no end marker, or a model that stopped right after the call).

        ``cut``: the reply ran out of tokens (max_tokens). A call it was cut inside is half a
        call: it is dropped, markup and all, as is what might have begun a start marker; the
        text before it stays."""
        rest, self._buffer = self._buffer, ""
        if cut:
            if self._inside or rest:
                log.info("reply cut by max_tokens inside a tool call; the half call is dropped")
            self._inside = False
            return "", []
        if not self._inside:
            return rest, []
        self._inside = False
        if not rest.strip():
            return "", []
        try:
            done = self.fmt.calls(rest, self.tools)
        except OrchardError as exc:
            log.info("%s", exc)
            return self.fmt.start + rest, []
        self.calls += done
        return "", done


def _partial_suffix(text: str, marker: str) -> int:
    """How many characters at the end of ``text`` could begin ``marker``."""
    for n in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-n:]):
            return n
    return 0


def as_template_call(call: dict[str, Any]) -> dict[str, Any]:
    """A call read out of a reply (OpenAI's shape: ``arguments`` a JSON string) as chat
    templates take it back in a later turn: ``arguments`` an object, which the template
    writes out itself (``tool_call.function.arguments | tojson``)."""
    function = call["function"]
    arguments = function.get("arguments", {})
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            arguments = {}
    return {"id": call["id"], "type": "function",
            "function": {"name": function["name"], "arguments": arguments}}


def forced_call_grammar(fmt: ToolFormat, tools: Sequence[dict[str, Any]],
                        name: str | None = None) -> str:
    """A grammar (llguidance Lark) that makes the model call one of ``tools`` (or the tool
    ``name``) with arguments that follow the tool's JSON Schema: tool_choice "required" or a
    named function. Only the JSON-between-tags syntax is written this way."""
    if fmt.name != JSON_TOOLS:
        raise OrchardError(
            f"Orchard can make this model call a tool only in the <tool_call> JSON syntax; "
            f"this model writes {fmt.name} calls. Use tool_choice \"auto\".")
    rules = []
    for tool in tools:
        function = tool.get("function", {})
        if name is not None and function.get("name") != name:
            continue
        parameters = function.get("parameters") or {"type": "object"}
        # each tool's schema is the root of its own %json, so its "#/$defs/..." references
        # resolve as they do in the schema the client wrote
        head = json.dumps(f'{{"name": {json.dumps(function.get("name"))}, "arguments": ')
        arguments = {**parameters, "x-guidance": JSON_STYLE}
        rules.append(f"{head} %json {json.dumps(arguments)} \"}}\"")
    if not rules:
        raise OrchardError(f"tool_choice names the function {name!r}, which is not in 'tools'.")
    start = json.dumps(fmt.start + "\n")
    end = json.dumps("\n" + fmt.end)
    calls = "\n".join(f"call_{k}: {rule}" for k, rule in enumerate(rules))
    choice = " | ".join(f"call_{k}" for k in range(len(rules)))
    return f"start: {start} call {end}\ncall: {choice}\n{calls}\n"


__all__ = ["JSON_TOOLS", "ToolCallSplitter", "ToolFormat", "as_template_call",
           "forced_call_grammar",
           "supports_tools", "tool_format"]
