"""The MCP servers Orchard runs for the user's tools, and the calls the model makes to them.

The MCP SDK is async; Orchard's front ends are threads. One background thread runs an asyncio
event loop that owns every client session, and the public methods are plain blocking calls
from any other thread: each submits a coroutine (``asyncio.run_coroutine_threadsafe``) and
waits on its future, polling the caller's stop Event.

Each run of a server is one long-lived task (:meth:`ToolHost._serve`): it enters the SDK's
transport and ``mcp.Client`` and leaves them in that same task, as anyio's cancel scopes
require, and waits until it is asked to stop or its connection ends. Calls run in tasks of
their own over the session that task holds: requests on one session are independent (JSON-RPC
ids), so two calls to one server do not queue behind each other.

How a call ends, other than with the tool's answer:

- Stopped by the user (the cancel Event): the call's cancel scope is cancelled, and the SDK
  tells the server with ``notifications/cancelled``; the caller gets :class:`ToolStopped` at
  once. The server keeps running for the next call.
- No answer in time: the call is cancelled the same way, then its server is stopped (the SDK
  closes a stdio server's stdin, and after a grace period sends SIGTERM, then SIGKILL, to its
  process group) and the caller gets :class:`ToolError`. The next call starts it again.
- The server quits, or its connection ends: the call fails with :class:`ToolError`; the end of
  the stream is seen even while no call runs, so the next call starts the server again rather
  than failing on a dead one.
- The server writes something that is not JSON-RPC while a call runs: that call fails and the
  server is started afresh for the next one (its stream may have lost a message).
- An HTTP server that restarted no longer knows the session and refuses the call without
  running it: the call is sent once more over a new session, unseen by the caller.

A server that says its tools changed (``notifications/tools/list_changed``) is listed again.

The SDK's transports, watched for what the SDK does not surface, are in
:mod:`inference.tools.transport` (a stdio server's stderr goes to its logger, never to the
user's terminal); the result as the model's text in :mod:`inference.tools.results`.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import importlib.metadata
import logging
import math
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import anyio
import httpx2
import mcp_types as types
from mcp import Client
from mcp.client.session import IncomingMessage
from mcp.shared.exceptions import MCPError
from mcp_types import (
    CONNECTION_CLOSED,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    REQUEST_TIMEOUT,
    UNSUPPORTED_PROTOCOL_VERSION,
)
from pydantic import ValidationError

from inference.errors import OrchardError
from inference.tools.config import ServerSpec
from inference.tools.results import cap, describe_result
from inference.tools.transport import StderrLog, open_transport

log = logging.getLogger(__name__)

#: How often a waiting caller looks at its stop Event.
POLL_SECONDS = 0.05
#: After the user stops a call, how long its server has to show it is still listening (a
#: request answered) before it is taken for hung and stopped: a server that ignores the cancel
#: would otherwise hold the next call until its whole time limit.
STOP_GRACE_SECONDS = 3.0
#: The most that stopping every server may take. The SDK bounds a stdio server's shutdown:
#: 0.5 s to flush, 2 s after stdin closes, 2 s after SIGTERM, then SIGKILL.
CLOSE_SECONDS = 8.0
#: A listing longer than this many pages is a server that never stops paginating.
_MAX_PAGES = 100


class ToolError(OrchardError):
    """A tool call that failed (its server crashed, hung, or answered nonsense; no such tool).
    The text is one sentence naming the tool."""


class ToolStopped(OrchardError):
    """The user stopped the call (its cancel Event was set)."""


@dataclass(frozen=True)
class Tool:
    """One tool as the model sees it."""

    server: str
    #: The name the model sees, unique across servers: where two servers offer the same
    #: name, the later one is offered as ``{server}_{name}``.
    name: str
    remote_name: str
    description: str
    #: The JSON Schema of its arguments (left out of the hash, so a Tool can be a key).
    input_schema: dict[str, Any] = field(hash=False)
    #: Its server talks to the network (a URL that is not this machine).
    remote: bool
    #: The server's display name for the tool, or "".
    title: str = ""
    #: The server says the tool changes nothing (a hint, not a promise).
    read_only: bool = False

    def function(self) -> dict[str, Any]:
        """The OpenAI shape Orchard's chat templates take."""
        return {"type": "function", "function": {
            "name": self.name, "description": self.description, "parameters": self.input_schema}}


