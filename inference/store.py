"""Saved conversations: one SQLite file in the data folder, written as the chat happens.

Every write is its own committed transaction, so a crash (or a kill) loses at most the text
streamed since the last :meth:`ConversationStore.update_reply`. The file is in WAL mode, so a
commit is one append to the write-ahead log rather than a rewrite of pages.

The schema has a version (``PRAGMA user_version``); :data:`MIGRATIONS` is applied in order at
open, one transaction per step. A damaged file is moved aside, never deleted, and the store
starts fresh with :attr:`ConversationStore.recovered_from` saying where the old bytes went.

The versions so far: 1 conversations and messages, 2 messages as a tree, 3 the files sent
with a message (``attachments``), 4 an image's bytes in its attachment.

A conversation is a tree (schema 2): every message has a parent (None for a first message),
and an edit or a regenerate adds a sibling instead of replacing what was there. Among
siblings one is ``active``: the version shown, and what the model is sent. :meth:`messages`
is the active path, the conversation as the user sees it; :meth:`tree` is every version.

Deleting a conversation is soft (``deleted_at``) so the GUI can offer undo; the rows are
purged on :meth:`ConversationStore.close` and at the next open (after a crash).

Threading: one connection per store, used from the thread that created it (the GUI thread).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inference import paths, transcript_io
from inference.attachments import Attachment, render
from inference.errors import OrchardError
from inference.transcript_io import Transcript, TranscriptMessage
from inference.types import Message

log = logging.getLogger(__name__)

FILE_NAME = "conversations.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
EXPORT_FORMAT = transcript_io.FORMAT

#: Settings: one flat dict, as the front end that made the conversation saved it: the
#: window's ChatSettings fields ({"system_prompt", "template", "custom_template",
#: "temperature", ..., "max_tokens", "context_length", "loop_guard"}; a sampling value of
#: None is the model's own), the CLI's {"system_prompt", "context_length"}. Stats: what
#: :func:`reply_stats` writes. Both are stored as JSON as given; the store does not
#: interpret them.
JSONDict = dict[str, Any]



def reply_stats(final: Any, info: Any) -> JSONDict:
    """What is saved with a reply: its model (a ModelInfo) and its last chunk's figures. The
    window shows them under the reply; ``dropped_turns`` is where the next session, after a
    restart, starts sending from (so the saved KV cache still matches)."""
    return {
        "model": getattr(info, "name", None), "quant": getattr(info, "quantization", None),
        "weights": getattr(info, "weights", None), **final.figures(),
        "dropped_turns": final.dropped_turns,
    }


def dropped_turns(messages: list[StoredMessage]) -> int:
    """The earlier turns the conversation's last reply was sent without."""
    for m in reversed(messages):
        if m.role == "assistant" and m.stats:
            return int(m.stats.get("dropped_turns") or 0)
    return 0


def context_used(messages: list[StoredMessage]) -> int | None:
    """How much of the model's context the conversation fills: its last reply's prompt and
    reply tokens; None before any reply."""
    for m in reversed(messages):
        if m.role == "assistant" and m.stats:
            return int(m.stats.get("prompt_tokens") or 0) + int(
                m.stats.get("generation_tokens") or 0)
    return None


class StoreError(OrchardError):
    """The conversation database cannot be opened (locked, unreadable, from a newer Orchard)."""


class _Damaged(Exception):
    """Internal: the file is not a usable SQLite database."""


@dataclass(frozen=True)
class ConversationSummary:
    id: int
    title: str
    model: str
    created_at: float  # seconds since the epoch, UTC
    updated_at: float
    message_count: int


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    model: str
    created_at: float
    updated_at: float
    settings: JSONDict
    deleted: bool


