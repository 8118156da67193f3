"""A 4-rung ladder of the starter measured on every category, timed: what a user waits for.

The starter (SmolLM2-135M-Instruct, its published Q4_1 GGUF, read in exact mode) is the
reference; three MLX quantizations made from it (8, 4 and 3 bits, group 64) are the rungs.
One ``Comparison`` per rung against the reference, as ``orchard compare --repo`` runs a
ladder: the first scores the reference on every text and stores its top-k scores, the others
reuse them without loading it. Every category of the default set (English, code, Japanese,
Chinese, a chat in the starter's template, the long document) with its speed timed at the
comparison's context.

    .venv/bin/python benchmarks/compare_categories.py --work /tmp/cats \\
        [--quality-tokens 512] [--ctx 8192]

Prints, per comparison, its wall and CPU time, the tokens each model read (what the time is
spent on), MLX's peak memory and the process's peak RSS, and then the per-category table.
docs/compare-categories.md keeps the result with the machine it came from.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--quality-tokens", type=int, default=512)
    parser.add_argument("--ctx", type=int, default=None,
                        help="the comparison's context (default: 8192 with the long document)")
    parser.add_argument("--bits", default="8,4,3")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ORCHARD_HOME", str(args.work / "home"))

    import inference  # noqa: F401,I001 - before MLX: it picks MLX's BLAS
    import mlx.core as mx

    from inference.eval.categories import default_set
    from inference.eval.compare import CompareSettings, Comparison
    from inference.eval.quality import windows
    from inference.eval.quantize import quantize
    from inference.eval.results import CompareReport, machine_facts
    from inference.model.sources import resolve

    reference = str(resolve("starter").path)
    rungs = []
    for bits in (int(b) for b in args.bits.split(",")):
        folder = args.work / f"starter-mlx-{bits}bit"
        if not folder.is_dir():
            quantize(reference, folder, bits=bits, group_size=64)
        rungs.append(str(folder))
    settings = CompareSettings(categories=tuple(default_set()),
                               quality_max_tokens=args.quality_tokens, ctx=args.ctx,
                               speed=True, reference=0)
    print("machine:", machine_facts())
    results = []
    total_wall = 0.0
    for k, rung in enumerate(rungs, 1):
        c = Comparison([reference, rung], settings)
        wall, cpu = time.perf_counter(), time.process_time()
        list(c.run())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        total_wall += wall
        read = sum(len(t.ids) for t in c._texts)  # noqa: SLF001 - what the scoring read
        scored = sum(sum(len(w) - 1 - f for w, f in windows(t.ids, t.window))
                     for t in c._texts)  # noqa: SLF001
        ref_loaded = not c.results[0].reference_reused
        r = c.results[1]
        print(f"[{k}/{len(rungs)}] {r.name}: wall {wall:.0f} s, CPU {cpu:.0f} s; "
              f"reference {'scored' if ref_loaded else 'stored scores reused'}; "
              f"{read} tokens read per model ({scored} scored) + speed at "
              f"{r.speed.context if r.speed else 0} tokens; MLX peak "
              f"{mx.get_peak_memory() / 1e6:.0f} MB; prefill "
              f"{r.speed.prefill_tps if r.speed else 0:.1f} tok/s, decode "
              f"{r.speed.decode_tps if r.speed else 0:.1f} tok/s", flush=True)
        if not results:
            results.append(c.results[0])
        r.index = len(results)
        results.append(r)
        report = c.report()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ladder: wall {total_wall:.0f} s for {len(rungs)} rungs and the reference; "
          f"peak RSS {rss:.0f} MB")
    ladder = CompareReport(results, 0, settings=settings, categories=report.categories,
                           notes=report.notes)
    print("\n".join(ladder.summary()))
    print(ladder.recommend()[1])
    head = ["model", *(label for _, label in ladder.categories), "all"]
    print("| " + " | ".join(head) + " |\n|" + " --- |" * len(head))
    for row in ladder.category_matrix():
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
