"""The model in a child process: what the process boundary costs, and how soon after a crash
the app can chat again.

    .venv/bin/python benchmarks/engine_process.py [--model starter] [--tokens 64] [--rounds 5]

Two engines on the same model file, the engine in this process (``Engine``, the path before)
and the engine in a child process (``ProcessEngine``, what the app and ``orchard serve`` run
now), take turns, round by round, on the same prompts (a new one each round, so no prompt
cache is reused): time to first token and decode tokens/s of one greedy request. Prints the
medians and the ratios child / in-process (goals: decode ≥ 0.98, first token ≤ +20 ms). The
first token's wait is also split: the engine measures its own time to first token inside,
around the same computation, so what the caller waits beyond it is the way back (the pipe,
the pickling); on a shared machine the computation's own noise is larger than that.

Then the crash: a reply is started on the child engine, the child is killed with SIGKILL at
its first token, and the time is taken until the reply in flight is told (the API's 503),
until the model is loaded again in a new process, and until the first token of a request
sent as soon as the crash is known.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import signal
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inference.engine import Engine, GenerationRequest, JobFailed, Loaded, is_terminal  # noqa: E402
from inference.model.load import load_model  # noqa: E402
from inference.remote import ProcessEngine  # noqa: E402
from inference.types import GenerationChunk, Message, SamplingSettings  # noqa: E402

SETTINGS = dict(temperature=0.0, loop_guard=False, repetition_penalty=1.0, dry_multiplier=0.0)


class Timed:
    """A sink that notes when the first token came and when the request ended."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.first: float | None = None
        self.end: float | None = None
        self.tokens = 0
        self.done = threading.Event()
        self.last: Any = None

    def __call__(self, event: Any) -> None:
        now = time.perf_counter()
        if isinstance(event, GenerationChunk) and event.generation_tokens and self.first is None:
            self.first = now
        if is_terminal(event):
            self.end, self.last = now, event
            self.tokens = getattr(event, "generation_tokens", 0)
            self.done.set()


def one(engine: Any, prompt: str, tokens: int) -> Timed:
    timed = Timed()
    engine.submit(GenerationRequest(messages=[Message("user", prompt)],
                                    settings=SamplingSettings(max_tokens=tokens, **SETTINGS)),
                  timed)
    timed.done.wait()
    return timed


def boundary(model: str, tokens: int, rounds: int) -> None:
    engines: dict[str, Any] = {
        "in-process": Engine(functools.partial(load_model, model)).start(),
        "child": ProcessEngine(functools.partial(load_model, model)).start(),
    }
    try:
        for engine in engines.values():  # warm-up: the kernels, the tokenizer
            one(engine, "Hello", 4)
        ttft: dict[str, list[float]] = {name: [] for name in engines}
        tps: dict[str, list[float]] = {name: [] for name in engines}
        # what the caller waits for the first token beyond the engine's own ttft (measured
        # inside the engine, around the same computation): the cost of the way back
        extra: dict[str, list[float]] = {name: [] for name in engines}
        for r in range(rounds):
            prompt = f"Round {r}: write about the {['sea', 'hills', 'city', 'sky'][r % 4]}."
            for name, engine in engines.items():
                t = one(engine, prompt, tokens)
                assert t.first is not None and t.end is not None, t.last
                ttft[name].append(t.first - t.start)
                tps[name].append((t.tokens - 1) / (t.end - t.first))
                extra[name].append(t.first - t.start - t.last.ttft_s)
                print(f"round {r + 1} {name:>10}: first token {1000 * ttft[name][-1]:7.1f} ms "
                      f"(engine's own {1000 * t.last.ttft_s:7.1f} ms), "
                      f"decode {tps[name][-1]:7.1f} tokens/s ({t.tokens} tokens)")
        here, there = "in-process", "child"
        dt = 1000 * (statistics.median(ttft[there]) - statistics.median(ttft[here]))
        ratio = statistics.median(tps[there]) / statistics.median(tps[here])
        print(f"decode tokens/s, child / in-process: {ratio:.3f} (goal ≥ 0.98)")
        over = 1000 * (statistics.median(extra[there]) - statistics.median(extra[here]))
        print(f"first token, child - in-process: {dt:+.1f} ms as the caller waits; "
              f"{over:+.1f} ms of it crossing the process boundary (goal ≤ +20 ms)")
    finally:
        for engine in engines.values():
            engine.close()


def crash(model: str) -> None:
    engine = ProcessEngine(functools.partial(load_model, model), aliases=(model,)).start()
    back = threading.Event()
    moments: dict[str, float] = {}

    def heard(event: Any) -> None:
        if isinstance(event, Loaded | JobFailed):
            moments["reloaded"] = time.perf_counter()
            back.set()

    engine.listen(heard)
    try:
        one(engine, "Hello", 4)  # warm
        ended = threading.Event()

        def kill_at_first(event: Any) -> None:
            if isinstance(event, GenerationChunk) and event.text and "kill" not in moments:
                assert engine.pid is not None
                moments["kill"] = time.perf_counter()
                os.kill(engine.pid, signal.SIGKILL)
            if is_terminal(event):  # the reply in flight is told (a 503 from the server)
                moments["told"] = time.perf_counter()
                ended.set()

        engine.submit(GenerationRequest(messages=[Message("user", "Tell me a long story.")],
                                        settings=SamplingSettings(max_tokens=2000, **SETTINGS)),
                      kill_at_first)
        ended.wait()
        # the next request, sent as soon as the crash is known, queues behind the reload
        after = one(engine, "Hello again", 8)
        back.wait()
        assert after.first is not None, after.last
        kill = moments["kill"]
        print(f"kill -9 mid-reply: the reply in flight ended after "
              f"{1000 * (moments['told'] - kill):.0f} ms; the model was loaded again after "
              f"{1000 * (moments['reloaded'] - kill):.0f} ms; the next request got its first "
              f"token {1000 * (after.first - kill):.0f} ms after the kill")
    finally:
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="starter")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.model}: {args.rounds} rounds of {args.tokens} tokens "
          f"({platform.machine()}, {platform.system()}, {os.cpu_count()} cores)")
    boundary(args.model, args.tokens, args.rounds)
    crash(args.model)


if __name__ == "__main__":
    main()
