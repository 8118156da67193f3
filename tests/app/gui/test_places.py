"""File dialogs start in the user's folders, never in the app's working folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.gui import places


def test_dialogs_start_in_documents_and_downloads(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a double-clicked app's working folder is never the answer
    assert places.documents("chat.md").endswith(os.sep + "chat.md")
    for folder in (places.documents(), places.downloads()):
        assert Path(folder).is_absolute() and Path(folder) != tmp_path


def test_a_folder_that_does_not_exist_gives_way_to_home(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QStandardPaths

    monkeypatch.setattr(QStandardPaths, "writableLocation",
                        staticmethod(lambda _kind: str(tmp_path / "Documents")))
    monkeypatch.setattr(Path, "home", staticmethod(lambda: tmp_path))
    assert places.documents() == str(tmp_path)  # no Documents folder here
    (tmp_path / "Documents").mkdir()
    assert places.documents("a.md") == str(tmp_path / "Documents" / "a.md")


def test_the_picker_opens_its_file_dialog_in_downloads(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from app.gui.models.picker import ModelPicker

    started: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (started.append(a[2]), ("", ""))[1]))
    picker = ModelPicker([], "starter", None)
    qtbot.addWidget(picker)
    picker._add_file()  # what "Add File…" runs
    assert started == [places.downloads()]
