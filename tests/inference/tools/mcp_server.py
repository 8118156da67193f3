"""A small MCP server for the tool host's tests, written with the SDK's own server API.

    python tests/inference/tools/mcp_server.py --root DIR [--http PORT [--sse]] [--garbage]

Over stdio by default; with ``--http`` it serves streamable HTTP at /mcp on 127.0.0.1 (port 0
picks a free one; ``--sse`` serves the older SSE transport at /sse instead) and prints
``listening PORT`` on its stdout once the socket listens. ``--garbage``
makes every call write a line that is not JSON-RPC to stdout before it answers, the way a
server that prints to its protocol channel by mistake does.

Tools: add, multiply (a calculator), read_file (confined to --root), pid (its process id),
hang (never answers), was_cancelled (whether a call to hang was cancelled by the client),
stuck (blocks the whole server, so only a signal ends it), crash (the process dies mid-call),
grow (adds a tool, extra, and says the list changed), big (100,000 characters), picture (a
text and an image block).
"""

from __future__ import annotations

import argparse
import os
import socket
import time
from pathlib import Path

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.utilities.types import Image

# A 1x1 PNG: enough for the host to describe an image block in words.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def build(root: Path, *, garbage: bool) -> MCPServer:
    server: MCPServer = MCPServer("orchard-test", log_level="WARNING")
    root = root.resolve()
    # The SDK's stdio server moves the protocol off fd 1 while it runs (so a stray print goes
    # to stderr); a copy taken now still reaches the client, past the SDK's framing.
    wire = os.dup(1) if garbage else -1

    def noise() -> None:
        if garbage:
            os.write(wire, b"this line is not JSON-RPC\n")

    @server.tool()
    def add(a: float, b: float) -> float:
        """Add two numbers."""
        noise()
        return a + b

    @server.tool()
    def multiply(a: float, b: float) -> float:
        """Multiply two numbers."""
        noise()
        return a * b

    @server.tool()
    def read_file(path: str) -> str:
        """Read a text file inside the server's folder."""
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            # ToolError's text reaches the client; any other exception's is withheld.
            raise ToolError(f"{path} is outside the folder this server may read")
        return target.read_text(encoding="utf-8")

    @server.tool()
    def pid() -> int:
        """The server's process id."""
        return os.getpid()

    cancelled = anyio.Event()

    @server.tool()
    async def hang() -> str:
        """Never answers."""
        try:
            await anyio.sleep_forever()
        except anyio.get_cancelled_exc_class():
            cancelled.set()  # the client's notifications/cancelled arrived
            raise
        return "unreachable"

    @server.tool()
    async def was_cancelled() -> bool:
        """Whether a call to hang has been cancelled (waits up to 10 s for it)."""
        with anyio.move_on_after(10):
            await cancelled.wait()
        return cancelled.is_set()

    @server.tool()
    async def stuck() -> str:
        """Blocks the server's event loop: it reads nothing more, not even the end of stdin."""
        time.sleep(3600)
        return "unreachable"

    @server.tool()
    def crash() -> str:
        """The process dies in the middle of the call."""
        os._exit(3)

    @server.tool()
    async def grow(ctx: Context) -> str:
        """Adds the tool extra, and tells the client its tools changed."""

        def extra() -> str:
            """A tool that was not there at the start."""
            return "extra"

        server.add_tool(extra)
        await ctx.session.send_tool_list_changed()
        return "grown"

    @server.tool()
    def big() -> str:
        """100,000 characters."""
        return "0123456789" * 10_000

    @server.tool(structured_output=False)
    def picture() -> list[object]:
        """A caption and an image."""
        return ["a red dot", Image(data=PNG, format="png")]

    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--http", type=int, default=None, metavar="PORT")
    parser.add_argument("--sse", action="store_true")
    parser.add_argument("--garbage", action="store_true")
    args = parser.parse_args()
    server = build(args.root, garbage=args.garbage)
    if args.http is None:
        server.run()
        return
    import uvicorn

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a test may start it again
    sock.bind(("127.0.0.1", args.http))
    sock.listen(128)  # connections wait in the backlog until uvicorn takes them
    print(f"listening {sock.getsockname()[1]}", flush=True)
    app = server.sse_app() if args.sse else server.streamable_http_app()
    config = uvicorn.Config(app, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
