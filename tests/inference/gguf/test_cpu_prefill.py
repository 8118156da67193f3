"""Prompts on the CPU: GGUF weights dequantized per tile and multiplied through OpenBLAS.

On Linux (and a Mac without Metal) a prompt's products decode each weight once and hand the
float32 product to BLAS, which MLX runs on OpenBLAS there; decoding one token keeps
mlx-kquant's quantized kernels. The certification tests (test_certify.py) run their prompts
on this path, so its logits are held to the same tolerances as before; these tests check the
path is the one taken, and that it computes what the quantized one does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import mlx.core as mx
import numpy as np
import pytest
from mlx_lm.models.cache import make_prompt_cache

import inference.gguf.native as gn
import inference.gguf.precision as gp
from inference import system
from inference.model.load import load_model

needs_kquant = pytest.mark.skipif(
    gn.library_problem() is not None, reason=f"mlx-kquant cannot run here: {gn.library_problem()}"
)
on_the_cpu = pytest.mark.skipif(
    mx.default_device() != mx.cpu, reason="Metal runs prompts through mlx-kquant's kernels"
)
PROMPT = [5, 9, 14, 3, 27, 8, 11, 40, 2, 17, 6, 33, 21, 4, 30, 12, 7, 19, 25, 10]


class Spy:
    """Counts calls of a module's function (monkeypatched for the test's duration)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
        self.calls = 0
        real = getattr(owner, name)

        def counting(*args: object, **kw: object) -> mx.array:
            self.calls += 1
            return real(*args, **kw)

        monkeypatch.setattr(owner, name, counting)


def _dense(monkeypatch: pytest.MonkeyPatch) -> Spy:
    """The products that took the dense path (dequantized weights through BLAS)."""
    return Spy(monkeypatch, gn, "_dense_product")


def _dequantizations(monkeypatch: pytest.MonkeyPatch) -> Spy:
    import mlx_kquant as kq

    return Spy(monkeypatch, kq, "dequantize")


def _logits(path: Path, tokens: list[int]) -> np.ndarray:
    model = load_model(path).model
    return np.array(model(mx.array([tokens]))[0].astype(mx.float32))


@needs_kquant
@on_the_cpu
@pytest.mark.parametrize("qtype", ["Q4_K", "Q6_K", "Q8_0", "Q4_1", "Q5_0", "mixed_q4_k_m"])
def test_a_prompt_multiplies_the_files_values_through_blas_as_the_kernels_would(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, qtype: str
) -> None:
    path = tiny_gguf("llama", qtype, wide=True)
    spy = _dense(monkeypatch)
    dense = _logits(path, PROMPT)
    assert spy.calls > 0
    monkeypatch.setattr(gp, "BLAS_MIN_ROWS", 10**9)  # every product on mlx-kquant's kernels
    spy.calls = 0
    quantized = _logits(path, PROMPT)
    assert spy.calls == 0
    # the same values, summed in float32 instead of float16 (the logits are about 1-10)
    np.testing.assert_allclose(dense, quantized, atol=0.05, rtol=0.02)
    assert (dense.argmax(-1) == quantized.argmax(-1)).mean() >= 0.9


