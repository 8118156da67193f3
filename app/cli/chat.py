"""``orchard chat``: the terminal chat (one reply with ``-p``, else a REPL with slash commands).

Registered by :mod:`app.cli.main` with ``add_parser(sub)`` and ``run(args)``. Replies stream to
stdout; notes, the prompt and slash-command answers go to stderr. Ctrl+C while a reply streams
stops that reply and the chat goes on; Ctrl+C while the model loads stops the load at once.

The model runs in a process of its own (:class:`inference.remote.ProcessEngine`, one per run):
when that process dies under a reply (a kill, Metal aborting on a Mac), the reply so far stays,
the user is told in one sentence, and the chat goes on once the model is loaded again (``-p``
exits 2). The conversation is this module's, sent whole with each turn as a ChatRequest.

Also here, public because main's other one-model commands (tokenize, prompt, perplexity) share
them: :class:`CliError`, :func:`model_args`, :func:`load` and :func:`utf8`. They live here rather
than in main so that this module never imports main (``python -m app.cli.main`` runs main as
``__main__``, and a second copy of it would have its own CliError that main does not catch).
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import SimpleQueue
from typing import Any, TextIO

from app.cli.conversations import Saved, list_conversations
from inference.settings_schema import check, setting

CHAT_COMMANDS = ("/regenerate", "/reset", "/quit", "/help")
CHAT_HELP = ("/regenerate redoes the last reply, /reset starts over, /quit leaves, /help shows "
             "this; start a line with // to send one that begins with /.")


#: What a tool server's text may not carry to the terminal: control characters (escape
#: sequences could move the cursor, rewrite the screen or fake a question), all but newline
#: and tab.
_CONTROL = {c: None for c in [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f,
                              *range(0x80, 0xa0)]}


def printable(text: str) -> str:
    """``text`` from elsewhere (a tool's name, arguments, result) safe to print."""
    return text.translate(_CONTROL)


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
    setting_arg(p, "--ctx", "context_length")
    p.add_argument("--template", default=None,
                   help="a preset name (chatml, llama3, llama2, mistral, gemma, phi3, alpaca, "
                        "vicuna, japanese-instruct, plain) or a Jinja file, for this run")
    p.add_argument("--draft", default=None, metavar="MODEL",
                   help="a smaller model of the same tokenizer that proposes tokens for this "
                        "one to check (speculative decoding: faster, same greedy output)")


def setting_arg(p: argparse.ArgumentParser, flag: str, name: str, more: str = "",
                **kwargs: Any) -> None:
    """A flag for the declared setting ``name`` (inference.settings_schema): its type, its
    default (None where the default is the model's own: filled in once the model is known)
    and its help (label, bounds, default) all read from the declaration."""
    declared = setting(name)
    default = None if isinstance(declared.default, str) else declared.default
    if declared.choices:
        kwargs.setdefault("choices", declared.choices)
    p.add_argument(flag, type=int if declared.integer else float, default=default,
                   help=declared.describe() + more, **kwargs)


def kv_bits_arg(p: argparse.ArgumentParser) -> None:
    setting_arg(p, "--kv-bits", "kv_bits")


def kv_bits(args: argparse.Namespace) -> int | None:
    """None for a 16-bit cache, else the quantized cache's bits."""
    bits = getattr(args, "kv_bits", 16)
    return None if bits == 16 else int(bits)


def load(args: argparse.Namespace) -> Any:
    """Load ``args.model`` (see :func:`model_args`) in this process, with its notes on stderr."""
    loaded = load_chosen(args, kv_bits(args))
    if loaded.choice.notice:
        print(f"orchard: note: {loaded.choice.notice}", file=sys.stderr)
    _weights_note(loaded.info)
    return loaded


def load_chosen(args: argparse.Namespace, bits: int | None) -> Any:
    """The model given with -m, with its --template and --draft and a KV cache of ``bits``
    (module-level: wrapped in functools.partial, it is pickled to the engine's process)."""
    from inference.model.load import load_model

    return with_draft(load_model(args.model, exact=args.exact, ctx=args.ctx,
                                 template=args.template, kv_bits=bits), args)


def _weights_note(info: Any) -> None:
    if info.weights_note:
        print(f"orchard: note: {info.name} is converted at load time, not run as "
              f"published ({info.weights_note}).", file=sys.stderr)


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
    # each defaults to the declared one: the model's own where that is the rule
    for flag, name in (("--temp", "temperature"), ("--top-p", "top_p"), ("--top-k", "top_k"),
                       ("--min-p", "min_p"), ("--repeat-penalty", "repetition_penalty"),
                       ("--repeat-last-n", "repeat_last_n"), ("--dry", "dry_multiplier")):
        setting_arg(chat, flag, name)
    chat.add_argument("--no-loop-guard", dest="loop_guard", action="store_false",
                      help="let a reply that repeats itself run on to --max-tokens")
    setting_arg(chat, "--seed", "seed", "; -1: random")
    setting_arg(chat, "--max-tokens", "max_tokens")
    chat.add_argument("--stop", action="append", default=[], help="stop string (repeatable)")
    chat.add_argument("--json", action="store_true", help="one JSON line of stats per reply")
    attach_arg(chat)
    chat.add_argument("--tools", metavar="CONFIG",
                      help="offer the tools of the MCP servers in this JSON file (the "
                           "'mcpServers' format of other MCP hosts); each call asks first")
    chat.add_argument("--yes", action="store_true",
                      help="with --tools: allow every tool call without asking")
    setting_arg(chat, "--tool-steps", "tool_steps")
    setting_arg(chat, "--tool-timeout", "tool_timeout")
    chat.add_argument("--tool-first", action="store_true",
                      help="with --tools: the model must call a tool before it answers")


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


def _refuse_unseen(engine: Any, info: Any, files: list[Any]) -> None:
    """A text model given images refuses them now, in the library's own sentence, rather
    than at each message of an interactive chat."""
    from inference.types import Message

    images = tuple(a.data for a in files if a.is_image)
    if images and not info.vision:
        engine.preview([Message("user", "", images=images)], None, None)  # raises OrchardError


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


def _stats(chunk: Any, text: str, weights: str) -> dict[str, Any]:
    # weights: "native" (run as published) or "converted" (the fallback); draft_tokens, with
    # --draft: the generated tokens the draft proposed and the model kept
    return {"text": text, "weights": weights, **chunk.figures(digits=4)}


# --- Ctrl+C --------------------------------------------------------------------------------------
#: What Ctrl+C puts among the events of the load or reply being waited for. The handler only
#: queues it (SimpleQueue.put is reentrant: safe wherever the handler interrupts the main
#: thread); the loop that waits acts on it, outside the handler.
_CTRL_C = object()


def _wait(events: SimpleQueue[Any]) -> Any:
    """The next event of the job being waited for, or :data:`_CTRL_C`."""
    return events.get()


@contextmanager
def _ctrl_c_to(events: SimpleQueue[Any]) -> Iterator[None]:
    """Ctrl+C, meanwhile, is :data:`_CTRL_C` among ``events``."""
    previous = signal.signal(signal.SIGINT, lambda *_: events.put(_CTRL_C))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _ctrl_c_stops(events: SimpleQueue[Any]) -> Iterator[None]:
    """While a reply streams, Ctrl+C stops it (the chat goes on) instead of quitting, and
    keys typed meanwhile are neither echoed into the reply nor sent afterwards."""
    with _ctrl_c_to(events), _no_echo():
        yield


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


# --- the model, in its own process -----------------------------------------------------------
def _load(engine: Any, args: argparse.Namespace) -> Any:
    """Load the model in the engine's process; its ModelInfo. Ctrl+C stops the load at once
    (a model being read ends with its process) and is raised again: "interrupted", 130."""
    from inference.engine import JobFailed, is_terminal
    from inference.errors import OrchardError

    bits = kv_bits(args)
    # what the load needs and no more: the attached files stay in this process
    wanted = argparse.Namespace(model=args.model, exact=args.exact, ctx=args.ctx,
                                template=args.template, draft=getattr(args, "draft", None))
    events: SimpleQueue[Any] = SimpleQueue()
    # (the model's process starts with Ctrl+C held back and then ignores it: this one decides)
    with _ctrl_c_to(events):
        job = engine.load(functools.partial(load_chosen, wanted, bits), events.put,
                          aliases=(args.model,), context_length=args.ctx, kv_bits=bits)
        end = _wait(events)
        if end is _CTRL_C:
            job.cancel()
            while not is_terminal(end):  # at once: LoadFailed("Loading was cancelled.")
                end = _wait(events)
            raise KeyboardInterrupt
    if isinstance(end, JobFailed):
        raise OrchardError(end.message)
    return end.info


def _choice_notice(session: Any) -> str | None:
    """(In the engine's process) the loaded model's note on its chat template, if any."""
    return session.loaded.choice.notice  # type: ignore[no-any-return]


class _ToldOnce(logging.Filter):
    """The engine logs the end of its process in the words the reply in flight ends with;
    on the terminal the user reads them once, from the chat (with -v, from the log too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("The model's process")


#: The chat cannot go on: the model's process ended and the model did not load again.
GONE = ("The model could not be loaded again after its process ended; run orchard chat again "
        "to go on.")


@dataclass
class _Shown:
    """Notes already printed in this chat, so each is said once."""

    notice: str | None = None
    dropped: int = 0


class _Chat:
    """One run's conversation with the model in the engine's process: the history as it is
    sent (and saved), each turn sent whole as a ChatRequest, its reply streamed to ``out``."""

    def __init__(self, args: argparse.Namespace, engine: Any, info: Any, saved: Saved | None,
                 template: Any, notice: str | None) -> None:
        self.args, self.engine, self.info, self.saved = args, engine, info, saved
        self.template = template
        self.settings = _settings(args, info)
        self.context_length = engine.context_length
        # a saved conversation's KV caches are filed under it (deleted with it, in the window
        # too: the engine's cache_owner(saved.id)); the terminal's own chat under its name
        self.key: Any = saved.id if saved is not None else "orchard chat"
        self.history: list[Any] = []
        self.dropped = 0  # earlier turns the last reply was sent without
        if saved is not None:
            self.history, self.dropped = saved.history()
        self.shown = _Shown(notice, self.dropped)  # the load-time notice is printed already
        self.gone = False
        #: the MCP tools of --tools (inference.tools.host.ToolHost), None without
        self.tools: Any = None
        self.always: set[str] = set()  # tools the user allowed for the rest of this run
        engine.listen(self._heard)

    def _heard(self, event: Any) -> None:
        """(On an engine thread) its process ended: whether the model came back."""
        from inference.engine import JobFailed, Loaded
        from inference.remote import EngineLost

        if isinstance(event, EngineLost):
            self.gone = not event.reloading
        elif isinstance(event, JobFailed):  # the reload failed
            self.gone = True
        elif isinstance(event, Loaded):
            self.gone = False

    def reset(self) -> None:
        """Start over (the KV cache stays: a new chat may share its start)."""
        self.history, self.dropped = [], 0

    def turn(self, message: str | None, out: TextIO, files: list[Any] | None = None) -> None:
        """Send ``message`` (None: regenerate the last reply) with ``files`` and stream the
        answer; with a saved conversation, both go into it. A reply that fails or is cut off
        by the end of the model's process is kept as far as it came, then raised as one
        sentence (OrchardError)."""
        from inference.engine import ChatRequest, ReplyResult
        from inference.errors import OrchardError

        if self.gone:
            raise OrchardError(GONE)
        files = files or []
        history = list(self.history)
        if message is not None:
            history.append(user_message(message, files))
        if self.saved is not None:
            self.saved.before(message, files)
        kind = "reply" if message is not None else "regenerate"
        first = True
        while True:
            request = ChatRequest(self.key, kind, history, self.args.system, self.settings,
                                  self.args.ctx, self.template, self.dropped,
                                  **self._offered(first))
            parts: list[str] = []
            end, began = self._stream(request, parts, out)
            if not isinstance(end, ReplyResult):
                self._broken(end, request, "".join(parts), began, out)
                return
            self._answered(end, request, "".join(parts), out)
            if not end.tool_calls or self.tools is None or not self._called(end, out):
                return
            # the results are in: the model goes on from them
            history, kind, first = list(self.history), "reply", False

    def _offered(self, first: bool) -> dict[str, Any]:
        """The request's tools: --tools' enabled tools, a call required first with
        --tool-first."""
        if self.tools is None:
            return {}
        tools = [t.function() for t in self.tools.tools()]
        return {"tools": tools or None,
                "tool_choice": "required" if first and self.args.tool_first else "auto"}

    def _called(self, result: Any, out: TextIO) -> bool:
        """Make the reply's tool calls (each asked first, unless --yes); their results join
        the conversation. Whether the model should go on from them (not when the user
        stopped a call or the limit of calls was reached)."""
        from inference.tools import turns

        limit = self.args.tool_steps
        before = turns.calls_since_user(self.history) - len(result.tool_calls)
        # a reply stopped with Ctrl+C keeps its calls, each "stopped": none is made
        stopped = result.final.finish_reason == "stopped"
        answered = limited = 0
        for n, call in enumerate(result.tool_calls):
            tool = turns.find_tool(self.tools.tools(), call)
            if stopped:
                outcome = turns.stopped(call, tool)
            elif tool is None:
                outcome = turns.unknown(call)
            elif before + n >= limit:
                outcome = turns.over_limit(call, tool, limit)
            else:
                allowed = self._allowed(tool, call)
                if allowed is None:  # Ctrl+C at the question: this call and the rest stop
                    stopped, outcome = True, turns.stopped(call, tool)
                elif not allowed:
                    outcome = turns.denied(call, tool)
                else:
                    outcome = self._run(call, tool)
                    stopped = outcome.state == turns.STOPPED
            if outcome.state == turns.LIMIT:
                limited += 1
            elif outcome.state != turns.STOPPED:
                answered += 1
            self._tell(outcome)
            self.history.append(outcome.message)
            if self.saved is not None:
                self.saved.tool_result(outcome)
        # past the limit the model still answers once from the results it has, unless every
        # call of this reply was over the limit
        go_on = not stopped and not (limited and not answered)
        if not go_on:
            print("orchard: note: the tool calls stopped here; send a message to go on.",
                  file=sys.stderr)
        return go_on

    def _allowed(self, tool: Any, call: Any) -> bool | None:
        """The user's consent: --yes, an earlier "always", or asked on the terminal (no
        terminal to ask on: denied, with how to allow it). None: Ctrl+C at the question."""
        from inference.tools import turns

        key = turns.consent_key(tool)
        if self.args.yes or key in self.always:
            return True
        where = " (its server is on the network)" if tool.remote else ""
        name = printable(tool.name)
        arguments = printable(json.dumps(turns.arguments_of(call), ensure_ascii=False))
        if not sys.stdin.isatty():
            print(f"orchard: the model asked to call {name}{where} with {arguments}; "
                  "not allowed (no terminal to ask on: run with --yes to allow tool calls).",
                  file=sys.stderr)
            return False
        if tool.description:
            print(f"{name}: {printable(tool.description)}", file=sys.stderr)
        while True:
            sys.stderr.write(f"Allow {name}{where} with {arguments}? "
                             "[o]nce, [a]lways for this tool, [d]eny: ")
            sys.stderr.flush()
            try:
                answer = sys.stdin.readline().strip().lower()
            except KeyboardInterrupt:
                print(file=sys.stderr)
                return None
            if answer in ("o", "once", "y", "yes"):
                return True
            if answer in ("a", "always"):
                self.always.add(key)
                return True
            if answer in ("d", "deny", "n", "no", ""):
                return False

    def _run(self, call: Any, tool: Any) -> Any:
        """The call, on this thread; Ctrl+C stops it (its server is told, and a server that
        does not stop is ended)."""
        from inference.engine import StopFlag
        from inference.tools import turns

        stop = StopFlag()
        previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
        try:
            return turns.run(self.tools, call, tool, cancel=stop,
                             timeout=self.args.tool_timeout)
        finally:
            signal.signal(signal.SIGINT, previous)

    def _tell(self, outcome: Any) -> None:
        """The call as the terminal shows it: a line on stderr, the result after it."""
        record = outcome.record
        arguments = printable(json.dumps(record["arguments"], ensure_ascii=False))
        text = outcome.message.content
        shown = printable(text if len(text) <= 2000 else text[:2000] + " …")
        print(f"[tool {printable(record['name'])}({arguments}): {record['state']}, "
              f"{record['seconds']:.2f} s{', output cut' if record['cut'] else ''}]\n{shown}",
              file=sys.stderr)

    def _stream(self, request: Any, parts: list[str], out: TextIO) -> tuple[Any, bool]:
        """The reply's text to ``out`` as it comes (and into ``parts``); its ReplyResult or
        JobFailed, and whether it began. Ctrl+C sets the reply's own stop flag: it ends as
        "stopped"."""
        from inference.engine import EngineClosed, JobFailed, ReplyResult, StopFlag
        from inference.types import GenerationChunk

        events: SimpleQueue[Any] = SimpleQueue()
        stop = StopFlag()
        began = False
        with _ctrl_c_stops(events):
            try:
                self.engine.chat(request, events.put, stop=stop)
            except EngineClosed as exc:  # its process ended just now: not sent
                return JobFailed(str(exc)), False
            while True:
                event = _wait(events)
                if event is _CTRL_C:
                    stop.set()
                    continue
                chunk = event.final if isinstance(event, ReplyResult) else event
                if isinstance(chunk, GenerationChunk):
                    began = True
                    parts.append(chunk.text)
                    if not self.args.json:
                        out.write(chunk.text)
                        out.flush()
                if isinstance(event, ReplyResult | JobFailed):
                    return event, began

    def _answered(self, result: Any, request: Any, text: str, out: TextIO) -> None:
        from inference.types import Message

        self._keep(request, Message("assistant", result.content, result.token_ids,
                                    tool_calls=result.tool_calls))
        self.dropped = result.final.dropped_turns
        if self.saved is not None:
            self.saved.after(result, self.info)
        self._notes(result.notice, result.final)
        last = result.final
        if self.args.json:
            out.write(json.dumps(_stats(last, text, self.info.weights), ensure_ascii=False)
                      + "\n")
        else:
            out.write("\n")
            if last.finish_reason == "stopped":
                out.write("[stopped]\n")
            elif last.finish_reason == "loop":
                out.write("[ended: the reply had started repeating itself]\n")
        out.flush()

    def _broken(self, failed: Any, request: Any, text: str, began: bool,
                out: TextIO) -> None:
        """A reply that failed, or that the end of the model's process cut off: what came
        stays (saved as incomplete when cut off, as the window marks it "interrupted"); one
        that never began takes its message back."""
        from inference.errors import OrchardError
        from inference.remote import LOST
        from inference.types import Message

        lost = failed.code == LOST
        if text and not self.args.json:
            out.write("\n")  # the sentence on stderr starts a line of its own
            out.flush()
        if (lost or began) and (request.kind == "reply" or text):
            self._keep(request, Message("assistant", text))
            if self.saved is not None:
                self.saved.broken_off(text, complete=not lost)
        elif request.kind == "reply" and self.saved is not None:
            self.saved.refused()  # the message was not sent: it is not kept either
        raise OrchardError(GONE if self.gone else failed.message)

    def _keep(self, request: Any, reply: Any) -> None:
        """``reply`` joins the conversation, in place of the one a regenerate replaces."""
        history = list(request.history)
        if request.kind == "regenerate":
            history.pop()
        self.history = [*history, reply]

    def _notes(self, notice: str | None, last: Any) -> None:
        shown = self.shown
        if notice and notice != shown.notice:
            print(f"orchard: note: {notice}", file=sys.stderr)
            shown.notice = notice
        if last.dropped_turns > shown.dropped:
            print(f"orchard: note: {last.dropped_turns} earlier turn(s) no longer fit in the "
                  f"context of {self.context_length} tokens and were left out.",
                  file=sys.stderr)
            shown.dropped = last.dropped_turns


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
    from inference.remote import ProcessEngine
    from inference.saved_caches import DEFAULT_CAP_BYTES

    for flag, name, value in (("--max-tokens", "max_tokens", args.max_tokens),
                              ("--ctx", "context_length", args.ctx)):
        if value is not None:
            check(name, value, flag)  # one sentence naming the flag, with the declared bounds
    utf8(args.prompt, "The prompt (-p)")
    utf8(args.system, "--system")
    for flag, name, value in (("--tool-steps", "tool_steps", args.tool_steps),
                              ("--tool-timeout", "tool_timeout", args.tool_timeout)):
        check(name, value, flag)
    if (args.yes or args.tool_first) and not args.tools:
        raise CliError("--yes and --tool-first go with --tools CONFIG.")
    _settings(args)  # a bad value is refused before the model loads
    args.files = attachments(args)  # and a file that cannot be read
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if args.prompt is None and reconfigure is not None:
        reconfigure(errors="surrogateescape")  # undecodable input: a sentence, not a crash
    # One model process for the run; its KV caches are saved on disk when it closes, so a
    # conversation continued later reads only its new turn.
    engine = ProcessEngine(saved_caches_bytes=DEFAULT_CAP_BYTES)
    told = _ToldOnce()
    crashes = logging.getLogger("inference.remote")
    if not getattr(args, "verbose", False):
        crashes.addFilter(told)
    host = None
    try:
        host = _tool_host(args)  # a tools file that cannot be read is refused before the load
        info = _load(engine, args)
        notice = engine.call(_choice_notice).result()
        if notice:
            print(f"orchard: note: {notice}", file=sys.stderr)
        _weights_note(info)
        _refuse_unseen(engine, info, args.files)
        chat = _Chat(args, engine, info, saved, template, notice)
        chat.tools = host
        return _converse(args, chat)
    finally:
        engine.close()  # its caches go to disk for the next time
        crashes.removeFilter(told)
        if host is not None:
            host.close()


def _tool_host(args: argparse.Namespace) -> Any:
    """The MCP servers of ``--tools``, started, with a note for each that did not start (the
    others' tools are offered); None without --tools."""
    if not args.tools:
        return None
    from inference.tools.config import load_config
    from inference.tools.host import ToolHost

    specs = load_config(Path(args.tools))  # ToolConfigError: one sentence, exit 2
    host = ToolHost(specs, call_timeout=args.tool_timeout)
    for problem in host.start().values():  # each names its server
        print(f"orchard: note: {problem}", file=sys.stderr)
    for spec in specs:
        if spec.enabled and spec.remote:
            print(f"orchard: note: the tool server {spec.name!r} is on the network "
                  f"({spec.url}): what its tools are sent leaves this machine.", file=sys.stderr)
    if not host.tools():
        print("orchard: note: no tools are offered: none of the servers in "
              f"{args.tools} has an enabled tool.", file=sys.stderr)
    return host


def _converse(args: argparse.Namespace, chat: _Chat) -> int:
    from inference.errors import OrchardError

    files = list(getattr(args, "files", []))  # sent with the first message
    if args.prompt is not None:
        chat.turn(args.prompt, sys.stdout, files)
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
            if chat.saved is not None:
                print("orchard: /reset would leave the saved conversation; start another with "
                      "--conversation NAME.", file=sys.stderr)
                continue
            chat.reset()
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
            chat.turn(None if regenerate else message, sys.stdout,
                      None if regenerate else files)
            if not regenerate:
                files = []
        except OrchardError as exc:  # one turn failed (or its process ended); the chat goes on
            print(f"orchard: {exc}", file=sys.stderr)
            if chat.gone:
                return 2
