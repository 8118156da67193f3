"""Writing Orchard's own files: atomically, and a full disk as one sentence.

Every file the app writes for itself (settings, per-model templates, the reference scores
of a comparison, exported tables) goes through :func:`write_atomically`: the bytes go to a
temp file beside the target, are flushed to disk, and take the target's name in one
``os.replace``. A reader sees the old file or the new one, never half of one; a write that
fails removes its temp file, so a full disk is not kept full by what could not be written.

A full disk (``ENOSPC``, or a quota: ``EDQUOT``) is raised as :class:`DiskFullError`: an
``OrchardError`` whose text is one sentence for the user, and still an ``OSError`` for
callers that treat every failed write alike.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from inference.errors import OrchardError

#: The errors that mean "no room": a full disk, or the user's quota on it.
FULL = (errno.ENOSPC, errno.EDQUOT)


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL


class DiskFullError(OrchardError, OSError):
    """A write the disk had no room for. ``str()`` is the sentence the user sees; ``errno``,
    ``strerror`` and ``filename`` are the failed write's."""

    def __init__(self, path: str | os.PathLike[str], what: str) -> None:
        OSError.__init__(self, errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(path))
        self.sentence = disk_full_sentence(path, what)

    def __str__(self) -> str:
        return self.sentence


def disk_full_sentence(path: str | os.PathLike[str], what: str) -> str:
    """``what``: the thing not saved, as it reads after "could not save" ("its settings")."""
    return (f"The disk holding {Path(path).parent} is full, so Orchard could not save {what}; "
            "free some space and try again.")


def _mode(target: Path) -> int:
    """The target's permissions, or what a plain ``open(path, "w")`` gives under the usual
    umask (reading the umask means setting it, which is not thread-safe)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o644


Writer = Callable[[BinaryIO], object]


def write_atomically(path: str | os.PathLike[str], data: str | bytes | Writer, *,
                     what: str) -> None:
    """Write ``data`` (text as UTF-8, bytes, or a function that writes into the open binary
    file) to ``path``: whole or not at all, with no temp file left behind either way.

    Raises :class:`DiskFullError` (saying it could not save ``what``) on a full disk, and the
    ``OSError`` itself on any other failure; the file at ``path`` is then as it was.
    """
    target = Path(path)
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fd, _mode(target))  # mkstemp's 0600 would make a new file private
            if isinstance(data, str):
                fh.write(data.encode("utf-8"))
            elif isinstance(data, bytes):
                fh.write(data)
            else:
                data(fh)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before it takes the final name
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        if is_disk_full(exc) and not isinstance(exc, DiskFullError):
            raise DiskFullError(target, what) from exc
        raise
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
