"""Orchard's CPU speed (Linux) against llama.cpp's, per prefilled and per decoded token.

The same GGUF files through Orchard's loader (mlx-kquant for decode, dequantized tiles through
OpenBLAS for prompts) and through llama-cpp-python, one and two threads each, alternating
engine by engine and round by round so a busy machine weighs on all of them:

    PYTHONPATH=. .venv/bin/python benchmarks/cpu_speed.py --llama-venv V \
        [--files starter,X.gguf] [--make-random DIR --hidden 2048 --layers 22] \
        [--threads 1,2] [--rounds 2] [--prompt 128] [--tokens 8] [--previous]

``V`` is a venv with ``llama-cpp-python`` (``V/bin/pip install llama-cpp-python``; it builds
llama.cpp from source, 10-15 minutes). ``--make-random`` writes a random-weight llama as
Q4_K_M, Q6_K and Q8_0 (benchmarks/kquant_build.py's writer; hidden 2048 and 22 layers is a
1.1B, TinyLlama's shape with the starter's vocabulary). ``--previous`` also runs Orchard as it
was before (``ORCHARD_BLAS=reference ORCHARD_CPU_PREFILL=quantized``: MLX's netlib BLAS,
every prompt product on the quantized kernels) -- slow, so best with the starter only.

Each figure is CPU seconds (user + sys, getrusage) per token, which a shared machine bends
less than wall time; threads are set for both engines alike (Orchard: ``KQ_CPU_THREADS`` and
``OPENBLAS_NUM_THREADS``; llama.cpp: ``n_threads`` and ``n_threads_batch``). Per process:
load, one untimed token, then a ``--prompt``-token prompt (random token ids) and ``--tokens``
greedy steps. Peak memory is the process's largest resident set (``ru_maxrss``, file pages
both engines map included). Results: docs/cpu-speed.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.kquant_build import _cpu, child, make_random  # noqa: E402


def llama_child(path: str, prompt: int, tokens: int, threads: int) -> dict[str, Any]:
    import numpy as np
    from llama_cpp import Llama

    n_ctx = prompt + tokens + 16
    # one batch for the whole prompt (as Orchard's forward takes it); llama-cpp-python keeps
    # a row of scores per batch position, so the batch is the context's size
    llm = Llama(model_path=path, n_ctx=n_ctx, n_batch=n_ctx, n_ubatch=n_ctx,
                n_threads=threads, n_threads_batch=threads, verbose=False)
    vocab = llm.n_vocab()
    ids = np.random.default_rng(0).integers(3, vocab, prompt).tolist()
    llm.eval(ids[:1])  # untimed: weights paged in, threads started
    llm.reset()
    c0, w0 = _cpu(), time.perf_counter()
    llm.eval(ids)
    prefill = (_cpu() - c0) / prompt
    prefill_wall = (time.perf_counter() - w0) / prompt
    token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
    c0 = _cpu()
    for _ in range(tokens):
        llm.eval([token])
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
    decode = (_cpu() - c0) / tokens
    return {"prefill": prefill, "decode": decode, "prefill_wall": prefill_wall}


def orchard_child(path: str, prompt: int, tokens: int) -> dict[str, Any]:
    from inference import system

    got = child(path, prompt, tokens, None)
    return {"prefill": got["prefill"], "decode": got["decode"],
            "prefill_wall": got["prefill_wall"], "blas": system.BLAS}


ENGINES = ("orchard", "llama.cpp")


def _run(engine: str, path: Path, threads: int, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KQ_CPU_THREADS=str(threads),
               OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
               PYTHONDONTWRITEBYTECODE="1")
    python = sys.executable
    if engine == "llama.cpp":
        python = str(args.llama_venv / "bin" / "python")
    elif engine == "previous":
        env.update(ORCHARD_BLAS="reference", ORCHARD_CPU_PREFILL="quantized")
    cmd = [python, str(Path(__file__).resolve()), "--child", engine, str(path),
           "--prompt", str(args.prompt), "--tokens", str(args.tokens), "--threads", str(threads)]
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{engine} on {path.name} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--llama-venv", type=Path)
    parser.add_argument("--files", default="starter", help="comma-separated; 'starter' allowed")
    parser.add_argument("--make-random", type=Path, metavar="DIR")
    parser.add_argument("--hidden", type=int, default=2048)
    parser.add_argument("--layers", type=int, default=22)
    parser.add_argument("--prompt", type=int, default=128)
    parser.add_argument("--tokens", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--previous", action="store_true")
    args = parser.parse_args()
    if args.child:
        engine, path = args.child
        if engine == "llama.cpp":
            got = llama_child(path, args.prompt, args.tokens, int(args.threads))
        else:
            got = orchard_child(path, args.prompt, args.tokens)
        got["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(got))
        return 0
    if args.llama_venv is None:
        parser.error("--llama-venv is required (a venv with llama-cpp-python)")
    from inference.model.sources import resolve

    files = [resolve("starter").path if f == "starter" else Path(f)
             for f in args.files.split(",") if f]
    if args.make_random:
        files += make_random(args.make_random, resolve("starter").path, args.hidden, args.layers)
    engines = ENGINES + (("previous",) if args.previous else ())
    thread_counts = [int(t) for t in args.threads.split(",")]
    print(f"{platform.machine()}, {os.cpu_count()} cores; {args.prompt}-token prompt, "
          f"{args.tokens} decoded tokens, {args.rounds} rounds", flush=True)
    print(f"{'file':30} {'MB':>5} {'thr':>3} {'engine':10} {'prefill ms/t':>12} "
          f"{'decode ms/t':>11} {'peak MB':>8} {'prefill wall ms/t':>17}", flush=True)
    summary = []
    for path in files:
        for threads in thread_counts:
            figures: dict[str, dict[str, list[float]]] = {
                e: {"prefill": [], "prefill_wall": [], "decode": [], "maxrss_mb": []}
                for e in engines}
            for _ in range(args.rounds):
                for engine in engines:
                    got = _run(engine, path, threads, args)
                    if engine == "orchard" and got.get("blas") != "openblas":
                        raise SystemExit(f"Orchard ran on MLX's {got.get('blas')} BLAS: run make")
                    for key in figures[engine]:
                        figures[engine][key].append(got[key])
            med = {e: {k: statistics.median(v) for k, v in figures[e].items()} for e in engines}
            for e in engines:
                print(f"{path.name[:30]:30} {path.stat().st_size / 1e6:5.0f} {threads:3} {e:10} "
                      f"{med[e]['prefill'] * 1e3:12.2f} {med[e]['decode'] * 1e3:11.2f} "
                      f"{med[e]['maxrss_mb']:8.0f} {med[e]['prefill_wall'] * 1e3:17.2f}")
            ratio = {k: med["orchard"][k] / med["llama.cpp"][k]
                     for k in ("prefill", "decode", "maxrss_mb")}
            line = (f"{'':30} {'':5} {threads:3} {'ratio':10} {ratio['prefill']:12.2f} "
                    f"{ratio['decode']:11.2f} {ratio['maxrss_mb']:8.2f}   (Orchard / llama.cpp)")
            if "previous" in med:
                gain = {k: med["previous"][k] / med["orchard"][k] for k in ("prefill", "decode")}
                line += (f"; previous / now: prefill {gain['prefill']:.1f}x, "
                         f"decode {gain['decode']:.2f}x")
            print(line, flush=True)
            summary.append({"file": path.name, "threads": threads, "median": med,
                            "ratio": ratio})
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
