"""``--draft MODEL``: speculative decoding from the terminal, same greedy reply, the draft's
kept tokens in the stats; a draft of another tokenizer is one sentence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main


def reply(capsys: pytest.CaptureFixture[str], model: Path, *extra: str | Path
          ) -> tuple[int, dict, str]:
    code = main(["chat", "-m", str(model), "-p", "Tell me about apples.", "--temp", "0",
                 "--max-tokens", "16", "--no-loop-guard", "--json", *map(str, extra)])
    out, err = capsys.readouterr()
    return code, (json.loads(out.strip().splitlines()[-1]) if code == 0 else {}), err


def test_chat_with_a_draft_gives_the_same_greedy_reply(
        capsys: pytest.CaptureFixture[str], tiny_mlx_model: Callable[..., Path]) -> None:
    model = tiny_mlx_model("qwen2")
    code, alone, _ = reply(capsys, model)
    assert code == 0 and alone["draft_tokens"] == 0
    code, drafted, err = reply(capsys, model, "--draft", model)
    assert code == 0, err
    assert drafted["text"] == alone["text"] and drafted["draft_tokens"] > 0


def test_a_draft_with_another_tokenizer_is_one_sentence(
        capsys: pytest.CaptureFixture[str], tiny_mlx_model: Callable[..., Path],
        starter_gguf: Path) -> None:
    code, _, err = reply(capsys, tiny_mlx_model("qwen2"), "--draft", starter_gguf)
    assert code != 0 and "their tokenizers differ" in err and "Traceback" not in err
