"""The ``orchard`` command: the terminal front end of the inference library.

Every error is one line on stderr and exit code 2, never a traceback. Plain ``orchard``
starts the desktop app. Here: the parser, dispatch and the small one-model commands (tokenize,
prompt, perplexity, bench); ``chat``, ``models``, ``compare``/``quantize`` and ``serve`` live in
their own modules, each registered with ``add_parser(sub)`` and run with ``run(args)``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Light modules: each imports its heavy dependencies inside run().
from app.cli import chat as cli_chat
from app.cli import compare as cli_compare
from app.cli import models as cli_models
from app.cli import serve as cli_serve
from app.cli.chat import (
    CliError,
    attach_arg,
    attachments,
    load,
    model_args,
    user_message,
    utf8,
)

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orchard", description="Chat with local models on MLX. Without a command: the app."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window, chat once with the starter model, exit 0 if ok")
    parser.add_argument("--screenshot", type=Path, help="with --self-test: save a PNG here")
    sub = parser.add_subparsers(dest="command")

    cli_chat.add_parser(sub)

    tok = sub.add_parser("tokenize", help="token ids of a text (plain text, no special tokens)")
    model_args(tok)
    src = tok.add_mutually_exclusive_group(required=True)
    src.add_argument("--text")
    src.add_argument("--text-file", type=Path)
    tok.add_argument("--json", action="store_true")

    prompt = sub.add_parser("prompt", help="the exact prompt text and ids that would be sent")
    model_args(prompt)
    prompt.add_argument("text", nargs="?", metavar="MESSAGE", help="the message (or --message)")
    prompt.add_argument("--message")
    prompt.add_argument("--system")
    prompt.add_argument("--json", action="store_true")
    attach_arg(prompt)

    ppl = sub.add_parser("perplexity", help="perplexity of a model on a text file")
    model_args(ppl)
    ppl.add_argument("--text-file", type=Path, required=True)
    ppl.add_argument("--json", action="store_true")

    bench = sub.add_parser("bench", help="load time, TTFT, tokens/s and peak memory")
    model_args(bench)
    bench.add_argument("--prompt-tokens", type=int, default=128)
    bench.add_argument("--gen-tokens", type=int, default=64)
    bench.add_argument("--json", action="store_true")

    cli_models.add_parser(sub)
    cli_compare.add_parser(sub)
    cli_serve.add_parser(sub)
    return parser


#: The longest text file `tokenize` and `perplexity` read (a book is a few MB).
MAX_TEXT_BYTES = 64 << 20


def _read_text(args: argparse.Namespace) -> str:
    if getattr(args, "text", None) is not None:
        return str(utf8(args.text, "--text"))
    path: Path = args.text_file
    if path.exists() and not path.is_file():  # /dev/zero, a FIFO (opening one would block)
        raise CliError(f"{path} is not a regular file.")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_TEXT_BYTES + 1)
    except FileNotFoundError as exc:
        raise CliError(f"{path} does not exist.") from exc
    except OSError as exc:
        raise CliError(f"{path} could not be read ({exc.strerror or exc}).") from exc
    if len(data) > MAX_TEXT_BYTES:
        raise CliError(f"{path} is larger than {MAX_TEXT_BYTES >> 20} MB; use a shorter text.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text.") from None


def cmd_tokenize(args: argparse.Namespace) -> int:
    text = _read_text(args)
    ids = load(args).tokenizer.encode(text, parse_special=False, add_bos=False)
    print(json.dumps({"ids": ids}) if args.json else " ".join(map(str, ids)))
    return 0


def _marked(tokenizer: Any, ids: list[int], colour: bool,
            images: list[tuple[int, int]] | None = None) -> str:
    """The prompt with each special token shown as ⟦token⟧ (coloured on a terminal). In
    ``images`` ((start, end) token ranges), every token is marked and a run of one token is
    shown once with its count, ⟦<|image_pad|>×950⟧, not 950 times."""
    special = set(tokenizer.special_tokens.values())
    image = [False] * len(ids)
    for start, end in images or []:
        image[start:end] = [True] * (end - start)
    out: list[str] = []
    run: list[int] = []
    i = 0
    while i <= len(ids):
        if i < len(ids) and ids[i] not in special and not image[i]:
            run.append(ids[i])
            i += 1
            continue
        if run:
            out.append(tokenizer.decode(run))
            run = []
        if i == len(ids):
            break
        n = 1
        while image[i] and i + n < len(ids) and image[i + n] and ids[i + n] == ids[i]:
            n += 1
        mark = f"⟦{tokenizer.token_text(ids[i])}{f'×{n}' if n > 1 else ''}⟧"
        out.append(f"\033[36m{mark}\033[0m" if colour else mark)
        i += n
    return "".join(out)


def _image_runs(prompt: Any) -> list[tuple[int, int]]:
    """Each image's (start, end) token range in ``prompt.ids``: a vision prompt's cache ids
    stand for each image's tokens with one negative value of its own."""
    cache_ids = getattr(prompt.media, "cache_ids", None) or []
    runs: list[tuple[int, int]] = []
    for i, t in enumerate(cache_ids):
        if t >= 0:
            continue
        if runs and runs[-1][1] == i and cache_ids[i - 1] == t:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _prompt_message(args: argparse.Namespace) -> str:
    if (args.message is None) == (args.text is None):
        raise CliError("prompt takes one message: --message TEXT, or the text itself."
                       if args.message is None else
                       "prompt takes one message: --message TEXT or the text, not both.")
    if args.message is not None:
        return str(utf8(args.message, "--message"))
    return str(utf8(args.text, "The message"))


