"""Sampling defaults: the model's own generation_config.json, else by the model's size."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from inference.model.defaults import USUAL, recommended
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

