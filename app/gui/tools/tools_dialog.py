"""Settings ▸ Tools: the MCP servers the model may use, their tools, and how calls are made.

Above, for the whole app: whether chats offer tools at all, the most calls for one message,
whether the model must call a tool first, the time limit of a call, and forgetting the tools
allowed "Always". Below, the servers (a tick: the server is used) with their tools (a tick: the
model is offered it); a server shows its command line or address and how it started, a tool
the JSON the model is shown for it, exactly.

To list their tools the servers are started, off the GUI thread, every time the list changes
(added, removed, imported, turned on or off); the host before is closed off the GUI thread
too, and a listing that arrives after the list changed again is dropped. The dialog never
waits for a server. A remote server (an address that is not this machine) is only contacted
when the user typed its address here or ticked it: one that comes in with an import is added
turned off.

OK writes the servers to ``mcp.json`` (only when they changed: a hand-written file keeps its
own form) and the settings to settings.json; Cancel changes nothing.

Signals:
    listed(): the servers' tools were listed (or their problems found) and are shown.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.gui import notify as messages
from app.gui.bridge import run_in_background
from app.gui.settings import AppSettings
from app.gui.theme import colours_for
from app.gui.tools.server_form import COMMAND, URL, ServerForm, network_warning
from app.gui.tools.server_tree import ServerTree, server_key, tool_key
from inference.errors import OrchardError
from inference.settings_schema import SETTINGS
from inference.tools.config import ServerSpec, ToolConfigError, load_config, save_config
from inference.tools.host import Tool, ToolHost

#: A file larger than this is not tool settings (read whole, it could fill the memory).
IMPORT_LIMIT = 4 * 1024 * 1024
#: Servers ticked or unticked within this many milliseconds are started again together.
RESTART_DELAY_MS = 200


def _same_server(a: ServerSpec, b: ServerSpec) -> bool:
    """The same program or address, whatever is turned on or off."""
    return (replace(a, enabled=True, disabled_tools=frozenset())
            == replace(b, enabled=True, disabled_tools=frozenset()))


class _Listing:
    """One host started to list the servers' tools for the dialog. Started on one pool thread
    and closed on another, in either order: one closed first simply does not start."""

    def __init__(self, host: ToolHost) -> None:
        self.host = host
        self.retired = False  # set on the GUI thread: the dialog wants no more of it

    def start(self) -> dict[str, str] | None:
        if self.retired:
            return None
        try:
            return self.host.start()
        except RuntimeError:
            if self.retired:  # closed before it began: ToolHost refuses to start then
                return None
            raise


class ToolsDialog(QDialog):
    """Settings ▸ Tools for ``app_settings``, with the servers of the file at ``path``."""

    listed = Signal()

    def __init__(self, app_settings: AppSettings, path: Path, parent: QWidget | None = None,
                 host_factory: Callable[[list[ServerSpec]], ToolHost] = ToolHost) -> None:
        super().__init__(parent)
        self.app_settings = app_settings
        self.path = path
        self.host_factory = host_factory
        self.setWindowTitle(self.tr("Tools"))
        self.setAccessibleName(self.tr("Tool settings"))
        self.specs, load_problem = self._load()
        self._loaded = list(self.specs)
        self._unread = bool(load_problem)  # the file could not be read: the list is not its
        self._forget = False  # "Forget 'Always' choices" was pressed
        self._listing: _Listing | None = None
        self._waiting = False  # the listing under way has not come back yet
        self._generation = 0  # a change of the list outdates the listing under way
        self._tools: dict[str, list[Tool]] = {}
        self._problems: dict[str, str] = {}
        self.form: ServerForm | None = None  # the Add form while it is open
        # a server's tick starts the servers again a moment later: never inside the tree's
        # signal (ServerTree), and once for a few ticks in a row
        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.setInterval(RESTART_DELAY_MS)
        self._restart_timer.timeout.connect(self._restart)
        self._init_settings()
        self._init_servers()
        self._init_layout()
        self._connect_signals()
        if load_problem:
            self._say(load_problem, "error")
        self._restart()

    # --- construction --------------------------------------------------------------------
    def _load(self) -> tuple[list[ServerSpec], str]:
        """The servers in the file, or none and the sentence saying why it was not read."""
        try:
            return load_config(self.path, missing_ok=True), ""
        except ToolConfigError as exc:
            return [], self.tr("{problem} The list starts empty; the file is left as it is "
                               "unless you press OK.").format(problem=exc)

    def _init_settings(self) -> None:
        s = self.app_settings
        self.enabled = QCheckBox(self.tr("Offer tools to the model in chats"), self)
        self.enabled.setChecked(s.tools_enabled)
        steps = SETTINGS["tool_steps"]
        self.steps = QSpinBox(self)
        self.steps.setRange(int(steps.lo), int(steps.hi))
        self.steps.setValue(s.tool_steps)
        self.steps.setAccessibleName(self.tr("Most tool calls per message"))
        self.steps.setToolTip(self.tr("The model's later calls for the same message are not "
                                      "run, and its reply ends there."))
        self.first = QComboBox(self)
        self.first.addItem(self.tr("The model decides"), "auto")
        self.first.addItem(self.tr("The model must call a tool"), "required")
        self.first.setCurrentIndex(max(0, self.first.findData(s.tool_first)))
        self.first.setAccessibleName(self.tr("First step"))
        self.first.setToolTip(self.tr("Whether the model's first step for a message may be a "
                                      "plain reply, or must be a tool call."))
        timeout = SETTINGS["tool_timeout"]
        self.timeout = QSpinBox(self)
        self.timeout.setRange(int(timeout.lo), int(timeout.hi))
        self.timeout.setSingleStep(int(timeout.step))
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setValue(round(s.tool_timeout_s))
        self.timeout.setAccessibleName(self.tr("Stop a call after this many seconds"))
        self.timeout.setToolTip(self.tr("A call with no answer by then is stopped, and its "
                                        "server with it."))
        self.forget = QPushButton(self.tr("Forget 'Always' choices"), self)
        self.forget.setEnabled(bool(s.tools_always))
        n = len(s.tools_always)
        self.forget.setToolTip(
            self.tr("%n tool runs without asking; after this, every call is asked about "
                    "again.", "", n) if n == 1 else
            self.tr("%n tools run without asking; after this, every call is asked about "
                    "again.", "", n))

    def _init_servers(self) -> None:
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        self.tree = ServerTree(self)
        self.detail_title = QLabel(self)
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.detail_title.font()
        font.setBold(True)
        self.detail_title.setFont(font)
        self.detail_note = QLabel(self)
        self.detail_note.setWordWrap(True)
        self.detail_note.setTextFormat(Qt.TextFormat.PlainText)
        self.network = network_warning(self)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.detail.setAccessibleName(self.tr("Details of the server or tool"))
        self.add_command = QPushButton(self.tr("Add command…"), self)
        self.add_command.setToolTip(self.tr("A program on this Mac that Orchard starts, and "
                                            "talks to over its input and output"))
        self.add_url = QPushButton(self.tr("Add URL…"), self)
        self.add_url.setToolTip(self.tr("A server that is already running, at an http:// "
                                        "address"))
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.setToolTip(self.tr("Add the servers of another app's mcp.json "
                                              "(Claude Desktop, Cursor, LM Studio)"))
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.setAccessibleName(self.tr("Remove the server"))
        self.remove.setEnabled(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)

    def _init_layout(self) -> None:
        chats = QGroupBox(self.tr("In chats"), self)
        form = QFormLayout(chats)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.enabled)
        form.addRow(self.tr("Most tool calls per message"), self.steps)
        form.addRow(self.tr("First step"), self.first)
        form.addRow(self.tr("Stop a call after"), self.timeout)
        forget_row = QHBoxLayout()
        forget_row.addWidget(self.forget)
        forget_row.addStretch(1)
        form.addRow(forget_row)
        for box in (self.steps, self.timeout):
            box.setMinimumWidth(100)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_note)
        detail_layout.addWidget(self.network)
        detail_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        row = QHBoxLayout()
        for button in (self.add_command, self.add_url, self.import_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.remove)
        servers = QGroupBox(self.tr("Servers"), self)
        servers_layout = QVBoxLayout(servers)
        servers_layout.addWidget(self.notice)
        servers_layout.addWidget(splitter, 1)
        servers_layout.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(chats)
        layout.addWidget(servers, 1)
        layout.addWidget(self.buttons)
        self.resize(960, 680)
        splitter.setSizes([440, 520])

    def _connect_signals(self) -> None:
        self.forget.clicked.connect(self._forget_always)
        self.tree.ticked.connect(self._ticked)
        self.tree.current_changed.connect(self._show_detail)
        self.add_command.clicked.connect(lambda: self._add(COMMAND))
        self.add_url.clicked.connect(lambda: self._add(URL))
        self.import_button.clicked.connect(self._import)
        self.remove.clicked.connect(self._remove)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # --- the servers' tools, listed off the GUI thread -----------------------------------
    def _restart(self) -> None:
        """The list changed: stop the servers listed before and start those now listed."""
        self._restart_timer.stop()
        self._retire()
        self._generation += 1
        generation = self._generation
        self._tools, self._problems = {}, {}
        self._waiting = any(spec.enabled for spec in self.specs)
        if self._waiting:
            listing = self._listing = _Listing(self.host_factory(list(self.specs)))
            run_in_background(
                self, listing.start,
                lambda problems: self._listed(generation, listing, problems),
                lambda sentence: self._listed(generation, listing, None, sentence))
        self._fill_tree()

    def _retire(self) -> None:
        listing, self._listing = self._listing, None
        if listing is not None:
            listing.retired = True
            # close() waits for its servers to stop (bounded): never on the GUI thread
            run_in_background(self, listing.host.close, lambda _: None, lambda _: None)

    def _listed(self, generation: int, listing: _Listing, problems: dict[str, str] | None,
                failure: str = "") -> None:
        # (the bridge drops this call once the dialog is deleted)
        if generation != self._generation or listing.retired:
            return  # the list changed meanwhile: a newer listing is under way
        self._waiting = False
        if failure:
            self._problems = {spec.name: failure for spec in self.specs if spec.enabled}
        else:
            self._problems = dict(problems or {})
            tools: dict[str, list[Tool]] = {}
            for tool in listing.host.all_tools():
                tools.setdefault(tool.server, []).append(tool)
            self._tools = tools
        self._fill_tree()
        self.listed.emit()

    def done(self, result: int) -> None:
        self._restart_timer.stop()
        self._retire()  # OK or Cancel: the window starts its own servers
        self._generation += 1
        super().done(result)

    # --- the tree ------------------------------------------------------------------------
    def _spec(self, name: str) -> ServerSpec | None:
        return next((s for s in self.specs if s.name == name), None)

    def _status(self, spec: ServerSpec) -> str:
        if not spec.enabled:
            return self.tr("Off")
        if spec.name in self._problems:
            return self._problems[spec.name]
        if self._waiting:
            return self.tr("Starting…")
        n = len(self._tools.get(spec.name, []))
        return self.tr("%n tool", "", n) if n == 1 else self.tr("%n tools", "", n)

    def _fill_tree(self) -> None:
        statuses = {}
        for spec in self.specs:
            status = self._status(spec)
            statuses[spec.name] = (self.tr("{status} · on the network").format(status=status)
                                   if spec.remote else status)
        self.tree.fill(self.specs, self._tools, statuses)

    def select(self, server: str, tool: str = "") -> None:
        """Make the row of ``server`` (or of its ``tool``, by its name on the server) current."""
        self.tree.select(tool_key(server, tool) if tool else server_key(server))

    def _ticked(self, server: str, tool: str, on: bool) -> None:
        spec = self._spec(server)
        if spec is None:
            return
        if not tool:
            if on != spec.enabled:
                self._replace(replace(spec, enabled=on))
                # started or stopped: the names the model sees may change with it
                self._restart_timer.start()
            return
        off = spec.disabled_tools - {tool} if on else spec.disabled_tools | {tool}
        # the host names turned-off tools too, so this needs no restart
        self._replace(replace(spec, disabled_tools=frozenset(off)))

    def _replace(self, spec: ServerSpec) -> None:
        self.specs = [spec if s.name == spec.name else s for s in self.specs]

    def _show_detail(self) -> None:
        current = self.tree.current_key()
        self.remove.setEnabled(current is not None)
        spec = None if current is None else self._spec(current[1])
        self.detail_title.setVisible(spec is not None)
        if current is None or spec is None:
            self.detail_title.setText("")
            self.detail_note.setText(
                self.tr("Choose a server or a tool to see it here.") if self.specs else
                self.tr("No tool servers yet: add one by its command or its address, or "
                        "import another app's mcp.json."))
            self.network.hide()
            self.detail.setPlainText("")
            return
        self.network.setVisible(spec.remote)
        if current[0] == "server":
            self.detail_title.setText(spec.name)
            note = self._status(spec)
            if spec.cwd:
                note = self.tr("{status} Runs in {folder}.").format(status=note,
                                                                     folder=spec.cwd)
            self.detail_note.setText(note)
            self.detail.setPlainText(shlex.join([spec.command or "", *spec.args])
                                     if spec.transport == "stdio" else spec.url or "")
            return
        tool = next((t for t in self._tools.get(spec.name, [])
                     if t.remote_name == current[2]), None)
        if tool is None:
            return
        self.detail_title.setText(tool.name)
        self.detail_note.setText(self.tr("A tool of {server}. This is what the model is shown "
                                         "for it:").format(server=spec.name))
        self.detail.setPlainText(json.dumps(tool.function(), indent=2, ensure_ascii=False))

    # --- adding, importing, removing -----------------------------------------------------
    def _say(self, text: str, level: str = "info") -> None:
        """A sentence above the list (``level`` "error", "warning" or "info")."""
        colour, background = colours_for(self).banner(level)
        self.notice.setStyleSheet(f"color: {colour}; background: {background}; padding: 6px;"
                                  " border-radius: 4px;")
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _add(self, kind: str) -> None:
        form = ServerForm(kind, [s.name for s in self.specs], self)
        self.form = form

        def added() -> None:
            spec = form.spec()
            if spec is not None and self._spec(spec.name) is None:
                self.specs.append(spec)
                self._restart()
                self.select(spec.name)

        def closed() -> None:
            if self.form is form:
                self.form = None
            form.deleteLater()

        form.accepted.connect(added)
        form.finished.connect(closed)
        form.open()  # window-modal, and the dialog's own loop keeps turning

    def ask_import_path(self) -> Path | None:
        """The file to import, as the user chose it (tests answer for the user)."""
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import tool servers"), str(Path.home()),
            self.tr("MCP settings (*.json);;All files (*)"))
        return Path(name) if name else None

    def _import(self) -> None:
        path = self.ask_import_path()
        if path is None:
            return
        too_big = self.tr("The file {path} is too large to be tool settings.").format(path=path)

        def read() -> list[ServerSpec]:
            try:
                size = path.stat().st_size
            except OSError:
                size = 0  # load_config says what is wrong with it
            if size > IMPORT_LIMIT:
                raise ToolConfigError(too_big)
            return load_config(path)

        run_in_background(self, read, self._merge, lambda problem: self._say(problem, "error"))

    def _merge(self, imported: list[ServerSpec]) -> None:
        """Add the imported servers: a name in use is renamed (the same server twice is left
        out), and a remote one comes in turned off."""
        sentences: list[str] = []
        count = 0
        for spec in imported:
            existing = self._spec(spec.name)
            if existing is not None and _same_server(existing, spec):
                sentences.append(self.tr("{name} was in the list already.").format(
                    name=spec.name))
                continue
            if existing is not None:
                number = 2
                while self._spec(f"{spec.name} {number}") is not None:
                    number += 1
                new = f"{spec.name} {number}"
                sentences.append(self.tr("{name} was added as {new}, because that name was "
                                         "taken.").format(name=spec.name, new=new))
                spec = replace(spec, name=new)
            if spec.remote and spec.enabled:
                spec = replace(spec, enabled=False)
                sentences.append(self.tr("{name} is on the network, so it was added turned "
                                         "off: tick it to use it.").format(name=spec.name))
            self.specs.append(spec)
            count += 1
        head = (self.tr("%n server imported.", "", count) if count == 1 else
                self.tr("%n servers imported.", "", count))
        self._say(" ".join([head, *sentences]), "info")
        if count:
            self._restart()

    def _remove(self) -> None:
        current = self.tree.current_key()
        if current is None:
            return
        self.specs = [s for s in self.specs if s.name != current[1]]
        self._restart()

    def _forget_always(self) -> None:
        self._forget = True
        self.forget.setEnabled(False)
        self.forget.setToolTip(self.tr("Every call is asked about again (once you press OK)."))

    # --- OK ------------------------------------------------------------------------------
    def _always_kept(self) -> list[str]:
        """The "Always" choices still meant: none once forgotten, and none for a server that
        was removed or now runs something else (a new server under an old name must ask)."""
        if self._forget:
            return []
        if self._unread and self.specs == self._loaded:
            return list(self.app_settings.tools_always)  # nothing known to compare with
        before = {s.name: s for s in self._loaded}
        same = [s.name for s in self.specs
                if s.name in before and _same_server(before[s.name], s)]
        return [key for key in self.app_settings.tools_always
                if any(key.startswith(f"{name}/") for name in same)]

    def accept(self) -> None:
        if self.specs != self._loaded:
            try:
                save_config(self.path, self.specs)
            except OrchardError as exc:  # ToolConfigError, DiskFullError: one sentence each
                messages.error(str(exc))
                return
            except OSError as exc:
                messages.error(self.tr("Orchard could not save the tool servers to {path} "
                                       "({reason}); check that the folder can be written to.")
                               .format(path=self.path, reason=exc.strerror or exc))
                return
        s = self.app_settings
        s.tools_enabled = self.enabled.isChecked()
        s.tool_steps = self.steps.value()
        s.tool_first = str(self.first.currentData())
        s.tool_timeout_s = float(self.timeout.value())
        s.tools_always = self._always_kept()
        s.save()
        super().accept()
