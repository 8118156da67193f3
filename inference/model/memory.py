"""Will a model fit? Weights plus the KV cache at the chosen context, against this machine.

The estimate is made before loading anything, from the file's tensor table or folder size,
so a model too big for the Mac is refused with both numbers instead of swapping it to death.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from inference.errors import ModelTooLargeError, OrchardError

GB = 1024**3
#: Fixed cost of the runtime, activations and a prefill chunk, on top of weights and cache.
OVERHEAD_BYTES = 256 * 1024**2
TIGHT_FRACTION = 0.8


def physical_memory_bytes() -> int:
    """Total RAM (unified memory on Apple Silicon); POSIX sysconf works on macOS and Linux."""
    return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))


def _parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*([\d.]+)\s*([kmgt]?)i?b?\s*", text.lower())
    if not match:
        raise ValueError(f"not a size: {text!r}")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": GB, "t": 1024**4}[match.group(2)]
    return int(float(match.group(1)) * scale)


def memory_budget_bytes() -> int:
    """What a model may use: Metal's recommended working set on a Mac, else 75% of RAM.

    ``ORCHARD_MEMORY_LIMIT`` (e.g. ``8GB``) overrides it, for users and for tests.
    """
    override = os.environ.get("ORCHARD_MEMORY_LIMIT")
    if override:
        try:
            return _parse_size(override)
        except ValueError as exc:
            raise OrchardError(
                f"ORCHARD_MEMORY_LIMIT={override!r} is not a size such as 8GB or 512MB."
            ) from exc
    try:
        import mlx.core as mx

        info = mx.device_info() if mx.metal.is_available() else {}
        recommended = int(info.get("max_recommended_working_set_size", 0))
        if recommended:
            return recommended
    except (ImportError, AttributeError, RuntimeError):
        pass
    return int(physical_memory_bytes() * 0.75)


def format_bytes(n: int) -> str:
    """1.5 GB, 640 MB below a gigabyte, 12 kB below a megabyte (small sizes and rates must
    not read as 0 MB)."""
    if n >= GB:
        return f"{n / GB:.1f} GB"
    if n >= 1024**2:
        return f"{n / 1024**2:.0f} MB"
    return f"{max(n, 0) / 1024:.0f} kB"


def kv_cache_bytes(
    n_layers: int, n_kv_heads: int, head_dim: int, ctx: int, itemsize: int = 2,
    kv_bits: int | None = None,
) -> int:
    """Keys and values for every layer at ``ctx`` tokens: float16 unless told otherwise, or
    quantized to ``kv_bits`` as mlx-lm's QuantizedKVCache stores them (packed values plus a
    16-bit scale and bias per group of 64, or of 32 for narrower heads)."""
    elements = 2 * n_layers * n_kv_heads * head_dim * ctx
    if kv_bits is None:
        return elements * itemsize
    group = 64 if head_dim % 64 == 0 else 32
    return elements * kv_bits // 8 + elements // group * 2 * itemsize


@dataclass(frozen=True)
class MemoryEstimate:
    weights_bytes: int
    kv_bytes: int
    context_length: int
    budget_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.weights_bytes + self.kv_bytes + OVERHEAD_BYTES

    @property
    def verdict(self) -> str:
        """``fits``, ``tight`` (over 80% of the budget) or ``will not fit``."""
        if self.total_bytes > self.budget_bytes:
            return "will not fit"
        return "tight" if self.total_bytes > TIGHT_FRACTION * self.budget_bytes else "fits"

    def check(self, name: str) -> None:
        if self.verdict == "will not fit":
            raise ModelTooLargeError(
                f"{name} needs about {format_bytes(self.total_bytes)} at a context of "
                f"{self.context_length} tokens but this machine has "
                f"{format_bytes(self.budget_bytes)} for models; pick a smaller quantization or a "
                "shorter context."
            )


def largest_context_that_fits(
    weights_bytes: int, n_layers: int, n_kv_heads: int, head_dim: int, budget: int, wanted: int,
    kv_bits: int | None = None,
) -> int:
    """The model's context, capped by what fits beside its weights (at least 512 tokens)."""
    per_token = kv_cache_bytes(n_layers, n_kv_heads, head_dim, 1, kv_bits=kv_bits)
    room = budget - weights_bytes - OVERHEAD_BYTES
    if per_token <= 0 or room <= 0:
        return min(wanted, 512)
    return max(min(wanted, room // per_token), min(wanted, 512))
