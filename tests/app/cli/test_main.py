"""The ``orchard`` command as a user runs it: JSON output of every command, and every error as
one line on stderr with exit code 2, never a traceback.

Most tests call ``app.cli.main.main`` in-process (fast); a few run the real executable to prove the
exit codes and stderr of a separate process.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main

REPO = Path(__file__).resolve().parents[3]
STATS_KEYS = {
    "text", "finish_reason", "prompt_tokens", "cached_tokens", "generation_tokens", "ttft_s",
    "prompt_tps", "generation_tps", "peak_memory_gb", "weights", "draft_tokens",
}
TEXT = (
    "The orchard was quiet in the early morning. Apples hung low on the branches, red and "
    "gold, and the grass was wet with dew.\n"
)


def _orchard_cmd() -> list[str]:
    script = Path(sys.executable).with_name("orchard")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "app.cli.main"]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_proc(
    *args: str | Path, stdin: str = "", env: dict[str, str] | None = None, module: bool = False
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "app.cli.main"] if module else _orchard_cmd()
    return subprocess.run(
        [*cmd, *map(str, args)], input=stdin, capture_output=True, text=True, timeout=120,
        cwd=REPO, env={**os.environ, **(env or {})},
    )


def assert_one_line_error(err: str, *fragments: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("orchard: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.strip().splitlines()]


@pytest.fixture()
def gguf(tiny_gguf: Callable[..., Path]) -> Path:
    return tiny_gguf("llama")


@pytest.fixture()
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "text.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


# --- errors: one line, exit 2 --------------------------------------------------------------------


def test_missing_model_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.gguf"
    proc = run_proc("chat", "-m", missing, "-p", "hi")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, str(missing))
    assert proc.stdout == ""


def test_random_bytes_named_gguf_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "x.gguf"
    path.write_bytes(os.urandom(4096))
    proc = run_proc("tokenize", "-m", path, "--text", "hi", module=True)
    assert proc.returncode == 2
    line = assert_one_line_error(proc.stderr, "x.gguf")
    assert "not a GGUF" in line or "not a valid GGUF" in line


def test_truncated_gguf_exits_2(
    capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path
) -> None:
    path = tmp_path / "truncated.gguf"
    path.write_bytes(gguf.read_bytes()[:1000])
    code, out, err = run_cli(capsys, "chat", "-m", path, "-p", "hi")
    assert code == 2
    assert out == ""
    line = assert_one_line_error(err, "truncated.gguf")
    assert "not a valid GGUF" in line or "truncated" in line


def _with_architecture(gguf: Path, dest: Path, arch: bytes) -> Path:
    data = gguf.read_bytes()
    key = data.index(b"general.architecture")
    at = data.index(b"llama", key)
    assert len(arch) == len(b"llama")  # same length: the string's length prefix stays right
    dest.write_bytes(data[:at] + arch + data[at + len(arch):])
    return dest


def test_unsupported_architecture_exits_2(gguf: Path, tmp_path: Path) -> None:
    path = _with_architecture(gguf, tmp_path / "mamba.gguf", b"mamba")
    proc = run_proc("chat", "-m", path, "-p", "hi", module=True)
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "unsupported architecture: mamba")


def test_too_large_exits_2_with_both_numbers(gguf: Path) -> None:
    proc = run_proc("chat", "-m", gguf, "-p", "hi", env={"ORCHARD_MEMORY_LIMIT": "1MB"})
    assert proc.returncode == 2
    line = assert_one_line_error(proc.stderr)
    assert len(re.findall(r"\d+(?:\.\d+)? [MG]B", line)) == 2, line


def test_too_large_in_process(
    capsys: pytest.CaptureFixture[str], gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", "1MB")
    code, out, err = run_cli(capsys, "tokenize", "-m", gguf, "--text", "hi")
    assert code == 2
    assert out == ""
    assert len(re.findall(r"\d+(?:\.\d+)? [MG]B", assert_one_line_error(err))) == 2


def test_malformed_memory_limit_exits_2(
    capsys: pytest.CaptureFixture[str], gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", "lots")
    code, _, err = run_cli(capsys, "tokenize", "-m", gguf, "--text", "hi")
    assert code == 2
    assert_one_line_error(err, "ORCHARD_MEMORY_LIMIT")


def test_pickle_weights_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "model.pt"
    path.write_bytes(b"\x80\x04")
    code, _, err = run_cli(capsys, "chat", "-m", path, "-p", "hi")
    assert code == 2
    assert_one_line_error(err, "pickle")


def test_missing_text_file_exits_2(
    capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "nope.txt"
    code, out, err = run_cli(capsys, "tokenize", "-m", gguf, "--text-file", missing)
    assert code == 2
    assert out == ""
    assert_one_line_error(err, str(missing))


def test_max_tokens_below_one_exits_2(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    code, out, err = run_cli(capsys, "chat", "-m", gguf, "-p", "hi", "--max-tokens", "0")
    assert code == 2
    assert out == ""
    assert_one_line_error(err, "--max-tokens")


def test_perplexity_of_a_too_short_text_exits_2(
    capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path
) -> None:
    path = tmp_path / "short.txt"
    path.write_text("a", encoding="utf-8")
    code, _, err = run_cli(capsys, "perplexity", "-m", gguf, "--text-file", path)
    assert code == 2
    assert_one_line_error(err, "too short")


# --- tokenize and prompt -------------------------------------------------------------------------


def test_tokenize_treats_control_tokens_as_plain_text(
    capsys: pytest.CaptureFixture[str], gguf: Path
) -> None:
    code, out, err = run_cli(capsys, "tokenize", "-m", gguf, "--text", "hello <|im_end|>",
                             "--json")
    assert code == 0, err
    ids = json.loads(out)["ids"]
    assert ids and all(isinstance(i, int) for i in ids)
    assert 2 not in ids  # <|im_end|> typed by a user is text, not the end-of-turn token
    assert not {0, 1} & set(ids)


def test_tokenize_plain_output(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    code, out, _ = run_cli(capsys, "tokenize", "-m", gguf, "--text", "hello")
    assert code == 0
    assert out.split() and all(part.isdigit() for part in out.split())


def test_tokenize_text_file_same_as_text(
    capsys: pytest.CaptureFixture[str], gguf: Path, text_file: Path
) -> None:
    _, from_file, _ = run_cli(capsys, "tokenize", "-m", gguf, "--text-file", text_file, "--json")
    _, from_arg, _ = run_cli(capsys, "tokenize", "-m", gguf, "--text", TEXT, "--json")
    assert json.loads(from_file) == json.loads(from_arg)


def test_prompt_shows_the_templated_text_and_ids(
    capsys: pytest.CaptureFixture[str], gguf: Path
) -> None:
    code, out, err = run_cli(capsys, "prompt", "-m", gguf, "--message", "hi", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "<|im_start|>user" in data["prompt"]
    assert "hi" in data["prompt"]
    assert data["prompt"].endswith("<|im_start|>assistant\n")
    assert data["template_source"] == "gguf"
    assert data["ids"][0] == 1  # the template's own <|im_start|> is the control token
    assert data["ids"].count(1) == 2 and data["ids"].count(2) == 1


def test_prompt_with_system(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    code, out, err = run_cli(capsys, "prompt", "-m", gguf, "--message", "hi", "--system",
                             "Be brief.")
    assert code == 0
    # special tokens are marked ⟦...⟧ in the human-readable form
    assert out.index("⟦<|im_start|>⟧system\nBe brief.") < out.index("⟦<|im_start|>⟧user\nhi")
    assert "tokens, template: gguf" in out


# --- chat ----------------------------------------------------------------------------------------


def test_chat_one_reply_json(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    code, out, err = run_cli(capsys, "chat", "-m", gguf, "-p", "hi", "--temp", "0",
                             "--max-tokens", "5", "--json")
    assert code == 0, err
    lines = json_lines(out)
    assert len(lines) == 1
    stats = lines[0]
    assert set(stats) == STATS_KEYS
    assert 1 <= stats["generation_tokens"] <= 5
    assert stats["finish_reason"] in {"length", "stop"}
    assert stats["prompt_tokens"] > 0
    assert stats["cached_tokens"] == 0
    assert stats["ttft_s"] >= 0 and stats["peak_memory_gb"] >= 0
    assert isinstance(stats["text"], str)
    from inference.gguf.native import library_problem

    assert stats["weights"] == ("native" if library_problem() is None else "converted")


def test_chat_json_says_when_the_converter_ran(
    capsys: pytest.CaptureFixture[str], gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORCHARD_GGUF_WEIGHTS", "converted")
    code, out, err = run_cli(capsys, "chat", "-m", gguf, "-p", "hi", "--temp", "0",
                             "--max-tokens", "2", "--json")
    assert code == 0, err
    assert json_lines(out)[0]["weights"] == "converted"
    assert "is converted at load time, not run as published (ORCHARD_GGUF_WEIGHTS=converted " \
           "is set)" in err


def test_chat_is_deterministic_at_temperature_zero(
    capsys: pytest.CaptureFixture[str], gguf: Path
) -> None:
    args = ("chat", "-m", gguf, "-p", "hi", "--temp", "0", "--max-tokens", "5", "--json")
    first = json_lines(run_cli(capsys, *args)[1])[0]
    second = json_lines(run_cli(capsys, *args)[1])[0]
    assert first["text"] == second["text"]


def test_chat_with_a_seed_repeats(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    args = ("chat", "-m", gguf, "-p", "hi", "--seed", "1", "--temp", "1.0", "--max-tokens", "5",
            "--json")
    first = json_lines(run_cli(capsys, *args)[1])[0]
    second = json_lines(run_cli(capsys, *args)[1])[0]
    assert first["text"] == second["text"]
    assert first["generation_tokens"] == second["generation_tokens"]


def test_chat_plain_output_is_the_reply(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    args = ("chat", "-m", gguf, "-p", "hi", "--temp", "0", "--max-tokens", "5")
    code, out, _ = run_cli(capsys, *args)
    assert code == 0
    reply = json_lines(run_cli(capsys, *args, "--json")[1])[0]["text"]
    assert out == reply + "\n"


def test_interactive_chat_reuses_the_cache(gguf: Path) -> None:
    proc = run_proc("chat", "-m", gguf, "--json", "--temp", "0", "--max-tokens", "4",
                    stdin="hi\nagain\n/quit\n")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    first, second = json_lines(proc.stdout)
    assert set(first) == set(second) == STATS_KEYS
    assert first["cached_tokens"] == 0
    assert second["prompt_tokens"] > first["prompt_tokens"]  # the history is sent again...
    assert second["cached_tokens"] >= first["prompt_tokens"]  # ...but all of turn one is cached
    # only the reply and the new turn are processed: the end of turn one and "again" as a user
    assert second["prompt_tokens"] - second["cached_tokens"] <= 40


def test_interactive_reset_and_quit(
    capsys: pytest.CaptureFixture[str], gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi\n\n/reset\nhi\n/quit\nnever sent\n"))
    code, out, err = run_cli(capsys, "chat", "-m", gguf, "--json", "--temp", "0",
                             "--max-tokens", "4")
    assert code == 0
    first, second = json_lines(out)  # the empty line and what follows /quit send nothing
    assert "(conversation cleared)" in err
    assert second["prompt_tokens"] == first["prompt_tokens"]  # history gone
    assert second["text"] == first["text"]


def test_interactive_chat_ends_at_end_of_input(
    capsys: pytest.CaptureFixture[str], gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi\n"))
    code, out, _ = run_cli(capsys, "chat", "-m", gguf, "--json", "--temp", "0",
                           "--max-tokens", "2")
    assert code == 0
    assert len(json_lines(out)) == 1


def test_chat_with_an_mlx_folder(
    capsys: pytest.CaptureFixture[str], tiny_mlx_model: Callable[..., Path]
) -> None:
    code, out, err = run_cli(capsys, "chat", "-m", tiny_mlx_model("llama"), "-p", "hi",
                             "--temp", "0", "--max-tokens", "3", "--json")
    assert code == 0, err
    stats = json_lines(out)[0]
    assert set(stats) == STATS_KEYS
    assert stats["generation_tokens"] <= 3


def test_mlx_folder_and_its_gguf_agree(
    capsys: pytest.CaptureFixture[str], tiny_mlx_model: Callable[..., Path], gguf: Path
) -> None:
    folder = tiny_mlx_model("llama")
    _, from_mlx, _ = run_cli(capsys, "prompt", "-m", folder, "--message", "hi", "--json")
    _, from_gguf, _ = run_cli(capsys, "prompt", "-m", gguf, "--message", "hi", "--json")
    mlx_prompt, gguf_prompt = json.loads(from_mlx), json.loads(from_gguf)
    assert mlx_prompt["prompt"] == gguf_prompt["prompt"]
    assert mlx_prompt["ids"] == gguf_prompt["ids"]
    assert mlx_prompt["template_source"] != "gguf"


# --- perplexity, bench, no command ---------------------------------------------------------------


def test_perplexity_json(capsys: pytest.CaptureFixture[str], gguf: Path, text_file: Path) -> None:
    code, out, err = run_cli(capsys, "perplexity", "-m", gguf, "--text-file", text_file, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert math.isfinite(data["ppl"]) and data["ppl"] > 1
    assert data["tokens"] > 0


def test_perplexity_of_mlx_folder_matches_its_gguf(
    capsys: pytest.CaptureFixture[str], tiny_mlx_model: Callable[..., Path], gguf: Path,
    text_file: Path,
) -> None:
    _, from_gguf, _ = run_cli(capsys, "perplexity", "-m", gguf, "--text-file", text_file, "--json")
    code, from_mlx, err = run_cli(capsys, "perplexity", "-m", tiny_mlx_model("llama"),
                                  "--text-file", text_file, "--json")
    assert code == 0, err
    a, b = json.loads(from_gguf), json.loads(from_mlx)
    assert a["tokens"] == b["tokens"]
    assert math.isclose(a["ppl"], b["ppl"], rel_tol=1e-3)


def test_perplexity_plain(capsys: pytest.CaptureFixture[str], gguf: Path, text_file: Path) -> None:
    code, out, _ = run_cli(capsys, "perplexity", "-m", gguf, "--text-file", text_file)
    assert code == 0
    assert re.fullmatch(r"perplexity \d+\.\d{4} over \d+ tokens\n", out)


def test_bench_json(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    code, out, err = run_cli(capsys, "bench", "-m", gguf, "--json", "--prompt-tokens", "16",
                             "--gen-tokens", "4")
    assert code == 0, err
    data = json.loads(out)
    for key in ("model", "quantization", "device", "machine", "load_s", "prompt_tokens",
                "ttft_s", "prompt_tps", "generation_tokens", "generation_tps",
                "peak_memory_gb"):
        assert key in data
    assert data["quantization"] == "F32"
    assert data["weights"] in ("native", "converted")
    assert data["prompt_tokens"] >= 16
    assert 1 <= data["generation_tokens"] <= 4
    assert data["load_s"] >= 0 and data["ttft_s"] >= 0


def test_no_command_starts_the_app(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.gui.main

    started: list[list[str]] = []
    monkeypatch.setattr(app.gui.main, "run_gui", lambda argv: started.append(argv) or 0)
    code, _, err = run_cli(capsys)
    assert code == 0 and len(started) == 1
    assert "Traceback" not in err


def test_self_test_flag_runs_the_self_test(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import app.gui.main

    seen: list[object] = []
    monkeypatch.setattr(app.gui.main, "run_self_test", lambda shot: seen.append(shot) or 0)
    code, _, _ = run_cli(capsys, "--self-test", "--screenshot", tmp_path / "s.png")
    assert code == 0 and seen == [tmp_path / "s.png"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_the_reply_and_keeps_the_chat(gguf: Path) -> None:
    """In an interactive chat, Ctrl+C (SIGINT) ends the current reply; the chat goes on."""
    import signal

    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "app.cli.main", "chat", "-m", str(gguf), "--temp", "1.0",
         "--seed", "3", "--max-tokens", "100000", "--stop", "NEVER-SEEN"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"tell me everything\n")
    proc.stdin.flush()
    proc.stdout.read(1)  # the reply has started streaming
    proc.send_signal(signal.SIGINT)
    proc.stdin.write(b"/quit\n")
    proc.stdin.flush()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert b"[stopped]" in out
    assert b"Traceback" not in err


def test_template_flag_uses_a_preset_for_one_run(
    capsys: pytest.CaptureFixture[str], gguf: Path
) -> None:
    code, out, err = run_cli(capsys, "prompt", "-m", gguf, "--message", "hi", "--template",
                             "alpaca", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["template_source"] == "preset:alpaca"
    assert "### Instruction:\nhi\n\n### Response:\n" in data["prompt"]
    code, _, err = run_cli(capsys, "prompt", "-m", gguf, "--message", "hi", "--template", "nope")
    assert code == 2
    assert_one_line_error(err, "neither a preset")


def test_interactive_regenerate(gguf: Path) -> None:
    out = run_proc("chat", "-m", gguf, "--temp", "0", "--max-tokens", "4", "--json",
                   stdin="/regenerate\nhello\n/regenerate\n/quit\n")
    assert out.returncode == 0, out.stderr
    lines = json_lines(out.stdout)
    assert len(lines) == 2  # nothing to regenerate at first: a note, and the chat goes on
    assert "regenerate" in out.stderr
    assert lines[1]["cached_tokens"] == lines[1]["prompt_tokens"] - 1


# --- hostile arguments (each was a traceback) ------------------------------------------------


@pytest.mark.parametrize(("args", "fragment"), [
    (["--top-k", "10000000"], "top-k must be from 0 (off) to 1048576, not 10000000."),
    (["--min-p", "2"], "min-p must be from 0 to 1, not 2.0."),
    # the bounds are the declared ones (inference.settings_schema), the same at every door
    (["--repeat-penalty", "-1"], "The repetition penalty must be from 0.01 to 10"),
    (["--temp", "nan"], "The temperature must be 0 (greedy) or from 0.001 to 2, not nan."),
    (["--temp", "1e-300"], "The temperature must be 0 (greedy)"),
    (["--seed", "-5"], "The seed must be from 0 to"),
])
def test_out_of_range_sampling_is_one_line_before_loading(
    capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    code, out, err = run_cli(capsys, "chat", "-m", "/nonexistent.gguf", "-p", "hi", *args)
    assert code == 2
    assert_one_line_error(err, fragment)


def test_seed_minus_one_means_random(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    code, _, err = run_cli(capsys, "chat", "-m", gguf, "-p", "hi", "--seed", "-1",
                           "--max-tokens", "2")
    assert code == 0, err


def test_undecodable_arguments_are_one_line(gguf: Path) -> None:
    bad = os.fsdecode(b"caf\xe9")  # Latin-1 bytes in a UTF-8 terminal
    for args, what in ((["chat", "-m", gguf, "-p", bad], "The prompt (-p)"),
                       (["chat", "-m", gguf, "-p", "hi", "--system", bad], "--system"),
                       (["tokenize", "-m", gguf, "--text", bad], "--text"),
                       (["prompt", "-m", gguf, "--message", bad], "--message")):
        proc = run_proc(*args)
        assert proc.returncode == 2, proc.stderr
        assert_one_line_error(proc.stderr, f"{what} is not valid UTF-8 text.")


def test_an_undecodable_line_on_stdin_does_not_end_the_chat(gguf: Path) -> None:
    cmd = [*_orchard_cmd(), "chat", "-m", str(gguf), "--max-tokens", "2", "--temp", "0"]
    proc = subprocess.run(cmd, input=b"caf\xe9\nhello\n", capture_output=True, timeout=120,
                          cwd=REPO)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "That line is not valid UTF-8 text." in err and "Traceback" not in err
    assert proc.stdout.strip()  # the next line was answered


def test_tokenize_refuses_an_endless_file(capsys: pytest.CaptureFixture[str], gguf: Path) -> None:
    code, _, err = run_cli(capsys, "tokenize", "-m", gguf, "--text-file", "/dev/zero")
    assert code == 2
    assert_one_line_error(err, "/dev/zero is not a regular file.")


def test_a_template_that_renders_nothing_is_one_line(
    capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.jinja"
    empty.write_text("{% if false %}never{% endif %}", encoding="utf-8")
    code, _, err = run_cli(capsys, "chat", "-m", gguf, "-p", "hi", "--template", empty)
    assert code == 2
    assert_one_line_error(err, "chat template produced an empty prompt; choose another template.")


def test_unknown_slash_commands_are_not_sent_to_the_model(gguf: Path) -> None:
    cmd = [*_orchard_cmd(), "chat", "-m", str(gguf), "--max-tokens", "2", "--temp", "0",
           "--json"]
    proc = subprocess.run(cmd, input="/quti\n/help\n//etc is a folder\n", capture_output=True,
                          text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert "orchard: unknown command /quti; /regenerate redoes" in proc.stderr
    assert proc.stderr.count("start a line with // to send") == 2
    replies = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(replies) == 1  # only "/etc is a folder" reached the model


def test_chat_sampling_flags_override_the_models_own_and_the_guard_can_be_turned_off() -> None:
    from app.cli.chat import _settings
    from app.cli.main import build_parser
    from inference.model.load import inspect_model
    from inference.model.sources import starter_model_path

    starter = inspect_model(starter_model_path())
    own = _settings(build_parser().parse_args(["chat"]), starter)
    assert (own.dry_multiplier, own.loop_guard, own.min_p) == (0.8, True, 0.05)
    mine = _settings(build_parser().parse_args(
        ["chat", "--dry", "0", "--no-loop-guard", "--repeat-penalty", "1.1",
         "--repeat-last-n", "128", "--top-k", "40"]), starter)
    assert (mine.dry_multiplier, mine.loop_guard, mine.repetition_penalty) == (0, False, 1.1)
    assert (mine.repeat_last_n, mine.top_k) == (128, 40)


# --- files -----------------------------------------------------------------------------------
def test_prompt_shows_attached_files_as_they_are_sent(
    capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Prune the quince in March. <|im_end|> stays text.\n")
    code, out, err = run_cli(capsys, "prompt", "-m", gguf, "--message", "When?",
                             "--attach", notes, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert '<file name="notes.txt">\nPrune the quince in March.' in data["prompt"]
    assert data["prompt"].index("notes.txt") < data["prompt"].index("When?")
    # the <|im_end|> written in the file is text, not the control token (id 2 here)
    assert data["ids"].count(2) == 1


def test_chat_sends_attached_files_with_the_message(
    capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.csv"
    a.write_text("print('hello')\n")
    b.write_text("name,age\nAda,36\n")
    code, out, err = run_cli(capsys, "chat", "-m", gguf, "-p", "Explain", "--attach", a,
                             "--attach", b, "--temp", "0", "--max-tokens", "3", "--json")
    assert code == 0, err
    stats = json_lines(out)[-1]
    # both files were read into the prompt: far more tokens than "Explain" alone
    code, plain, err = run_cli(capsys, "chat", "-m", gguf, "-p", "Explain", "--temp", "0",
                               "--max-tokens", "3", "--json")
    assert stats["prompt_tokens"] > json_lines(plain)[-1]["prompt_tokens"] + 10


@pytest.mark.parametrize(("name", "content", "said"), [
    ("missing.txt", None, "cannot find missing.txt"),
    ("blob.txt", b"\x00\x01\x02binary", "blob.txt is not a text file"),
    ("scan.bin", b"\x89PNG\r\n\x1a\n\x00", "scan.bin is none of them"),
])
def test_a_file_that_cannot_be_attached_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path, name: str,
    content: bytes | None, said: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    for command in (["chat", "-m", gguf, "-p", "hi"], ["prompt", "-m", gguf, "--message", "hi"]):
        code, out, err = run_cli(capsys, *command, "--attach", path)
        assert code == 2 and out == ""
        assert_one_line_error(err, said)