@dataclass(frozen=True)
class ToolResult:
    """What a call gave back."""

    #: What the model is given: the tool's text, other content described in words, capped.
    text: str
    #: The tool itself reported an error (MCP ``isError``); the text says what.
    is_error: bool
    #: The output was longer than the cap and was cut; the text ends saying so.
    cut: bool
    seconds: float


class _Connection:
    """One run of one server, from start to stop. Touched on the loop thread only."""

    def __init__(self, spec: ServerSpec) -> None:
        self.spec = spec
        self.client: Client | None = None
        self.listing: list[types.Tool] = []
        self.problem: str | None = None  # why it did not start
        self.ready = anyio.Event()  # started, or failed to (then `problem` says why)
        self.stopping = anyio.Event()
        self.done = anyio.Event()
        self.scope: anyio.CancelScope | None = None
        self.noise = 0  # messages that were not JSON-RPC
        self.stderr: StderrLog | None = None
        self.task: asyncio.Task[None] | None = None  # the loop keeps only a weak reference

    @property
    def usable(self) -> bool:
        return self.client is not None and not self.stopping.is_set()

    def stop(self) -> None:
        self.stopping.set()
        if not self.ready.is_set() and self.scope is not None:
            self.scope.cancel()


@dataclass
class _Server:
    """A configured server across its runs. Touched on the loop thread only."""

    spec: ServerSpec
    conn: _Connection | None = None
    starting: _Connection | None = None
    #: Its tools as last listed; None until a start succeeded.
    listing: list[types.Tool] | None = None
    problem: str | None = None


@dataclass
class _CallHandle:
    """The caller's side of a call's cancel scope (touched on the loop thread only)."""

    cancelled: bool = False
    scope: anyio.CancelScope | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.cancelled = True
        if self.scope is not None:
            self.scope.cancel()


