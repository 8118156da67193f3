"""The tool servers' settings file: the mcp.json format other MCP hosts write, read and written
back unchanged, and every problem one sentence naming the file, the server and the field."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from inference.tools.config import (
    ServerSpec,
    ToolConfigError,
    default_config_path,
    dump_config,
    load_config,
    parse_config,
    save_config,
)

# What Claude Desktop, Cursor and LM Studio users have, with keys Orchard does not know.
CLAUDE_STYLE: dict[str, Any] = {
    "globalShortcut": "Ctrl+Space",
    "mcpServers": {
        "files": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Notes"],
            "env": {"DEBUG": "1", "PORT": 8080},
            "cwd": "/tmp",
            "autoApprove": ["read_file"],
        },
        "search": {
            "url": "https://search.example.com/mcp",
            "headers": {"Authorization": "Bearer abc"},
            "type": "streamable-http",
        },
        "legacy": {"type": "sse", "url": "http://127.0.0.1:8931/sse", "disabled": True},
        "git": {"command": "uvx", "args": ["mcp-server-git"], "disabledTools": ["git_push"]},
    },
}


def one_sentence(text: str) -> bool:
    return text.endswith(".") and ". " not in text and "\n" not in text


def test_a_claude_desktop_style_file_reads_as_servers_in_its_order() -> None:
    files, search, legacy, git = parse_config(CLAUDE_STYLE)
    assert files == ServerSpec(
        name="files", command="npx",
        args=("-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Notes"),
        env=(("DEBUG", "1"), ("PORT", "8080")), cwd="/tmp")
    assert (files.transport, files.remote) == ("stdio", False)
    assert search.url == "https://search.example.com/mcp"
    assert search.headers == (("Authorization", "Bearer abc"),)
    assert (search.transport, search.remote, search.sse) == ("http", True, False)
    assert (legacy.transport, legacy.sse, legacy.enabled, legacy.remote) == ("http", True, False,
                                                                            False)
    assert git.disabled_tools == frozenset({"git_push"}) and git.enabled


def test_other_hosts_spellings_are_understood() -> None:
    windsurf, gemini, vscode = (
        parse_config({"mcpServers": {"w": {"serverUrl": "http://localhost:3000/mcp"}}})[0],
        parse_config({"mcpServers": {"g": {"httpUrl": "http://[::1]:3000/mcp"}}})[0],
        parse_config({"servers": {"v": {"type": "http", "url": "http://127.0.0.2/mcp"}}})[0],
    )
    assert [s.transport for s in (windsurf, gemini, vscode)] == ["http"] * 3
    assert not any(s.remote for s in (windsurf, gemini, vscode))
    assert parse_config({"mcpServers": {}}) == [] == parse_config({})


@pytest.mark.parametrize(("url", "remote"), [
    ("http://localhost:8000/mcp", False),
    ("http://LOCALHOST./mcp", False),
    ("http://127.0.0.1:1/mcp", False),
    ("http://127.9.8.7/mcp", False),
    ("http://[::1]:8000/mcp", False),
    ("http://[::ffff:127.0.0.1]/mcp", False),
    ("http://192.168.1.4:8000/mcp", True),
    ("http://0.0.0.0:8000/mcp", True),
    ("https://localhost.example.com/mcp", True),
    ("https://mcp.example.com/mcp", True),
])
def test_only_this_machine_is_not_remote(url: str, remote: bool) -> None:
    assert ServerSpec("s", url=url).remote is remote


def test_dump_and_parse_round_trip() -> None:
    specs = parse_config(CLAUDE_STYLE)
    dumped = dump_config(specs)
    assert parse_config(json.loads(json.dumps(dumped))) == specs
    assert dumped["mcpServers"]["legacy"] == {"type": "sse", "url": "http://127.0.0.1:8931/sse",
                                              "disabled": True}
    assert dumped["mcpServers"]["git"] == {"command": "uvx", "args": ["mcp-server-git"],
                                           "disabledTools": ["git_push"]}
    # Fields at their defaults are left out, as a person would write the file.
    assert dump_config([ServerSpec("s", url="http://localhost/mcp")]) == {
        "mcpServers": {"s": {"url": "http://localhost/mcp"}}}


def test_save_then_load_and_the_new_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "config" / "mcp.json"
    specs = parse_config(CLAUDE_STYLE)
    save_config(path, specs)
    assert load_config(path) == specs
    # Its env and headers often hold keys: a new file is the user's alone.
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o640)
    save_config(path, specs[:1])
    assert load_config(path) == specs[:1]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # a file the user changed keeps its mode
    assert sorted(p.name for p in path.parent.iterdir()) == ["mcp.json"]  # no temp file left


def test_the_default_file_is_in_orchards_config_folder(tmp_path: Path) -> None:
    # tests/conftest.py points ORCHARD_HOME at the test's own folder.
    assert default_config_path() == tmp_path / "orchard_home" / "config" / "mcp.json"


@pytest.mark.parametrize(("data", "words"), [
    ([], ["not a JSON object", "mcpServers"]),
    ({"mcpServers": []}, ['"mcpServers"', "not an object"]),
    ({"mcpServers": {"a": "npx"}}, ["tool server a", "not an object"]),
    ({"mcpServers": {"a": {}}}, ["tool server a", '"command"', '"url"']),
    ({"mcpServers": {"a": {"command": "x", "url": "http://h/"}}}, ["tool server a", "both"]),
    ({"mcpServers": {"a": {"command": ""}}}, ["tool server a", '"command"']),
    ({"mcpServers": {"a": {"command": "x", "args": "-y"}}}, ["tool server a", '"args"']),
    ({"mcpServers": {"a": {"command": "x", "args": [1]}}}, ["tool server a", '"args"']),
    ({"mcpServers": {"a": {"command": "x", "env": {"K": ["v"]}}}}, ["tool server a", '"env"',
                                                                     "K"]),
    ({"mcpServers": {"a": {"command": "x", "env": []}}}, ["tool server a", '"env"']),
    ({"mcpServers": {"a": {"command": "x", "cwd": 3}}}, ["tool server a", '"cwd"']),
    ({"mcpServers": {"a": {"command": "x", "type": "sse"}}}, ["tool server a", '"type"']),
    ({"mcpServers": {"a": {"url": "ftp://h/x"}}}, ["tool server a", '"url"', "http://"]),
    ({"mcpServers": {"a": {"url": "http:///x"}}}, ["tool server a", '"url"']),
    ({"mcpServers": {"a": {"serverUrl": 5}}}, ["tool server a", '"serverUrl"']),
    ({"mcpServers": {"a": {"url": "http://h/", "type": "ws"}}}, ["tool server a", '"type"',
                                                                 '"ws"']),
    ({"mcpServers": {"a": {"url": "http://h/", "type": "stdio"}}}, ["tool server a", '"type"']),
    ({"mcpServers": {"a": {"url": "http://h/", "headers": {"K": None}}}}, ["tool server a",
                                                                            '"headers"']),
    ({"mcpServers": {"a": {"url": "http://h/", "disabled": "yes"}}}, ["tool server a",
                                                                       '"disabled"']),
    ({"mcpServers": {"a": {"url": "http://h/", "disabledTools": "x"}}}, ["tool server a",
                                                                          '"disabledTools"']),
    ({"mcpServers": {" ": {"url": "http://h/"}}}, ["empty name"]),
])
def test_each_problem_is_one_sentence_naming_the_server_and_field(data: Any,
                                                                  words: list[str]) -> None:
    with pytest.raises(ToolConfigError) as caught:
        parse_config(data)
    message = str(caught.value)
    assert one_sentence(message), message
    assert message[0].isupper()
    for word in words:
        assert word in message, message


def test_a_problem_in_a_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mcp.json"
    path.write_text(json.dumps({"mcpServers": {"files": {"command": "npx", "args": "-y"}}}),
                    encoding="utf-8")
    with pytest.raises(ToolConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"In {path}, the tool server files has \"args\"")
    assert one_sentence(message.replace(str(path), "FILE"))


@pytest.mark.parametrize(("content", "words"), [
    (None, ["no tool settings file"]),
    ("{\"mcpServers\": {,}}", ["not valid JSON", "line 1"]),
    (b"\xff\xfe{}", ["not UTF-8"]),
])
def test_a_missing_or_broken_file_is_one_sentence_naming_it(
        tmp_path: Path, content: str | bytes | None, words: list[str]) -> None:
    path = tmp_path / "mcp.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(ToolConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message
    assert one_sentence(message.replace(str(path), "FILE")), message
    for word in words:
        assert word in message


def test_a_missing_file_can_mean_no_servers(tmp_path: Path) -> None:
    assert load_config(tmp_path / "mcp.json", missing_ok=True) == []


def test_a_folder_where_the_file_should_be_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "mcp.json").mkdir()
    with pytest.raises(ToolConfigError, match="could not read the tool settings file"):
        load_config(tmp_path / "mcp.json")
