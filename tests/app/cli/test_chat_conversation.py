"""``orchard chat --conversation NAME``: the window's saved conversations from the terminal,
continued where they were left (each new turn reads only its own tokens, also in a new
process), listed with ``--list``; and ``--kv-bits``."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from inference.store import ConversationStore

SYSTEM = "You answer questions about orchards, apples, pears and the seasons, briefly."


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def chat(capsys: pytest.CaptureFixture[str], model: Path, name: str, text: str,
         *extra: str) -> dict:
    code, out, err = run(capsys, "chat", "-m", model, "--conversation", name, "-p", text,
                         "--temp", "0", "--max-tokens", "5", "--json", *extra)
    assert code == 0, err
    assert "Traceback" not in err
    (line,) = out.strip().splitlines()
    return dict(json.loads(line))


@pytest.fixture()
def gguf(tiny_gguf: Callable[..., Path]) -> Path:
    return tiny_gguf("llama")


def test_a_conversation_is_saved_listed_and_continued_with_its_cache(
    capsys: pytest.CaptureFixture[str], gguf: Path,
) -> None:
    first = chat(capsys, gguf, "apples", "What grows in an orchard?", "--system", SYSTEM)
    assert first["cached_tokens"] == 0
    # a second run (a new process would do the same: the cache comes from disk)
    second = chat(capsys, gguf, "apples", "And in winter?")
    assert second["cached_tokens"] >= first["prompt_tokens"]  # all of the first turn
    # only what the conversation gained since (the reply, the new message): never the start
    assert (second["prompt_tokens"] - second["cached_tokens"]
            <= second["prompt_tokens"] - first["prompt_tokens"])

    store = ConversationStore()
    (conv,) = store.list_conversations()
    assert conv.title == "apples" and conv.message_count == 4
    messages = store.messages(conv.id)
    assert [m.role for m in messages] == ["user", "assistant"] * 2
    assert messages[0].content == "What grows in an orchard?"
    assert messages[-1].stats is not None
    assert messages[-1].stats["cached_tokens"] == second["cached_tokens"]
    # the system prompt it was started with stays with it (the window shows it too)
    assert store.conversation(conv.id).settings["system_prompt"] == SYSTEM
    store.close()

    code, out, err = run(capsys, "chat", "--list")
    assert code == 0, err
    assert out.startswith("apples\t4 messages\t")
    code, out, _ = run(capsys, "chat", "--list", "--json")
    assert json.loads(out)[0]["title"] == "apples"


def test_a_conversation_started_in_the_window_is_continued_in_the_terminal(
    capsys: pytest.CaptureFixture[str], gguf: Path,
) -> None:
    store = ConversationStore()
    cid = store.create_conversation("From the window", str(gguf),
                                    {"system_prompt": "Be brief.", "context_length": 512})
    store.add_message(cid, "user", "hello")
    store.add_message(cid, "assistant", "hi there", stats={"dropped_turns": 0})
    store.close()
    stats = chat(capsys, gguf, "From the window", "how are you?")
    assert stats["prompt_tokens"] > 0
    store = ConversationStore()
    assert [m.content for m in store.messages(cid)][:3] == ["hello", "hi there", "how are you?"]
    assert len(store.list_conversations()) == 1  # continued, not a second one
    store.close()


def test_the_repl_saves_each_turn_and_refuses_reset(
    capsys: pytest.CaptureFixture[str], gguf: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi\n/reset\n/regenerate\n/quit\n"))
    code, out, err = run(capsys, "chat", "-m", gguf, "--conversation", "repl", "--temp", "0",
                         "--max-tokens", "4")
    assert code == 0, err
    assert "/reset would leave the saved conversation" in err
    store = ConversationStore()
    (conv,) = store.list_conversations()
    # the regenerate replaced the first reply: one user message, one reply
    assert [m.role for m in store.messages(conv.id)] == ["user", "assistant"]
    store.close()


def test_a_message_too_long_for_the_context_is_not_saved(
    capsys: pytest.CaptureFixture[str], gguf: Path,
) -> None:
    code, _, err = run(capsys, "chat", "-m", gguf, "--conversation", "short", "--ctx", "64",
                       "-p", "word " * 80)
    assert code == 2 and "context" in err and "Traceback" not in err
    store = ConversationStore()
    (conv,) = store.list_conversations()
    assert store.messages(conv.id) == []
    store.close()


def test_kv_bits_chat_and_a_clear_sentence_for_a_model_that_cannot(
    capsys: pytest.CaptureFixture[str], tiny_gguf: Callable[..., Path], gguf: Path,
) -> None:
    wide = tiny_gguf("llama", "F32", wide=True)
    code, out, err = run(capsys, "chat", "-m", wide, "-p", "hi", "--temp", "0",
                         "--max-tokens", "4", "--json", "--kv-bits", "4")
    assert code == 0, err
    assert json.loads(out)["generation_tokens"] >= 1
    code, _, err = run(capsys, "chat", "-m", gguf, "-p", "hi", "--kv-bits", "8")
    assert code == 2 and "cannot quantize" in err and "Traceback" not in err
    code, _, err = run(capsys, "chat", "--conversation", "x")
    assert code == 2 and "-m/--model" in err


def test_a_file_attached_in_the_terminal_is_kept_with_the_saved_conversation(
    capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Quinces\nThey ripen in October.\n")
    chat(capsys, gguf, "files", "When do they ripen?", "--attach", str(notes))
    with ConversationStore() as store:
        (conv,) = [c for c in store.list_conversations() if c.title == "files"]
        first = store.messages(conv.id)[0]
        assert first.content == "When do they ripen?"
        assert [(a.name, a.kind) for a in first.attachments] == [("notes.md", "markdown")]
    # the next turn is sent the file again as part of the conversation: its prompt is longer
    # than the same conversation's without the file
    with_file = chat(capsys, gguf, "files", "And where?")
    chat(capsys, gguf, "no files", "When do they ripen?")
    without = chat(capsys, gguf, "no files", "And where?")
    assert with_file["prompt_tokens"] > without["prompt_tokens"] + 5
