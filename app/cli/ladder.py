"""``orchard compare --repo OWNER/NAME --quants Q8_0,Q6_K,Q4_K_M``: the quant ladder of one repo.

The rungs not yet in the models folder are downloaded (resumable, checksums verified, as
``orchard models pull``); the highest precision chosen is the reference (the largest file, or
``--reference N`` counting the --quants from 1). Each other rung is then measured against it
in a comparison of its own, one rung after another: the reference's scores are stored after
the first and reused by the rest, so the reference is run over the text once. The table and
``--json`` gather every rung.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from app.cli.compare_report import (
    print_categories,
    print_summary,
    quality_texts,
    stats_line,
    texts_json,
    write_outputs,
)


def compare_ladder(args: argparse.Namespace) -> int:
    from app.cli.models import ProgressLine
    from inference.errors import OrchardError
    from inference.eval.compare import CompareReport, CompareSettings, Comparison
    from inference.eval.results import machine_facts, result_dict
    from inference.hub.downloads import pull
    from inference.model.load import inspect_model

    quants = [q.strip() for q in (args.quants or "").split(",") if q.strip()]
    if len(quants) < 2:
        raise OrchardError("--repo needs --quants with at least two rungs, e.g. "
                           "--quants Q8_0,Q4_K_M.")
    texts, text_name = quality_texts(args)
    if not texts and args.prompt is None:
        raise OrchardError("Give a prompt (-p), a text to score (--text-file or --text), or "
                           "both.")
    if args.reference is not None and not 1 <= args.reference <= len(quants):
        raise OrchardError(f"--reference must be a rung number from 1 to {len(quants)}.")

    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        paths = []
        for quant in quants:  # a pause (Ctrl+C) keeps the partial file for the next run
            entry = pull(args.repo, quant=quant, progress=ProgressLine(sys.stderr),
                         cancel=cancel)
            paths.append(str(entry.location))
    finally:
        signal.signal(signal.SIGINT, previous)
    infos = [inspect_model(p) for p in paths]
    ref = (args.reference - 1 if args.reference is not None
           else max(range(len(paths)), key=lambda k: infos[k].size_bytes))
    settings = CompareSettings(
        prompt=args.prompt, system_prompt=args.system, max_tokens=args.max_tokens,
        temperature=args.temp, seed=args.seed, categories=texts,
        quality_max_tokens=args.quality_tokens, window=args.window, ctx=args.ctx,
        exact=args.exact, reference=0, speed=args.speed, min_tps=args.min_speed)

    results: list[Any] = []
    reused = False
    measured: list[tuple[str, str]] = []
    notes: list[str] = []
    for k, path in enumerate(paths):
        if k == ref:
            continue
        c = Comparison([paths[ref], path], settings)
        print(f"orchard: [{k + 1}/{len(paths)}] {quants[k]} against {quants[ref]}",
              file=sys.stderr)
        for event in c.run():
            if event.kind == "failed":
                print(f"orchard: {event.message}", file=sys.stderr)
            elif event.kind == "quality" and event.message:
                print(f"orchard: warning: {event.message}", file=sys.stderr)
        if not results:  # the reference's own figures, and whether an earlier run scored it
            results.append(c.results[0])
            reused = c.results[0].reference_reused
            measured, notes = c.report().categories, c.notes
        rung = c.results[1]
        rung.index = len(results)
        results.append(rung)
        if not args.json:
            print(f"\n== {quants[k]} ==\n{stats_line(rung)}")
    report = CompareReport(results, 0, f"The {args.repo} ladder against {quants[ref]}, one "
                           "rung at a time.", settings=settings, text_name=text_name,
                           categories=measured, notes=notes)
    write_outputs(args, report)
    if args.json:
        print(json.dumps({
            "repo": args.repo, "reference": quants[ref], "text": text_name or None,
            **texts_json(texts), "notes": notes, "summary": report.summary(),
            "machine": machine_facts(),
            "cache_reused": reused, "prompt": args.prompt,
            "models": [{**result_dict(r), "quant": r.quantization} for r in results],
        }, ensure_ascii=False))
    else:
        print()
        if text_name:
            print(f"Quality on {text_name}, against {quants[ref]}.")
        print_summary(report, sys.stdout)
        sys.stdout.write(report.markdown())
        print_categories(report, sys.stdout)
    return 0


__all__ = ["compare_ladder"]
