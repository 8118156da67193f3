"""What ``orchard compare`` (app/cli/compare.py) and its ladder (app/cli/ladder.py) both
write: the texts to measure from the arguments, a model's stats line, its JSON, the per
category table and the files asked for (Markdown, CSV, chart). Its own module so that the
two commands share it without importing each other.
"""

from __future__ import annotations

import argparse
import hashlib
import os
from pathlib import Path
from typing import Any, TextIO


def quality_texts(args: argparse.Namespace) -> tuple[tuple[Any, ...], str]:
    """The categories to measure on (inference.eval.categories) from ``--text`` (built-in
    names, ``all`` for the default set, ``conversations`` for the user's chats; repeatable)
    and ``--text-file`` (repeatable; each its own category), and how the report names them."""
    from inference.eval import categories
    from inference.eval.categories import Category
    from inference.eval.compare import CONVERSATIONS, saved_conversations_text

    chosen: list[Category] = []
    names: list[str] = []
    for name in args.text or []:
        if name == categories.ALL:
            chosen += categories.default_set()
            names.append("the built-in categories")
        elif name == CONVERSATIONS:
            chosen.append(Category(CONVERSATIONS, "Your conversations",
                                   text=saved_conversations_text()))
            names.append("your saved conversations")
        else:
            chosen.append(categories.shipped(name))
            names.append(f"built-in text '{name}'")
    for path in args.text_file or []:
        chosen.append(categories.from_file(Path(path)))
        names.append(str(path))
    unique = list({c.key: c for c in chosen}.values())  # `--text all --text en`: en once
    return tuple(unique), ", ".join(names)


def texts_json(texts: tuple[Any, ...]) -> dict[str, Any]:
    """What the JSON says about the texts: one text's digest (as before categories), and
    every category's key, label and digest."""
    single = texts[0].text if len(texts) == 1 and not texts[0].messages else None
    return {"text_sha256": hashlib.sha256(single.encode("utf-8")).hexdigest()
            if single is not None else None,
            "categories": [{"key": c.key, "label": c.label, "sha256": c.identity()} for c in texts]}


def label(result: Any, reference: int) -> str:
    ref = ", reference" if result.index == reference else ""
    return f"[{result.index + 1}] {result.name} ({result.quantization}{ref})"


def stats_line(r: Any) -> str:
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
            parts += [f"KL {q.kl:.5f}", f"top-1 {q.top1:.1%}"]
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


def write_outputs(args: argparse.Namespace, report: Any) -> None:
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
        if getattr(args, "html", None) is not None:
            from app.gui.chart import html_report

            write_atomically(args.html, html_report(report), what="the report")
    except DiskFullError:
        raise  # its own sentence; no half-written table is left
    except OSError as exc:
        raise OrchardError(f"Could not write the table: {exc}") from exc
    if args.chart is not None:
        from app.gui.chart import save_chart

        save_chart(report, args.chart)


def print_summary(report: Any, out: TextIO) -> None:
    """The result in plain words, before the numbers: what each model loses, and which one
    to run on this machine."""
    for sentence in report.summary():
        print(sentence, file=out)
    _, why = report.recommend()
    if why:
        print(why, file=out)
    for note in report.notes:
        print(f"Left out: {note}", file=out)


def print_categories(report: Any, out: TextIO) -> None:
    """Each model's mean KL per category, after the table (when several were measured)."""
    if not report.by_category:
        return
    head = ["model", *(label for _, label in report.categories), "all"]
    rows = report.category_matrix()
    print("\nMean KL per category (lower is closer to the reference):", file=out)
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(),
              file=out)
