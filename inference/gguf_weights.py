"""Turn one GGUF tensor into MLX arrays.

Q4_0, Q4_1 and Q8_0 blocks are affine quantization with a group of 32, which is exactly
MLX's own format: they are repacked bit for bit, never dequantized. Every other type
gguf-py can dequantize (K-quants, Q5_0/1, IQ*, ...) is dequantized with gguf-py and then,
by default, re-quantized with ``mx.quantize`` to the nearest MLX bit width so that memory
stays close to the file size; with ``exact=True`` it stays float16.

Why not ``mx.load``: it refuses a whole file as soon as one tensor has a type it lacks
(Q3_K, Q5_K, IQ*), which rules out most mixed files such as Q3_K_M; and it crashes the
process on malformed headers, so we read our validated tensor table instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import mlx.core as mx
import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType
from gguf.quants import dequantize

from .errors import UnsupportedModelError
from .gguf_file import TensorInfo

Q = GGMLQuantizationType
MLX_BITS = (2, 3, 4, 5, 6, 8)
#: Types that are plain floating point in the file.
FLOAT_TYPES = {Q.F32, Q.F16, Q.BF16}
#: Types repacked losslessly into MLX quantized weights.
REPACKED_TYPES = {Q.Q4_0, Q.Q4_1, Q.Q8_0}


@dataclass
class ConvertedTensor:
    """An MLX weight: plain, or quantized as (weight, scales, biases) with its parameters."""

    weight: mx.array
    scales: mx.array | None = None
    biases: mx.array | None = None
    bits: int = 0
    group_size: int = 0

    @property
    def quantized(self) -> bool:
        return self.scales is not None

    @property
    def nbytes(self) -> int:
        parts = [self.weight, self.scales, self.biases]
        return sum(p.nbytes for p in parts if p is not None)


def bits_per_weight(ggml_type: int) -> float:
    block, type_size = GGML_QUANT_SIZES[Q(ggml_type)]
    return type_size * 8 / block


def nearest_mlx_bits(ggml_type: int) -> int:
    """The MLX affine width closest in memory to a GGUF type.

    MLX with group size 64 spends 0.5 bit per weight on a float16 scale and bias, so a
    GGUF type of b bits per weight is closest to MLX's ``b - 0.5``: Q4_K (4.5) → 4,
    Q6_K (6.56) → 6, Q3_K (3.44) → 3, Q2_K (2.63) → 2, IQ4_XS (4.25) → 4.
    """
    target = bits_per_weight(ggml_type) - 0.5
    return min(MLX_BITS, key=lambda b: (abs(b - target), -b))


def _rows(info: TensorInfo, data: np.ndarray) -> tuple[np.ndarray, tuple[int, ...]]:
    """The raw bytes as (rows, bytes per row) and the tensor's numpy shape."""
    shape = tuple(reversed(info.shape))  # GGUF lists the fastest-varying dimension first
    n_rows = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
    return data.reshape(n_rows, -1), shape


def _repack(info: TensorInfo, data: np.ndarray) -> ConvertedTensor:
    rows, shape = _rows(info, data)
    qtype = Q(info.ggml_type)
    block, type_size = GGML_QUANT_SIZES[qtype]
    blocks = rows.reshape(rows.shape[0], -1, type_size)
    d = blocks[..., 0:2].copy().view(np.float16)[..., 0]
    if qtype == Q.Q8_0:
        # int8 q in [-128, 127], value d*q: MLX stores unsigned q + 128 with bias -128 d.
        q = (blocks[..., 2:].view(np.int8).astype(np.int16) + 128).astype(np.uint8)
        packed = q
        bits, bias = 8, -128 * d.astype(np.float32)
    else:
        if qtype == Q.Q4_0:
            qs, bits, bias = blocks[..., 2:], 4, -8 * d.astype(np.float32)
        else:  # Q4_1: value d*q + m
            m = blocks[..., 2:4].copy().view(np.float16)[..., 0]
            qs, bits, bias = blocks[..., 4:], 4, m.astype(np.float32)
        # GGUF keeps element j in the low nibble and j+16 in the high nibble of byte j;
        # MLX packs consecutive elements, low nibble first.
        nib = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)
        packed = (nib[..., 0::2] | (nib[..., 1::2] << 4)).astype(np.uint8)
    weight = np.ascontiguousarray(packed).reshape(rows.shape[0], -1).view(np.uint32)
    out_shape = shape[:-1] + (weight.shape[-1],)
    scale_shape = shape[:-1] + (d.shape[-1],)
    return ConvertedTensor(
        weight=mx.array(weight.reshape(out_shape)),
        scales=mx.array(d.reshape(scale_shape)),
        biases=mx.array(bias.astype(np.float16).reshape(scale_shape)),
        bits=bits,
        group_size=block,
    )


def dequantized(info: TensorInfo, data: np.ndarray) -> mx.array:
    """The tensor's values as an MLX array (float32 for F32, float16/bfloat16 kept)."""
    qtype = Q(info.ggml_type)
    shape = tuple(reversed(info.shape))
    if qtype == Q.F32:
        return mx.array(data.view(np.float32).reshape(shape))
    if qtype == Q.F16:
        return mx.array(data.view(np.float16).reshape(shape))
    if qtype == Q.BF16:
        return mx.array(data.view(np.uint16).reshape(shape)).view(mx.bfloat16)
    rows, _ = _rows(info, data)
    try:
        values = dequantize(rows, qtype)
    except NotImplementedError as exc:
        raise UnsupportedModelError(
            f"Tensor '{info.name}' uses the {info.type_name} type, which Orchard cannot read yet."
        ) from exc
    return mx.array(values.reshape(shape).astype(np.float16))


def convert_tensor(info: TensorInfo, data: np.ndarray, *, exact: bool) -> ConvertedTensor:
    """Convert one tensor; ``quantizable`` 2-D weights of other types may be re-quantized."""
    qtype = Q(info.ggml_type)
    if qtype in REPACKED_TYPES and len(info.shape) == 2:
        return _repack(info, data)
    values = dequantized(info, data)
    if exact or qtype in FLOAT_TYPES or values.ndim != 2:
        return ConvertedTensor(weight=values)
    bits = nearest_mlx_bits(qtype)
    group = 64 if values.shape[-1] % 64 == 0 else 32
    w, scales, biases = mx.quantize(values, group_size=group, bits=bits)
    return ConvertedTensor(weight=w, scales=scales, biases=biases, bits=bits, group_size=group)
