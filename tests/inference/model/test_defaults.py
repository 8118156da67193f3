"""Sampling defaults: the model's own generation_config.json, else by the model's size."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from inference.model.defaults import USUAL, recommended, settle
from inference.model.load import inspect_model
from inference.model.sources import starter_model_path


def test_the_starter_is_met_cool() -> None:
    """A 135M model rambles at 0.7; the size rule gives it SmolLM2's own 0.2 / 0.9."""
    own = recommended(inspect_model(starter_model_path()))
    assert (own.temperature, own.top_p, own.source) == (0.2, 0.9, "size")


def test_a_folder_with_a_generation_config_uses_it(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "m"
    shutil.copytree(tiny_mlx_model("llama"), folder)
    (folder / "generation_config.json").write_text(json.dumps(
        {"do_sample": True, "temperature": 0.6, "top_p": 0.95}))
    own = recommended(inspect_model(folder))
    assert (own.temperature, own.top_p, own.source) == (0.6, 0.95, "generation_config.json")
    (folder / "generation_config.json").write_text(json.dumps({"temperature": "hot"}))
    assert recommended(inspect_model(folder)).source == "size"  # nonsense is ignored


def test_large_models_keep_the_usual_defaults() -> None:
    class Info:
        format, quantization, path = "gguf", "Q4_K_M", Path("big.gguf")
        weights_bytes = 4_700_000_000  # an 8B at about 4.85 bits a weight

    own = recommended(Info())
    assert (own.temperature, own.top_p) == USUAL



def test_a_gguf_with_its_publishers_sampling_uses_it(
    tiny_gguf: Callable[..., Path], tmp_path: Path
) -> None:
    """llama.cpp's general.sampling.* keys are the GGUF's generation_config.json; a model that
    names its own repetition penalty gets no DRY on top, and nonsense values are ignored."""
    import gguf

    from tests.fixtures.gguf_edit import edit_gguf, typed

    f32 = gguf.GGUFValueType.FLOAT32
    path = edit_gguf(tiny_gguf("qwen3", "F32"), tmp_path / "own.gguf", {
        "general.sampling.temp": typed(0.6, f32), "general.sampling.top_p": typed(0.95, f32),
        "general.sampling.top_k": 20, "general.sampling.min_p": typed(0.0, f32),
        "general.sampling.penalty_repeat": typed(1.05, f32),
        "general.sampling.penalty_last_n": typed("many", gguf.GGUFValueType.STRING),
    })
    own = recommended(inspect_model(path))
    assert own.source == "GGUF metadata"
    assert (own.temperature, own.top_k, own.min_p, own.repeat_last_n) == (
        pytest.approx(0.6), 20, 0.0, 64)
    assert (own.repetition_penalty, own.dry_multiplier) == (pytest.approx(1.05), 0.0)
    settled = settle(inspect_model(path), temperature=None, top_k=40)
    assert settled["top_k"] == 40 and settled["temperature"] == pytest.approx(0.6)


def test_small_models_start_with_dry_and_min_p() -> None:
    own = recommended(inspect_model(starter_model_path()))
    assert (own.dry_multiplier, own.min_p, own.repetition_penalty) == (0.8, 0.05, 1.0)
