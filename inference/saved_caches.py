"""KV caches kept on disk, so a conversation reopened after a restart reads only its new turn.

A cache is saved when its conversation is left, the model is swapped or unloaded, or the app
quits (the engine decides when; :class:`~inference.caches.PromptCaches` what), with mlx-lm's
``save_prompt_cache`` (safetensors), one file per token prefix, in the platform's cache folder.
It is keyed by the model's identity (its files' paths, sizes and modification times, how its
weights run, the KV-cache bits, and the versions of Orchard, MLX and mlx-lm), the chat
template and the exact token ids it holds. A prompt takes the saved cache that shares the
longest token prefix with it and reads only the rest.

An index (SQLite, so the window, ``orchard chat`` and ``orchard serve`` may share the folder)
lists the files with their tokens, size and last use; the least recently used go first when
the folder outgrows its cap. A file that is damaged, truncated, from another model or from
another version is ignored (logged) and deleted: the prompt is then read in full, which gives
the right answer, only slower.

mlx-lm saves and loads caches but keeps no library of them on disk (its ``cache_prompt``
writes one file the user names), hence this module. Engine thread only (MLX arrays).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from mlx_lm.models.cache import (
    KVCache,
    QuantizedKVCache,
    load_prompt_cache,
    save_prompt_cache,
)

from inference import paths

log = logging.getLogger(__name__)

#: Bumped when what is saved, or how it is keyed, changes: older files are then ignored.
CACHE_FORMAT = "1"
#: The folder's default cap. A 7B model's cache is about 0.5 MB a token in 16 bits.
DEFAULT_CAP_BYTES = 4 * 10**9
#: Shorter prompts are read again faster than a file is found, loaded and checked.
MIN_TOKENS = 64
INDEX = "index.sqlite3"
#: ``owner``: the saved conversation the cache belongs to ("conversation 12"), so deleting
#: the conversation deletes its cache; "" for API prompts.
_SCHEMA = """CREATE TABLE IF NOT EXISTS caches (
    file TEXT PRIMARY KEY, model TEXT NOT NULL, template TEXT NOT NULL, n INTEGER NOT NULL,
    tokens BLOB NOT NULL, size INTEGER NOT NULL, used REAL NOT NULL,
    owner TEXT NOT NULL DEFAULT '')"""


def folder() -> Path:
    return paths.cache_dir() / "prompt-caches"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def model_identity(info: Any, kv_bits: int | None, exact: bool = False) -> str:
    """What a saved cache must have been made with to be used with this model: every file
    its weights come from (path, size, modification time), how they run, the KV-cache bits,
    and the versions that compute and store the cache. One digest."""
    path = Path(info.path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.suffix in (".safetensors", ".json") and p.is_file())
    else:  # a GGUF: its parts when split
        from inference.model.sources import split_paths

        files = split_paths(path)
    parts = [CACHE_FORMAT, str(kv_bits), str(exact), str(getattr(info, "weights", "")),
             _version("orchard"), _version("mlx"), _version("mlx-lm"), _version("mlx-kquant")]
    for f in files:
        st = f.stat()
        parts.append(f"{f.resolve()}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def template_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _tokens_digest(tokens: list[int]) -> str:
    return hashlib.sha256(np.asarray(tokens, dtype=np.int64).tobytes()).hexdigest()


def _common_prefix(a: np.ndarray, b: np.ndarray) -> int:
    n = min(a.size, b.size)
    differ = np.flatnonzero(a[:n] != b[:n])
    return int(differ[0]) if differ.size else n


@dataclass(frozen=True)
class SavedCache:
    file: Path
    tokens: list[int]


def compact(cache: list[Any]) -> list[Any]:
    """A copy of ``cache`` holding only its tokens: mlx-lm's caches grow in steps of 256 and
    keep trimmed tokens in the buffer, which would be saved with them."""
    out: list[Any] = []
    for c in cache:
        if type(c) is KVCache and c.keys is not None:
            k = KVCache()
            k.keys, k.values = c.keys[..., : c.offset, :], c.values[..., : c.offset, :]
            k.offset = c.offset
            out.append(k)
        elif type(c) is QuantizedKVCache and c.keys is not None:
            q = QuantizedKVCache(c.group_size, c.bits)
            q.keys = tuple(x[..., : c.offset, :] for x in c.keys)
            q.values = tuple(x[..., : c.offset, :] for x in c.values)
            q.offset = c.offset
            out.append(q)
        else:
            out.append(c)
    return out


class SavedCaches:
    """The saved caches of one model (``identity``) in ``root``, at most ``cap_bytes`` of
    them together (all models' files count against one cap)."""

    def __init__(self, identity: str = "", *, root: Path | None = None,
                 cap_bytes: int = DEFAULT_CAP_BYTES, layers: tuple[int, int] = (0, 0)) -> None:
        self.identity = identity
        self.root = root or folder()
        self.cap_bytes = cap_bytes
        #: (KV heads, head size) a loaded cache's keys must have; (0, 0): not checked
        self.layers = layers

    # --- the index -----------------------------------------------------------------------
    @contextlib.contextmanager
    def _index(self) -> Iterator[sqlite3.Connection]:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / INDEX
        try:
            conn = sqlite3.connect(path, timeout=5)
            conn.execute(_SCHEMA)
        except sqlite3.DatabaseError as exc:  # damaged: it only lists files we can rebuild
            log.warning("the prompt cache index %s is unreadable (%s); starting a new one",
                        path, exc)
            with contextlib.suppress(OSError):
                path.unlink()
            conn = sqlite3.connect(path, timeout=5)
            conn.execute(_SCHEMA)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def _forget(self, conn: sqlite3.Connection, file: str) -> None:
        conn.execute("DELETE FROM caches WHERE file = ?", (file,))
        with contextlib.suppress(OSError):
            (self.root / file).unlink()

    # --- finding and loading ------------------------------------------------------------
    def best(self, ids: list[int], template: str) -> SavedCache | None:
        """The saved cache of this model and template that shares the longest prefix with
        ``ids`` (at least :data:`MIN_TOKENS`), or None."""
        want = np.asarray(ids, dtype=np.int32)
        best: tuple[int, str, np.ndarray] | None = None
        try:
            with self._index() as conn:
                rows = conn.execute(
                    "SELECT file, tokens FROM caches WHERE model = ? AND template = ?",
                    (self.identity, template)).fetchall()
        except (OSError, sqlite3.Error) as exc:
            log.warning("the saved prompt caches could not be read: %s", exc)
            return None
        for file, blob in rows:
            tokens = np.frombuffer(blob, dtype=np.int32)
            common = _common_prefix(tokens, want)
            if common >= MIN_TOKENS and (best is None or common > best[0]):
                best = (common, file, tokens)
        if best is None:
            return None
        return SavedCache(self.root / best[1], best[2].tolist())

    def load(self, saved: SavedCache, expected: list[Any]) -> list[Any] | None:
        """The cache saved in ``saved``, checked against what it claims and against
        ``expected`` (a new cache of the model: its layers' kinds); None (the file deleted)
        when it cannot be trusted."""
        why = None
        try:
            cache, meta = load_prompt_cache(str(saved.file), return_metadata=True)
        except Exception as exc:  # noqa: BLE001 - anything MLX says of a bad file
            cache, meta, why = None, {}, f"unreadable ({exc})"
        if why is None:
            why = self._mismatch(cache, meta, saved.tokens, expected)
        if why is not None:
            log.warning("ignoring the saved prompt cache %s: %s", saved.file.name, why)
            try:
                with self._index() as conn:
                    self._forget(conn, saved.file.name)
            except (OSError, sqlite3.Error):
                pass
            return None
        with contextlib.suppress(OSError, sqlite3.Error), self._index() as conn:
            conn.execute("UPDATE caches SET used = ? WHERE file = ?",
                         (time.time(), saved.file.name))
        return cache

    def _mismatch(self, cache: Any, meta: dict[str, str], tokens: list[int],
                  expected: list[Any]) -> str | None:
        if meta.get("format") != CACHE_FORMAT:
            return "written by another version of Orchard"
        if meta.get("model") != self.identity:
            return "made with another model, or another version of it"
        if meta.get("tokens") != _tokens_digest(tokens) or meta.get("n") != str(len(tokens)):
            return "it holds other tokens than its index says"
        if not isinstance(cache, list) or len(cache) != len(expected):
            return "it has another number of layers than the model"
        heads, dim = self.layers
        for c, e in zip(cache, expected, strict=True):
            if type(c) is not type(e):
                return f"a layer's cache is a {type(c).__name__}, not a {type(e).__name__}"
            if type(c) in (KVCache, QuantizedKVCache):
                if int(c.offset) != len(tokens):
                    return "a layer holds another number of tokens"
                keys = c.keys[0] if isinstance(c.keys, tuple | list) else c.keys
                if keys is None or keys.shape[2] < len(tokens):
                    return "a layer is shorter than its tokens"
                if heads and keys.shape[1] != heads:
                    return "its layers have another number of attention heads"
                if dim and type(c) is KVCache and keys.shape[3] != dim:
                    return "its layers have another head size"
        return None

    # --- saving -------------------------------------------------------------------------
    def save(self, cache: list[Any], tokens: list[int], template: str, owner: str = "") -> bool:
        """Save ``cache`` (holding ``tokens``); older saves whose tokens it extends go. A
        full disk or an unwritable folder is logged and leaves nothing behind."""
        if len(tokens) < MIN_TOKENS:
            return False
        digest = _tokens_digest(tokens)
        name = hashlib.sha256(f"{self.identity}{template}{digest}".encode()).hexdigest()[:40]
        file = f"{name}.safetensors"
        path = self.root / file
        part = self.root / f"{name}.part.safetensors"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            save_prompt_cache(str(part), compact(cache), {
                "format": CACHE_FORMAT, "model": self.identity, "template": template,
                "tokens": digest, "n": str(len(tokens)),
            })
            os.replace(part, path)
            size = path.stat().st_size
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning("could not save the prompt cache (%s); it will be read again", exc)
            with contextlib.suppress(OSError):
                part.unlink()
            return False
        blob = np.asarray(tokens, dtype=np.int32).tobytes()
        try:
            with self._index() as conn:
                conn.execute("INSERT OR REPLACE INTO caches VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (file, self.identity, template, len(tokens), blob, size,
                              time.time(), owner))
                mine = np.asarray(tokens, dtype=np.int32)
                for other, other_blob in conn.execute(
                        "SELECT file, tokens FROM caches WHERE model = ? AND template = ? "
                        "AND file != ? AND n < ?",
                        (self.identity, template, file, len(tokens))).fetchall():
                    theirs = np.frombuffer(other_blob, dtype=np.int32)
                    if _common_prefix(theirs, mine) == theirs.size:  # this one covers it
                        self._forget(conn, other)
                self._evict(conn)
        except (OSError, sqlite3.Error) as exc:
            log.warning("could not index the prompt cache (%s)", exc)
            with contextlib.suppress(OSError):
                path.unlink()
            return False
        return True

    def _evict(self, conn: sqlite3.Connection) -> None:
        """Least recently used first, until the folder is within its cap; and the part-files
        of saves that a quitting process left unfinished."""
        stale = time.time() - 3600
        for part in self.root.glob("*.part.safetensors"):
            with contextlib.suppress(OSError):
                if part.stat().st_mtime < stale:
                    part.unlink()
        rows = conn.execute("SELECT file, size FROM caches ORDER BY used DESC").fetchall()
        total = 0
        for file, size in rows:
            total += int(size)
            if total > self.cap_bytes:
                log.info("dropped the saved prompt cache %s to stay within %d bytes",
                         file, self.cap_bytes)
                self._forget(conn, file)

    def forget(self, owner: str) -> int:
        """Delete every saved cache of ``owner`` (a deleted conversation); how many."""
        with self._index() as conn:
            files = [f for (f,) in conn.execute("SELECT file FROM caches WHERE owner = ?",
                                                (owner,)).fetchall()]
            for file in files:
                self._forget(conn, file)
        return len(files)

    def total_bytes(self) -> int:
        with self._index() as conn:
            return int(conn.execute("SELECT COALESCE(SUM(size), 0) FROM caches").fetchone()[0])
