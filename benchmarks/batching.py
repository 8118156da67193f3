"""Four API requests at once: decoded together (continuous batching) against one after another.

    .venv/bin/python benchmarks/batching.py [--model starter] [--tokens 64] [--rounds 3]

Two engines on the same model file, one batching (the default) and one serving one request
at a time (``batch_size=1``, the path before batching), take turns, round by round: each
round submits four chat requests with different prompts at the same moment (greedy, the
same token budget, no stop before it) and waits for all four. Then a single request on each,
for what batching costs a client that is alone. Prints wall seconds and CPU seconds
(user+sys) per round and the ratios batched / one after another (goal for four: ≤ 0.5).
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inference.engine import Engine, GenerationRequest, is_terminal  # noqa: E402
from inference.model.load import load_model  # noqa: E402
from inference.types import GenerationChunk, Message, SamplingSettings  # noqa: E402

PROMPTS = [
    "Write a short story about a lighthouse keeper.",
    "Explain how a bicycle stays upright.",
    "List some uses of vinegar around the house.",
    "Describe the water cycle to a child.",
]


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run(engine: Engine, prompts: list[str], tokens: int) -> tuple[float, float, int]:
    """Submit every prompt at once; (wall s, cpu s, tokens generated) once all have ended."""
    settings = SamplingSettings(temperature=0.0, max_tokens=tokens, loop_guard=False,
                                repetition_penalty=1.0, dry_multiplier=0.0)
    done = threading.Event()
    counts: list[int] = []

    def sink(event: object) -> None:  # on the engine thread: never block it
        if is_terminal(event):
            counts.append(event.generation_tokens if isinstance(event, GenerationChunk) else 0)
            if len(counts) == len(prompts):
                done.set()

    t0, c0 = time.perf_counter(), cpu()
    for text in prompts:
        engine.submit(GenerationRequest(messages=[Message("user", text)], settings=settings),
                      sink)
    done.wait()
    return time.perf_counter() - t0, cpu() - c0, sum(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="starter")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    engines = {
        "batched": Engine(lambda: load_model(args.model), max_waiting=8).start(),
        "one by one": Engine(lambda: load_model(args.model), max_waiting=8,
                             batch_size=1).start(),
    }
    print(f"{args.model}: {len(PROMPTS)} requests of {args.tokens} tokens, "
          f"{args.rounds} rounds ({platform.machine()}, {platform.system()})")
    try:
        for engine in engines.values():  # warm-up: the kernels, the tokenizer
            run(engine, PROMPTS[:1], 4)
        results: dict[str, dict[str, list[float]]] = {
            name: {"four wall": [], "four cpu": [], "one wall": [], "one cpu": []}
            for name in engines}
        for r in range(args.rounds):
            for name, engine in engines.items():
                wall, spent, n = run(engine, PROMPTS, args.tokens)
                results[name]["four wall"].append(wall)
                results[name]["four cpu"].append(spent)
                print(f"round {r + 1} {name:>10}: four at once {wall:6.2f} s wall "
                      f"{spent:6.2f} s cpu, {n} tokens")
            for name, engine in engines.items():
                wall, spent, n = run(engine, PROMPTS[:1], args.tokens)
                results[name]["one wall"].append(wall)
                results[name]["one cpu"].append(spent)
                print(f"round {r + 1} {name:>10}: one alone    {wall:6.2f} s wall "
                      f"{spent:6.2f} s cpu, {n} tokens")
        med = {name: {k: statistics.median(v) for k, v in figures.items()}
               for name, figures in results.items()}
        b, s = med["batched"], med["one by one"]
        print(f"four at once, batched / one by one: wall {b['four wall'] / s['four wall']:.2f}, "
              f"cpu {b['four cpu'] / s['four cpu']:.2f} (goal ≤ 0.5)")
        print(f"one alone, batched path / serial path: wall "
              f"{b['one wall'] / s['one wall']:.2f}, cpu {b['one cpu'] / s['one cpu']:.2f}")
    finally:
        for engine in engines.values():
            engine.close()


if __name__ == "__main__":
    main()
