"""What a stored reference is keyed by: the model's bytes, every file of them."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from inference.eval.quality import Reference
from inference.eval.reference_cache import model_digest, save
from inference.files import DiskFullError


def test_a_split_gguf_is_identified_by_every_part(
    tiny_gguf: Callable[..., Path], tmp_path: Path
) -> None:
    first = Path(tiny_gguf("llama", "Q8_0", split=2))
    for part in first.parent.glob("*.gguf"):
        shutil.copy(part, tmp_path / part.name)
    copy = tmp_path / first.name
    before = model_digest(copy)
    second = next(p for p in tmp_path.glob("*.gguf") if p != copy)
    data = bytearray(second.read_bytes())
    data[-1] ^= 0xFF  # another second half of the model, the same first file
    second.write_bytes(bytes(data))
    assert model_digest(copy) != before
    # a single file is its own SHA-256, the figure the Hub lists for it
    single = Path(tiny_gguf("llama", "Q8_0"))
    assert model_digest(single) == hashlib.sha256(single.read_bytes()).hexdigest()


def test_a_full_disk_leaves_no_part_file_and_the_stored_scores_as_they_were(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It used to leave a 3 MB ``.npz.part`` that kept the disk full (issue 30, items 4-5)."""
    ref = Reference(ids=list(range(8)), window=4, top_ids=np.zeros((4, 2), np.int32),
                    top_logp=np.zeros((4, 2), np.float32), nll=np.ones(4, np.float32))
    path = tmp_path / "ref.npz"
    save(ref, path, model="m", text="t", k=2)
    before = path.read_bytes()
    real = np.savez

    def full(f: Any, **arrays: Any) -> None:
        real(f, **arrays)  # most of it written, then no room for the rest
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(np, "savez", full)
    with pytest.raises(DiskFullError, match="could not save the reference model's scores"):
        save(ref, path, model="m", text="t", k=3)
    assert os.listdir(tmp_path) == ["ref.npz"] and path.read_bytes() == before


def test_a_digest_not_kept_on_a_full_disk_is_only_computed_again(
        tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """digests.json goes through the one helper: a full disk leaves the index as it was (no
    half-written file, no temp file) and the digest is still returned, not raised."""
    from inference.eval.reference_cache import references_dir

    first, second = Path(tiny_gguf("llama", "Q8_0")), Path(tiny_gguf("llama", "Q4_0"))
    model_digest(first)
    index = references_dir() / "digests.json"
    before = index.read_bytes()

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    assert model_digest(second) == hashlib.sha256(second.read_bytes()).hexdigest()
    assert index.read_bytes() == before
    assert sorted(p.name for p in references_dir().iterdir()) == ["digests.json"]
