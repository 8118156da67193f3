"""``orchard chat``: the terminal chat (one reply with ``-p``, else a REPL with slash commands).

Registered by :mod:`app.cli.main` with ``add_parser(sub)`` and ``run(args)``. Replies stream to
stdout; notes, the prompt and slash-command answers go to stderr. Ctrl+C while a reply streams
stops that reply and the chat goes on.

Also here, public because main's other one-model commands (tokenize, prompt, perplexity) share
them: :class:`CliError`, :func:`model_args`, :func:`load` and :func:`utf8`. They live here rather
than in main so that this module never imports main (``python -m app.cli.main`` runs main as
``__main__``, and a second copy of it would have its own CliError that main does not catch).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from app.cli.conversations import Saved, list_conversations

CHAT_COMMANDS = ("/regenerate", "/reset", "/quit", "/help")
CHAT_HELP = ("/regenerate redoes the last reply, /reset starts over, /quit leaves, /help shows "
             "this; start a line with // to send one that begins with /.")


class CliError(Exception):
    """A usage problem found by the CLI itself (shown like an OrchardError)."""


def utf8(value: str | None, what: str) -> str | None:
    """Arguments arrive with undecodable bytes kept as lone surrogates: refuse them here,
    in one sentence, rather than deep inside the tokenizer."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise CliError(f"{what} is not valid UTF-8 text.") from None
    return value


def model_args(p: argparse.ArgumentParser, *, required: bool = True) -> None:
    """The options of every command that loads one model."""
    p.add_argument("-m", "--model", required=required,
                   help="a .gguf file, an MLX folder or 'starter'")
    p.add_argument("--exact", action="store_true",
                   help="keep non-MLX quantizations as float16 instead of re-quantizing")
    p.add_argument("--ctx", type=int, default=None, help="context length in tokens")
    p.add_argument("--template", default=None,
                   help="a preset name (chatml, llama3, llama2, mistral, gemma, phi3, alpaca, "
                        "vicuna, japanese-instruct, plain) or a Jinja file, for this run")
    p.add_argument("--draft", default=None, metavar="MODEL",
                   help="a smaller model of the same tokenizer that proposes tokens for this "
                        "one to check (speculative decoding: faster, same greedy output)")


def kv_bits_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kv-bits", type=int, choices=(16, 8, 4), default=16,
                   help="precision of the KV cache: 16 (default), or 8 or 4 bits (less memory "
                        "for long contexts, slightly different answers)")


def kv_bits(args: argparse.Namespace) -> int | None:
    """None for a 16-bit cache, else the quantized cache's bits."""
    bits = getattr(args, "kv_bits", 16)
    return None if bits == 16 else int(bits)


def load(args: argparse.Namespace) -> Any:
    """Load ``args.model`` (see :func:`model_args`), with its notes on stderr."""
    from inference.model.load import load_model

    loaded = with_draft(load_model(args.model, exact=args.exact, ctx=args.ctx,
                                   template=args.template, kv_bits=kv_bits(args)), args)
    if loaded.choice.notice:
        print(f"orchard: note: {loaded.choice.notice}", file=sys.stderr)
    if loaded.info.weights_note:
        print(f"orchard: note: {loaded.info.name} is converted at load time, not run as "
              f"published ({loaded.info.weights_note}).", file=sys.stderr)
    return loaded


def with_draft(loaded: Any, args: argparse.Namespace) -> Any:
    """``loaded`` with ``--draft``'s model attached, if one was given."""
    draft = getattr(args, "draft", None)
    if not draft:
        return loaded
    from inference.model.load import attach_draft

    return attach_draft(loaded, draft)


def add_parser(sub: Any) -> None:
    chat = sub.add_parser("chat", help="chat with a model (one reply with -p, else interactive)")
    model_args(chat, required=False)
    kv_bits_arg(chat)
    chat.add_argument("--conversation", metavar="NAME",
                      help="continue the saved conversation of this name (the window's too), "
                           "or start a saved one under it")
    chat.add_argument("--list", action="store_true",
                      help="list the saved conversations and exit")
    chat.add_argument("-p", "--prompt", help="send one message and print the reply")
    chat.add_argument("--system", help="system prompt")
    chat.add_argument("--temp", type=float, default=None,
                      help="temperature (default: the model's own, else by its size)")
    chat.add_argument("--top-p", type=float, default=None,
                      help="top-p (default: the model's own, else by its size)")
    own = "(default: the model's own, else by its size)"
    chat.add_argument("--top-k", type=int, default=None, help=f"top-k, 0 off {own}")
    chat.add_argument("--min-p", type=float, default=None, help=f"min-p {own}")
    chat.add_argument("--repeat-penalty", type=float, default=None,
                      help=f"repetition penalty, 1 off {own}")
    chat.add_argument("--repeat-last-n", type=int, default=None,
                      help="tokens the repetition penalty looks back over (default 64)")
    chat.add_argument("--dry", type=float, default=None,
                      help=f"DRY penalty multiplier, 0 off {own}")
    chat.add_argument("--no-loop-guard", dest="loop_guard", action="store_false",
                      help="let a reply that repeats itself run on to --max-tokens")
    chat.add_argument("--seed", type=int, default=None, help="-1 or unset: random")
    chat.add_argument("--max-tokens", type=int, default=512)
    chat.add_argument("--stop", action="append", default=[], help="stop string (repeatable)")
    chat.add_argument("--json", action="store_true", help="one JSON line of stats per reply")
    attach_arg(chat)


