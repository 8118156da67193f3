"""A GGUF written from an MLX model (as llama.cpp's converter would) gives that model's logits.

Both load paths: native (mlx-kquant runs the file's own bytes; the default wherever it can)
and the converter (the fallback; ``weights="converted"``). tests/inference/gguf/test_certify.py
certifies every type llama.cpp writes against llama.cpp itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mlx.core as mx
import mlx.nn as nn
import numpy as np
import pytest
from mlx_lm.utils import load_model as mlx_load_model

from inference.errors import UnsupportedModelError
from inference.gguf.architectures import build_model
from inference.gguf.native import CONVERTED, NATIVE, REFERENCE, library_problem
from inference.gguf.reader import read_gguf
from inference.gguf.weights import nearest_mlx_bits

ARCHS = ["llama", "qwen2", "qwen3", "phi3", "gemma2", "gptneox", "gemma3", "qwen3moe"]
needs_kquant = pytest.mark.skipif(
    library_problem() is not None, reason=f"mlx-kquant cannot run here: {library_problem()}"
)
TOKENS = mx.array([[1, 17, 250, 33, 99, 5, 300, 2, 41, 7, 120, 64]])


def _logits(model: nn.Module) -> np.ndarray:
    return np.array(model(TOKENS).astype(mx.float32))


def _reference(folder: Path) -> np.ndarray:
    model, _ = mlx_load_model(folder)
    return _logits(model)


def _gguf_logits(
    path: Path, *, exact: bool = False, weights: str | None = CONVERTED
) -> tuple[np.ndarray, nn.Module]:
    model, _, used = build_model(read_gguf(path), exact=exact, weights=weights)
    if weights is not None:
        assert used == weights
    return _logits(model), model


def _q8_reference(arch: str, path: Path, tiny_mlx_model: Callable[..., Path]) -> np.ndarray:
    """The float model's logits; for a mixture of experts, the file's exact values instead:
    8-bit rounding moves a few of its router's near-ties to another expert, which changes
    those tokens' outputs by far more than the rounding itself."""
    if arch == "qwen3moe":
        return _gguf_logits(path, weights=REFERENCE)[0]
    return _reference(tiny_mlx_model(arch))


def _kquant_modules(model: nn.Module) -> dict[str, str]:
    return {name: m.kquant_type for name, m in model.named_modules()
            if getattr(m, "mode", None) == "kquant"}


def _rel_err(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).max() / np.abs(b).max())


def _top1(a: np.ndarray, b: np.ndarray) -> float:
    return float((a.argmax(-1) == b.argmax(-1)).mean())


@pytest.mark.parametrize("weights", [NATIVE, CONVERTED])
@pytest.mark.parametrize("arch", ARCHS)
def test_f32_gguf_gives_the_mlx_models_logits(
    arch: str, weights: str, tiny_mlx_model: Callable[..., Path], tiny_gguf: Callable[..., Path]
) -> None:
    ref = _reference(tiny_mlx_model(arch))
    got, _ = _gguf_logits(tiny_gguf(arch, "F32"), weights=weights)
    assert got.shape == ref.shape
    assert _rel_err(got, ref) < 1e-4


@needs_kquant
@pytest.mark.parametrize("arch", ARCHS)
def test_q8_0_runs_as_published_through_mlx_kquant(
    arch: str, tiny_mlx_model: Callable[..., Path], tiny_gguf: Callable[..., Path]
) -> None:
    path = tiny_gguf(arch, "Q8_0")
    ref = _q8_reference(arch, path, tiny_mlx_model)
    got, model = _gguf_logits(path, weights=None)  # the default path
    assert _rel_err(got, ref) < 0.03
    # every quantized tensor of the file is a kquant module of its own codec, none affine
    f = read_gguf(path)
    n_quantized = sum(1 for t in f.tensors.values() if t.type_name == "Q8_0")
    codecs = _kquant_modules(model)
    assert len(codecs) == n_quantized and set(codecs.values()) == {"q8_0"}
    assert not any(isinstance(m, nn.QuantizedLinear) for _, m in model.named_modules())


