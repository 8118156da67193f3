"""Vision models marked "vision" where models are chosen: the picker's rows (from the model's
own headers) and the download dialog's results (from the Hub's metadata, or an MLX repo's
config.json once listed); a GGUF repo with an mmproj file says it runs for text only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.gui.models.badges import BADGES_ROLE, BadgeDelegate, badges
from app.gui.models.download_manager import DownloadManager
from app.gui.models.hub_dialog import HubDialog
from app.gui.models.picker import ModelPicker
from tests.fixtures.fake_hub import (
    GGUF_REPO,
    MLX_REPO,
    VLM_GGUF_REPO,
    VLM_REPO,
    FakeHub,
    populate_vision,
)


def test_the_picker_tags_a_vision_model_and_not_a_text_model(
    qtbot: QtBot, tiny_vlm: Path, tiny_mlx_model: Callable[..., Path]
) -> None:
    text = str(tiny_mlx_model("qwen2"))
    picker = ModelPicker([str(tiny_vlm), text], current=str(tiny_vlm))
    qtbot.addWidget(picker)
    picker.show()
    rows = {row.spec: r for r, row in enumerate(picker.rows)}
    qtbot.waitUntil(lambda: all(picker.rows[rows[s]].info is not None
                                for s in (str(tiny_vlm), text)))
    vision = picker.table.item(rows[str(tiny_vlm)], 0)
    assert vision.text() == tiny_vlm.name  # the name stays the name; the tag is drawn after it
    assert badges(vision) == ["vision"]
    assert "attach images" in vision.toolTip()
    assert "attach images" in vision.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert vision.data(Qt.ItemDataRole.AccessibleTextRole) == f"{tiny_vlm.name} (vision)"
    plain = picker.table.item(rows[text], 0)
    assert badges(plain) == [] and plain.data(Qt.ItemDataRole.AccessibleDescriptionRole) is None
    # the tag takes room of its own, and paints (selected and not) without an error
    delegate = picker.table.itemDelegateForColumn(0)
    assert isinstance(delegate, BadgeDelegate)
    option = QStyleOptionViewItem()
    option.font = picker.table.font()
    index = picker.table.model().index(rows[str(tiny_vlm)], 0)
    width = delegate.sizeHint(option, index).width()
    picker.table.model().setData(index, None, BADGES_ROLE)
    assert delegate.sizeHint(option, index).width() < width
    picker.table.model().setData(index, ["vision"], BADGES_ROLE)
    assert not picker.table.viewport().grab().isNull()
    picker.table.selectRow(rows[text])
    assert not picker.table.viewport().grab().isNull()


@pytest.fixture()
def dialog(qtbot: QtBot, hub: FakeHub, tiny_vlm: Path, tiny_gguf: Any) -> Iterator[HubDialog]:
    populate_vision(hub, tiny_vlm, tiny_gguf)
    manager = DownloadManager()
    d = HubDialog(manager, 4096)
    qtbot.addWidget(d)
    d.show()
    yield d
    manager.shutdown()


def _row(d: HubDialog, repo: str) -> int:
    return next(i for i, r in enumerate(d.results) if r.repo == repo)


def _open(qtbot: QtBot, d: HubDialog, repo: str) -> None:
    d.result_table.selectRow(_row(d, repo))
    qtbot.waitUntil(lambda: d.ladder is not None and d.ladder.repo == repo
                    and d.ladder_table.rowCount() == len(d.ladder.options))


def test_the_hub_dialog_tags_vision_repos_and_explains_an_mmproj(
    qtbot: QtBot, dialog: HubDialog
) -> None:
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # everything the Hub has
    qtbot.waitUntil(lambda: dialog.search_button.isEnabled() and len(dialog.results) == 5)

    def item(repo: str) -> Any:
        return dialog.result_table.item(_row(dialog, repo), 0)

    # the Hub calls the GGUF one image-text-to-text: tagged at once, text only here
    assert badges(item(VLM_GGUF_REPO)) == ["vision"]
    assert "text only" in item(VLM_GGUF_REPO).toolTip()
    assert all(badges(item(r)) == [] for r in (VLM_REPO, GGUF_REPO, MLX_REPO))
    assert not dialog.result_table.viewport().grab().isNull()

    # the MLX one's metadata says nothing; its config.json does, once its files are listed
    _open(qtbot, dialog, VLM_REPO)
    assert badges(item(VLM_REPO)) == ["vision"]
    assert "attach images" in item(VLM_REPO).toolTip()
    assert dialog.vision_note.isHidden()

    # the GGUF one's mmproj file is no rung, and one sentence says why
    _open(qtbot, dialog, VLM_GGUF_REPO)
    assert [o.files for o in dialog.ladder.options] == [["small-vl-Q8_0.gguf"]]
    assert dialog.vision_note.isVisible()
    note = dialog.vision_note.text()
    assert "text only" in note and "mmproj-small-vl-f16.gguf" in note and "MLX" in note

    # a text model's repo: no tag, no note
    _open(qtbot, dialog, GGUF_REPO)
    assert dialog.vision_note.isHidden() and badges(item(GGUF_REPO)) == []
