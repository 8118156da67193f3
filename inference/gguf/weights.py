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

import functools
import re
from dataclasses import dataclass

import mlx.core as mx
import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType
from gguf.quants import Q4_K, dequantize

from inference.errors import UnsupportedModelError
from inference.gguf.reader import Q2_0, TensorInfo, type_geometry

Q = GGMLQuantizationType
MLX_BITS = (2, 3, 4, 5, 6, 8)
#: Types that are plain floating point in the file.
FLOAT_TYPES = {Q.F32, Q.F16, Q.BF16}
#: Types repacked losslessly into MLX quantized weights.
REPACKED_TYPES = {Q.Q4_0, Q.Q4_1, Q.Q8_0}
REQUANT_GROUP = 32
#: Types whose 32-value groups are already affine (value = scale * q + bias), q of n bits:
#: they move onto MLX's grid exactly instead of being quantized a second time.
REGRID_BITS = {Q.Q4_K: 4, Q.Q5_K: 5, Q.Q5_0: 5, Q.Q5_1: 5}
#: Ternary types, and Q2_0 (levels -1..2 of a scale per 64): MLX's group-32 affine grid
#: cannot hold their levels exactly, so these keep their exact values as float16 rather than
#: being rounded a second time.
KEEP_FLOAT_TYPES: set[int] = {Q.TQ1_0, Q.TQ2_0, Q2_0}


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


def _dequantize_q2_0(rows: np.ndarray) -> np.ndarray:
    """ggml's dequantize_row_q2_0: blocks of 64 values, a float16 scale d and 2-bit codes
    packed four to a byte, low bits first; value = (code - 1) * d.

    gguf-py 0.19 predates the type, so this one decoder is ours.
    """
    blocks = rows.reshape(rows.shape[0], -1, 18)
    d = blocks[..., 0:2].copy().view(np.float16).astype(np.float32)
    qs = blocks[..., 2:]
    codes = (qs[..., None] >> np.array([0, 2, 4, 6], dtype=np.uint8)) & 3
    values = (codes.reshape(*qs.shape[:-1], 64).astype(np.float32) - 1) * d
    return values.reshape(rows.shape[0], -1)


@functools.cache
def convertible(ggml_type: int) -> bool:
    """Whether the converter can read this type: gguf-py dequantizes it (or it is a float)."""
    if ggml_type == Q2_0:
        return True
    try:
        qtype = Q(ggml_type)
    except ValueError:
        return False
    if qtype in FLOAT_TYPES:
        return True
    _, type_size = GGML_QUANT_SIZES[qtype]
    try:
        dequantize(np.zeros((1, type_size), np.uint8), qtype)
    except NotImplementedError:
        return False
    return True


def nearest_mlx_bits(ggml_type: int) -> int:
    """The MLX affine width for a GGUF type: its own nominal width (Q4_K → 4, IQ3_S → 3).

    The name carries the number of bits per quantized value; MLX has no 1-bit or 7-bit
    affine mode, so IQ1_* go to 2. Types named otherwise fall back to bits per weight.
    """
    name, block, type_size = type_geometry(ggml_type)
    match = re.match(r"^I?Q(\d)", name)
    width = int(match.group(1)) if match else round(type_size * 8 / block)
    return min(MLX_BITS, key=lambda b: (abs(b - width), -b))


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


def dequantized(info: TensorInfo, data: np.ndarray, *, float32: bool = False) -> mx.array:
    """The tensor's values as an MLX array (F32 as float32, F16/BF16 as stored).

    Quantized types come out as float16; with ``float32`` every type comes out as float32
    (the file's exact values, which the certification tests compute with: an F16 tensor
    kept as float16 there would make the yardstick run in float16 too).
    """
    shape = tuple(reversed(info.shape))
    if info.ggml_type == Q2_0:
        values = _dequantize_q2_0(_rows(info, data)[0])
        return mx.array(values.reshape(shape).astype(np.float32 if float32 else np.float16))
    qtype = Q(info.ggml_type)
    if qtype == Q.F32:
        return mx.array(data.view(np.float32).reshape(shape))
    if qtype in (Q.F16, Q.BF16):
        half = (mx.array(data.view(np.float16).reshape(shape)) if qtype == Q.F16 else
                mx.array(data.view(np.uint16).reshape(shape)).view(mx.bfloat16))
        return half.astype(mx.float32) if float32 else half
    rows, _ = _rows(info, data)
    try:
        values = dequantize(rows, qtype)
    except NotImplementedError as exc:
        raise UnsupportedModelError(
            f"Tensor '{info.name}' uses the {info.type_name} type, which Orchard cannot read yet."
        ) from exc
    return mx.array(values.reshape(shape).astype(np.float32 if float32 else np.float16))


