"""The SDK's transports for one tool server, watched on their way to the session.

:func:`open_transport` enters the MCP SDK's own transport (stdio, streamable HTTP or SSE; no
JSON-RPC of Orchard's own) and hands its read side to the session through :class:`Watched`,
which tells the host what the SDK does not surface: a message that was not JSON-RPC, and the
end of the stream while no request waits. A stdio server's stderr goes through
:class:`StderrLog` into the log, never to the user's terminal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

import anyio
import httpx2
from mcp import StdioServerParameters, stdio_client
from mcp.client._transport import ReadStream, TransportStreams
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.message import SessionMessage

from inference.tools.config import ServerSpec

log = logging.getLogger(__name__)

#: Where programs installed by Homebrew, uv, pipx and cargo live. An app started from the
#: Finder gets launchd's short PATH (/usr/bin:/bin:/usr/sbin:/sbin), where `npx` and `uvx`
#: (the usual MCP server launchers) and the `node` that `npx` needs are not found.
EXTRA_PATH = ("/opt/homebrew/bin", "/usr/local/bin", "~/.local/bin", "~/.cargo/bin")


class Watched:
    """A transport's read side, seen on its way to the session.

    A message that is not JSON-RPC (the transport passes it on as an exception) calls
    ``on_noise``, so the call it arrives during can fail; the end of the stream (the server
    quit or dropped the connection) calls ``on_end``, even while no request waits for it.
    """

    def __init__(self, inner: ReadStream[SessionMessage | Exception], *,
                 on_noise: Callable[[Exception], None], on_end: Callable[[], None]) -> None:
        self._inner = inner
        self._on_noise = on_noise
        self._on_end = on_end

    @property
    def last_context(self) -> Any:  # the SDK's dispatcher reads it where a transport has one
        return getattr(self._inner, "last_context", None)

    async def receive(self) -> SessionMessage | Exception:
        try:
            item = await self._inner.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError, anyio.BrokenResourceError):
            self._on_end()
            raise
        if isinstance(item, Exception):
            self._on_noise(item)
        return item

    async def aclose(self) -> None:
        await self._inner.aclose()

    def __aiter__(self) -> Watched:
        return self

    async def __anext__(self) -> SessionMessage | Exception:
        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None

    async def __aenter__(self) -> Watched:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()


class StderrLog:
    """A stdio server's stderr, line by line into the log (INFO). The last lines are kept:
    they often say why a server quit while starting."""

    def __init__(self, server: str) -> None:
        read_fd, write_fd = os.pipe()
        #: The pipe's end the server writes to; closed here once the server has its own copy.
        self.file: TextIO = os.fdopen(write_fd, "w")
        self.tail: deque[str] = deque(maxlen=3)
        self._server = server
        self._thread = threading.Thread(target=self._pump, args=(read_fd,), daemon=True,
                                        name=f"tool server {server} stderr")
        self._thread.start()

    def _pump(self, fd: int) -> None:
        with open(fd, "rb") as stream:
            while raw := stream.readline(65536):
                line = raw.decode("utf-8", "replace").rstrip()
                if line:
                    self.tail.append(line)
                    log.info("%s: %s", self._server, line)

    async def last_words(self) -> str | None:
        """The last line the server wrote, once the pipe has ended (or after half a second:
        a child of the server may hold it open)."""
        with anyio.move_on_after(0.5):
            while self._thread.is_alive():
                await anyio.sleep(0.02)
        return self.tail[-1] if self.tail else None


def child_env(spec: ServerSpec) -> dict[str, str]:
    """Environment over the SDK's safe default set (HOME, PATH, USER and a few more): a PATH
    that finds the usual launchers, then the server's own variables."""
    parts = [part for part in os.environ.get("PATH", "").split(os.pathsep) if part]
    for extra in EXTRA_PATH:
        folder = os.path.expanduser(extra)
        if folder not in parts and Path(folder).is_dir():
            parts.append(folder)
    return {"PATH": os.pathsep.join(parts), **dict(spec.env)}


@contextlib.asynccontextmanager
async def open_transport(spec: ServerSpec, *, stderr: StderrLog | None,
                         on_noise: Callable[[Exception], None],
                         on_end: Callable[[], None]) -> AsyncIterator[TransportStreams]:
    """The SDK's transport for ``spec``, its read side watched. A stdio server needs
    ``stderr``; the SDK spawns it in a process group of its own."""
    if spec.transport == "stdio":
        assert spec.command is not None and stderr is not None
        params = StdioServerParameters(command=spec.command, args=list(spec.args),
                                       env=child_env(spec), cwd=spec.cwd)
        try:
            async with stdio_client(params, errlog=stderr.file) as (read, write):
                stderr.file.close()  # the server has its own copy: its exit ends the pipe
                yield Watched(read, on_noise=on_noise, on_end=on_end), write
        finally:
            stderr.file.close()
    elif spec.sse:
        assert spec.url is not None
        async with sse_client(spec.url, headers=dict(spec.headers) or None) as (read, write):
            yield Watched(read, on_noise=on_noise, on_end=on_end), write
    else:
        assert spec.url is not None
        # The SDK's own timeouts (30 s, and 300 s to read a stream a server holds open);
        # calls have their own limit on top. Passing a client is how the SDK takes headers.
        http = httpx2.AsyncClient(headers=dict(spec.headers) or None,
                                  timeout=httpx2.Timeout(30.0, read=300.0))
        async with http, streamable_http_client(spec.url, http_client=http) as (read, write):
            yield Watched(read, on_noise=on_noise, on_end=on_end), write
