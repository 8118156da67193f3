"""Messages to the user: news fades, problems stay, states last as long as the state, several
at once, and none of them moves the conversation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from app.gui import notify
from app.gui.message_stack import MAX_ROWS, MessageStack


@pytest.fixture()
def stack(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MessageStack:
    monkeypatch.setattr(notify, "INFO_MS", 30)  # news fades on the event loop's timer
    host = QTextBrowser()
    qtbot.addWidget(host)
    host.resize(700, 400)
    host.show()
    return MessageStack(host)


def test_news_fades_but_a_problem_stays_until_dismissed(qtbot: QtBot, stack: MessageStack
                                                       ) -> None:
    notify.error("The conversation database is damaged; a copy was kept as chats.bad.")
    notify.info("The Local API is on at http://127.0.0.1:8000/v1.")
    assert len(stack.rows) == 2  # the news did not replace the problem
    qtbot.waitUntil(lambda: len(stack.rows) == 1)
    assert stack.texts() == ["The conversation database is damaged; a copy was kept as "
                             "chats.bad."]
    stack.rows[0].dismiss()
    assert stack.rows == [] and not stack.isVisible()


def test_a_state_lasts_until_it_ends(qtbot: QtBot, stack: MessageStack) -> None:
    notify.state("editing", "Editing: send to replace this message.")
    notify.info("Copied.")
    qtbot.waitUntil(lambda: "Copied." not in stack.texts())
    assert stack.texts() == ["Editing: send to replace this message."]
    notify.state("editing", "Editing another message.")  # the same state, updated
    assert stack.texts() == ["Editing another message."]
    notify.clear("editing")
    assert stack.texts() == []


def test_a_flood_of_news_never_pushes_out_a_problem(stack: MessageStack) -> None:
    notify.warning("The disk is almost full.")
    for n in range(MAX_ROWS + 3):
        notify.info(f"Saved {n}.")
    assert len(stack.rows) == MAX_ROWS
    assert "The disk is almost full." in stack.texts()


def test_messages_do_not_resize_the_transcript(qtbot: QtBot) -> None:
    from app.gui.settings import AppSettings
    from app.gui.window import MainWindow
    from inference.store import ConversationStore
    from tests.app.fake_engine import fake_worker

    worker = fake_worker()
    w = MainWindow(ConversationStore(), worker, AppSettings())
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.model_info is not None)
        before = w.transcript.geometry()
        notify.error("Something went wrong; try again.")
        notify.state("editing", "Editing.")
        assert w.message_bar.isVisible() and len(w.message_bar.rows) == 2
        assert w.transcript.geometry() == before
    finally:
        w.close()
        worker.close()


def test_a_banner_never_covers_the_conversation(qtbot: QtBot) -> None:
    from app.gui.chat.transcript import ShownMessage, TranscriptView

    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    stack = MessageStack(view)
    view.show()
    view.set_messages([ShownMessage(1, "user", "The first line of the conversation.")])
    top = view.viewport().geometry().top()
    notify.error("Something went wrong; try again.")
    notify.state("editing", "Editing.")
    assert stack.isVisible()
    # the text starts below the band: the first line is still there to read
    assert view.viewport().geometry().top() >= stack.geometry().bottom()
    assert view.cursorForPosition(view.viewport().rect().topLeft()).position() == 0
    for row in list(stack.rows):
        row.dismiss()
    qtbot.waitUntil(lambda: not stack.rows)
    assert not stack.isVisible() and view.viewport().geometry().top() == top
