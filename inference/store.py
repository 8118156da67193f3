"""Saved conversations: one SQLite file in the data folder, written as the chat happens.

Every write is its own committed transaction, so a crash (or a kill) loses at most the text
streamed since the last :meth:`ConversationStore.update_reply`. The file is in WAL mode, so a
commit is one append to the write-ahead log rather than a rewrite of pages.

The schema has a version (``PRAGMA user_version``); :data:`MIGRATIONS` is applied in order at
open, one transaction per step. A damaged file is moved aside, never deleted, and the store
starts fresh with :attr:`ConversationStore.recovered_from` saying where the old bytes went.

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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inference import paths
from inference.errors import OrchardError
from inference.types import Message

log = logging.getLogger(__name__)

FILE_NAME = "conversations.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
EXPORT_FORMAT = "orchard-conversation"

#: Settings: {"system_prompt": str | None, "template": ..., "sampling": {...},
#: "context_length": int | None}. Stats: {"model", "quant", "prompt_tokens",
#: "generation_tokens", "ttft_s", "generation_tps", "finish_reason", ...}. Both are stored
#: as JSON as given; the store does not interpret them.
JSONDict = dict[str, Any]



def reply_stats(final: Any, info: Any) -> JSONDict:
    """What is saved with a reply: its model (a ModelInfo) and its last chunk's figures. The
    window shows them under the reply; ``dropped_turns`` is where the next session, after a
    restart, starts sending from (so the saved KV cache still matches)."""
    return {
        "model": getattr(info, "name", None), "quant": getattr(info, "quantization", None),
        "weights": getattr(info, "weights", None),
        "finish_reason": final.finish_reason, "prompt_tokens": final.prompt_tokens,
        "cached_tokens": final.cached_tokens, "generation_tokens": final.generation_tokens,
        "ttft_s": final.ttft_s, "generation_tps": final.generation_tps,
        "peak_memory_gb": final.peak_memory_gb, "dropped_turns": final.dropped_turns,
    }


def dropped_turns(messages: list[StoredMessage]) -> int:
    """The earlier turns the conversation's last reply was sent without."""
    for m in reversed(messages):
        if m.role == "assistant" and m.stats:
            return int(m.stats.get("dropped_turns") or 0)
    return 0


_ROLE_HEADINGS = {"user": "You", "assistant": "Assistant", "system": "System"}


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
    position: int  # 0-based order in the conversation; gaps after delete_message
    role: str
    content: str
    token_ids: list[int] | None
    stats: JSONDict | None
    created_at: float
    complete: bool  # False while a reply streams, and forever if the app died meanwhile

    def as_message(self) -> Message:
        """The message as a :class:`~inference.session.ChatSession` holds it."""
        return Message(self.role, self.content, list(self.token_ids) if self.token_ids else None)


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
    # Loading a conversation, appending, truncating and the cascade all use this index.
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


#: MIGRATIONS[i] takes the schema from version i to i + 1. Add new steps at the end only.
MIGRATIONS: list[Migration] = [_migrate_to_v1]


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


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


