"""The starter's quant ladder scored by Orchard's compare and by ``llama-perplexity`` side by side.

An F16 copy of the starter (its tensors dequantized with gguf-py) is quantized by llama.cpp's
``llama-quantize`` to each rung; each rung is scored against the F16 over the same text (this
repository's README: several 512-token windows, the second half of each scored) by

- Orchard: ``Comparison([F16, rung])`` with the stored top-k reference (the F16 is run once; the
  following rungs reuse its stored scores), and
- llama.cpp: ``llama-perplexity --kl-divergence-base`` once on the F16, then
  ``--kl-divergence`` for each rung; the statistics are parsed from what it prints.

    .venv/bin/python benchmarks/compare_ladder.py --llama-bin /tmp/lcpp/build/bin \\
        --work /tmp/ladder [--tokens 4096] [--rungs Q8_0,Q4_K_M] [--text FILE]
    .venv/bin/python benchmarks/compare_ladder.py --llama-bin /tmp/lcpp/build/bin \\
        --work /tmp/ladder --categories en,code,ja,zh,ko,ru --tokens 1024 --rungs Q4_K_M

With ``--categories``, each kind of text compare ships (resources/texts/) is scored on its own
by both engines, as compare's "Per kind of text" reports it: one row per category and rung.
(The chat dialogue and the long document are left out: llama-perplexity reads plain text in
windows of one size, and the dialogue is rendered with the model's template.)

llama.cpp's tools are built from the llama.cpp tree inside the llama-cpp-python sdist (see
docs/compare-ladder.md). Prints a Markdown table; docs/compare-ladder.md keeps the result.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

RUNGS = ["Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_0", "IQ4_XS", "Q3_K_M", "Q2_K"]
STAT_LINES = {
    "ppl": r"Mean PPL\(Q\)\s*:\s*([\d.]+) *± *([\d.]+)",
    "ppl_base": r"Mean PPL\(base\)\s*:\s*([\d.]+) *± *([\d.]+)",
    "ppl_ratio": r"Mean PPL\(Q\)/PPL\(base\)\s*:\s*([\d.]+) *± *([\d.]+)",
    "kld": r"Mean\s+KLD:\s*([\d.]+) *± *([\d.]+)",
    "kld_max": r"Maximum KLD:\s*([\d.]+)",
    "kld_p99": r"99\.0%\s+KLD:\s*([\d.]+)",
    "kld_median": r"Median\s+KLD:\s*([\d.]+)",
    "dp": r"Mean\s+Δp:\s*([-\d.]+) *± *([\d.]+) %",
    "dp_rms": r"RMS Δp\s*:\s*([\d.]+) *± *([\d.]+) %",
    "same_top": r"Same top p:\s*([\d.]+) *± *([\d.]+) %",
}


def llama_stats(text: str) -> dict[str, tuple[float, ...]]:
    out = {}
    for name, pattern in STAT_LINES.items():
        found = re.search(pattern, text)
        if found:
            out[name] = tuple(float(g) for g in found.groups())
    return out


def row(rung: str, bits: float, size: int, s: Any, lc: dict[str, tuple[float, ...]],
        seconds: float, reused: bool, peak_mb: float) -> str:
    def pair(ours: float, name: str, digits: int = 4) -> str:
        theirs = lc.get(name)
        return f"{ours:.{digits}f} / {f'{theirs[0]:.{digits}f}' if theirs else 'n/a'}"

    kl_lc = lc.get("kld")
    theirs = f"{kl_lc[0]:.5f} ± {kl_lc[1]:.5f}" if kl_lc else "n/a"
    return (f"| {rung} | {bits:.2f} | {size / 1e6:.1f} MB | "
            f"{pair(s.ppl_ratio.value, 'ppl_ratio')} | {s.kld.value:.5f} ± {s.kld.error:.5f}"
            f" | {theirs} | {pair(s.kld_median, 'kld_median', digits=5)} | "
            f"{pair(s.kld_p99, 'kld_p99')} | {pair(s.kld_max, 'kld_max')} | "
            f"{pair(100 * s.dp_rms.value, 'dp_rms', digits=3)} | "
            f"{pair(100 * s.same_top1.value, 'same_top', digits=2)} | "
            f"{100 * s.same_top5.value:.2f} | {'stored' if reused else 'scored'} | "
            f"{seconds:.0f} | {peak_mb:.0f} |")


def run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])}… failed:\n{done.stderr[-2000:]}")
    return done.stdout + done.stderr


def main() -> int:
    from starter_ladder import bpw, f16_copy

    from inference.eval.compare import CompareSettings, Comparison
    from inference.model.sources import resolve

    parser = argparse.ArgumentParser()
    parser.add_argument("--llama-bin", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--tokens", type=int, default=4096)
    parser.add_argument("--rungs", default=",".join(RUNGS))
    parser.add_argument("--text", type=Path, default=ROOT / "README.md",
                        help="the text to score (copied into --work on the first run)")
    parser.add_argument("--chart", type=Path, default=None,
                        help="also draw the whole ladder (KL against bits per weight) here")
    parser.add_argument("--categories", default="",
                        help="score each of these kinds of text on its own (en,code,ja,...)")
    args = parser.parse_args()
    if args.categories:
        return by_category(args)
    os.environ.setdefault("ORCHARD_HOME", str(args.work / "home"))
    args.work.mkdir(parents=True, exist_ok=True)
    # one copy of the text for every run in this work folder: the stored reference scores
    # and llama.cpp's base file stay valid while the source file changes
    text_path = args.work / "text.txt"
    if not text_path.is_file():
        text_path.write_text(args.text.read_text(encoding="utf-8"), encoding="utf-8")
    text = text_path.read_text(encoding="utf-8")
    f16 = f16_copy(resolve("starter").path, args.work / "starter-F16.gguf")
    ctx = "512"
    chunks = str(args.tokens // 512)

    base = args.work / "f16.kld"
    if not base.is_file():
        run([str(args.llama_bin / "llama-perplexity"), "-m", str(f16), "-f", str(text_path),
             "-c", ctx, "--chunks", chunks, "--kl-divergence-base", str(base), "-t", "2"])
    print("| rung | bpw | size | PPL ratio (Orchard / llama.cpp) | mean KL ± SE (Orchard) | "
          "mean KL ± SE (llama.cpp) | median KL | p99 KL | max KL | Δp RMS % | same top-1 % | "
          "top-5 % | reference | seconds | MLX peak MB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
          "| --- |", flush=True)
    import mlx.core as mx

    rows: list[Any] = []
    for rung in args.rungs.split(","):
        path = args.work / f"starter-{rung}.gguf"
        if not path.is_file():
            run([str(args.llama_bin / "llama-quantize"), str(f16), str(path), rung, "2"])
        lc = llama_stats(run([str(args.llama_bin / "llama-perplexity"), "-m", str(path),
                              "--kl-divergence-base", str(base), "--kl-divergence",
                              "-c", ctx, "--chunks", chunks, "-t", "2"]))
        mx.reset_peak_memory()  # what this comparison held at its highest, models and all
        start = time.perf_counter()
        c = Comparison([f16, path], CompareSettings(
            quality_text=text, quality_max_tokens=args.tokens, window=512))
        events = list(c.run())
        seconds = time.perf_counter() - start
        q = c.results[1].quality
        assert q is not None and q.stats is not None, [e.message for e in events]
        print(row(rung, bpw(path), path.stat().st_size, q.stats, lc, seconds,
                  c.results[0].reference_reused, mx.get_peak_memory() / 1e6), flush=True)
        if not rows:
            rows.append(c.results[0])
        c.results[1].index = len(rows)
        c.results[1].quantization = rung
        rows.append(c.results[1])
    if args.chart is not None:
        from app.gui.chart import save_chart
        from inference.eval.results import CompareReport

        rows[0].quantization = "F16"
        print(f"chart: {save_chart(CompareReport(rows, 0), args.chart)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"\npeak RSS of the Orchard process {peak:.0f} MB", flush=True)
    return 0


def by_category(args: argparse.Namespace) -> int:
    """Per kind of text: llama-perplexity on each category's text, Orchard's comparison of
    all of them at once (one row per category)."""
    from starter_ladder import f16_copy

    from inference.eval.categories import shipped
    from inference.eval.compare import CompareSettings, Comparison
    from inference.model.sources import resolve

    os.environ.setdefault("ORCHARD_HOME", str(args.work / "home"))
    args.work.mkdir(parents=True, exist_ok=True)
    f16 = f16_copy(resolve("starter").path, args.work / "starter-F16.gguf")
    cats = [shipped(key) for key in args.categories.split(",")]
    ctx, chunks = "512", str(args.tokens // 512)
    print("| rung | kind of text | tokens | PPL ratio (Orchard / llama.cpp) | mean KL (Orchard /"
          " llama.cpp) | median KL | p99 KL | same top-1 % | seconds (Orchard, all kinds) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |", flush=True)
    for rung in args.rungs.split(","):
        path = args.work / f"starter-{rung}.gguf"
        if not path.is_file():
            run([str(args.llama_bin / "llama-quantize"), str(f16), str(path), rung, "2"])
        theirs = {}
        for cat in cats:
            text_path = args.work / f"text-{cat.key}.txt"
            text_path.write_text(cat.text or "", encoding="utf-8")
            base = args.work / f"f16-{cat.key}.kld"
            if not base.is_file():
                run([str(args.llama_bin / "llama-perplexity"), "-m", str(f16), "-f",
                     str(text_path), "-c", ctx, "--chunks", chunks, "--kl-divergence-base",
                     str(base), "-t", "2"])
            theirs[cat.key] = llama_stats(run([
                str(args.llama_bin / "llama-perplexity"), "-m", str(path),
                "--kl-divergence-base", str(base), "--kl-divergence", "-c", ctx,
                "--chunks", chunks, "-t", "2"]))
        start = time.perf_counter()
        c = Comparison([f16, path], CompareSettings(
            categories=tuple(cats), quality_max_tokens=args.tokens, window=512))
        events = list(c.run())
        seconds = time.perf_counter() - start
        ours = c.results[1].categories
        assert ours, [e.message for e in events]
        for cat in cats:
            q, lc = ours[cat.key], theirs[cat.key]
            s = q.stats
            assert s is not None

            def pair(mine: float, name: str, digits: int = 4, scale: float = 1.0,
                     lc: dict[str, tuple[float, ...]] = lc) -> str:
                other = lc.get(name)
                return f"{mine * scale:.{digits}f} / {f'{other[0]:.{digits}f}' if other else 'n/a'}"

            print(f"| {rung} | {cat.label} | {q.tokens} | {pair(s.ppl_ratio.value, 'ppl_ratio')}"
                  f" | {pair(s.kld.value, 'kld', 5)} | {pair(s.kld_median, 'kld_median', 5)} | "
                  f"{pair(s.kld_p99, 'kld_p99')} | "
                  f"{pair(s.same_top1.value, 'same_top', 2, 100.0)} | {seconds:.0f} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
