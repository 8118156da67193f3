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

from typing import Any

import mlx.core as mx
import mlx.nn as nn

from inference.system import computes_on_cpu

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
        if issubclass(cls, _EMBEDDINGS):  # a tied output layer; the lookup takes ids

            def as_linear(self: Any, x: mx.array) -> mx.array:
                return cls.as_linear(self, x.astype(mx.float32)).astype(mx.float16)

            attrs: dict[str, Any] = {"as_linear": as_linear}
        else:

            def __call__(self: Any, x: mx.array, *args: Any, **kw: Any) -> mx.array:
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