@dataclass(frozen=True)
class StoredMessage:
    id: int
    conversation_id: int
    position: int  # 0-based place on the active path (its depth in the tree)
    role: str
    content: str
    token_ids: list[int] | None
    stats: JSONDict | None
    created_at: float
    complete: bool  # False while a reply streams, and forever if the app died meanwhile
    parent_id: int | None = None  # the message this one follows; None for a first message
    #: the versions at this place (this one included), oldest first: ‹ 2/3 › in the window
    siblings: tuple[int, ...] = ()
    active: bool = True  # the version shown among its siblings
    #: the user's files sent with it, their text kept here (not paths that can break)
    attachments: tuple[Attachment, ...] = ()
    #: a tool call's record: on a reply, {"calls": [the calls it made]}; on a tool message
    #: (role "tool", content = the result the model was given), {"id", "name", "server",
    #: "arguments", "state", "seconds", "cut"} (see inference.tools.turns)
    tool: JSONDict | None = None

    def as_message(self) -> Message:
        """The message as a :class:`~inference.session.ChatSession` holds it: attached files
        rendered into its content as the model is sent them."""
        content = render(self.content, self.attachments) if self.attachments else self.content
        images = tuple(a.data for a in self.attachments if a.is_image)
        message = Message(self.role, content, list(self.token_ids) if self.token_ids else None,
                          images=images)
        tool = self.tool or {}
        if self.role == "assistant" and tool.get("calls"):
            message.tool_calls = list(tool["calls"])
        elif self.role == "tool":
            message.tool_call_id = str(tool.get("id") or "")
            message.name = str(tool.get("name") or "") or None
        return message


@dataclass(frozen=True)
class SearchHit:
    conversation: ConversationSummary
    message_id: int  # the best-ranked matching message in that conversation
    snippet: str  # plain text; matched terms wrapped in the marks given to search()


# --- schema ------------------------------------------------------------------------------
# A migration runs inside a transaction that also sets user_version; it must use
# conn.execute only (executescript commits on its own and would break that).
Migration = Callable[[sqlite3.Connection], None]

# AUTOINCREMENT: ids are never reused, so a stale id the GUI still holds (a reply that was
# streaming when its message was truncated away) can never hit a newer row.
_V1 = (
    """CREATE TABLE conversations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        settings TEXT NOT NULL DEFAULT '{}',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        deleted_at REAL
    )""",
    "CREATE INDEX conversations_by_updated ON conversations(updated_at)",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        token_ids TEXT,
        stats TEXT,
        created_at REAL NOT NULL,
        complete INTEGER NOT NULL DEFAULT 1
    )""",
    # Loading a conversation, appending, truncating and the cascade all use this index
    # (unique here; schema 2 makes it a plain index: siblings share a position).
    "CREATE UNIQUE INDEX messages_by_position ON messages(conversation_id, position)",
    # External-content FTS5: the text lives once, in messages; triggers keep the index in step.
    """CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END""",
    """CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
        VALUES ('delete', old.id, old.content);
    END""",
    """CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
        VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END""",
)


def _migrate_to_v1(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)


def _migrate_to_v2(conn: sqlite3.Connection) -> None:
    """Branches: each message gets its parent (the one before it) and ``active``; positions
    become depths, 0 to n - 1 with no gaps, and are no longer unique (siblings share one).

    No foreign key on parent_id: SQLite runs cascades as nested triggers, which a long
    conversation would take past their depth limit; subtrees are deleted with a recursive
    query instead (:meth:`ConversationStore._delete_subtree`)."""
    conn.execute("ALTER TABLE messages ADD COLUMN parent_id INTEGER")
    conn.execute("ALTER TABLE messages ADD COLUMN active INTEGER NOT NULL DEFAULT 1")
    rows = conn.execute(
        "SELECT id, conversation_id FROM messages ORDER BY conversation_id, position").fetchall()
    updates: list[tuple[int | None, int, int]] = []
    previous: tuple[int, int] | None = None  # (conversation, message)
    depth = 0
    for mid, conv in rows:
        if previous is None or previous[0] != conv:
            parent, depth = None, 0
        else:
            parent, depth = previous[1], depth + 1
        updates.append((parent, depth, mid))
        previous = (conv, mid)
    conn.execute("DROP INDEX messages_by_position")
    conn.executemany("UPDATE messages SET parent_id = ?, position = ? WHERE id = ?", updates)
    conn.execute("CREATE INDEX messages_by_position ON messages(conversation_id, position)")
    conn.execute("CREATE INDEX messages_by_parent ON messages(parent_id)")


def _migrate_to_v3(conn: sqlite3.Connection) -> None:
    """Attachments: the text of the files a message was sent with, in order, searchable
    (their own external-content FTS5 index, by name and text). Deleting a message deletes
    its attachments (one level of cascade)."""
    for statement in (
        """CREATE TABLE attachments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            cut INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX attachments_by_message ON attachments(message_id, n)",
        """CREATE VIRTUAL TABLE attachments_fts USING fts5(
            name, text, content='attachments', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER attachments_ai AFTER INSERT ON attachments BEGIN
            INSERT INTO attachments_fts(rowid, name, text) VALUES (new.id, new.name, new.text);
        END""",
        """CREATE TRIGGER attachments_ad AFTER DELETE ON attachments BEGIN
            INSERT INTO attachments_fts(attachments_fts, rowid, name, text)
            VALUES ('delete', old.id, old.name, old.text);
        END""",
    ):
        conn.execute(statement)


