"""The question before a tool call: what it shows, and that every way out answers once."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.gui.tools.consent import Consent, ConsentDialog
from inference.tools.host import Tool

ARGUMENTS = {"path": "notes/äpfel.txt", "lines": [1, 2], "options": {"follow": True}}


def tool(*, remote: bool = False) -> Tool:
    return Tool(server="files", name="read_file", remote_name="read_file",
                description="Read a text file inside the server's folder.",
                input_schema={"type": "object", "properties": {"path": {"type": "string"}}},
                remote=remote)


def opened(qtbot: QtBot, *, remote: bool = False) -> tuple[ConsentDialog, list[Consent]]:
    dialog = ConsentDialog(tool(remote=remote), ARGUMENTS)
    qtbot.addWidget(dialog)
    answers: list[Consent] = []
    dialog.decided.connect(answers.append)
    dialog.open()  # as the window does: never exec()
    qtbot.waitExposed(dialog)
    return dialog, answers


@pytest.mark.parametrize(("button", "consent"), [
    ("allow", Consent.ONCE), ("always", Consent.ALWAYS), ("deny", Consent.DENY)])
def test_each_button_gives_its_answer_once(qtbot: QtBot, button: str, consent: Consent) -> None:
    dialog, answers = opened(qtbot)
    with qtbot.waitSignal(dialog.decided, timeout=2000):
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert answers == [consent]
    assert not dialog.isVisible()
    dialog.reject()  # the round's Stop, or a second way out: nothing more is said
    dialog.close()
    assert answers == [consent]


def test_closing_the_window_or_escape_denies(qtbot: QtBot) -> None:
    dialog, answers = opened(qtbot)
    dialog.close()
    assert answers == [Consent.DENY]
    dialog, answers = opened(qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers == [Consent.DENY]
    dialog, answers = opened(qtbot)
    dialog.reject()  # what the chat's Stop does while the question is open
    assert answers == [Consent.DENY]


def test_it_shows_the_tool_its_server_its_description_and_the_arguments(qtbot: QtBot) -> None:
    dialog, _ = opened(qtbot)
    assert dialog.windowTitle() == "Allow a tool call?"
    assert "read_file" in dialog.heading.text() and "files" in dialog.heading.text()
    assert dialog.description.text() == "Read a text file inside the server's folder."
    shown = dialog.arguments.toPlainText()
    assert json.loads(shown) == ARGUMENTS
    assert "äpfel" in shown and '\n  "lines"' in shown  # as written, and indented
    assert dialog.arguments.isReadOnly()
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    assert dialog.arguments.font().family() == fixed.family()
    dialog.reject()


def test_deny_is_the_default_and_every_button_has_a_name(qtbot: QtBot) -> None:
    dialog, answers = opened(qtbot)
    buttons = dialog.findChildren(QPushButton)
    assert {b.text() for b in buttons} == {"Allow once", "Always for this tool", "Deny"}
    assert all(b.accessibleName() for b in buttons)
    assert dialog.deny.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert answers == [Consent.DENY]


@pytest.mark.parametrize("remote", [False, True])
def test_the_network_warning_is_shown_only_for_a_remote_server(qtbot: QtBot,
                                                               remote: bool) -> None:
    dialog, _ = opened(qtbot, remote=remote)
    assert dialog.network.isVisible() is remote
    assert dialog.network.text() == ("This tool's server is on the network: what it is sent "
                                     "leaves this Mac.")
    dialog.reject()
