"""Images in the window: attached (button, drop, paste), shown as a thumbnail chip, refused
in one sentence for a text-only model, sent to a vision model, and shown as a thumbnail card
in the transcript that opens the image larger (pytest-qt, offscreen)."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QTextCursor
from pytestqt.qtbot import QtBot

from app.gui.chat import images
from app.gui.chat.attachments import FILE_ICON_URL
from app.gui.chat.images import ImageViewer
from app.gui.chat.transcript import ShownMessage, TranscriptView
from app.gui.chat.worker import InferenceWorker
from app.gui.settings import AppSettings
from app.gui.window import MainWindow
from inference.attachments import image_from_bytes, image_size
from inference.session import ChatSession
from inference.store import ConversationStore
from inference.types import Message
from tests.app.fake_engine import FakeModel, fake_worker

WAIT = 30_000  # ms: a safety net against hangs, never a timing assumption
NOT_AN_IMAGE = "{name} is not an image Orchard can read (PNG, JPEG, GIF, WebP, BMP or TIFF)."


def _open(qtbot: QtBot, worker: Any, settings: AppSettings
          ) -> tuple[MainWindow, InferenceWorker, ConversationStore]:
    store = ConversationStore()
    w = MainWindow(store, worker, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.model_info is not None, timeout=WAIT)
    return w, worker, store


def _close(w: MainWindow, worker: InferenceWorker, store: ConversationStore) -> None:
    w.controller.stop()
    worker.close()
    store.close()
    w.close()  # (pytest-qt deletes it at the test's end)
    gc.collect()  # widgets must be collected here, on the GUI thread


@pytest.fixture()
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    w, worker, store = _open(qtbot, fake_worker(FakeModel()), AppSettings())
    yield w
    _close(w, worker, store)


@pytest.fixture()
def photo(tmp_path: Path, image_bytes: Callable[..., bytes]) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(image_bytes(width=40, height=48))
    return path


def _attach(qtbot: QtBot, w: MainWindow, *paths: Path) -> None:
    bar = w.composer.attachments
    before = len(bar.items)
    bar.add_paths([str(p) for p in paths])
    qtbot.waitUntil(lambda: len(bar.items) == before + len(paths), timeout=WAIT)


def _said(w: MainWindow) -> str:
    return " ".join(w.message_bar.texts())


# --- attaching ---------------------------------------------------------------------------------
def test_an_attached_image_shows_a_thumbnail_chip(
    qtbot: QtBot, window: MainWindow, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def choose(parent: Any, title: str, folder: str, filters: str) -> tuple[list[str], str]:
        asked.append(filters)
        return [str(photo)], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    window.composer.attach.click()  # Attach… (Ctrl/Cmd+Shift+A): the dialog offers images
    assert "*.png" in asked[0] and "*.jpg" in asked[0] and "*.heic" in asked[0]
    bar = window.composer.attachments
    qtbot.waitUntil(lambda: len(bar.items) == 1, timeout=WAIT)
    a = bar.attachments()[0]
    assert a.is_image and a.name == "photo.png" and image_size(a) == (40, 48)
    chip = bar._chips[0]
    assert chip.isVisible()
    thumb = chip.icon.pixmap()
    assert not thumb.isNull()
    assert thumb.height() / thumb.devicePixelRatio() <= images.CHIP_HEIGHT
    assert chip.icon.accessibleName() == "Image: photo.png"
    assert chip.accessibleName() == "Attached image photo.png"
    assert chip.label.text() == "photo.png · 40 × 48"  # its size in pixels, no token count
    assert bar.tokens() == 0  # an image does not hold up the files' count
    chip.remove.click()
    assert bar.items == [] and not bar.isVisible()


def test_images_dropped_or_pasted_are_attached(
    qtbot: QtBot, window: MainWindow, photo: Path, image_bytes: Callable[..., bytes]
) -> None:
    bar = window.composer.attachments
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)  # dropped onto the window
    qtbot.waitUntil(lambda: len(bar.items) == 1, timeout=WAIT)
    assert bar.attachments()[0].is_image
    # a screenshot on the clipboard: picture data, no file
    picture = QImage.fromData(image_bytes(width=30, height=20, seed=3))
    clip = QMimeData()
    clip.setImageData(picture)
    edit = window.composer.edit
    assert edit.canInsertFromMimeData(clip)
    edit.insertFromMimeData(clip)
    qtbot.waitUntil(lambda: len(bar.items) == 2, timeout=WAIT)
    pasted = bar.attachments()[1]
    assert pasted.name == "Pasted image.png" and pasted.is_image
    assert image_size(pasted) == (30, 20) and pasted.data.startswith(b"\x89PNG")
    assert edit.toPlainText() == ""  # nothing pasted as text
    # plain text that comes with a picture (a spreadsheet's cells) is pasted as text
    both = QMimeData()
    both.setImageData(picture)
    both.setText("A1\tB1")
    edit.insertFromMimeData(both)
    assert edit.toPlainText() == "A1\tB1" and len(bar.items) == 2


def test_a_file_that_is_not_an_image_is_said_and_not_attached(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    fake = tmp_path / "x.png"
    fake.write_bytes(b"hello")
    window.composer.attachments.add_paths([str(fake)])
    said = NOT_AN_IMAGE.format(name="x.png")
    qtbot.waitUntil(lambda: said in window.message_bar.texts(), timeout=WAIT)
    assert window.composer.attachments.items == []


def test_an_image_pillow_cannot_read_is_read_by_qt(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, image_bytes: Callable[..., bytes]
) -> None:
    """HEIC: Pillow has no decoder, Qt has one on macOS. Here Qt reads a PNG named .heic
    (it looks at the content when no plugin claims the name); it is kept as a JPEG photo."""
    heic = tmp_path / "IMG_0001.heic"
    heic.write_bytes(image_bytes(width=64, height=32))
    _attach(qtbot, window, heic)
    a = window.composer.attachments.attachments()[0]
    assert a.name == "IMG_0001.heic" and a.is_image and a.data.startswith(b"\xff\xd8")
    assert image_size(a) == (64, 32) and a.size_bytes == heic.stat().st_size
    broken = tmp_path / "broken.heic"
    broken.write_bytes(b"not a picture at all")
    window.composer.attachments.add_paths([str(broken)])
    said = NOT_AN_IMAGE.format(name="broken.heic")
    qtbot.waitUntil(lambda: said in window.message_bar.texts(), timeout=WAIT)
    assert len(window.composer.attachments.items) == 1


# --- sending -----------------------------------------------------------------------------------
def test_a_text_only_model_refuses_images_and_nothing_is_lost(
    qtbot: QtBot, window: MainWindow, photo: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("the quince needs pruning\n")
    _attach(qtbot, window, photo, notes)
    composer = window.composer
    sentence = ("Fake model reads text only, so it cannot see images; choose a vision model, "
                "or remove the images.")
    assert composer.budget.isVisible() and composer.budget.text() == sentence
    assert not composer.send_cut.isVisible()  # cutting would not help
    composer.edit.setPlainText("What is in this picture?")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert window.controller.pending is None  # not sent
    assert sentence in window.message_bar.texts()
    assert composer.edit.toPlainText() == "What is in this picture?"  # nothing lost
    assert [a.name for a in composer.attachments.attachments()] == ["photo.png", "notes.txt"]
    assert window.store.list_conversations() == []
    # without the image it goes
    composer.attachments.remove(composer.attachments.items[0])
    assert not composer.budget.isVisible()
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.pending is None, timeout=WAIT)
    stored = window.store.messages(window.controller.conversation_id)
    assert [a.name for a in stored[0].attachments] == ["notes.txt"] and stored[1].complete


class _Recording(ChatSession):
    """The real session, noting the conversation it is brought up to."""

    seen: list[list[Message]] = []

    def follow(self, history: list[Message], *, dropped_turns: int = 0) -> None:
        _Recording.seen.append(list(history))
        super().follow(history, dropped_turns=dropped_turns)


def test_a_vision_model_is_sent_the_image_and_it_stays_with_the_conversation(
    qtbot: QtBot, tiny_vlm: Path, photo: Path
) -> None:
    settings = AppSettings(model=str(tiny_vlm))
    settings.defaults = dataclasses.replace(settings.defaults, max_tokens=6, temperature=0.0)
    _Recording.seen = []
    w, worker, store = _open(qtbot, InferenceWorker(make_session=_Recording), settings)
    try:
        assert w.controller.model_info.vision
        assert w.model_button.text().endswith(" · vision")  # the top bar says it sees
        _attach(qtbot, w, photo)
        attached = w.composer.attachments.attachments()[0]
        assert not w.composer.budget.isVisible()  # this model sees images
        w.composer.edit.setPlainText("What is in this picture?")
        qtbot.keyClick(w.composer.edit, Qt.Key.Key_Return)
        assert w.controller.pending is not None
        qtbot.waitUntil(lambda: w.controller.pending is None, timeout=120_000)
        cid = w.controller.conversation_id
        user, reply = w.store.messages(cid)
        assert reply.complete and reply.stats and reply.stats["generation_tokens"] > 0
        assert "failed" not in w.transcript.toPlainText()
        assert user.content == "What is in this picture?"
        assert [(a.name, a.kind) for a in user.attachments] == [("photo.png", "image")]
        assert user.attachments[0].data == attached.data  # the bytes, kept
        sent = _Recording.seen[-1][-1]
        assert sent.role == "user" and sent.images == (attached.data,)
        assert not w.composer.attachments.items  # sent: the chips are gone
        assert images.IMAGE_URL + f":{user.id}:0" in w.transcript._pictures
    finally:
        _close(w, worker, store)
    # after a restart the conversation opens with the image's card
    w, worker, store = _open(qtbot, fake_worker(FakeModel()), AppSettings.load())
    try:
        assert w.controller.conversation_id == cid
        name = f"{images.IMAGE_URL}:{user.id}:0"
        assert name in w.transcript._pictures and name in _image_names(w.transcript)
        assert "photo.png · 40 × 48" in w.transcript.toPlainText()
    finally:
        _close(w, worker, store)


# --- the transcript ----------------------------------------------------------------------------
def _image_names(view: TranscriptView) -> list[str]:
    found = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                found.append(fmt.toImageFormat().name())
            it += 1
        block = block.next()
    return found


def _position_of(view: TranscriptView, name: str) -> int:
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name() == name:
                return int(fragment.position())
            it += 1
        block = block.next()
    raise AssertionError(f"{name} is not in the transcript")


def test_an_image_card_shows_a_thumbnail_that_opens_the_image(
    qtbot: QtBot, image_bytes: Callable[..., bytes]
) -> None:
    wide = image_from_bytes(image_bytes(width=600, height=300, seed=1), "chart.png")
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.set_messages([ShownMessage(1, "user", "Explain this chart", attachments=(wide,)),
                       ShownMessage(2, "assistant", "It rises.")])
    name = f"{images.IMAGE_URL}:1:0"
    assert _image_names(view) == [name]  # no file icon: a thumbnail card
    thumb = view._pictures[name]
    assert thumb.width() / thumb.devicePixelRatio() == images.CARD_SIDE  # bounded
    assert "chart.png · 600 × 300" in view.toPlainText()
    fmt = view.document().find("chart.png").charFormat()
    assert fmt.anchorHref() == "image:1:0"
    # the thumbnail is a link: a click on it opens the image, larger
    cursor = QTextCursor(view.document())
    cursor.setPosition(_position_of(view, name))
    image_format = view.document().findBlock(cursor.position()).begin().fragment().charFormat()
    assert image_format.toImageFormat().width() == images.CARD_SIDE
    # no blank band under it: the picture's line is its own height, not the text's 135%
    block = view.document().findBlock(cursor.position())
    layout = view.document().documentLayout()
    caption = layout.blockBoundingRect(block.next())
    assert caption.top() - layout.blockBoundingRect(block).top() < 300 * 240 / 600 + 12
    assert image_format.toolTip() == "Image: chart.png"  # and its alt text
    assert 'alt="Image: chart.png"' in view.document().toHtml()
    rect = view.cursorRect(cursor)
    point = rect.topRight() + QPointF(images.CARD_SIDE / 2, rect.height() / 2).toPoint()
    assert view.anchorAt(point) == "image:1:0"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: isinstance(view.opened_attachment, ImageViewer), timeout=WAIT)
    dialog = view.opened_attachment
    assert isinstance(dialog, ImageViewer)
    assert dialog.picture.accessibleName() == "Image: chart.png"
    assert dialog.windowTitle() == "chart.png"
    qtbot.waitUntil(lambda: not dialog.picture.pixmap().isNull(), timeout=WAIT)
    shown = dialog.picture.pixmap()
    assert shown.width() / shown.devicePixelRatio() <= 600  # never larger than it is
    dialog.close()
    # drawn again (a palette change): the thumbnail is reused, not decoded again
    view.set_messages(view.messages())
    assert view._pictures[name].cacheKey() == thumb.cacheKey()
    # an image whose bytes are gone is shown as a file's card, not a broken picture
    empty = dataclasses.replace(wide, data=b"")
    view.set_messages([ShownMessage(3, "user", "", attachments=(empty,))])
    assert view._pictures == {} and _image_names(view) == [FILE_ICON_URL]
    assert "chart.png" in view.toPlainText()
