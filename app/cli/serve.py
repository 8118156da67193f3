"""``orchard serve``: the local OpenAI-compatible API, from the terminal.

Registered by :mod:`app.cli.main` with ``add_parser(sub)`` and ``run(args)``. Settings that are
unsafe or impossible (another host without an API key, a busy port) are refused before the
model loads, as one sentence on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from typing import Any

from app.cli.chat import kv_bits, kv_bits_arg, load_chosen, setting_arg
from inference.errors import OrchardError
from inference.model.sources import STARTER_NAME as STARTER
from inference.settings_schema import setting

EXIT_ERROR = 2


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "serve", help="an OpenAI-compatible API for one model on this machine",
        description="Serve one model at http://HOST:PORT/v1 (models, chat/completions, "
                    "completions). Only this machine can reach it unless --host says otherwise, "
                    "which needs an API key.",
    )
    p.add_argument("-m", "--model", required=True, help="a .gguf file, an MLX folder or 'starter'")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; others need --api-key)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks one)")
    p.add_argument("--api-key", default=None,
                   help="require 'Authorization: Bearer KEY' (default: $ORCHARD_API_KEY)")
    setting_arg(p, "--ctx", "context_length")
    p.add_argument("--exact", action="store_true",
                   help="keep non-MLX quantizations as float16 instead of re-quantizing")
    p.add_argument("--template", default=None, help="a preset name or a Jinja file")
    p.add_argument("--draft", default=None, metavar="MODEL",
                   help="a smaller model of the same tokenizer for speculative decoding")
    p.add_argument("--embeddings", default=None, metavar="MODEL",
                   help="an embedding model (an MLX BERT-family folder) for /v1/embeddings and "
                        "/api/embed; downloaded ones answer by name too")
    kv_bits_arg(p)
    p.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                   help="let web pages from ORIGIN call the API (repeatable; none by default)")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="another name clients may use in the Host header (repeatable)")
    p.add_argument("--max-waiting", type=int, default=4,
                   help="requests that may wait behind the running one (default 4; then 503)")
    return p


class _Shelf:
    """The downloaded models (and the starter) a request may name: loaded on first use in
    place of the one loaded now (app.server.api.ModelShelf), with the context length and KV
    cache the server was started with; the model given with -m loads as it did at first."""

    def __init__(self, args: argparse.Namespace, bits: int | None,
                 first: Any = None) -> None:
        self.args, self.kv_bits, self.first = args, bits, first
        self.context_length: int | None = getattr(args, "ctx", None)

    def names(self) -> list[str]:
        from inference.embeddings import is_embedding_folder
        from inference.model import library

        try:  # embedding models answer /v1/embeddings, not chats
            return [STARTER, *(e.id for e in library.entries()
                               if e.exists() and not is_embedding_folder(e.location))]
        except OrchardError:
            return [STARTER]

    def loader(self, name: str) -> Any:
        from inference.embeddings import is_embedding_folder
        from inference.model import library
        from inference.model.load import load_model

        if self.first is not None and name == getattr(self.args, "model", None):
            return self.first  # with its --template and --draft
        if name != STARTER:
            path = library.find_installed(name)
            if path is None or is_embedding_folder(path):
                return None
        # a partial, not a closure: the engine's process gets it pickled
        return functools.partial(load_model, name, exact=self.args.exact, ctx=self.args.ctx,
                                 kv_bits=self.kv_bits)


def run(args: argparse.Namespace) -> int:
    from app.server.app import bind_socket, serve
    from app.server.guard import ServerConfig, ServerConfigError, check_config
    from inference.errors import OrchardError
    from inference.remote import ProcessEngine
    from inference.saved_caches import DEFAULT_CAP_BYTES

    config = ServerConfig(
        host=args.host, port=args.port,
        api_key=args.api_key or os.environ.get("ORCHARD_API_KEY") or None,
        cors_origins=list(args.cors_origin), allowed_hosts=list(args.allowed_host),
        embeddings=args.embeddings,
    )
    try:
        if args.ctx is not None and not setting("context_length").accepts(args.ctx):
            raise ServerConfigError(f"--ctx must be {setting('context_length').bounds()} "
                                    "tokens.")
        if args.max_waiting < 0:
            raise ServerConfigError("--max-waiting must be 0 or more.")
        check_config(config)
        sock = bind_socket(config.host, config.port)
    except ServerConfigError as exc:
        print(f"orchard: {exc}", file=sys.stderr)
        return EXIT_ERROR

    bits = kv_bits(args)

    load = functools.partial(load_chosen, args, bits)
    config.models = _Shelf(args, bits, load)
    # The model runs in a process of its own: a crash there (Metal out of memory) answers the
    # requests in flight with a 503 and the server goes on, the model loaded again.
    # KV caches saved on disk: a long system prompt clients send again is not read again,
    # not even after a restart.
    engine = ProcessEngine(load, context_length=args.ctx, max_waiting=args.max_waiting,
                           aliases=(args.model,), kv_bits=bits,
                           saved_caches_bytes=DEFAULT_CAP_BYTES)
    try:
        engine.start()
    except OrchardError as exc:
        sock.close()
        print(f"orchard: {exc}", file=sys.stderr)
        return EXIT_ERROR
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    key = ", API key required" if config.api_key else ""
    print(f"orchard: serving {engine.model_id} at http://{shown}:{port}/v1 "
          f"({engine.context_length} tokens of context{key}); Ctrl+C stops.", file=sys.stderr)
    try:
        serve(engine, config, sock)
    except KeyboardInterrupt:  # uvicorn shuts down cleanly, then re-raises the Ctrl+C
        pass
    finally:
        engine.close()
    print("orchard: server stopped.", file=sys.stderr)
    return 0