class ToolHost:
    """The user's MCP servers, started together, and calls to their tools from any thread.

    ``start()`` starts every enabled server (in parallel) and says which failed; ``tools()``
    lists what the model may call; ``call()`` blocks until the tool answers, fails, times out
    or is stopped; ``close()`` stops them all.
    """

    def __init__(self, specs: Sequence[ServerSpec], *, call_timeout: float = 60.0,
                 start_timeout: float = 20.0, max_output_chars: int = 16_000) -> None:
        names = [spec.name for spec in specs]
        if len(set(names)) != len(names):
            raise ValueError(f"tool server names repeat: {names}")
        if min(call_timeout, start_timeout) <= 0 or max_output_chars <= 0:
            raise ValueError("timeouts and the output cap must be positive")
        self._servers = {spec.name: _Server(spec) for spec in specs}
        self._call_timeout = call_timeout
        self._start_timeout = start_timeout
        self._max_output_chars = max_output_chars
        # Guards the loop's creation and what the loop publishes for other threads below.
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self._tools: list[Tool] = []
        self._all_tools: list[Tool] = []
        self._problems: dict[str, str] = {}
        # Loop thread only:
        self._live: set[_Connection] = set()
        self._chores: set[asyncio.Task[None]] = set()  # the loop keeps only weak references
        self._shutting_down = False

    # -- the public, blocking side ---------------------------------------------------------

    def start(self) -> dict[str, str]:
        """Start every enabled server that is not running and list its tools; returns
        ``{server: problem}`` for those that could not start (the others work). Once closed,
        it starts nothing."""
        self._not_on_loop("start")
        try:
            loop = self._ensure_loop()
        except RuntimeError:  # closed (by another thread, say)
            return self.problems()
        future = asyncio.run_coroutine_threadsafe(self._start_all(), loop)
        try:
            # Each start is bounded by start_timeout in the loop; this is only a safety net.
            future.result(timeout=self._start_timeout + CLOSE_SECONDS)
        except TimeoutError:
            log.warning("Starting the tool servers took longer than their own timeouts.")
        except concurrent.futures.CancelledError:
            pass  # closed meanwhile
        return self.problems()

    def problems(self) -> dict[str, str]:
        with self._lock:
            return dict(self._problems)

    def tools(self) -> list[Tool]:
        """The tools the model may call: of enabled servers that started, minus those the
        user turned off. A server that stopped since keeps its tools here: the next call to
        one of them starts it again."""
        with self._lock:
            return list(self._tools)

    def all_tools(self) -> list[Tool]:
        """Every tool of the servers that started, those turned off too (the settings page)."""
        with self._lock:
            return list(self._all_tools)

    def call(self, name: str, arguments: dict[str, Any], *,
             cancel: threading.Event | None = None, timeout: float | None = None) -> ToolResult:
        """Call the tool the model knows as ``name`` and wait for its result.

        From any thread but the host's own. Raises :class:`ToolStopped` promptly once
        ``cancel`` is set, :class:`ToolError` (one sentence) when the call fails.
        """
        started = time.monotonic()
        self._not_on_loop("call")
        with self._lock:
            tool = next((t for t in self._all_tools if t.name == name), None)
            enabled = any(t.name == name for t in self._tools)
            closed = self._closed
        if closed:
            raise ToolError(f"The tool {name} is not available because Orchard's tools were "
                            "shut down.")
        if tool is None:
            raise ToolError(f"There is no tool called {name}.")
        if not enabled:
            raise ToolError(f"The tool {name} is turned off in Orchard's tool settings.")
        if not isinstance(arguments, dict):
            raise ToolError(f"The tool {name} was given arguments that are not an object.")
        if cancel is not None and cancel.is_set():
            raise ToolStopped(f"The tool {name} was stopped.")
        limit = self._call_timeout if timeout is None else timeout
        if limit <= 0:
            raise ValueError("timeout must be positive")
        try:
            loop = self._ensure_loop()
        except RuntimeError:  # closed by another thread since the check above
            raise ToolError(f"The tool {name} is not available because Orchard's tools were "
                            "shut down.") from None
        handle = _CallHandle()
        future = asyncio.run_coroutine_threadsafe(self._call(tool, dict(arguments), limit, handle),
                                                  loop)
        # The loop enforces `limit` itself; this deadline only guards against a wedged loop.
        deadline = started + limit + self._start_timeout + CLOSE_SECONDS
        while True:
            try:
                text, is_error, cut = future.result(timeout=POLL_SECONDS)
                break
            except TimeoutError:
                pass
            except concurrent.futures.CancelledError:
                raise ToolError(f"The tool {name} was stopped because Orchard's tools were "
                                "shut down.") from None
            if cancel is not None and cancel.is_set():
                self._cancel_soon(loop, handle)
                raise ToolStopped(f"The tool {name} was stopped.")
            if time.monotonic() > deadline:
                self._cancel_soon(loop, handle)
                raise ToolError(f"The tool {name} did not answer within {_seconds(limit)}.")
        return ToolResult(text=text, is_error=is_error, cut=cut,
                          seconds=time.monotonic() - started)

    def close(self) -> None:
        """Stop every server and the loop thread. Idempotent; bounded even when a server
        hangs (the SDK kills what does not stop in time)."""
        self._not_on_loop("close")
        with self._lock:
            if self._closed:
                return
            self._closed = True
            loop, thread = self._loop, self._thread
        atexit.unregister(self.close)
        if loop is None or thread is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._stop_all(), loop)
        try:
            future.result(timeout=CLOSE_SECONDS + 2)
        except (TimeoutError, concurrent.futures.CancelledError):
            log.warning("Some tool servers did not stop in time.")
        with contextlib.suppress(RuntimeError):  # the loop has gone already
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if thread.is_alive():
            log.warning("The tool servers' thread did not end.")

    def __enter__(self) -> ToolHost:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- the loop thread ---------------------------------------------------------------------

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._closed:
                raise RuntimeError("this ToolHost is closed")
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=self._run_loop, args=(loop,), daemon=True,
                                          name="orchard-tools")
                thread.start()
                self._loop, self._thread = loop, thread
                # Servers run in their own process groups, so an app that exits without
                # close() would leave them running.
                atexit.register(self.close)
            return self._loop

    def _not_on_loop(self, what: str) -> None:
        if self._thread is not None and threading.current_thread() is self._thread:
            raise RuntimeError(f"ToolHost.{what}() would wait on its own thread")

    @staticmethod
    def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            # close() stopped every server first; what is left (a call winding down) is
            # cancelled, which also cancels its caller's future, so no caller waits forever.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.wait(pending, timeout=2.0))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    @staticmethod
    def _cancel_soon(loop: asyncio.AbstractEventLoop, handle: _CallHandle) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has gone: nothing left to cancel
            loop.call_soon_threadsafe(handle.cancel)

    async def _start_all(self) -> None:
        async with anyio.create_task_group() as group:
            for server in self._servers.values():
                if server.spec.enabled:
                    group.start_soon(self._ensure_running, server)

    async def _stop_all(self) -> None:
        self._shutting_down = True
        for conn in list(self._live):
            conn.stop()
        with anyio.move_on_after(CLOSE_SECONDS):
            for conn in list(self._live):
                await conn.done.wait()

    async def _ensure_running(self, server: _Server) -> _Connection | None:
        """The server's connection, started if it is not running (once, however many callers
        ask at the same time); None when it could not start."""
        conn = server.conn
        if conn is not None and conn.usable:
            return conn
        if self._shutting_down:
            return None
        if server.starting is None:
            problem = _spec_problem(server.spec)
            if problem is not None:
                server.problem = problem
                self._publish()
                return None
            # No await between the check above and this: the loop runs one task at a time.
            conn = server.starting = _Connection(server.spec)
            self._live.add(conn)
            conn.task = asyncio.get_running_loop().create_task(
                self._serve(server, conn), name=f"tool server {server.spec.name}")
        starting = server.starting
        await starting.ready.wait()
        return starting if starting.problem is None else None

    async def _serve(self, server: _Server, conn: _Connection) -> None:
        """One run of a server, in one task from start to stop."""
        spec = conn.spec
        try:
            with anyio.CancelScope(deadline=anyio.current_time() + self._start_timeout) as scope:
                conn.scope = scope
                async with contextlib.AsyncExitStack() as stack:
                    client = await self._connect(stack, server, conn)
                    listing = await _list_tools(client)
                    scope.deadline = math.inf
                    conn.client, conn.listing = client, listing
                    self._started(server, conn)
                    await conn.stopping.wait()
            if not conn.ready.is_set():
                self._failed(server, conn, (
                    f"The tool server {spec.name} was stopped while it was starting."
                    if conn.stopping.is_set() else
                    f"The tool server {spec.name} did not answer within "
                    f"{_seconds(self._start_timeout)} of starting."))
        except Exception as exc:
            if conn.ready.is_set():
                # Usually the far end going away first (an HTTP server that is no longer
                # there to end the session); the calls it broke have said so already.
                log.info("The tool server %s stopped with an error: %s", spec.name, _leaf(exc))
                log.debug("How the tool server %s stopped:", spec.name, exc_info=exc)
            else:
                self._failed(server, conn, await _start_problem(conn, exc))
        finally:
            conn.client = None
            conn.stopping.set()
            if server.conn is conn:
                server.conn = None
            if not conn.ready.is_set():  # cancelled from outside (the loop shutting down)
                self._failed(server, conn, f"The tool server {spec.name} was stopped while it "
                                           "was starting.")
            self._live.discard(conn)
            conn.done.set()
            if conn.problem is None:
                log.info("The tool server %s stopped.", spec.name)

    async def _connect(self, stack: contextlib.AsyncExitStack, server: _Server,
                       conn: _Connection) -> Client:
        # The initialize handshake first: every server deployed today speaks it. The SDK's
        # default ("auto") probes server/discover first, which servers older than the
        # 2026-07-28 protocol may leave unanswered for its 10 s timeout. A server that speaks
        # only the newer protocol refuses the handshake with UNSUPPORTED_PROTOCOL_VERSION.
        try:
            return await stack.enter_async_context(self._client(server, conn, "legacy"))
        except Exception as exc:
            leaf = _leaf(exc)
            if not (isinstance(leaf, MCPError) and leaf.code == UNSUPPORTED_PROTOCOL_VERSION):
                raise
        log.info("The tool server %s speaks only the newer MCP protocol.", conn.spec.name)
        return await stack.enter_async_context(self._client(server, conn, "auto"))

    def _client(self, server: _Server, conn: _Connection, mode: str) -> Client:
        spec = conn.spec
        if spec.transport == "stdio":
            conn.stderr = StderrLog(spec.name)

        def noise(item: Exception) -> None:
            conn.noise += 1
            log.warning("The tool server %s sent something that is not MCP: %s", spec.name,
                        _clause(str(item)))

        async def notified(message: IncomingMessage) -> None:
            if isinstance(message, types.ToolListChangedNotification):
                # In a task of its own: listing is a request, and this runs on the session's
                # receiving side, which has to stay free to read the answer.
                task = asyncio.get_running_loop().create_task(self._relist(server, conn))
                self._chores.add(task)
                task.add_done_callback(self._chores.discard)

        transport = open_transport(spec, stderr=conn.stderr, on_noise=noise,
                                   on_end=conn.stopping.set)
        return Client(transport, mode=mode, cache=None, client_info=_CLIENT_INFO,
                      message_handler=notified)

    async def _relist(self, server: _Server, conn: _Connection) -> None:
        """The server said its tools changed: list them again."""
        if not conn.usable or conn.client is None:
            return
        try:
            with anyio.fail_after(self._start_timeout):
                listing = await _list_tools(conn.client)
        except Exception as exc:
            log.warning("The tool server %s said its tools changed, but listing them failed: "
                        "%s", conn.spec.name, _leaf(exc))
            return
        if server.conn is conn:
            conn.listing = server.listing = listing
            self._publish()
            log.info("The tool server %s now offers %d tools.", conn.spec.name, len(listing))

    def _started(self, server: _Server, conn: _Connection) -> None:
        server.starting, server.conn = None, conn
        server.listing, server.problem = conn.listing, None
        conn.ready.set()
        self._publish()
        log.info("The tool server %s started with %d tools.", conn.spec.name, len(conn.listing))

    def _failed(self, server: _Server, conn: _Connection, problem: str) -> None:
        if conn.ready.is_set():
            return
        conn.problem = problem
        if server.starting is conn:
            server.starting = None
        # A server that ran before keeps its tools on offer: the next call to one of them
        # tries again (and says why it cannot), where dropping them would leave the model
        # unable to ever reach the server again until the next start().
        server.problem = problem
        conn.ready.set()
        self._publish()
        log.warning("%s", problem)

    def _publish(self) -> None:
        """Name every listed tool for the model and hand the lists to other threads.

        Tools turned off are named too, in the servers' order, so turning one off or on
        never renames another (a conversation's earlier calls keep meaning the same tool).
        """
        taken: set[str] = set()
        all_tools = [_tool(server.spec, tool, _unique_name(server.spec.name, tool.name, taken))
                     for server in self._servers.values()
                     if server.spec.enabled and server.listing is not None
                     for tool in server.listing]
        enabled_tools = [tool for tool in all_tools
                         if tool.remote_name not in self._servers[tool.server].spec.disabled_tools]
        problems = {name: server.problem for name, server in self._servers.items()
                    if server.spec.enabled and server.problem is not None}
        with self._lock:
            self._all_tools, self._tools, self._problems = all_tools, enabled_tools, problems

    async def _call(self, tool: Tool, arguments: dict[str, Any], limit: float,
                    handle: _CallHandle) -> tuple[str, bool, bool]:
        with anyio.CancelScope() as scope:
            handle.scope = scope
            if handle.cancelled:
                scope.cancel()
            try:
                result = await self._call_once(tool, arguments, limit, may_retry=True)
            except _SessionGone:
                # An HTTP server that restarted has forgotten the session; it refused the
                # request without running the tool, so a new session may send it again (the
                # spec's answer to a 404 for a session id).
                log.info("The tool server %s forgot its session; connecting again.",
                         tool.server)
                result = await self._call_once(tool, arguments, limit, may_retry=False)
            return self._shape(result)
        # Only the caller stops a call this way, and it has raised ToolStopped already.
        conn = self._servers[tool.server].conn
        if conn is not None and conn.usable:
            asyncio.get_running_loop().create_task(self._still_listening(conn, tool))
        raise ToolStopped(f"The tool {tool.name} was stopped.")

    async def _still_listening(self, conn: _Connection, tool: Tool) -> None:
        """After a stopped call: a server that does not answer a ping within the grace is
        hung (its loop blocked by the call) and is stopped; the next call starts it again."""
        answered = False
        with anyio.move_on_after(STOP_GRACE_SECONDS):
            with contextlib.suppress(Exception):  # any failure to answer is not listening
                if conn.client is not None:
                    # a request every server answers (ping is gone from the newer protocol)
                    await conn.client.list_tools()
                    answered = True
        if not answered and conn.usable:
            log.info("The tool server %s did not answer after %s was stopped; stopping it.",
                     tool.server, tool.name)
            conn.stop()

    async def _call_once(self, tool: Tool, arguments: dict[str, Any], limit: float, *,
                         may_retry: bool) -> types.CallToolResult:
        conn = await self._ensure_running(self._servers[tool.server])
        if self._shutting_down:
            raise ToolError(f"The tool {tool.name} was stopped because Orchard's tools were "
                            "shut down.")
        if conn is None or conn.client is None:
            raise ToolError(f"The tool {tool.name} is not available because its server "
                            f"{tool.server} could not start.")
        noise = conn.noise
        try:
            with anyio.fail_after(limit):
                result = await conn.client.call_tool(tool.remote_name, arguments)
        except TimeoutError:
            conn.stop()
            raise ToolError(f"The tool {tool.name} did not answer within {_seconds(limit)}; "
                            "its server was stopped.") from None
        except MCPError as exc:
            if self._shutting_down:
                raise ToolError(f"The tool {tool.name} was stopped because Orchard's tools "
                                "were shut down.") from None
            if may_retry and _session_gone(conn, exc):
                conn.stop()
                raise _SessionGone from None
            raise _call_failed(tool, conn, exc, noise) from None
        except (ValidationError, RuntimeError) as exc:
            # A result that does not fit the protocol or the tool's own output schema.
            log.warning("The tool %s answered something unreadable: %s", tool.name, exc)
            raise ToolError(f"The tool {tool.name} sent an answer Orchard could not "
                            "read.") from None
        except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError,
                httpx2.HTTPError) as exc:
            log.warning("The call to %s broke off: %s", tool.name, exc)
            conn.stop()
            raise ToolError(f"The tool {tool.name} failed because the connection to its "
                            f"server {tool.server} broke.") from None
        if conn.noise != noise:
            conn.stop()
            raise _garbage(tool)
        return result

    def _shape(self, result: types.CallToolResult) -> tuple[str, bool, bool]:
        text, cut = cap(describe_result(result), self._max_output_chars)
        return text, result.is_error, cut


