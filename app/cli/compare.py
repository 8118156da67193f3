"""``orchard compare`` and ``orchard quantize``: the terminal front end of inference/eval/.

See inference/eval/compare.py.

Registered by app/cli/main.py: ``add_parser(sub)`` adds both commands, ``run(args)`` runs either.
Errors are raised as OrchardError, which ``orchard``'s main turns into one line and exit 2.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

COMMANDS = ("compare", "quantize")
#: `orchard`'s one-line error exit (app/cli/main.py's EXIT_ERROR): here, for a comparison that
#: ran but whose reference scores the disk had no room for
EXIT_DISK_FULL = 2


def add_parser(sub: Any) -> None:
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
    cmp.add_argument("--text-file", type=Path,
                     help="a UTF-8 text to score: perplexity, KL divergence, top-1 agreement")
    cmp.add_argument("--text", metavar="NAME",
                     help="a built-in reference text for the quality measures: en, ja, ko, zh "
                          "or code; or 'conversations': your saved chats")
    cmp.add_argument("--reference", type=int, default=None, metavar="N",
                     help="model number (1-4) to measure against; default the highest precision")
    cmp.add_argument("--exact", action="store_true",
                     help="load GGUF files in exact mode (non-MLX quantizations as float16)")
    cmp.add_argument("--ctx", type=int, default=None, help="context length in tokens")
    cmp.add_argument("--system", help="system prompt (default: the reference model's)")
    cmp.add_argument("--temp", type=float, default=0.0, help="temperature (default 0: greedy)")
    cmp.add_argument("--seed", type=int, default=0)
    cmp.add_argument("--max-tokens", type=int, default=128)
    cmp.add_argument("--quality-tokens", type=int, default=1024,
                     help="score at most this many tokens of the text")
    cmp.add_argument("--window", type=int, default=512, help="tokens per scoring window")
    cmp.add_argument("--flips", action="store_true",
                     help="also answer 20 short questions greedily and count, per model, the "
                          "answers that differ from the reference's")
    cmp.add_argument("--json", action="store_true", help="one JSON object instead of text")
    cmp.add_argument("--markdown", type=Path, metavar="OUT.md",
                     help="write the report as Markdown: prompt, table, chart, replies")
    cmp.add_argument("--csv", type=Path, metavar="OUT.csv", help="write the table as CSV")
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


def _quality_text(args: argparse.Namespace) -> tuple[str | None, str]:
    from inference.errors import OrchardError
    from inference.eval.compare import CONVERSATIONS, builtin_text, saved_conversations_text

    if args.text_file is not None and args.text is not None:
        raise OrchardError("Give either --text-file or --text, not both.")
    if args.text == CONVERSATIONS:
        return saved_conversations_text(), "your saved conversations"
    if args.text is not None:
        return builtin_text(args.text), f"built-in text '{args.text}'"
    if args.text_file is None:
        return None, ""
    path: Path = args.text_file
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError as exc:
        raise OrchardError(f"{path} does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise OrchardError(f"{path} could not be read as UTF-8 text ({exc}).") from exc


def _settings(args: argparse.Namespace, text: str | None) -> Any:
    from inference.errors import OrchardError
    from inference.eval.compare import CompareSettings

    if args.prompt is None and text is None and not args.flips:
        raise OrchardError("Give a prompt (-p), a text to score (--text-file or --text), or both "
                           "(or --flips).")
    if args.max_tokens < 1:
        raise OrchardError("--max-tokens must be at least 1.")
    if args.reference is not None and not 1 <= args.reference <= len(args.models):
        raise OrchardError(f"--reference must be a model number from 1 to {len(args.models)}.")
    return CompareSettings(
        prompt=args.prompt, system_prompt=args.system, max_tokens=args.max_tokens,
        temperature=args.temp, seed=args.seed, quality_text=text,
        quality_max_tokens=args.quality_tokens, window=args.window, ctx=args.ctx,
        exact=args.exact, flips=args.flips,
        reference=None if args.reference is None else args.reference - 1,
    )


def _label(result: Any, reference: int) -> str:
    ref = ", reference" if result.index == reference else ""
    return f"[{result.index + 1}] {result.name} ({result.quantization}{ref})"


def _stats_line(r: Any) -> str:
    from inference.eval.results import nats

    parts = [f"{r.bits_per_weight:.2f} bits/weight", f"{r.size_bytes / 1e6:.1f} MB",
             f"load {r.load_s:.2f}s"]
    if r.generation_tokens:
        parts += [f"TTFT {r.ttft_s:.2f}s", f"prompt {r.prompt_tps:.1f} tok/s",
                  f"generation {r.generation_tps:.1f} tok/s", f"peak {r.peak_memory_gb:.3f} GB"]
        if r.diverges_at is not None:
            parts.append(f"diverges from the reference at token {r.diverges_at}")
    q = r.quality
    if q is not None:
        parts.append(f"perplexity {q.ppl:.3f} over {q.tokens} tokens")
        if q.kl is not None and q.top1 is not None:
            parts += [f"KL {q.kl:.5f}", f"top-1 {q.top1:.3f}"]
    lines = ["    " + ", ".join(parts)]
    if r.divergence is not None:
        d = r.divergence
        lines.append(f"    at token {d['token']}: reference {_choices(d['reference'])} | "
                     f"this {_choices(d['model'])}")
    if r.worst_tokens:
        lines.append("    largest KL: " + "; ".join(
            f"{nats(w['kl'])} at …{w['before'][-24:]!s}[{w['token']}]"
            for w in r.worst_tokens[:3]))
    return "\n".join(lines)


def _choices(top: list[dict[str, Any]]) -> str:
    return ", ".join(f"{t['token']!r} {t['p']:.0%}" for t in top)


def _result_json(r: Any) -> dict[str, Any]:
    """Everything measured for one model, and the headline figures under the names the
    ladder documents use (llama.cpp's statistics, where a reference was scored)."""
    data = asdict(r)
    q = r.quality
    data["quality"] = asdict(q) if q is not None else None
    stats = q.stats if q is not None else None
    data.update({
        "bpw": r.bits_per_weight, "ppl": q.ppl if q else None,
        "tokens_scored": q.tokens if q else None,
        "ppl_ratio": stats.ppl_ratio.value if stats else None,
        "ppl_ratio_se": stats.ppl_ratio.error if stats else None,
        "kld_mean": stats.kld.value if stats else None,
        "kld_se": stats.kld.error if stats else None,
        "kld_median": stats.kld_median if stats else None,
        "kld_p90": stats.kld_p90 if stats else None,
        "kld_p99": stats.kld_p99 if stats else None,
        "kld_max": stats.kld_max if stats else None,
        "dp_mean": stats.dp.value if stats else None,
        "dp_rms": stats.dp_rms.value if stats else None,
        "same_top1": stats.same_top1.value if stats else None,
        "same_top1_se": stats.same_top1.error if stats else None,
        "same_top5": stats.same_top5.value if stats else None,
    })
    return data


def _compare(args: argparse.Namespace) -> int:
    from inference.eval.compare import Comparison

    text, text_name = _quality_text(args)
    comparison = Comparison(args.models, _settings(args, text))
    out: TextIO = sys.stdout
    headed: set[int] = set()

    def head(r: Any) -> None:
        if r.index not in headed:
            headed.add(r.index)
            out.write(f"\n== {_label(r, comparison.reference)} ==\n")

    previous = signal.signal(signal.SIGINT, lambda *_: comparison.cancel.set())
    try:
        for event in comparison.run():
            if args.json:
                continue
            r = event.result
            if event.kind == "plan":
                print(f"orchard: {event.message}", file=sys.stderr)
            elif event.kind == "loading" and r is not None:
                print(f"orchard: loading {_label(r, comparison.reference)}", file=sys.stderr)
            elif event.kind == "failed":
                print(f"orchard: {event.message}", file=sys.stderr)
            elif event.kind == "chunk" and event.chunk is not None and r is not None:
                head(r)
                out.write(event.chunk.text)
                out.flush()
            elif event.kind == "reply" and r is not None:
                head(r)
                out.write("\n")
                print(_stats_line(r), file=out)
            elif event.kind == "quality" and event.message:
                print(f"orchard: warning: {event.message}", file=sys.stderr)
            elif event.kind == "quality" and r is not None and r.reference_reused:
                print(f"orchard: reused the stored scores of {r.name} on this text (it was "
                      "not run over it again)", file=sys.stderr)
            if event.kind == "quality" and r is not None and args.prompt is None:
                head(r)
                print(_stats_line(r), file=out)
    finally:
        signal.signal(signal.SIGINT, previous)
    report = comparison.report()
    report.text_name = text_name or ""
    _write(args, report)
    if args.json:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None
        print(json.dumps({"plan": report.plan, "reference": report.reference,
                          "text": text_name or None, "text_sha256": digest,
                          "cache_reused": report.results[report.reference].reference_reused,
                          "prompt": args.prompt,
                          "models": [_result_json(r) for r in report.results]},
                         ensure_ascii=False))
    else:
        print(file=out)
        if text_name:
            print(f"Quality on {text_name}, against model {report.reference + 1}.", file=out)
        out.write(report.markdown())
    if comparison.not_saved:  # the results are shown; what could not be kept is said last
        print(f"orchard: {comparison.not_saved}", file=sys.stderr)
        return EXIT_DISK_FULL
    return 0


def _write(args: argparse.Namespace, report: Any) -> None:
    from inference.errors import OrchardError
    from inference.files import DiskFullError, write_atomically

    try:
        if args.markdown is not None:
            chart = None
            if args.chart is not None:  # linked from the document, relative when it can be
                chart = os.path.relpath(args.chart.absolute(), args.markdown.absolute().parent)
            write_atomically(args.markdown, report.document(chart), what="the table")
        if args.csv is not None:
            write_atomically(args.csv, report.csv(), what="the table")
    except DiskFullError:
        raise  # its own sentence; no half-written table is left
    except OSError as exc:
        raise OrchardError(f"Could not write the table: {exc}") from exc
    if args.chart is not None:
        from app.gui.chart import save_chart

        save_chart(report, args.chart)
