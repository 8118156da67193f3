"""ConversationStore: CRUD, ordering, soft delete, search, export, crash safety, recovery,
migrations."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inference import paths, store
from inference.store import ConversationStore, StoreError
from tests.inference.crash_child import earlier_content, reply_content

CHILD = Path(__file__).with_name("crash_child.py")
SETTINGS = {
    "system_prompt": "Réponds brièvement. 🍎",
    "template": {"source": "preset", "name": "chatml"},
    "sampling": {"temperature": 0.7, "top_p": 0.95, "seed": None, "stop": ["</s>"]},
    "context_length": 4096,
}


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)  # no implicit transaction to hold locks


# --- conversations --------------------------------------------------------------------------
def test_default_path_is_in_the_data_dir() -> None:
    with ConversationStore() as s:
        assert s.path == paths.data_dir() / "conversations.sqlite3"
        assert s.recovered_from is None
        s.create_conversation("x", "m", {})
    assert s.path.is_file()
    conn = _raw(s.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(store.MIGRATIONS) == 5


def test_list_is_newest_first_and_follows_changes(st: ConversationStore) -> None:
    a = st.create_conversation("first", "model-a", {})
    b = st.create_conversation("second", "model-b", {})
    assert [c.id for c in st.list_conversations()] == [b, a]
    st.add_message(a, "user", "hello")
    summaries = st.list_conversations()
    assert [c.id for c in summaries] == [a, b]
    assert [c.message_count for c in summaries] == [1, 0]
    assert summaries[0].model == "model-a"
    assert summaries[0].updated_at > summaries[0].created_at
    st.rename(b, "renamed")  # a new title keeps the conversation's place
    assert [(c.id, c.title) for c in st.list_conversations()] == [(a, "first"), (b, "renamed")]


def test_settings_are_stored_as_json(st: ConversationStore, db: Path) -> None:
    c = st.create_conversation("s", "m", SETTINGS)
    assert st.conversation(c).settings == SETTINGS
    new = {**SETTINGS, "context_length": 8192}
    st.update_settings(c, new)
    conv = st.conversation(c)
    assert (conv.settings, conv.model) == (new, "m")
    st.update_settings(c, {}, model="other")
    conv = st.conversation(c)
    assert (conv.settings, conv.model) == ({}, "other")
    raw = _raw(db).execute("SELECT settings FROM conversations").fetchone()[0]
    assert json.loads(raw) == {}


def test_unknown_ids_raise_key_error(st: ConversationStore) -> None:
    with pytest.raises(KeyError):
        st.rename(99, "x")
    with pytest.raises(KeyError):
        st.add_message(99, "user", "x")
    with pytest.raises(KeyError):
        st.update_reply(99, "x")
    with pytest.raises(KeyError):
        st.delete_message(99)
    with pytest.raises(KeyError):
        st.conversation(99)
    with pytest.raises(KeyError):
        st.delete(99)
    assert st.messages(99) == []


# --- messages --------------------------------------------------------------------------------
def test_messages_keep_order_ids_and_stats(st: ConversationStore) -> None:
    c = st.create_conversation("m", "tiny", {})
    stats = {"model": "tiny", "quant": "Q4_1", "generation_tokens": 3, "ttft_s": 0.1,
             "generation_tps": 30.5, "finish_reason": "stop"}
    ids = [
        st.add_message(c, "system", "be brief"),
        st.add_message(c, "user", "hi"),
        st.add_message(c, "assistant", "hello!", token_ids=[5, 6, 7], stats=stats),
    ]
    msgs = st.messages(c)
    assert [m.id for m in msgs] == ids
    assert [m.position for m in msgs] == [0, 1, 2]
    assert [(m.role, m.content) for m in msgs] == [
        ("system", "be brief"), ("user", "hi"), ("assistant", "hello!")]
    assert msgs[2].token_ids == [5, 6, 7] and msgs[2].stats == stats
    assert msgs[0].token_ids is None and msgs[0].stats is None
    assert all(m.complete and m.conversation_id == c for m in msgs)
    assert msgs[0].created_at < msgs[1].created_at < msgs[2].created_at


def test_streaming_reply(st: ConversationStore) -> None:
    c = st.create_conversation("r", "tiny", {})
    st.add_message(c, "user", "count")
    r = st.begin_reply(c)
    first = st.messages(c)[-1]
    assert (first.id, first.role, first.content, first.complete) == (r, "assistant", "", False)
    st.update_reply(r, "one", stats={"generation_tokens": 1})
    st.update_reply(r, "one two")  # stats not given: kept
    mid = st.messages(c)[-1]
    assert (mid.content, mid.complete, mid.stats) == ("one two", False, {"generation_tokens": 1})
    st.update_reply(r, "one two three", complete=True, token_ids=[1, 2, 3],
                    stats={"generation_tokens": 3, "finish_reason": "stopped"})
    done = st.messages(c)[-1]
    assert (done.content, done.complete, done.token_ids) == ("one two three", True, [1, 2, 3])
    assert done.stats == {"generation_tokens": 3, "finish_reason": "stopped"}
    assert len(st.messages(c)) == 2


def test_as_message_feeds_a_chat_session(st: ConversationStore) -> None:
    c = st.create_conversation("r", "tiny", {})
    st.add_message(c, "assistant", "hey", token_ids=[4, 2])
    m = st.messages(c)[0].as_message()
    assert (m.role, m.content, m.token_ids) == ("assistant", "hey", [4, 2])


def test_truncate_after_and_delete_message(st: ConversationStore) -> None:
    c = st.create_conversation("t", "tiny", {})
    ids = [st.add_message(c, "user" if i % 2 == 0 else "assistant", f"m{i}") for i in range(6)]
    assert st.truncate_after(c, 3) == 3
    assert [m.content for m in st.messages(c)] == ["m0", "m1", "m2"]
    new = st.add_message(c, "assistant", "again")
    assert st.messages(c)[-1].position == 3 and new not in ids
    st.delete_message(ids[1])
    msgs = st.messages(c)
    assert [m.content for m in msgs] == ["m0", "m2", "again"]
    # positions are places on the path shown: no gap where a message was deleted
    assert st.add_message(c, "user", "next") and st.messages(c)[-1].position == 3
    assert st.search("m1") == []


def test_loading_uses_the_position_index(st: ConversationStore, db: Path) -> None:
    c = st.create_conversation("long", "tiny", {})
    for i in range(500):
        st.add_message(c, "user" if i % 2 == 0 else "assistant", f"message {i} " * 20)
    msgs = st.messages(c)
    assert [m.position for m in msgs] == list(range(500))
    plan = " | ".join(
        row[3] for row in _raw(db).execute(
            "EXPLAIN QUERY PLAN SELECT * FROM messages WHERE conversation_id = ? "
            "ORDER BY position", (c,))
    )
    assert "USING INDEX messages_by_position (conversation_id=?)" in plan
    assert "TEMP B-TREE" not in plan  # the index gives the order too: no sort step


# --- soft delete -----------------------------------------------------------------------------
def test_delete_restore_and_purge(st: ConversationStore, db: Path) -> None:
    keep = st.create_conversation("keep", "m", {})
    gone = st.create_conversation("gone", "m", {})
    st.add_message(gone, "user", "pineapple on pizza")
    st.add_message(gone, "assistant", "a matter of taste")
    st.delete(gone)
    assert [c.id for c in st.list_conversations()] == [keep]
    assert st.search("pineapple") == []
    assert st.conversation(gone).deleted
    st.restore(gone)
    assert {c.id for c in st.list_conversations()} == {keep, gone}
    assert [h.conversation.id for h in st.search("pineapple")] == [gone]

    st.delete(gone)
    assert st.purge_deleted() == 1
    with pytest.raises(KeyError):
        st.restore(gone)
    conn = _raw(db)
    # the messages went by cascade, and the search index with them
    assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0
    conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")
    assert st.search("pineapple") == []


def test_close_purges_and_open_purges_leftovers(db: Path) -> None:
    s = ConversationStore(db)
    a = s.create_conversation("a", "m", {})
    b = s.create_conversation("b", "m", {})
    s.add_message(b, "user", "x")
    s.delete(a)
    s.close()
    conn = _raw(db)
    assert conn.execute("SELECT id FROM conversations").fetchall() == [(b,)]
    # a session that died before close() leaves a soft delete behind
    conn.execute("UPDATE conversations SET deleted_at = 1.0")
    conn.commit()
    conn.close()
    with ConversationStore(db) as s2:
        assert s2.list_conversations() == []
    assert _raw(db).execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0


# --- search ----------------------------------------------------------------------------------
def test_search_finds_conversations_with_snippets_newest_first(st: ConversationStore) -> None:
    old = st.create_conversation("old", "m", {})
    st.add_message(old, "user", "How do I bake sourdough bread at home?")
    st.add_message(old, "assistant", "Sourdough needs a starter, flour, water and time.")
    new = st.create_conversation("new", "m", {})
    st.add_message(new, "user", "Is rye bread healthier?")
    st.create_conversation("other", "m", {})

    hits = st.search("bread")
    assert [h.conversation.id for h in hits] == [new, old]  # one hit per conversation
    assert hits[0].snippet == "Is rye [bread] healthier?"
    assert "[bread]" in hits[1].snippet
    assert hits[1].conversation.title == "old" and hits[1].conversation.message_count == 2
    assert [h.conversation.id for h in st.search("sourdough STARTER")] == [old]
    assert [h.conversation.id for h in st.search("sourd")] == [old]  # as you type
    assert st.search("bread zebra") == []
    assert st.search("bread", marks=("<b>", "</b>"))[0].snippet == "Is rye <b>bread</b> healthier?"
    assert st.search("   ") == []


def test_search_follows_streamed_updates_and_accents(st: ConversationStore) -> None:
    c = st.create_conversation("c", "m", {})
    r = st.begin_reply(c)
    st.update_reply(r, "draft")
    st.update_reply(r, "Le café est prêt")
    assert st.search("draft") == []
    assert [h.conversation.id for h in st.search("cafe")] == [c]
    assert [h.conversation.id for h in st.search("prêt")] == [c]


@pytest.mark.parametrize("query", [
    '"', '""', 'AND OR', 'AND', 'OR NOT', '*', 'NEAR(', 'NEAR(a b', '(', ')', 'a:b', '-x',
    '^', 'col:"x', "'", "\\", "a AND", "* OR *", "{x y}: z", "\x00", "🍎",
])
def test_hostile_queries_never_raise(st: ConversationStore, query: str,
                                     caplog: pytest.LogCaptureFixture) -> None:
    c = st.create_conversation("c", "m", {})
    st.add_message(c, "user", 'Use NEAR( and AND OR "quotes" * a:b -x in text')
    hits = st.search(query)
    assert isinstance(hits, list)
    assert not caplog.records  # escaped up front, not caught after FTS5 complained
    if query in ("AND OR", "NEAR(", "a:b", "-x", "a AND"):
        assert [h.conversation.id for h in hits] == [c]  # the words are plain words


# --- export ----------------------------------------------------------------------------------
CODE_REPLY = (
    "Here you go:\n\n```python\ndef f(x):\n    return x * 2  # ## not a heading\n```\n\n"
    "Done."
)


def _sample(st: ConversationStore) -> int:
    c = st.create_conversation("Doubling", "SmolLM2-135M", SETTINGS)
    st.add_message(c, "system", "Be brief.")
    st.add_message(c, "user", "Write a function that doubles x.")
    st.add_message(c, "assistant", CODE_REPLY,
                   stats={"model": "SmolLM2-135M", "finish_reason": "stop"})
    st.add_message(c, "user", "Again?")
    r = st.begin_reply(c)
    st.update_reply(r, "Sure, here")
    return c


def test_export_markdown(st: ConversationStore) -> None:
    md = st.export_markdown(_sample(st))
    assert md.startswith("# Doubling\n")
    assert "Model: SmolLM2-135M" in md
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## System", "## You", "## Assistant", "## You", "## Assistant"]
    assert CODE_REPLY in md  # the fenced code block survives byte for byte
    assert md.rstrip().endswith("Sure, here\n\n*(unfinished reply)*")


def test_export_json_round_trips(st: ConversationStore) -> None:
    c = _sample(st)
    text = st.export_json(c)
    data = json.loads(text)
    assert (data["title"], data["model"], data["settings"]) == ("Doubling", "SmolLM2-135M",
                                                                 SETTINGS)
    assert [(m["role"], m["content"]) for m in data["messages"]] == [
        (m.role, m.content) for m in st.messages(c)]
    assert data["messages"][2]["stats"] == {"model": "SmolLM2-135M", "finish_reason": "stop"}
    assert data["messages"][0]["stats"] is None
    assert [m["complete"] for m in data["messages"]] == [True, True, True, True, False]
    assert all(isinstance(m["created_at"], str) for m in data["messages"])
    copy = st.import_json(text)
    assert copy != c
    assert st.export_json(copy) == text


@pytest.mark.parametrize("text", ["", "[]", "{}", '{"format": "orchard-conversation"}', "nope"])
def test_import_rejects_other_json(st: ConversationStore, text: str) -> None:
    with pytest.raises(ValueError):
        st.import_json(text)
    assert st.list_conversations() == []


# --- crash safety ----------------------------------------------------------------------------
def test_killed_mid_reply_keeps_every_commit(db: Path) -> None:
    earlier = 6
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db), str(earlier)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        lines = [proc.stdout.readline() for _ in range(2)]
        assert lines[1].startswith("reply "), lines + [proc.stderr.read()]
        conv, reply = int(lines[0].split()[1]), int(lines[1].split()[1])
        last = -1
        while last < 19:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()  # the child ended early: say why
            last = int(line.split()[1])
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()

    with ConversationStore(db) as s:
        assert s.recovered_from is None
        msgs = s.messages(conv)
        assert [m.content for m in msgs[:earlier]] == [earlier_content(i) for i in range(earlier)]
        assert all(m.complete for m in msgs[:earlier])
        partial = msgs[-1]
        assert len(msgs) == earlier + 1 and partial.id == reply
        assert not partial.complete and partial.role == "assistant"
        # the last printed update, or one the child committed before the kill landed
        assert partial.stats is not None
        saved = partial.stats["generation_tokens"] - 1
        assert saved >= last
        assert partial.content == reply_content(saved)
    assert _raw(db).execute("PRAGMA integrity_check").fetchall() == [("ok",)]


# --- damaged files ---------------------------------------------------------------------------
GARBAGE = bytes(range(256)) * 40


def test_garbage_file_is_moved_aside_and_a_fresh_store_works(db: Path) -> None:
    db.write_bytes(GARBAGE)
    wal = db.with_name(db.name + "-wal")
    wal.write_bytes(b"wal bytes")
    with ConversationStore(db) as s:
        assert s.recovered_from is not None
        assert s.recovered_from.name.startswith("conversations.sqlite3.damaged-")
        assert s.recovered_from.read_bytes() == GARBAGE
        assert s.recovered_from.with_name(s.recovered_from.name + "-wal").read_bytes() == (
            b"wal bytes")
        c = s.create_conversation("fresh", "m", {})
        s.add_message(c, "user", "works")
        assert [m.content for m in s.messages(c)] == ["works"]
    with ConversationStore(db) as again:
        assert again.recovered_from is None
        assert [c.title for c in again.list_conversations()] == ["fresh"]


def test_corrupted_pages_are_detected(db: Path) -> None:
    with ConversationStore(db) as s:
        c = s.create_conversation("big", "m", {})
        for i in range(200):
            s.add_message(c, "user", f"message {i} " * 50)
    original = bytearray(db.read_bytes())
    page = 4096
    assert len(original) > 8 * page
    original[3 * page: 6 * page] = b"\xa5" * (3 * page)
    db.write_bytes(bytes(original))
    with ConversationStore(db) as s:
        assert s.recovered_from is not None
        assert s.recovered_from.read_bytes() == bytes(original)
        assert s.list_conversations() == []


def test_a_foreign_wal_is_moved_aside_with_the_conversations_intact(db: Path) -> None:
    """Another WAL-mode database's -wal beside ours: SQLite would replay it, our migration
    would recreate empty tables and the close would checkpoint the foreign pages over ours."""
    import shutil

    with ConversationStore(db) as s:
        c = s.create_conversation("kept", "m", {})
        for i in range(100):
            s.add_message(c, "user", f"message {i}")
    other = db.with_name("other.sqlite3")
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE notes(x)")
    conn.execute("INSERT INTO notes VALUES (1)")
    shutil.copy(other.with_name(other.name + "-wal"), db.with_name(db.name + "-wal"))
    conn.close()
    with ConversationStore(db) as s:
        assert s.recovered_from is not None  # the window says so (app/gui/window.py)
        assert s.list_conversations() == []
        moved = s.recovered_from
    # the moved file still holds every message: without the foreign -wal it opens as it was
    moved.with_name(moved.name + "-wal").unlink()
    moved.with_name(moved.name + "-shm").unlink(missing_ok=True)
    with ConversationStore(moved) as recovered:
        [kept] = recovered.list_conversations()
        assert kept.title == "kept" and len(recovered.messages(kept.id)) == 100


def test_two_recoveries_in_one_second_keep_both_copies(db: Path) -> None:
    copies = []
    for _ in range(2):
        db.write_bytes(GARBAGE)
        with ConversationStore(db) as s:
            copies.append(s.recovered_from)
    assert copies[0] != copies[1]
    assert all(c is not None and c.read_bytes() == GARBAGE for c in copies)


def test_a_newer_schema_is_refused_not_reset(db: Path) -> None:
    ConversationStore(db).close()
    conn = _raw(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer Orchard"):
        ConversationStore(db)
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*.damaged-*"))


# --- migrations ------------------------------------------------------------------------------
def test_reopening_a_database_keeps_its_data(db: Path) -> None:
    with ConversationStore(db) as s:
        c = s.create_conversation("kept", "m", SETTINGS)
        s.add_message(c, "user", "still here")
    assert _raw(db).execute("PRAGMA user_version").fetchone()[0] == len(store.MIGRATIONS)
    with ConversationStore(db) as s:
        assert s.conversation(c).settings == SETTINGS
        assert [m.content for m in s.messages(c)] == ["still here"]


def test_a_new_migration_runs_once(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ConversationStore(db) as s:
        c = s.create_conversation("kept", "m", {})
        s.add_message(c, "user", "before the next")
    runs: list[int] = []
    latest = len(store.MIGRATIONS)

    def to_next(conn: sqlite3.Connection) -> None:
        runs.append(1)
        conn.execute("ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, to_next])
    for _ in range(2):
        with ConversationStore(db) as s:
            assert [m.content for m in s.messages(c)] == ["before the next"]
    assert runs == [1]
    conn = _raw(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest + 1
    assert conn.execute("SELECT pinned FROM conversations").fetchall() == [(0,)]


def test_a_failing_migration_changes_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ConversationStore(db).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE conversations ADD COLUMN half INTEGER")
        conn.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, broken])
    with pytest.raises(StoreError):
        ConversationStore(db)
    conn = _raw(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(store.MIGRATIONS) - 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(conversations)")]
    assert "half" not in columns
    assert not list(db.parent.glob("*.damaged-*"))  # our bug, not a damaged file


def test_a_locked_store_says_another_program_holds_it(db: Path) -> None:
    ConversationStore(db).close()
    holder = sqlite3.connect(db, isolation_level=None, timeout=0)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="is in use by another program"):
            ConversationStore(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_read_only_store_is_not_blamed_on_other_copies(db: Path) -> None:
    ConversationStore(db).close()
    store = ConversationStore.__new__(ConversationStore)
    store.path = db
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    exc.sqlite_errorname = "SQLITE_READONLY"  # what SQLite reports for a read-only file
    message = store._why_not(exc)
    assert "cannot write to" in message and "read-only" in message
    assert "other cop" not in message


def test_a_full_disk_is_one_sentence_and_loses_nothing_saved(db: Path) -> None:
    with ConversationStore(db) as s:
        c = s.create_conversation("kept", "m", {})
        s.add_message(c, "user", "saved before the disk filled")
        pages = s._conn.execute("PRAGMA page_count").fetchone()[0]
        s._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL
        with pytest.raises(StoreError, match=r"^The disk holding .* is full, so Orchard could "
                                             r"not save the conversation; free some space"):
            s.add_message(c, "user", "x" * 200_000)
        assert [m.content for m in s.messages(c)] == ["saved before the disk filled"]
        s._conn.execute("PRAGMA max_page_count = 1073741823")  # space is back
        s.add_message(c, "user", "after")
        assert [m.content for m in s.messages(c)][-1] == "after"


def test_a_full_disk_at_close_or_open_loses_nothing_and_raises_nothing(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The purge of deleted conversations is a write too: on a full disk it waits for the next
    open, and closing (or opening) the store does not fail (issue 30, item 4)."""
    s = ConversationStore(db)
    kept = s.create_conversation("kept", "m", {})
    s.add_message(kept, "user", "saved before the disk filled")
    gone = s.create_conversation("deleted", "m", {})
    s.delete(gone)

    def full() -> int:
        raise StoreError("The disk holding x is full, so Orchard could not save the "
                         "conversation; free some space and try again.")

    monkeypatch.setattr(s, "purge_deleted", full)
    s.close()  # raised the sentence before
    monkeypatch.setattr(ConversationStore, "purge_deleted", lambda self: full())
    with ConversationStore(db) as again:  # opening purges too
        assert [c.title for c in again.list_conversations()] == ["kept"]
        assert [m.content for m in again.messages(kept)] == ["saved before the disk filled"]
    monkeypatch.undo()  # space is back: the deleted one is purged at the next open
    with ConversationStore(db) as again:
        with pytest.raises(KeyError):
            again.conversation(gone)


def test_a_store_that_cannot_open_on_a_full_disk_says_so(db: Path) -> None:
    store = ConversationStore.__new__(ConversationStore)
    store.path = db
    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorname = "SQLITE_FULL"
    assert store._why_not(exc) == (
        f"The disk holding {db.parent} is full, so Orchard could not open its conversations; "
        "free some space and start Orchard again.")
