"""Half-precision weights on a float32 residual stream, whatever format the weights came in.

mlx-lm runs a model in its embedding's dtype. With float16 rows (an F16 GGUF, the GGUF
converter's float16 scales, an MLX folder saved in float16, quantized or not) Gemma 3's
blocks keep the residual stream in float16 and clip it to +-65504 (``clip_residual`` in
mlx_lm/models/gemma3_text.py), so it read wrong wherever the stream passed that range or
lost the precision float16 has left at its size; any other family with a float16 stream
overflows there instead. llama.cpp keeps activations in float32 and only its weights in
half precision; so does Orchard: the embedding returns float32 rows and every residual
addition is float32 from the first layer on. The weights stay as stored.

It lives in gguf/ because that is the lowest layer of the model machinery: gguf/architectures
(GGUF files) uses it beside it, model/load (MLX folders) imports it from below.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import mlx.core as mx
import mlx.nn as nn

from inference.system import computes_on_cpu

#: On the CPU, a quantized product over at least this many rows (a prompt's tokens, a batch's
#: sequences) dequantizes its weight and multiplies in float32 through BLAS
#: (:func:`tiled_product`): MLX's float32 matmul, on OpenBLAS on Linux
#: (:func:`inference.system.use_openblas`). mlx-kquant's fused decode-and-dot kernel takes up
#: to 16 rows; past that it dequantizes the whole matrix and multiplies in a plain loop (24
#: rows of a 1.1B Q4_K_M: 18 s against 2.4 s through BLAS), as MLX's own quantized matmul
#: does on the CPU at any size. Up to 16 rows the kernels and BLAS cost about the same
#: (within 10% either way, by codec), and the kernels need no float copy of the weights.
#: Measured in docs/cpu-speed.md.
BLAS_MIN_ROWS = 17
#: Weights are dequantized a tile of output rows at a time, at most this many values
#: (16 MB in float32), so a prompt holds little beside the model's own bytes.
TILE_VALUES = 1 << 22

_FLOAT32_ROWS: dict[type, type] = {}
_HALF_INPUTS: dict[type, type] = {}
_EMBEDDINGS = (nn.Embedding, nn.QuantizedEmbedding)


def float32_rows(embedding: nn.Module) -> None:
    """Make ``embedding`` return its rows as float32 (the instance is retyped to a subclass
    that only adds the cast: its weights, ``as_linear`` and quantization stay as they are)."""
    cls = type(embedding)
    if cls not in _FLOAT32_ROWS:

        def __call__(self: Any, x: mx.array) -> mx.array:
            return cls.__call__(self, x).astype(mx.float32)

        _FLOAT32_ROWS[cls] = type(f"Float32{cls.__name__}", (cls,), {"__call__": __call__})
    embedding.__class__ = _FLOAT32_ROWS[cls]


def float32_stream(model: nn.Module) -> bool:
    """Run ``model``'s residual stream in float32 if it would run in float16; True if so.

    For a model whose weights are all as mlx-lm loaded them (an MLX folder): every float16
    embedding returns float32 rows, and every float16 matmul (linear, expert and quantized
    layers, a tied output layer's ``as_linear``) is handed its input in its own dtype, so the
    matmuls, the logits and the KV cache stay float16 as before (the memory estimate
    assumes a 16-bit cache, and a float32 input would make MLX widen the weights on every
    call). A bfloat16 or float32 model is left as it is: mlx-lm clips only a float16 stream.
    """
    modules = [m for _, m in model.named_modules()]
    if not any(isinstance(m, _EMBEDDINGS) and _dtype(m) == mx.float16 for m in modules):
        return False
    from mlx_lm.models.switch_layers import QuantizedSwitchLinear, SwitchLinear

    matmuls = (nn.Linear, nn.QuantizedLinear, SwitchLinear, QuantizedSwitchLinear, *_EMBEDDINGS)
    quantized = (nn.QuantizedLinear, QuantizedSwitchLinear, nn.QuantizedEmbedding)
    on_cpu = computes_on_cpu()
    for module in modules:
        if isinstance(module, matmuls) and _dtype(module) == mx.float16:
            if on_cpu and isinstance(module, quantized):
                _float32_products(module)
            else:
                module.__class__ = _half_inputs(type(module))
            if isinstance(module, _EMBEDDINGS):
                float32_rows(module)
    return True


def _float32_products(module: nn.Module) -> None:
    """On the CPU, a float16 quantized layer computes in float32 and hands back float16.

    MLX's CPU backend runs a float16 quantized matrix product as scalar loops: a 20-token
    prompt through a 4-bit 135M model took 70 s in float16 and 1.7 s in float32. Its scales
    and biases become float32 once, here (an eighth of a 4-bit layer's bytes again); its
    output stays float16, so the KV cache and the logits are as on a Mac."""
    for name in ("scales", "biases"):
        value = module.get(name)
        if isinstance(value, mx.array):
            module[name] = value.astype(mx.float32)
    module.__class__ = _float32_inside(type(module))


def _dtype(module: nn.Module) -> mx.Dtype | None:
    """The dtype a layer computes in: its scales' if quantized, else its weight's."""
    array = module.get("scales", module.get("weight"))
    return array.dtype if isinstance(array, mx.array) else None


_FLOAT32_INSIDE: dict[type, type] = {}


def _float32_inside(cls: type) -> type:
    """``cls`` computing in float32 on float32 input, its output cast to float16."""
    if cls not in _FLOAT32_INSIDE:
        # A prompt's products go through BLAS (tiled_product); switch (expert) layers keep
        # MLX's gathered quantized products, which pick rows per token.
        dense = issubclass(cls, (nn.QuantizedLinear, nn.QuantizedEmbedding))
        if issubclass(cls, _EMBEDDINGS):  # a tied output layer; the lookup takes ids

            def as_linear(self: Any, x: mx.array) -> mx.array:
                if dense and through_blas(x):
                    return tiled_product(x, self["weight"].shape[0], _affine_rows(self))
                return cls.as_linear(self, x.astype(mx.float32)).astype(mx.float16)

            attrs: dict[str, Any] = {"as_linear": as_linear}
        else:

            def __call__(self: Any, x: mx.array, *args: Any, **kw: Any) -> mx.array:
                if dense and not args and not kw and through_blas(x):
                    y = tiled_product(x, self["weight"].shape[0], _affine_rows(self))
                    return y + self["bias"].astype(mx.float16) if "bias" in self else y
                return cls.__call__(self, x.astype(mx.float32), *args, **kw).astype(mx.float16)

            attrs = {"__call__": __call__}
        _FLOAT32_INSIDE[cls] = type(f"Float32Inside{cls.__name__}", (cls,), attrs)
    return _FLOAT32_INSIDE[cls]


def _half_inputs(cls: type) -> type:
    """``cls`` with its matmul input cast to the layer's own dtype (made once per class).

    The dtype is read at each call, so a model whose parameters are later cast to float32
    (a test's yardstick) computes in float32 throughout."""
    if cls not in _HALF_INPUTS:
        if issubclass(cls, _EMBEDDINGS):  # a tied output layer; the lookup takes ids

            def as_linear(self: Any, x: mx.array) -> mx.array:
                return cls.as_linear(self, x.astype(_dtype(self) or x.dtype))

            attrs: dict[str, Any] = {"as_linear": as_linear}
        else:

            def __call__(self: Any, x: mx.array, *args: Any, **kw: Any) -> mx.array:
                return cls.__call__(self, x.astype(_dtype(self) or x.dtype), *args, **kw)

            attrs = {"__call__": __call__}
        _HALF_INPUTS[cls] = type(f"Half{cls.__name__}", (cls,), attrs)
    return _HALF_INPUTS[cls]


@functools.cache
def _quantized_prefill() -> bool:
    """``ORCHARD_CPU_PREFILL=quantized`` keeps prompts on the quantized kernels (the path
    before BLAS, for benchmarks and for comparing the two)."""
    return os.environ.get("ORCHARD_CPU_PREFILL", "").strip().lower() == "quantized"


def through_blas(x: mx.array) -> bool:
    """Whether a quantized product with input ``x`` goes through :func:`tiled_product`."""
    rows = x.size // x.shape[-1] if x.ndim else 0
    return rows >= BLAS_MIN_ROWS and computes_on_cpu() and not _quantized_prefill()


def tiled_product(x: mx.array, rows: int,
                  dequantize: Callable[[int, int], mx.array]) -> mx.array:
    """``x @ W.T`` in float32 for a quantized ``W`` of ``rows`` output rows, as float16.

    ``dequantize(start, stop)`` gives rows ``start:stop`` of ``W``'s exact values in float32
    (each format's own dequantization). Only the CPU comes here: Metal's kernels dequantize
    in their own tiles. The product goes to MLX's float32 matmul, so BLAS, a tile of output
    rows at a time; each tile's product is computed before the next tile is made, so the
    dequantized tiles never pile up (left lazy, MLX runs several ops ahead, and the starter's
    prompt peaked at 2.3x the weights' memory; so, 1.2x). Against the quantized kernels the
    logits move only by the rounding of float32 sums instead of their float16-input ones.
    """
    x32 = x.astype(mx.float32)
    step = max(1, TILE_VALUES // x.shape[-1])
    parts = []
    for start in range(0, rows, step):
        w = dequantize(start, min(start + step, rows))
        parts.append((x32 @ w.T).astype(mx.float16))
        if start + step < rows:
            _finish(parts[-1])
    return parts[0] if len(parts) == 1 else mx.concatenate(parts, axis=-1)


def _finish(part: mx.array) -> None:
    """Compute one tile's product now. Inside a function transformation (``mx.compile``,
    which Linux turns off and Orchard does not wrap models in) arrays cannot be evaluated:
    there the graph stays lazy."""
    try:
        mx.eval(part)
    except ValueError:
        pass


def _affine_rows(module: nn.Module) -> Callable[[int, int], mx.array]:
    """Rows of an MLX quantized layer's weight, dequantized to float32 by MLX itself."""
    mode = getattr(module, "mode", "affine")
    biases = module.get("biases")

    def rows(start: int, stop: int) -> mx.array:
        return mx.dequantize(
            module["weight"][start:stop], module["scales"][start:stop],
            None if biases is None else biases[start:stop],
            group_size=module.group_size, bits=module.bits, mode=mode, dtype=mx.float32)

    return rows
