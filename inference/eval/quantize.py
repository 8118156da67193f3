"""Make MLX quantized variants of a local model: 2, 3, 4, 5, 6 or 8 bits, groups of 32 or 64.

The source is an MLX folder (float or already quantized) or a GGUF file loaded in exact mode.
Quantization itself is mlx-lm's (``quantize_model``), and the folder is written with its
``save_model`` / ``save_config``, so the result is an ordinary MLX folder that ``load_model``
(and ``mlx_lm.load``) can open. Layers that arrive quantized (an MLX 4-bit folder, or GGUF
Q4_0/Q4_1/Q8_0 blocks, which even exact mode keeps as MLX 4/8-bit) are dequantized first with
``dequantize_model``: re-quantizing a quantized grid compounds the two roundings, which is
what a "4-bit from Q4_1" variant honestly is.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlx.nn as nn
from mlx.utils import tree_reduce

from inference.errors import OrchardError
from inference.files import DiskFullError, is_disk_full
from inference.model.memory import format_bytes
from inference.model.sources import resolve

log = logging.getLogger(__name__)

QUANT_BITS = (2, 3, 4, 5, 6, 8)
GROUP_SIZES = (32, 64)
#: Room beyond the weights: the tokenizer files, the config, the filesystem's own needs.
SPACE_MARGIN = 64 * 1024**2


@dataclass(frozen=True)
class QuantizeResult:
    folder: Path
    bits: int
    group_size: int
    bits_per_weight: float
    size_bytes: int
    seconds: float


def _check(bits: int, group_size: int, out: Path) -> None:
    if bits not in QUANT_BITS:
        raise OrchardError(
            f"{bits}-bit is not an MLX quantization; choose one of "
            f"{', '.join(map(str, QUANT_BITS))}."
        )
    if group_size not in GROUP_SIZES:
        raise OrchardError("The group size must be 32 or 64.")
    if out.exists() and any(out.iterdir()):
        raise OrchardError(f"{out} already exists and is not empty; choose a new folder.")


def _from_gguf(path: Path) -> tuple[nn.Module, dict[str, Any], Any]:
    """The exact-mode model, an HF-style config mlx-lm can rebuild it from, and the tokenizer."""
    from inference.gguf.architectures import build_model
    from inference.gguf.reader import read_gguf
    from inference.gguf.tokenizer import tokenizer_from_gguf

    f = read_gguf(path)
    if "rope_freqs.weight" in f.tensors:
        # Our loader patches per-frequency RoPE factors in by hand; a saved folder would lose
        # them and quietly produce a different model.
        raise OrchardError(
            f"{path.name} uses RoPE frequency factors, which an MLX folder cannot carry yet; "
            "quantize an MLX float16 copy of the model instead."
        )
    model, config, _ = build_model(f, exact=True)
    tokenizer = tokenizer_from_gguf(f.metadata)
    config = dict(config)
    config["eos_token_id"] = sorted(tokenizer.eos_token_ids)
    if tokenizer.bos_token_id is not None:
        config["bos_token_id"] = tokenizer.bos_token_id
    return model, config, tokenizer.hf_tokenizer()


def _from_mlx(folder: Path) -> tuple[nn.Module, dict[str, Any], Any]:
    from mlx_lm.utils import load_model as mlx_load_model
    from mlx_lm.utils import load_tokenizer

    try:
        model, config = mlx_load_model(folder)
        wrapper = load_tokenizer(folder, eos_token_ids=config.get("eos_token_id"))
    except (ValueError, OSError, KeyError) as exc:
        raise OrchardError(f"{folder.name} could not be loaded: {exc}") from exc
    return model, dict(config), wrapper._tokenizer


def quantize(
    source: str | os.PathLike[str], out: str | os.PathLike[str], *, bits: int,
    group_size: int = 64,
) -> QuantizeResult:
    """Write an MLX ``bits``-bit variant of ``source`` to the new folder ``out``.

    Call it on the thread that may later load the result (it loads the source with MLX).
    """
    from mlx_lm.utils import (
        compute_bits_per_weight,
        dequantize_model,
        quantize_model,
        save_config,
        save_model,
    )

    start = time.perf_counter()
    out_path = Path(out)
    _check(bits, group_size, out_path)
    src = resolve(source)
    if src.kind == "gguf":
        model, config, hf_tokenizer = _from_gguf(src.path)
    else:
        model, config, hf_tokenizer = _from_mlx(src.path)

    model = dequantize_model(model)
    config.pop("quantization", None)
    config.pop("quantization_config", None)
    # quantize_model prints its bits-per-weight line; the library must not write to stdout.
    with contextlib.redirect_stdout(io.StringIO()):
        model, config = quantize_model(model, config, group_size, bits)
    bpw = float(compute_bits_per_weight(model))

    needed = int(tree_reduce(lambda n, a: n + a.nbytes, model.parameters(), 0)) + SPACE_MARGIN
    _check_space(out_path, needed, bits)
    # Written into a hidden folder beside ``out`` that takes its name once whole: a full disk
    # (or any failure) part-way must not leave a folder with a config.json and half the
    # weights, which would open as a model and answer nonsense.
    staging: Path | None = None
    try:
        staging = _staging(out_path)
        save_model(staging, model, donate_model=True)
        _check_weights(staging, out_path, bits)
        save_config(config, staging / "config.json")
        hf_tokenizer.save_pretrained(str(staging))
        if src.kind == "mlx":
            jinja = src.path / "chat_template.jinja"
            if jinja.is_file() and not (staging / "chat_template.jinja").exists():
                shutil.copy(jinja, staging / "chat_template.jinja")
        _note_source(staging, src.path, bits, group_size)
        os.replace(staging, out_path)  # onto nothing, or onto the empty folder _check allowed
        staging = None
    except DiskFullError:
        raise
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError(out_path, f"the {bits}-bit variant") from exc
        raise OrchardError(f"Could not write {out_path}: {exc}") from exc
    finally:
        if staging is not None:  # nothing of a failed variant is left
            shutil.rmtree(staging, ignore_errors=True)
    size = sum(p.stat().st_size for p in out_path.iterdir() if p.is_file())
    seconds = time.perf_counter() - start
    log.info("quantized %s to %d-bit (group %d) in %.1fs", src.name, bits, group_size, seconds)
    return QuantizeResult(out_path, bits, group_size, bpw, size, seconds)


def _check_space(out: Path, needed: int, bits: int) -> None:
    """Refuse up front what the disk has no room for, before minutes of writing (and mlx
    does not report a write that failed: see :func:`_check_weights`)."""
    probe = out
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return  # not known: the write itself will tell
    if needed > free:
        raise OrchardError(
            f"Not enough free space for the {bits}-bit variant: it needs {format_bytes(needed)} "
            f"and {probe} has {format_bytes(free)}; free some space or choose another folder.")


def _staging(out: Path) -> Path:
    """A new hidden folder beside ``out`` (same disk, so it can take ``out``'s name)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    staging.mkdir()  # with the user's umask, as the final folder should be
    return staging


def _check_weights(folder: Path, out: Path, bits: int) -> None:
    """Each safetensors file is as long as its header says. ``mx.save_safetensors`` does not
    report a write that failed (mlx 0.32: saving to /dev/full returns quietly), so a
    full disk would otherwise leave weights cut short in a folder that looks whole."""
    for path in sorted(folder.glob("*.safetensors")):
        with path.open("rb") as f:
            head = f.read(8)
            length = int.from_bytes(head, "little") if len(head) == 8 else -1
            try:
                header = json.loads(f.read(length)) if length > 0 else None
            except ValueError:
                header = None
        if not isinstance(header, dict):
            header = None
        ends = [v["data_offsets"][1] for k, v in (header or {}).items()
                if k != "__metadata__" and isinstance(v, dict) and "data_offsets" in v]
        if header is None or path.stat().st_size != 8 + length + max(ends, default=0):
            # cut short with no error of its own: the disk filled up under mlx
            raise DiskFullError(out, f"the {bits}-bit variant")


def _note_source(out: Path, source: Path, bits: int, group_size: int) -> None:
    """Where the variant came from, for the user who finds the folder months later."""
    note = {"source": str(source), "bits": bits, "group_size": group_size, "tool": "orchard"}
    (out / "orchard_quantize.json").write_text(json.dumps(note, indent=2), encoding="utf-8")
