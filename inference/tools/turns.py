"""A reply's tool calls, one by one: which tool, the user's consent, the call, and what the
model and the store are given back. The front ends (the window, ``orchard chat --tools``)
share this; each asks for consent in its own way and runs the next reply itself.

A call's result goes to the model as the content of a ``tool`` message. It is data: the
prompt builder renders message content as plain text and never reads control tokens out of
it (inference.prompt.builder), so a tool that answers ``<|im_end|>`` cannot end a turn.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from inference.errors import OrchardError
from inference.tools.host import Tool, ToolError, ToolHost, ToolStopped
from inference.types import Message

#: How a call ended, as the store keeps it and the transcript's card says it.
RAN, TOOL_ERROR, FAILED, DENIED, STOPPED, LIMIT, UNKNOWN = (
    "ran", "error", "failed", "denied", "stopped", "limit", "unknown")


def arguments_of(call: dict[str, Any]) -> dict[str, Any]:
    """A call's arguments as an object (a template-shaped call has one; a JSON string is read)."""
    arguments = call.get("function", {}).get("arguments", {})
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            return {}
    return arguments if isinstance(arguments, dict) else {}


def name_of(call: dict[str, Any]) -> str:
    return str(call.get("function", {}).get("name", ""))


def consent_key(tool: Tool) -> str:
    """How an "Always for this tool" choice is kept: the server and the tool's own name."""
    return f"{tool.server}/{tool.remote_name}"


def calls_since_user(history: list[Message]) -> int:
    """How many tool calls the model has made since the user's last message."""
    count = 0
    for m in reversed(history):
        if m.role == "user":
            break
        if m.role == "assistant":
            count += len(m.tool_calls or [])
    return count


@dataclass(frozen=True)
class CallOutcome:
    """One call, done: the tool message the model is given and the record the store keeps
    with it (StoredMessage.tool)."""

    message: Message
    record: dict[str, Any]

    @property
    def state(self) -> str:
        return str(self.record["state"])


def _outcome(call: dict[str, Any], tool: Tool | None, content: str, state: str, *,
             seconds: float = 0.0, cut: bool = False) -> CallOutcome:
    name = name_of(call)
    record = {"id": call.get("id", ""), "name": name,
              "server": tool.server if tool is not None else "",
              "arguments": arguments_of(call), "state": state,
              "seconds": round(seconds, 3), "cut": cut}
    return CallOutcome(Message("tool", content, tool_call_id=str(call.get("id", "")),
                               name=name), record)


def find_tool(tools: list[Tool], call: dict[str, Any]) -> Tool | None:
    name = name_of(call)
    return next((t for t in tools if t.name == name), None)


def unknown(call: dict[str, Any]) -> CallOutcome:
    """The model called a tool it was not offered."""
    return _outcome(call, None, f"There is no tool named {name_of(call)!r}.", UNKNOWN)


def denied(call: dict[str, Any], tool: Tool) -> CallOutcome:
    return _outcome(call, tool, "The user did not allow this call.", DENIED)


def stopped(call: dict[str, Any], tool: Tool | None) -> CallOutcome:
    """The user stopped the round before this call was made."""
    return _outcome(call, tool, "The user stopped this call.", STOPPED)


def failed(call: dict[str, Any], tool: Tool, sentence: str) -> CallOutcome:
    """The call could not be made (``sentence`` says why)."""
    return _outcome(call, tool, f"The call failed: {sentence}", FAILED)


def over_limit(call: dict[str, Any], tool: Tool | None, limit: int) -> CallOutcome:
    return _outcome(call, tool, f"Not run: at most {limit} tool calls are made for one "
                                "message.", LIMIT)


def run(host: ToolHost, call: dict[str, Any], tool: Tool, *,
        cancel: threading.Event | None = None, timeout: float | None = None) -> CallOutcome:
    """Make the call (the user allowed it). A call that fails or is stopped still ends in an
    outcome: the model is told in one sentence, and the conversation keeps the call."""
    start = time.perf_counter()
    try:
        result = host.call(tool.name, arguments_of(call), cancel=cancel, timeout=timeout)
    except ToolStopped:
        return _outcome(call, tool, "The user stopped this call.", STOPPED,
                        seconds=time.perf_counter() - start)
    except (ToolError, OrchardError) as exc:
        return _outcome(call, tool, f"The call failed: {exc}", FAILED,
                        seconds=time.perf_counter() - start)
    return _outcome(call, tool, result.text, TOOL_ERROR if result.is_error else RAN,
                    seconds=result.seconds, cut=result.cut)


__all__ = ["DENIED", "FAILED", "LIMIT", "RAN", "STOPPED", "TOOL_ERROR", "UNKNOWN",
           "CallOutcome", "arguments_of", "calls_since_user", "consent_key", "denied",
           "failed", "find_tool", "name_of", "over_limit", "run", "stopped", "unknown"]