def _from_iso(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


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
        self.purge_deleted()  # soft deletes left by a session that did not close

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
            self.purge_deleted()
        finally:
            self._conn.close()

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
        with self._tx() as conn:
            self._touch(conn, conv_id, self._now())
            conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conv_id))

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
    def add_message(self, conv_id: int, role: str, content: str, *,
                    token_ids: list[int] | None = None,
                    stats: Mapping[str, Any] | None = None, complete: bool = True) -> int:
        """Append a message; it is committed before this returns."""
        now = self._now()
        with self._tx() as conn:
            self._touch(conn, conv_id, now)
            return self._insert(conn, conv_id, role, content, token_ids, stats, complete, now)

    @staticmethod
    def _insert(conn: sqlite3.Connection, conv_id: int, role: str, content: str,
                token_ids: list[int] | None, stats: Mapping[str, Any] | None, complete: bool,
                created_at: float) -> int:
        cur = conn.execute(
            "INSERT INTO messages (conversation_id, position, role, content, token_ids, "
            "stats, created_at, complete) VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 "
            "FROM messages WHERE conversation_id = ?), ?, ?, ?, ?, ?, ?)",
            (conv_id, conv_id, role, content, _dumps(token_ids), _dumps(stats), created_at,
             int(complete)),
        )
        return int(cur.lastrowid or 0)

    def begin_reply(self, conv_id: int) -> int:
        """An empty, incomplete assistant message for a reply about to stream."""
        return self.add_message(conv_id, "assistant", "", complete=False)

    def update_reply(self, msg_id: int, content: str, *, complete: bool = False,
                     stats: Mapping[str, Any] | None = None,
                     token_ids: list[int] | None = None) -> None:
        """Save the reply so far (committed at once). Stats and ids are kept unless given."""
        with self._tx() as conn:
            conv_id = self._conversation_of(conn, msg_id)
            conn.execute(
                "UPDATE messages SET content = ?, complete = ?, "
                "stats = COALESCE(?, stats), token_ids = COALESCE(?, token_ids) WHERE id = ?",
                (content, int(complete), _dumps(stats), _dumps(token_ids), msg_id),
            )
            self._touch(conn, conv_id, self._now())

    def messages(self, conv_id: int) -> list[StoredMessage]:
        rows = self._conn.execute(
            "SELECT id, conversation_id, position, role, content, token_ids, stats, created_at, "
            "complete FROM messages WHERE conversation_id = ? ORDER BY position", (conv_id,)
        ).fetchall()
        return [
            StoredMessage(r[0], r[1], r[2], r[3], r[4], _loads(r[5]), _loads(r[6]), r[7],
                          bool(r[8]))
            for r in rows
        ]

    def truncate_after(self, conv_id: int, position: int) -> int:
        """Delete the messages at ``position`` and after (edit, regenerate); return how many."""
        with self._tx() as conn:
            self._touch(conn, conv_id, self._now())
            cur = conn.execute("DELETE FROM messages WHERE conversation_id = ? AND position >= ?",
                               (conv_id, position))
        return cur.rowcount

    def delete_message(self, msg_id: int) -> None:
        with self._tx() as conn:
            conv_id = self._conversation_of(conn, msg_id)
            conn.execute("DELETE FROM messages WHERE id = ?", (msg_id,))
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
        try:
            rows = self._conn.execute(
                "SELECT c.id, c.title, c.model, c.created_at, c.updated_at, "
                "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id), "
                "m.id, snippet(messages_fts, 0, ?, ?, '…', 12) "
                "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
                "JOIN conversations c ON c.id = m.conversation_id "
                "WHERE messages_fts MATCH ? AND c.deleted_at IS NULL "
                "ORDER BY c.updated_at DESC, c.id DESC, messages_fts.rank",
                (marks[0], marks[1], fts),
            ).fetchall()
        except sqlite3.OperationalError as exc:  # a query form _fts_query did not foresee
            log.warning("search for %r failed: %s", query, exc)
            return []
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
    def export_markdown(self, conv_id: int) -> str:
        conv = self.conversation(conv_id)
        lines = [f"# {conv.title}", ""]
        meta = [f"Model: {conv.model}"] if conv.model else []
        created = datetime.fromtimestamp(conv.created_at).strftime("%Y-%m-%d %H:%M")
        meta.append(f"Created: {created}")
        lines += [" · ".join(meta), ""]
        for m in self.messages(conv_id):
            lines += [f"## {_ROLE_HEADINGS.get(m.role, m.role.title())}", ""]
            # The content is Markdown already (code fences included): written as it is.
            lines += [m.content.rstrip("\n"), ""]
            if not m.complete:
                lines += ["*(unfinished reply)*", ""]
        return "\n".join(lines)

    def export_json(self, conv_id: int) -> str:
        conv = self.conversation(conv_id)
        data = {
            "format": EXPORT_FORMAT,
            "version": 1,
            "title": conv.title,
            "model": conv.model,
            "created_at": _iso(conv.created_at),
            "settings": conv.settings,
            "messages": [
                {"role": m.role, "content": m.content, "stats": m.stats,
                 "created_at": _iso(m.created_at), "complete": m.complete}
                for m in self.messages(conv_id)
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def import_json(self, text: str) -> int:
        """A new conversation from :meth:`export_json` output, in one transaction.

        Raises ``ValueError`` if the text is not such an export.
        """
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
                raise ValueError("not an Orchard conversation export")
            now = self._now()
            created = _from_iso(data["created_at"]) if data.get("created_at") else now
            settings = dict(data.get("settings") or {})
            msgs = [
                (str(m["role"]), str(m["content"]), m.get("stats"),
                 bool(m.get("complete", True)),
                 _from_iso(m["created_at"]) if m.get("created_at") else now)
                for m in data["messages"]
            ]
            title, model = str(data["title"]), str(data.get("model") or "")
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not an Orchard conversation export ({exc})") from exc
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO conversations (title, model, settings, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)", (title, model, _dumps(settings), created, now))
            conv_id = int(cur.lastrowid or 0)
            for role, content, stats, complete, at in msgs:
                self._insert(conn, conv_id, role, content, None, stats, complete, at)
        return conv_id


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
