"""What a stored reference is keyed by: the model's bytes, every file of them."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from inference.eval.reference_cache import model_digest


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
