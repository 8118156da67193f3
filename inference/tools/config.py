"""The tool servers the user configured, in the ``mcp.json`` format other MCP hosts use.

One file, ``{"mcpServers": {name: {...}}}``, as Claude Desktop, Cursor and LM Studio write
it, so a user can copy their servers over unchanged::

    {"mcpServers": {
        "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "~"],
                  "env": {"DEBUG": "1"}, "cwd": "/tmp"},
        "search": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer …"}},
        "old": {"type": "sse", "url": "http://127.0.0.1:8931/sse", "disabled": true,
                "disabledTools": ["delete_everything"]}}}

Keys Orchard does not know are ignored (other hosts add their own). Every problem is a
:class:`ToolConfigError` whose text is one sentence naming the server and the field.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from inference.errors import OrchardError
from inference.files import write_atomically
from inference.paths import config_dir

#: "type" values naming a streamable HTTP server (LM Studio and Cursor write "http", VS Code
#: and Claude Code "streamable-http" or "http").
_HTTP_TYPES = frozenset({"http", "streamable-http", "streamablehttp", "streamable_http"})


class ToolConfigError(OrchardError):
    """The tool settings cannot be used; the text says which server and field, in one sentence."""


@dataclass(frozen=True)
class ServerSpec:
    """One configured MCP server: a program Orchard runs (stdio) or an address (HTTP)."""

    name: str
    command: str | None = None
    args: tuple[str, ...] = ()
    #: Extra environment for a stdio server, over the small safe set the MCP SDK passes on.
    env: tuple[tuple[str, str], ...] = ()
    cwd: str | None = None
    url: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    enabled: bool = True
    #: The tools (their names on this server) the user turned off.
    disabled_tools: frozenset[str] = frozenset()
    #: An HTTP server that speaks the older SSE transport ("type": "sse").
    sse: bool = False

    @property
    def transport(self) -> str:
        """``"stdio"`` or ``"http"`` (streamable HTTP, or SSE where :attr:`sse` says so)."""
        return "http" if self.url is not None and self.command is None else "stdio"

    @property
    def remote(self) -> bool:
        """The server is reached over the network: a URL whose host is not this machine."""
        return self.transport == "http" and not is_loopback_url(self.url or "")


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` points at this machine: localhost, 127.0.0.0/8 or ::1."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if not host:
        return False
    if host.rstrip(".").lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: only a resolver could say where it goes, so treat it as remote
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def default_config_path() -> Path:
    return config_dir() / "mcp.json"


def _sentence(source: str | None, text: str) -> ToolConfigError:
    """``text`` is the rest of the sentence, starting in lower case."""
    if source:
        return ToolConfigError(f"In {source}, {text}.")
    return ToolConfigError(f"{text[0].upper()}{text[1:]}.")


def _strings(value: Any, source: str | None, server: str, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _sentence(source, f'the tool server {server} has "{field}" that is not a list of '
                                "texts")
    return tuple(value)


def _pairs(value: Any, source: str | None, server: str, field: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise _sentence(source, f'the tool server {server} has "{field}" that is not an object')
    pairs: list[tuple[str, str]] = []
    for key, item in value.items():
        # Numbers are common in hand-written files ("PORT": 8080); the process sees text anyway.
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise _sentence(source, f'the tool server {server} has a value in "{field}" ({key}) '
                                    "that is not text")
        pairs.append((str(key), str(item)))
    return tuple(pairs)


def _text(value: Any, source: str | None, server: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _sentence(source, f'the tool server {server} has "{field}" that is not a '
                                "non-empty text")
    return value


def _server(name: str, entry: Any, source: str | None) -> ServerSpec:
    if not name.strip():
        raise _sentence(source, "a tool server has an empty name")
    if not isinstance(entry, Mapping):
        raise _sentence(source, f"the tool server {name} is not an object")
    kind = entry.get("type")
    if kind is not None and (not isinstance(kind, str)
                             or kind.lower() not in _HTTP_TYPES | {"stdio", "sse"}):
        raise _sentence(source, f'the tool server {name} has "type" {json.dumps(kind)}, which is '
                                'not "stdio", "http", "streamable-http" or "sse"')
    kind = kind.lower() if isinstance(kind, str) else None
    # Windsurf writes "serverUrl" and Gemini CLI "httpUrl" for the same thing.
    url_key = next((key for key in ("url", "serverUrl", "httpUrl") if key in entry), None)
    command = entry.get("command")
    if command is not None and url_key is not None:
        raise _sentence(source, f'the tool server {name} has both "command" and "{url_key}"')
    if command is None and url_key is None:
        raise _sentence(source, f'the tool server {name} needs "command" (a program to run) or '
                                '"url" (an address)')
    disabled = entry.get("disabled", False)
    if not isinstance(disabled, bool):
        raise _sentence(source, f'the tool server {name} has "disabled" that is not true or false')
    off = frozenset(_strings(entry.get("disabledTools", []), source, name, "disabledTools"))
    if command is not None:
        if kind is not None and kind != "stdio":
            raise _sentence(source, f'the tool server {name} has "command" but "type" {kind}')
        cwd = entry.get("cwd")
        return ServerSpec(
            name=name,
            command=_text(command, source, name, "command"),
            args=_strings(entry.get("args", []), source, name, "args"),
            env=_pairs(entry.get("env", {}), source, name, "env"),
            cwd=None if cwd is None else _text(cwd, source, name, "cwd"),
            enabled=not disabled,
            disabled_tools=off,
        )
    assert url_key is not None
    url = _text(entry[url_key], source, name, url_key)
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise _sentence(source, f'the tool server {name} has "{url_key}" that is not an http:// '
                                "or https:// address")
    if kind == "stdio":
        raise _sentence(source, f'the tool server {name} has "{url_key}" but "type" stdio')
    return ServerSpec(
        name=name,
        url=url,
        headers=_pairs(entry.get("headers", {}), source, name, "headers"),
        enabled=not disabled,
        disabled_tools=off,
        sse=kind == "sse",
    )


def parse_config(data: Any, *, source: str | None = None) -> list[ServerSpec]:
    """The servers of a parsed ``mcp.json``, in the file's order.

    ``source`` (the file) is named in the error's sentence. VS Code's ``{"servers": {...}}``
    is taken too where there is no ``mcpServers``.
    """
    if not isinstance(data, Mapping):
        raise _sentence(source, 'the tool settings are not a JSON object with "mcpServers"')
    servers = data.get("mcpServers", data.get("servers", {}))
    if not isinstance(servers, Mapping):
        raise _sentence(source, 'the tool settings have "mcpServers" that is not an object')
    return [_server(str(name), entry, source) for name, entry in servers.items()]


def load_config(path: Path, *, missing_ok: bool = False) -> list[ServerSpec]:
    """The servers in the file at ``path``; with ``missing_ok`` a missing file is no servers."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return []
        raise ToolConfigError(f"There is no tool settings file at {path}.") from None
    except UnicodeDecodeError:
        raise ToolConfigError(f"The tool settings file {path} is not UTF-8 text.") from None
    except OSError as exc:
        raise ToolConfigError(f"Orchard could not read the tool settings file {path} "
                              f"({exc.strerror or exc}).") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolConfigError(f"The tool settings file {path} is not valid JSON ({exc.msg} at "
                              f"line {exc.lineno}, column {exc.colno}).") from None
    return parse_config(data, source=str(path))


