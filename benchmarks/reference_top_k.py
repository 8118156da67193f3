"""How much of the KL divergence the stored top-k reference keeps, on a real model.

    .venv/bin/python benchmarks/reference_top_k.py [--tokens 1024]

The starter (SmolLM2-135M-Instruct Q4_1, as published) is the reference; an MLX 4-bit copy
made from it is the model measured. For each k the mean KL over the kept tokens plus the tail
bucket is printed as a ratio of the full-vocabulary KL measured in the same run (1.000 would be
no loss), with the size of the stored reference. Writes nothing; docs/compare-ladder.md keeps
the result.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORCHARD_HOME", tempfile.mkdtemp(prefix="orchard-topk-"))


def main() -> int:
    import mlx.core as mx

    from inference.eval.compare import builtin_text
    from inference.eval.quality import (
        _log_probs,
        score_against,
        score_reference,
        tokenize_text,
        windows,
    )
    from inference.eval.quantize import quantize
    from inference.model.load import load_model
    from inference.model.sources import resolve

    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=1024)
    args = parser.parse_args()
    starter = resolve("starter").path
    ref_lm = load_model(starter)
    variant = quantize(starter, Path(tempfile.mkdtemp()) / "q4", bits=4, group_size=64).folder
    lm = load_model(variant)
    ids = tokenize_text(ref_lm, builtin_text("en"), args.tokens)
    total, n = 0.0, 0
    for w, first in windows(ids, 512):
        ref_logp, logp = _log_probs(ref_lm, w, first), _log_probs(lm, w, first)
        kl = mx.sum(mx.exp(ref_logp) * (ref_logp - logp), axis=-1)
        total += float(mx.sum(kl).item())
        n += kl.shape[0]
    full = total / n
    print(f"starter Q4_1 -> MLX 4-bit, {n} positions, vocabulary {ref_lm.vocab_size}")
    print(f"full-vocabulary mean KL: {full:.5f} nats")
    print("k      mean KL   ratio to full   stored MB   seconds")
    for k in (16, 64, 256, 1024, 4096):
        start = time.perf_counter()
        _, ref = score_reference(ref_lm, ids, window=512, top_k=k)
        kl = score_against(lm, ref).kl or 0.0
        seconds = time.perf_counter() - start
        size = (ref.top_ids.nbytes + ref.top_logp.nbytes + ref.nll.nbytes) / 1e6
        print(f"{k:<6} {kl:.5f}   {kl / full:.4f}          {size:8.2f}   {seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
