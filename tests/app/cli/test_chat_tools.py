"""``orchard chat --tools CONFIG``: the tools of the MCP servers in a config file other hosts
read too, each call asked for on the terminal (or allowed with ``--yes``), its result given to
the model, which goes on; the calls are kept with a saved conversation.

The model is a tiny random-weight Qwen 2 with Qwen 2.5's tool template; ``--tool-first``
makes its first step a call (a grammar writes it), so each call here is forced, never luck.
The server is the tests' own MCP server (tests/inference/tools/mcp_server.py), over stdio.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from inference.store import ConversationStore


@pytest.fixture()
def config(tmp_path: Path, mcp_config: Callable[..., dict[str, Any]]) -> Callable[..., Path]:
    """The user's --tools file: the test server, with one tool enabled."""
    def make(only: str = "add") -> Path:
        root = tmp_path / "files"
        root.mkdir(exist_ok=True)
        path = tmp_path / "mcp.json"
        path.write_text(json.dumps(mcp_config(root, only)), encoding="utf-8")
        return path
    return make


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def ask(capsys: pytest.CaptureFixture[str], model: Path, tools: Path, *extra: str
        ) -> tuple[int, str, str]:
    return run(capsys, "chat", "-m", model, "--tools", tools, "--tool-first",
               "-p", "What is 2 + 3?", "--conversation", "sums", "--temp", "0.8", "--seed", "3",
               "--max-tokens", "120", *extra)


def saved() -> list:
    store = ConversationStore()
    try:
        (conv,) = store.list_conversations()
        return store.messages(conv.id)
    finally:
        store.close()


def test_with_yes_the_call_is_made_its_result_goes_in_and_all_of_it_is_saved(
        capsys: pytest.CaptureFixture[str], tiny_tool_model: Path,
        config: Callable[..., Path]) -> None:
    code, out, err = ask(capsys, tiny_tool_model, config(), "--yes")
    assert code == 0, err
    assert "Traceback" not in err
    assert "[tool add(" in err and ": ran," in err
    messages = saved()
    roles = [m.role for m in messages]
    assert roles[:4] == ["user", "assistant", "tool", "assistant"]
    call = messages[1].tool["calls"][0]
    assert call["function"]["name"] == "add"
    a, b = call["function"]["arguments"]["a"], call["function"]["arguments"]["b"]
    record = messages[2].tool
    assert record["state"] == "ran" and record["server"] == "calc" and record["name"] == "add"
    assert float(messages[2].content) == pytest.approx(a + b)  # the server's own answer
    # the conversation, read back, is what the model is sent next time: call and result
    back = messages[2].as_message()
    assert back.role == "tool" and back.tool_call_id == call["id"]
    assert messages[1].as_message().tool_calls == [call]


def test_without_a_terminal_or_yes_a_call_is_not_allowed_and_says_how(
        capsys: pytest.CaptureFixture[str], tiny_tool_model: Path,
        config: Callable[..., Path]) -> None:
    code, _, err = ask(capsys, tiny_tool_model, config())
    assert code == 0, err
    assert "not allowed (no terminal to ask on: run with --yes" in err
    tool = next(m for m in saved() if m.role == "tool")
    assert tool.tool["state"] == "denied"
    assert tool.content == "The user did not allow this call."


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "state"), [("o\n", "ran"), ("d\n", "denied"),
                                               ("a\n", "ran")])
def test_on_a_terminal_each_call_is_asked_for(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tiny_tool_model: Path, config: Callable[..., Path], answer: str, state: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    code, _, err = ask(capsys, tiny_tool_model, config(), "--tool-steps", "1")
    assert code == 0, err
    assert "Allow add with {" in err and "[o]nce, [a]lways for this tool, [d]eny" in err
    tool = next(m for m in saved() if m.role == "tool")
    assert tool.tool["state"] == state


def test_a_config_that_cannot_be_read_is_one_sentence_and_exit_2(
        capsys: pytest.CaptureFixture[str], tiny_tool_model: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "chat", "-m", tiny_tool_model, "--tools", broken, "-p", "hi")
    assert code == 2
    assert err.startswith("orchard: ") and "Traceback" not in err
    assert str(broken) in err or broken.name in err
    code, _, err = run(capsys, "chat", "-m", tiny_tool_model, "--yes", "-p", "hi")
    assert code == 2 and "--yes and --tool-first go with --tools CONFIG." in err


def test_a_model_without_tools_says_so_and_answers(
        capsys: pytest.CaptureFixture[str], tiny_mlx_model: Callable[..., Path],
        config: Callable[..., Path]) -> None:
    code, out, err = run(capsys, "chat", "-m", tiny_mlx_model("llama"), "--tools",
                         config(), "--yes", "-p", "Hi", "--max-tokens", "4")
    assert code == 0, err
    assert "was not made for tool use" in err
    assert out.strip()


class _CtrlC(_Terminal):
    def readline(self, size: int = -1) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_at_the_question_stops_that_call_and_the_chat_goes_on(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tiny_tool_model: Path, config: Callable[..., Path]) -> None:
    monkeypatch.setattr(sys, "stdin", _CtrlC())
    code, _, err = ask(capsys, tiny_tool_model, config())
    assert code == 0, err
    assert "add: Add two numbers." in err  # what the tool says it does, before the question
    assert "the tool calls stopped here; send a message to go on." in err
    assert [m.role for m in saved()] == ["user", "assistant", "tool"]
    assert saved()[2].tool["state"] == "stopped"


def test_text_from_a_tool_cannot_drive_the_terminal() -> None:
    from app.cli.chat import printable

    assert printable("5\x1b[2J\x1b]0;owned\x07\rAllow? \x9b") == "5[2J]0;ownedAllow? "
    assert printable("line one\n\tline two") == "line one\n\tline two"
