"""Settings ▸ Tools with a fake tool host: the servers and their tools, the JSON the model is
shown, adding, importing and removing servers, OK and Cancel, and listing off the GUI thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from app.gui.settings import AppSettings
from app.gui.tools.tools_dialog import ToolsDialog
from inference.tools.config import ServerSpec, load_config, save_config
from inference.tools.host import Tool

SCHEMA = {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}
#: What each fake server offers: its tools (name, description), or the problem it starts with.
CATALOG: dict[str, list[tuple[str, str]] | str] = {
    "files": [("read_file", "Read a text file.\nOnly inside the folder."),
              ("write_file", "Write a text file.")],
    "broken": "The tool server broken did not start: npx was not found.",
    "search": [("web_search", "Search the web.")],
    "calc": [("add", "Add two numbers.")],
}


def listed(server: str) -> list[tuple[str, str]]:
    entry = CATALOG.get(server, [])
    return [] if isinstance(entry, str) else entry


@dataclass
class FakeHost:
    """The ToolHost methods the dialog uses, with canned tools and problems."""

    specs: list[ServerSpec]
    gate: threading.Event | None = None  # start() waits for it, when given
    start_threads: list[threading.Thread] = field(default_factory=list)
    close_threads: list[threading.Thread] = field(default_factory=list)
    started: threading.Event = field(default_factory=threading.Event)

    def start(self) -> dict[str, str]:
        self.start_threads.append(threading.current_thread())
        if self.gate is not None:
            assert self.gate.wait(10)
        self.started.set()
        return self.problems()

    def problems(self) -> dict[str, str]:
        return {s.name: entry for s in self.specs
                if s.enabled and isinstance(entry := CATALOG.get(s.name, []), str)}

    def all_tools(self) -> list[Tool]:
        return [Tool(server=s.name, name=name, remote_name=name, description=description,
                     input_schema=SCHEMA, remote=s.remote)
                for s in self.specs if s.enabled
                for name, description in listed(s.name)]

    def tools(self) -> list[Tool]:
        return [t for t in self.all_tools()
                if t.remote_name not in next(s for s in self.specs
                                             if s.name == t.server).disabled_tools]

    def close(self) -> None:
        self.close_threads.append(threading.current_thread())

    @property
    def closed(self) -> bool:
        return bool(self.close_threads)


class Factory:
    def __init__(self) -> None:
        self.hosts: list[FakeHost] = []
        self.gate: threading.Event | None = None

    def __call__(self, specs: list[ServerSpec]) -> FakeHost:
        host = FakeHost(list(specs), self.gate)
        self.hosts.append(host)
        return host


FILES = ServerSpec("files", command="npx", args=("-y", "@modelcontextprotocol/server-filesystem",
                                                 "/Users/me/Documents"))
BROKEN = ServerSpec("broken", command="npx", args=("missing-server",))
OFF = ServerSpec("calc", command="uvx", args=("calc-server",), enabled=False)


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    target = tmp_path / "mcp.json"
    save_config(target, [FILES, BROKEN, OFF])
    return target


@pytest.fixture()
def factory() -> Iterator[Factory]:
    made = Factory()
    yield made
    if made.gate is not None:
        made.gate.set()  # never leave a pool thread waiting


@pytest.fixture()
def dialog(qtbot: QtBot, path: Path, factory: Factory) -> ToolsDialog:
    return opened(qtbot, path, factory)


def opened(qtbot: QtBot, path: Path, factory: Callable[[list[ServerSpec]], object],
           settings: AppSettings | None = None, *, listed: bool = True) -> ToolsDialog:
    d = ToolsDialog(settings or AppSettings(), path, host_factory=factory)  # type: ignore[arg-type]
    qtbot.addWidget(d)
    if listed:
        qtbot.waitUntil(lambda: d._waiting is False, timeout=5000)
    d.show()
    return d


def rows(d: ToolsDialog) -> dict[str, tuple[str, bool, dict[str, bool]]]:
    """{server: (status, ticked, {tool: ticked})} as the tree shows them."""
    out = {}
    for i in range(d.tree.topLevelItemCount()):
        item = d.tree.topLevelItem(i)
        assert item is not None
        children: dict[str, bool] = {}
        for j in range(item.childCount()):
            child = item.child(j)
            assert child is not None
            children[child.text(0)] = child.checkState(0) == Qt.CheckState.Checked
        out[item.text(0)] = (item.text(1), item.checkState(0) == Qt.CheckState.Checked, children)
    return out


def item(d: ToolsDialog, server: str, tool: str = "") -> QTreeWidgetItem:
    d.select(server, tool)
    current = d.tree.currentItem()
    assert current is not None and current.text(0) == (tool or server)
    return current


def press_ok(d: ToolsDialog) -> None:
    d.buttons.button(d.buttons.StandardButton.Ok).click()


def test_the_tree_shows_the_servers_and_their_tools(dialog: ToolsDialog,
                                                    factory: Factory) -> None:
    assert rows(dialog) == {
        "files": ("2 tools", True, {"read_file": True, "write_file": True}),
        "broken": ("The tool server broken did not start: npx was not found.", True, {}),
        "calc": ("Off", False, {}),
    }
    host = factory.hosts[0]
    assert host.start_threads[0] is not threading.main_thread()  # listed off the GUI thread
    assert [s.name for s in host.specs] == ["files", "broken", "calc"]
    read = item(dialog, "files", "read_file")
    assert read.text(1) == "Read a text file."  # its first line; the rest in the pane


def test_a_server_shows_its_command_line_and_status(dialog: ToolsDialog) -> None:
    item(dialog, "files")
    assert dialog.detail_title.text() == "files"
    assert dialog.detail.toPlainText() == (
        "npx -y @modelcontextprotocol/server-filesystem /Users/me/Documents")
    assert dialog.detail_note.text() == "2 tools"
    assert not dialog.network.isVisible()
    item(dialog, "broken")
    assert dialog.detail_note.text() == "The tool server broken did not start: npx was not found."


def test_a_tool_shows_the_json_the_model_is_shown(dialog: ToolsDialog, factory: Factory) -> None:
    item(dialog, "files", "read_file")
    shown = dialog.detail.toPlainText()
    tool = next(t for t in factory.hosts[-1].all_tools() if t.name == "read_file")
    assert json.loads(shown) == tool.function()
    assert shown == json.dumps(tool.function(), indent=2)
    assert dialog.detail.isReadOnly()
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    assert dialog.detail.font().family() == fixed.family()


def test_unticking_a_tool_and_a_server_is_written_on_ok(qtbot: QtBot, dialog: ToolsDialog,
                                                        path: Path,
                                                        factory: Factory) -> None:
    item(dialog, "files", "write_file").setCheckState(0, Qt.CheckState.Unchecked)
    assert len(factory.hosts) == 1  # a tool's tick needs no restart
    item(dialog, "broken").setCheckState(0, Qt.CheckState.Unchecked)
    item(dialog, "calc").setCheckState(0, Qt.CheckState.Checked)
    # two ticks in a row: the servers are started again once, with both
    qtbot.waitUntil(lambda: len(factory.hosts) == 2 and dialog._waiting is False)
    assert rows(dialog)["calc"] == ("1 tool", True, {"add": True})
    assert rows(dialog)["broken"] == ("Off", False, {})
    press_ok(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = {s.name: s for s in load_config(path)}
    assert saved["files"].disabled_tools == {"write_file"} and saved["files"].enabled
    assert not saved["broken"].enabled
    assert saved["calc"].enabled
    raw = json.loads(path.read_text(encoding="utf-8"))["mcpServers"]
    assert raw["files"]["disabledTools"] == ["write_file"] and raw["broken"]["disabled"] is True
    # every host the dialog started is closed, off the GUI thread
    qtbot.waitUntil(lambda: all(h.closed for h in factory.hosts))
    assert all(t is not threading.main_thread() for h in factory.hosts for t in h.close_threads)


def test_settings_are_saved_on_ok(qtbot: QtBot, path: Path, factory: Factory) -> None:
    settings = AppSettings(tools_always=["files/read_file", "broken/x"])
    d = opened(qtbot, path, factory, settings)
    assert d.forget.isEnabled()
    d.enabled.setChecked(True)
    d.steps.setValue(3)
    d.first.setCurrentIndex(d.first.findData("required"))
    d.timeout.setValue(120)
    d.forget.click()
    assert not d.forget.isEnabled()
    press_ok(d)
    saved = AppSettings.load()
    assert (saved.tools_enabled, saved.tool_steps, saved.tool_first, saved.tool_timeout_s,
            saved.tools_always) == (True, 3, "required", 120.0, [])
    assert d.first.itemText(0) == "The model decides"
    assert d.first.itemText(1) == "The model must call a tool"


def test_always_choices_of_a_removed_server_are_dropped(qtbot: QtBot, path: Path,
                                                        factory: Factory) -> None:
    settings = AppSettings(tools_always=["files/read_file", "broken/x"])
    d = opened(qtbot, path, factory, settings)
    item(d, "broken")
    d.remove.click()
    press_ok(d)
    assert AppSettings.load().tools_always == ["files/read_file"]


def test_the_forget_button_is_off_without_always_choices(dialog: ToolsDialog) -> None:
    assert not dialog.forget.isEnabled()


def test_add_command_splits_the_command_line(qtbot: QtBot, dialog: ToolsDialog,
                                             factory: Factory, tmp_path: Path) -> None:
    dialog.add_command.click()
    form = dialog.form
    assert form is not None and form.isVisible()
    assert not form.ok.isEnabled() and form.problem.text() == "Give the server a name."
    form.name.setText("files")
    assert form.problem.text() == "There is a server called files already."
    form.name.setText("notes")
    form.command.setText('uvx "notes server" --dir "/Users/me/My Notes')
    assert form.problem.text() == "The command line has a quote that is not closed."
    form.command.setText('uvx "notes server" --dir "/Users/me/My Notes"')
    form.folder.setText(str(tmp_path / "nowhere"))
    assert form.problem.text() == f"There is no folder at {tmp_path / 'nowhere'}."
    form.folder.setText(str(tmp_path))
    assert form.ok.isEnabled() and not form.problem.isVisible()
    form.ok.click()
    assert dialog.form is None
    added = dialog.specs[-1]
    assert added == ServerSpec("notes", command="uvx",
                               args=("notes server", "--dir", "/Users/me/My Notes"),
                               cwd=str(tmp_path))
    assert dialog.tree.currentItem() is not None
    assert dialog.tree.currentItem().text(0) == "notes"  # type: ignore[union-attr]
    # the list changed: the old servers are closed and the new list started
    qtbot.waitUntil(lambda: len(factory.hosts) == 2 and factory.hosts[0].closed)
    assert [s.name for s in factory.hosts[1].specs] == ["files", "broken", "calc", "notes"]


def test_add_url_warns_before_adding_a_server_on_the_network(qtbot: QtBot,
                                                             dialog: ToolsDialog) -> None:
    dialog.add_url.click()
    form = dialog.form
    assert form is not None
    form.name.setText("search")
    form.url.setText("ftp://tools.example.com")
    assert not form.ok.isEnabled()
    form.url.setText("http://127.0.0.1:8931/mcp")
    assert form.ok.isEnabled() and not form.network.isVisible()
    form.url.setText("https://tools.example.com/mcp")
    assert form.ok.isEnabled() and form.network.isVisible()
    assert form.network.text() == ("This server is on the network: tool calls send their "
                                   "arguments there.")
    form.ok.click()
    assert dialog.specs[-1] == ServerSpec("search", url="https://tools.example.com/mcp")
    qtbot.waitUntil(lambda: rows(dialog)["search"][0] == "1 tool · on the network")
    item(dialog, "search", "web_search")
    assert dialog.network.isVisible()
    item(dialog, "search")
    assert dialog.detail.toPlainText() == "https://tools.example.com/mcp"


def test_cancelling_the_add_form_adds_nothing(dialog: ToolsDialog, factory: Factory) -> None:
    dialog.add_command.click()
    assert dialog.form is not None
    dialog.form.name.setText("x")
    dialog.form.command.setText("x")
    dialog.form.reject()
    assert [s.name for s in dialog.specs] == ["files", "broken", "calc"]
    assert dialog.form is None and len(factory.hosts) == 1


def test_import_merges_renames_and_keeps_remote_servers_off(
    qtbot: QtBot, dialog: ToolsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "claude_desktop_config.json"
    other.write_text(json.dumps({"mcpServers": {
        "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem",
                                             "/Users/me/Documents"]},  # the same: left out
        "broken": {"command": "node", "args": ["other.js"]},  # another server, same name
        "search": {"url": "https://tools.example.com/mcp"},
        "local": {"type": "http", "url": "http://localhost:9000/mcp"},
    }}), encoding="utf-8")
    monkeypatch.setattr(ToolsDialog, "ask_import_path", lambda self: other)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.notice.isVisible())
    assert dialog.notice.text() == (
        "3 servers imported. files was in the list already. broken was added as broken 2, "
        "because that name was taken. search is on the network, so it was added turned off: "
        "tick it to use it.")
    added = {s.name: s for s in dialog.specs}
    assert list(added) == ["files", "broken", "calc", "broken 2", "search", "local"]
    assert added["broken 2"].command == "node" and added["broken 2"].enabled
    assert not added["search"].enabled and added["local"].enabled
    qtbot.waitUntil(lambda: dialog._waiting is False)
    assert rows(dialog)["search"][0] == "Off · on the network"


def test_a_file_that_is_not_tool_settings_is_said_in_one_sentence(
    qtbot: QtBot, dialog: ToolsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "notes.json"
    other.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(ToolsDialog, "ask_import_path", lambda self: other)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.notice.isVisible())
    assert dialog.notice.text().startswith(f"The tool settings file {other} is not valid JSON")
    assert [s.name for s in dialog.specs] == ["files", "broken", "calc"]


def test_remove_takes_the_server_of_the_selected_row(qtbot: QtBot, dialog: ToolsDialog,
                                                     path: Path, factory: Factory) -> None:
    assert not dialog.remove.isEnabled()
    item(dialog, "files", "read_file")
    assert dialog.remove.isEnabled()
    dialog.remove.click()
    assert list(rows(dialog)) == ["broken", "calc"]
    qtbot.waitUntil(lambda: len(factory.hosts) == 2 and factory.hosts[0].closed)
    press_ok(dialog)
    assert [s.name for s in load_config(path)] == ["broken", "calc"]


def test_cancel_changes_nothing(qtbot: QtBot, path: Path, factory: Factory,
                                tmp_path: Path) -> None:
    before = path.read_bytes()
    settings = AppSettings(tools_always=["files/read_file"])
    d = opened(qtbot, path, factory, settings)
    item(d, "files", "read_file").setCheckState(0, Qt.CheckState.Unchecked)
    item(d, "broken")
    d.remove.click()
    d.enabled.setChecked(True)
    d.steps.setValue(2)
    d.forget.click()
    d.buttons.button(d.buttons.StandardButton.Cancel).click()
    assert path.read_bytes() == before
    assert settings.tools_enabled is False and settings.tool_steps == 8
    assert settings.tools_always == ["files/read_file"]
    from inference.paths import config_dir
    assert not (config_dir() / "settings.json").exists()
    qtbot.waitUntil(lambda: all(h.closed for h in factory.hosts))


def test_ok_without_changes_leaves_a_hand_written_file_as_it_is(qtbot: QtBot, tmp_path: Path,
                                                                factory: Factory) -> None:
    path = tmp_path / "mcp.json"
    text = '{"mcpServers": {"calc": {"command": "uvx", "args": ["calc-server"], "x-own": 1}}}'
    path.write_text(text, encoding="utf-8")
    d = opened(qtbot, path, factory)
    press_ok(d)
    assert path.read_text(encoding="utf-8") == text


def test_an_unreadable_file_is_said_and_the_list_starts_empty(qtbot: QtBot, tmp_path: Path,
                                                              factory: Factory) -> None:
    path = tmp_path / "mcp.json"
    path.write_text('{"mcpServers": {"x": {"args": []}}}', encoding="utf-8")
    d = opened(qtbot, path, factory)
    assert d.notice.isVisible()
    assert d.notice.text() == (
        f'In {path}, the tool server x needs "command" (a program to run) or "url" (an '
        "address). The list starts empty; the file is left as it is unless you press OK.")
    assert rows(d) == {} and factory.hosts == []  # nothing to start
    assert d.detail_note.text().startswith("No tool servers yet")
    d.reject()
    assert path.read_text(encoding="utf-8") == '{"mcpServers": {"x": {"args": []}}}'
    # OK with nothing changed leaves it too, and the tools allowed "Always" with it
    d = opened(qtbot, path, factory, AppSettings(tools_always=["x/y"]))
    press_ok(d)
    assert path.read_text(encoding="utf-8") == '{"mcpServers": {"x": {"args": []}}}'
    assert AppSettings.load().tools_always == ["x/y"]


def test_a_failed_save_is_one_sentence_and_the_dialog_stays(
    qtbot: QtBot, tmp_path: Path, factory: Factory, posted: list[tuple[str, str]],
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    d = opened(qtbot, blocker / "mcp.json", factory)
    d.add_url.click()
    assert d.form is not None
    d.form.name.setText("local")
    d.form.url.setText("http://127.0.0.1:9000/mcp")
    d.form.ok.click()
    press_ok(d)
    assert d.isVisible() and d.result() == 0
    assert len(posted) == 1 and posted[0][0] == "error"
    assert posted[0][1].startswith("Orchard could not save the tool servers to ")
    d.reject()


def test_the_dialog_never_waits_for_a_server_and_drops_an_old_listing(
    qtbot: QtBot, path: Path, factory: Factory,
) -> None:
    factory.gate = threading.Event()
    d = opened(qtbot, path, factory, listed=False)
    assert rows(d)["files"][0] == "Starting…"  # shown at once, while the servers start
    item(d, "broken").setCheckState(0, Qt.CheckState.Unchecked)  # a new list meanwhile
    qtbot.waitUntil(lambda: len(factory.hosts) == 2)
    with qtbot.waitSignal(d.listed, timeout=5000):
        factory.gate.set()
    qtbot.waitUntil(lambda: factory.hosts[0].started.is_set() and factory.hosts[0].closed)
    assert rows(d)["broken"][0] == "Off"  # the newer listing's, not the first's
    assert d._listing is not None and d._listing.host is factory.hosts[1]


def test_app_settings_read_tool_settings_defensively(tmp_path: Path) -> None:
    from inference.paths import config_dir

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.json").write_text(json.dumps({
        "tools_enabled": 1, "tool_steps": 500, "tool_first": "always",
        "tool_timeout_s": "soon", "tools_always": ["files/read_file", 3, "nokey", "a/b"],
    }), encoding="utf-8")
    s = AppSettings.load()
    assert (s.tools_enabled, s.tool_steps, s.tool_first, s.tool_timeout_s, s.tools_always) == (
        True, 8, "auto", 60.0, ["files/read_file", "a/b"])
    s.tool_steps, s.tool_first, s.tool_timeout_s = 12, "required", 300.0
    assert s.save()
    again = AppSettings.load()
    assert (again.tool_steps, again.tool_first, again.tool_timeout_s) == (12, "required", 300.0)
    assert AppSettings().tools_always == [] and AppSettings().tools_enabled is False
