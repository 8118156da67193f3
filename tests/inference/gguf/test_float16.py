"""Half-precision weights, float32 activations: what llama.cpp does with an F16 or BF16 file.

mlx-lm runs a model in its embedding's dtype. Gemma 3's blocks keep a float16 residual
stream in float16 and clip it to +-65504 (``clip_residual`` in mlx_lm's gemma3_text.py), so
a Gemma 3 whose residual grows past that (Gemma 3 270M does) read wrong at some positions
when its weights were float16: an F16 file, or any file through the converter (its scales
are float16). Orchard starts the stream in float32 (architectures._float32_stream); these
tests hold it to a float32 computation of the same values, made here independently of
Orchard's own reference path (the model's own parameters cast to float32).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import cast

import mlx.core as mx
import numpy as np
import pytest
from mlx.utils import tree_map

from inference.gguf.architectures import build_model
from inference.gguf.native import CONVERTED, NATIVE, library_problem
from inference.gguf.reader import read_gguf
from tests.fixtures.gguf_writer import write_gguf
from tests.inference.gguf.test_certify import TOKENS, kl_mean

#: Gemma's post-feed-forward norm scale in a few channels: the residual there passes
#: float16's 65504 (a trained Gemma 3 has such channels; the tiny one needs them made).
BIG_NORM = 3e4
BIG_CHANNELS = 4


@pytest.fixture(scope="module")
def overflowing_gemma3(
    tiny_mlx_model: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """The tiny Gemma 3 with a residual stream past float16's range, as GGUF of a type."""
    folder = tmp_path_factory.mktemp("gemma3-big") / "mlx"
    shutil.copytree(tiny_mlx_model("gemma3"), folder)
    weights = cast(dict[str, mx.array], mx.load(str(folder / "model.safetensors")))
    layers = json.loads((folder / "config.json").read_text())["num_hidden_layers"]
    for layer in range(layers):
        name = f"model.layers.{layer}.post_feedforward_layernorm.weight"
        scale = np.array(weights[name])
        scale[:BIG_CHANNELS] = BIG_NORM
        weights[name] = mx.array(scale)
    mx.save_safetensors(str(folder / "model.safetensors"), weights, metadata={"format": "mlx"})
    made: dict[str, Path] = {}

    def make(qtype: str) -> Path:
        if qtype not in made:
            made[qtype] = write_gguf(folder, folder.parent / f"gemma3-{qtype}.gguf", qtype=qtype)
        return made[qtype]

    return make


def _in_float32(model: object) -> None:
    """Cast every float parameter to float32 in place (packed weights stay as they are)."""
    model.update(tree_map(  # type: ignore[attr-defined]
        lambda a: a.astype(mx.float32) if mx.issubdtype(a.dtype, mx.floating) else a,
        model.parameters()))  # type: ignore[attr-defined]


def _logits(model: object) -> np.ndarray:
    out = model(mx.array([TOKENS]))  # type: ignore[operator]
    return np.array(out[0].astype(mx.float32))


@pytest.mark.parametrize(("qtype", "path"), [
    ("F16", None),  # the file's own F16 weights, on the path Orchard chooses
    ("F16", CONVERTED),
    ("Q8_0", CONVERTED),  # the converter's float16 scales made the whole stream float16
])
def test_a_gemma3_residual_past_the_float16_range_is_not_clipped(
    qtype: str, path: str | None, overflowing_gemma3: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if path == CONVERTED:
        monkeypatch.setenv("ORCHARD_GGUF_WEIGHTS", CONVERTED)
    model, _, used = build_model(read_gguf(overflowing_gemma3(qtype)))
    assert used == (path or (NATIVE if library_problem() is None else CONVERTED))
    got = _logits(model)
    _in_float32(model)
    exact = _logits(model)
    # measured before the fix: 2.7e-3 nats on all three, logits off by up to 0.9
    assert kl_mean(exact, got) <= 1e-5
    assert np.abs(exact - got).max() <= 0.1


def test_compare_json_says_which_weights_each_model_ran_on(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import argparse

    from app.cli import compare as cli_compare

    def run() -> list[str | None]:
        parser = argparse.ArgumentParser(prog="orchard")
        cli_compare.add_parser(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["compare", "-m", str(tiny_gguf("gemma3", "F16")),
                                  "-m", str(tiny_gguf("gemma3", "Q8_0")), "--text", "en",
                                  "--quality-tokens", "96", "--json"])
        assert cli_compare.run(args) == 0
        data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        return [m["weights"] for m in data["models"]]

    expected = NATIVE if library_problem() is None else CONVERTED
    assert run() == [expected, expected]
    monkeypatch.setenv("ORCHARD_GGUF_WEIGHTS", CONVERTED)
    monkeypatch.setenv("ORCHARD_HOME", str(tmp_path / "again"))  # nothing stored to reuse
    assert run() == [CONVERTED, CONVERTED]
