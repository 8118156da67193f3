"""The model library: models downloaded into Orchard's models folder, and local references.

The index is one JSON file, ``library.json`` in the models folder, not a manifest per model
folder: references to the user's own files live outside the models folder (nothing is copied),
a GGUF repo folder can hold several quants installed at different times, and listing must be a
single cheap read that works offline. Writes are atomic (a temp file, fsync, ``os.replace``)
under an advisory lock, so the app and the ``orchard`` command can both change it. An entry
whose files have gone (deleted by hand) is listed as missing, never silently dropped.

A download only becomes an entry after every file has passed its checksum (``downloads``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inference.errors import OrchardError
from inference.files import write_atomically
from inference.model.naming import NOMINAL_BPW
from inference.paths import models_dir

log = logging.getLogger(__name__)

INDEX_NAME = "library.json"
LOCK_NAME = ".library.lock"


class LibraryError(OrchardError):
    """The library could not be read or changed."""


@dataclass
class LibraryEntry:
    id: str  # owner/repo:QUANT (GGUF), owner/repo (MLX), local/NAME (a reference)
    kind: str  # "download" or "reference"
    format: str  # "gguf" or "mlx"
    quant: str
    path: str  # relative to the models folder for downloads; absolute for references
    size_bytes: int
    repo: str | None = None
    revision: str | None = None
    files: list[str] = field(default_factory=list)
    bits_per_weight: float | None = None
    added: str = ""

    @property
    def location(self) -> Path:
        p = Path(self.path)
        return p if self.kind == "reference" else models_dir() / p

    def exists(self) -> bool:
        return self.location.exists()

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "location": str(self.location), "missing": not self.exists()}


def index_path() -> Path:
    return models_dir() / INDEX_NAME


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """An advisory lock across processes (fcntl exists on macOS and Linux, our targets)."""
    folder = models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a target platform
        yield
        return
    with open(folder / LOCK_NAME, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _read() -> list[LibraryEntry]:
    path = index_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise LibraryError(
            f"The model library index {path} could not be read ({exc}); move it aside and add "
            "your models again."
        ) from exc
    known = set(LibraryEntry.__dataclass_fields__)
    out = []
    for item in data.get("models", []) if isinstance(data, dict) else []:
        if isinstance(item, dict) and {"id", "kind", "format", "path"} <= item.keys():
            out.append(LibraryEntry(**{k: v for k, v in item.items() if k in known}))
    return out


def write_json_atomic(path: Path, data: Any, *, what: str = "the model library") -> None:
    """Write JSON so a reader sees the old file or the new one, never half of one (through
    :func:`inference.files.write_atomically`: a full disk raises its ``DiskFullError``,
    saying it could not save ``what``)."""
    write_atomically(path, json.dumps(data, indent=1, ensure_ascii=False), what=what)


def _write(entries: list[LibraryEntry]) -> None:
    write_json_atomic(index_path(), {"version": 1, "models": [asdict(e) for e in entries]})


def entries() -> list[LibraryEntry]:
    """Every installed or referenced model; reads one local file, never the network."""
    return _read()


def get(entry_id: str) -> LibraryEntry:
    for e in _read():
        if e.id.lower() == entry_id.lower():
            return e
    raise LibraryError(f"No model {entry_id} in the library; `orchard models list` shows them.")


def add(entry: LibraryEntry) -> LibraryEntry:
    """Add ``entry`` (replacing one with the same id)."""
    if not entry.added:
        entry.added = datetime.now(UTC).isoformat(timespec="seconds")
    with _locked():
        current = [e for e in _read() if e.id.lower() != entry.id.lower()]
        _write([*current, entry])
    return entry


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return 0


def remove(entry_id: str) -> tuple[LibraryEntry, int]:
    """Forget a model; a download's files are deleted. Returns the entry and the bytes freed.

    A reference only leaves the library: the user's own files are never touched.
    """
    root = models_dir()
    with _locked():
        current = _read()
        entry = next((e for e in current if e.id.lower() == entry_id.lower()), None)
        if entry is None:
            raise LibraryError(
                f"No model {entry_id} in the library; `orchard models list` shows them."
            )
        freed = 0
        if entry.kind == "download":
            folder = root.joinpath(*(entry.repo or "").split("/"))
            targets = [entry.location] if entry.format == "mlx" else [
                folder.joinpath(*f.split("/")) for f in entry.files
            ]
            for target in targets:
                if not _inside(target, root) or target.resolve() == root.resolve():
                    raise LibraryError(f"{target} is outside the models folder; not deleting it.")
                freed += _size(target)
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                elif target.exists() or target.is_symlink():
                    target.unlink()
            for target in targets:
                _prune_empty(target.parent, root)
        _write([e for e in current if e is not entry])
    return entry, freed


def _prune_empty(folder: Path, root: Path) -> None:
    """Remove now-empty owner/repo folders, never the models folder itself."""
    while _inside(folder, root) and folder.resolve() != root.resolve():
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _local_id(name: str, taken: set[str]) -> str:
    base = "local/" + (re.sub(r"[^\w.-]+", "-", name).strip("-.") or "model")
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def add_reference(
    path: Path, *, name: str, format: str, quant: str, size_bytes: int
) -> LibraryEntry:
    """Record the user's own model at ``path`` (absolute) under a ``local/NAME`` id.

    Nothing is copied or checked here: ``load.add_local`` resolves and inspects the model first.
    Adding the same path twice returns the entry it already has.
    """
    with _locked():
        current = _read()
        for e in current:
            if e.kind == "reference" and Path(e.path) == path:
                return e
        entry = LibraryEntry(
            id=_local_id(name, {e.id.lower() for e in current}), kind="reference",
            format=format, quant=quant, path=str(path), size_bytes=size_bytes,
            files=[path.name], added=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        _write([*current, entry])
    return entry


def _precision(e: LibraryEntry) -> float:
    return e.bits_per_weight or NOMINAL_BPW.get(e.quant.upper(), 0.0)


def find_installed(spec: str) -> Path | None:
    """The path of an installed ``owner/repo`` or ``owner/repo:QUANT``, if there is one.

    ``REPO:QUANT`` picks that quant (case-insensitive). Plain ``REPO`` with several quants
    installed picks the highest precision (bits per weight; ties: the most recent), because
    that is the best answer the user already paid disk space for; if it will not fit in
    memory, loading says so with the numbers, and ``REPO:QUANT`` picks a smaller one.
    Entries whose files are gone are skipped.
    """
    repo, _, quant = spec.partition(":")
    try:
        found = [e for e in _read() if e.exists() and (
            (e.repo or "").lower() == repo.lower() or e.id.lower() == repo.lower())]
    except LibraryError:
        return None
    if quant:  # a quant, or the file name a repo with several files of one quant uses
        found = [e for e in found
                 if e.quant.lower() == quant.lower() or e.id.lower() == spec.lower()]
    if not found:
        return None
    best = max(found, key=lambda e: (_precision(e), e.added))
    return best.location