def _migrate_to_v4(conn: sqlite3.Connection) -> None:
    """Images: an image attachment's pixels (PNG or JPEG bytes) in the conversation itself,
    not a path that can break; its ``text`` stays empty, so search finds it by name."""
    conn.execute("ALTER TABLE attachments ADD COLUMN data BLOB")


def _migrate_to_v5(conn: sqlite3.Connection) -> None:
    """Tool calls: a reply's calls, and on a tool message the call it answers, its arguments,
    whether the user allowed it and how it ended (JSON; see StoredMessage.tool)."""
    conn.execute("ALTER TABLE messages ADD COLUMN tool TEXT")


#: MIGRATIONS[i] takes the schema from version i to i + 1. Add new steps at the end only.
MIGRATIONS: list[Migration] = [_migrate_to_v1, _migrate_to_v2, _migrate_to_v3, _migrate_to_v4,
                               _migrate_to_v5]


def _schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    migrations = MIGRATIONS  # read at call time, so tests can add a step
    version = _schema_version(conn)
    if version > len(migrations):
        raise StoreError(
            f"The conversations in {path} were saved by a newer Orchard (schema {version}); "
            "update Orchard to open them."
        )
    for number, migration in enumerate(migrations[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration(conn)
            conn.execute(f"PRAGMA user_version = {number:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        log.info("conversation store %s migrated to schema %d", path, number)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def _fts_query(text: str) -> str:
    """A user's words as a safe FTS5 query: each term a quoted phrase, all required.

    Quoting makes operators (AND, OR, NEAR, *, ", parentheses) plain words, so no input is
    a syntax error. The last term is a prefix, for search as you type.
    """
    terms = [t for t in text.split() if any(ch.isalnum() for ch in t)]
    if not terms:
        return ""
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _dumps(value: Mapping[str, Any] | list[int] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value if isinstance(value, list) else dict(value), ensure_ascii=False)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class ConversationStore:
    """All saved conversations. Unknown ids raise ``KeyError`` (a caller's mistake)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.data_dir() / FILE_NAME
        #: Where a damaged database was moved before this store started fresh; None if not.
        self.recovered_from: Path | None = None
        self._last_ts = 0.0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._connect()
        except _Damaged as exc:
            self.recovered_from = self._move_aside()
            log.warning("conversation store %s is damaged (%s); moved to %s, starting fresh",
                        self.path, exc, self.recovered_from)
            self._conn = self._connect()
        self._purge_if_room()  # soft deletes left by a session that did not close

    # --- opening ---------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not Orchard's conversations file; move "
                             "it away and start Orchard again.")
        if self.path.exists() and self.path.stat().st_size > 0:
            try:
                with open(self.path, "rb") as f:
                    header = f.read(len(SQLITE_HEADER))
            except OSError as exc:
                raise StoreError(f"Could not read {self.path} ({exc.strerror or exc}); check "
                                 "its permissions.") from exc
            if header != SQLITE_HEADER:
                raise _Damaged("not a SQLite database")
            self._check_schema_is_ours()
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per call.
            conn = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"Could not open {self.path} ({exc}); check the folder's "
                             "permissions and free space.") from exc
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise _Damaged("; ".join(str(r) for r in result[:3]))
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            _migrate(conn, self.path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_corruption(exc):
                raise _Damaged(str(exc)) from exc
            raise StoreError(self._why_not(exc)) from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def _why_not(self, exc: sqlite3.DatabaseError) -> str:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name.startswith("SQLITE_FULL") or "disk is full" in str(exc):
            return (f"The disk holding {self.path.parent} is full, so Orchard could not open "
                    "its conversations; free some space and start Orchard again.")
        if name.startswith("SQLITE_READONLY") or not os.access(self.path, os.W_OK) \
                or not os.access(self.path.parent, os.W_OK):
            return (f"Orchard cannot write to {self.path} (it or its folder is read-only); "
                    "check the permissions.")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return (f"{self.path} is in use by another program (another copy of Orchard?); "
                    "close it and try again.")
        return f"Could not open {self.path} ({exc}); check the folder's permissions and space."

    def _check_schema_is_ours(self) -> None:
        """Refuse, before any write, a database whose schema is not Orchard's.

        SQLite replays whatever ``-wal`` file lies beside the database, even one from another
        database: the tables then read as that one's, with ``user_version`` 0, and a
        read-write connection would migrate "empty" tables and checkpoint the foreign pages
        over ours on close. A read-only look checkpoints nothing, so the set can be moved
        aside as it is.
        """
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True)
        except sqlite3.Error:
            return  # the read-write open below reports what is wrong
        try:
            version = _schema_version(conn)
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            if _is_corruption(exc):
                raise _Damaged(str(exc)) from exc
            return
        finally:
            conn.close()
        if tables and (version == 0 or not {"conversations", "messages"} <= tables):
            raise _Damaged(f"its tables are not Orchard's ({', '.join(sorted(tables)[:3])}; "
                           "a -wal file from another database?)")

    def _move_aside(self) -> Path:
        """Rename the file (and its -wal/-shm) to ``<name>.damaged-YYYYmmdd-HHMMSS``.

        The -wal/-shm keep their suffixes, so SQLite can open the moved set as it was.
        """
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
            n += 1
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                os.replace(extra, target.with_name(target.name + suffix))
        os.replace(self.path, target)
        return target

    def close(self) -> None:
        """Purge soft-deleted conversations and close the file."""
        try:
            self._purge_if_room()
        finally:
            self._conn.close()

    def _purge_if_room(self) -> None:
        """Purge, unless the disk cannot take even that (a delete is written to the WAL
        first): the deleted rows then stay hidden until the next open, and opening or
        closing the store does not fail on a full disk."""
        try:
            self.purge_deleted()
        except StoreError as exc:
            log.warning("deleted conversations not purged yet: %s", exc)

    def __enter__(self) -> ConversationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- helpers ---------------------------------------------------------------------------
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction. A write the disk cannot take (full, read-only, an I/O error)
        becomes a StoreError sentence; nothing of the transaction is kept, nothing earlier is
        lost, and the store stays usable for when space comes back."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise StoreError(self._write_failed(exc)) from exc

    def _write_failed(self, exc: sqlite3.OperationalError) -> str:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name.startswith("SQLITE_FULL") or "disk is full" in str(exc):
            return (f"The disk holding {self.path.parent} is full, so Orchard could not save "
                    "the conversation; free some space and try again.")
        if name.startswith("SQLITE_READONLY"):
            return f"Orchard cannot write to {self.path} (it is read-only)."
        return f"Orchard could not save to {self.path} ({exc})."

    def _now(self) -> float:
        # Strictly increasing within a store, so "newest first" never depends on clock ties.
        self._last_ts = max(time.time(), self._last_ts + 1e-6)
        return self._last_ts

    def _touch(self, conn: sqlite3.Connection, conv_id: int, now: float) -> None:
        cur = conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conv_id))
        if cur.rowcount == 0:
            raise KeyError(f"no conversation {conv_id}")

    def _conversation_of(self, conn: sqlite3.Connection, msg_id: int) -> int:
        row = conn.execute("SELECT conversation_id FROM messages WHERE id = ?",
                           (msg_id,)).fetchone()
        if row is None:
            raise KeyError(f"no message {msg_id}")
        return int(row[0])

    # --- conversations ---------------------------------------------------------------------
    def create_conversation(self, title: str, model: str = "",
                            settings: Mapping[str, Any] | None = None) -> int:
        now = self._now()
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO conversations (title, model, settings, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (title, model, _dumps(settings or {}), now, now),
            )
        return int(cur.lastrowid or 0)

    def list_conversations(self) -> list[ConversationSummary]:
        """Conversations not deleted, most recently changed first."""
        rows = self._conn.execute(
            "SELECT c.id, c.title, c.model, c.created_at, c.updated_at, "
            "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) "
            "FROM conversations c WHERE c.deleted_at IS NULL "
            "ORDER BY c.updated_at DESC, c.id DESC"
        ).fetchall()
        return [ConversationSummary(*row) for row in rows]

    def conversation(self, conv_id: int) -> Conversation:
        row = self._conn.execute(
            "SELECT id, title, model, created_at, updated_at, settings, deleted_at "
            "FROM conversations WHERE id = ?", (conv_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no conversation {conv_id}")
        return Conversation(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]),
                            row[6] is not None)

    def rename(self, conv_id: int, title: str) -> None:
        """A new title. The conversation keeps its place in the list: a title is not news,
        and a renamed chat jumping to the top loses the user's place."""
        with self._tx() as conn:
            if conn.execute("UPDATE conversations SET title = ? WHERE id = ?",
                            (title, conv_id)).rowcount == 0:
                raise KeyError(f"no conversation {conv_id}")

    def update_settings(self, conv_id: int, settings: Mapping[str, Any], *,
                        model: str | None = None) -> None:
        """Replace the conversation's settings (and its model, if given)."""
        with self._tx() as conn:
            self._touch(conn, conv_id, self._now())
            conn.execute("UPDATE conversations SET settings = ? WHERE id = ?",
                         (_dumps(settings), conv_id))
            if model is not None:
                conn.execute("UPDATE conversations SET model = ? WHERE id = ?", (model, conv_id))

    def delete(self, conv_id: int) -> None:
        """Hide the conversation; :meth:`restore` brings it back until it is purged."""
        with self._tx() as conn:
            cur = conn.execute("UPDATE conversations SET deleted_at = ? WHERE id = ?",
                               (self._now(), conv_id))
            if cur.rowcount == 0:
                raise KeyError(f"no conversation {conv_id}")

    def restore(self, conv_id: int) -> None:
        with self._tx() as conn:
            cur = conn.execute("UPDATE conversations SET deleted_at = NULL WHERE id = ?",
                               (conv_id,))
            if cur.rowcount == 0:
                raise KeyError(f"no conversation {conv_id} (it may have been purged)")

    def purge_deleted(self) -> int:
        """Remove deleted conversations for good (their messages go by cascade)."""
        with self._tx() as conn:
            cur = conn.execute("DELETE FROM conversations WHERE deleted_at IS NOT NULL")
        return cur.rowcount

    # --- messages --------------------------------------------------------------------------
    _COLUMNS = ("id, conversation_id, position, role, content, token_ids, stats, created_at, "
                "complete, parent_id, active, tool")

    def _rows(self, conv_id: int) -> list[tuple[Any, ...]]:
        # the order the position index gives (depth, then age): parents before children
        return self._conn.execute(
            f"SELECT {self._COLUMNS} FROM messages WHERE conversation_id = ? "
            "ORDER BY position, id", (conv_id,)).fetchall()

    @staticmethod
    def _active_path(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """The rows shown, first to last: from the first messages down, the active child."""
        chosen: dict[int | None, tuple[Any, ...]] = {}
        for r in rows:
            if r[10]:
                chosen[r[9]] = r  # the newest, should two ever be marked
        path: list[tuple[Any, ...]] = []
        while (path[-1][0] if path else None) in chosen and len(path) < len(rows):
            path.append(chosen[path[-1][0] if path else None])
        return path

    def _stored(self, rows: list[tuple[Any, ...]],
                only: list[tuple[Any, ...]] | None = None,
                files: bool = True) -> list[StoredMessage]:
        groups: dict[int | None, list[int]] = {}
        for r in sorted(rows, key=lambda r: r[0]):  # siblings oldest first
            groups.setdefault(r[9], []).append(r[0])
        shown = only if only is not None else rows
        attached = self._attachments([r[0] for r in shown]) if files else {}
        return [
            StoredMessage(r[0], r[1], i if only is not None else r[2], r[3], r[4], _loads(r[5]),
                          _loads(r[6]), r[7], bool(r[8]), r[9], tuple(groups[r[9]]), bool(r[10]),
                          tuple(attached.get(r[0], ())), _loads(r[11]))
            for i, r in enumerate(shown)
        ]

    def _attachments(self, message_ids: list[int]) -> dict[int, list[Attachment]]:
        out: dict[int, list[Attachment]] = {}
        for chunk in range(0, len(message_ids), 500):  # SQLite's bound-parameter limit
            ids = message_ids[chunk:chunk + 500]
            for mid, name, kind, text, size, cut, data in self._conn.execute(
                    "SELECT message_id, name, kind, text, size_bytes, cut, data FROM attachments "
                    f"WHERE message_id IN ({','.join('?' * len(ids))}) ORDER BY message_id, n",
                    ids):
                out.setdefault(mid, []).append(
                    Attachment(name, kind, text, size, bool(cut), data=bytes(data or b"")))
        return out

    def _leaf(self, conn: sqlite3.Connection, conv_id: int) -> tuple[int | None, int]:
        """The last message shown and the depth of a message after it."""
        path = self._active_path(self._rows(conv_id))
        return (path[-1][0], len(path)) if path else (None, 0)

    def _place_of(self, conn: sqlite3.Connection, msg_id: int) -> tuple[int | None, int]:
        row = conn.execute("SELECT parent_id, position FROM messages WHERE id = ?",
                           (msg_id,)).fetchone()
        if row is None:
            raise KeyError(f"no message {msg_id}")
        return row[0], int(row[1])

    def add_message(self, conv_id: int, role: str, content: str, *,
                    token_ids: list[int] | None = None,
                    stats: Mapping[str, Any] | None = None, complete: bool = True,
                    sibling_of: int | None = None,
                    attachments: tuple[Attachment, ...] | list[Attachment] = (),
                    tool: Mapping[str, Any] | None = None) -> int:
        """Append a message after the last one shown; it is committed before this returns.
        ``attachments``: the files sent with it (their text), kept with it.

        With ``sibling_of``, the message is a new version of that one instead (an edit, a
        regenerate): it follows the same message, and is the one shown from now on. The
        earlier version stays, with whatever followed it."""
        now = self._now()
        with self._tx() as conn:
            self._touch(conn, conv_id, now)
            if sibling_of is None:
                parent, depth = self._leaf(conn, conv_id)
            else:
                if self._conversation_of(conn, sibling_of) != conv_id:
                    raise KeyError(f"no message {sibling_of} in conversation {conv_id}")
                parent, depth = self._place_of(conn, sibling_of)
            conn.execute("UPDATE messages SET active = 0 WHERE conversation_id = ? "
                         "AND parent_id IS ?", (conv_id, parent))
            mid = self._insert(conn, conv_id, role, content, token_ids, stats, complete, now,
                               parent=parent, depth=depth, tool=tool)
            self._insert_attachments(conn, mid, attachments)
            return mid

    @staticmethod
    def _insert_attachments(conn: sqlite3.Connection, msg_id: int,
                            attachments: tuple[Attachment, ...] | list[Attachment]) -> None:
        conn.executemany(
            "INSERT INTO attachments (message_id, n, name, kind, text, size_bytes, cut, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(msg_id, n, a.name, a.kind, a.text, a.size_bytes, int(a.cut), a.data or None)
             for n, a in enumerate(attachments)])

    @staticmethod
    def _insert(conn: sqlite3.Connection, conv_id: int, role: str, content: str,
                token_ids: list[int] | None, stats: Mapping[str, Any] | None, complete: bool,
                created_at: float, *, parent: int | None, depth: int,
                active: bool = True, tool: Mapping[str, Any] | None = None) -> int:
        cur = conn.execute(
            "INSERT INTO messages (conversation_id, position, role, content, token_ids, "
            "stats, created_at, complete, parent_id, active, tool) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (conv_id, depth, role, content, _dumps(token_ids), _dumps(stats), created_at,
             int(complete), parent, int(active), _dumps(tool)),
        )
        return int(cur.lastrowid or 0)

    def begin_reply(self, conv_id: int, *, sibling_of: int | None = None) -> int:
        """An empty, incomplete assistant message for a reply about to stream (a new version
        of reply ``sibling_of``, for a regenerate)."""
        return self.add_message(conv_id, "assistant", "", complete=False, sibling_of=sibling_of)

    def update_reply(self, msg_id: int, content: str, *, complete: bool = False,
                     stats: Mapping[str, Any] | None = None,
                     token_ids: list[int] | None = None,
                     tool: Mapping[str, Any] | None = None) -> None:
        """Save the reply so far (committed at once); also a tool message's result as it
        comes. Stats, ids and the tool record are kept unless given."""
        with self._tx() as conn:
            conv_id = self._conversation_of(conn, msg_id)
            conn.execute(
                "UPDATE messages SET content = ?, complete = ?, stats = COALESCE(?, stats), "
                "token_ids = COALESCE(?, token_ids), tool = COALESCE(?, tool) WHERE id = ?",
                (content, int(complete), _dumps(stats), _dumps(token_ids), _dumps(tool),
                 msg_id),
            )
            self._touch(conn, conv_id, self._now())

    def messages(self, conv_id: int, *, files: bool = True) -> list[StoredMessage]:
        """The conversation as shown: the active version at each place, first to last.
        ``files=False`` leaves the attached files out (their text can be megabytes): for a
        caller that reads only roles, text and figures, often, on the GUI thread."""
        rows = self._rows(conv_id)
        return self._stored(rows, self._active_path(rows), files)

    def tree(self, conv_id: int) -> list[StoredMessage]:
        """Every message, every version, parents before children (``position`` is depth)."""
        return self._stored(self._rows(conv_id))

    def switch_to(self, msg_id: int) -> None:
        """Show version ``msg_id`` (and the versions before it that lead to it): what follows
        it is the version that was shown there last. The next reply is written from it."""
        with self._tx() as conn:
            conv_id = self._conversation_of(conn, msg_id)
            node: int | None = msg_id
            while node is not None:
                parent, _ = self._place_of(conn, node)
                conn.execute("UPDATE messages SET active = (id = ?) WHERE conversation_id = ? "
                             "AND parent_id IS ?", (node, conv_id, parent))
                node = parent

    @staticmethod
    def _subtree(conn: sqlite3.Connection, msg_id: int) -> list[int]:
        return [r[0] for r in conn.execute(
            "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT m.id FROM messages m "
            "JOIN sub ON m.parent_id = sub.id) SELECT id FROM sub", (msg_id,))]

    def _delete_subtree(self, conn: sqlite3.Connection, msg_id: int) -> int:
        ids = self._subtree(conn, msg_id)
        conn.executemany("DELETE FROM messages WHERE id = ?", [(i,) for i in ids])
        return len(ids)

    def truncate_after(self, conv_id: int, position: int) -> int:
        """Delete the message shown at ``position``, everything after it and every version
        that followed it; return how many. Its own other versions stay, not shown."""
        with self._tx() as conn:
            self._touch(conn, conv_id, self._now())
            path = self._active_path(self._rows(conv_id))
            return sum(self._delete_subtree(conn, r[0]) for r in path[position:position + 1])

    def delete_message(self, msg_id: int) -> None:
        """Delete one message; what followed it stays, one place earlier. If it was the
        version shown and nothing followed it, its nearest other version is shown."""
        with self._tx() as conn:
            conv_id = self._conversation_of(conn, msg_id)
            parent, _ = self._place_of(conn, msg_id)
            was_active = conn.execute("SELECT active FROM messages WHERE id = ?",
                                      (msg_id,)).fetchone()[0]
            below = self._subtree(conn, msg_id)[1:]
            conn.executemany("UPDATE messages SET position = position - 1 WHERE id = ?",
                             [(i,) for i in below])
            if not was_active:  # its followers join versions of which another is shown
                conn.execute("UPDATE messages SET active = 0 WHERE parent_id = ?", (msg_id,))
            has_children = conn.execute(
                "UPDATE messages SET parent_id = ? WHERE parent_id = ?", (parent, msg_id)
            ).rowcount > 0
            conn.execute("DELETE FROM messages WHERE id = ?", (msg_id,))
            if was_active and not has_children:
                sibling = conn.execute(
                    "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS ? "
                    "ORDER BY id < ? DESC, abs(id - ?) LIMIT 1",
                    (conv_id, parent, msg_id, msg_id)).fetchone()
                if sibling is not None:
                    conn.execute("UPDATE messages SET active = 1 WHERE id = ?", (sibling[0],))
            self._touch(conn, conv_id, self._now())

    # --- search ----------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 50, marks: tuple[str, str] = ("[", "]"),
               ) -> list[SearchHit]:
        """Conversations whose messages contain every word of ``query``, newest first.

        Any text is accepted: FTS5 syntax in it is taken literally, never raised.
        """
        fts = _fts_query(query)
        if not fts:
            return []
        summary = ("SELECT c.id, c.title, c.model, c.created_at, c.updated_at, "
                   "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id), ")
        try:
            rows = self._conn.execute(
                summary + "m.id, snippet(messages_fts, 0, ?, ?, '…', 12), messages_fts.rank "
                "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
                "JOIN conversations c ON c.id = m.conversation_id "
                "WHERE messages_fts MATCH ? AND c.deleted_at IS NULL",
                (marks[0], marks[1], fts),
            ).fetchall()
            # the files sent with a message are found too: the hit is the message, the
            # snippet says which file
            rows += [(*r[:7], f"{r[7]}: {r[8]}", r[9]) for r in self._conn.execute(
                summary + "m.id, a.name, snippet(attachments_fts, 1, ?, ?, '…', 12), "
                "attachments_fts.rank "
                "FROM attachments_fts JOIN attachments a ON a.id = attachments_fts.rowid "
                "JOIN messages m ON m.id = a.message_id "
                "JOIN conversations c ON c.id = m.conversation_id "
                "WHERE attachments_fts MATCH ? AND c.deleted_at IS NULL",
                (marks[0], marks[1], fts),
            )]
        except sqlite3.OperationalError as exc:  # a query form _fts_query did not foresee
            log.warning("search for %r failed: %s", query, exc)
            return []
        rows.sort(key=lambda r: (-r[4], -r[0], r[8]))  # newest conversation, best match
        hits: list[SearchHit] = []
        seen: set[int] = set()
        for row in rows:
            if row[0] in seen:
                continue
            seen.add(row[0])
            hits.append(SearchHit(ConversationSummary(*row[:6]), row[6], row[7]))
            if len(hits) >= limit:
                break
        return hits

    # --- export / import -------------------------------------------------------------------
    def transcript(self, conv_id: int) -> Transcript:
        """The conversation, every version of it, as :mod:`inference.transcript_io` writes."""
        conv = self.conversation(conv_id)
        tree = self.tree(conv_id)
        index = {m.id: i for i, m in enumerate(tree)}
        return Transcript(conv.title, conv.model, conv.created_at, dict(conv.settings), [
            TranscriptMessage(m.role, m.content, index.get(m.parent_id) if m.parent_id else None,
                              m.active, m.stats, m.token_ids, m.created_at, m.complete,
                              list(m.attachments), m.tool)
            for m in tree])

    def export_markdown(self, conv_id: int) -> str:
        return transcript_io.to_markdown(self.transcript(conv_id))

    def export_json(self, conv_id: int) -> str:
        return transcript_io.to_json(self.transcript(conv_id))

    def import_transcript(self, t: Transcript) -> int:
        """A new conversation holding ``t`` (every version), in one transaction."""
        now = self._now()
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO conversations (title, model, settings, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (t.title, t.model, _dumps(t.settings),
                 t.created_at if t.created_at is not None else now, now))
            conv_id = int(cur.lastrowid or 0)
            ids: list[int] = []
            depths: list[int] = []
            for m in t.messages:
                parent = None if m.parent is None else ids[m.parent]
                depth = 0 if m.parent is None else depths[m.parent] + 1
                ids.append(self._insert(
                    conn, conv_id, m.role, m.content, m.token_ids, m.stats, m.complete,
                    m.created_at if m.created_at is not None else now,
                    parent=parent, depth=depth, active=m.active, tool=m.tool))
                self._insert_attachments(conn, ids[-1], m.attachments)
                depths.append(depth)
        return conv_id

    def import_json(self, text: str) -> int:
        """A new conversation from :meth:`export_json` output (any version).

        Raises ``ValueError`` (a TranscriptError) if the text is not such an export."""
        return self.import_transcript(transcript_io.from_json(text))

    def import_markdown(self, text: str) -> int:
        """A new conversation from :meth:`export_markdown` output (the text, as shown).

        Raises ``ValueError`` (a TranscriptError) if the text is not such an export."""
        return self.import_transcript(transcript_io.from_markdown(text))


def conversations_text(path: Path | None = None) -> str:
    """Every saved conversation's messages as one plain text, the most recently changed
    conversation first (deleted ones left out): what compare scores when the user measures
    a model on their own chats. Read through a read-only connection of its own, so any
    thread may call it and it never repairs, migrates or locks the window's database."""
    path = Path(path) if path is not None else paths.data_dir() / FILE_NAME
    if not path.is_file():
        return ""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                "SELECT m.content FROM messages m JOIN conversations c "
                "ON c.id = m.conversation_id WHERE c.deleted_at IS NULL "
                "ORDER BY c.updated_at DESC, c.id DESC, m.position"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise OrchardError(f"The saved conversations could not be read ({exc}).") from exc
    return "\n\n".join(r[0].strip() for r in rows if r[0] and r[0].strip())
