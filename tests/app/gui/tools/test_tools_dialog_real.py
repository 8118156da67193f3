"""Settings ▸ Tools with the real tool host and a real MCP server (the library's test server,
tests/inference/tools/mcp_server.py, over stdio): its tools are listed without blocking the
dialog, a tool shows what the model is shown, and OK stops the server."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.settings import AppSettings
from app.gui.tools.tools_dialog import ToolsDialog
from inference.tools.config import ServerSpec, load_config, save_config
from inference.tools.host import ToolHost

pytestmark = pytest.mark.slow  # starts a server process

SERVER = Path(__file__).resolve().parents[3] / "inference" / "tools" / "mcp_server.py"


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_real_host_lists_a_servers_tools_and_stops_it_on_ok(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "mcp.json"
    save_config(path, [ServerSpec("calc", command=sys.executable,
                                  args=(str(SERVER), "--root", str(tmp_path)))])
    hosts: list[ToolHost] = []

    def factory(specs: list[ServerSpec]) -> ToolHost:
        hosts.append(ToolHost(specs))
        return hosts[-1]

    started = time.monotonic()
    dialog = ToolsDialog(AppSettings(), path, host_factory=factory)
    qtbot.addWidget(dialog)
    assert time.monotonic() - started < 1.0  # the server starts in the background
    assert dialog.tree.topLevelItem(0).text(1) == "Starting…"  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.listed, timeout=30_000):
        pass
    server = dialog.tree.topLevelItem(0)
    assert server is not None
    names = {server.child(i).text(0) for i in range(server.childCount())}  # type: ignore[union-attr]
    assert {"add", "multiply", "read_file", "crash"} <= names
    assert server.text(1) == f"{len(names)} tools"

    dialog.select("calc", "add")
    shown = json.loads(dialog.detail.toPlainText())
    assert shown["function"]["name"] == "add"
    assert shown["function"]["description"] == "Add two numbers."
    assert set(shown["function"]["parameters"]["properties"]) == {"a", "b"}

    pid = int(float(hosts[0].call("pid", {}).text))
    assert running(pid)
    dialog.select("calc", "crash")
    current = dialog.tree.currentItem()
    assert current is not None
    current.setCheckState(0, Qt.CheckState.Unchecked)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert load_config(path)[0].disabled_tools == {"crash"}
    qtbot.waitUntil(lambda: not running(pid), timeout=15_000)  # closed off the GUI thread
