"""``orchard models``: the model library and the Hugging Face Hub from the terminal.

    orchard models list [--json]
    orchard models search QUERY [--format gguf|mlx] [--sort downloads|likes|updated] [--json]
    orchard models files REPO [--ctx N] [--json]
    orchard models pull REPO [--file NAME | --quant Q4_K_M] [--json]
    orchard models add PATH [--json]
    orchard models rm ID [--json]

Only ``search``, ``files`` and ``pull`` go online. ``pull`` shows progress on stderr (one
updating line on a terminal, a line now and then otherwise); Ctrl+C pauses it, and running the
same pull again resumes. Also runnable on its own: ``python -m app.cli.models pull ...``.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from typing import Any, TextIO

EXIT_ERROR = 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser("models", help="downloaded models and the Hugging Face Hub")
    msub = models.add_subparsers(dest="models_command", required=True)

    ls = msub.add_parser("list", help="installed and referenced models (offline)")
    ls.add_argument("--json", action="store_true")

    search = msub.add_parser("search", help="search the Hub")
    search.add_argument("query")
    search.add_argument("--format", choices=["gguf", "mlx"], default=None)
    search.add_argument("--sort", choices=["downloads", "likes", "updated"], default="downloads")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")

    files = msub.add_parser("files", help="a repo's quantizations with size and memory")
    files.add_argument("repo")
    files.add_argument("--ctx", type=int, default=4096, help="context for the memory estimate")
    files.add_argument("--revision", default="main")
    files.add_argument("--json", action="store_true")

    pull = msub.add_parser("pull", help="download a GGUF quant or an MLX repo (resumable)")
    pull.add_argument("repo")
    which = pull.add_mutually_exclusive_group()
    which.add_argument("--file", default=None, help="a GGUF file name in the repo")
    which.add_argument("--quant", default=None, help="a quantization such as Q4_K_M")
    pull.add_argument("--ctx", type=int, default=4096, help="context for choosing a quant")
    pull.add_argument("--revision", default="main")
    pull.add_argument("--json", action="store_true")

    add = msub.add_parser("add", help="reference a local GGUF file or MLX folder (no copy)")
    add.add_argument("path")
    add.add_argument("--json", action="store_true")

    rm = msub.add_parser("rm", help="remove a model (deletes downloaded files)")
    rm.add_argument("id")
    rm.add_argument("--json", action="store_true")


def _size(n: int) -> str:
    from inference.model.memory import format_bytes

    return format_bytes(n)


def _out(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False))


def cmd_list(args: argparse.Namespace) -> int:
    from inference.hub.downloads import paused_downloads
    from inference.model import library

    entries = library.entries()
    paused = paused_downloads()
    if args.json:
        _out([e.as_dict() for e in entries])
        return 0
    if not entries and not paused:
        print("No models yet: `orchard models pull REPO` downloads one, `orchard models add PATH` "
              "references one on disk.")
        return 0
    for e in entries:
        source = f"{e.repo}@{(e.revision or '')[:7]}" if e.repo else e.path
        missing = "  [missing]" if not e.exists() else ""
        print(f"{e.id:<40} {e.format:<5} {e.quant:<9} {_size(e.size_bytes):>9}  {source}{missing}")
    for p in paused:  # stopped part-way: say how to go on
        again = f"orchard models pull {p['repo']}" + (f" --file {p['file']}" if p["file"] else "")
        print(f"paused: {p['repo']}{' · ' + p['file'] if p['file'] else ''} "
              f"({_size(p['have'])} here); `{again}` resumes it")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from inference.hub.client import search

    results = search(args.query, fmt=args.format, sort=args.sort, limit=args.limit)
    if args.json:
        _out([r.as_dict() for r in results])
        return 0
    for r in results:
        flags = ",".join(r.formats) + (" gated" if r.gated else "")
        print(f"{r.repo:<50} {r.downloads:>9} downloads {r.likes:>6} likes  "
              f"{(r.updated or '')[:10]}  {flags}")
    if not results:
        print("No models found.")
    return 0


def cmd_files(args: argparse.Namespace) -> int:
    from inference.hub.client import quant_ladder

    ladder = quant_ladder(args.repo, ctx=args.ctx, revision=args.revision)
    if args.json:
        _out({"repo": ladder.repo, "revision": ladder.revision, "format": ladder.format,
              "gated": ladder.gated, "options": [o.as_dict() for o in ladder.options]})
        return 0
    if not ladder.options:
        print(f"{args.repo} has no GGUF or MLX model files.")
        return 0
    print(f"{ladder.repo} ({ladder.format}) at a context of {args.ctx} tokens:")
    for o in ladder.options:
        bpw = f"{o.bits_per_weight:.2f} bpw" if o.bits_per_weight else "? bpw"
        guess = "" if o.kv_known else " (KV cache guessed)"
        parts = f"  {len(o.files)} files" if o.format == "gguf" and len(o.files) > 1 else ""
        print(f"  {o.quant:<9} {_size(o.size_bytes):>9} {bpw:>10}  needs "
              f"{_size(o.memory.total_bytes):>9}  {o.verdict}{guess}{parts}")
    return 0


class ProgressLine:
    """Pull progress on stderr: one updating line on a terminal, else a line every 10 %."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last_step = -1
        self.last_time = 0.0

    def __call__(self, p: Any) -> None:
        pct = int(p.fraction * 100)
        rate = f"{_size(int(p.rate_bps))}/s" if p.rate_bps else "-"
        eta = f"{p.eta_s:.0f}s" if p.eta_s is not None else "-"
        name = p.file or "all files"
        line = (f"{p.phase} {name}: {pct}% {_size(p.done)} of {_size(p.total)} "
                f"({rate}, ETA {eta})")
        if self.tty:
            self.stream.write("\r\033[K" + line + ("\n" if p.phase == "done" else ""))
            self.stream.flush()
            return
        now = time.monotonic()
        if p.phase == "done" or pct // 10 > self.last_step or now - self.last_time > 10:
            self.last_step, self.last_time = pct // 10, now
            print(line, file=self.stream, flush=True)


