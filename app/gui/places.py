"""Where file dialogs start: the user's Documents and Downloads, never the working folder.

A double-clicked app's working folder is ``/`` (or wherever a terminal was), which is never
where a user keeps models or wants an export; Qt's standard locations give the real folders
on a Mac and on Linux alike.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def _place(kind: QStandardPaths.StandardLocation) -> Path:
    """The folder, or the home folder where it does not exist (a Linux desktop without
    a Documents folder): a dialog would open a level up with the name typed in for the user."""
    found = QStandardPaths.writableLocation(kind)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def documents(name: str = "") -> str:
    """The Documents folder, or a suggested file ``name`` in it."""
    folder = _place(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(folder / name) if name else str(folder)


def downloads() -> str:
    """The Downloads folder: where a model fetched with a browser lands."""
    return str(_place(QStandardPaths.StandardLocation.DownloadLocation))
