"""inference/files.py: every file Orchard writes for itself is whole or absent, and a full disk
is one sentence with no temp file left behind (issue 30, item 4)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import BinaryIO

import pytest

from inference.errors import OrchardError
from inference.files import DiskFullError, write_atomically


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_write_is_whole_and_keeps_the_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "a.json"
    write_atomically(target, "één", what="x")
    assert target.read_text(encoding="utf-8") == "één"
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
    target.chmod(0o600)
    write_atomically(target, b"\x00\x01", what="x")
    assert target.read_bytes() == b"\x00\x01" and target.stat().st_mode & 0o777 == 0o600
    assert os.listdir(target.parent) == ["a.json"]


@pytest.mark.parametrize("where", ["write", "replace"])
def test_a_full_disk_is_one_sentence_the_old_file_stays_and_no_temp_is_left(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old", encoding="utf-8")

    def write(f: BinaryIO) -> None:
        f.write(b"half of it")
        _full()

    if where == "replace":
        monkeypatch.setattr(os, "replace", _full)
    with pytest.raises(DiskFullError) as caught:
        write_atomically(target, write if where == "write" else "new", what="its settings")
    assert str(caught.value) == (f"The disk holding {tmp_path} is full, so Orchard could not "
                                 "save its settings; free some space and try again.")
    # an OrchardError for the front ends, still an OSError for callers that catch those
    assert isinstance(caught.value, OrchardError) and isinstance(caught.value, OSError)
    assert caught.value.errno == errno.ENOSPC and caught.value.strerror
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["settings.json"]


def test_another_failure_is_the_oserror_itself_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(PermissionError):
        write_atomically(tmp_path / "a.txt", "x", what="x")
    assert os.listdir(tmp_path) == []