@pytest.mark.parametrize("arch", ARCHS)
def test_q8_0_converts_to_mlx_8_bit_when_it_must(
    arch: str, tiny_mlx_model: Callable[..., Path], tiny_gguf: Callable[..., Path]
) -> None:
    path = tiny_gguf(arch, "Q8_0")
    ref = _q8_reference(arch, path, tiny_mlx_model)
    got, model = _gguf_logits(path)
    assert _rel_err(got, ref) < 0.03
    quantized = [m for _, m in model.named_modules() if isinstance(m, nn.QuantizedLinear)]
    assert quantized and all(m.bits == 8 and m.group_size == 32 for m in quantized)


@pytest.mark.parametrize("qtype", ["F16", "BF16"])
def test_half_precision_files_load_close_to_the_reference(
    qtype: str, tiny_mlx_model: Callable[..., Path], tiny_gguf: Callable[..., Path]
) -> None:
    ref = _reference(tiny_mlx_model("llama"))
    got, _ = _gguf_logits(tiny_gguf("llama", qtype))
    assert _rel_err(got, ref) < 0.02


@pytest.mark.parametrize("qtype", ["Q4_0", "Q4_1", "Q5_0"])
def test_quantized_files_compute_what_gguf_py_dequantizes(
    qtype: str, tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Repacked (Q4_0, Q4_1) or dequantized (Q5_0) weights equal gguf-py's reading of them."""
    path = tiny_gguf("llama", qtype)
    got, _ = _gguf_logits(path)  # default: repacked (Q4_0, Q4_1) or moved onto MLX's grid (Q5_0)
    import inference.gguf.weights as gw

    monkeypatch.setattr(gw, "REPACKED_TYPES", set())  # every tensor through gguf-py's dequantize
    via_gguf_py, model = _gguf_logits(path, exact=True)
    assert not any(isinstance(m, nn.QuantizedLinear) for _, m in model.named_modules())
    assert _rel_err(got, via_gguf_py) < 2e-3


@pytest.mark.parametrize("qtype", ["Q4_K", "Q6_K", "mixed_q4_k_m"])
def test_k_quants_requantize_by_default_and_stay_exact_on_request(
    qtype: str, tiny_mlx_model: Callable[..., Path], tiny_gguf: Callable[..., Path]
) -> None:
    ref = _reference(tiny_mlx_model("llama", wide=True))
    path = tiny_gguf("llama", qtype, wide=True)
    exact, exact_model = _gguf_logits(path, exact=True)
    default, default_model = _gguf_logits(path)
    # exact: the dequantized values as float16, no MLX quantized layers at all
    assert not any(isinstance(m, nn.QuantizedLinear) for _, m in exact_model.named_modules())
    # random tiny weights make 4-bit error large; the real check is default vs exact below
    assert _rel_err(exact, ref) < (0.15 if qtype == "Q6_K" else 0.6)
    # default: re-quantized to MLX's nearest width, memory close to the file
    bits = {m.bits for _, m in default_model.named_modules() if isinstance(m, nn.QuantizedLinear)}
    assert bits and bits <= {4, 6, 8}
    # Q4_K groups move onto MLX's grid without loss; Q6_K's 16-value groups are re-quantized
    assert _rel_err(default, exact) < (5e-3 if qtype == "Q4_K" else 0.2)


@needs_kquant
def test_a_mixed_file_runs_each_tensor_in_its_own_codec(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama", "mixed_q4_k_m", wide=True)
    f = read_gguf(path)
    _, model = _gguf_logits(path, weights=NATIVE)
    codecs = _kquant_modules(model)
    for name, t in f.tensors.items():
        if t.type_name in ("F32", "F16"):
            continue
        module = {"token_embd.weight": "model.embed_tokens", "output.weight": "lm_head"}.get(
            name) or "model.layers.0." + {
            "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
            "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj",
            "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj",
        }[name.split(".")[2]]
        assert codecs[module] == t.type_name.lower(), name
    assert {"q4_k", "q6_k"} <= set(codecs.values())


def test_mixed_file_keeps_each_tensors_own_width(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama", "mixed_q4_k_m", wide=True)
    f = read_gguf(path)
    _, model = _gguf_logits(path)
    widths = {
        name: m.bits for name, m in model.named_modules() if isinstance(m, nn.QuantizedLinear)
    }
    assert widths["model.layers.0.self_attn.q_proj"] == nearest_mlx_bits(
        f.tensors["blk.0.attn_q.weight"].ggml_type
    )
    assert len(set(widths.values())) >= 2  # Q4_K and Q6_K tensors side by side


@pytest.mark.parametrize("weights", [NATIVE, CONVERTED])
def test_split_gguf_loads_like_the_single_file(
    weights: str, tiny_gguf: Callable[..., Path]
) -> None:
    if weights == NATIVE and library_problem():
        pytest.skip(library_problem())
    single, _ = _gguf_logits(tiny_gguf("qwen2", "Q8_0"), weights=weights)
    split, _ = _gguf_logits(tiny_gguf("qwen2", "Q8_0", split=3), weights=weights)
    np.testing.assert_array_equal(single, split)


def test_unknown_architecture_is_named(tiny_gguf: Callable[..., Path], tmp_path: Path) -> None:
    data = bytearray(tiny_gguf("llama", "F32").read_bytes())
    i = data.index(b"general.architecture")
    # the value follows the key: u32 type (8 = string), u64 length 5, "llama"
    j = data.index(b"llama", i)
    data[j : j + 5] = b"mamba"
    bad = tmp_path / "mamba.gguf"
    bad.write_bytes(bytes(data))
    with pytest.raises(UnsupportedModelError, match="unsupported architecture: mamba"):
        build_model(read_gguf(bad))


def test_a_vision_projector_is_named_as_one(tiny_gguf: Callable[..., Path],
                                            tmp_path: Path) -> None:
    """llama.cpp keeps a GGUF vision model's image encoder in a separate mmproj file
    (architecture "clip"): neither mlx-vlm nor mlx-kquant can load one."""
    data = bytearray(tiny_gguf("llama", "F32").read_bytes())
    i = data.index(b"general.architecture")
    j = data.index(b"\x05\x00\x00\x00\x00\x00\x00\x00llama", i)  # u64 length 5, "llama"
    data[j : j + 13] = (4).to_bytes(8, "little") + b"clip"
    bad = tmp_path / "mmproj-model-f16.gguf"
    bad.write_bytes(bytes(data) + bytes(32))  # only the header matters here
    with pytest.raises(UnsupportedModelError, match=(
            r"mmproj-model-f16.gguf is a vision projector \(mmproj\), not a model; Orchard "
            "runs GGUF models for text only")):
        build_model(read_gguf(bad))


def test_starter_tensors_repack_bit_for_bit_like_mx_load(starter_gguf: Path) -> None:
    """Q4_1 and Q8_0 become MLX quantized weights without dequantizing: same bits as mx.load."""
    from inference.gguf.weights import convert_tensor

    reference = mx.load(str(starter_gguf))
    f = read_gguf(starter_gguf)
    for name in ("blk.0.attn_q.weight", "blk.3.ffn_down.weight", "token_embd.weight"):
        info = f.tensors[name]
        t = convert_tensor(info, f.tensor_data(name), exact=False)
        base = name.removesuffix(".weight")
        assert t.quantized, info.type_name
        pairs = ((t.weight, name), (t.scales, f"{base}.scales"), (t.biases, f"{base}.biases"))
        for got, key in pairs:
            assert got is not None
            np.testing.assert_array_equal(np.array(got), np.array(reference[key]))