def dump_config(specs: Sequence[ServerSpec]) -> dict[str, Any]:
    """The ``mcp.json`` form of ``specs``; :func:`parse_config` reads it back equal."""
    servers: dict[str, Any] = {}
    for spec in specs:
        entry: dict[str, Any] = {}
        if spec.transport == "stdio":
            entry["command"] = spec.command or ""
            if spec.args:
                entry["args"] = list(spec.args)
            if spec.env:
                entry["env"] = dict(spec.env)
            if spec.cwd is not None:
                entry["cwd"] = spec.cwd
        else:
            if spec.sse:
                entry["type"] = "sse"
            entry["url"] = spec.url
            if spec.headers:
                entry["headers"] = dict(spec.headers)
        if not spec.enabled:
            entry["disabled"] = True
        if spec.disabled_tools:
            entry["disabledTools"] = sorted(spec.disabled_tools)
        servers[spec.name] = entry
    return {"mcpServers": servers}


def save_config(path: Path, specs: Sequence[ServerSpec]) -> None:
    """Write ``specs`` to ``path`` whole or not at all (a temp file, then ``os.replace``).

    A new file is readable by the user alone: its env and headers often hold API keys.
    Raises ``DiskFullError`` (one sentence) on a full disk and ``OSError`` otherwise.
    """
    if not path.exists():
        # write_atomically keeps the permissions of the file it replaces, so this one sets them.
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    text = json.dumps(dump_config(specs), indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text, what="the tool settings")
