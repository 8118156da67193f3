"""The library index: list, find, add a reference, remove (space freed), and the offline promise."""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from inference.hub.downloads import pull
from inference.model import library
from inference.model.library import LibraryEntry, LibraryError, find_installed
from inference.model.load import add_local
from inference.paths import models_dir
from tests.fixtures.fake_hub import GGUF_REPO, MLX_REPO, FakeHub


def fake_download(repo: str, quant: str, size: int = 10, added: str = "") -> LibraryEntry:
    rel = f"{repo}/m-{quant}.gguf"
    path = models_dir() / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    return library.add(LibraryEntry(
        id=f"{repo}:{quant}", kind="download", format="gguf", quant=quant, path=rel,
        size_bytes=size, repo=repo, revision="abc", files=[f"m-{quant}.gguf"], added=added))


def test_empty_library() -> None:
    assert library.entries() == []
    assert find_installed("owner/none") is None


def test_find_installed_rules() -> None:
    fake_download("o/r", "Q4_K_M", added="2025-01-02")
    fake_download("o/r", "Q8_0", added="2025-01-01")
    fake_download("o/r", "Q2_K", added="2025-01-03")
    assert find_installed("o/r:q4_k_m") == models_dir() / "o/r/m-Q4_K_M.gguf"
    assert find_installed("O/R:Q2_K") == models_dir() / "o/r/m-Q2_K.gguf"
    assert find_installed("o/r") == models_dir() / "o/r/m-Q8_0.gguf"  # highest precision
    assert find_installed("o/r:Q5_K_M") is None
    (models_dir() / "o/r/m-Q8_0.gguf").unlink()  # deleted by hand: skipped, listed as missing
    assert find_installed("o/r") == models_dir() / "o/r/m-Q4_K_M.gguf"
    missing = [e for e in library.entries() if not e.exists()]
    assert [e.id for e in missing] == ["o/r:Q8_0"] and missing[0].as_dict()["missing"]


def test_remove_frees_space_and_prunes_folders() -> None:
    fake_download("o/r", "Q4_0", size=1234)
    entry, freed = library.remove("o/r:q4_0")
    assert freed == 1234 and entry.id == "o/r:Q4_0"
    assert not (models_dir() / "o").exists() and models_dir().is_dir()
    assert library.entries() == []
    with pytest.raises(LibraryError, match="No model o/r:Q4_0 in the library"):
        library.remove("o/r:Q4_0")


def test_add_local_references_without_copying(tiny_gguf: Any, tmp_path: Path) -> None:
    src = tmp_path / "mine" / "my-model.gguf"
    src.parent.mkdir()
    shutil.copy(tiny_gguf("llama", "Q8_0"), src)
    entry = add_local(src)
    assert entry.kind == "reference" and entry.id == "local/my-model"
    assert entry.path == str(src.resolve()) and entry.quant == "Q8_0"
    assert not list(models_dir().rglob("*.gguf"))
    assert add_local(src).id == entry.id  # added twice: one entry
    assert find_installed("local/my-model") == src.resolve()
    _, freed = library.remove("local/my-model")
    assert freed == 0 and src.is_file()  # the user's file stays


def test_add_local_mlx_folder(tiny_mlx_model: Any) -> None:
    entry = add_local(tiny_mlx_model("llama"))
    assert entry.format == "mlx" and entry.kind == "reference"


def test_index_is_json_written_atomically() -> None:
    fake_download("o/r", "Q4_0")
    data = json.loads(library.index_path().read_text())
    assert data["version"] == 1 and data["models"][0]["id"] == "o/r:Q4_0"
    assert not [p for p in models_dir().iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_keeps_the_index_and_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index goes through the one helper (inference.files): the old index stays whole, no
    temp file is left, and the error is the helper's sentence."""
    import errno

    from inference.files import DiskFullError

    fake_download("o/r", "Q4_0")
    before = library.index_path().read_bytes()

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(DiskFullError) as caught:
        fake_download("o/s", "Q8_0")
    assert str(caught.value) == (
        f"The disk holding {models_dir()} is full, so Orchard could not save the model "
        "library; free some space and try again.")
    assert library.index_path().read_bytes() == before
    assert not [p for p in models_dir().iterdir() if p.name.endswith(".tmp")]


def test_damaged_index_is_one_sentence() -> None:
    models_dir().mkdir(parents=True)
    library.index_path().write_text("{not json")
    with pytest.raises(LibraryError, match="could not be read"):
        library.entries()
    assert find_installed("o/r") is None  # sources fall back to their own message


def test_models_dir_is_configurable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ORCHARD_MODELS_DIR", str(tmp_path / "elsewhere"))
    fake_download("o/r", "Q4_0")
    assert (tmp_path / "elsewhere" / "library.json").is_file()


def test_pull_then_remove_mlx(hub: FakeHub) -> None:
    entry = pull(MLX_REPO)
    size = sum(p.stat().st_size for p in entry.location.iterdir())
    _, freed = library.remove(MLX_REPO)
    assert freed == size and not entry.location.exists()


def _block_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network blocked by the offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_chat_runs_with_the_network_blocked(hub: FakeHub,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from inference.model.load import load_model
    from inference.session import ChatSession
    from inference.types import SamplingSettings

    pull(GGUF_REPO, quant="Q8_0")
    hub.stop()
    # As a user would run it: no special offline variables, the Hub reachable in principle.
    monkeypatch.delenv("HF_ENDPOINT")
    attempts = _block_network(monkeypatch)
    assert [e.id for e in library.entries()] == ["owner/tiny:Q8_0"]
    loaded = load_model("owner/tiny:Q8_0")
    session = ChatSession(loaded, settings=SamplingSettings(max_tokens=3, seed=0))
    chunks = list(session.send("hi"))
    assert chunks and chunks[-1].generation_tokens >= 1
    assert attempts == []
    assert os.environ.get("HF_HUB_OFFLINE") is None
