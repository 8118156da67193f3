"""Tools in the window, end to end: the user's MCP server (the tests' own, over stdio) offered
to a real engine's tiny model, a call asked for in the consent dialog (allowed once, always,
or denied), made, shown as a card, saved with the conversation, and the model going on from
its result; Stop during a call that hangs, and a server that crashes.

"The model must call a tool" is on, so the model's first step is a call a grammar writes:
the tiny random model's own choices never decide what these tests see.
"""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.chat.worker import InferenceWorker
from app.gui.settings import AppSettings
from app.gui.tools.consent import ConsentDialog
from app.gui.window import MainWindow
from inference.store import ConversationStore
from inference.tools.config import default_config_path

WAIT = 120_000


@pytest.fixture()
def window(qtbot: QtBot, tiny_tool_model: Path, tmp_path: Path,
           mcp_config: Callable[..., dict[str, Any]],
           request: pytest.FixtureRequest) -> Iterator[MainWindow]:
    # the user's tools: the test server, with one of its tools switched on
    path = default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(mcp_config(tmp_path, getattr(request, "param", "add"))),
                    encoding="utf-8")
    settings = AppSettings(model=str(tiny_tool_model), added_models=[str(tiny_tool_model)],
                           welcomed=True, tools_enabled=True, tool_first="required",
                           tool_timeout_s=30.0)
    settings.defaults = dataclasses.replace(settings.defaults, max_tokens=120, temperature=0.8,
                                            seed=3)
    worker = InferenceWorker()
    store = ConversationStore()
    w = MainWindow(store, worker, settings)
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.model_info is not None, timeout=WAIT)
        qtbot.waitUntil(lambda: bool(w.tools.offered()), timeout=WAIT)
        yield w
    finally:
        w.controller.stop()
        w.close()
        worker.close()
        store.close()
        gc.collect()


def send(qtbot: QtBot, w: MainWindow, text: str) -> None:
    w.composer.edit.setPlainText(text)
    qtbot.keyClick(w.composer.edit, Qt.Key.Key_Return)


def consent(qtbot: QtBot, w: MainWindow) -> ConsentDialog:
    def asked() -> bool:
        r = w.controller.tool_round
        return r is not None and r.dialog is not None and r.dialog.isVisible()
    qtbot.waitUntil(asked, timeout=WAIT)
    dialog = w.controller.tool_round.dialog  # type: ignore[union-attr]
    assert dialog is not None
    return dialog


def idle(qtbot: QtBot, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: w.controller.pending is None and w.controller.tool_round is None
                    and w.composer.button.text() == "Send", timeout=WAIT)


def saved(w: MainWindow) -> list:
    assert w.controller.conversation_id is not None
    return w.store.messages(w.controller.conversation_id)


def test_allowed_once_the_call_is_made_shown_saved_and_the_model_goes_on(
        qtbot: QtBot, window: MainWindow) -> None:
    w = window
    send(qtbot, w, "What is 2 + 3?")
    dialog = consent(qtbot, w)
    assert '"a":' in dialog.arguments.toPlainText()  # what the tool would be sent
    qtbot.mouseClick(dialog.allow, Qt.MouseButton.LeftButton)
    idle(qtbot, w)
    messages = saved(w)
    assert [m.role for m in messages][:4] == ["user", "assistant", "tool", "assistant"]
    call = messages[1].tool["calls"][0]
    arguments = call["function"]["arguments"]
    record = messages[2].tool
    assert record["state"] == "ran" and record["name"] == "add" and record["server"] == "calc"
    assert float(messages[2].content) == pytest.approx(arguments["a"] + arguments["b"])
    # the card: the tool, its server, how it ended, its arguments and its result
    text = w.transcript.toPlainText()
    assert "Calls add" in text  # under the reply that made the call
    assert "add · calc · allowed" in text and "Result" in text
    assert messages[2].content in text
    assert not w.app_settings.tools_always  # once is once


