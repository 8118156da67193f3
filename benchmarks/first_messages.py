"""Do first replies end? The shipped first messages, sent to a model with the window's defaults.

    .venv/bin/python benchmarks/first_messages.py [--model starter] [--previous] [--json F]

Each message of ``resources/eval/first_messages.txt`` starts a fresh conversation with the
settings a new chat in the window has (``ChatSettings().sampling(model)``: the model's own
sampling, else by its size, DRY for small models, the loop guard on), the seed its line number
and the window's reply limit (1,024 tokens). A reply ends by itself ("stop": the model's end
of turn), is ended by the loop guard ("loop") or runs to the limit ("length").

``--previous`` sends each message a second time, interleaved, with the sampling before this
change (no DRY, no loop guard: what the issue's first walk met), so both columns come from
the same run on the same machine. Prints one row per message, the counts, the model's file
size and its load time.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "resources" / "eval" / "first_messages.txt"


def messages() -> list[str]:
    lines = MESSAGES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="starter")
    parser.add_argument("--previous", action="store_true",
                        help="also send each message with the sampling before DRY and the guard")
    parser.add_argument("--only", type=int, default=0, help="the first N messages only")
    parser.add_argument("--json", type=Path, help="write every reply and figure here")
    args = parser.parse_args()

    from app.gui.settings import ChatSettings
    from inference.model.defaults import recommended
    from inference.model.load import load_model
    from inference.session import ChatSession

    start = time.perf_counter()
    loaded = load_model(args.model)
    load_s = time.perf_counter() - start
    info = loaded.info
    window = ChatSettings()
    now = window.sampling(info)
    # before: the size rule's temperature and top-p only, as the window had them
    before = replace(now, dry_multiplier=0.0, repetition_penalty=1.0, loop_guard=False)
    print(f"{info.name}: {info.size_bytes / 1e6:.0f} MB file, loaded in {load_s:.1f} s "
          f"({platform.machine()}, {platform.system()})")
    print(f"defaults ({recommended(info).source}): {now}")
    configs = [("now", now)] + ([("before", before)] if args.previous else [])
    rows: list[dict[str, object]] = []
    counts = {name: {"stop": 0, "loop": 0, "length": 0} for name, _ in configs}
    todo = messages()[: args.only or None]
    for i, text in enumerate(todo, start=1):
        for name, settings in configs:
            session = ChatSession(loaded, settings=replace(settings, seed=i),
                                  system_prompt=window.system_prompt)
            t0, c0 = time.perf_counter(), cpu()
            pieces = list(session.send(text))
            last = pieces[-1]
            reply = "".join(p.text for p in pieces)
            finish = str(last.finish_reason)
            counts[name][finish] = counts[name].get(finish, 0) + 1
            rows.append({"message": i, "config": name, "finish": finish,
                         "tokens": last.generation_tokens, "wall_s": time.perf_counter() - t0,
                         "cpu_s": cpu() - c0, "reply": reply})
            shown = reply.replace("\n", " ")[:70]
            print(f"{i:2} {name:6} {finish:6} {last.generation_tokens:5} tok  {shown}",
                  flush=True)
    for name, c in counts.items():
        n = len(todo)
        print(f"{name}: {c['stop']}/{n} ended by themselves ({100 * c['stop'] / n:.0f}%), "
              f"{c['loop']} ended by the loop guard, {c['length']} ran to the limit")
    if args.json:
        args.json.write_text(json.dumps({
            "model": info.name, "size_bytes": info.size_bytes, "load_s": load_s,
            "settings": {name: asdict(s) for name, s in configs}, "counts": counts,
            "rows": rows,
        }, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
