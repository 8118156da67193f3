"""``orchard models ...`` as a user runs it, against a loopback Hub: JSON output, progress on
stderr, one-line errors with exit code 2, and a chat with the pulled model."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from app.cli import models as cli_models
from app.cli.main import main as orchard_main
from tests.fixtures.fake_hub import GATED_REPO, GGUF_REPO, FakeHub


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_models.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, fragment: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("orchard: ") and fragment in lines[0], err


def test_search_json(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "tiny", "--format", "gguf", "--sort", "likes", "--json")
    assert code == 0
    assert [r["repo"] for r in json.loads(out)] == [GGUF_REPO]


def test_files_json_and_text(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "files", GGUF_REPO, "--ctx", "512", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "gguf"
    assert {o["quant"] for o in data["options"]} == {"Q4_0", "Q8_0", "F16", "Q6_K"}
    assert all(o["context"] == 512 and o["verdict"] in ("fits", "tight", "will not fit")
               for o in data["options"])
    code, out, _ = run(capsys, "files", GGUF_REPO)
    assert code == 0 and "Q8_0" in out and "needs" in out


def test_pull_list_chat_rm(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "pull", GGUF_REPO, "--quant", "Q8_0", "--json")
    assert code == 0, err
    entry = json.loads(out)
    assert entry["id"] == "owner/tiny:Q8_0" and not entry["missing"]
    assert "done" in err and "100%" in err  # progress lines on stderr (not a TTY here)

    code, out, _ = run(capsys, "list", "--json")
    assert [e["id"] for e in json.loads(out)] == ["owner/tiny:Q8_0"]

    code = orchard_main(["chat", "-m", "owner/tiny:Q8_0", "-p", "hi", "--max-tokens", "3",
                         "--json", "--seed", "0"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out.strip().splitlines()[-1])["generation_tokens"] >= 1

    code, out, _ = run(capsys, "rm", "owner/tiny:Q8_0", "--json")
    assert code == 0 and json.loads(out)["freed_bytes"] == entry["size_bytes"]
    code, out, _ = run(capsys, "list")
    assert "No models yet" in out


def test_list_names_a_paused_pull_and_how_to_resume_it(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading

    from inference.hub import downloads

    stop = threading.Event()
    stop.set()
    with pytest.raises(downloads.DownloadCancelled):
        downloads.pull(GGUF_REPO, quant="F16", cancel=stop)
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert f"paused: {GGUF_REPO} · tiny-F16.gguf" in out
    assert f"`orchard models pull {GGUF_REPO} --file tiny-F16.gguf` resumes it" in out
    code, out, err = run(capsys, "pull", GGUF_REPO, "--file", "tiny-F16.gguf")
    assert code == 0, err
    code, out, _ = run(capsys, "list")
    assert "paused" not in out and "owner/tiny:F16" in out


def test_add_reference(tiny_gguf: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "add", str(tiny_gguf("llama", "Q4_0")))
    assert code == 0 and "nothing was copied" in out


@pytest.mark.parametrize(("args", "fragment"), [
    (("pull", "owner/nope"), "No model repository named owner/nope"),
    (("pull", GATED_REPO, "--quant", "Q8_0"), "is gated"),
    (("pull", GGUF_REPO, "--quant", "Q3_K_S"), "has no Q3_K_S files"),
    (("rm", "owner/none"), "No model owner/none in the library"),
    (("files", "not a repo"), "not a Hub repository name"),
])
def test_errors_are_one_line(hub: FakeHub, capsys: pytest.CaptureFixture[str],
                             args: tuple[str, ...], fragment: str) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    one_line_error(err, fragment)


def test_progress_line_on_a_terminal() -> None:
    from inference.hub.downloads import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    line = cli_models.ProgressLine(stream)
    line(Progress("a.gguf", 50, 100, 50, 100, 2_000_000.0, 3.0, "downloading"))
    line(Progress("", 100, 100, 100, 100, 2_000_000.0, 0.0, "done"))
    text = stream.getvalue()
    assert text.count("\r") == 2 and "50%" in text and "ETA 3s" in text and text.endswith("\n")


def test_registers_under_orchard() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="orchard")
    cli_models.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["models", "pull", "o/r", "--quant", "Q4_K_M"])
    assert args.command == "models" and args.models_command == "pull" and args.quant == "Q4_K_M"


def test_add_on_a_full_disk_is_one_line_and_exit_2(
        tiny_gguf: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """It printed a traceback and exited 1 (issue 30, item 5)."""
    import errno
    import os

    from inference.model import library

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    code = orchard_main(["models", "add", str(tiny_gguf("llama", "Q4_0"))])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"orchard: The disk holding {library.index_path().parent} is full, so Orchard could "
        "not save the model library; free some space and try again."]
    assert not list(library.index_path().parent.glob("*.tmp"))  # its temp file went too


def test_a_full_disk_no_command_words_is_still_one_line_and_exit_2(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import errno
    import os

    def full(args: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/data/x.json")

    import app.cli.main as cli_main

    monkeypatch.setitem(cli_main.COMMANDS, "models", full)
    code = orchard_main(["models", "list"])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines() == ["orchard: The disk holding /data is full, so Orchard could not "
                                "save what it was writing; free some space and try again."]