def _pack(q: np.ndarray, bits: int) -> np.ndarray:
    """MLX's packing for any width: a little-endian bit stream, value i at bit i * bits."""
    planes = (q[..., None] >> np.arange(bits, dtype=np.uint8)) & 1
    packed = np.packbits(planes.reshape(*q.shape[:-1], -1), axis=-1, bitorder="little")
    return packed.view(np.uint32)


def _group_scale_bias(qtype: Q, blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per 32-value group (scale, bias) read from each block's header, as float32."""
    d = blocks[..., 0:2].copy().view(np.float16).astype(np.float32)
    if qtype in (Q.Q4_K, Q.Q5_K):  # d, dmin, 12 bytes of 6-bit (scale, min) for 8 groups
        dmin = blocks[..., 2:4].copy().view(np.float16).astype(np.float32)
        flat = blocks.reshape(-1, blocks.shape[-1])
        sc, m = Q4_K.get_scale_min(np.ascontiguousarray(flat[:, 4:16]))
        sc = sc.reshape(*blocks.shape[:-1], 8).astype(np.float32)
        m = m.reshape(*blocks.shape[:-1], 8).astype(np.float32)
        return d * sc, -(dmin * m)
    if qtype == Q.Q5_0:  # value d * (q - 16)
        return d, -16 * d
    m1 = blocks[..., 2:4].copy().view(np.float16).astype(np.float32)  # Q5_1: d * q + m
    return d, m1


def _regrid(info: TensorInfo, data: np.ndarray, values: mx.array) -> ConvertedTensor:
    qtype = Q(info.ggml_type)
    bits = REGRID_BITS[qtype]
    rows, shape = _rows(info, data)
    _, type_size = GGML_QUANT_SIZES[qtype]
    scale, bias = _group_scale_bias(qtype, rows.reshape(rows.shape[0], -1, type_size))
    scale = scale.reshape(rows.shape[0], -1)
    bias = bias.reshape(rows.shape[0], -1)
    v = np.array(values.astype(mx.float32)).reshape(rows.shape[0], -1, REQUANT_GROUP)
    safe = np.where(scale == 0, 1.0, scale)[..., None]
    q = np.clip(np.rint((v - bias[..., None]) / safe), 0, 2**bits - 1).astype(np.uint8)
    weight = _pack(q.reshape(rows.shape[0], -1), bits)
    return ConvertedTensor(
        weight=mx.array(weight.reshape(*shape[:-1], -1)),
        scales=mx.array(scale.astype(np.float16).reshape(*shape[:-1], -1)),
        biases=mx.array(bias.astype(np.float16).reshape(*shape[:-1], -1)),
        bits=bits,
        group_size=REQUANT_GROUP,
    )


def convert_tensor(
    info: TensorInfo, data: np.ndarray, *, exact: bool, float32: bool = False
) -> ConvertedTensor:
    """Convert one tensor; 2-D weights of other quantized types are re-quantized by default.

    ``exact``: every tensor as its dequantized values (float16, or float32 with ``float32``).
    """
    qtype = info.ggml_type  # an int: types newer than gguf-py's enum (Q2_0) pass through
    if qtype in REPACKED_TYPES and len(info.shape) == 2 and not float32:
        return _repack(info, data)
    values = dequantized(info, data, float32=float32)
    if exact or qtype in FLOAT_TYPES or qtype in KEEP_FLOAT_TYPES or values.ndim != 2:
        return ConvertedTensor(weight=values)
    if qtype in REGRID_BITS:
        return _regrid(info, data, values)
    bits = nearest_mlx_bits(qtype)
    # Group 32 lines up with the sub-blocks of the other K-quants and IQ types; it costs 1
    # bit per weight for scale and bias (GGUF spends about 0.5).
    w, scales, biases = mx.quantize(values, group_size=REQUANT_GROUP, bits=bits)
    return ConvertedTensor(
        weight=w, scales=scales, biases=biases, bits=bits, group_size=REQUANT_GROUP
    )
