"""Prompt tokens processed per turn with Orchard's KV-cache reuse, against a stateless chat.

A stateless implementation re-processes the whole rendered conversation every turn; Orchard
processes only what its cache does not already hold. Run:

    .venv/bin/python benchmarks/context_memory.py [--model starter] [--turns 10]

It prints one Markdown table row per turn (and one for a regenerate of the last reply),
with the ratio of tokens processed to the stateless baseline, measured in the same run.
Then two tables for the engine that serves the window and the API:

- the window's path at a small context (``--window-ctx``, default 256), where early turns
  stop fitting: tokens rendered and tokenized per turn by the engine's session, which is
  followed turn by turn, against a session rewritten every turn from the first message (what
  the window's worker did before the engine), measured in the same run;
- an API client's conversation with a second client's unrelated request between its turns:
  tokens reused from the cache per turn with the engine's pool of KV caches, against one
  cache (``max_caches=1``), measured in the same run.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402
from functools import partial  # noqa: E402

from inference.engine import (  # noqa: E402
    ChatRequest,
    Engine,
    GenerationRequest,
    JobFailed,
    ReplyResult,
)
from inference.model.load import LoadedModel, load_model  # noqa: E402
from inference.session import ChatSession  # noqa: E402
from inference.types import GenerationChunk, Message, SamplingSettings  # noqa: E402

QUESTIONS = [
    "Hi! My name is Ada and I grow apples.",
    "Which apple varieties keep well over winter?",
    "How cold should the store room be?",
    "And how humid?",
    "Should I wrap each apple?",
    "What about pears, do they keep the same way?",
    "How do I know when a pear is ripe?",
    "Can I make cider from windfalls?",
    "How long does cider take to ferment?",
    "What was my name again?",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="starter")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--max-tokens", type=int, default=24)
    parser.add_argument("--window-ctx", type=int, default=256)
    args = parser.parse_args()

    loaded = load_model(args.model)
    session = ChatSession(
        loaded, settings=SamplingSettings(temperature=0.0, max_tokens=args.max_tokens, seed=0,
                                 loop_guard=False)
    )
    print(f"model: {loaded.info.name} ({loaded.info.quantization}), "
          f"{platform.system()} {platform.machine()}, template {loaded.template.source}\n")
    print("| turn | prompt tokens | from cache | processed | stateless | ratio | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    total_processed = total_stateless = 0
    rows = [(f"{i + 1}", q) for i, q in enumerate(QUESTIONS[: args.turns])]
    rows.append(("regenerate", None))
    for label, question in rows:
        start = time.perf_counter()
        stream = session.send(question) if question is not None else session.regenerate()
        final = [c for c in stream if c.finish_reason][0]
        seconds = time.perf_counter() - start
        processed = final.prompt_tokens - final.cached_tokens
        total_processed += processed
        total_stateless += final.prompt_tokens
        print(f"| {label} | {final.prompt_tokens} | {final.cached_tokens} | {processed} | "
              f"{final.prompt_tokens} | {processed / final.prompt_tokens:.3f} | {seconds:.1f} |")
    print(f"\nall turns: {total_processed} tokens processed against {total_stateless} "
          f"stateless ({total_processed / total_stateless:.3f})")
    settings = SamplingSettings(temperature=0.0, max_tokens=args.max_tokens, seed=0,
                                 loop_guard=False)
    window_rows(loaded, args.turns, args.window_ctx, settings)
    api_rows(args.model, args.turns, settings)
    return 0


def _wait(run: Callable[[Callable[[object], None]], object]) -> tuple[object, str]:
    """Run one engine job to its end: (its terminal event, the text it streamed)."""
    done, out, text = threading.Event(), [], []

    def sink(event: object) -> None:
        if isinstance(event, GenerationChunk):
            text.append(event.text)
        if isinstance(event, ReplyResult | JobFailed) or (
                isinstance(event, GenerationChunk) and event.finish_reason):
            out.append(event)
            done.set()

    run(sink)
    done.wait()
    if isinstance(out[0], JobFailed):
        raise SystemExit(out[0].message)
    return out[0], "".join(text)


def window_rows(loaded: LoadedModel, turns: int, ctx: int, settings: SamplingSettings) -> None:
    """The window's path through the engine, against a session rewritten every turn."""
    engine = Engine(lambda: loaded, context_length=ctx).start()
    rewritten = ChatSession(loaded, context_length=ctx, settings=settings)
    print(f"\nthe window's path, context {ctx}: tokens rendered and tokenized per turn\n")
    print("| turn | sent | dropped turns | engine (followed) | rewritten each turn | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    history: list[Message] = []
    totals = [0, 0]
    try:
        for n, question in enumerate(QUESTIONS[:turns]):
            history.append(Message("user", question))
            session = engine._sessions.get("bench")
            before = session.rendered_tokens if session is not None else 0
            request = ChatRequest("bench", "reply", list(history), None, settings, ctx)
            result, _ = _wait(partial(engine.chat, request))
            assert isinstance(result, ReplyResult)
            followed = engine._sessions["bench"].rendered_tokens - before
            # the old worker: the history copied in and first_kept reset, every turn
            rewritten.messages = [Message(m.role, m.content, m.token_ids) for m in history]
            rewritten.first_kept = 0
            rewritten._overhead = None  # nor did it drop turns ahead of the render
            start = rewritten.rendered_tokens
            rewritten._fit(settings)
            old = rewritten.rendered_tokens - start
            totals[0] += followed
            totals[1] += old
            history.append(Message("assistant", result.content, result.token_ids))
            print(f"| {n + 1} | {result.final.prompt_tokens} | {result.final.dropped_turns} | "
                  f"{followed} | {old} | {followed / old:.2f} |")
    finally:
        engine.close()
    print(f"\nall turns: {totals[0]} tokens rendered against {totals[1]} "
          f"({totals[0] / totals[1]:.2f})")


def api_rows(model: str, turns: int, settings: SamplingSettings) -> None:
    """Client A's conversation with client B's one-off request between its turns."""
    results: dict[int, list[tuple[int, int]]] = {}
    for caches in (4, 1):
        engine = Engine(lambda: load_model(model), max_caches=caches).start()
        rows: list[tuple[int, int]] = []
        history: list[Message] = []
        try:
            for n, question in enumerate(QUESTIONS[:turns]):
                history.append(Message("user", question))
                request = GenerationRequest(messages=list(history), settings=settings)
                final, text = _wait(partial(engine.submit, request))
                assert isinstance(final, GenerationChunk)
                rows.append((final.prompt_tokens, final.cached_tokens))
                history.append(Message("assistant", text))
                other = GenerationRequest(
                    prompt=f"Write a short title for note {n}: plums, quinces and medlars.",
                    settings=settings)
                _wait(partial(engine.submit, other))
        finally:
            engine.close()
        results[caches] = rows
    print("\nan API client's turns with another client's request between them: tokens from "
          "the cache\n")
    print("| turn | prompt tokens | cached, pool of 4 | cached, one cache |")
    print("| --- | --- | --- | --- |")
    for n, ((prompt, pooled), (_, single)) in enumerate(zip(results[4], results[1],
                                                            strict=True)):
        print(f"| {n + 1} | {prompt} | {pooled} | {single} |")
    pooled = sum(c for _, c in results[4])
    single = sum(c for _, c in results[1])
    total = sum(p for p, _ in results[4])
    print(f"\nall turns: {pooled} of {total} prompt tokens from the cache with the pool, "
          f"{single} with one cache")


if __name__ == "__main__":
    sys.exit(main())