# -- sentences and names -------------------------------------------------------------------


def _version() -> str:
    try:
        return importlib.metadata.version("orchard")
    except importlib.metadata.PackageNotFoundError:
        return "0"


_CLIENT_INFO = types.Implementation(name="Orchard", version=_version())


def _seconds(value: float) -> str:
    return "1 second" if value == 1 else f"{value:g} seconds"


def _spec_problem(spec: ServerSpec) -> str | None:
    if spec.transport == "stdio" and not spec.command:
        return f"The tool server {spec.name} has neither a program to run nor an address."
    if spec.transport == "stdio" and spec.cwd and not Path(spec.cwd).expanduser().is_dir():
        return f"The tool server {spec.name} cannot start in {spec.cwd}, which is not a folder."
    return None


def _leaf(exc: BaseException) -> BaseException:
    """What went wrong, out of the exception groups anyio's task groups wrap it in."""
    while isinstance(exc, BaseExceptionGroup):
        members = [e for e in exc.exceptions if not isinstance(e, anyio.get_cancelled_exc_class())]
        exc = (members or list(exc.exceptions))[0]
    return exc


def _clause(text: str, limit: int = 200) -> str:
    """``text`` as part of a sentence: one line, no closing period, at most ``limit``."""
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _start_problem(conn: _Connection, exc: BaseException) -> str:
    spec, leaf = conn.spec, _leaf(exc)
    name = spec.name
    closed = ((isinstance(leaf, MCPError) and leaf.code == CONNECTION_CLOSED)
              or isinstance(leaf, anyio.EndOfStream | anyio.BrokenResourceError
                            | anyio.ClosedResourceError))
    if spec.transport == "stdio":
        if isinstance(leaf, FileNotFoundError):
            return (f"The tool server {name} could not start because the program "
                    f"{spec.command} was not found.")
        if isinstance(leaf, PermissionError):
            return (f"The tool server {name} could not start because Orchard may not run "
                    f"{spec.command}.")
        if closed:
            said = await conn.stderr.last_words() if conn.stderr is not None else None
            if said:
                return f"The tool server {name} quit while starting; it said: {_clause(said)}."
            return f"The tool server {name} quit while starting."
    else:
        if isinstance(leaf, httpx2.ConnectError):
            return f"Orchard could not connect to the tool server {name} at {spec.url}."
        if isinstance(leaf, httpx2.TimeoutException):
            return f"The tool server {name} at {spec.url} did not answer."
        if isinstance(leaf, httpx2.HTTPStatusError):
            code = leaf.response.status_code
            if code in (401, 403):
                return (f"The tool server {name} refused Orchard (HTTP {code}); check the "
                        "headers it needs, such as a key.")
            return f"The tool server {name} at {spec.url} answered with HTTP {code}."
        if closed:
            return f"The tool server {name} closed the connection while starting."
        if isinstance(leaf, MCPError) and leaf.code == METHOD_NOT_FOUND:
            # The SDK's spelling of an HTTP 404 before there is a session: a wrong address.
            return f"Orchard found no MCP server at {spec.url} (for the tool server {name})."
    if isinstance(leaf, MCPError):
        return f"The tool server {name} refused to start: {_clause(leaf.error.message)}."
    if isinstance(leaf, OSError) and leaf.strerror:
        return f"The tool server {name} could not start: {_clause(leaf.strerror)}."
    log.warning("The tool server %s failed to start.", name, exc_info=exc)
    return f"The tool server {name} could not start: {_clause(str(leaf) or type(leaf).__name__)}."


