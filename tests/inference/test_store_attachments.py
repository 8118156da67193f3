"""Files sent with a message are kept with it, in the store: their text (not a path that
can break), in order, found by search, sent again with the message, exported with it, and
gone with it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from inference import store
from inference.attachments import Attachment, render
from inference.store import ConversationStore

CONTRACT = Attachment("contract.pdf", "pdf", "The tenant pays rent on the first day.", 48_000)
LOG = Attachment("server.log", "text", "ERROR disk quota exceeded on /var", 2_000, cut=True)


def test_attachments_are_kept_in_order_and_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    with ConversationStore(db) as s:
        c = s.create_conversation("files", "m", {})
        s.add_message(c, "user", "What do these say?", attachments=[CONTRACT, LOG])
        s.add_message(c, "assistant", "Rent, and a full disk.")
    with ConversationStore(db) as s:
        first, reply = s.messages(c)
        assert first.attachments == (CONTRACT, LOG) and reply.attachments == ()
        # what the model is sent: the files' text with their names, then the question
        sent = first.as_message().content
        assert sent == render("What do these say?", [CONTRACT, LOG])
        assert sent.index("contract.pdf") < sent.index("server.log") < sent.index("What do")
        assert "rent on the first day" in sent


def test_an_edit_or_a_regenerate_keeps_the_files_with_the_message(
    st: ConversationStore,
) -> None:
    c = st.create_conversation("files", "m", {})
    q = st.add_message(c, "user", "Summarise", attachments=[CONTRACT])
    a = st.add_message(c, "assistant", "It is a lease.")
    st.add_message(c, "assistant", "A rental contract.", sibling_of=a)  # regenerate
    assert st.messages(c)[0].attachments == (CONTRACT,)
    st.add_message(c, "user", "Summarise briefly", sibling_of=q, attachments=[CONTRACT])
    assert st.messages(c)[0].attachments == (CONTRACT,)
    st.switch_to(q)
    assert [m.content for m in st.messages(c)] == ["Summarise", "A rental contract."]


def test_search_finds_words_in_a_file_and_says_which(st: ConversationStore) -> None:
    c = st.create_conversation("files", "m", {})
    mid = st.add_message(c, "user", "Have a look", attachments=[CONTRACT, LOG])
    other = st.create_conversation("other", "m", {})
    st.add_message(other, "user", "nothing about disks here")
    hits = st.search("quota")
    assert [(h.conversation.id, h.message_id) for h in hits] == [(c, mid)]
    assert hits[0].snippet.startswith("server.log: ") and "[quota]" in hits[0].snippet
    assert [h.conversation.id for h in st.search("contract")] == [c]  # by name too


def test_deleting_the_message_deletes_its_files_and_their_index(
    st: ConversationStore, db: Path
) -> None:
    c = st.create_conversation("files", "m", {})
    mid = st.add_message(c, "user", "Have a look", attachments=[LOG])
    st.delete_message(mid)
    assert st.search("quota") == []
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0
    st.add_message(c, "user", "again", attachments=[LOG])
    st.delete(c)
    st.purge_deleted()
    assert conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0


def test_json_export_keeps_the_files_and_markdown_names_them(st: ConversationStore) -> None:
    c = st.create_conversation("files", "m", {})
    st.add_message(c, "user", "Have a look", attachments=[CONTRACT, LOG])
    data = json.loads(st.export_json(c))
    assert data["messages"][0]["attachments"][1] == {
        "name": "server.log", "kind": "text", "text": LOG.text, "size_bytes": 2000, "cut": True}
    copy = st.import_json(st.export_json(c))
    assert st.messages(copy)[0].attachments == (CONTRACT, LOG)
    md = st.export_markdown(c)
    assert "*(attached: contract.pdf; the JSON export keeps its text)*" in md
    assert "*(attached: server.log, cut; the JSON export keeps its text)*" in md
    again = st.import_markdown(md)  # the names are notes, not the message's text
    assert [m.content for m in st.messages(again)] == ["Have a look"]


def test_a_database_from_before_attachments_gains_them(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    for step in store.MIGRATIONS[:2]:  # as Orchard left it before attachments
        step(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO conversations (id, title, created_at, updated_at) "
                 "VALUES (1, 'old', 1.0, 2.0)")
    conn.execute("INSERT INTO messages (conversation_id, position, role, content, created_at)"
                 " VALUES (1, 0, 'user', 'hello', 1.5)")
    conn.close()
    with ConversationStore(db) as s:
        assert [(m.content, m.attachments) for m in s.messages(1)] == [("hello", ())]
        s.add_message(1, "user", "and a file", attachments=[LOG])
        assert s.messages(1)[-1].attachments == (LOG,)


def test_a_caller_that_needs_no_files_does_not_read_them(st: ConversationStore) -> None:
    c = st.create_conversation("files", "m", {})
    st.add_message(c, "user", "Have a look", attachments=[CONTRACT])
    assert st.messages(c, files=False)[0].attachments == ()
    assert st.messages(c)[0].attachments == (CONTRACT,)


def test_an_imported_image_that_is_not_one_is_refused_in_one_sentence(
        st: ConversationStore) -> None:
    c = st.create_conversation("pictures", "m", {})
    st.add_message(c, "user", "Look", attachments=[LOG])
    data = json.loads(st.export_json(c))
    data["messages"][0]["attachments"][0].update(kind="image", text="", data="aGVsbG8=")
    before = len(st.list_conversations())
    try:
        st.import_json(json.dumps(data))
        raise AssertionError("bytes that are not an image were imported as one")
    except ValueError as exc:  # the importer's TranscriptError: one sentence for the window
        assert "message 1 has a damaged image" in str(exc)
    assert len(st.list_conversations()) == before  # nothing half-imported
