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
from app.cli.chat import CliError, attach_arg, attachments, load, model_args, utf8

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
    prompt.add_argument("--message", required=True)
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


def _marked(tokenizer: Any, ids: list[int], colour: bool) -> str:
    """The prompt with each special token shown as ⟦token⟧ (coloured on a terminal)."""
    special = set(tokenizer.special_tokens.values())
    out: list[str] = []
    run: list[int] = []
    for i in [*ids, None]:
        if i is not None and i not in special:
            run.append(i)
            continue
        if run:
            out.append(tokenizer.decode(run))
            run = []
        if i is not None:
            mark = f"⟦{tokenizer.token_text(i)}⟧"
            out.append(f"\033[36m{mark}\033[0m" if colour else mark)
    return "".join(out)


def cmd_prompt(args: argparse.Namespace) -> int:
    from inference.attachments import render
    from inference.session import ChatSession
    from inference.types import Message

    files = attachments(args)  # read before the model loads: a bad file fails fast
    loaded = load(args)
    session = ChatSession(loaded, system_prompt=utf8(args.system, "--system"),
                          context_length=args.ctx)
    message = str(utf8(args.message, "--message"))
    session.messages.append(Message("user", render(message, files)))
    p = session.build_prompt()
    marked = _marked(loaded.tokenizer, p.ids, colour=False)
    if args.json:
        print(json.dumps({"prompt": p.text, "ids": p.ids, "template_source": p.template_source,
                          "tokens": len(p.ids), "marked": marked}, ensure_ascii=False))
    else:
        print(_marked(loaded.tokenizer, p.ids, colour=sys.stdout.isatty()))
        print(f"--- {len(p.ids)} tokens, template: {p.template_source}")
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


if __name__ == "__main__":
    sys.exit(main())
