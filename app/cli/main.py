"""The ``orchard`` command: the terminal front end of the inference library.

Every error is one line on stderr and exit code 2, never a traceback. Plain ``orchard``
starts the desktop app.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

# Light modules: each imports its heavy dependencies inside run().
from app.cli import compare as cli_compare
from app.cli import models as cli_models
from app.cli import serve as cli_serve

EXIT_ERROR = 2


class CliError(Exception):
    """A usage problem found by the CLI itself (shown like an OrchardError)."""


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-m", "--model", required=True, help="a .gguf file, an MLX folder or 'starter'")
    p.add_argument("--exact", action="store_true",
                   help="keep non-MLX quantizations as float16 instead of re-quantizing")
    p.add_argument("--ctx", type=int, default=None, help="context length in tokens")
    p.add_argument("--template", default=None,
                   help="a preset name (chatml, llama3, llama2, mistral, gemma, phi3, alpaca, "
                        "vicuna, japanese-instruct, plain) or a Jinja file, for this run")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orchard", description="Chat with local models on MLX. Without a command: the app."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window, chat once with the starter model, exit 0 if ok")
    parser.add_argument("--screenshot", type=Path, help="with --self-test: save a PNG here")
    sub = parser.add_subparsers(dest="command")

    chat = sub.add_parser("chat", help="chat with a model (one reply with -p, else interactive)")
    _model_args(chat)
    chat.add_argument("-p", "--prompt", help="send one message and print the reply")
    chat.add_argument("--system", help="system prompt")
    chat.add_argument("--temp", type=float, default=0.7)
    chat.add_argument("--top-p", type=float, default=0.95)
    chat.add_argument("--top-k", type=int, default=0)
    chat.add_argument("--min-p", type=float, default=0.05)
    chat.add_argument("--repeat-penalty", type=float, default=1.0)
    chat.add_argument("--seed", type=int, default=None, help="-1 or unset: random")
    chat.add_argument("--max-tokens", type=int, default=512)
    chat.add_argument("--stop", action="append", default=[], help="stop string (repeatable)")
    chat.add_argument("--json", action="store_true", help="one JSON line of stats per reply")

    tok = sub.add_parser("tokenize", help="token ids of a text (plain text, no special tokens)")
    _model_args(tok)
    src = tok.add_mutually_exclusive_group(required=True)
    src.add_argument("--text")
    src.add_argument("--text-file", type=Path)
    tok.add_argument("--json", action="store_true")

    prompt = sub.add_parser("prompt", help="the exact prompt text and ids that would be sent")
    _model_args(prompt)
    prompt.add_argument("--message", required=True)
    prompt.add_argument("--system")
    prompt.add_argument("--json", action="store_true")

    ppl = sub.add_parser("perplexity", help="perplexity of a model on a text file")
    _model_args(ppl)
    ppl.add_argument("--text-file", type=Path, required=True)
    ppl.add_argument("--json", action="store_true")

    bench = sub.add_parser("bench", help="load time, TTFT, tokens/s and peak memory")
    _model_args(bench)
    bench.add_argument("--prompt-tokens", type=int, default=128)
    bench.add_argument("--gen-tokens", type=int, default=64)
    bench.add_argument("--json", action="store_true")

    cli_models.add_parser(sub)
    cli_compare.add_parser(sub)
    cli_serve.add_parser(sub)
    return parser


def _load(args: argparse.Namespace) -> Any:
    from inference.model.load import load_model

    loaded = load_model(args.model, exact=args.exact, ctx=args.ctx, template=args.template)
    if loaded.choice.notice:
        print(f"orchard: note: {loaded.choice.notice}", file=sys.stderr)
    if loaded.info.weights_note:
        print(f"orchard: note: {loaded.info.name} is converted at load time, not run as "
              f"published ({loaded.info.weights_note}).", file=sys.stderr)
    return loaded


def _settings(args: argparse.Namespace) -> Any:
    from inference.types import SamplingSettings

    return SamplingSettings(
        temperature=args.temp, top_p=args.top_p, top_k=args.top_k, min_p=args.min_p,
        repetition_penalty=args.repeat_penalty,
        seed=None if args.seed == -1 else args.seed,  # -1: a random seed, as in the window
        max_tokens=args.max_tokens, stop=list(args.stop),
    ).check()


def _session(args: argparse.Namespace, loaded: Any) -> Any:
    from inference.session import ChatSession

    return ChatSession(loaded, system_prompt=args.system, settings=_settings(args),
                       context_length=args.ctx)


def _stats(chunk: Any, text: str, weights: str) -> dict[str, Any]:
    return {
        "text": text,
        "weights": weights,  # "native" (run as published) or "converted" (the fallback)
        "finish_reason": chunk.finish_reason,
        "prompt_tokens": chunk.prompt_tokens,
        "cached_tokens": chunk.cached_tokens,
        "generation_tokens": chunk.generation_tokens,
        "ttft_s": round(chunk.ttft_s, 4),
        "prompt_tps": round(chunk.prompt_tps, 2),
        "generation_tps": round(chunk.generation_tps, 2),
        "peak_memory_gb": round(chunk.peak_memory_gb, 4),
    }


@contextmanager
def _ctrl_c_stops(session: Any) -> Iterator[None]:
    """While a reply streams, Ctrl+C stops it (the session goes on) instead of quitting."""
    previous = signal.signal(signal.SIGINT, lambda *_: session.cancel.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class _Shown:
    """Notes already printed in this chat, so each is said once."""

    notice: str | None = None
    dropped: int = 0


def _notes(session: Any, last: Any, shown: _Shown) -> None:
    if session.notice and session.notice != shown.notice:
        print(f"orchard: note: {session.notice}", file=sys.stderr)
        shown.notice = session.notice
    if last is not None and last.dropped_turns > shown.dropped:
        print(f"orchard: note: {last.dropped_turns} earlier turn(s) no longer fit in the "
              f"context of {session.context_length} tokens and were left out.", file=sys.stderr)
        shown.dropped = last.dropped_turns


def _reply(
    session: Any, message: str | None, as_json: bool, out: TextIO, shown: _Shown
) -> None:
    """Send ``message`` (None: regenerate the last reply) and stream the answer."""
    parts: list[str] = []
    last = None
    with _ctrl_c_stops(session):
        stream = session.send(message) if message is not None else session.regenerate()
        for chunk in stream:
            parts.append(chunk.text)
            if not as_json:
                out.write(chunk.text)
                out.flush()
            last = chunk
    text = "".join(parts)
    _notes(session, last, shown)
    if as_json and last is not None:
        weights = session.loaded.weights
        out.write(json.dumps(_stats(last, text, weights), ensure_ascii=False) + "\n")
    elif not as_json:
        out.write("\n")
        if last is not None and last.finish_reason == "stopped":
            out.write("[stopped]\n")
    out.flush()


def cmd_chat(args: argparse.Namespace) -> int:
    from inference.errors import OrchardError

    if args.max_tokens < 1:
        raise CliError("--max-tokens must be at least 1.")
    _utf8(args.prompt, "The prompt (-p)")
    _utf8(args.system, "--system")
    _settings(args)  # a bad value is refused before the model loads
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if args.prompt is None and reconfigure is not None:
        reconfigure(errors="surrogateescape")  # undecodable input: a sentence, not a crash
    session = _session(args, _load(args))
    if args.prompt is not None:
        _reply(session, args.prompt, args.json, sys.stdout, _Shown(session.notice))
        return 0
    shown = _Shown(session.notice)  # _load printed the load-time notice already
    interactive = sys.stdin.isatty()
    if interactive:
        print("Orchard chat: /regenerate redoes the last reply, /reset starts over, /quit "
              "leaves, Ctrl+C stops a reply.", file=sys.stderr)
    while True:
        if interactive:
            sys.stderr.write("> ")
            sys.stderr.flush()
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            print(file=sys.stderr)
            return 0
        if not line:
            return 0
        message = line.rstrip("\n")
        try:
            _utf8(message, "That line")
        except CliError as exc:  # one bad line; the chat goes on
            print(f"orchard: {exc}", file=sys.stderr)
            continue
        if message.strip() == "/quit":
            return 0
        if message.strip() == "/reset":
            session.reset()
            print("(conversation cleared)", file=sys.stderr)
            continue
        if not message.strip():
            continue
        command = message.strip().split()[0]
        if command == "/help" or (command.startswith("/") and not command.startswith("//")
                                  and command not in CHAT_COMMANDS):
            # a typo like /quti is not sent to the model as a message
            unknown = "" if command == "/help" else f"unknown command {command}; "
            print(f"orchard: {unknown}{CHAT_HELP}", file=sys.stderr)
            continue
        if message.lstrip().startswith("//"):  # "//..." sends a line that starts with "/"
            message = message.lstrip()[1:]
        regenerate = message.strip() == "/regenerate"
        try:
            _reply(session, None if regenerate else message, args.json, sys.stdout, shown)
        except OrchardError as exc:  # one turn failed; the chat goes on
            print(f"orchard: {exc}", file=sys.stderr)


CHAT_COMMANDS = ("/regenerate", "/reset", "/quit", "/help")
CHAT_HELP = ("/regenerate redoes the last reply, /reset starts over, /quit leaves, /help shows "
             "this; start a line with // to send one that begins with /.")

#: The longest text file `tokenize` and `perplexity` read (a book is a few MB).
MAX_TEXT_BYTES = 64 << 20


def _utf8(value: str | None, what: str) -> str | None:
    """Arguments arrive with undecodable bytes kept as lone surrogates: refuse them here,
    in one sentence, rather than deep inside the tokenizer."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise CliError(f"{what} is not valid UTF-8 text.") from None
    return value


def _read_text(args: argparse.Namespace) -> str:
    if getattr(args, "text", None) is not None:
        return str(_utf8(args.text, "--text"))
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
    ids = _load(args).tokenizer.encode(text, parse_special=False, add_bos=False)
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
    from inference.session import ChatSession
    from inference.types import Message

    loaded = _load(args)
    session = ChatSession(loaded, system_prompt=_utf8(args.system, "--system"),
                          context_length=args.ctx)
    session.messages.append(Message("user", str(_utf8(args.message, "--message"))))
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
    result = perplexity(_load(args), text, ctx=args.ctx or 512)
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
    "chat": cmd_chat,
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
