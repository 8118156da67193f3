"""Run a GGUF file as published: the file's own tensor bytes through mlx-kquant's codecs.

mlx-kquant (MIT) reads a GGUF with gguflib's mmap and hands back each quantized tensor as
its wire bytes (zero-copy on Metal), and its ``KQuant*`` modules run every llama.cpp codec
on those bytes, on Metal and on the CPU. Nothing is dequantized or re-quantized, so a Q6_K
file computes with Q6_K's values, and memory is about the file's size.

mlx-kquant does not know mlx-lm's parameter names: our architecture tables
(:mod:`inference.gguf.architectures`) map llama.cpp's names onto the mlx-lm model class, and
mlx-kquant's ``install_kquant_modules`` swaps the quantized leaves.

Where it cannot run, the converter in :mod:`inference.gguf.weights` takes over and the
loaded model says ``weights == "converted"``:
- the library is not installed (a platform without a wheel or a build of it),
- a Mac older than macOS 26.2 (its binaries need it), or its Metal library fails to load,
- a tensor type it does not decode (llama.cpp's ternary TQ1_0 and TQ2_0),
- ``ORCHARD_GGUF_WEIGHTS=converted`` (for comparing the two paths).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mlx.core as mx
import mlx.nn as nn
from gguf import GGMLQuantizationType as Q

from inference.errors import GGUFError, UnsupportedModelError
from inference.gguf.precision import through_blas, tiled_product
from inference.gguf.reader import Q2_0, GGUFFile
from inference.system import KQUANT_MIN_MACOS, is_mac, macos_version

log = logging.getLogger(__name__)

NATIVE = "native"
CONVERTED = "converted"
REFERENCE = "reference"  # every tensor's exact values in float32 (see architectures.build_model)

#: GGUF tensor type ids and the mlx-kquant codec that runs each one as it is in the file.
CODECS: dict[int, str] = {
    Q.Q4_0: "q4_0", Q.Q4_1: "q4_1", Q.Q5_0: "q5_0", Q.Q5_1: "q5_1", Q.Q8_0: "q8_0",
    Q.Q2_K: "q2_k", Q.Q3_K: "q3_k", Q.Q4_K: "q4_k", Q.Q5_K: "q5_k", Q.Q6_K: "q6_k",
    Q.IQ4_NL: "iq4_nl", Q.IQ4_XS: "iq4_xs", Q.IQ3_S: "iq3_s", Q.IQ3_XXS: "iq3_xxs",
    Q.IQ2_XXS: "iq2_xxs", Q.IQ2_XS: "iq2_xs", Q.IQ2_S: "iq2_s", Q.IQ1_S: "iq1_s",
    Q.IQ1_M: "iq1_m", Q.MXFP4: "mxfp4", Q.NVFP4: "nvfp4",
    Q2_0: "q2_0",  # newer than gguf-py's enum
}
#: Plain floating-point tensors: loaded as they are stored.
FLOATS: set[int] = {Q.F32, Q.F16, Q.BF16}


def _forced_converter() -> bool:
    return os.environ.get("ORCHARD_GGUF_WEIGHTS", "").strip().lower() == CONVERTED


@functools.cache
def _library_problem() -> str | None:
    if is_mac():
        version = macos_version()
        if version and version < KQUANT_MIN_MACOS:
            return (f"running GGUF files as published needs macOS "
                    f"{'.'.join(map(str, KQUANT_MIN_MACOS))} or later")
    try:
        import mlx_kquant as kq
    except ImportError:
        return "mlx-kquant is not installed"
    except Exception as exc:  # a broken binary (wrong MLX, missing library) fails on import
        log.warning("mlx-kquant failed to import: %s", exc)
        return "mlx-kquant could not be loaded"
    try:
        missing = set(CODECS.values()) - set(kq.codecs())
        if is_mac() and mx.metal.is_available() and not kq.metallib_loads():
            return "mlx-kquant's Metal library did not load"
    except Exception as exc:
        log.warning("mlx-kquant self-check failed: %s", exc)
        return "mlx-kquant failed its self-check"
    if missing:
        log.warning("mlx-kquant lacks the codecs %s", sorted(missing))
        return "this mlx-kquant build lacks some GGUF codecs"
    return None


def library_problem() -> str | None:
    """Why mlx-kquant cannot run here, or None when it can."""
    if _forced_converter():
        return "ORCHARD_GGUF_WEIGHTS=converted is set"
    return _library_problem()


def native_problem(f: GGUFFile) -> str | None:
    """Why ``f`` cannot run as published (so it will be converted), or None when it can."""
    problem = library_problem()
    if problem:
        return problem
    for t in f.tensors.values():
        if t.ggml_type not in CODECS and t.ggml_type not in FLOATS:
            return f"mlx-kquant does not decode the {t.type_name} tensor type"
    return None


def weights_path(f: GGUFFile, *, exact: bool = False) -> str:
    """"native" or "converted": how :func:`~inference.gguf.architectures.build_model` loads ``f``.

    A file whose only problem is a tensor type without a codec is "converted" (it does not
    run entirely as published) but still loads through mlx-kquant (see :func:`load_native`).
    """
    if exact:  # float16 values of every tensor: the converter's own mode
        return CONVERTED
    return NATIVE if native_problem(f) is None else CONVERTED


def native_bytes(f: GGUFFile) -> int:
    """Memory for the weights when run as published: the tensors' own bytes."""
    return sum(t.nbytes for t in f.tensors.values())


