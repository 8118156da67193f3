"""MLX quantized folders on the CPU backend: float16 products (the path before) against
float32 products with float16 output (inference/gguf/precision.py), the same model.

    .venv/bin/python benchmarks/cpu_quantized.py [--bits 4] [--prompt 16] [--tokens 8] [--rounds 3]

The starter GGUF is made into an MLX folder of ``--bits`` (inference.eval.quantize), loaded
twice: once as before (every float16 layer handed float16 input) and once as now (on the CPU,
quantized float16 layers compute in float32). Round by round, interleaved: CPU seconds (user+
sys, this process) per prefilled token (one ``--prompt``-token forward pass) and per decoded
token (``--tokens`` single-token steps on a KV cache), and the largest logit difference.
On a Mac (Metal) nothing changes: the float32 path is only taken on the CPU backend.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import inference  # noqa: E402,F401,I001 - before MLX: it picks MLX's BLAS
import mlx.core as mx  # noqa: E402
from mlx_lm.models.cache import make_prompt_cache  # noqa: E402

from inference.eval.quantize import quantize  # noqa: E402
from inference.gguf import precision  # noqa: E402
from inference.model.load import load_model  # noqa: E402
from inference.model.sources import resolve  # noqa: E402


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(model: Any, ids: list[int], tokens: int) -> tuple[float, float, mx.array]:
    """(CPU s per prefilled token, CPU s per decoded token, the prompt's last logits)."""
    cache = make_prompt_cache(model)
    c0 = cpu()
    logits = model(mx.array(ids)[None], cache=cache)
    mx.eval(logits)
    prefill = (cpu() - c0) / len(ids)
    last = logits[0, -1].astype(mx.float32)
    token = int(mx.argmax(last).item())
    c0 = cpu()
    for _ in range(tokens):
        out = model(mx.array([[token]]), cache=cache)
        token = int(mx.argmax(out[0, -1]).item())
    return prefill, (cpu() - c0) / tokens, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bits", type=int, default=4)
    parser.add_argument("--prompt", type=int, default=16)
    parser.add_argument("--tokens", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = quantize(resolve("starter").path, Path(tempfile.mkdtemp()) / "q", bits=args.bits
                      ).folder
    precision_on_cpu = precision.computes_on_cpu
    precision.computes_on_cpu = lambda: False  # type: ignore[assignment]
    before = load_model(folder)
    precision.computes_on_cpu = precision_on_cpu  # type: ignore[assignment]
    now = load_model(folder)
    ids = now.tokenizer.encode("The orchard in autumn: " * 40, add_bos=False)[:args.prompt]
    print(f"starter as MLX {args.bits}-bit, {len(ids)}-token prompt, {args.tokens} decoded "
          f"tokens, {args.rounds} rounds ({platform.machine()}, {platform.system()}, "
          f"MLX on {mx.default_device()})")
    figures: dict[str, dict[str, list[float]]] = {n: {"prefill": [], "decode": []}
                                                  for n in ("before", "now")}
    diff = 0.0
    for r in range(args.rounds):
        lasts = {}
        for name, lm in (("before", before), ("now", now)):
            prefill, decode, lasts[name] = timed(lm.model, ids, args.tokens)
            figures[name]["prefill"].append(prefill)
            figures[name]["decode"].append(decode)
            print(f"round {r + 1} {name:>6}: {1000 * prefill:8.1f} ms CPU per prefilled token, "
                  f"{1000 * decode:8.1f} ms CPU per decoded token")
        diff = max(diff, float(mx.max(mx.abs(lasts["before"] - lasts["now"])).item()))
    med = {n: {k: statistics.median(v) for k, v in f.items()} for n, f in figures.items()}
    print(f"CPU per prefilled token, now / before: "
          f"{med['now']['prefill'] / med['before']['prefill']:.3f}")
    print(f"CPU per decoded token, now / before: "
          f"{med['now']['decode'] / med['before']['decode']:.3f}")
    print(f"largest difference of the prompt's last logits: {diff:.4f}")


if __name__ == "__main__":
    main()
