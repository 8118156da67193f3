"""One call of a reply, as every front end makes it (inference.tools.turns): the tool message
the model is given and the record the conversation keeps, for each way a call can end."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from inference.tools import turns
from inference.tools.host import Tool, ToolError, ToolResult, ToolStopped
from inference.types import Message

ADD = Tool(server="calc", name="add", remote_name="add", description="Add two numbers",
           input_schema={"type": "object"}, remote=False)
CALL = {"id": "call_1", "type": "function",
        "function": {"name": "add", "arguments": {"a": 2, "b": 3}}}


class Host:
    """A ToolHost that answers each call with ``answer`` (a ToolResult, or raises it)."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls: list[tuple[str, dict[str, Any], float | None]] = []

    def call(self, name: str, arguments: dict[str, Any], *,
             cancel: threading.Event | None = None, timeout: float | None = None) -> ToolResult:
        self.calls.append((name, arguments, timeout))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer  # type: ignore[no-any-return]


def test_a_call_that_ran_gives_the_model_its_text_and_keeps_the_call() -> None:
    host = Host(ToolResult(text="5", is_error=False, cut=False, seconds=0.25))
    outcome = turns.run(host, CALL, ADD, timeout=7)  # type: ignore[arg-type]
    assert host.calls == [("add", {"a": 2, "b": 3}, 7)]
    assert outcome.message == Message("tool", "5", tool_call_id="call_1", name="add")
    assert outcome.record == {"id": "call_1", "name": "add", "server": "calc",
                              "arguments": {"a": 2, "b": 3}, "state": "ran",
                              "seconds": 0.25, "cut": False}


@pytest.mark.parametrize(("answer", "state", "says"), [
    (ToolResult(text="division by zero", is_error=True, cut=False, seconds=0.1), "error",
     "division by zero"),
    (ToolResult(text="x" * 10 + "\n[… cut]", is_error=False, cut=True, seconds=0.1), "ran",
     "[… cut]"),
    (ToolError("The tool add did not answer within 5 seconds; its server was stopped."),
     "failed", "The call failed: The tool add did not answer within 5 seconds"),
    (ToolStopped("stopped"), "stopped", "The user stopped this call."),
])
def test_every_end_of_a_call_is_told_to_the_model_in_words(answer: Any, state: str,
                                                            says: str) -> None:
    outcome = turns.run(Host(answer), CALL, ADD)  # type: ignore[arg-type]
    assert outcome.state == state
    assert says in outcome.message.content
    assert outcome.message.tool_call_id == "call_1"


def test_calls_not_made_are_told_too() -> None:
    assert turns.denied(CALL, ADD).message.content == "The user did not allow this call."
    assert turns.unknown({**CALL, "function": {"name": "rm", "arguments": {}}}).state == "unknown"
    limit = turns.over_limit(CALL, ADD, 3)
    assert limit.state == "limit" and "at most 3 tool calls" in limit.message.content


def test_the_calls_since_the_users_message_are_counted_for_the_limit() -> None:
    two = [CALL, {**CALL, "id": "call_2"}]
    history = [Message("user", "a"), Message("assistant", "", tool_calls=[CALL]),
               Message("tool", "5"), Message("user", "b"),
               Message("assistant", "", tool_calls=two), Message("tool", "5"),
               Message("tool", "5"), Message("assistant", "", tool_calls=[CALL])]
    assert turns.calls_since_user(history) == 3


def test_arguments_are_read_from_either_shape() -> None:
    assert turns.arguments_of({"function": {"arguments": '{"a": 1}'}}) == {"a": 1}
    assert turns.arguments_of({"function": {"arguments": "not json"}}) == {}
    assert turns.consent_key(ADD) == "calc/add"
