"""One reply's tool calls in the window (app/gui/chat/tool_round.py), with a host that answers
at once: the limit of calls per message, a tool the model was not offered, a call already
allowed "always", a long result's card, and servers that did not start said in one sentence.
The window's own test (test_tool_calls.py) runs the same round against a real MCP server."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.gui import notify
from app.gui.chat.tool_round import ToolBox, ToolRound
from app.gui.chat.transcript import TranscriptView
from app.gui.settings import AppSettings
from inference.store import ConversationStore
from inference.tools.config import ServerSpec, default_config_path, save_config
from inference.tools.host import Tool, ToolResult
from inference.types import Message

ADD = Tool(server="calc", name="add", remote_name="add", description="Add",
           input_schema={"type": "object"}, remote=False)


def call(n: int, name: str = "add") -> dict[str, Any]:
    return {"id": f"call_{n}", "type": "function",
            "function": {"name": name, "arguments": {"a": n, "b": 1}}}


class Host:
    """Answers every call at once, with ``text``; says ``problems`` when started."""

    def __init__(self, specs: list[ServerSpec], *, call_timeout: float = 60.0,
                 text: str = "ok", problems: dict[str, str] | None = None) -> None:
        self.text = text
        self._problems = problems or {}
        self.calls: list[str] = []

    def start(self) -> dict[str, str]:
        return dict(self._problems)

    def tools(self) -> list[Tool]:
        return [ADD]

    def call(self, name: str, arguments: dict[str, Any], *,
             cancel: threading.Event | None = None, timeout: float | None = None) -> ToolResult:
        self.calls.append(name)
        cut = len(self.text) > 100
        return ToolResult(self.text[:100] + ("\n[… cut]" if cut else ""), False, cut, 0.01)

    def close(self) -> None:
        pass


@pytest.fixture()
def store() -> Any:
    s = ConversationStore()
    yield s
    s.close()


def box_with(qtbot: QtBot, settings: AppSettings, **host: Any) -> ToolBox:
    save_config(default_config_path(), [ServerSpec("calc", "calc-server")])
    made: list[Host] = []

    def factory(specs: list[ServerSpec], **kw: Any) -> Host:
        made.append(Host(specs, **kw, **host))
        return made[-1]

    box = ToolBox(settings, host_factory=factory)  # type: ignore[arg-type]
    with qtbot.waitSignal(box.changed, timeout=10_000):
        box.restart()
    qtbot.waitUntil(lambda: box.host is not None, timeout=10_000)
    return box


def run_round(qtbot: QtBot, box: ToolBox, store: Any, calls: list[dict[str, Any]],
              history: list[Message]) -> tuple[bool, TranscriptView, int]:
    view = TranscriptView()
    qtbot.addWidget(view)
    cid = store.create_conversation("sums")
    round_ = ToolRound(store=store, transcript=view, box=box, parent=view, cid=cid,
                       calls=calls, history=history)
    with qtbot.waitSignal(round_.done, timeout=10_000) as done:
        round_.start()
    return bool(done.args[0]), view, cid


def test_calls_past_the_limit_are_not_run_and_the_model_answers_from_the_rest(
        qtbot: QtBot, store: Any) -> None:
    settings = AppSettings(tools_enabled=True, tool_steps=2, tools_always=["calc/add"])
    box = box_with(qtbot, settings)
    calls = [call(1), call(2), call(3)]
    history = [Message("user", "sum"), Message("assistant", "", tool_calls=calls)]
    go_on, view, cid = run_round(qtbot, box, store, calls, history)
    assert go_on  # once more, from the two results it has
    states = [m.tool["state"] for m in store.messages(cid) if m.role == "tool"]
    assert states == ["ran", "ran", "limit"]
    assert box.host.calls == ["add", "add"]  # type: ignore[union-attr]
    assert "not run: the limit of calls was reached" in view.toPlainText()


def test_a_round_wholly_past_the_limit_ends_the_calls(qtbot: QtBot, store: Any) -> None:
    settings = AppSettings(tools_enabled=True, tool_steps=1, tools_always=["calc/add"])
    box = box_with(qtbot, settings)
    earlier, calls = [call(1)], [call(2)]
    history = [Message("user", "sum"), Message("assistant", "", tool_calls=earlier),
               Message("tool", "2"), Message("assistant", "", tool_calls=calls)]
    go_on, _, cid = run_round(qtbot, box, store, calls, history)
    assert not go_on
    assert [m.tool["state"] for m in store.messages(cid) if m.role == "tool"] == ["limit"]
    assert box.host.calls == []  # type: ignore[union-attr]


def test_tools_restarted_during_a_round_fail_its_calls_in_words(qtbot: QtBot,
                                                                store: Any) -> None:
    box = box_with(qtbot, AppSettings(tools_enabled=True, tools_always=["calc/add"]))
    box.host = None  # Settings ▸ Tools pressed OK: the servers are starting again
    calls = [call(1)]
    go_on, _, cid = run_round(qtbot, box, store, calls,
                              [Message("user", "x"), Message("assistant", "", tool_calls=calls)])
    (tool,) = [m for m in store.messages(cid) if m.role == "tool"]
    assert tool.tool["state"] == "failed" and "restarted" in tool.content
    assert go_on


def test_a_tool_not_offered_is_told_and_the_model_goes_on(qtbot: QtBot, store: Any) -> None:
    box = box_with(qtbot, AppSettings(tools_enabled=True))
    calls = [call(1, "rm")]
    go_on, view, cid = run_round(qtbot, box, store, calls,
                                 [Message("user", "x"), Message("assistant", "", tool_calls=calls)])
    assert go_on
    (tool,) = [m for m in store.messages(cid) if m.role == "tool"]
    assert tool.tool["state"] == "unknown" and "There is no tool named 'rm'." == tool.content
    assert "no such tool" in view.toPlainText()


def test_a_long_result_is_cut_and_its_card_says_so(qtbot: QtBot, store: Any) -> None:
    box = box_with(qtbot, AppSettings(tools_enabled=True, tools_always=["calc/add"]),
                   text="x" * 5000)
    calls = [call(1)]
    _, view, cid = run_round(qtbot, box, store, calls,
                             [Message("user", "x"), Message("assistant", "", tool_calls=calls)])
    (tool,) = [m for m in store.messages(cid) if m.role == "tool"]
    assert tool.tool["cut"] and tool.content.endswith("[… cut]")
    assert "output cut to fit" in view.toPlainText()


def test_tools_off_offer_nothing_and_a_server_that_did_not_start_is_one_sentence(
        qtbot: QtBot) -> None:
    said: list[tuple[str, str]] = []

    def heard(level: str, text: str) -> None:
        said.append((level, text))

    notify.bus.posted.connect(heard)
    try:
        box = box_with(qtbot, AppSettings(tools_enabled=True),
                       problems={"calc": "The tool server calc quit while starting."})
    finally:
        notify.bus.posted.disconnect(heard)
    assert said == [("warning", "The tool server calc quit while starting.")]
    assert box.offered() == [ADD]
    box.app_settings.tools_enabled = False
    assert box.offered() == []
