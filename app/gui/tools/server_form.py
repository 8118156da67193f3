"""The small form that adds one tool server: by the command that starts it (stdio) or by its
address (streamable HTTP).

OK stays off until the server is complete, and a line under the fields says what is missing.
A command line is split as a shell would (``shlex``), so quoted paths with spaces work. An
address whose host is not this machine is allowed, because the user typed it, and the form
says before it is added that tool calls will send their arguments there.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Collection
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.theme import colours_for
from inference.tools.config import ServerSpec

COMMAND, URL = "command", "url"


def network_warning(parent: QWidget) -> QLabel:
    """The warning a server on the network carries, hidden until one is shown (the form and
    the tools dialog both show it)."""
    label = QLabel(QCoreApplication.translate(
        "ServerForm", "This server is on the network: tool calls send their arguments there."),
        parent)
    label.setWordWrap(True)
    colours = colours_for(parent)
    label.setStyleSheet(f"color: {colours.warning}; background: {colours.warning_bg};"
                        " padding: 6px; border-radius: 4px;")
    label.hide()
    return label


class ServerForm(QDialog):
    """Asks for a server's name and its command line (``kind`` COMMAND) or address (URL);
    ``taken`` are the names already in use. :meth:`spec` is the server as typed."""

    def __init__(self, kind: str, taken: Collection[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.taken = set(taken)
        self.setWindowTitle(self.tr("Add a tool server by its command") if kind == COMMAND
                            else self.tr("Add a tool server by its address"))
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self._check()
        self.resize(560, self.sizeHint().height())

    def _init_widgets(self) -> None:
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Server name"))
        self.name.setPlaceholderText(self.tr("files"))
        self.command = QLineEdit(self)
        self.command.setAccessibleName(self.tr("Command line"))
        self.command.setPlaceholderText(
            self.tr("npx -y @modelcontextprotocol/server-filesystem ~/Documents"))
        self.folder = QLineEdit(self)
        self.folder.setAccessibleName(self.tr("Working folder"))
        self.folder.setPlaceholderText(self.tr("optional"))
        self.choose_folder = QPushButton(self.tr("Choose…"), self)
        self.choose_folder.setAccessibleName(self.tr("Choose the working folder"))
        self.url = QLineEdit(self)
        self.url.setAccessibleName(self.tr("Address"))
        self.url.setPlaceholderText(self.tr("http://127.0.0.1:8931/mcp"))
        self.network = network_warning(self)
        colours = colours_for(self)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {colours.muted};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Add"))

    def _init_layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        if self.kind == COMMAND:
            form.addRow(self.tr("Command line"), self.command)
            folder_row = QHBoxLayout()
            folder_row.addWidget(self.folder, 1)
            folder_row.addWidget(self.choose_folder)
            form.addRow(self.tr("Working folder"), folder_row)
            self.url.hide()
        else:
            form.addRow(self.tr("Address"), self.url)
            for widget in (self.command, self.folder, self.choose_folder):
                widget.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.network)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        for field in (self.name, self.command, self.folder, self.url):
            field.textChanged.connect(self._check)
        self.choose_folder.clicked.connect(self._choose_folder)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Working folder"),
                                                  self.folder.text() or os.path.expanduser("~"))
        if folder:
            self.folder.setText(folder)

    def _check(self) -> None:
        spec, problem = self._read()
        self.ok.setEnabled(spec is not None)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.network.setVisible(self.kind == URL and spec is not None and spec.remote)

    def spec(self) -> ServerSpec | None:
        """The server as typed, or None while something is missing (the form says what)."""
        return self._read()[0]

    def _read(self) -> tuple[ServerSpec | None, str]:
        name = self.name.text().strip()
        if not name:
            return None, self.tr("Give the server a name.")
        if name in self.taken:
            return None, self.tr("There is a server called {name} already.").format(name=name)
        if self.kind == URL:
            return self._read_url(name)
        try:
            words = shlex.split(self.command.text())
        except ValueError:
            return None, self.tr("The command line has a quote that is not closed.")
        if not words:
            return None, self.tr("Type the command that starts the server.")
        folder = os.path.expanduser(self.folder.text().strip()) or None
        if folder is not None and not os.path.isdir(folder):
            return None, self.tr("There is no folder at {folder}.").format(folder=folder)
        return ServerSpec(name, command=words[0], args=tuple(words[1:]), cwd=folder), ""

    def _read_url(self, name: str) -> tuple[ServerSpec | None, str]:
        url = self.url.text().strip()
        try:
            parts = urlsplit(url)
            usable = (parts.scheme in ("http", "https") and bool(parts.hostname)
                      and (parts.port or 0) >= 0)  # .port raises for one that is not a number
        except ValueError:
            usable = False
        if not usable:
            return None, self.tr("Type the server's address, starting with http:// or "
                                 "https://.")
        # whether it is on the network is the library's test (ServerSpec.remote), so this
        # form, the list and the chat all say the same
        return ServerSpec(name, url=url), ""
