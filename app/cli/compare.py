"""``orchard compare`` and ``orchard quantize``: the terminal front end of inference/eval/.

See inference/eval/compare.py.

Registered by app/cli/main.py: ``add_parser(sub)`` adds both commands, ``run(args)`` runs either.
Errors are raised as OrchardError, which ``orchard``'s main turns into one line and exit 2.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Any, TextIO

COMMANDS = ("compare", "quantize")
#: `orchard`'s one-line error exit (app/cli/main.py's EXIT_ERROR): here, for a comparison that
#: ran but whose reference scores the disk had no room for
EXIT_DISK_FULL = 2


def add_parser(sub: Any) -> None:
    from inference.settings_schema import COMPARE, SETTINGS

    cmp = sub.add_parser(
        "compare",
        help="one prompt and/or one text, 2 to 4 models: replies, speed and quality side by side",
    )
    cmp.add_argument("-m", "--model", action="append", dest="models",
                     help="a .gguf file, an MLX folder or 'starter' (2 to 4 times); add @kv8 or "
                          "@kv4 to run it with its KV cache quantized (starter@kv4)")
    cmp.add_argument("--repo", metavar="OWNER/NAME",
                     help="the quant ladder of one Hub repository (with --quants): the rungs "
                          "not yet here are downloaded, then each is measured against the "
                          "highest precision, one after another")
    cmp.add_argument("--quants", metavar="Q8_0,Q4_K_M,...",
                     help="the rungs of --repo to compare, comma-separated")
    cmp.add_argument("-p", "--prompt", help="the message every model answers")
    cmp.add_argument("--text-file", type=Path, action="append",
                     help="a UTF-8 text to score (perplexity, KL divergence, top-1 agreement), "
                          "or a .json dialogue {\"messages\": [...]}; repeat it to add "
                          "categories of your own")
    cmp.add_argument("--text", metavar="NAME", action="append",
                     help="a built-in text to score: en, code, ja, zh, ko, ru, chat (a "
                          "dialogue in each model's template) or long (a long document); "
                          "'all' for en, code, ja, zh, chat and long, each reported apart; "
                          "'conversations' for your saved chats. Repeatable")
    cmp.add_argument("--reference", type=int, default=None, metavar="N",
                     help="model number (1-4) to measure against; default the highest precision")
    cmp.add_argument("--exact", action="store_true",
                     help="load GGUF files in exact mode (non-MLX quantizations as float16)")
    cmp.add_argument("--ctx", type=int, default=None, help="context length in tokens")
    cmp.add_argument("--system", help="system prompt (default: the reference model's)")
    cmp.add_argument("--temp", type=float, default=COMPARE["temperature"],
                     help="temperature (default 0: greedy)")
    cmp.add_argument("--seed", type=int, default=COMPARE["seed"])
    cmp.add_argument("--max-tokens", type=int, default=COMPARE["max_tokens"])
    cmp.add_argument("--quality-tokens", type=int, default=SETTINGS["quality_tokens"].default,
                     help="score at most this many tokens of each text (the long document is "
                          "read whole, up to the context)")
    cmp.add_argument("--window", type=int, default=512, help="tokens per scoring window")
    cmp.add_argument("--flips", action="store_true",
                     help="also answer 20 short questions greedily and count, per model, the "
                          "answers that differ from the reference's")
    cmp.add_argument("--speed", action=argparse.BooleanOptionalAction, default=True,
                     help="time each model's prefill and decode at the context while it is "
                          "measured (default on; the long document's pass when it is scored)")
    cmp.add_argument("--min-speed", type=float, default=0.0, metavar="TOK/S",
                     help="recommend only a model that decodes at least this fast here")
    cmp.add_argument("--json", action="store_true", help="one JSON object instead of text")
    cmp.add_argument("--markdown", type=Path, metavar="OUT.md",
                     help="write the report as Markdown: prompt, table, chart, replies")
    cmp.add_argument("--csv", type=Path, metavar="OUT.csv", help="write the table as CSV")
    cmp.add_argument("--html", type=Path, metavar="OUT.html",
                     help="write the report as one self-contained HTML page to share: the "
                          "result in words, the chart, every table, the texts, this machine")
    cmp.add_argument("--chart", type=Path, metavar="OUT.png",
                     help="draw size against quality and speed (PNG, or SVG for OUT.svg)")

    q = sub.add_parser("quantize", help="make an MLX 2/3/4/5/6/8-bit variant of a local model")
    q.add_argument("-m", "--model", required=True,
                   help="an MLX float folder or a GGUF file (read in exact mode), or 'starter'")
    q.add_argument("--bits", type=int, required=True, choices=(2, 3, 4, 5, 6, 8))
    q.add_argument("--group-size", type=int, default=64, choices=(32, 64))
    q.add_argument("--out", type=Path, required=True, help="a new folder for the MLX model")
    q.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    if args.command == "quantize":
        return _quantize(args)
    from inference.errors import OrchardError

    if args.repo is not None:
        if args.models:
            raise OrchardError("Give either models (-m) or a repository (--repo), not both.")
        from app.cli.ladder import compare_ladder

        return compare_ladder(args)
    if not args.models:
        raise OrchardError("Give 2 to 4 models with -m, or a repository with --repo and "
                           "--quants.")
    return _compare(args)


def _quantize(args: argparse.Namespace) -> int:
    from inference.eval.quantize import quantize

    result = quantize(args.model, args.out, bits=args.bits, group_size=args.group_size)
    if args.json:
        print(json.dumps({"folder": str(result.folder), "bits": result.bits,
                          "group_size": result.group_size,
                          "bits_per_weight": round(result.bits_per_weight, 3),
                          "size_bytes": result.size_bytes,
                          "seconds": round(result.seconds, 2)}))
    else:
        print(f"wrote {result.folder}: {result.bits}-bit, group {result.group_size}, "
              f"{result.bits_per_weight:.2f} bits per weight, {result.size_bytes / 1e6:.1f} MB")
    return 0


def _settings(args: argparse.Namespace, texts: tuple[Any, ...]) -> Any:
    from inference.errors import OrchardError
    from inference.eval.compare import CompareSettings

    if args.prompt is None and not texts and not args.flips:
        raise OrchardError("Give a prompt (-p), a text to score (--text-file or --text), or both "
                           "(or --flips).")
    from inference.settings_schema import check

    check("max_tokens", args.max_tokens, "--max-tokens")
    check("temperature", args.temp, "--temp")
    check("quality_tokens", args.quality_tokens, "--quality-tokens")
    if args.reference is not None and not 1 <= args.reference <= len(args.models):
        raise OrchardError(f"--reference must be a model number from 1 to {len(args.models)}.")
    return CompareSettings(
        prompt=args.prompt, system_prompt=args.system, max_tokens=args.max_tokens,
        temperature=args.temp, seed=args.seed, categories=texts,
        quality_max_tokens=args.quality_tokens, window=args.window, ctx=args.ctx,
        exact=args.exact, flips=args.flips, speed=args.speed, min_tps=args.min_speed,
        reference=None if args.reference is None else args.reference - 1,
    )


def _compare(args: argparse.Namespace) -> int:
    from app.cli.compare_report import (
        label,
        print_categories,
        print_summary,
        quality_texts,
            stats_line,
        texts_json,
        write_outputs,
    )
    from inference.eval.compare import Comparison
    from inference.eval.results import machine_facts, result_dict

    texts, text_name = quality_texts(args)
    comparison = Comparison(args.models, _settings(args, texts))
    out: TextIO = sys.stdout
    headed: set[int] = set()

    def head(r: Any) -> None:
        if r.index not in headed:
            headed.add(r.index)
            out.write(f"\n== {label(r, comparison.reference)} ==\n")

    previous = signal.signal(signal.SIGINT, lambda *_: comparison.cancel.set())
    try:
        for event in comparison.run():
            if args.json:
                continue
            r = event.result
            if event.kind == "plan":
                print(f"orchard: {event.message}", file=sys.stderr)
            elif event.kind == "loading" and r is not None:
                print(f"orchard: loading {label(r, comparison.reference)}", file=sys.stderr)
            elif event.kind == "failed":
                print(f"orchard: {event.message}", file=sys.stderr)
            elif event.kind == "chunk" and event.chunk is not None and r is not None:
                head(r)
                out.write(event.chunk.text)
                out.flush()
            elif event.kind == "reply" and r is not None:
                head(r)
                out.write("\n")
                print(stats_line(r), file=out)
            elif event.kind == "quality" and event.message:
                print(f"orchard: warning: {event.message}", file=sys.stderr)
            elif event.kind == "quality" and r is not None and r.reference_reused:
                print(f"orchard: reused the stored scores of {r.name} on this text (it was "
                      "not run over it again)", file=sys.stderr)
            if event.kind == "quality" and r is not None and args.prompt is None:
                head(r)
                print(stats_line(r), file=out)
    finally:
        signal.signal(signal.SIGINT, previous)
    report = comparison.report()
    report.text_name = text_name or ""
    write_outputs(args, report)
    if args.json:
        print(json.dumps({"plan": report.plan, "reference": report.reference,
                          "text": text_name or None, **texts_json(texts),
                          "notes": report.notes, "summary": report.summary(),
                          "machine": machine_facts(),
                          "cache_reused": report.results[report.reference].reference_reused,
                          "prompt": args.prompt,
                          "models": [result_dict(r) for r in report.results]},
                         ensure_ascii=False))
    else:
        print(file=out)
        if text_name:
            print(f"Quality on {text_name}, against model {report.reference + 1}.", file=out)
        print_summary(report, out)
        out.write(report.markdown())
        print_categories(report, out)
    if comparison.not_saved:  # the results are shown; what could not be kept is said last
        print(f"orchard: {comparison.not_saved}", file=sys.stderr)
        return EXIT_DISK_FULL
    return 0