class ImagePath(str):
    """A path given with ``--image``: read as an image, whatever its name says."""


def attach_arg(p: argparse.ArgumentParser) -> None:
    # One list for both flags, so the images keep the order they were given in.
    p.add_argument("--attach", action="append", default=[], metavar="FILE",
                   help="a text, code, PDF or image file sent with the (first) message; "
                        "repeatable")
    p.add_argument("--image", action="append", dest="attach", default=[], type=ImagePath,
                   metavar="FILE",
                   help="an image (PNG, JPEG, GIF, WebP, BMP, TIFF) sent with the (first) "
                        "message, for a vision model; repeatable")


def attachments(args: argparse.Namespace) -> list[Any]:
    """The files of ``--attach`` and ``--image``, read now: one that cannot be is one line
    and exit 2, before the model loads."""
    from inference.attachments import read_attachment, read_image

    return [read_image(path) if isinstance(path, ImagePath) else read_attachment(path)
            for path in args.attach]


def user_message(text: str, files: list[Any]) -> Any:
    """The user message as it is sent: the files' text before ``text``, the images (from
    either flag) as the message's images, in order."""
    from inference.attachments import render
    from inference.types import Message

    return Message("user", render(text, files),
                   images=tuple(a.data for a in files if a.is_image))


def _refuse_unseen(session: Any, files: list[Any]) -> None:
    """A text model given images refuses them now, in the library's own sentence, rather
    than at each message of an interactive chat."""
    from inference.types import Message

    images = tuple(a.data for a in files if a.is_image)
    if images and session.loaded.vision is None:
        session.build_prompt([Message("user", "", images=images)])  # raises OrchardError


def _settings(args: argparse.Namespace, model: Any = None) -> Any:
    """The sampler's settings; what the user left out comes from ``model`` (a ModelInfo: its
    generation_config.json, else its size), or the usual values before it is loaded."""
    from inference.model.defaults import settle
    from inference.types import SamplingSettings

    return SamplingSettings(
        **settle(model, temperature=args.temp, top_p=args.top_p, top_k=args.top_k,
                 min_p=args.min_p, repetition_penalty=args.repeat_penalty,
                 repeat_last_n=args.repeat_last_n, dry_multiplier=args.dry),
        seed=None if args.seed == -1 else args.seed,  # -1: a random seed, as in the window
        max_tokens=args.max_tokens, stop=list(args.stop), loop_guard=args.loop_guard,
    ).check()


def _session(args: argparse.Namespace, loaded: Any, template: Any = None) -> Any:
    from inference.caches import PromptCaches
    from inference.saved_caches import SavedCaches, model_identity
    from inference.session import ChatSession

    info = loaded.info
    bits = kv_bits(args)
    try:  # KV caches saved on disk: a conversation continued later reads only its new turn
        disk = SavedCaches(model_identity(info, bits, loaded.exact),
                           layers=(info.n_kv_heads, info.head_dim))
    except OSError:
        disk = None
    caches = PromptCaches(loaded.cache_model, max_entries=1, kv_bits=bits, head_dim=info.head_dim,
                          disk=disk)
    return ChatSession(loaded, system_prompt=args.system, settings=_settings(args, info),
                       context_length=args.ctx, template=template, caches=caches)


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
        # with --draft: the generated tokens the draft proposed and the model kept
        "draft_tokens": chunk.draft_tokens,
        "peak_memory_gb": round(chunk.peak_memory_gb, 4),
    }