def cmd_prompt(args: argparse.Namespace) -> int:
    from inference.attachments import image_size
    from inference.session import ChatSession

    message = _prompt_message(args)
    system = utf8(args.system, "--system")
    files = attachments(args)  # read before the model loads: a bad file fails fast
    loaded = load(args)
    session = ChatSession(loaded, system_prompt=system, context_length=args.ctx)
    session.messages.append(user_message(message, files))
    p = session.build_prompt()  # a text model given images says so here
    runs = _image_runs(p)
    pictures = [a for a in files if a.is_image]
    # tokens per image where the runs tell them apart (two same images side by side would
    # not be), else the images' total on the last line only
    each = [end - start for start, end in runs] if len(runs) == len(pictures) else None
    shown = [{"name": a.name, "width": w, "height": h, "tokens": each[k] if each else None}
             for k, a in enumerate(pictures) for w, h in [image_size(a)]]
    marked = _marked(loaded.tokenizer, p.ids, colour=False, images=runs)
    if args.json:
        print(json.dumps({"prompt": p.text, "ids": p.ids, "template_source": p.template_source,
                          "tokens": len(p.ids), "marked": marked, "images": shown,
                          "image_tokens": p.image_tokens}, ensure_ascii=False))
        return 0
    print(_marked(loaded.tokenizer, p.ids, colour=sys.stdout.isatty(), images=runs))
    for k, picture in enumerate(shown, 1):
        tokens = "" if picture["tokens"] is None else f", {picture['tokens']} tokens"
        print(f"--- image {k}: {picture['name']}, {picture['width']} \u00d7 {picture['height']} "
              f"pixels{tokens}")
    images = f" ({p.image_tokens} of them for images)" if pictures else ""
    print(f"--- {len(p.ids)} tokens{images}, template: {p.template_source}")
    return 0


def cmd_perplexity(args: argparse.Namespace) -> int:
    from inference.eval.perplexity import perplexity

    text = _read_text(args)
    result = perplexity(load(args), text, ctx=args.ctx or 512)
    if args.json:
        print(json.dumps({"ppl": result.ppl, "tokens": result.tokens}))
    else:
        print(f"perplexity {result.ppl:.4f} over {result.tokens} tokens")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from inference.eval.bench import run_bench

    result = run_bench(args.model, exact=args.exact, ctx=args.ctx,
                       prompt_tokens=args.prompt_tokens, gen_tokens=args.gen_tokens)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from app.gui.main import run_gui, run_self_test

    if args.self_test:
        return run_self_test(args.screenshot)
    return run_gui(sys.argv[:1])


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "chat": cli_chat.run,
    "tokenize": cmd_tokenize,
    "prompt": cmd_prompt,
    "perplexity": cmd_perplexity,
    "bench": cmd_bench,
    "models": cli_models.run,
    "compare": cli_compare.run,
    "quantize": cli_compare.run,
    "serve": cli_serve.run,
    None: cmd_gui,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(name)s: %(message)s", stream=sys.stderr)
    if not args.verbose:
        # The MCP SDK logs a tool server's failures (a line that is not JSON-RPC, a dropped
        # connection) with tracebacks; the tool host says each in one sentence already. The
        # SDK names one of its loggers just "client".
        for name in ("mcp", "client"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    from inference.errors import OrchardError

    try:
        return COMMANDS[args.command](args)
    except (OrchardError, CliError) as exc:
        print(f"orchard: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("orchard: interrupted.", file=sys.stderr)
        return 130
    except MemoryError:
        print("orchard: ran out of memory; try a smaller model or a shorter context.",
              file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # a full disk that no command put in its own words
        from inference.files import disk_full_sentence, is_disk_full
        from inference.paths import data_dir

        if not is_disk_full(exc):
            raise
        where = exc.filename or data_dir() / "-"
        print(f"orchard: {disk_full_sentence(where, 'what it was writing')}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