#: Without zero-copy buffers (MLX's CPU backend), each tensor is copied out of the file's
#: mapping; reading the file in slices (this many bytes, or a 6th of it) keeps the pages of
#: only one slice resident next to the copies, so the load peaks near 1.2x the file, not 2x
#: (each slice costs a header parse: a 6th keeps a 1B file's load within 1.1 s here).
_SLICE_BYTES = 16 << 20


def _slices(f: GGUFFile, path: Path, skip: list[str]) -> list[list[str]]:
    """The names to skip in each ``load_gguf`` call over ``path``."""
    names = [n for n, t in f.tensors.items() if t.path == path and n not in skip]
    if mx.metal.is_available():  # zero-copy views: one pass maps the file and copies nothing
        return [skip]
    size = sum(f.tensors[n].nbytes for n in names)
    limit = max(_SLICE_BYTES, size // 6)
    groups: list[list[str]] = [[]]
    used = 0
    for name in sorted(names, key=lambda n: f.tensors[n].offset):
        if groups[-1] and used + f.tensors[name].nbytes > limit:
            groups.append([])
            used = 0
        groups[-1].append(name)
        used += f.tensors[name].nbytes
    slices = []
    for group in groups:
        keep = set(group)
        slices.append(skip + [n for n in names if n not in keep])
    return slices


def _read_arrays(f: GGUFFile, skip: list[str]) -> tuple[dict[str, mx.array], dict[str, str]]:
    import mlx_kquant as kq

    arrays: dict[str, mx.array] = {}
    codecs: dict[str, str] = {}
    for path in f.paths:
        for skipped in _slices(f, path, skip):
            try:
                a, c, _, _ = kq.load_gguf(str(path), zero_copy=True, skip=skipped)
            except (RuntimeError, ValueError) as exc:
                # read_gguf validated the file; this is a disk error or a file changed since.
                raise GGUFError(f"{path.name} could not be read: {exc}") from None
            arrays.update(a)
            codecs.update(c)
    return arrays, codecs


Fix = Callable[[str, mx.array], mx.array]


def _dense_product(x: mx.array, weight: mx.array, scales: mx.array, codec: str) -> mx.array:
    """``x @ W.T`` for a GGUF-quantized ``W`` on the CPU: :func:`tiled_product` over the rows
    mlx-kquant's own codec dequantizes (the file's exact values, in float32)."""
    import mlx_kquant as kq

    return tiled_product(x, weight.shape[0], lambda start, stop: kq.dequantize(
        weight[start:stop], scales, codec, dtype=mx.float32))


@functools.cache
def _half_inputs() -> dict[type, type]:
    """mlx-kquant's module classes, each with a subclass that hands its op float16 inputs.

    The library casts float32 activations to bfloat16 (7 mantissa bits) before its
    kernels; over a whole model that costs about 1e-3 nats of KL against the file's exact
    values. llama.cpp's Metal matmul reads activations as half, so we do the same: the
    residual stream stays float32 (float tensors as stored), each quantized matmul gets
    float16 inputs and returns float16 (so the KV cache is float16, as the memory estimate
    assumes). Measured on the starter: 1.7e-5 nats instead of 1.6e-3.
    """
    from mlx_kquant.nn import KQuantEmbedding, KQuantLinear, KQuantSwitchLinear

    class HalfLinear(KQuantLinear):
        def __call__(self, x: mx.array, lora: Any = None) -> mx.array:
            if lora is None and through_blas(x):
                y = _dense_product(x, self["weight"], self["scales"], self.kquant_type)
                return y + self["bias"] if "bias" in self else y
            return super().__call__(x.astype(mx.float16), lora)

    class HalfEmbedding(KQuantEmbedding):
        def as_linear(self, x: mx.array) -> mx.array:  # a tied output layer
            if through_blas(x):
                return _dense_product(x, self["weight"], self["scales"], self.kquant_type)
            return super().as_linear(x.astype(mx.float16))

    class HalfSwitchLinear(KQuantSwitchLinear):
        def __call__(self, x: mx.array, indices: mx.array, *args: Any, **kw: Any) -> mx.array:
            return super().__call__(x.astype(mx.float16), indices, *args, **kw)

    return {KQuantLinear: HalfLinear, KQuantEmbedding: HalfEmbedding,
            KQuantSwitchLinear: HalfSwitchLinear}


def _use_half_inputs(model: nn.Module) -> None:
    classes = _half_inputs()
    for _, module in model.named_modules():
        half = classes.get(type(module))
        if half is not None:
            # install_kquant_modules builds the library's classes; the subclasses add no
            # state, only a cast, so retyping the instances keeps the library's swap.
            module.__class__ = half
            if hasattr(module, "out_dtype"):  # embedding rows start the float32 stream
                module.out_dtype = mx.float32



def load_native(model: nn.Module, f: GGUFFile, targets: dict[str, str], fix: Fix) -> None:
    """Swap ``model``'s quantized leaves for mlx-kquant modules and load ``f``'s own bytes.

    ``targets`` maps each GGUF tensor to load onto its mlx-lm parameter name; ``fix`` undoes
    the converter's changes (see ``ArchSpec.fix``). A tensor of a type mlx-kquant has no
    codec for (TQ1_0, TQ2_0) is expanded to its exact values in float16; every other tensor
    still runs as published.
    """
    from mlx_kquant.nn import install_kquant_modules

    from inference.gguf.weights import dequantized

    expand = [n for n, t in f.tensors.items()
              if t.ggml_type not in CODECS and t.ggml_type not in FLOATS]
    arrays, codecs = _read_arrays(f, expand)
    for name in expand:
        arrays[name] = dequantized(f.tensors[name], f.tensor_data(name))
    per_tensor: dict[str, str] = {}
    weights: dict[str, mx.array] = {}
    for name, target in targets.items():
        weights[target] = fix(target, arrays[name])
        codec = codecs.get(name)
        if codec is not None:
            owner = target.rsplit(".", 1)[0]
            per_tensor[target] = codec
            weights[f"{owner}.scales"] = arrays[name.rsplit(".", 1)[0] + ".scales"]
    swapped = install_kquant_modules(model, per_tensor)
    if swapped != len(per_tensor):
        raise UnsupportedModelError(
            f"{f.path.name} has quantized tensors in places Orchard cannot run them natively."
        )
    _use_half_inputs(model)
    try:
        model.load_weights(list(weights.items()), strict=True)
    except ValueError as exc:
        raise GGUFError(f"{f.path.name} does not match its architecture: {exc}") from exc
