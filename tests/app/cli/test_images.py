"""``--image FILE`` (and ``--attach`` with an image) on ``orchard chat`` and ``orchard prompt``:
the images go with the first message to a vision model, are kept with a saved conversation,
and are shown by ``prompt`` with their size and tokens; a text model or a bad file is one
sentence, never a traceback."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from inference.attachments import read_image
from inference.store import ConversationStore

TEXT_ONLY = "reads text only, so it cannot see images; choose a vision model, or remove the images."


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str, fragment: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("orchard: ") and fragment in lines[0], err


@pytest.fixture()
def photo(tmp_path: Path, image_bytes: Callable[..., bytes]) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(image_bytes(40, 48))
    return path


@pytest.fixture()
def text_model(tiny_mlx_model: Callable[..., Path]) -> Path:
    return tiny_mlx_model("llama")


def test_chat_with_an_image_replies_and_keeps_it_in_the_conversation(
    capsys: pytest.CaptureFixture[str], tiny_vlm: Path, photo: Path
) -> None:
    code, out, err = run(capsys, "chat", "-m", tiny_vlm, "--image", photo, "--conversation",
                         "pictures", "-p", "What is this?", "--temp", "0", "--max-tokens", "4",
                         "--json")
    assert code == 0, err
    stats = json.loads(out.strip().splitlines()[-1])
    assert stats["generation_tokens"] >= 1
    code, out, err = run(capsys, "chat", "-m", tiny_vlm, "-p", "What is this?", "--temp", "0",
                         "--max-tokens", "4", "--json")
    assert code == 0, err
    assert stats["prompt_tokens"] > json.loads(out.strip().splitlines()[-1])["prompt_tokens"]

    store = ConversationStore()
    try:
        (conv,) = store.list_conversations()
        first, reply = store.messages(conv.id)
    finally:
        store.close()
    assert first.content == "What is this?"
    (kept,) = first.attachments
    assert (kept.name, kept.kind) == ("photo.png", "image")
    assert kept.data == read_image(photo).data
    assert first.as_message().images == (kept.data,)
    assert reply.role == "assistant"


def test_interactive_chat_sends_the_image_with_the_first_message_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tiny_vlm: Path,
    photo: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("What is this?\nAnd now?\n"))
    code, out, err = run(capsys, "chat", "-m", tiny_vlm, "--image", photo, "--conversation",
                         "talk", "--temp", "0", "--max-tokens", "3", "--json")
    assert code == 0, err
    assert len(out.strip().splitlines()) == 2
    store = ConversationStore()
    try:
        (conv,) = store.list_conversations()
        messages = store.messages(conv.id)
    finally:
        store.close()
    assert [len(m.attachments) for m in messages] == [1, 0, 0, 0]


def test_prompt_shows_the_placeholder_the_image_and_its_tokens(
    capsys: pytest.CaptureFixture[str], tiny_vlm: Path, photo: Path
) -> None:
    code, out, err = run(capsys, "prompt", "-m", tiny_vlm, "--image", photo, "What is this?")
    assert code == 0, err
    assert "⟦<|vision_start|>⟧⟦<|image_pad|>" in out
    (line,) = [x for x in out.splitlines() if x.startswith("--- image")]
    said = re.fullmatch(r"--- image 1: photo\.png, 40 × 48 pixels, (\d+) tokens", line)
    assert said is not None, line
    tokens = int(said.group(1))
    assert tokens >= 1
    assert re.search(rf"^--- \d+ tokens \({tokens} of them for images\), template: ", out, re.M)

    code, out, err = run(capsys, "prompt", "-m", tiny_vlm, "--image", photo, "--message",
                         "What is this?", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "<|vision_start|><|image_pad|><|vision_end|>What is this?" in data["prompt"]
    assert data["images"] == [{"name": "photo.png", "width": 40, "height": 48,
                               "tokens": tokens}]
    assert data["image_tokens"] == tokens
    assert len(data["ids"]) == data["tokens"]  # the images' tokens included
    # a run of one image token is marked once, with its count
    pads = f"⟦<|image_pad|>×{tokens}⟧" if tokens > 1 else "⟦<|image_pad|>⟧"
    assert f"⟦<|vision_start|>⟧{pads}⟦<|vision_end|>⟧What is this?" in data["marked"]


def test_attach_with_an_image_is_the_same_as_image(
    capsys: pytest.CaptureFixture[str], tiny_vlm: Path, photo: Path, tmp_path: Path,
    image_bytes: Callable[..., bytes]
) -> None:
    other = tmp_path / "other.jpg"
    other.write_bytes(image_bytes(64, 32, seed=1, fmt="JPEG"))
    notes = tmp_path / "notes.txt"
    notes.write_text("Prune in March.\n")
    shown = []
    both: list[list[str | Path]] = [["--image", photo, "--attach", notes, "--image", other],
                                    ["--attach", photo, "--attach", notes, "--attach", other]]
    for flags in both:
        code, out, err = run(capsys, "prompt", "-m", tiny_vlm, *flags, "Compare", "--json")
        assert code == 0, err
        shown.append(json.loads(out))
    assert shown[0] == shown[1]
    data = shown[0]
    # the images in the order given, the file's text in the message
    assert [(i["name"], i["width"], i["height"]) for i in data["images"]] == [
        ("photo.png", 40, 48), ("other.jpg", 64, 32)]
    assert data["prompt"].count("<|image_pad|>") == 2
    assert '<file name="notes.txt">\nPrune in March.' in data["prompt"]
    assert data["image_tokens"] == sum(i["tokens"] for i in data["images"])


@pytest.mark.parametrize("flag", ["--image", "--attach"])
def test_a_text_model_given_an_image_is_one_sentence(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text_model: Path,
    photo: Path, flag: str
) -> None:
    commands: list[list[str | Path]] = [["chat", "-m", text_model, "-p", "What is this?"],
                                        ["prompt", "-m", text_model, "What is this?"]]
    for command in commands:
        code, out, err = run(capsys, *command, flag, photo)
        assert code != 0 and out == ""
        one_line(err, f"mlx-llama {TEXT_ONLY}")
    # an interactive chat says so before the first line, not at every line
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi\nhello\n"))
    code, out, err = run(capsys, "chat", "-m", text_model, flag, photo)
    assert code != 0 and out == ""
    one_line(err, TEXT_ONLY)


@pytest.mark.parametrize(("name", "content", "said"), [
    ("missing.png", None, "cannot find missing.png"),
    ("notes.txt", b"just words\n", "notes.txt is not an image Orchard can read"),
    ("fake.png", b"\x89PNG\r\n\x1a\n broken", "fake.png is not an image Orchard can read"),
])
def test_an_image_that_cannot_be_read_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tiny_vlm: Path, tmp_path: Path, name: str,
    content: bytes | None, said: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    commands: list[list[str | Path]] = [["chat", "-m", tiny_vlm, "-p", "hi"],
                                        ["prompt", "-m", tiny_vlm, "hi"]]
    for command in commands:
        code, out, err = run(capsys, *command, "--image", path)
        assert code == 2 and out == ""
        one_line(err, said)


def test_prompt_takes_one_message(capsys: pytest.CaptureFixture[str], tiny_vlm: Path) -> None:
    code, out, err = run(capsys, "prompt", "-m", tiny_vlm)
    assert code == 2
    one_line(err, "prompt takes one message")
    code, out, err = run(capsys, "prompt", "-m", tiny_vlm, "--message", "a", "b")
    assert code == 2
    one_line(err, "not both")
