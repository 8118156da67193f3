"""The transcript follows a streaming reply as chat apps do, and lets the user read back."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSlider
from pytestqt.qtbot import QtBot

from app.gui.chat.transcript import ShownMessage, TranscriptView


def _long_view(qtbot: QtBot) -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    history = [ShownMessage(i, "user" if i % 2 == 0 else "assistant",
                            f"Message {i}: " + "apples and pears " * 12) for i in range(30)]
    view.set_messages(history)
    return view


def _stream(view: TranscriptView, pieces: int) -> None:
    for n in range(pieces):
        view.append_text(f"word{n} " + ("\n\n" if n % 7 == 6 else ""))


def test_a_reply_in_a_long_chat_streams_into_view(qtbot: QtBot) -> None:
    view = _long_view(qtbot)
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    view.begin_reply(ShownMessage(99, "assistant", "", complete=False))
    assert bar.value() == bar.maximum()  # the header below the fold is brought into view
    _stream(view, 200)
    assert bar.value() == bar.maximum()  # and every new line with it
    view.end_reply("done", "stats")
    assert bar.value() == bar.maximum()
    assert not view.jump.isVisible()


def test_scrolling_up_stops_following_and_jump_to_latest_resumes(qtbot: QtBot) -> None:
    view = _long_view(qtbot)
    bar = view.verticalScrollBar()
    view.begin_reply(ShownMessage(99, "assistant", "", complete=False))
    _stream(view, 50)
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)  # the user reads back
    reading = bar.value()
    assert reading < bar.maximum() and not view.following
    _stream(view, 100)
    assert bar.value() == reading  # what the user reads stays put while the reply grows
    assert view.jump.isVisible() and view.jump.accessibleName()
    view.jump.click()
    assert view.following and bar.value() == bar.maximum()
    assert not view.jump.isVisible()
    _stream(view, 50)
    assert bar.value() == bar.maximum()


def test_scrolling_back_to_the_bottom_follows_again(qtbot: QtBot) -> None:
    view = _long_view(qtbot)
    bar = view.verticalScrollBar()
    view.begin_reply(ShownMessage(99, "assistant", "", complete=False))
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)
    assert not view.following
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)
    assert view.following
    _stream(view, 80)
    assert bar.value() == bar.maximum()


def test_a_wide_window_keeps_a_readable_column(qtbot: QtBot) -> None:
    from app.gui.chat.transcript import READABLE_WIDTH, SIDE_MARGIN

    view = _long_view(qtbot)
    view.resize(2000, 600)
    qtbot.waitUntil(lambda: view.viewport().width() > 1800)
    fmt = view.document().rootFrame().frameFormat()
    text_width = view.viewport().width() - fmt.leftMargin() - fmt.rightMargin()
    assert abs(text_width - READABLE_WIDTH) <= 2 and fmt.leftMargin() == fmt.rightMargin()
    view.resize(700, 600)
    qtbot.waitUntil(lambda: view.viewport().width() < 700)
    assert view.document().rootFrame().frameFormat().leftMargin() == SIDE_MARGIN


def test_a_paragraph_before_a_list_stays_a_paragraph_while_streaming(qtbot: QtBot) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.show()
    view.begin_reply(ShownMessage(1, "assistant", "", complete=False))
    text = ("There are three apple varieties, and they are:\n\n1. Golden Delicious\n"
            "2. Granny Smith\n3. Gala\n\nAll three keep well.\n\nMore to come")
    for ch in text:
        view.append_text(ch)
    doc = view.document()
    block = doc.begin()
    listed: dict[str, bool] = {}
    while block.isValid():
        if block.text().strip():
            listed[block.text().strip()] = block.textList() is not None
        block = block.next()
    assert listed["There are three apple varieties, and they are:"] is False
    assert listed["Golden Delicious"] is True and listed["Gala"] is True
    assert listed["All three keep well."] is False
