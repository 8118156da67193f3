"""Which path a GGUF file takes (native through mlx-kquant, or the converter) and why."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import inference.gguf.native as gn
from inference.model.load import inspect_model, load_model

DATA = Path(__file__).parents[2] / "data" / "gguf"
needs_kquant = pytest.mark.skipif(
    gn.library_problem() is not None, reason=f"mlx-kquant cannot run here: {gn.library_problem()}"
)


@pytest.fixture
def fresh_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The library check is cached per process: clear it around a test that fakes the host."""
    gn._library_problem.cache_clear()
    yield
    monkeypatch.undo()
    gn._library_problem.cache_clear()


@needs_kquant
def test_a_gguf_runs_as_published_by_default(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama", "mixed_q4_k_m", wide=True)
    info = inspect_model(path)
    assert (info.weights, info.weights_note) == ("native", "")
    # memory is the file's own tensor bytes (about the file size), plus the KV cache
    assert info.weights_bytes <= path.stat().st_size <= info.weights_bytes + 64 * 1024
    loaded = load_model(path)
    assert loaded.weights == "native"


@needs_kquant
def test_the_converter_is_much_bigger_in_memory(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama", "Q6_K", wide=True)
    native = inspect_model(path).weights_bytes
    os.environ["ORCHARD_GGUF_WEIGHTS"] = "converted"
    try:
        converted = inspect_model(path)
    finally:
        del os.environ["ORCHARD_GGUF_WEIGHTS"]
    assert converted.weights == "converted"
    assert "ORCHARD_GGUF_WEIGHTS=converted" in converted.weights_note
    assert converted.weights_bytes > native


def test_without_mlx_kquant_the_converter_runs_and_says_so(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, fresh_check: None
) -> None:
    monkeypatch.setitem(sys.modules, "mlx_kquant", None)  # import fails as if not installed
    path = tiny_gguf("qwen2", "Q8_0")
    info = inspect_model(path)
    assert (info.weights, info.weights_note) == ("converted", "mlx-kquant is not installed")
    loaded = load_model(path)
    assert loaded.weights == "converted"


def test_a_mac_older_than_26_2_uses_the_converter(
    monkeypatch: pytest.MonkeyPatch, fresh_check: None
) -> None:
    monkeypatch.setattr(gn, "is_mac", lambda: True)
    monkeypatch.setattr(gn, "macos_version", lambda: (15, 6))
    assert gn.library_problem() == (
        "running GGUF files as published needs macOS 26.2 or later"
    )


def test_a_failed_metal_self_check_uses_the_converter(
    monkeypatch: pytest.MonkeyPatch, fresh_check: None
) -> None:
    if gn._library_problem() is not None:
        pytest.skip("mlx-kquant is not installed here")
    import mlx.core as mx
    import mlx_kquant

    gn._library_problem.cache_clear()
    monkeypatch.setattr(gn, "is_mac", lambda: True)
    monkeypatch.setattr(gn, "macos_version", lambda: (26, 3))
    monkeypatch.setattr(mx.metal, "is_available", lambda: True)
    monkeypatch.setattr(mlx_kquant, "metallib_loads", lambda: False)
    assert gn.library_problem() == "mlx-kquant's Metal library did not load"


@needs_kquant
def test_a_type_without_a_codec_is_converted_and_named() -> None:
    info = inspect_model(DATA / "llama-TQ1_0.gguf")
    assert info.weights == "converted"
    assert info.weights_note == "mlx-kquant does not decode the TQ1_0 tensor type"


def test_orchard_sets_mlx_disable_compile_on_linux_only_and_the_hub_stays_home(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (
        "MLX_DISABLE_COMPILE", "HF_HUB_DISABLE_TELEMETRY", "HF_HUB_CACHE", "HF_ASSETS_CACHE",
        "HF_XET_CACHE", "HF_HOME")}
    env["ORCHARD_HOME"] = str(tmp_path)
    code = ("import inference, os; from huggingface_hub import constants; "
            "print(os.environ.get('MLX_DISABLE_COMPILE'), "
            "os.environ.get('HF_HUB_DISABLE_TELEMETRY'), constants.HF_HUB_CACHE, "
            "constants.HF_HUB_DISABLE_TELEMETRY)")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, env=env, check=True,
    ).stdout.split()
    assert out == ["1" if sys.platform.startswith("linux") else "None", "1",
                   str(tmp_path / "cache" / "huggingface" / "hub"), "True"]
