"""Prompt tokens processed per turn with Orchard's KV-cache reuse, against a stateless chat.

A stateless implementation re-processes the whole rendered conversation every turn; Orchard
processes only what its cache does not already hold. Run:

    .venv/bin/python benchmarks/context_memory.py [--model starter] [--turns 10]

It prints one Markdown table row per turn (and one for a regenerate of the last reply),
with the ratio of tokens processed to the stateless baseline, measured in the same run.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inference.model.load import load_model  # noqa: E402
from inference.session import ChatSession, SamplingSettings  # noqa: E402

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
    args = parser.parse_args()

    loaded = load_model(args.model)
    session = ChatSession(
        loaded, settings=SamplingSettings(temperature=0.0, max_tokens=args.max_tokens, seed=0)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
