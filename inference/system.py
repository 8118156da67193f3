"""Where macOS and Linux differ for the inference library: the one place that asks.

The product runs on Apple Silicon (MLX on Metal); Linux runs MLX's CPU backend for
development and CI. Everything else in ``inference`` is device-agnostic.
"""

from __future__ import annotations

import os
import platform
import sys

#: mlx-kquant's macOS binaries need macOS 26.2 or later (the wheel's tag says 26.0).
KQUANT_MIN_MACOS = (26, 2)


def is_mac() -> bool:
    return sys.platform == "darwin"


def macos_version() -> tuple[int, ...]:
    """(major, minor) of the running macOS, () elsewhere or when it cannot be read."""
    if not is_mac():
        return ()
    text = platform.mac_ver()[0]
    try:
        return tuple(int(part) for part in text.split(".")[:2])
    except ValueError:
        return ()


def computes_on_cpu() -> bool:
    """MLX computes on the CPU (Linux; a Mac without Metal): its half-precision quantized
    matrix products are scalar loops there, dozens of times slower than in float32."""
    import mlx.core as mx

    return bool(mx.default_device() == mx.cpu)


def prepare_runtime() -> None:
    """Process-wide settings MLX reads before its first use; called on ``import inference``.

    On Linux, MLX's CPU compile JIT emits C++ that GCC rejects for some graphs (mlx-kquant's
    README, "Limitations"), so model forwards run eagerly there, with identical numerics.
    Metal compiles its own kernels and keeps ``mx.compile``.
    """
    if sys.platform.startswith("linux"):
        os.environ.setdefault("MLX_DISABLE_COMPILE", "1")
    # huggingface_hub reads these at import. Its telemetry off (its documented switch):
    # Orchard asks the Hub only what the user asked for.
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    # Its caches go under Orchard's cache folder (~/Library/Caches/Orchard/huggingface on a
    # Mac, under ORCHARD_HOME when that is set), never ~/.cache/huggingface. HF_HOME itself is
    # left alone, so the token from `hf auth login` still works for gated repos. A variable
    # the user set wins.
    from inference.paths import cache_dir  # platformdirs only: no MLX, no huggingface_hub

    hub = cache_dir() / "huggingface"
    for variable, folder in (("HF_HUB_CACHE", "hub"), ("HF_ASSETS_CACHE", "assets"),
                             ("HF_XET_CACHE", "xet")):
        os.environ.setdefault(variable, str(hub / folder))