def test_denied_the_model_is_told_and_goes_on(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    send(qtbot, w, "What is 2 + 3?")
    qtbot.mouseClick(consent(qtbot, w).deny, Qt.MouseButton.LeftButton)
    idle(qtbot, w)
    messages = saved(w)
    assert [m.role for m in messages][:4] == ["user", "assistant", "tool", "assistant"]
    assert messages[2].tool["state"] == "denied"
    assert messages[2].content == "The user did not allow this call."
    assert "add · calc · denied" in w.transcript.toPlainText()


def test_always_is_kept_and_the_next_call_is_not_asked(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    w = window
    send(qtbot, w, "What is 2 + 3?")
    qtbot.mouseClick(consent(qtbot, w).always, Qt.MouseButton.LeftButton)
    idle(qtbot, w)
    assert AppSettings.load().tools_always == ["calc/add"]
    send(qtbot, w, "And 4 + 4?")
    idle(qtbot, w)  # no dialog: it would have kept the round open
    tools = [m for m in saved(w) if m.role == "tool"]
    assert [t.tool["state"] for t in tools] == ["ran", "ran"]


@pytest.mark.parametrize("window", ["hang"], indirect=True)
def test_stop_ends_a_call_that_hangs_and_the_model_does_not_go_on(
        qtbot: QtBot, window: MainWindow) -> None:
    w = window
    send(qtbot, w, "Wait for me.")
    qtbot.mouseClick(consent(qtbot, w).allow, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Running hang" in w.live_label.text(), timeout=WAIT)
    assert w.composer.button.text() == "Stop"  # offered while the call runs
    qtbot.mouseClick(w.composer.button, Qt.MouseButton.LeftButton)
    idle(qtbot, w)
    messages = saved(w)
    assert [m.role for m in messages] == ["user", "assistant", "tool"]
    assert messages[2].tool["state"] == "stopped"


@pytest.mark.parametrize("window", ["crash"], indirect=True)
def test_a_server_that_crashes_ends_the_call_in_one_sentence(
        qtbot: QtBot, window: MainWindow) -> None:
    w = window
    send(qtbot, w, "Crash, please.")
    qtbot.mouseClick(consent(qtbot, w).allow, Qt.MouseButton.LeftButton)
    idle(qtbot, w)
    tool = next(m for m in saved(w) if m.role == "tool")
    assert tool.tool["state"] == "failed"
    assert tool.content.startswith("The call failed: ") and "Traceback" not in tool.content
    assert "failed" in w.transcript.toPlainText()


def test_a_reply_stopped_once_its_call_was_written_makes_no_call(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import inference.session as session_module

    w = window
    real = session_module.ToolCallSplitter.feed

    def feed(self: Any, text: str) -> tuple[str, list[dict[str, Any]]]:
        shown, done = real(self, text)
        if done and w.controller.pending is not None:  # Stop, the moment the call is written
            w.controller.pending.stop.set()  # type: ignore[union-attr]
        return shown, done

    monkeypatch.setattr(session_module.ToolCallSplitter, "feed", feed)
    send(qtbot, w, "What is 2 + 3?")
    idle(qtbot, w)
    messages = saved(w)
    assert [m.role for m in messages] == ["user", "assistant", "tool"]
    assert messages[2].tool["state"] == "stopped"  # kept with its call, never asked or made


def test_no_message_action_while_the_calls_are_made(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    send(qtbot, w, "What is 2 + 3?")
    dialog = consent(qtbot, w)
    reply = saved(w)[1]
    round_ = w.controller.tool_round
    for action in ("regenerate", "continue", "delete"):
        w.controller.message_action(action, reply.id)
    assert w.controller.tool_round is round_ and w.controller.pending is None
    assert [m.id for m in saved(w)] == [m.id for m in saved(w)[:2]]  # nothing changed
    qtbot.mouseClick(dialog.deny, Qt.MouseButton.LeftButton)
    idle(qtbot, w)


def test_deleting_the_conversation_stops_its_calls_and_closes_it(
        qtbot: QtBot, window: MainWindow) -> None:
    w = window
    send(qtbot, w, "What is 2 + 3?")
    consent(qtbot, w)
    cid = w.controller.conversation_id
    assert cid is not None
    w._delete(cid)
    idle(qtbot, w)
    qtbot.waitUntil(lambda: w.controller.conversation_id is None, timeout=WAIT)
    roles = [m.role for m in w.store.messages(cid)]
    assert roles == ["user", "assistant", "tool"]  # no reply after the stopped call
    assert w.store.messages(cid)[2].tool["state"] == "stopped"


def test_a_reply_that_called_tools_is_deleted_with_their_results(
        qtbot: QtBot, window: MainWindow) -> None:
    from app.gui.chat.transcript import actions_for

    w = window
    send(qtbot, w, "What is 2 + 3?")
    qtbot.mouseClick(consent(qtbot, w).deny, Qt.MouseButton.LeftButton)
    idle(qtbot, w)
    user, reply, tool, *rest = saved(w)
    assert "delete" not in actions_for(w.transcript.messages()[2])  # a result goes with its call
    w.controller.message_action("delete", tool.id)
    assert len(saved(w)) == 3 + len(rest)  # nothing: the result cannot go alone
    questions: list[str] = []
    w.controller.confirm = lambda box: (questions.append(box.text()),  # type: ignore[method-assign]
                                        box.buttons()[-1])[1]
    w.controller.message_action("delete", reply.id)
    assert questions == ["Delete this reply and the results of its tool calls? They cannot be "
                         "brought back."]
    assert [m.id for m in saved(w)] == [user.id] + [m.id for m in rest]
