"""The desktop window with a fake engine on the real worker thread (pytest-qt, offscreen)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.gui.settings import AppSettings
from app.gui.window import MainWindow
from inference.errors import OrchardError
from inference.store import ConversationStore
from tests.app.fake_engine import FakeModel, fake_worker


@pytest.fixture()
def model() -> FakeModel:
    return FakeModel()


@pytest.fixture()
def window(qtbot: QtBot, model: FakeModel) -> Iterator[MainWindow]:
    worker = fake_worker(model)
    store = ConversationStore()
    w = MainWindow(store, worker, AppSettings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.model_info is not None)
    yield w
    w.controller.stop()
    worker.close()
    store.close()
    w.close()
    w.deleteLater()
    import gc

    gc.collect()  # widgets must be collected here, on the GUI thread


# Waits watch the window (GUI thread), never the worker's own signals: pytest-qt's wait
# machinery must not be driven from the worker thread.


def _idle(qtbot: QtBot, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: w.controller.pending is None, timeout=10_000)


def _streaming(qtbot: QtBot, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: w.controller.pending is not None and bool(w.controller.pending.text),
                    timeout=10_000)


def _last_stats(w: MainWindow) -> dict:
    stats = w.store.messages(w.controller.conversation_id)[-1].stats
    assert stats is not None
    return stats


def _send(qtbot: QtBot, w: MainWindow, text: str) -> None:
    w.composer.edit.setPlainText(text)
    qtbot.keyClick(w.composer.edit, Qt.Key.Key_Return)
    assert w.controller.pending is not None
    _idle(qtbot, w)


def _transcript(w: MainWindow) -> str:
    return w.transcript.toPlainText()


def test_first_run_selects_the_starter_and_says_everything_stays_here(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.app_settings.model == "starter"
    assert "stays here" in _transcript(window)
    assert "Fake model" in window.model_button.text()


def test_enter_sends_and_the_reply_streams_into_a_saved_conversation(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    model.script.reply = "Paris is the **capital** of France."
    _send(qtbot, window, "What is the capital of France?")
    text = _transcript(window)
    assert "What is the capital of France?" in text and "Paris is the capital" in text
    assert window.composer.edit.toPlainText() == ""
    assert window.composer.button.text() == "Send"
    convs = window.store.list_conversations()
    assert len(convs) == 1 and convs[0].title == "What is the capital of France?"
    stored = window.store.messages(convs[0].id)
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[1].content == "Paris is the **capital** of France." and stored[1].complete
    assert stored[1].stats and stored[1].stats["generation_tokens"] > 0
    assert window.sidebar.list.count() == 1


def test_shift_enter_adds_a_line_and_ime_composition_never_sends(
    qtbot: QtBot, window: MainWindow
) -> None:
    edit = window.composer.edit
    sent: list[str] = []
    window.composer.submitted.connect(sent.append)
    edit.setFocus()
    qtbot.keyClicks(edit, "line one")
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert edit.toPlainText() == "line one\n" and not sent
    # a Japanese IME is composing: Enter confirms the conversion, it must not send
    QApplication.sendEvent(edit, QInputMethodEvent("にほんご", []))
    assert edit.is_composing()
    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                           Qt.KeyboardModifier.NoModifier))
    assert not sent
    commit = QInputMethodEvent()
    commit.setCommitString("日本語")
    QApplication.sendEvent(edit, commit)
    assert not edit.is_composing()
    window.controller.model_info = None  # keep the message local: only the key matters here
    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                           Qt.KeyboardModifier.NoModifier))
    assert sent == ["line one\n日本語"]


def test_stop_ends_the_reply_as_stopped_and_keeps_it(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    model.script.endless = True
    window.composer.edit.setPlainText("write forever")
    window.composer._send()
    _streaming(qtbot, window)
    assert window.composer.button.text() == "Stop"
    qtbot.mouseClick(window.composer.button, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert _last_stats(window)["finish_reason"] == "stopped"
    assert window.composer.button.text() == "Send"
    stored = window.store.messages(window.controller.conversation_id)
    assert stored[-1].role == "assistant" and stored[-1].content.startswith("Hello")
    assert stored[-1].complete


def test_escape_stops_too(qtbot: QtBot, window: MainWindow, model: FakeModel) -> None:
    model.script.endless = True
    window.composer.edit.setPlainText("go")
    window.composer._send()
    _streaming(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    _idle(qtbot, window)
    assert _last_stats(window)["finish_reason"] == "stopped"


def test_token_updates_are_coalesced(qtbot: QtBot, window: MainWindow, model: FakeModel) -> None:
    model.script.reply = "word " * 2000
    model.script.pieces = 2000
    updates: list[str] = []
    original = window.transcript.append_text
    window.transcript.append_text = lambda piece: (updates.append(piece), original(piece))
    import time

    start = time.monotonic()
    _send(qtbot, window, "long please")
    elapsed = time.monotonic() - start
    assert "".join(updates) == "word " * 2000
    assert len(updates) <= 30 * elapsed + 2  # never more than 30 updates a second


def test_a_failing_reply_is_reported_and_the_window_recovers(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    model.script.fail = "The conversation is too long for this model's context."
    window.composer.edit.setPlainText("hi")
    window.composer._send()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: window.composer.button.text() == "Send")
    qtbot.waitUntil(lambda: "too long" in " ".join(window.message_bar.texts()))
    assert window.message_bar.isVisible()
    model.script.fail = None
    model.script.crash = True
    window.composer.edit.setPlainText("again")
    window.composer._send()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: "RuntimeError" in " ".join(window.message_bar.texts()))
    qtbot.waitUntil(lambda: window.composer.button.text() == "Send")


def test_load_failure_is_one_sentence(qtbot: QtBot) -> None:
    worker = fake_worker(load_error="bad.gguf is not a valid GGUF file.")
    store = ConversationStore()
    w = MainWindow(store, worker, AppSettings(model="bad.gguf"))
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: "not a valid GGUF" in " ".join(w.message_bar.texts()))
    assert w.controller.model_info is None
    assert w.model_button.text() == "Choose a model…" and not w.loading_bar.isVisible()
    worker.close()
    store.close()


def _header_of(w: MainWindow, content: str) -> str:
    """The title line above the message that starts with ``content``, as the user reads it."""
    lines = _transcript(w).splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith(content))
    return next(line for line in reversed(lines[:i]) if line.strip())


def _regenerate(qtbot: QtBot, w: MainWindow, model: FakeModel, reply: str) -> None:
    """Regenerate the last reply, the fake model now answering ``reply``."""
    model.script.reply = reply
    w.transcript.action.emit("regenerate", w.store.messages(w.controller.conversation_id)[-1].id)
    _idle(qtbot, w)


def test_regenerate_keeps_the_first_reply_a_version_away(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    _send(qtbot, window, "hello")
    cid = window.controller.conversation_id
    first = window.store.messages(cid)[-1]
    _regenerate(qtbot, window, model, "A second answer.")
    assert [m.content for m in window.store.messages(cid)] == ["hello", "A second answer."]
    assert "A second answer." in _transcript(window)
    assert "Hello from the fake model." not in _transcript(window)
    assert model.script.sent[-1] == [("user", "hello")]  # written afresh, not after the first
    assert "2/2" in _header_of(window, "A second answer.")
    # ‹ : the first reply is back, on screen and in the store; › : the second again
    second = window.store.messages(cid)[-1]
    window.transcript.action.emit("version", first.id)
    assert "Hello from the fake model." in _transcript(window)
    assert "A second answer." not in _transcript(window)
    assert "1/2" in _header_of(window, "Hello from the fake model.")
    assert window.store.messages(cid)[-1].id == first.id
    window.transcript.action.emit("version", second.id)
    assert "A second answer." in _transcript(window)


def test_the_version_shown_is_the_one_the_model_remembers(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    _send(qtbot, window, "first")
    _send(qtbot, window, "second")
    cid = window.controller.conversation_id
    first_id = window.store.messages(cid)[0].id
    window.transcript.action.emit("edit", first_id)
    assert window.composer.edit.toPlainText() == "first"
    _send(qtbot, window, "first, edited")
    stored = window.store.messages(cid)
    assert [m.content for m in stored if m.role == "user"] == ["first, edited"]
    assert model.script.sent[-1] == [("user", "first, edited")]
    assert "2/2" in _header_of(window, "first, edited")
    # back to the first version: the conversation that followed it comes back whole, and
    # the next message is answered from it
    window.transcript.action.emit("version", first_id)
    assert [m.content for m in window.store.messages(cid) if m.role == "user"] == [
        "first", "second"]
    assert "second" in _transcript(window) and "first, edited" not in _transcript(window)
    _send(qtbot, window, "third")
    assert [t for r, t in model.script.sent[-1] if r == "user"] == ["first", "second", "third"]
    # the edit and its reply are still there, a version away
    assert len(window.store.tree(cid)) == 8


def test_the_title_follows_an_edited_first_message_unless_renamed(
    qtbot: QtBot, window: MainWindow
) -> None:
    _send(qtbot, window, "aples in winter?")
    cid = window.controller.conversation_id
    first = window.store.messages(cid)[0]
    window.transcript.action.emit("edit", first.id)
    _send(qtbot, window, "apples in winter?")
    assert window.store.conversation(cid).title == "apples in winter?"
    assert window.sidebar.list.item(0).text().splitlines()[0] == "apples in winter?"
    window.transcript.action.emit("version", first.id)  # the title shows what is shown
    assert window.store.conversation(cid).title == "aples in winter?"
    window._rename(cid, "Storing apples")  # the user's own title stays
    window.transcript.action.emit("edit", first.id)
    _send(qtbot, window, "apples in spring?")
    assert window.store.conversation(cid).title == "Storing apples"


def test_a_new_chat_starts_with_the_preset_chosen(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    from app.gui.settings import ChatSettings

    assert not window.preset_row.isVisible()  # nothing to choose until a preset is saved
    window.app_settings.presets = {"Translator": ChatSettings(
        system_prompt="Translate into French.", temperature=0.1)}
    window.new_chat()
    assert window.preset_row.isVisible()
    box = window.preset_box
    assert [box.itemText(i) for i in range(box.count())] == ["the default settings",
                                                             "Translator"]
    box.setCurrentIndex(1)
    box.activated.emit(1)
    _send(qtbot, window, "Good morning")
    cid = window.controller.conversation_id
    assert window.store.conversation(cid).settings["system_prompt"] == "Translate into French."
    assert model.script.systems[-1] == "Translate into French."
    assert not window.preset_row.isVisible()  # chosen once, when the chat starts
    # the conversation keeps its settings; the next new chat offers the choice again
    window.new_chat()
    assert window.preset_row.isVisible() and box.currentText() == "Translator"
    box.setCurrentIndex(0)
    box.activated.emit(0)
    _send(qtbot, window, "Hello")
    assert model.script.systems[-1] in (None, "")
    window.controller.open_conversation(cid)
    _send(qtbot, window, "Good night")
    assert model.script.systems[-1] == "Translate into French."


def test_the_speed_shows_while_a_reply_is_written(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    import re

    model.script.endless = True
    window.composer.edit.setPlainText("go on and on")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.live_label.isVisible(), timeout=10_000)
    shown = window.live_label.text()
    assert re.fullmatch(r"\d+ tokens · \d+\.\d tokens/s", shown), shown
    assert int(shown.split()[0]) > 1
    window.controller.stop()
    _idle(qtbot, window)
    assert not window.live_label.isVisible()  # the reply's stats line has it now


def test_a_language_chosen_in_settings_is_kept_for_the_next_launch(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.gui.window as window_module
    from app.gui.settings_dialog import SettingsDialog

    class Answering(SettingsDialog):
        def exec(self) -> int:  # type: ignore[override]
            self.language.setCurrentIndex(self.language.findData("ja"))
            return 1

    monkeypatch.setattr(window_module, "SettingsDialog", Answering)
    window.open_settings()
    assert AppSettings.load().language == "ja"
    assert "next time Orchard opens" in " ".join(window.message_bar.texts())


def test_the_version_arrows_are_links_and_in_the_context_menu(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    _send(qtbot, window, "hello")
    cid = window.controller.conversation_id
    first = window.store.messages(cid)[-1]
    _regenerate(qtbot, window, model, model.script.reply)
    second = window.store.messages(cid)[-1]
    html = window.transcript.toHtml()
    assert f'href="version:{first.id}"' in html and "version:" + str(second.id) not in html
    asked: list[tuple[str, int]] = []
    window.transcript.action.connect(lambda n, i: asked.append((n, i)))
    window.transcript._on_anchor(QUrl(f"version:{first.id}"))  # the ‹ link, clicked
    assert asked == [("version", first.id)]
    # the keyboard's way: the context menu at the reply (Previous Version enabled there)
    view = window.transcript
    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(view.toPlainText().index("Hello from the fake model."))
    view.setTextCursor(cursor)
    menu = view.context_menu(view.cursorRect().center(), by_mouse=False)
    items = {a.text(): a for a in menu.actions()}
    assert not items["Previous Version"].isEnabled() and items["Next Version"].isEnabled()
    items["Next Version"].trigger()
    assert asked[-1] == ("version", second.id)
    menu.deleteLater()


def test_continue_appends_to_the_last_reply(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    _send(qtbot, window, "tell me")
    model.script.reply = " And more."
    reply_id = window.store.messages(window.controller.conversation_id)[-1].id
    window.transcript.action.emit("continue", reply_id)
    _idle(qtbot, window)
    stored = window.store.messages(window.controller.conversation_id)
    assert stored[-1].content == "Hello from the fake model. And more."
    # the stats count the whole reply, not only what Continue added (one token a character)
    assert _last_stats(window)["generation_tokens"] == len("Hello from the fake model. And more.")


def test_delete_a_message_asks_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.gui.chat.controller import ChatController

    _send(qtbot, window, "hello")
    reply_id = window.store.messages(window.controller.conversation_id)[-1].id
    answers: list[str] = []

    def answer(box: Any) -> Any:  # the user reads the question and presses a button
        answers.append(box.text())
        wanted = "Delete" if len(answers) > 1 else "Cancel"
        return next(b for b in box.buttons() if b.text().replace("&", "") == wanted)

    monkeypatch.setattr(ChatController, "confirm", staticmethod(answer))
    window.transcript.action.emit("delete", reply_id)  # Cancel: nothing is lost
    assert [m.role for m in window.store.messages(window.controller.conversation_id)] == [
        "user", "assistant"]
    window.transcript.action.emit("delete", reply_id)  # Delete
    assert answers[0] == "Delete this reply? It cannot be brought back."
    assert [m.role for m in window.store.messages(window.controller.conversation_id)] == ["user"]
    assert "Hello from the fake model." not in _transcript(window)


def test_conversations_newest_first_search_rename_delete_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    _send(qtbot, window, "about apples")
    window.new_chat()
    _send(qtbot, window, "about pears")
    titles = [window.sidebar.list.item(i).text().splitlines()[0]  # (under it: the date)
              for i in range(window.sidebar.list.count())]
    assert titles == ["about pears", "about apples"]
    window.sidebar.search.setText("apples")
    assert window.sidebar.list.count() == 1
    assert "apples" in window.sidebar.list.item(0).text()
    window.sidebar.search.clear()
    older = window.store.list_conversations()[1].id
    window._rename(older, "Apples, renamed")  # a new name keeps its place in the list
    assert [window.sidebar.list.item(i).text().splitlines()[0] for i in range(2)] == [
        "about pears", "Apples, renamed"]
    cid = window.store.list_conversations()[0].id
    window._rename(cid, "Pears")
    assert window.sidebar.list.item(0).text().splitlines()[0] == "Pears"
    window._delete(cid)  # no dialog in the way: the deletion is offered back
    assert window.sidebar.list.count() == 1
    offer = next(r for r in window.message_bar.rows if r.button is not None)
    assert offer.label.text() == "Conversation deleted." and offer.button is not None
    offer.button.click()  # Undo
    assert window.sidebar.list.count() == 2
    assert offer not in window.message_bar.rows


def test_opening_a_saved_conversation_shows_it(qtbot: QtBot, window: MainWindow) -> None:
    _send(qtbot, window, "remember me")
    cid = window.controller.conversation_id
    window.new_chat()
    assert "remember me" not in _transcript(window)
    window.controller.open_conversation(cid)
    assert "remember me" in _transcript(window)
    assert "Hello from the fake model." in _transcript(window)


def test_code_blocks_have_a_copy_link(qtbot: QtBot, window: MainWindow, model: FakeModel) -> None:
    model.script.reply = "Here:\n\n```python\nprint('hi')\n```\n"
    _send(qtbot, window, "code please")
    msg_id = window.store.messages(window.controller.conversation_id)[-1].id
    from PySide6.QtCore import QUrl

    window.transcript.anchorClicked.emit(QUrl(f"copy:{msg_id}:0"))
    assert QApplication.clipboard().text() == "print('hi')\n"


def test_keyboard_shortcuts_and_accessible_names(qtbot: QtBot, window: MainWindow) -> None:
    shortcuts = {a.text(): a.shortcut().toString() for m in window.menuBar().actions()
                 for a in m.menu().actions() if a.text()}
    assert shortcuts["New Chat"] == "Ctrl+N"
    assert shortcuts["Search Conversations"] == "Ctrl+F"
    assert shortcuts["Preferences…"] == "Ctrl+,"
    assert shortcuts["Stop Reply"] == "Esc"
    for widget in (window.composer.edit, window.composer.button, window.transcript,
                   window.sidebar.list, window.sidebar.search, window.model_button):
        assert widget.accessibleName()


def test_a_stopped_reply_can_be_started_even_if_stop_came_first(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    """Stop pressed before the worker picked the job up still ends it as stopped."""
    gate = threading.Event()
    model.script.gate = gate
    model.script.endless = True
    window.composer.edit.setPlainText("hi")
    window.composer._send()
    window.controller.stop()
    gate.set()
    _idle(qtbot, window)
    assert _last_stats(window)["finish_reason"] == "stopped"


def test_a_listener_may_send_the_next_message_as_soon_as_a_reply_ends(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    """busy_changed(False) comes after the reply was saved and drawn, not before."""
    queue = ["second question"]

    def next_one(busy: bool) -> None:
        if not busy and queue:
            model.script.reply = "Second answer."
            window.composer.set_text(queue.pop())
            window.composer._send()

    window.controller.busy_changed.connect(next_one)
    _send(qtbot, window, "first question")
    _idle(qtbot, window)
    stored = window.store.messages(window.controller.conversation_id)
    assert [m.content for m in stored] == ["first question", "Hello from the fake model.",
                                           "second question", "Second answer."]
    text = _transcript(window)
    assert text.count("Hello from the fake model.") == 1 and text.count("Second answer.") == 1


def test_the_picker_lists_the_starter_library_models_and_added_paths(
    tiny_gguf: object, tmp_path: object
) -> None:
    from app.gui.models.picker import candidate_specs
    from inference.model.load import add_local

    path = tiny_gguf("llama", "Q8_0")  # type: ignore[operator]
    entry = add_local(path)
    specs = [spec for spec, _ in candidate_specs(["/somewhere/else.gguf"])]
    assert specs[0] == "starter" and entry.id in specs and "/somewhere/else.gguf" in specs
    from inference.model.sources import resolve

    assert resolve(entry.id).path == path  # what the picker hands the loader resolves


DISK_FULL = ("The disk holding /data is full, so Orchard could not save the conversation; free "
             "some space and try again.")


def test_a_full_disk_keeps_the_typed_message_in_the_box(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
    posted: list[tuple[str, str]],
) -> None:
    from inference.store import StoreError

    def full(*args: object, **kwargs: object) -> int:
        raise StoreError(DISK_FULL)

    monkeypatch.setattr(window.store, "create_conversation", full)
    monkeypatch.setattr(window.store, "add_message", full)
    window.composer.edit.setPlainText("a long message I typed with care")
    window.composer._send()
    assert window.composer.edit.toPlainText() == "a long message I typed with care"
    assert window.controller.pending is None and window.composer.button.text() == "Send"
    assert posted == [("error", DISK_FULL + " Your message is still in the box.")]


def test_a_reply_the_disk_cannot_take_stays_on_screen_and_is_said_once(
    qtbot: QtBot, window: MainWindow, model: FakeModel, monkeypatch: pytest.MonkeyPatch,
    posted: list[tuple[str, str]],
) -> None:
    from inference.store import StoreError

    def full(*args: object, **kwargs: object) -> None:
        raise StoreError(DISK_FULL)

    model.script.reply = "A reply that streams while the disk is full."
    monkeypatch.setattr(window.store, "update_reply", full)
    _send(qtbot, window, "hello")
    assert "A reply that streams while the disk is full." in _transcript(window)
    assert window.composer.button.text() == "Send"
    errors = [text for level, text in posted if level == "error"]
    assert errors == [DISK_FULL + " The reply stays on screen."]
    monkeypatch.undo()  # space is back: the window goes on working
    _send(qtbot, window, "and now?")
    assert window.store.messages(window.controller.conversation_id)[-1].complete


def test_a_refused_switch_keeps_the_open_conversation_highlighted(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    _send(qtbot, window, "first conversation")
    first = window.controller.conversation_id
    window.new_chat()
    model.script.endless = True
    window.composer.edit.setPlainText("second conversation")
    window.composer._send()
    _streaming(qtbot, window)
    second = window.controller.conversation_id
    assert second != first
    row = next(i for i in range(window.sidebar.list.count())
               if window.sidebar.list.item(i).data(Qt.ItemDataRole.UserRole) == first)
    window.sidebar.list.setCurrentRow(row)  # the user clicks the other conversation
    assert window.controller.conversation_id == second  # refused: a reply is streaming
    qtbot.waitUntil(lambda: window.sidebar.current_id() == second)
    window.controller.stop()
    _idle(qtbot, window)


def test_compare_runs_on_the_windows_engine_and_closing_it_keeps_the_model(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    """One model owner: Compare queues its jobs on the engine the chat uses (a column naming
    the loaded model reuses it), and closing Compare leaves that engine and model alone."""
    engine = window.controller.worker.engine
    window.open_compare()
    compare = window._compare
    qtbot.addWidget(compare)
    assert compare.worker is not None
    assert compare.worker.engine is engine
    compare.close()
    assert not engine.closed
    _send(qtbot, window, "still here?")
    assert "Hello from the fake model." in _transcript(window)


def test_quitting_closes_an_open_compare_window(qtbot: QtBot, window: MainWindow) -> None:
    """Quit closes the main window; Compare is a window of its own and must go with it, or
    the app stays running with it."""
    window.open_compare()
    compare = window._compare
    qtbot.addWidget(compare)
    assert compare.isVisible()
    window.close()
    assert not compare.isVisible()


def test_rungs_from_download_models_open_compare_and_are_measured(
    qtbot: QtBot, window: MainWindow, tiny_gguf: Callable[..., Path]
) -> None:
    """Download Models hands the ticked rungs over: Compare opens on them and measures each
    against the largest on the built-in text, the table filling without another click."""
    paths = [str(tiny_gguf("llama", "Q8_0")), str(tiny_gguf("llama", "Q4_0"))]
    window.open_hub()
    window._hub.compare_models.emit(paths)
    compare = window._compare
    qtbot.addWidget(compare)
    assert [c.spec() for c in compare.active()] == paths
    assert compare.busy == "measure"
    qtbot.waitUntil(lambda: not compare.busy, timeout=60_000)
    assert compare.table.rowCount() == 2
    assert all(c.result is not None and c.result.quality is not None
               for c in compare.active())
    assert compare.reference == 0  # the larger rung
    compare.close()
    _send(qtbot, window, "still here?")  # the chat's model came back for the next message
    assert "Hello from the fake model." in _transcript(window)


def test_a_model_that_fails_to_load_leaves_the_previous_one_in_use(
    qtbot: QtBot, posted: list
) -> None:
    """A failed swap never strands the user: one sentence, the model they had stays (here it
    is loaded again after the new one broke mid-load), and the chat goes on with it."""
    from app.gui.chat.worker import InferenceWorker
    from tests.app.fake_engine import FakeModel, FakeSession

    model = FakeModel()
    loads: list[str] = []

    def load(request: Any) -> FakeModel:
        loads.append(request.spec)
        if request.spec == "broken.gguf":
            raise OrchardError("broken.gguf is damaged: a tensor ends past the end of the file.")
        return model

    worker = InferenceWorker(load=load, make_session=FakeSession)
    w = MainWindow(ConversationStore(), worker, AppSettings())
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.model_info is not None)
        shown = w.model_button.text()
        w.controller.load_model("broken.gguf")
        qtbot.waitUntil(lambda: w.controller.model_info is not None and not w.controller.loading)
        assert loads == ["starter", "broken.gguf", "starter"]
        errors = [text for level, text in posted if level == "error"]
        assert errors == ["broken.gguf is damaged: a tensor ends past the end of the file. "
                          "Fake model is still loaded."]
        assert w.model_button.text() == shown and w.controller.model_spec == "starter"
        assert AppSettings.load().model != "broken.gguf"
        _send(qtbot, w, "still there?")
        assert "Hello from the fake model." in _transcript(w)
    finally:
        w.close()
        worker.close()


def test_text_being_composed_is_not_drawn_over_the_placeholder(
    qtbot: QtBot, window: MainWindow
) -> None:
    edit = window.composer.edit
    assert edit.placeholderText()
    QApplication.sendEvent(edit, QInputMethodEvent("にほんご", []))
    assert edit.placeholderText() == ""  # the empty box would draw it under the preedit
    QApplication.sendEvent(edit, QInputMethodEvent("", []))  # composition cancelled
    assert edit.placeholderText()


def test_a_pasted_code_message_keeps_its_indentation(
    qtbot: QtBot, window: MainWindow
) -> None:
    code = "def f():\n    if x:\n        return 1"
    _send(qtbot, window, code)
    assert "def f():\n    if x:\n        return 1" in window.transcript.toPlainText()


def test_a_long_prompt_says_how_far_it_has_been_read(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    gate = threading.Event()
    model.script.gate = gate  # the first word waits until the test has looked
    model.script.prompt_chunks = 4  # a prompt of 2048 tokens, read 512 at a time
    window.composer.edit.setPlainText("a long question")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Reading your prompt… 100%" in _transcript(window))
    gate.set()
    _idle(qtbot, window)
    assert "Reading your prompt" not in _transcript(window)
    assert "Hello from the fake model." in _transcript(window)


def test_a_reply_cut_at_the_length_limit_says_so() -> None:
    from app.gui.chat.controller import stats_line

    line = stats_line({"finish_reason": "length", "generation_tokens": 512})
    assert "length limit" in line and "Continue" in line
    assert "length" not in stats_line({"finish_reason": "stop", "generation_tokens": 5})


def test_a_reply_the_loop_guard_ended_says_why() -> None:
    from app.gui.chat.controller import stats_line

    line = stats_line({"finish_reason": "loop", "generation_tokens": 48})
    assert "repeating itself" in line


def test_the_next_launch_reopens_where_the_user_left_off(qtbot: QtBot) -> None:
    store = ConversationStore()
    first = fake_worker()
    w = MainWindow(store, first, AppSettings.load())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.model_info is not None)
    assert "Welcome to Orchard" in _transcript(w)  # the first launch says it
    _send(qtbot, w, "remember me")
    cid = w.controller.conversation_id
    w.resize(760, 540)  # within the offscreen screen (800 x 600)
    w.close()
    first.close()

    second = fake_worker()
    again = MainWindow(store, second, AppSettings.load())
    qtbot.addWidget(again)
    again.show()
    try:
        assert again.controller.conversation_id == cid
        assert "remember me" in _transcript(again)
        assert (again.width(), again.height()) == (760, 540)
        again.new_chat()
        assert "Welcome to Orchard" not in _transcript(again)  # said once, not every launch
    finally:
        again.close()
        second.close()
        store.close()


def test_export_suggests_a_file_named_after_the_conversation(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from PySide6.QtWidgets import QFileDialog

    _send(qtbot, window, "Apples: which keep best?")
    asked: list[str] = []

    def save_as(parent: object, title: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "out.md"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    window.export("md")
    assert asked[0].endswith("Apples which keep best.md")
    assert "Apples: which keep best?" in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_an_exported_conversation_imports_back_with_its_versions(
    qtbot: QtBot, window: MainWindow, model: FakeModel, tmp_path: Path
) -> None:
    _send(qtbot, window, "Which apples keep best?")
    cid = window.controller.conversation_id
    _regenerate(qtbot, window, model, "Russets.")
    (tmp_path / "chat.json").write_text(window.store.export_json(cid), encoding="utf-8")
    window.new_chat()
    copy = window.import_conversation(str(tmp_path / "chat.json"))
    assert copy is not None and copy != cid
    assert window.controller.conversation_id == copy
    assert "Russets." in _transcript(window) and "2/2" in _header_of(window, "Russets.")
    assert window.sidebar.list.count() == 2
    window.transcript.action.emit("version", window.store.tree(copy)[1].id)
    assert "Hello from the fake model." in _transcript(window)


@pytest.mark.parametrize(("content", "said"), [
    (b"just some notes\n", "is not a conversation Orchard can import: no '# title' line"),
    (b'{"format": "orchard-conversation"}', "the field 'title' is missing"),
    (b"\xff\xfe\x00binary", "is not text"),
    (None, "could not be read"),
])
def test_a_file_that_is_not_an_export_is_refused_in_one_sentence(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, content: bytes | None, said: str
) -> None:
    _send(qtbot, window, "kept")
    path = tmp_path / "notes.md"
    if content is not None:
        path.write_bytes(content)
    assert window.import_conversation(str(path)) is None
    shown = " ".join(window.message_bar.texts())
    assert said in shown and "notes.md" in shown and "Traceback" not in shown
    assert len(window.store.list_conversations()) == 1  # nothing added, nothing lost


def test_a_search_hit_opens_at_the_matching_message_with_it_selected(
    qtbot: QtBot, window: MainWindow, model: FakeModel
) -> None:
    from app.gui.chat.sidebar import MESSAGE_ROLE

    window.resize(760, 420)
    _send(qtbot, window, "Tell me about quinces")
    for n in range(12):  # a conversation taller than the window
        _send(qtbot, window, f"and then what happened next, part {n}?")
    window.new_chat()
    _send(qtbot, window, "about pears")
    window.sidebar.search.setText("quinces")
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 1)
    item = window.sidebar.list.item(0)
    assert item.data(MESSAGE_ROLE) is not None  # one row per conversation, with its message
    window.sidebar.list.setCurrentItem(item)
    assert window.controller.conversation_id is not None
    assert window.transcript.textCursor().selectedText().lower() == "quinces"
    bar = window.transcript.verticalScrollBar()
    assert bar.value() < bar.maximum()  # at the match, not at the bottom
    window.sidebar.search.setText("no such words anywhere")
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 1)
    assert window.sidebar.list.item(0).text().startswith("No conversations match")
    assert window.sidebar.current_id() is None


def test_a_hit_whose_snippet_is_its_title_shows_one_line(
    qtbot: QtBot, window: MainWindow
) -> None:
    _send(qtbot, window, "plums")  # the title is the first message: the snippet adds nothing
    window.sidebar.search.setText("plums")
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 1)
    assert window.sidebar.list.item(0).text() == "plums"


def test_a_long_model_name_does_not_widen_the_window(qtbot: QtBot, window: MainWindow) -> None:
    window.model_button.setText("A-Very-Long-Model-Name-Instruct-2507 Q4_K_M (owner/repo) · "
                                "GGUF · Q4_K_M (native)")
    assert window.minimumSizeHint().width() < 600


def test_a_broken_added_model_says_why_and_can_be_taken_off_the_list(
    qtbot: QtBot, window: MainWindow, tmp_path: Any
) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 12)  # a header that ends at once
    window.app_settings.added_models = [str(broken)]
    window.choose_model()
    picker = window._picker
    row = next(r for r, m in enumerate(picker.rows) if m.spec == str(broken))
    qtbot.waitUntil(lambda: bool(picker.rows[row].error))
    reason = picker.table.item(row, 1)
    assert reason.text() == picker.rows[row].error and picker.table.columnSpan(row, 1) == 5
    picker.table.selectRow(row)
    assert picker.delete_button.isEnabled() and picker.delete_button.text() == "Remove from List"
    picker.delete_selected()
    assert all(m.spec != str(broken) for m in picker.rows)
    assert AppSettings.load().added_models == [] and broken.exists()  # the file itself stays
    picker.close()


def test_a_loading_model_is_named_with_the_time_it_has_taken(qtbot: QtBot) -> None:
    """While a model loads the button says which one, and counts the seconds."""
    import threading

    from app.gui.chat.worker import InferenceWorker
    from tests.app.fake_engine import FakeModel, FakeSession

    gate = threading.Event()
    model = FakeModel()

    def load(request: Any) -> FakeModel:
        if request.spec.endswith("big.gguf"):
            assert gate.wait(20)
        return model

    worker = InferenceWorker(load=load, make_session=FakeSession)
    w = MainWindow(ConversationStore(), worker, AppSettings())
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.model_info is not None)
        w.controller.load_model("/models/big.gguf")
        assert w.model_button.text() == "Loading big.gguf…"  # the file, not its whole path
        assert w.loading_bar.isVisible()
        w._load_started -= 3  # as if three seconds had passed
        w._show_loading()
        assert w.model_button.text() == "Loading big.gguf… 3 s"
        gate.set()
        qtbot.waitUntil(lambda: not w.controller.loading)
        assert "Loading" not in w.model_button.text() and not w._load_clock.isActive()
    finally:
        gate.set()
        worker.close()


def test_the_open_conversation_is_remembered_without_a_clean_quit(qtbot: QtBot) -> None:
    """A crash, a kill or a restart for an update sends no close event: the conversation the
    user was in is saved as soon as it is opened or made."""
    store = ConversationStore()
    first = fake_worker()
    w = MainWindow(store, first, AppSettings.load())
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.model_info is not None)
        _send(qtbot, w, "an older chat")
        older = w.controller.conversation_id
        w.new_chat()
        _send(qtbot, w, "the newest chat")
        newest = w.controller.conversation_id
        assert AppSettings.load().last_conversation == newest  # no close event yet
        w._open_conversation(older)
        assert AppSettings.load().last_conversation == older
    finally:
        first.close()
        store.close()


# --- files in the chat ---------------------------------------------------------------------
def _attach(qtbot: QtBot, w: MainWindow, *paths: Path) -> None:
    bar = w.composer.attachments
    before = len(bar.items)
    bar.add_paths([str(p) for p in paths])
    qtbot.waitUntil(lambda: len(bar.items) == before + len(paths), timeout=10_000)
    qtbot.waitUntil(lambda: bar.tokens() is not None, timeout=10_000)  # counted


def _user_sent(model: FakeModel) -> str:
    return [text for role, text in model.script.sent[-1] if role == "user"][-1]


def test_a_file_goes_with_the_message_and_stays_with_it(
    qtbot: QtBot, window: MainWindow, model: FakeModel, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Orchard notes\nThe quince tree needs pruning in March.\n")
    _attach(qtbot, window, notes)
    chip = window.composer.attachments._chips[0]
    assert chip.isVisible() and "notes.md" in chip.label.text()
    assert "tokens" in chip.label.text()  # its size in the loaded model's tokens
    _send(qtbot, window, "When should I prune?")
    cid = window.controller.conversation_id
    first = window.store.messages(cid)[0]
    assert [a.name for a in first.attachments] == ["notes.md"]
    assert not window.composer.attachments.isVisible()  # sent: the chips are gone
    sent = _user_sent(model)
    assert '<file name="notes.md">' in sent and "pruning in March" in sent
    assert sent.rstrip().endswith("When should I prune?")
    # shown as a card that opens the file's text
    assert "notes.md" in _transcript(window)
    window.transcript._on_anchor(QUrl(f"file:{first.id}:0"))
    dialog = window.transcript.opened_attachment
    assert dialog is not None and "pruning in March" in dialog.findChild(
        QPlainTextEdit).toPlainText()
    dialog.close()
    # regenerate sends it again; an edit brings it back into the composer
    window.transcript.action.emit("regenerate", window.store.messages(cid)[-1].id)
    _idle(qtbot, window)
    assert "pruning in March" in _user_sent(model)
    window.transcript.action.emit("edit", first.id)
    assert [a.name for a in window.composer.attachments.attachments()] == ["notes.md"]
    _send(qtbot, window, "When exactly?")
    assert "pruning in March" in _user_sent(model)
    # and it is found by search, and there after the conversation is opened again
    window.new_chat()
    window.controller.open_conversation(cid)
    assert "notes.md" in _transcript(window)
    assert [h.conversation.id for h in window.store.search("quince")] == [cid]


def test_a_file_that_cannot_be_read_is_said_and_not_attached(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    window.composer.attachments.add_paths([str(bad)])
    qtbot.waitUntil(lambda: "photo.txt" in " ".join(window.message_bar.texts()),
                    timeout=10_000)
    assert "binary" in " ".join(window.message_bar.texts())
    assert window.composer.attachments.items == []
    photo = tmp_path / "receipt.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a jpeg")
    window.composer.attachments.add_paths([str(photo)])  # named an image, and none
    said = "receipt.jpg is not an image Orchard can read (PNG, JPEG, GIF, WebP, BMP or TIFF)."
    qtbot.waitUntil(lambda: said in window.message_bar.texts(), timeout=10_000)
    assert window.composer.attachments.items == []


def test_files_pasted_or_dropped_are_attached(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtCore import QMimeData

    code = tmp_path / "sort.py"
    code.write_text("def sort(xs):\n    return sorted(xs)\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(code))])
    assert window.composer.edit.canInsertFromMimeData(mime)
    window.composer.edit.insertFromMimeData(mime)  # Cmd+V on a file copied in the Finder
    qtbot.waitUntil(lambda: len(window.composer.attachments.items) == 1, timeout=10_000)
    assert window.composer.edit.toPlainText() == ""  # the path is not pasted as text
    window.composer.attachments.clear()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: len(window.composer.attachments.items) == 1, timeout=10_000)
    assert window.composer.attachments.attachments()[0].kind == "code"


def test_a_message_whose_files_do_not_fit_says_so_and_can_send_the_part_that_fits(
    qtbot: QtBot, window: MainWindow, model: FakeModel, tmp_path: Path
) -> None:
    big = tmp_path / "server.log"  # the fake model: one token a character, 4,096 of context
    big.write_text("".join(f"line {n}: all quiet\n" for n in range(400)))
    _attach(qtbot, window, big)
    said = window.composer.budget.text()
    assert window.composer.budget.isVisible() and window.composer.send_cut.isVisible()
    assert "do not fit" in said and "Remove a file" in said and "larger context" in said
    window.composer.edit.setPlainText("What happened?")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    assert window.controller.pending is None  # not sent as it is
    assert window.composer.edit.toPlainText() == "What happened?"  # nothing lost
    window.composer.send_cut.click()
    _idle(qtbot, window)
    sent = window.store.messages(window.controller.conversation_id)[0]
    assert sent.content == "What happened?" and sent.attachments[0].cut
    assert sent.attachments[0].text.startswith("line 0: all quiet")
    assert len(_user_sent(model)) < 3072  # it fits now
    assert "cut to fit" in _transcript(window)
    assert not window.composer.budget.isVisible()