@contextmanager
def _ctrl_c_stops(session: Any) -> Iterator[None]:
    """While a reply streams, Ctrl+C stops it (the session goes on) instead of quitting, and
    keys typed meanwhile are neither echoed into the reply nor sent afterwards."""
    previous = signal.signal(signal.SIGINT, lambda *_: session.cancel.set())
    try:
        with _no_echo():
            yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _no_echo() -> Iterator[None]:
    """Terminal echo off (POSIX: macOS and Linux); nothing to do when stdin is no terminal."""
    try:
        import termios
    except ImportError:  # not POSIX
        yield
        return
    try:
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd) if sys.stdin.isatty() else None
    except (OSError, ValueError, AttributeError, termios.error):
        saved = None
    if saved is None:
        yield
        return
    quiet = list(saved)
    quiet[3] &= ~termios.ECHO  # lflag; ISIG stays, so Ctrl+C still reaches us
    termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    try:
        yield
    finally:
        # what was typed during the reply is dropped: kept, it would join the next message
        # unseen (echo was off), and "/quit" typed after it would go to the model
        termios.tcflush(fd, termios.TCIFLUSH)
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


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
    session: Any, message: str | None, as_json: bool, out: TextIO, shown: _Shown,
    saved: Saved | None = None, files: list[Any] | None = None,
) -> None:
    """Send ``message`` (None: regenerate the last reply) with ``files`` and stream the
    answer; with ``saved``, both go into the saved conversation."""
    parts: list[str] = []
    last = None
    files = files or []
    if saved is not None:
        saved.before(message, files)
    with _ctrl_c_stops(session):
        try:
            if message is not None:
                # as session.send() does, with the images as well (a failed prompt takes
                # the message back off)
                session.messages.append(user_message(message, files))
                stream = session.reply()
            else:
                stream = session.regenerate()
        except Exception:
            if saved is not None:
                saved.refused()  # the message was not sent: it is not kept either
            raise
        for chunk in stream:
            parts.append(chunk.text)
            if not as_json:
                out.write(chunk.text)
                out.flush()
            last = chunk
    text = "".join(parts)
    if saved is not None and last is not None:
        saved.after(session, last)
    _notes(session, last, shown)
    if as_json and last is not None:
        weights = session.loaded.weights
        out.write(json.dumps(_stats(last, text, weights), ensure_ascii=False) + "\n")
    elif not as_json:
        out.write("\n")
        if last is not None and last.finish_reason == "stopped":
            out.write("[stopped]\n")
        elif last is not None and last.finish_reason == "loop":
            out.write("[ended: the reply had started repeating itself]\n")
    out.flush()


def _continued(args: argparse.Namespace) -> tuple[Saved | None, Any]:
    """The saved conversation asked for (``--conversation``), with its template; the
    system prompt and context it was saved with fill what the command line leaves out."""
    if args.conversation is None:
        return None, None
    name = utf8(args.conversation, "--conversation")
    if not name or not name.strip():
        raise CliError("--conversation needs a name.")
    saved, settings = Saved.open(name, args)
    if args.system is None and settings.get("system_prompt"):
        args.system = str(settings["system_prompt"])
    if args.ctx is None and isinstance(settings.get("context_length"), int):
        args.ctx = int(settings["context_length"])
    template: Any = None
    if args.template is None:
        chosen = settings.get("template")
        if chosen == "custom" and settings.get("custom_template"):
            from inference.prompt.templates import ChatTemplate

            template = ChatTemplate("custom", str(settings["custom_template"]))
        elif isinstance(chosen, str) and chosen not in ("", "auto", "custom"):
            template = chosen
    return saved, template


def run(args: argparse.Namespace) -> int:
    if args.list:
        return list_conversations(args.json)
    if not args.model:
        raise CliError("the following arguments are required: -m/--model")
    saved, template = _continued(args)
    try:
        return _chat(args, saved, template)
    finally:
        if saved is not None:
            saved.close()


def _chat(args: argparse.Namespace, saved: Saved | None, template: Any) -> int:
    if args.max_tokens < 1:
        raise CliError("--max-tokens must be at least 1.")
    utf8(args.prompt, "The prompt (-p)")
    utf8(args.system, "--system")
    _settings(args)  # a bad value is refused before the model loads
    args.files = attachments(args)  # and a file that cannot be read
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if args.prompt is None and reconfigure is not None:
        reconfigure(errors="surrogateescape")  # undecodable input: a sentence, not a crash
    session = _session(args, load(args), template)
    _refuse_unseen(session, args.files)
    try:
        return _converse(args, session, saved)
    finally:
        session.caches.persist()  # left: the KV cache goes to disk for the next time


def _converse(args: argparse.Namespace, session: Any, saved: Saved | None) -> int:
    from inference.errors import OrchardError

    shown = _Shown(session.notice)  # load printed the load-time notice already
    if saved is not None:
        from inference.engine import cache_owner

        history, dropped = saved.history()
        session.cache_owner = cache_owner(saved.id)  # deleted with it, in the window too
        session.follow(history, dropped_turns=dropped)
        shown.dropped = dropped
    files = list(getattr(args, "files", []))  # sent with the first message
    if args.prompt is not None:
        _reply(session, args.prompt, args.json, sys.stdout, shown, saved, files)
        return 0
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
            utf8(message, "That line")
        except CliError as exc:  # one bad line; the chat goes on
            print(f"orchard: {exc}", file=sys.stderr)
            continue
        if message.strip() == "/quit":
            return 0
        if message.strip() == "/reset":
            if saved is not None:
                print("orchard: /reset would leave the saved conversation; start another with "
                      "--conversation NAME.", file=sys.stderr)
                continue
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
            _reply(session, None if regenerate else message, args.json, sys.stdout, shown, saved,
                   None if regenerate else files)
            if not regenerate:
                files = []
        except OrchardError as exc:  # one turn failed; the chat goes on
            print(f"orchard: {exc}", file=sys.stderr)
