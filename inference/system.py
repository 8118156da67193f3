"""Where macOS and Linux differ for the inference library: the one place that asks.

The product runs on Apple Silicon (MLX on Metal); Linux runs MLX's CPU backend for
development and CI. Everything else in ``inference`` is device-agnostic.
"""

from __future__ import annotations

import ctypes
import logging
import os
import platform
import sys
from pathlib import Path

log = logging.getLogger(__name__)

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
        # mlx-kquant's CPU pool sizes itself by the machine's cores, not the ones this
        # process may use (a container's, taskset's): it is told (see use_openblas).
        os.environ.setdefault("KQ_CPU_THREADS", str(cpu_threads()))
        use_openblas()
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


#: Which BLAS MLX's CPU backend multiplies with in this process: "openblas" once
#: :func:`use_openblas` has loaded it, else "reference" (netlib's, in MLX's Linux wheel) on
#: Linux and "accelerate" on macOS.
BLAS = "accelerate" if sys.platform == "darwin" else "reference"

#: Where ``make`` builds the CBLAS names for OpenBLAS (packaging/build_openblas_shim.sh).
OPENBLAS_SHIM = Path(sys.prefix) / "lib" / "orchard" / "libmlx_openblas.so"


def cpu_threads() -> int:
    """The cores this process may use (its affinity, which a container or taskset narrows)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def use_openblas() -> bool:
    """Make MLX's Linux CPU backend multiply through OpenBLAS; True when it does.

    The mlx[cpu] wheel links netlib's reference BLAS, a plain loop some 20x slower than
    OpenBLAS on a prompt-sized product, and prompts on the CPU are BLAS-bound
    (:func:`inference.gguf.precision.tiled_product`). libmlx.so finds ``cblas_sgemm`` by name,
    so loading a library that exports it, globally and before MLX, is enough: the shim
    ``make`` builds gives the scipy-openblas32 wheel's prefixed functions their usual names
    (packaging/openblas_shim.c says why that wheel). Without the shim (a venv made by hand)
    MLX keeps its own BLAS: slower, the same results. ``ORCHARD_BLAS=reference`` keeps it
    too, for benchmarks. The Linux bundle carries the shim under its own ``sys.prefix``.

    Threads: OpenBLAS and mlx-kquant's CPU pool each use every core (``KQ_CPU_THREADS``
    and ``OPENBLAS_NUM_THREADS`` narrow them). They take turns, never both at once: MLX runs
    one op at a time on its CPU stream, a product through BLAS, a dequantization or decode
    step through the pool. So that a BLAS call's workers do not spin on the cores the pool's
    next op needs, OpenBLAS parks them at once (``OPENBLAS_THREAD_TIMEOUT``; its effect alone
    is not measured: two threads cost within 5% of one's CPU per token, docs/cpu-speed.md).
    """
    if "mlx.core" in sys.modules:  # too late: libmlx has bound its BLAS (measured: a shim
        # loaded after it is not used even before the first product)
        log.warning("MLX was imported before Orchard's library, so it keeps its reference "
                    "BLAS: import inference first")
        return False
    if os.environ.get("ORCHARD_BLAS", "").strip().lower() == "reference":
        return False
    if not OPENBLAS_SHIM.is_file():
        log.info("MLX keeps its reference BLAS: %s is missing (run make)", OPENBLAS_SHIM)
        return False
    os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")  # read when the library loads
    try:
        shim = ctypes.CDLL(str(OPENBLAS_SHIM), mode=ctypes.RTLD_GLOBAL)
    except OSError as exc:
        log.warning("MLX keeps its reference BLAS: OpenBLAS did not load (%s)", exc)
        return False
    if "OPENBLAS_NUM_THREADS" not in os.environ:
        threads = os.environ.get("KQ_CPU_THREADS", "")
        count = int(threads) if threads.isdigit() and int(threads) > 0 else cpu_threads()
        shim.scipy_openblas_set_num_threads(ctypes.c_int(count))
    global BLAS
    BLAS = "openblas"
    return True
