"""Writing a variant on a full disk: one sentence, and no half folder that would open as a model."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import mlx.core as mx
import pytest

from inference.errors import OrchardError
from inference.eval import quantize as quantize_module
from inference.eval.quantize import quantize
from inference.files import DiskFullError


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _sentence(out: Path, bits: int) -> str:
    return (f"The disk holding {out.parent} is full, so Orchard could not save the {bits}-bit "
            "variant; free some space and try again.")


def test_a_full_disk_part_way_leaves_no_folder_and_is_one_sentence(
        tiny_mlx_model: Callable[..., Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The weights were written, then the config found no room: the folder used to stay with
    its weights (and, a step later, a config.json: a model that opens)."""
    import mlx_lm.utils

    monkeypatch.setattr(mlx_lm.utils, "save_config", _full)
    out = tmp_path / "variants" / "q4"
    with pytest.raises(DiskFullError) as caught:
        quantize(tiny_mlx_model("llama"), out, bits=4)
    assert str(caught.value) == _sentence(out, 4)
    assert list(out.parent.iterdir()) == []  # no variant, no hidden half of one


def test_weights_mlx_cut_short_without_a_word_are_a_full_disk(
        tiny_mlx_model: Callable[..., Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """mx.save_safetensors returns quietly when its write fails; the file is checked."""
    real = mx.save_safetensors

    def cut_short(path: str, arrays: Any, **kwargs: Any) -> None:
        real(path, arrays, **kwargs)
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) // 2)

    monkeypatch.setattr(mx, "save_safetensors", cut_short)
    out = tmp_path / "q8"
    out.mkdir()  # an empty folder the user chose stays, empty
    with pytest.raises(DiskFullError) as caught:
        quantize(tiny_mlx_model("llama"), out, bits=8)
    assert str(caught.value) == _sentence(out, 8)
    assert [p.name for p in tmp_path.iterdir()] == ["q8"] and list(out.iterdir()) == []


def test_too_little_room_is_refused_before_writing(
        tiny_mlx_model: Callable[..., Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quantize_module.shutil, "disk_usage",
                        lambda path: SimpleNamespace(free=1000))
    with pytest.raises(OrchardError, match=r"^Not enough free space for the 4-bit variant: it "
                       r"needs .* and .* has 1 kB; free some space or choose another folder\.$"):
        quantize(tiny_mlx_model("llama"), tmp_path / "q4", bits=4)
    assert list(tmp_path.iterdir()) == []


def test_a_variant_takes_the_empty_folder_it_was_given(
        tiny_mlx_model: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "q4"
    out.mkdir()
    result = quantize(tiny_mlx_model("llama"), out, bits=4)
    assert result.folder == out and (out / "config.json").is_file()
    assert (out / "model.safetensors").is_file() and result.size_bytes > 0
    assert [p.name for p in tmp_path.iterdir()] == ["q4"]  # nothing hidden left beside it
