"""The reference's scores kept on disk, so comparing the next quant against it does not run it
again (for a 7B at 8 bits that is minutes of work and 8 GB of memory saved per comparison).

A stored reference is keyed by the model's own bytes (the SHA-256 of its GGUF file, or of its
MLX folder's weight and config files), the text's SHA-256, the window and ``k``: a different
file, text or setting never matches. Hashing a model of several GB takes a while, so each
file's digest is remembered against its path, size and modification time.

The files live in Orchard's cache folder (``references/``), not beside the model: a model may
sit in a read-only place (the starter inside the app bundle, a shared disk), and the cache
folder is where the platform expects data that can be made again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import BinaryIO

import numpy as np

from inference.errors import OrchardError
from inference.eval.quality import Reference
from inference.files import write_atomically
from inference.paths import cache_dir

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the stored arrays change meaning
_CHUNK = 1 << 22


def references_dir() -> Path:
    return cache_dir() / "references"


def _model_files(path: Path) -> list[Path]:
    if path.is_file():  # a split GGUF is every part, not its first file alone
        from inference.model.sources import split_paths

        return [p for p in split_paths(path) if p.is_file()]
    found = sorted(p for p in path.iterdir() if p.is_file()
                   and p.suffix in (".safetensors", ".json", ".gguf", ".jinja", ".model"))
    if not found:
        raise OrchardError(f"{path} holds no model files to identify it by.")
    return found


def _file_digest(path: Path, known: dict[str, str]) -> str:
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    if key not in known:
        digest = hashlib.sha256()
        with path.open("rb") as f:
            while block := f.read(_CHUNK):
                digest.update(block)
        known[key] = digest.hexdigest()
    return known[key]


def model_digest(model_path: str | os.PathLike[str]) -> str:
    """The SHA-256 of the model's bytes (of each file's digest, for a folder or a split GGUF),
    remembered."""
    index = references_dir() / "digests.json"
    try:
        known: dict[str, str] = json.loads(index.read_text())
    except (OSError, ValueError):
        known = {}
    path = Path(model_path)
    files = _model_files(path)
    parts = [f"{p.name}:{_file_digest(p, known)}" for p in files]
    try:  # whole or not at all: a half-written index would be read as no index
        write_atomically(index, json.dumps(known), what="the model digests")
    except OSError as exc:  # a full disk too: a digest not kept is only computed again
        log.info("could not remember model digests: %s", exc)
    if len(parts) == 1 and path.is_file():  # one file: its own SHA-256, as the Hub lists it
        return parts[0].split(":", 1)[1]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_path(model: str, text: str, window: int, k: int) -> Path:
    return references_dir() / f"ref-{model[:16]}-{text[:16]}-w{window}-k{k}.npz"


def save(reference: Reference, path: Path, *, model: str, text: str, k: int) -> None:
    """Write ``reference`` to ``path`` (atomically: a crash never leaves half a file, and a
    failed write no temp file; a full disk raises :class:`DiskFullError`). ``k`` is the
    number asked for: a vocabulary smaller than it keeps every token."""
    meta = json.dumps({"format": FORMAT, "model": model, "text": text,
                       "window": reference.window, "k": k})

    def write(f: BinaryIO) -> None:
        np.savez(f, ids=np.asarray(reference.ids, dtype=np.int32), top_ids=reference.top_ids,
                 top_logp=reference.top_logp, nll=reference.nll, meta=np.array(meta))

    write_atomically(path, write, what="the reference model's scores")


def load(path: Path, *, model: str, text: str, window: int, k: int) -> Reference | None:
    """The stored reference, or None when there is none that matches (or it is damaged)."""
    if not path.is_file():
        return None
    try:
        with np.load(path) as data:
            meta = json.loads(str(data["meta"]))
            if meta != {"format": FORMAT, "model": model, "text": text, "window": window,
                        "k": k}:
                return None
            top_ids, top_logp, nll = data["top_ids"], data["top_logp"], data["nll"]
            ids = [int(i) for i in data["ids"]]
    except Exception as exc:  # noqa: BLE001 - truncated or flipped bytes raise all kinds
        # (EOFError, zipfile.BadZipFile, ValueError…): scored afresh, and the file replaced
        log.warning("removing the damaged stored reference %s: %s", path, exc)
        path.unlink(missing_ok=True)
        return None
    if not (top_ids.shape == top_logp.shape and top_ids.shape[0] == nll.shape[0]):
        return None
    return Reference(ids, window, top_ids, top_logp, nll)


__all__ = ["cache_path", "load", "model_digest", "references_dir", "save", "text_digest"]
