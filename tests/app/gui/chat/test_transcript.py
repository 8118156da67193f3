"""The transcript follows a streaming reply as chat apps do, and lets the user read back."""

from __future__ import annotations

import pytest
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


def _point_in(view: TranscriptView, message_id: int):  # type: ignore[no-untyped-def]
    """A viewport point inside the body of message ``message_id`` (scrolled into view)."""
    from PySide6.QtCore import QPoint

    view.show_hit(message_id, "")
    start = view._anchor_position(f"m{message_id}")
    assert start is not None
    block = view.document().findBlock(start).next()  # the first line of the body
    rect = view.document().documentLayout().blockBoundingRect(block)
    return QPoint(int(rect.center().x()) - view.horizontalScrollBar().value(),
                  int(rect.center().y()) - view.verticalScrollBar().value())


def _move_to(view: TranscriptView, point) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point),
                        QPointF(view.viewport().mapToGlobal(point)), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def test_a_messages_actions_appear_as_buttons_while_the_pointer_is_over_it(
        qtbot: QtBot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    view = _long_view(qtbot)
    assert not view.hover.isVisible()  # nothing is hovered: no buttons over the text
    assert "Copy" not in view.toPlainText() and "Regenerate" not in view.toPlainText()
    _move_to(view, _point_in(view, 10))  # a user message
    assert view.hover.isVisible() and view.hover.message_id == 10
    assert view.hover.shown_actions() == ["copy", "edit", "delete"]
    for button in view.hover.buttons.values():
        assert button.toolTip() and button.accessibleName()
    # the bar sits over its own message, at the right of the text column
    assert view.viewport().rect().contains(view.hover.geometry())
    _move_to(view, _point_in(view, 11))  # a reply
    assert view.hover.message_id == 11
    assert view.hover.shown_actions() == ["copy", "regenerate", "continue", "delete"]
    with qtbot.waitSignal(view.action) as chosen:
        view.hover.buttons["regenerate"].click()
    assert chosen.args == ["regenerate", 11]
    _move_to(view, _point_in(view, 11))
    with qtbot.waitSignal(view.copied):
        view.hover.buttons["copy"].click()
    assert QApplication.clipboard().text() == view.messages()[11].content
    _move_to(view, _point_in(view, 11))
    QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))
    assert not view.hover.isVisible()


def test_a_streaming_reply_has_no_actions_until_it_ends(qtbot: QtBot) -> None:
    view = _long_view(qtbot)
    view.begin_reply(ShownMessage(99, "assistant", "", complete=False))
    _stream(view, 30)
    _move_to(view, _point_in(view, 99))
    assert not view.hover.isVisible()
    view.end_reply("done", "stats")
    _move_to(view, _point_in(view, 99))
    assert view.hover.isVisible() and view.hover.message_id == 99


def test_the_context_menu_offers_the_messages_actions(qtbot: QtBot) -> None:
    view = _long_view(qtbot)
    menu = view.context_menu(_point_in(view, 10))
    texts = [a.text() for a in menu.actions()]
    assert any("Edit" in t for t in texts) and any("Delete Message" in t for t in texts)
    assert not any("Regenerate" in t for t in texts)
    with qtbot.waitSignal(view.action) as chosen:
        next(a for a in menu.actions() if "Edit" in a.text()).trigger()
    assert chosen.args == ["edit", 10]
    # from the keyboard (menu key): the message at the text cursor
    view.show_hit(11, "Message")
    keyboard = view.context_menu(view.cursorRect().center(), by_mouse=False)
    assert any("Regenerate" in a.text() for a in keyboard.actions())


def test_a_message_added_at_the_end_sits_as_it_will_when_reopened(qtbot: QtBot) -> None:
    """The messages of this session are spaced as the same conversation reopened."""
    messages = [ShownMessage(1, "user", "First question"),
                ShownMessage(2, "assistant", "First answer."),
                ShownMessage(3, "user", "Second question")]
    whole, grown = TranscriptView(), TranscriptView()
    for view in (whole, grown):
        qtbot.addWidget(view)
        view.resize(600, 400)
        view.show()
    whole.set_messages([*messages, ShownMessage(4, "assistant", "Second answer.")])
    grown.set_messages(messages[:2])
    grown.append_message(messages[2])
    grown.begin_reply(ShownMessage(4, "assistant", "", complete=False))
    grown.append_text("Second answer.")
    grown.end_reply("Second answer.")

    def tops(view: TranscriptView) -> list[float]:
        layout = view.document().documentLayout()
        return [layout.blockBoundingRect(view.document().findBlock(view._anchor_position(
            f"m{i}") or 0)).top() for i in (1, 2, 3, 4)]

    assert tops(grown) == pytest.approx(tops(whole), abs=2)