@needs_kquant
@on_the_cpu
def test_decoding_one_token_keeps_the_quantized_kernels(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_model(tiny_gguf("llama", "Q4_K", wide=True)).model
    cache = make_prompt_cache(model)
    spy = _dense(monkeypatch)
    mx.eval(model(mx.array([PROMPT]), cache=cache))
    prompt_calls = spy.calls
    assert prompt_calls > 0
    mx.eval(model(mx.array([[7]]), cache=cache))
    assert spy.calls == prompt_calls


@needs_kquant
@on_the_cpu
def test_large_weights_are_dequantized_a_tile_at_a_time_with_the_same_result(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tiny_gguf("llama", "Q6_K", wide=True)
    spy = _dequantizations(monkeypatch)
    whole = _logits(path, PROMPT)
    untiled = spy.calls
    spy.calls = 0
    monkeypatch.setattr(gp, "TILE_VALUES", 1000)  # a few output rows per tile
    tiled = _logits(path, PROMPT)
    assert spy.calls > untiled + 20
    # float16 results: a product summed in another order may round one unit (1e-3) apart
    np.testing.assert_allclose(tiled, whole, atol=4e-3)


def test_orchard_cpu_prefill_quantized_keeps_prompts_on_the_kernels(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    x = mx.zeros((1, 32, 64))
    assert gp.through_blas(x) == (mx.default_device() == mx.cpu)
    assert not gp.through_blas(mx.zeros((1, 1, 64)))
    assert not gp.through_blas(mx.zeros((1, 16, 64)))  # mlx-kquant's fused kernel's rows
    gp._quantized_prefill.cache_clear()
    monkeypatch.setenv("ORCHARD_CPU_PREFILL", "quantized")
    try:
        assert not gp.through_blas(x)
    finally:
        monkeypatch.undo()
        gp._quantized_prefill.cache_clear()


@on_the_cpu
@pytest.mark.parametrize("bits", [4, 8])
def test_an_mlx_quantized_model_multiplies_its_prompt_through_blas_too(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    bits: int,
) -> None:
    """MLX's own quantized matmul is a plain loop on the CPU as well (a 4-bit starter's
    128-token prompt: 124 ms a token, 12 through BLAS). A float16 folder, whose quantized
    layers compute in float32 on the CPU (inference/gguf/precision.py)."""
    from tests.inference.model.test_float16_mlx import _float16_folder

    folder = _float16_folder(tiny_mlx_model("llama", wide=True), tmp_path / "m", bits=bits)
    spy = Spy(monkeypatch, gp, "tiled_product")
    dense = _logits(folder, PROMPT)
    assert spy.calls > 0
    monkeypatch.setattr(gp, "BLAS_MIN_ROWS", 10**9)
    spy.calls = 0
    quantized = _logits(folder, PROMPT)
    assert spy.calls == 0
    np.testing.assert_allclose(dense, quantized, atol=0.05, rtol=0.02)
    assert (dense.argmax(-1) == quantized.argmax(-1)).mean() >= 0.9


# --- MLX on OpenBLAS ------------------------------------------------------------------------

linux = pytest.mark.skipif(not sys.platform.startswith("linux"),
                           reason="macOS: MLX multiplies through Accelerate")
MATMUL = ("import inference, mlx.core as mx; a = mx.ones((64, 64)); mx.eval(a @ a); "
          "from inference import system; print(system.BLAS)")


def _bindings(tmp_path: Path, **env: str) -> tuple[str, str]:
    """What ``cblas_sgemm`` in libmlx.so was bound to, from glibc's own account of it."""
    log = tmp_path / "ld"
    child = {k: v for k, v in os.environ.items()
             if k not in ("ORCHARD_BLAS", "LD_DEBUG", "LD_DEBUG_OUTPUT")}
    child.update(env, LD_DEBUG="bindings", LD_DEBUG_OUTPUT=str(log))
    out = subprocess.run([sys.executable, "-c", MATMUL], capture_output=True, text=True,
                         env=child, check=True).stdout.strip()
    lines = [line for p in tmp_path.glob("ld.*") for line in p.read_text().splitlines()
             if "libmlx.so" in line and "`cblas_sgemm'" in line]
    assert len(lines) == 1, lines
    return out, lines[0]


@linux
def test_mlx_multiplies_through_openblas_in_every_process_that_imports_orchard(
    tmp_path: Path,
) -> None:
    assert system.OPENBLAS_SHIM.is_file(), "make builds it (packaging/build_openblas_shim.sh)"
    blas, binding = _bindings(tmp_path)
    assert blas == "openblas"
    assert "to " in binding and "libmlx_openblas.so" in binding.split("to ", 1)[1]
    assert system.BLAS == "openblas"  # this test process too: the suite runs as the app does


@linux
def test_orchard_blas_reference_keeps_mlxs_own(tmp_path: Path) -> None:
    blas, binding = _bindings(tmp_path, ORCHARD_BLAS="reference")
    assert blas == "reference"
    assert "libmlx_openblas.so" not in binding


@linux
def test_a_program_that_imports_mlx_first_is_told_it_keeps_the_reference_blas() -> None:
    code = ("import logging, mlx.core; logging.basicConfig(); import inference; "
            "from inference import system; print(system.BLAS)")
    env = {k: v for k, v in os.environ.items() if k != "ORCHARD_BLAS"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stdout.strip() == "reference"
    assert "imported before Orchard's library" in done.stderr
