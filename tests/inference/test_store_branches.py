"""ConversationStore as a tree: versions of a message (edit, regenerate), the version shown,
what deleting does to them, and the migration of a database saved before branches."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from inference import store
from inference.store import ConversationStore


def _shown(st: ConversationStore, c: int) -> list[str]:
    return [m.content for m in st.messages(c)]


def _versions(st: ConversationStore, c: int) -> list[tuple[int, int]]:
    """(which version, of how many) for each message shown: what ‹ 2/3 › says."""
    return [(m.siblings.index(m.id) + 1, len(m.siblings)) for m in st.messages(c)]


def _chat(st: ConversationStore) -> tuple[int, list[int]]:
    c = st.create_conversation("tree", "tiny", {})
    ids = [st.add_message(c, role, text) for role, text in
           [("user", "q1"), ("assistant", "a1"), ("user", "q2"), ("assistant", "a2")]]
    return c, ids


def test_a_regenerate_keeps_the_earlier_reply_as_a_version(st: ConversationStore) -> None:
    c, ids = _chat(st)
    r = st.begin_reply(c, sibling_of=ids[3])
    st.update_reply(r, "a2 again", complete=True)
    assert _shown(st, c) == ["q1", "a1", "q2", "a2 again"]
    assert _versions(st, c) == [(1, 1), (1, 1), (1, 1), (2, 2)]
    assert [m.position for m in st.messages(c)] == [0, 1, 2, 3]
    st.switch_to(ids[3])
    assert _shown(st, c) == ["q1", "a1", "q2", "a2"]
    assert _versions(st, c)[-1] == (1, 2)
    # a new message follows the version shown
    st.add_message(c, "user", "q3")
    assert _shown(st, c) == ["q1", "a1", "q2", "a2", "q3"]
    st.switch_to(r)
    assert _shown(st, c) == ["q1", "a1", "q2", "a2 again"]


def test_an_edit_is_a_new_branch_and_each_keeps_what_followed_it(
    st: ConversationStore,
) -> None:
    c, ids = _chat(st)
    edited = st.add_message(c, "user", "q1, edited", sibling_of=ids[0])
    assert _shown(st, c) == ["q1, edited"]
    st.add_message(c, "assistant", "a1'")
    assert _shown(st, c) == ["q1, edited", "a1'"]
    assert _versions(st, c) == [(2, 2), (1, 1)]
    st.switch_to(ids[0])  # the first branch comes back whole
    assert _shown(st, c) == ["q1", "a1", "q2", "a2"]
    st.switch_to(edited)
    assert _shown(st, c) == ["q1, edited", "a1'"]
    # a version deep in a branch that is not shown: the versions leading to it come too
    st.switch_to(ids[3])
    assert _shown(st, c) == ["q1", "a1", "q2", "a2"]
    tree = st.tree(c)
    assert len(tree) == 6 and [m.position for m in tree] == [0, 0, 1, 1, 2, 3]


def test_switching_changes_the_history_a_reply_is_written_from(st: ConversationStore) -> None:
    c, ids = _chat(st)
    st.add_message(c, "user", "q2 other", sibling_of=ids[2])
    history = [m.as_message() for m in st.messages(c)]
    assert [m.content for m in history] == ["q1", "a1", "q2 other"]
    st.switch_to(ids[2])
    assert [m.as_message().content for m in st.messages(c)][-1] == "a2"


def test_deleting_a_shown_version_shows_its_neighbour(st: ConversationStore) -> None:
    c, ids = _chat(st)
    second = st.begin_reply(c, sibling_of=ids[3])
    third = st.begin_reply(c, sibling_of=ids[3])
    st.update_reply(second, "a2 second", complete=True)
    st.update_reply(third, "a2 third", complete=True)
    st.switch_to(second)
    st.delete_message(second)
    assert _shown(st, c)[-1] == "a2"  # the nearest earlier version
    assert _versions(st, c)[-1] == (1, 2)
    st.delete_message(ids[3])
    assert _shown(st, c)[-1] == "a2 third" and _versions(st, c)[-1] == (1, 1)


def test_deleting_a_message_keeps_what_followed_it(st: ConversationStore) -> None:
    c, ids = _chat(st)
    other = st.begin_reply(c, sibling_of=ids[1])  # a1 has two versions; the new one shown
    st.switch_to(ids[1])
    st.delete_message(ids[1])  # the shown version, with messages after it
    assert _shown(st, c) == ["q1", "q2", "a2"]
    assert [m.position for m in st.messages(c)] == [0, 1, 2]
    assert {m.id for m in st.tree(c)} == {ids[0], ids[2], ids[3], other}
    # what followed it is now a version at its place (the older, so first), shown; the other
    # version is kept
    assert _versions(st, c)[1] == (1, 2)


def test_truncate_removes_a_branch_with_everything_under_it(st: ConversationStore) -> None:
    c, ids = _chat(st)
    st.add_message(c, "user", "q2 other", sibling_of=ids[2])
    st.add_message(c, "assistant", "a2 other")
    st.switch_to(ids[2])
    assert st.truncate_after(c, 1) == 5  # a1, and both branches below it
    assert _shown(st, c) == ["q1"]
    assert [m.content for m in st.tree(c)] == ["q1"]
    assert st.search("other") == []


def test_a_version_of_another_conversations_message_is_refused(st: ConversationStore) -> None:
    c, ids = _chat(st)
    other = st.create_conversation("other", "tiny", {})
    with pytest.raises(KeyError):
        st.add_message(other, "user", "x", sibling_of=ids[0])
    with pytest.raises(KeyError):
        st.switch_to(12345)


def test_a_long_conversation_deletes_without_trigger_depth_limits(st: ConversationStore) -> None:
    c = st.create_conversation("long", "tiny", {})
    for i in range(1200):  # deeper than SQLite's trigger recursion limit (1000)
        st.add_message(c, "user" if i % 2 == 0 else "assistant", f"m{i}")
    assert len(st.messages(c)) == 1200
    assert st.truncate_after(c, 1) == 1199
    st.delete(c)
    assert st.purge_deleted() == 1


# --- migration -------------------------------------------------------------------------------
V1_ROWS = [  # (conversation, position, role, content): gaps where messages were deleted
    (1, 0, "user", "hello"), (1, 1, "assistant", "hi"), (1, 3, "user", "again"),
    (1, 4, "assistant", "sure"), (2, 0, "user", "other chat"),
]


def _v1_database(db: Path) -> None:
    """A database as Orchard made it before branches: the schema-1 statements, verbatim."""
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in store._V1:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    for cid, title in ((1, "first"), (2, "second")):
        conn.execute("INSERT INTO conversations (id, title, created_at, updated_at) "
                     "VALUES (?, ?, 1.0, 2.0)", (cid, title))
    for cid, position, role, content in V1_ROWS:
        conn.execute("INSERT INTO messages (conversation_id, position, role, content, "
                     "created_at) VALUES (?, ?, ?, ?, 1.5)", (cid, position, role, content))
    conn.close()


def test_a_database_from_before_branches_opens_as_one_branch(db: Path) -> None:
    _v1_database(db)
    with ConversationStore(db) as s:
        assert s.recovered_from is None
        assert _shown(s, 1) == ["hello", "hi", "again", "sure"]
        assert [m.position for m in s.messages(1)] == [0, 1, 2, 3]
        assert _versions(s, 1) == [(1, 1)] * 4
        assert _shown(s, 2) == ["other chat"]
        assert [h.conversation.id for h in s.search("again")] == [1]  # the index is kept
        # and it branches like a new one
        first = s.messages(1)[0].id
        s.add_message(1, "user", "hello, edited", sibling_of=first)
        assert _shown(s, 1) == ["hello, edited"]
        s.switch_to(first)
        assert _shown(s, 1) == ["hello", "hi", "again", "sure"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(store.MIGRATIONS)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