class _SessionGone(Exception):
    """An HTTP server no longer knows the session (it restarted, or ended it)."""


def _session_gone(conn: _Connection, exc: MCPError) -> bool:
    # The spec has such a server answer HTTP 404; the SDK turns that into "Session
    # terminated", and servers that put a JSON-RPC error in the body word it their own way
    # ("Session not found", "... expired"). The status itself does not reach the client.
    if conn.spec.transport != "http" or exc.code == CONNECTION_CLOSED:
        return False
    words = exc.error.message.lower()
    return "session" in words and any(
        word in words for word in ("not found", "terminated", "expired", "unknown", "invalid"))


def _garbage(tool: Tool) -> ToolError:
    return ToolError(f"The tool {tool.name} failed because its server {tool.server} sent "
                     "something that is not MCP.")


def _call_failed(tool: Tool, conn: _Connection, exc: MCPError, noise: int) -> ToolError:
    log.info("The call to %s failed: %s (MCP error %s)", tool.name, exc.error.message, exc.code)
    if exc.code in (CONNECTION_CLOSED, PARSE_ERROR) or conn.noise != noise:
        conn.stop()  # the next call starts it afresh
        if exc.code == PARSE_ERROR or conn.noise != noise:
            return _garbage(tool)
        if conn.spec.transport == "http":
            return ToolError(f"The tool {tool.name} failed because the connection to its "
                             f"server {tool.server} was lost.")
        return ToolError(f"The tool {tool.name} failed because its server {tool.server} "
                         "stopped during the call.")
    if exc.code == REQUEST_TIMEOUT:
        return ToolError(f"The tool {tool.name} timed out: {_clause(exc.error.message)}.")
    return ToolError(f"The tool {tool.name} could not run: {_clause(exc.error.message)}.")


async def _list_tools(client: Client) -> list[types.Tool]:
    tools: list[types.Tool] = []
    cursor: str | None = None
    for _ in range(_MAX_PAGES):
        page = await client.list_tools(cursor=cursor)
        tools.extend(page.tools)
        cursor = page.next_cursor
        if cursor is None:
            break
    return tools


_NOT_A_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def _unique_name(server: str, name: str, taken: set[str]) -> str:
    """``name``, or ``{server}_{name}`` where another server's tool has it (then a number)."""
    candidate = name
    if candidate in taken:
        candidate = f"{_NOT_A_NAME.sub('_', server).strip('_') or 'server'}_{name}"
        base, number = candidate, 2
        while candidate in taken:
            candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _tool(spec: ServerSpec, tool: types.Tool, name: str) -> Tool:
    schema = dict(tool.input_schema)
    schema.setdefault("type", "object")
    annotations = tool.annotations
    return Tool(
        server=spec.name, name=name, remote_name=tool.name,
        description=tool.description or "", input_schema=schema, remote=spec.remote,
        title=tool.title or (annotations.title if annotations is not None else None) or "",
        read_only=bool(annotations is not None and annotations.read_only_hint),
    )
