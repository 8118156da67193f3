"""Long conversations stay instant: three measures, each against its baseline in the same run.

    .venv/bin/python benchmarks/long_conversations.py [--model starter] [a] [b] [c]

(a) **Past the context.** A conversation at a context of ``--ctx`` (1,024) runs ``--past``
    (12) turns past the first overflow, three times, turn by turn interleaved: with Orchard's
    overflow (a quarter of the context freed at each drop, the dropped turns shifted out of
    the cache), with the margin alone (``shift_on_overflow=False``: the kept turns read
    again at each drop) and with the previous path (just enough dropped each turn, read
    again every turn). Prints time to first token per turn, the median after overflow
    against the median before, and how often the context was read again.
(b) **After a restart.** A conversation of ``--tokens`` (2,000+) tokens is answered once in
    a process of its own, which then quits (its KV cache saved on disk); a second process
    sends the next turn with the saved cache, a third the same turn without it (cold).
    Prints the second's prefill (time to first token and tokens read) against the third's.
(c) **KV-cache memory.** The model's cache filled to 8,000 tokens at 16, 8 and 4 bits:
    bytes held and MLX's peak, as ratios to 16-bit.

CPU time (user+sys) is printed beside wall time; the machines this runs on are shared.
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
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inference.types import Message, SamplingSettings  # noqa: E402

QUESTIONS = [
    "Hi! My name is Ada and I grow apples in a small orchard.",
    "Which apple varieties keep well over winter?",
    "How cold should the store room be?",
    "And how humid should it be?",
    "Should I wrap each apple in paper?",
    "What about pears, do they keep the same way?",
    "How do I know when a pear is ripe?",
    "Can I make cider from windfalls?",
    "How long does cider take to ferment?",
    "What is a good tree for a small garden?",
    "How far apart should I plant the trees?",
    "When is the best time to prune an apple tree?",
    "What pests should I watch for in spring?",
    "How do bees help the orchard?",
    "Should I thin the fruit in June?",
    "What does a rootstock do?",
    "How many years until a new tree bears fruit?",
    "Can I grow apples in a pot on a balcony?",
    "What is the difference between a cooking apple and an eating apple?",
    "How do I make apple sauce?",
    "Which pears are best for baking?",
    "How do I store apple juice?",
    "Is mulch good for fruit trees?",
    "What should I plant under the trees?",
    "What was my name again?",
]
GREEDY = SamplingSettings(temperature=0.0, min_p=0.0, max_tokens=64, loop_guard=False)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# --- (a) past the context --------------------------------------------------------------------
def past_the_context(model: str, ctx: int, past: int) -> None:
    from inference.model.load import load_model
    from inference.session import ChatSession

    loaded = load_model(model)
    policies = {"Orchard": (0.25, True), "margin": (0.25, False), "previous": (0.0, False)}
    sessions = {name: ChatSession(loaded, settings=GREEDY, context_length=ctx,
                                  overflow_margin=margin, shift_on_overflow=shift)
                for name, (margin, shift) in policies.items()}
    rows: dict[str, list[tuple[int, int, int, int, float, float]]] = {n: [] for n in policies}
    first_drop: dict[str, int | None] = {n: None for n in policies}
    turn = 0
    while True:
        question = QUESTIONS[turn % len(QUESTIONS)]
        for name, session in sessions.items():  # interleaved, turn by turn
            if first_drop[name] is not None and turn >= first_drop[name] + past:  # type: ignore[operator]
                continue
            c0, t0 = cpu(), time.perf_counter()
            final = [c for c in session.send(question)][-1]
            wall, used = time.perf_counter() - t0, cpu() - c0
            rows[name].append((turn + 1, final.prompt_tokens, final.cached_tokens,
                               final.dropped_turns, final.ttft_s, used))
            if final.dropped_turns and first_drop[name] is None:
                first_drop[name] = turn
            print(f"  {name:8} turn {turn + 1:2}: {final.prompt_tokens:4} prompt tokens, "
                  f"{final.prompt_tokens - final.cached_tokens:4} read, "
                  f"{final.dropped_turns} dropped, TTFT {final.ttft_s:6.2f} s, "
                  f"{wall:6.1f} s wall", file=sys.stderr, flush=True)
        turn += 1
        if all(d is not None and turn >= d + past for d in first_drop.values()):
            break

    print(f"\n### (a) {past} turns past the context of {ctx} tokens\n")
    print("| turn | " + " | ".join(f"{n}: read / prompt | TTFT s" for n in policies) + " |")
    print("| --- |" + " --- | --- |" * len(policies))
    for row in zip(*rows.values(), strict=False):
        cells = []
        for name, r in zip(policies, row, strict=True):
            drop = " (drop)" if r[3] > _dropped_before(rows[name], r[0]) else ""
            cells.append(f"{r[1] - r[2]} / {r[1]}{drop} | {r[4]:.2f}")
        print(f"| {row[0][0]} | " + " | ".join(cells) + " |")
    for name, got in rows.items():
        d = first_drop[name]
        assert d is not None
        before = [r[4] for r in got[:d] if r[0] > 1]  # the first turn reads the system part
        after = [r[4] for r in got[d:]]
        rereads = sum(1 for r in got[d:] if r[1] - r[2] > ctx // 4)
        ratio = statistics.median(after) / statistics.median(before)
        print(f"\n{name}: median TTFT before overflow {statistics.median(before):.2f} s, after "
              f"{statistics.median(after):.2f} s (ratio {ratio:.2f}); {rereads} re-reads of "
              f"more than a quarter of the context in {len(after)} turns past overflow; CPU "
              f"{sum(r[5] for r in got[d:]):.0f} s for them")


def _dropped_before(got: list[tuple[int, int, int, int, float, float]], turn: int) -> int:
    earlier = [r[3] for r in got if r[0] == turn - 1]
    return earlier[0] if earlier else 0


# --- (b) after a restart ---------------------------------------------------------------------
def conversation(tokens: int, tokenizer: object) -> list[Message]:
    """A conversation of at least ``tokens`` tokens (questions and long canned answers)."""
    answer = ("Keep them cool and dark, between one and four degrees, with the air moist but "
              "not wet; check them every week and take out any that soften, because one bad "
              "apple spoils its neighbours. Late varieties keep longest; early ones are best "
              "eaten within a few weeks of picking. ")
    history: list[Message] = []
    i = 0
    while sum(len(tokenizer.encode(m.content)) for m in history) < tokens:  # type: ignore[attr-defined]
        history += [Message("user", QUESTIONS[i % len(QUESTIONS)]),
                    Message("assistant", answer * 3)]
        i += 1
    return history


def restart_phase(model: str, phase: str, home: str, tokens: int) -> None:
    """One process of (b): ``first`` answers the conversation and saves its cache on quit;
    ``warm`` and ``cold`` send the next turn with and without the saved cache."""
    os.environ["ORCHARD_HOME"] = home
    from inference.caches import PromptCaches
    from inference.model.load import load_model
    from inference.saved_caches import SavedCaches, model_identity
    from inference.session import ChatSession

    loaded = load_model(model)
    history = conversation(tokens, loaded.tokenizer)
    disk = None
    if phase != "cold":
        disk = SavedCaches(model_identity(loaded.info, None),
                           layers=(loaded.info.n_kv_heads, loaded.info.head_dim))
    caches = PromptCaches(loaded.model, max_entries=1, head_dim=loaded.info.head_dim, disk=disk)
    session = ChatSession(loaded, settings=GREEDY, caches=caches, context_length=8192)
    if phase == "first":
        session.follow(history[:-1])
        stream = session.reply()
    else:
        saved = json.loads((Path(home) / "first.json").read_text())
        session.follow(history[:-1] + [Message("assistant", saved["reply"], saved["ids"])])
        stream = session.send("Thank you! And how should I store pears?")
    c0 = cpu()
    final = [c for c in stream][-1]
    used = cpu() - c0
    if phase == "first":
        reply = session.messages[-1]
        (Path(home) / "first.json").write_text(json.dumps({"reply": reply.content,
                                                           "ids": reply.token_ids}))
        session.caches.persist()  # the app quits
    print(json.dumps({"phase": phase, "prompt_tokens": final.prompt_tokens,
                      "cached_tokens": final.cached_tokens, "ttft_s": final.ttft_s,
                      "cpu_s": used}))


def after_a_restart(model: str, tokens: int) -> None:
    results = {}
    with tempfile.TemporaryDirectory(prefix="orchard-bench-") as home:
        for phase in ("first", "warm", "cold"):
            out = subprocess.run(
                [sys.executable, __file__, "--model", model, "--phase", phase, "--home", home,
                 "--tokens", str(tokens)],
                check=True, capture_output=True, text=True).stdout
            results[phase] = json.loads(out.strip().splitlines()[-1])
            print(f"  {phase}: {results[phase]}", file=sys.stderr, flush=True)
    warm, cold = results["warm"], results["cold"]
    print(f"\n### (b) a conversation of {cold['prompt_tokens']} tokens reopened in a new process\n")
    print("| process | prompt tokens | read | from the saved cache | TTFT s | CPU s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in ("first", "warm", "cold"):
        r = results[name]
        print(f"| {name} | {r['prompt_tokens']} | {r['prompt_tokens'] - r['cached_tokens']} | "
              f"{r['cached_tokens']} | {r['ttft_s']:.2f} | {r['cpu_s']:.1f} |")
    ratio = warm["ttft_s"] / cold["ttft_s"]
    print(f"\nreopened with the saved cache: time to first token {ratio:.3f} "
          f"of a cold prefill of the same conversation (tokens read: "
          f"{(warm['prompt_tokens'] - warm['cached_tokens']) / cold['prompt_tokens']:.3f})")


# --- (c) KV-cache memory ---------------------------------------------------------------------
def kv_memory(model: str, tokens: int) -> None:
    import mlx.core as mx

    from inference.caches import make_cache
    from inference.model.load import load_model

    loaded = load_model(model)
    info = loaded.info
    print(f"\n### (c) the KV cache of {info.name} at {tokens} tokens\n")
    print("| KV cache | bytes held | ratio | MLX peak above the weights | ratio | estimate |")
    print("| --- | --- | --- | --- | --- | --- |")
    base: tuple[int, int] | None = None
    for bits in (None, 8, 4):
        mx.clear_cache()
        start = mx.get_active_memory()
        mx.reset_peak_memory()
        cache = make_cache(loaded.model, bits, info.head_dim)
        for done in range(0, tokens, 512):  # as a prefill fills it, 512 tokens at a time
            n = min(512, tokens - done)
            k = mx.random.normal((1, info.n_kv_heads, n, info.head_dim)).astype(mx.float16)
            for c in cache:
                c.update_and_fetch(k, k)
            mx.eval([c.state for c in cache])
        held = sum(c.nbytes for c in cache)
        peak = mx.get_peak_memory() - start
        base = base or (held, peak)
        label = "16-bit" if bits is None else f"{bits}-bit"
        estimate = info.memory(tokens, kv_bits=bits).kv_bytes
        print(f"| {label} | {held / 1e6:.1f} MB | {held / base[0]:.3f} | {peak / 1e6:.1f} MB | "
              f"{peak / base[1]:.3f} | {estimate / 1e6:.1f} MB |")
        del cache
    kv_speed(loaded)


def kv_speed(loaded: object, prompt: int = 256, steps: int = 8, rounds: int = 2) -> None:
    """What each precision costs in time here: a prompt read into the cache, then tokens
    decoded one at a time against it (CPU seconds, the three interleaved, best of rounds)."""
    import mlx.core as mx

    from inference.caches import make_cache

    model, info = loaded.model, loaded.info  # type: ignore[attr-defined]
    ids = mx.array([[(7 * i) % 4000 + 100 for i in range(prompt)]])
    best: dict[int | None, tuple[float, float]] = {}
    for _ in range(rounds):
        for bits in (None, 8, 4):
            cache = make_cache(model, bits, info.head_dim)
            c0 = cpu()
            mx.eval(model(ids, cache=cache))
            c1 = cpu()
            token = mx.array([[123]])
            for _ in range(steps):
                mx.eval(model(token, cache=cache))
            c2 = cpu()
            got = (c1 - c0, (c2 - c1) / steps)
            old = best.get(bits)
            best[bits] = got if old is None else (min(old[0], got[0]), min(old[1], got[1]))
    base = best[None]
    print(f"\nTime on this machine's {mx.default_device()} (CPU seconds, best of {rounds}):\n")
    print(f"| KV cache | read {prompt} tokens | ratio | one decoded token | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for bits, (read, step) in best.items():
        label = "16-bit" if bits is None else f"{bits}-bit"
        print(f"| {label} | {read:.2f} s | {read / base[0]:.2f} | {step * 1000:.0f} ms | "
              f"{step / base[1]:.2f} |")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("parts", nargs="*", default=["a", "b", "c"])
    p.add_argument("--model", default="starter")
    p.add_argument("--ctx", type=int, default=1024)
    p.add_argument("--past", type=int, default=12)
    p.add_argument("--tokens", type=int, default=2000)
    p.add_argument("--kv-tokens", type=int, default=8000)
    p.add_argument("--phase", choices=("first", "warm", "cold"), help=argparse.SUPPRESS)
    p.add_argument("--home", help=argparse.SUPPRESS)
    args = p.parse_args()
    os.environ.setdefault("MLX_DISABLE_COMPILE", "1")
    if args.phase:
        restart_phase(args.model, args.phase, args.home, args.tokens)
        return 0
    print(f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores; "
          f"model {args.model}", flush=True)
    if "c" in args.parts:
        kv_memory(args.model, args.kv_tokens)
    if "b" in args.parts:
        after_a_restart(args.model, args.tokens)
    if "a" in args.parts:
        past_the_context(args.model, args.ctx, args.past)
    return 0


if __name__ == "__main__":
    sys.exit(main())