def cmd_pull(args: argparse.Namespace) -> int:
    from inference.hub.downloads import pull

    cancel = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        entry = pull(args.repo, file=args.file, quant=args.quant, revision=args.revision,
                     ctx=args.ctx, progress=ProgressLine(sys.stderr), cancel=cancel)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if args.json:
        _out(entry.as_dict())
    else:
        print(f"{entry.id} is ready ({_size(entry.size_bytes)}, checksums verified): "
              f"orchard chat -m {entry.id}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from inference.model.load import add_local  # inspects the model's header

    entry = add_local(args.path)
    if args.json:
        _out(entry.as_dict())
    else:
        print(f"Added {entry.id} (a reference to {entry.path}; nothing was copied).")
    return 0


def cmd_rm(args: argparse.Namespace) -> int:
    from inference.model import library

    entry, freed = library.remove(args.id)
    if args.json:
        _out({"id": entry.id, "freed_bytes": freed})
    elif entry.kind == "reference":
        print(f"Removed {entry.id} from the library; {entry.path} was left where it is.")
    else:
        print(f"Removed {entry.id} and freed {_size(freed)}.")
    return 0


COMMANDS = {"list": cmd_list, "search": cmd_search, "files": cmd_files, "pull": cmd_pull,
            "add": cmd_add, "rm": cmd_rm}


def run(args: argparse.Namespace) -> int:
    from inference.errors import OrchardError
    from inference.files import DiskFullError, is_disk_full

    try:
        return COMMANDS[args.models_command](args)
    except OSError as exc:  # the library's index (library.json) on a full disk: one line
        if isinstance(exc, OrchardError) or not is_disk_full(exc):
            raise
        from inference.model import library

        raise DiskFullError(exc.filename or library.index_path(), "the model library") from exc


def main(argv: list[str] | None = None) -> int:
    """``python -m app.cli.models ...``: the same commands without app.cli.main registering them."""
    from inference.errors import OrchardError

    parser = argparse.ArgumentParser(prog="orchard")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    args = parser.parse_args(["models", *(argv if argv is not None else sys.argv[1:])])
    try:
        return run(args)
    except OrchardError as exc:
        print(f"orchard: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("orchard: interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
