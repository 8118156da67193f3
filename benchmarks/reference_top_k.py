"""How much of the KL divergence the stored top-k reference keeps.

    .venv/bin/python benchmarks/reference_top_k.py --reference REF.gguf --model MODEL.gguf \\
        --text FILE [--tokens 1024]

The full-vocabulary mean KL of MODEL against REF over the text (whole 512-token windows, the
second half of each scored, as compare scores) is measured first; then, for several k, the
mean KL over the reference's k likeliest tokens plus the tail bucket, printed as a ratio of
the full figure measured in the same run (1.000: nothing lost), with the size of the stored
arrays. docs/compare-ladder.md keeps the result.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ORCHARD_HOME", tempfile.mkdtemp(prefix="orchard-topk-"))


def main() -> int:
    import inference  # noqa: F401,I001 - before MLX: it picks MLX's BLAS
    import mlx.core as mx

    from inference.eval.quality import _log_probs, tokenize_text, top_k_kl, windows
    from inference.model.load import load_model

    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--text", type=Path, required=True)
    parser.add_argument("--tokens", type=int, default=1024)
    args = parser.parse_args()
    ref = load_model(args.reference)
    lm = load_model(args.model)
    ids = tokenize_text(ref.tokenizer, args.text.read_text(encoding="utf-8"), args.tokens)
    ks = (64, 256, 1024, 4096)
    total, n = 0.0, 0
    kept = dict.fromkeys(ks, 0.0)
    for w, first in windows(ids, 512):  # each model runs once; every k is read from that
        ref_logp, logp = _log_probs(ref, w, first), _log_probs(lm, w, first)
        kl = mx.sum(mx.exp(ref_logp) * (ref_logp - logp), axis=-1)
        total += float(mx.sum(kl).item())
        n += kl.shape[0]
        for k in ks:
            best = mx.argpartition(-ref_logp, kth=k - 1, axis=-1)[:, :k]
            bound = top_k_kl(best, mx.take_along_axis(ref_logp, best, axis=-1), logp)
            kept[k] += float(mx.sum(mx.maximum(bound, 0.0)).item())
    full = total / n
    print(f"{args.model.name} against {args.reference.name}: {n} positions, "
          f"full-vocabulary mean KL {full:.5f}")
    for k in ks:
        size = n * k * 8 / 1e6  # int32 ids and float32 log-probabilities
        print(f"k={k}: {kept[k] / n:.5f} ({kept[k] / n / full:.4f} of full), stored "
              f"{size:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
