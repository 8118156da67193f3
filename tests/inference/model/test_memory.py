"""Will it fit? The estimate, its verdict, the refusal with both numbers, and the header facts
(architecture, quantization, context, layers) it is computed from."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import inference.model.load as models
from inference.errors import ModelError, ModelTooLargeError, OrchardError
from inference.model.load import inspect_model, load_model
from inference.model.memory import (
    GB,
    OVERHEAD_BYTES,
    MemoryEstimate,
    kv_cache_bytes,
    largest_context_that_fits,
    memory_budget_bytes,
)

MB = 1024**2


def _estimate(total_gb: float, budget_gb: float, ctx: int = 4096) -> MemoryEstimate:
    """An estimate whose total (weights + cache + overhead) is exactly ``total_gb``."""
    kv = GB // 4
    weights = int(total_gb * GB) - kv - OVERHEAD_BYTES
    return MemoryEstimate(weights, kv, ctx, int(budget_gb * GB))


# --- verdict and refusal -------------------------------------------------------------------------


def test_total_is_weights_plus_cache_plus_overhead() -> None:
    e = MemoryEstimate(weights_bytes=3 * GB, kv_bytes=GB, context_length=4096, budget_bytes=16 * GB)
    assert e.total_bytes == 4 * GB + OVERHEAD_BYTES


@pytest.mark.parametrize(
    ("total_gb", "verdict"),
    [(4.0, "fits"), (8.0, "fits"), (8.5, "tight"), (10.0, "tight"), (10.5, "will not fit")],
)
def test_verdict(total_gb: float, verdict: str) -> None:
    assert _estimate(total_gb, budget_gb=10).verdict == verdict


def test_check_passes_quietly_when_it_fits() -> None:
    _estimate(4, budget_gb=10).check("small model")
    _estimate(9, budget_gb=10).check("tight model")  # tight still loads


def test_check_refuses_with_both_numbers() -> None:
    with pytest.raises(ModelTooLargeError) as err:
        _estimate(12, budget_gb=8, ctx=4096).check("Big-70B")
    message = str(err.value)
    assert "Big-70B" in message
    assert "12.0 GB" in message  # needed
    assert "8.0 GB" in message  # available
    assert "4096" in message  # at which context


def test_too_large_is_not_a_model_error() -> None:
    """A model that does not fit is fine in itself: the UI offers a shorter context instead."""
    with pytest.raises(OrchardError) as err:
        _estimate(12, budget_gb=8).check("m")
    assert not isinstance(err.value, ModelError)


# --- the budget ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8GB", 8 * GB), ("512MB", 512 * MB), ("1.5g", int(1.5 * GB)), ("2GiB", 2 * GB),
     ("1MB", MB), ("123456", 123456)],
)
def test_memory_limit_env(monkeypatch: pytest.MonkeyPatch, text: str, expected: int) -> None:
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", text)
    assert memory_budget_bytes() == expected


def test_budget_without_override_is_positive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORCHARD_MEMORY_LIMIT", raising=False)
    assert memory_budget_bytes() > 0


def test_malformed_memory_limit_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", "lots")
    with pytest.raises(OrchardError, match="ORCHARD_MEMORY_LIMIT"):
        memory_budget_bytes()


def test_load_refuses_before_loading_weights(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("weights were loaded although the model does not fit")

    monkeypatch.setattr(models, "build_model", must_not_build)
    monkeypatch.setattr(models, "_ready_gguf_tokenizer", must_not_build)
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", "1MB")
    with pytest.raises(ModelTooLargeError) as err:
        load_model(tiny_gguf("llama"))
    assert len(re.findall(r"\d+(?:\.\d+)? [MG]B", str(err.value))) == 2


def test_load_refuses_an_mlx_folder_too(
    tiny_mlx_model: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("weights were loaded although the model does not fit")

    monkeypatch.setattr(models, "_load_mlx_folder", must_not_load)
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", "1MB")
    with pytest.raises(ModelTooLargeError):
        load_model(tiny_mlx_model("llama"))


def test_load_without_the_check_ignores_the_limit(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", "1MB")
    loaded = load_model(tiny_gguf("llama"), check_memory=False)
    assert loaded.info.n_layers == 2


# --- KV cache and context ------------------------------------------------------------------------


def test_kv_cache_bytes() -> None:
    # Llama-3-8B: 32 layers, 8 KV heads of 128; float16 keys and values at 4096 tokens = 512 MiB.
    assert kv_cache_bytes(32, 8, 128, 4096) == 512 * MB
    assert kv_cache_bytes(32, 8, 128, 8192) == 1024 * MB  # linear in context
    assert kv_cache_bytes(32, 8, 128, 4096, itemsize=1) == 256 * MB  # 8-bit cache halves it
    assert kv_cache_bytes(2, 2, 16, 1) == 2 * 2 * 2 * 16 * 2  # keys and values, every layer
    assert kv_cache_bytes(2, 2, 16, 0) == 0


def test_largest_context_caps_to_what_fits() -> None:
    per_token = kv_cache_bytes(32, 8, 128, 1)
    budget = GB + OVERHEAD_BYTES + 3000 * per_token
    assert largest_context_that_fits(GB, 32, 8, 128, budget, wanted=131072) == 3000


def test_largest_context_keeps_the_models_own_when_it_fits() -> None:
    assert largest_context_that_fits(GB, 32, 8, 128, 64 * GB, wanted=8192) == 8192


def test_largest_context_never_below_512() -> None:
    per_token = kv_cache_bytes(32, 8, 128, 1)
    budget = GB + OVERHEAD_BYTES + 100 * per_token
    assert largest_context_that_fits(GB, 32, 8, 128, budget, wanted=8192) == 512
    assert largest_context_that_fits(GB, 32, 8, 128, GB // 2, wanted=8192) == 512
    assert largest_context_that_fits(GB, 32, 8, 128, GB // 2, wanted=256) == 256


def test_capped_context_then_fits() -> None:
    n_layers, n_kv, head_dim, weights = 32, 8, 128, 4 * GB
    budget = 6 * GB
    ctx = largest_context_that_fits(weights, n_layers, n_kv, head_dim, budget, wanted=131072)
    kv = kv_cache_bytes(n_layers, n_kv, head_dim, ctx)
    assert MemoryEstimate(weights, kv, ctx, budget).verdict != "will not fit"
    kv_more = kv_cache_bytes(n_layers, n_kv, head_dim, ctx + 1)
    assert MemoryEstimate(weights, kv_more, ctx + 1, budget).verdict == "will not fit"


def test_default_context_follows_the_budget(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    info = inspect_model(tiny_gguf("llama"))
    per_token = kv_cache_bytes(info.n_layers, info.n_kv_heads, info.head_dim, 1)
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", str(info.weights_bytes + OVERHEAD_BYTES
                                                    + 1000 * per_token))
    assert info.default_context() == 1000
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", "64GB")
    assert info.default_context() == info.context_length


# --- inspect_model: facts from headers -----------------------------------------------------------


def test_inspect_tiny_gguf(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama", "Q8_0")
    info = inspect_model(path)
    assert info.format == "gguf"
    assert info.architecture == "llama"
    assert info.quantization == "Q8_0"
    assert info.context_length == 2048
    assert info.n_layers == 2
    assert info.n_kv_heads == 2
    assert info.head_dim == 16
    assert info.size_bytes == path.stat().st_size
    assert 0 < info.weights_bytes <= info.size_bytes


def test_a_gguf_is_named_by_its_own_file_type_not_its_largest_tensor_type(
        tiny_gguf: Callable[..., Path]) -> None:
    """llama-quantize's Q4_K_M falls back to Q5_0 where a row is not a multiple of 256 (on
    the tiny model, every weight): by bytes it looked like "Q5_0", as a new user saw it. The
    file says Q4_K_M, and that is its name everywhere."""
    from inference.gguf.reader import describe, read_gguf

    path = tiny_gguf("llama", "mixed_q4_k_m")
    mix = describe(read_gguf(path))["tensor_types"]
    assert max(mix, key=mix.__getitem__) == "Q5_0"  # what the most tensors are
    assert inspect_model(path).quantization == "Q4_K_M"
    assert inspect_model(tiny_gguf("llama", "Q4_K")).quantization == "Q4_K_S"


def test_inspect_f32_gguf_and_its_memory(tiny_gguf: Callable[..., Path]) -> None:
    info = inspect_model(tiny_gguf("qwen3"))
    assert (info.architecture, info.quantization, info.n_layers) == ("qwen3", "F32", 2)
    estimate = info.memory(1024)
    assert estimate.context_length == 1024
    assert estimate.kv_bytes == kv_cache_bytes(2, info.n_kv_heads, info.head_dim, 1024)
    assert info.memory().context_length == info.context_length


def test_quantized_gguf_needs_less_memory(tiny_gguf: Callable[..., Path]) -> None:
    f32 = inspect_model(tiny_gguf("llama"))
    q8 = inspect_model(tiny_gguf("llama", "Q8_0"))
    assert q8.weights_bytes < f32.weights_bytes / 2


def test_inspect_split_gguf(tiny_gguf: Callable[..., Path]) -> None:
    whole = inspect_model(tiny_gguf("llama"))
    split = inspect_model(tiny_gguf("llama", split=2))
    assert split.n_layers == 2
    assert split.weights_bytes == whole.weights_bytes


def test_inspect_tiny_mlx_folder(tiny_mlx_model: Callable[..., Path]) -> None:
    info = inspect_model(tiny_mlx_model("llama"))
    assert info.format == "mlx"
    assert info.architecture == "llama"
    assert info.quantization == "float32"
    assert info.context_length == 2048
    assert info.n_layers == 2
    assert info.n_kv_heads == 2
    assert info.head_dim == 16
    assert info.weights_bytes > 0
