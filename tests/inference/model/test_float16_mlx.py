"""MLX folders saved in float16 run their residual stream in float32, as GGUF files do.

mlx-lm runs a model in its embedding's dtype, and Gemma 3 clips a float16 stream to
+-65504 (``clip_residual`` in mlx_lm's gemma3_text.py). Orchard's load_model starts the stream
in float32 and hands every float16 matmul float16 inputs (inference/gguf/precision.py): these
tests hold a float16 folder to a float32 computation of the same parameters, and check that
the weights and the KV cache keep their 16-bit dtypes (the memory estimate counts on it).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import mlx.core as mx
import numpy as np
import pytest
from mlx.utils import tree_flatten, tree_map
from mlx_lm.models.cache import make_prompt_cache

from inference.model.load import load_model
from inference.system import computes_on_cpu
from tests.inference.gguf.test_certify import kl_mean

TOKENS = list(range(3, 60))
#: Gemma's post-feed-forward norm scale in a few channels: the residual passes float16's
#: 65504 while each norm's own output still fits in float16 (a float16 model computes those
#: in float16 whatever Orchard does; mlx-lm, mlx-vlm and transformers alike).
BIG_NORM = 1.8e4
BIG_CHANNELS = 4


def _float16_folder(source: Path, dest: Path, *, big_norm: float = 0.0,
                    bits: int | None = None) -> Path:
    """``source`` (a tiny float32 folder) saved in float16, then quantized to ``bits``."""
    shutil.copytree(source, dest)
    weights = cast(dict[str, mx.array], mx.load(str(dest / "model.safetensors")))
    config = json.loads((dest / "config.json").read_text())
    if big_norm:
        for layer in range(config["num_hidden_layers"]):
            name = f"model.layers.{layer}.post_feedforward_layernorm.weight"
            scale = np.array(weights[name])
            scale[:BIG_CHANNELS] = big_norm
            weights[name] = mx.array(scale)
    weights = {k: v.astype(mx.float16) for k, v in weights.items()}
    config["torch_dtype"] = "float16"
    mx.save_safetensors(str(dest / "model.safetensors"), weights, metadata={"format": "mlx"})
    (dest / "config.json").write_text(json.dumps(config))
    if bits is not None:
        from mlx_lm.utils import load_model as mlx_load_model
        from mlx_lm.utils import quantize_model, save_config, save_model

        model, config = mlx_load_model(dest)
        model, config = quantize_model(model, config, 64, bits)
        (dest / "model.safetensors").unlink()
        save_model(dest, model)
        save_config(config, dest / "config.json")
    return dest


@pytest.fixture(scope="module")
def gemma3_float16(
    tiny_mlx_model: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[int | None], Path]:
    """The tiny Gemma 3 in float16 (quantized to ``bits``) with a residual past 65504."""
    made: dict[int | None, Path] = {}

    def make(bits: int | None) -> Path:
        if bits not in made:
            made[bits] = _float16_folder(
                tiny_mlx_model("gemma3"), tmp_path_factory.mktemp("gemma3-f16") / "model",
                big_norm=BIG_NORM, bits=bits)
        return made[bits]

    return make


def _logits(model: Any) -> np.ndarray:
    return np.array(model(mx.array([TOKENS]))[0].astype(mx.float32))


def _in_float32(model: Any) -> None:
    """Cast every float parameter to float32 in place (packed weights stay as they are)."""
    model.update(tree_map(
        lambda a: a.astype(mx.float32) if mx.issubdtype(a.dtype, mx.floating) else a,
        model.parameters()))


def _dtypes(model: Any) -> dict[str, mx.Dtype]:
    return {name: a.dtype for name, a in tree_flatten(model.parameters())}


def test_a_float16_gemma3_folder_is_not_clipped(
    gemma3_float16: Callable[[int | None], Path],
) -> None:
    model = load_model(gemma3_float16(None), check_memory=False).model
    got = _logits(model)
    _in_float32(model)
    exact = _logits(model)
    # measured before the fix (mlx-lm's float16 stream, clipped): KL 2.8e-5, logits off
    # by up to 0.12; after: 1.6e-6 and 0.023
    assert kl_mean(exact, got) <= 1e-5
    assert np.abs(exact - got).max() <= 0.1


@pytest.mark.parametrize("bits", [None, 4, 8])
def test_weights_and_the_kv_cache_keep_their_float16_dtypes(
    bits: int | None, gemma3_float16: Callable[[int | None], Path],
) -> None:
    from mlx_lm.utils import load_model as mlx_load_model

    folder = gemma3_float16(bits)
    plain, _ = mlx_load_model(folder)
    model = load_model(folder, check_memory=False).model
    expected = _dtypes(plain)
    if computes_on_cpu():  # there quantized products run in float32: their scales, once
        expected = {name: mx.float32 if name.endswith((".scales", ".biases")) else dtype
                    for name, dtype in expected.items()}
    assert _dtypes(model) == expected  # nothing else widened: memory as before
    embed = model.model.embed_tokens
    assert embed(mx.array([TOKENS])).dtype == mx.float32  # the stream starts float32
    cache = make_prompt_cache(model)
    logits = model(mx.array([TOKENS]), cache=cache)
    assert logits.dtype == mx.float16
    assert all(c.keys.dtype == mx.float16 and c.values.dtype == mx.float16 for c in cache)
    assert bool(mx.isfinite(logits).all())


def test_a_float16_llama_folder_generates_the_tokens_it_did(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path,
) -> None:
    from mlx_lm.generate import generate_step
    from mlx_lm.utils import load_model as mlx_load_model

    folder = _float16_folder(tiny_mlx_model("llama"), tmp_path / "llama-f16")

    def greedy(model: Any) -> list[int]:
        steps = generate_step(mx.array(TOKENS[:12]), model, max_tokens=24)
        return [int(token) for token, _ in steps]

    plain, _ = mlx_load_model(folder)
    assert greedy(load_model(folder, check_memory=False).model) == greedy(plain)


def test_a_bfloat16_model_is_left_as_mlx_lm_loads_it(
    tiny_mlx_model: Callable[..., Path],
) -> None:
    from mlx_lm.utils import load_model as mlx_load_model

    from inference.gguf.precision import float32_stream

    model, _ = mlx_load_model(tiny_mlx_model("llama"))
    model.set_dtype(mx.bfloat16)
    assert not float32_stream(model)
    assert type(model.model.embed_tokens).__name__ == "Embedding"
